"""The Datasette plugin of ``kkrparse serve``: open a meeting's archived PDF from its row.

- a route, ``/-/pdf/<sha256>.pdf``, that serves the archived copy of one document: the path
  comes from the ``meetings`` row, and only a file inside the archive's ``pdf/`` store is
  served (a row pointing elsewhere, ``../`` or a link out of it, gives 404);
- ``render_cell``: a ``pdf_path`` cell becomes a link to that route, and a view's
  ``meeting_title`` a link to the meeting's row, a canned query's ``item_id`` a link to
  the item's row;
- ``prepare_connection``: the SQL function ``kkr_search(q)`` the ``search`` query calls:
  the items ``kkrparse search`` finds (:func:`kkrparse.archive.search.search`), so the two
  read what a person types the same way.

:func:`make_datasette` builds the Datasette instance ``serve`` runs, with this plugin and
the metadata of :mod:`kkrparse.archive.datasette`. Importing this module imports Datasette,
an optional extra (``pip install 'kkrparse[archive]'``).
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
from pathlib import Path
from typing import Any, Final
from urllib.parse import quote

import sqlite_utils
from datasette import hookimpl
from datasette.app import Datasette
from datasette.plugins import pm
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from kkrparse.archive import DATABASE
from kkrparse.archive.datasette import DATABASE_NAME, PLUGIN, SEARCH_FUNCTION, metadata
from kkrparse.archive.search import HIT_END, HIT_START, search

#: A document's identity as it appears in a URL and in its archived file's name.
_SHA256: Final = re.compile(r"[0-9a-f]{64}")
#: Items the search query lists at most (a Datasette page shows up to 1,000 rows).
SEARCH_LIMIT: Final = 200
#: The folder of the archive that holds the PDF copies (kkrparse.archive.store's layout).
PDF_STORE: Final = "pdf"


def pdf_url(datasette: Any, sha256: str) -> str:
    """Where the route serves the archived PDF of document ``sha256``."""
    return str(datasette.urls.path(f"/-/pdf/{sha256}.pdf"))


def safe_pdf(archive_dir: Path, stored: str) -> Path | None:
    """The file ``stored`` (relative to the archive) names, if it is a file in the PDF store."""
    store = (archive_dir / PDF_STORE).resolve()
    try:
        path = (archive_dir / stored).resolve(strict=True)
    except (OSError, RuntimeError):  # missing, or a symlink loop
        return None
    if not path.is_relative_to(store) or not path.is_file():
        return None
    return path


async def serve_pdf(request: Any, datasette: Any) -> Any:
    sha256 = request.url_vars["sha256"]
    config = datasette.plugin_config(PLUGIN) or {}
    if "archive" not in config:  # a Datasette not started by serve: no archive to serve from
        return Response.text("no archive configured", status=404)
    archive_dir = Path(config["archive"])
    result = await datasette.get_database(DATABASE_NAME).execute(
        "SELECT pdf_path, filename FROM meetings WHERE sha256 = ?", [sha256]
    )
    row = result.first()
    path = None if row is None else safe_pdf(archive_dir, row["pdf_path"])
    if path is None:
        return Response.text("no archived PDF for this document", status=404)
    return Response(
        path.read_bytes(),
        content_type="application/pdf",
        headers={"content-disposition": content_disposition(row["filename"] or f"{sha256}.pdf")},
    )


def content_disposition(filename: str) -> str:
    """``inline`` with the source's file name: ASCII for old clients, UTF-8 (RFC 6266) for
    the rest; a quote, a backslash or a control character cannot end the header early."""
    ascii_name = re.sub(r"[^A-Za-z0-9 ._()-]", "_", filename)
    return f"inline; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


@hookimpl  # type: ignore[untyped-decorator]  # Datasette is untyped
def prepare_connection(conn: sqlite3.Connection, database: str, datasette: Any) -> None:
    # The canned search reads what a person types as `kkrparse search` does, by running it.
    if database != DATABASE_NAME:
        return
    path = Path(datasette.get_database(database).path)
    conn.create_function(SEARCH_FUNCTION, 1, lambda q: search_json(path, q))


def search_json(database: Path, query: object) -> str:
    """The items :func:`kkrparse.archive.search.search` finds for ``query`` in the database
    at ``database``, best first: a JSON array of ``{"id", "snippet"}`` (words found in
    [brackets]). Read on a connection of its own, read-only, so the query that calls this
    goes on undisturbed."""
    if not isinstance(query, str) or not query.strip():
        return "[]"
    conn = sqlite3.connect(database.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        hits = search(sqlite_utils.Database(conn), query, limit=SEARCH_LIMIT)
    finally:
        conn.close()
    marks = str.maketrans({HIT_START: "[", HIT_END: "]"})
    return json.dumps(
        [{"id": hit.item_id, "snippet": hit.snippet.translate(marks)} for hit in hits],
        ensure_ascii=False,
    )


@hookimpl  # type: ignore[untyped-decorator]
def register_routes(datasette: Any) -> list[tuple[str, Any]]:
    return [(r"^/-/pdf/(?P<sha256>[0-9a-f]{64})\.pdf$", serve_pdf)]


@hookimpl  # type: ignore[untyped-decorator]
def render_cell(
    row: Any, value: Any, column: str, table: Any, database: Any, datasette: Any
) -> Markup | None:
    if column == "meeting_title" and isinstance(value, str):
        return _meeting_link(row, value, datasette)
    if column == "item_id" and table is None and isinstance(value, int):
        # A canned query's item: a link to its row (a table's item_id is a foreign key
        # Datasette links by itself).
        href = datasette.urls.row(DATABASE_NAME, "items", str(value))
        return Markup('<a href="{}">{}</a>').format(href, value)
    if column != "pdf_path" or not isinstance(value, str):
        return None
    # The archived file is named by the document's SHA-256 (pdf/ab/ab….pdf).
    sha256 = Path(value).stem
    if not _SHA256.fullmatch(sha256):
        return None
    return Markup('<a href="{}">PDF</a>').format(escape(pdf_url(datasette, sha256)))


def _meeting_link(row: Any, title: str, datasette: Any) -> Markup | None:
    """A view's ``meeting_title`` as a link to the meeting's row (a view has no foreign
    keys for Datasette to follow)."""
    try:
        sha256 = row["meeting_sha256"]
    except (KeyError, IndexError):
        return None
    if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
        return None
    href = datasette.urls.row(DATABASE_NAME, "meetings", sha256)
    return Markup('<a href="{}">{}</a>').format(href, title)


def register() -> None:
    """Add this plugin to Datasette's plugin manager (once per process)."""
    module = sys.modules[__name__]
    if not pm.is_registered(module):
        pm.register(module, name=PLUGIN)


def make_datasette(archive_dir: Path) -> Any:
    """A Datasette over the archive in ``archive_dir``, with its metadata and this plugin."""
    register()
    database = archive_dir / DATABASE
    return Datasette(
        files=[str(database)],
        metadata=metadata(database, archive_dir),
        settings={"default_page_size": 50},
    )

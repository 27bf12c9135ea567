"""The archive's SQLite database: schema, one transaction per document, search and export.

Every SQL statement of the archive is here; :mod:`kkrparse.archive.store` calls these
functions and gets typed rows back (:class:`FileRow`, :class:`MeetingRow`,
:class:`FailureRow`, …), never tuples.

Built with sqlite-utils, so the schema is declared as tables and columns, not hand-written
SQL, and the result is browsable as is with Datasette (``datasette archive.sqlite``): the
full-text indexes are FTS5 tables tied to their content tables (``items_fts`` to
``items``, ``sections_fts`` to ``sections``), which Datasette finds by itself.

Tables (``meetings.sha256`` is the document's identity: SHA-256 of the PDF bytes):

- ``meetings``: one row per archived document (agenda or minutes), with where its PDF copy
  and JSON live in the archive and which parser version wrote them;
- ``items``, ``sections``, ``attachments``, ``links``, ``attendance``, ``warnings``: the
  document's content, each row carrying ``meeting_sha256`` (and ``item_id`` below items).
  Item ids come from the document's SHA-256, the item's number and which printing of it
  it is; the rows under an item from its id and their position (:mod:`.schema`), so
  parsing a document again gives it the same ids, and a link to an item keeps working;
- ``item_texts``: each item's heading, sections and decision, one row each, under the
  one full-text index search uses (``item_texts_fts``);
- ``items_view``: each item with its meeting's council, date, title and files;
- ``files``: every source path seen and the document it holds (many paths may hold one
  document: a duplicate is a path whose bytes were already archived);
- ``failures``: documents (or unreadable paths) that gave no agenda, with their outcome;
  ``quarantined`` marks those that hung or crashed a worker.

Full-text search uses SQLite's ``unicode61`` tokenizer with ``remove_diacritics 0``: case
is folded (``sosu`` finds ``SOSU``), hyphens split words (``SOSU`` finds
``SOSU-uddannelserne``), and æ, ø and å stay letters of their own (with diacritics removed,
``å`` would fold to ``a`` and ``Århus`` would match ``arhus``). A word matches whole words
only; ``forhandling*`` is the prefix query that also finds ``Forhandlingsproces``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import sqlite_utils

from kkrparse.archive import EXPORT_TABLES, politics
from kkrparse.archive.filters import Filters
from kkrparse.archive.migrate import migrate
from kkrparse.archive.schema import SCHEMA_VERSION, child_id, item_id, meeting_title
from kkrparse.archive.schema import TABLES as _TABLES
from kkrparse.archive.schema import create_table as _create_table
from kkrparse.archive.schema import table as _table
from kkrparse.archive.search import HIT_END as HIT_END  # re-exported: callers import them here
from kkrparse.archive.search import HIT_START as HIT_START
from kkrparse.archive.search import Hit as Hit
from kkrparse.archive.search import fts_query as fts_query
from kkrparse.archive.search import search as _search
from kkrparse.cases import case_key
from kkrparse.models import Agenda, Item

#: FTS5 tokenizer: case-folded Unicode words, æøå kept as they are (see module docstring).
TOKENIZE: Final = "unicode61 remove_diacritics 0"


_CONTENT_TABLES: Final = (
    "item_texts",
    "sections",
    "attachments",
    "links",
    "attendance",
    "warnings",
    "items",
)


class DatabaseUnusableError(Exception):
    """The database file cannot be opened, is not a database, or fails its integrity check."""


def open_db(path: Path) -> sqlite_utils.Database:
    """Open (creating if needed) the archive database in WAL mode, with the schema in place.

    Raises :class:`DatabaseUnusableError` when the file is not a usable SQLite database.
    """
    db: sqlite_utils.Database | None = None
    try:
        db = sqlite_utils.Database(path)
        check = db.execute("PRAGMA quick_check").fetchone()
        if check is None or check[0] != "ok":
            raise DatabaseUnusableError(f"{path}: integrity check failed ({check})")
        db.enable_wal()
        db.execute("PRAGMA foreign_keys = ON")
        # WAL with synchronous=FULL: a committed transaction survives power loss, which is
        # what lets the archive call a document done once its row is committed.
        db.execute("PRAGMA synchronous = FULL")
        ensure_schema(db)
    except BaseException as exc:
        # Close what was opened on every failure (a full disk while the schema or a
        # migration is written, too): an open handle keeps the file and its WAL busy.
        if db is not None:
            db.close()
        if isinstance(exc, sqlite3.DatabaseError):
            raise DatabaseUnusableError(f"{path}: {exc}") from exc
        raise
    return db


#: Single-column indexes, in the order they are created.
_INDEXES: Final = (
    ("meetings", "body"),
    ("meetings", "date"),
    ("meetings", "document_type"),
    ("items", "meeting_sha256"),
    ("items", "kind"),
    ("items", "case_number"),
    ("items", "case_key"),
    ("items", "parent_id"),
    ("item_texts", "item_id"),
    ("sections", "item_id"),
    ("sections", "meeting_sha256"),
    ("attachments", "item_id"),
    ("links", "item_id"),
    ("attendance", "meeting_sha256"),
    ("warnings", "meeting_sha256"),
    ("files", "sha256"),
    ("failures", "outcome"),
)

#: Full-text indexes: the table and its indexed columns. ``item_texts_fts`` is the one
#: search uses; the other two give Datasette's items and sections pages a search box.
_FTS: Final = (
    ("items", ("heading", "title")),
    ("sections", ("heading", "text")),
    ("item_texts", ("text",)),
)

#: One row per item with its meeting's fields, for Datasette and for exports.
_ITEMS_VIEW: Final = """
    SELECT i.id, i.meeting_sha256, m.title AS meeting_title, m.body AS council, m.date,
           substr(m.date, 1, 4) AS year, m.document_type, i.number, i.heading, i.kind,
           i.title, i.case_number, i.case_key, i.page_start, i.page_end, i.closed,
           i.decision_outcome, m.filename, m.pdf_path
    FROM items i JOIN meetings m ON m.sha256 = i.meeting_sha256
"""


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create missing tables, indexes and full-text indexes; a no-op on a current database."""
    # Every step is idempotent, so a run killed while creating the schema is completed by
    # the next one. (enable_fts runs a script, which cannot sit inside a transaction.)
    migrate(db)
    for spec in _TABLES:
        _create_table(db, spec)
    for table, column in _INDEXES:
        _table(db, table).create_index([column], if_not_exists=True)
    # Triggers keep each index in step with its table inside the document's transaction.
    for name, columns in _FTS:
        if not _fts_current(db, name, columns):
            _table(db, name).enable_fts(
                list(columns), tokenize=TOKENIZE, create_triggers=True, replace=True
            )
    if "items_view" not in db.view_names():
        db.create_view("items_view", _ITEMS_VIEW)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    politics.ensure_schema(db)  # the case_appearances view


def _fts_current(db: sqlite_utils.Database, name: str, columns: tuple[str, ...]) -> bool:
    """Does ``name`` have its full-text index, with its triggers? (Rebuilding one on every
    open would cost a pass over the archive's text.)"""
    fts = f"{name}_fts"
    if fts not in db.table_names() or _table(db, name).detect_fts() != fts:
        return False
    triggers = {t.name for t in _table(db, name).triggers}
    return {f"{name}_ai", f"{name}_ad", f"{name}_au"} <= triggers and all(
        c in _table(db, fts).columns_dict for c in columns
    )


# --- writing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredPaths:
    """Where a document's files live, relative to the archive root."""

    pdf: str
    json: str


def delete_meeting(db: sqlite_utils.Database, sha256: str) -> None:
    """Remove a document and everything that hangs off it (the FTS triggers follow)."""
    for name in _CONTENT_TABLES:
        db.execute(f"DELETE FROM [{name}] WHERE meeting_sha256 = ?", [sha256])
    db.execute("DELETE FROM meetings WHERE sha256 = ?", [sha256])


def put_meeting(
    db: sqlite_utils.Database, agenda: Agenda, stored: StoredPaths, archived_at: str
) -> None:
    """Replace the rows of one document with ``agenda``. Call inside ``db.atomic()``."""
    sha = agenda.source.sha256
    delete_meeting(db, sha)
    _table(db, "meetings").insert(_meeting_row(agenda, stored, archived_at))
    ids = item_ids(sha, agenda.items)
    first: dict[str, int] = {}
    for item, id_ in zip(agenda.items, ids, strict=True):
        first.setdefault(item.number, id_)
    rows = [_item_row(sha, n, item, ids[n]) for n, item in enumerate(agenda.items)]
    # Parents are linked once every item is in: a sub-item printed before its parent (or
    # under a parent that is not printed) must not trip the foreign key.
    _table(db, "items").insert_all(rows)
    db.conn.executemany(
        "UPDATE items SET parent_id = ? WHERE id = ?",
        [
            (first[item.parent], ids[n])
            for n, item in enumerate(agenda.items)
            if item.parent is not None and first.get(item.parent, ids[n]) != ids[n]
        ],
    )
    children: dict[str, list[dict[str, Any]]] = {
        "sections": [],
        "attachments": [],
        "links": [],
        "item_texts": [],
    }
    for item, id_ in zip(agenda.items, ids, strict=True):
        for name, child_rows in _item_children(sha, id_, item).items():
            children[name].extend(child_rows)
    for name, child_rows in children.items():
        _table(db, name).insert_all(child_rows)
    _table(db, "attendance").insert_all(
        {"meeting_sha256": sha, "position": n, **a.model_dump(include=set(_ATTENDEE_FIELDS))}
        for n, a in enumerate(agenda.meeting.attendance)
    )
    _table(db, "warnings").insert_all(
        {"meeting_sha256": sha, **w.model_dump(include=set(_WARNING_FIELDS))}
        for w in agenda.warnings
    )


def item_ids(sha256: str, items: Sequence[Item]) -> list[int]:
    """The ids of a document's items, in order (see :func:`item_id`)."""
    seen: dict[str, int] = {}
    ids = []
    for item in items:
        occurrence = seen.get(item.number, 0)
        seen[item.number] = occurrence + 1
        ids.append(item_id(sha256, item.number, occurrence))
    return ids


def _meeting_row(agenda: Agenda, stored: StoredPaths, archived_at: str) -> dict[str, Any]:
    meeting = agenda.meeting
    iso = meeting.date.isoformat() if meeting.date else None
    return {
        "sha256": agenda.source.sha256,
        "body": meeting.body,
        "date": iso,
        "document_type": meeting.document_type,
        "title": meeting_title(meeting.body, iso, meeting.document_type),
        "start_time": meeting.start_time,
        "end_time": meeting.end_time,
        "location": meeting.location,
        "filename": agenda.source.filename,
        "page_count": agenda.source.page_count,
        "item_count": len(agenda.items),
        "warning_count": len(agenda.warnings),
        "engine": agenda.source.engine,
        "parser_version": agenda.source.parser_version,
        "schema_version": agenda.schema_version,
        "pdf_path": stored.pdf,
        "json_path": stored.json,
        "archived_at": archived_at,
    }


def _json_list(values: Sequence[Any]) -> str:
    return json.dumps(
        [v.model_dump(mode="json") if hasattr(v, "model_dump") else v for v in values],
        ensure_ascii=False,
    )


def outcome_class(item: Item) -> str | None:
    """The class of the item's decision outcome (``"approved"``, …), or ``None``.

    """
    return None if item.decision_outcome is None else item.decision_outcome.class_


def _item_row(sha: str, position: int, item: Item, id_: int) -> dict[str, Any]:
    return {
        "id": id_,
        "meeting_sha256": sha,
        "position": position,
        "number": item.number,
        "level": item.level,
        "parent": item.parent,
        "parent_id": None,
        "heading": item.heading,
        "kind": item.kind,
        "title": item.title,
        "closed": int(bool(getattr(item, "closed", False))),
        "case_number": item.case_number,
        "case_key": case_key(item.case_number),
        "case_officer": item.case_officer,
        "document_number": getattr(item, "document_number", None),
        "page_start": item.page_start,
        "page_end": item.page_end,
        "decision": item.decision,
        "decision_outcome": outcome_class(item),
        "recommendations": json.dumps(item.recommendations, ensure_ascii=False),
        "decision_history": _json_list(getattr(item, "decision_history", [])),
        "attachment_refs": _json_list(getattr(item, "attachment_refs", [])),
        "sub_points": _json_list(getattr(item, "sub_points", [])),
    }


def _texts(item: Item) -> list[tuple[str, str | None, str]]:
    """(source, section key, text) of what search looks in: heading, sections, decision."""
    texts: list[tuple[str, str | None, str]] = [("heading", None, item.heading)]
    texts.extend(("section", s.key, s.text) for s in item.sections if s.text)
    if item.decision:
        texts.append(("decision", None, item.decision))
    return texts


def _item_children(sha: str, id_: int, item: Item) -> dict[str, list[dict[str, Any]]]:
    """The rows under one item, by table: its sections, attachments, links and texts."""
    owner = {"meeting_sha256": sha, "item_id": id_}

    def row(n: int, **fields: Any) -> dict[str, Any]:
        return {"id": child_id(id_, n), **owner, "position": n, **fields}

    return {
        "sections": [
            row(n, **s.model_dump(include=set(_SECTION_FIELDS)))
            for n, s in enumerate(item.sections)
        ],
        "attachments": [row(n, text=text) for n, text in enumerate(item.attachments)],
        "links": [
            row(n, url=link.url, text=link.text, page=link.page)
            for n, link in enumerate(item.links)
        ],
        "item_texts": [
            row(n, source=source, section_key=key, text=text)
            for n, (source, key, text) in enumerate(_texts(item))
        ],
    }


_SECTION_FIELDS: Final = ("key", "heading", "text", "page_start", "page_end")
_ATTENDEE_FIELDS: Final = ("name", "role", "municipality", "status")
_WARNING_FIELDS: Final = ("code", "message", "page", "severity")


def put_file(
    db: sqlite_utils.Database,
    path: str,
    sha256: str | None,
    size: int | None,
    mtime_ns: int | None,
    outcome: str,
    seen_at: str,
) -> None:
    """Record what a source path held when it was last looked at."""
    _table(db, "files").upsert(
        {
            "path": path,
            "sha256": sha256,
            "size": size,
            "mtime_ns": mtime_ns,
            "outcome": outcome,
            "seen_at": seen_at,
        },
        pk="path",
    )


def failure_key(sha256: str | None, path: str) -> str:
    return sha256 if sha256 is not None else f"path:{path}"


def put_failure(
    db: sqlite_utils.Database,
    *,
    sha256: str | None,
    path: str,
    outcome: str,
    reason: str,
    quarantined: bool,
    parser_version: str,
    seen_at: str,
    refused: bool = False,
) -> None:
    """Record (or update) a failure, counting attempts. Call inside ``db.atomic()``.

    ``refused``: the parser refused the document (it is no agenda it can read), so rows an
    earlier parser version stored for it go in the same transaction; otherwise a report
    once taken for an agenda would stay searchable as one.
    """
    key = failure_key(sha256, path)
    if refused and sha256 is not None:
        delete_meeting(db, sha256)
    before = get_failure(db, key)
    attempts, first_seen = (before.attempts + 1, before.first_seen) if before else (1, seen_at)
    _table(db, "failures").upsert(
        {
            "key": key,
            "sha256": sha256,
            "path": path,
            "outcome": outcome,
            "reason": reason,
            "quarantined": int(quarantined),
            "parser_version": parser_version,
            "attempts": attempts,
            "first_seen": first_seen,
            "last_seen": seen_at,
        },
        pk="key",
    )


def clear_failure(db: sqlite_utils.Database, sha256: str | None, path: str) -> None:
    db.execute("DELETE FROM failures WHERE key = ?", [failure_key(sha256, path)])


def forget_file(db: sqlite_utils.Database, path: str) -> None:
    """Forget what a source path held (it changed). Commit afterwards."""
    db.execute("DELETE FROM files WHERE path = ?", [path])


# --- reading what the archive holds ------------------------------------------------------------


@dataclass(frozen=True)
class FileRow:
    """What a source path held when it was last looked at (a row of ``files``)."""

    sha256: str | None  # None when it could not be read
    size: int | None
    mtime_ns: int | None
    outcome: str


@dataclass(frozen=True)
class MeetingRow:
    """An archived document (part of a row of ``meetings``)."""

    sha256: str
    parser_version: str


@dataclass(frozen=True)
class FailureRow:
    """A document or unreadable path that gave no agenda (a row of ``failures``)."""

    outcome: str
    reason: str
    quarantined: bool  # it hung or crashed a worker
    parser_version: str
    attempts: int
    first_seen: str


@dataclass(frozen=True)
class VersionCount:
    """How many archived documents one parser version wrote."""

    version: str
    count: int


def get_file(db: sqlite_utils.Database, path: str) -> FileRow | None:
    row = db.execute(
        "SELECT sha256, size, mtime_ns, outcome FROM files WHERE path = ?", [path]
    ).fetchone()
    return None if row is None else FileRow(*row)


def get_meeting(db: sqlite_utils.Database, sha256: str) -> MeetingRow | None:
    row = db.execute(
        "SELECT sha256, parser_version FROM meetings WHERE sha256 = ?", [sha256]
    ).fetchone()
    return None if row is None else MeetingRow(*row)


def get_failure(db: sqlite_utils.Database, key: str) -> FailureRow | None:
    """The failure recorded under ``key`` (see :func:`failure_key`), if any."""
    row = db.execute(
        "SELECT outcome, reason, quarantined, parser_version, attempts, first_seen "
        "FROM failures WHERE key = ?",
        [key],
    ).fetchone()
    if row is None:
        return None
    outcome, reason, quarantined, parser_version, attempts, first_seen = row
    return FailureRow(outcome, reason, bool(quarantined), parser_version, attempts, first_seen)


def archived_shas(db: sqlite_utils.Database) -> set[str]:
    """The SHA-256 of every archived document."""
    return {row[0] for row in db.execute("SELECT sha256 FROM meetings")}


def other_versions(db: sqlite_utils.Database, version: str) -> list[VersionCount]:
    """Parser versions other than ``version`` that wrote archived documents, with counts."""
    rows = db.execute(
        "SELECT parser_version, count(*) FROM meetings WHERE parser_version != ? "
        "GROUP BY parser_version",
        [version],
    ).fetchall()
    return [VersionCount(*row) for row in rows]


def open_for_reading(path: Path) -> sqlite_utils.Database:
    """Open an existing archive database for reading (search, export), checking that it is
    one; whatever is wrong raises (sqlite3 errors, mostly)."""
    db = sqlite_utils.Database(path)
    try:
        db.execute("SELECT count(*) FROM meetings").fetchone()
        version = db.execute("PRAGMA user_version").fetchone()[0]
    except BaseException:
        db.close()  # not an archive: nothing may keep the file open
        raise
    if version < SCHEMA_VERSION:
        db.close()
        raise DatabaseUnusableError(
            "an archive of an earlier kkrparse: run `kkrparse archive` once to update it"
        )
    return db


# --- reading ---------------------------------------------------------------------------------


def search(
    db: sqlite_utils.Database,
    query: str,
    *,
    bodies: Sequence[str] = (),
    date_from: str | None = None,
    date_to: str | None = None,
    kinds: Sequence[str] = (),
    filters: Filters | None = None,
    limit: int = 20,
) -> list[Hit]:
    """:func:`kkrparse.archive.search.search`, also with several councils or kinds (any of
    them), as this module's callers have always passed them."""
    if filters is not None and (bodies or kinds or date_from or date_to):
        raise ValueError("pass either filters or bodies, kinds and dates")
    if filters is not None:
        return _search(db, query, filters=filters, limit=limit)
    hits: dict[int, Hit] = {}
    every: list[str | None] = [None]
    for body in [*bodies] or every:
        for kind in [*kinds] or every:
            chosen = Filters.parse(body=body, kind=kind, date_from=date_from, date_to=date_to)
            for hit in _search(db, query, filters=chosen, limit=limit):
                hits.setdefault(hit.item_id, hit)
    return sorted(hits.values(), key=lambda h: (h.rank, _descending(h.date)))[:limit]


def _descending(date: str | None) -> list[int]:
    return [-ord(c) for c in date or ""]


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    """Row counts of the exportable tables."""
    return {name: _table(db, name).count for name in EXPORT_TABLES}


#: What ``kkrparse list`` can list: the value and how many of what hold it.
_HOLDINGS: Final = {
    "bodies": "SELECT body, count(*) FROM meetings GROUP BY body ORDER BY body",
    "kinds": "SELECT kind, count(*) FROM items GROUP BY kind ORDER BY kind",
    "years": "SELECT substr(date, 1, 4), count(*) FROM meetings GROUP BY 1 ORDER BY 1",
    "document_types": (
        "SELECT document_type, count(*) FROM meetings GROUP BY document_type ORDER BY 1"
    ),
}
#: Holdings are counted in documents (meetings) or items.
HOLDING_UNITS: Final = {
    "bodies": "documents",
    "kinds": "items",
    "years": "documents",
    "document_types": "documents",
}


def holdings(db: sqlite_utils.Database, what: str) -> list[tuple[str | None, int]]:
    """The councils, kinds of item, years or document types the archive holds, with counts
    (``None``: not printed in the document)."""
    if what not in _HOLDINGS:
        raise ValueError(f"cannot list {what!r}; choose from {', '.join(_HOLDINGS)}")
    return [(row[0], row[1]) for row in db.execute(_HOLDINGS[what]).fetchall()]

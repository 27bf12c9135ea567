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
  document's content, each row carrying ``meeting_sha256`` (and ``item_id`` below items);
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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import sqlite_utils
from sqlite_utils.db import Table

from kkrparse.archive import EXPORT_TABLES, politics
from kkrparse.models import Agenda, Item

#: FTS5 tokenizer: case-folded Unicode words, æøå kept as they are (see module docstring).
TOKENIZE: Final = "unicode61 remove_diacritics 0"

#: Marks around matched words in search snippets; control characters never occur in
#: extracted text, so a renderer can replace them without escaping anything.
HIT_START: Final = "\x02"
HIT_END: Final = "\x03"

_CONTENT_TABLES: Final = ("sections", "attachments", "links", "attendance", "warnings", "items")


class DatabaseUnusableError(Exception):
    """The database file cannot be opened, is not a database, or fails its integrity check."""


def _table(db: sqlite_utils.Database, name: str) -> Table:
    # db[name] is typed Table | View; every name used here is a table.
    table = db[name]
    assert isinstance(table, Table)
    return table


def open_db(path: Path) -> sqlite_utils.Database:
    """Open (creating if needed) the archive database in WAL mode, with the schema in place.

    Raises :class:`DatabaseUnusableError` when the file is not a usable SQLite database.
    """
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
    except sqlite3.DatabaseError as exc:
        raise DatabaseUnusableError(f"{path}: {exc}") from exc
    return db


@dataclass(frozen=True)
class _TableSpec:
    """One table of the schema, as sqlite-utils creates it."""

    name: str
    columns: dict[str, type]
    pk: str = "id"
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    not_null: frozenset[str] = frozenset()


_MEETING_FK: Final = (("meeting_sha256", "meetings", "sha256"),)
_ITEM_FKS: Final = (*_MEETING_FK, ("item_id", "items", "id"))


def _child(name: str, **columns: type) -> _TableSpec:
    """A table of rows under an item (sections, attachments, links)."""
    return _TableSpec(
        name,
        {"id": int, "meeting_sha256": str, "item_id": int, "position": int, **columns},
        foreign_keys=_ITEM_FKS,
        not_null=frozenset({"meeting_sha256", "item_id"}),
    )


#: The tables, in the order they are created (which is the order ``.schema`` lists them).
_TABLES: Final = (
    _TableSpec(
        "meetings",
        {
            "sha256": str,
            "body": str,
            "date": str,
            "document_type": str,
            "start_time": str,
            "end_time": str,
            "location": str,
            "filename": str,
            "page_count": int,
            "item_count": int,
            "warning_count": int,
            "engine": str,
            "parser_version": str,
            "schema_version": str,
            "pdf_path": str,
            "json_path": str,
            "archived_at": str,
        },
        pk="sha256",
        not_null=frozenset({"parser_version", "pdf_path", "json_path", "archived_at"}),
    ),
    _TableSpec(
        "items",
        {
            "id": int,
            "meeting_sha256": str,
            "position": int,
            "number": str,
            "level": int,
            "parent": str,
            "heading": str,
            "kind": str,
            "title": str,
            "case_number": str,
            "case_officer": str,
            "page_start": int,
            "page_end": int,
            "decision": str,
            "recommendations": str,  # a JSON list of strings
        },
        foreign_keys=_MEETING_FK,
        not_null=frozenset({"meeting_sha256", "number", "heading"}),
    ),
    _child("sections", key=str, heading=str, text=str, page_start=int, page_end=int),
    _child("attachments", text=str),
    _child("links", url=str, text=str, page=int),
    _TableSpec(
        "attendance",
        {
            "id": int,
            "meeting_sha256": str,
            "position": int,
            "name": str,
            "role": str,
            "municipality": str,
            "status": str,
        },
        foreign_keys=_MEETING_FK,
        not_null=frozenset({"meeting_sha256"}),
    ),
    _TableSpec(
        "warnings",
        {
            "id": int,
            "meeting_sha256": str,
            "code": str,
            "message": str,
            "page": int,
            "severity": str,
        },
        foreign_keys=_MEETING_FK,
        not_null=frozenset({"meeting_sha256"}),
    ),
    _TableSpec(
        "files",
        {
            "path": str,
            "sha256": str,
            "size": int,
            "mtime_ns": int,
            "outcome": str,
            "seen_at": str,
        },
        pk="path",
    ),
    _TableSpec(
        "failures",
        {
            "key": str,  # the SHA-256, or "path:" + the path when the file could not be read
            "sha256": str,
            "path": str,
            "outcome": str,
            "reason": str,
            "quarantined": int,
            "parser_version": str,
            "attempts": int,
            "first_seen": str,
            "last_seen": str,
        },
        pk="key",
    ),
)

#: Single-column indexes, in the order they are created.
_INDEXES: Final = (
    ("meetings", "body"),
    ("meetings", "date"),
    ("meetings", "document_type"),
    ("items", "meeting_sha256"),
    ("items", "kind"),
    ("items", "case_number"),
    ("sections", "item_id"),
    ("sections", "meeting_sha256"),
    ("attachments", "item_id"),
    ("links", "item_id"),
    ("attendance", "meeting_sha256"),
    ("warnings", "meeting_sha256"),
    ("files", "sha256"),
    ("failures", "outcome"),
)

#: Full-text indexes: the table and its indexed columns.
_FTS: Final = (("items", ("heading", "title")), ("sections", ("heading", "text")))


def _create_table(db: sqlite_utils.Database, spec: _TableSpec) -> None:
    _table(db, spec.name).create(
        dict(spec.columns),
        pk=spec.pk,
        if_not_exists=True,
        foreign_keys=list(spec.foreign_keys) or None,
        not_null=set(spec.not_null) or None,
    )


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create missing tables, indexes and full-text indexes; a no-op on a current database."""
    # Every step is idempotent, so a run killed while creating the schema is completed by
    # the next one. (enable_fts runs a script, which cannot sit inside a transaction.)
    for spec in _TABLES:
        _create_table(db, spec)
    for table, column in _INDEXES:
        _table(db, table).create_index([column], if_not_exists=True)
    # Triggers keep each index in step with its table inside the document's transaction.
    for name, columns in _FTS:
        _table(db, name).enable_fts(
            list(columns), tokenize=TOKENIZE, create_triggers=True, replace=True
        )
    politics.ensure_schema(db)  # the case_appearances view and the watches


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
    children: dict[str, list[dict[str, Any]]] = {"sections": [], "attachments": [], "links": []}
    items = _table(db, "items")
    for position, item in enumerate(agenda.items):
        item_id = items.insert(_item_row(sha, position, item)).last_pk
        for name, rows in _item_children(sha, item_id, item).items():
            children[name].extend(rows)
    for name, rows in children.items():
        _table(db, name).insert_all(rows)
    _table(db, "attendance").insert_all(
        {"meeting_sha256": sha, "position": n, **a.model_dump(include=set(_ATTENDEE_FIELDS))}
        for n, a in enumerate(agenda.meeting.attendance)
    )
    _table(db, "warnings").insert_all(
        {"meeting_sha256": sha, **w.model_dump(include=set(_WARNING_FIELDS))}
        for w in agenda.warnings
    )


def _meeting_row(agenda: Agenda, stored: StoredPaths, archived_at: str) -> dict[str, Any]:
    meeting = agenda.meeting
    return {
        "sha256": agenda.source.sha256,
        "body": meeting.body,
        "date": meeting.date,
        "document_type": meeting.document_type,
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


def _item_row(sha: str, position: int, item: Item) -> dict[str, Any]:
    return {
        "meeting_sha256": sha,
        "position": position,
        "number": item.number,
        "level": item.level,
        "parent": item.parent,
        "heading": item.heading,
        "kind": item.kind,
        "title": item.title,
        "case_number": item.case_number,
        "case_officer": item.case_officer,
        "page_start": item.page_start,
        "page_end": item.page_end,
        "decision": item.decision,
        "recommendations": json.dumps(item.recommendations, ensure_ascii=False),
    }


def _item_children(sha: str, item_id: Any, item: Item) -> dict[str, list[dict[str, Any]]]:
    """The rows under one item, by table: its sections, attachments and links."""
    owner = {"meeting_sha256": sha, "item_id": item_id}
    return {
        "sections": [
            {**owner, "position": n, **s.model_dump(include=set(_SECTION_FIELDS))}
            for n, s in enumerate(item.sections)
        ],
        "attachments": [
            {**owner, "position": n, "text": text} for n, text in enumerate(item.attachments)
        ],
        "links": [
            {**owner, "position": n, "url": link.url, "text": link.text, "page": link.page}
            for n, link in enumerate(item.links)
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
    db.execute("SELECT count(*) FROM meetings").fetchone()
    return db


# --- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One search result: an item, with the best-matching snippet among its texts."""

    meeting_sha256: str
    body: str | None
    date: str | None
    document_type: str | None
    number: str
    heading: str
    kind: str | None
    snippet: str  # matched words between HIT_START and HIT_END
    rank: float  # bm25: lower is better


_OPERATORS: Final = frozenset({"AND", "OR", "NOT"})
#: C0 controls, DEL and C1 controls: never part of a word a person means to find.
_CONTROL: Final = {code: " " for code in [*range(0x20), *range(0x7F, 0xA0)]}


def fts_query(text: str) -> str:
    """Turn what a person types into an FTS5 query that cannot be a syntax error.

    Each word becomes a quoted phrase (so ``SOSU-uddannelserne`` or ``kl.`` are searchable
    as written); a trailing ``*`` keeps its meaning as a prefix query; ``AND``, ``OR`` and
    ``NOT`` keep theirs between two words (of several in a row, the first counts: ``a OR OR
    b`` and ``a OR NOT b`` are ``a OR b``; FTS5's NOT is binary). Words are otherwise all
    required. Control characters separate words: FTS5 reads its query as a C string, so a
    NUL would end it inside a phrase.
    """
    parts: list[str] = []
    for word in text.translate(_CONTROL).split():
        if word in _OPERATORS:
            if parts and parts[-1] not in _OPERATORS:
                parts.append(word)
            continue
        prefix = word.endswith("*")
        core = word.rstrip("*").replace('"', '""')
        if core:
            parts.append(f'"{core}"' + ("*" if prefix else ""))
    while parts and parts[-1] in _OPERATORS:
        parts.pop()
    return " ".join(parts)


def search(
    db: sqlite_utils.Database,
    query: str,
    *,
    bodies: Sequence[str] = (),
    date_from: str | None = None,
    date_to: str | None = None,
    kinds: Sequence[str] = (),
    limit: int = 20,
) -> list[Hit]:
    """Items whose heading, title or section text matches ``query``, best first."""
    match = fts_query(query)
    if not match:
        return []
    where: list[str] = []
    args: dict[str, Any] = {"match": match, "limit": limit}
    if bodies:
        # Body names are matched without case, so "kkr sjælland" finds "KKR Sjælland".
        names = [f":body{n}" for n in range(len(bodies))]
        where.append(f"lower(m.body) IN ({', '.join(f'lower({n})' for n in names)})")
        args.update({f"body{n}": body for n, body in enumerate(bodies)})
    if kinds:
        names = [f":kind{n}" for n in range(len(kinds))]
        where.append(f"lower(i.kind) IN ({', '.join(f'lower({n})' for n in names)})")
        args.update({f"kind{n}": kind for n, kind in enumerate(kinds)})
    if date_from:
        where.append("m.date >= :date_from")
        args["date_from"] = date_from
    if date_to:
        where.append("m.date <= :date_to")
        args["date_to"] = date_to
    filters = " AND ".join(where) or "1"
    sql = f"""
        WITH hits AS (
            SELECT items.id AS item_id, bm25(items_fts) AS rank,
                   snippet(items_fts, -1, :start, :end, '…', 16) AS snippet
            FROM items_fts JOIN items ON items.id = items_fts.rowid
            WHERE items_fts MATCH :match
            UNION ALL
            SELECT sections.item_id, bm25(sections_fts),
                   snippet(sections_fts, -1, :start, :end, '…', 16)
            FROM sections_fts JOIN sections ON sections.id = sections_fts.rowid
            WHERE sections_fts MATCH :match
        ),
        best AS (
            -- SQLite takes the bare column snippet from the row that has min(rank).
            SELECT item_id, min(rank) AS rank, snippet FROM hits GROUP BY item_id
        )
        SELECT m.sha256, m.body, m.date, m.document_type, i.number, i.heading, i.kind,
               best.snippet, best.rank
        FROM best JOIN items i ON i.id = best.item_id JOIN meetings m ON m.sha256 = i.meeting_sha256
        WHERE {filters}
        ORDER BY best.rank, m.date DESC, i.position
        LIMIT :limit
    """
    args.update({"start": HIT_START, "end": HIT_END})
    return [Hit(*row) for row in db.execute(sql, args).fetchall()]


#: Export queries: items and sections carry their meeting's body, date and type, so one
#: flat file answers "which council discussed what when" without a join.
_EXPORT_SQL: Final = {
    "items": """
        SELECT m.body, m.date, m.document_type, i.*
        FROM items i JOIN meetings m ON m.sha256 = i.meeting_sha256
        ORDER BY m.date, m.sha256, i.position""",
    "sections": """
        SELECT m.body, m.date, m.document_type, i.number AS item_number, s.*
        FROM sections s JOIN items i ON i.id = s.item_id
        JOIN meetings m ON m.sha256 = s.meeting_sha256
        ORDER BY m.date, m.sha256, i.position, s.position""",
}


def export_rows(
    db: sqlite_utils.Database, table: str
) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
    """Column names and rows of one exportable table, in a stable order."""
    if table not in EXPORT_TABLES:
        raise ValueError(f"unknown table {table!r}; choose from {', '.join(EXPORT_TABLES)}")
    pks = _table(db, table).pks
    sql = _EXPORT_SQL.get(table, f"SELECT * FROM [{table}] ORDER BY {', '.join(pks)}")
    cursor = db.execute(sql)
    columns = [d[0] for d in cursor.description]
    return columns, iter(cursor)


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    """Row counts of the exportable tables."""
    return {name: _table(db, name).count for name in EXPORT_TABLES}

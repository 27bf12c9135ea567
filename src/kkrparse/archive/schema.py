"""The archive's tables as data, and the ids their rows get.

:mod:`kkrparse.archive.db` creates and fills these tables; :mod:`kkrparse.archive.migrate`
brings an archive of an earlier schema up to them. Both read the table specs and the id
functions from here, so the two cannot disagree about what a row is.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Final

import sqlite_utils
from sqlite_utils.db import Table

__all__ = [
    "SCHEMA_VERSION",
    "TABLES",
    "TableSpec",
    "child_id",
    "create_table",
    "item_id",
    "meeting_title",
    "table",
]

#: ``PRAGMA user_version`` of the schema this module writes. 1 (written as 0): items
#: numbered by a counter; 2: ids derived from the document (:func:`item_id`), item_texts,
#: items_view and the 1.3 columns. :mod:`kkrparse.archive.migrate` brings 1 up to 2.
SCHEMA_VERSION: Final = 2

#: Ids are kept below 2**53, so JavaScript (Datasette's pages) and JSON readers that hold
#: numbers as doubles keep them exact.
_ID_BITS: Final = 53


def _stable_id(*parts: object) -> int:
    key = "\x00".join(str(p) for p in parts).encode()
    return int.from_bytes(hashlib.sha256(key).digest()[:8], "big") >> (64 - _ID_BITS)


def item_id(sha256: str, number: str, occurrence: int) -> int:
    """An item's id: from its document, its number and which printing of that number it is
    (0 for the first; a number can be printed twice). The same document parsed again gives
    the same ids, so a link to an item outlives ``archive --reparse``."""
    return _stable_id(sha256, number, occurrence)


def child_id(owner: int, position: int) -> int:
    """The id of a row under an item (a section, attachment, link or text)."""
    return _stable_id(owner, position)


def table(db: sqlite_utils.Database, name: str) -> Table:
    # db[name] is typed Table | View; every name used here is a table.
    found = db[name]
    assert isinstance(found, Table)
    return found


@dataclass(frozen=True)
class TableSpec:
    """One table of the schema, as sqlite-utils creates it."""

    name: str
    columns: dict[str, type]
    pk: str = "id"
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    not_null: frozenset[str] = frozenset()


_MEETING_FK: Final = (("meeting_sha256", "meetings", "sha256"),)
_ITEM_FKS: Final = (*_MEETING_FK, ("item_id", "items", "id"))


def _child(name: str, **columns: type) -> TableSpec:
    """A table of rows under an item (sections, attachments, links)."""
    return TableSpec(
        name,
        {"id": int, "meeting_sha256": str, "item_id": int, "position": int, **columns},
        foreign_keys=_ITEM_FKS,
        not_null=frozenset({"meeting_sha256", "item_id"}),
    )


#: The tables, in the order they are created (which is the order ``.schema`` lists them).
TABLES: Final = (
    TableSpec(
        "meetings",
        {
            "sha256": str,
            "body": str,
            "date": str,
            "document_type": str,
            "title": str,  # "KKR Sjælland · 21-04-2021 · referat"
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
    TableSpec(
        "items",
        {
            "id": int,
            "meeting_sha256": str,
            "position": int,
            "number": str,
            "level": int,
            "parent": str,
            "parent_id": int,  # the first item printed with the number ``parent``
            "heading": str,
            "kind": str,
            "title": str,
            "closed": int,
            "case_number": str,
            "case_key": str,  # kkrparse.cases.case_key of case_number
            "case_officer": str,
            "document_number": str,
            "page_start": int,
            "page_end": int,
            "decision": str,
            "decision_outcome": str,  # the class only: "approved", "noted", …
            "recommendations": str,  # a JSON list of strings
            "decision_history": str,  # JSON arrays of the model's objects, from here on
            "attachment_refs": str,
            "sub_points": str,
        },
        foreign_keys=(*_MEETING_FK, ("parent_id", "items", "id")),
        not_null=frozenset({"meeting_sha256", "number", "heading"}),
    ),
    _child("sections", key=str, heading=str, text=str, page_start=int, page_end=int),
    _child("attachments", text=str),
    _child("links", url=str, text=str, page=int),
    # Every text of an item in one table, so one full-text index finds items by their
    # heading, a section or the decision: source is "heading", "section" or "decision".
    _child("item_texts", source=str, section_key=str, text=str),
    TableSpec(
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
    TableSpec(
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
    TableSpec(
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
    TableSpec(
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


def create_table(db: sqlite_utils.Database, spec: TableSpec) -> None:
    table(db, spec.name).create(
        dict(spec.columns),
        pk=spec.pk,
        if_not_exists=True,
        foreign_keys=list(spec.foreign_keys) or None,
        not_null=set(spec.not_null) or None,
    )


def meeting_title(body: str | None, date: str | None, document_type: str | None) -> str:
    """``"KKR Sjælland · 21-04-2021 · referat"``: the parts known, in a Danish date order."""
    day = None
    if date:
        year, _, rest = date.partition("-")
        month, _, dom = rest.partition("-")
        day = f"{dom}-{month}-{year}" if dom else date
    return " · ".join(part for part in (body, day, document_type) if part)

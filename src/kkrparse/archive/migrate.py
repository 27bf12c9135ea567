"""Bring an archive database written by an earlier kkrparse up to the current schema.

Schema 1 numbered items 1, 2, 3, … in the order they were stored, so an item's id changed
whenever its document was archived again. Schema 2 derives every id from the document
(:func:`kkrparse.archive.db.item_id`): this migration gives the stored rows those ids,
fills the columns schema 1 did not have from what it kept (``parent_id``, ``case_key``,
``item_texts``, ``meetings.title``), and leaves the 1.3 fields it never stored empty until
the document is parsed again (``archive --reparse``).

The rows move in one transaction, so a run killed while migrating leaves schema 1's rows
as they were (its full-text indexes, dropped first, are rebuilt by the next run).
"""

from __future__ import annotations

from typing import Any, Final

import sqlite_utils

from kkrparse.archive import schema
from kkrparse.cases import case_key

__all__ = ["migrate"]

#: Tables whose ids change, items first (the others hang off it).
_MOVED: Final = ("items", "sections", "attachments", "links")


def _needs_migration(db: sqlite_utils.Database) -> bool:
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version >= schema.SCHEMA_VERSION or "items" not in db.table_names():
        return False
    return "case_key" not in schema.table(db, "items").columns_dict


def migrate(db: sqlite_utils.Database) -> bool:
    """Migrate ``db`` in place if it is an earlier schema; whether it was."""
    if not _needs_migration(db):
        return False
    for name in ("items", "sections"):
        # The old full-text tables and their triggers go; ensure_schema builds them anew.
        if schema.table(db, name).detect_fts():
            schema.table(db, name).disable_fts()
    db.execute("PRAGMA foreign_keys = OFF")  # no effect inside a transaction
    try:
        with db.atomic():
            _move(db)
    finally:
        db.execute("PRAGMA foreign_keys = ON")
    return True


def _move(db: sqlite_utils.Database) -> None:
    for name in _MOVED:
        db.execute(f"ALTER TABLE [{name}] RENAME TO [{name}_v1]")
    meetings = schema.table(db, "meetings")
    if "title" not in meetings.columns_dict:
        db.execute("ALTER TABLE meetings ADD COLUMN title TEXT")
    db.conn.executemany(
        "UPDATE meetings SET title = ? WHERE sha256 = ?",
        [
            (schema.meeting_title(body, date, kind), sha)
            for sha, body, date, kind in db.execute(
                "SELECT sha256, body, date, document_type FROM meetings"
            ).fetchall()
        ],
    )
    for spec in schema.TABLES:
        if spec.name in (*_MOVED, "item_texts"):
            schema.create_table(db, spec)
    new_ids = _move_items(db)
    _move_children(db, new_ids)
    for name in reversed(_MOVED):
        db.execute(f"DROP TABLE [{name}_v1]")


def _move_items(db: sqlite_utils.Database) -> dict[int, int]:
    """Copy the items with their new ids; old id → new id."""
    cursor = db.execute("SELECT * FROM items_v1 ORDER BY meeting_sha256, position, id")
    columns = [d[0] for d in cursor.description]
    rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    new_ids: dict[int, int] = {}
    seen: dict[tuple[str, str], int] = {}
    first: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row["meeting_sha256"], row["number"])
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        new_ids[row["id"]] = schema.item_id(row["meeting_sha256"], row["number"], occurrence)
        first.setdefault(key, new_ids[row["id"]])
    moved = []
    for row in rows:
        id_ = new_ids[row["id"]]
        parent = first.get((row["meeting_sha256"], row["parent"] or ""))
        moved.append(
            {
                **row,
                "id": id_,
                "parent_id": parent if parent != id_ else None,
                "case_key": case_key(row["case_number"]),
            }
        )
    schema.table(db, "items").insert_all(moved)
    return new_ids


def _move_children(db: sqlite_utils.Database, new_ids: dict[int, int]) -> None:
    texts: dict[int, list[dict[str, Any]]] = {}
    for row in db.execute("SELECT id, meeting_sha256, heading FROM items").fetchall():
        texts[row[0]] = [_text(row[1], row[0], "heading", None, row[2])]
    for name in _MOVED[1:]:
        cursor = db.execute(f"SELECT * FROM [{name}_v1] ORDER BY item_id, position, id")
        columns = [d[0] for d in cursor.description]
        rows = []
        for values in cursor.fetchall():
            row = dict(zip(columns, values, strict=True))
            owner = new_ids[row["item_id"]]
            rows.append({**row, "id": schema.child_id(owner, row["position"]), "item_id": owner})
            if name == "sections" and row["text"]:
                texts[owner].append(
                    _text(row["meeting_sha256"], owner, "section", row["key"], row["text"])
                )
        schema.table(db, name).insert_all(rows)
    for id_, sha, decision in db.execute(
        "SELECT id, meeting_sha256, decision FROM items WHERE decision IS NOT NULL"
    ).fetchall():
        texts[id_].append(_text(sha, id_, "decision", None, decision))
    schema.table(db, "item_texts").insert_all(
        {**row, "id": schema.child_id(owner, n), "position": n}
        for owner, rows in texts.items()
        for n, row in enumerate(rows)
    )


def _text(sha: str, owner: int, source: str, key: str | None, text: str) -> dict[str, Any]:
    return {
        "meeting_sha256": sha,
        "item_id": owner,
        "source": source,
        "section_key": key,
        "text": text,
    }

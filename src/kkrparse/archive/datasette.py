"""What Datasette shows of an archive: titles, descriptions, labels, facets and queries.

:func:`metadata` reads the live schema of an archive's database and returns Datasette's
metadata for it (a plain dict, as ``datasette --metadata`` takes it):

- a title and description for the database, each table and view, and EVERY column;
- label columns, so a foreign key shows as words: an item's meeting reads as the meeting's
  ``title`` (``KKR Sjælland · 21-04-2021 · referat``), a section's item as its heading;
- default facets: council, document type, year and kind, where the table has them;
- canned queries: ``search`` (one full-text search across item headings and section texts
  that returns items) and ``case_timeline`` (every appearance of one case, by date).

Only what the database has is described, so the same code serves an archive written by an
older kkrparse. This module does not import Datasette; the plugin that serves the archived
PDFs is :mod:`kkrparse.archive.datasette_plugin`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

#: The database's name in Datasette's URLs: the file's stem (``archive.sqlite``).
DATABASE_NAME: Final = "archive"

#: The plugin's name in the metadata's ``plugins`` block.
PLUGIN: Final = "kkrparse"

_TITLE: Final = "KKR archive"
_DESCRIPTION: Final = (
    "Agendas and minutes of KL's municipal contact councils (KKR), parsed by kkrparse: "
    "one row per document, its items, their sections, attachments and links."
)

# Columns that mean the same in several tables are described once.
_SHA: Final = "SHA-256 of the archived PDF's bytes: the document's identity."
_MEETING: Final = "The document (agenda or minutes) this row belongs to."
_POSITION: Final = "Order within its parent, from 0."
_COUNCIL: Final = 'The council, e.g. "KKR Sjælland".'
_DATE: Final = "Meeting date, ISO YYYY-MM-DD."
_TYPE: Final = '"dagsorden" (agenda) or "referat" (minutes).'
_PAGE_START: Final = "First page, counted from 1."
_PAGE_END: Final = "Last page, counted from 1."
_ITEM: Final = "The agenda item this row belongs to."


@dataclass(frozen=True)
class _Doc:
    """The description of one table or view and of its columns."""

    description: str
    columns: dict[str, str]
    label: tuple[str, ...] = ()  # the first of these the table has is its label column
    facets: tuple[str, ...] = ()
    sort_desc: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


_ITEM_COLUMNS: Final = {
    "id": "The item's id, stable across re-archiving of the same document.",
    "meeting_sha256": _MEETING,
    "position": "Order within the document, from 0.",
    "number": 'The item number as printed: "2" or "2.3".',
    "level": '1 for "2", 2 for "2.3".',
    "parent": 'The parent item\'s number ("2" for "2.3"), or empty.',
    "parent_id": "The parent item (for a sub-item such as 2.3).",
    "heading": "The heading as printed, without the number.",
    "kind": 'What the item is for, from its heading: "Beslutning", "Orientering", "Drøftelse", ….',
    "title": "The heading without its kind.",
    "closed": "1 for an item on the closed (lukket) part of the meeting.",
    "case_number": "The case number as printed (sagsnummer).",
    "case_key": "The case number normalised, so one case's appearances share it.",
    "case_officer": "The case officer (sagsbehandler) as printed.",
    "document_number": "The document number as printed (dokumentnummer).",
    "page_start": "Page of the heading, counted from 1.",
    "page_end": "Page of the item's last line, counted from 1.",
    "decision": "The decision (beslutning) as printed in minutes.",
    "decision_outcome": 'How it was decided: "approved", "noted", "postponed", ….',
    "decision_history": "Earlier dated decisions on the item, as JSON.",
    "recommendations": "The recommendations (indstilling), a JSON list of strings.",
    "attachment_refs": "Attachments with their document numbers, as JSON.",
    "sub_points": "The lettered sub-points (a, b, …), as JSON.",
    "absent": "Members absent for this item, a JSON list.",
}

_DOCS: Final[dict[str, _Doc]] = {
    "meetings": _Doc(
        "One row per archived document: an agenda or the minutes of one council meeting.",
        {
            "sha256": _SHA,
            "title": "Council, date and type in one line: KKR Sjælland · 21-04-2021 · referat.",
            "body": _COUNCIL,
            "date": _DATE,
            "year": "The meeting's year.",
            "document_type": _TYPE,
            "start_time": "Start time, HH:MM.",
            "end_time": "End time, HH:MM.",
            "location": "Where the meeting was held, as printed.",
            "filename": "The source PDF's file name.",
            "page_count": "Pages in the PDF.",
            "item_count": "Agenda items found.",
            "warning_count": "Things the parser had to recover from.",
            "engine": 'The text extraction engine: "pdfium", "pdfplumber" or "text".',
            "profile": "The meeting system whose layout was recognised (eDoc, FirstAgenda, …).",
            "parser_version": "The kkrparse version that parsed it.",
            "schema_version": "The version of the JSON schema it was written in.",
            "pdf_path": "The archived PDF, inside the archive folder (a link opens it).",
            "json_path": "The parsed JSON, inside the archive folder.",
            "archived_at": "When this row was written (UTC, ISO 8601).",
        },
        label=("title", "body"),
        facets=("body", "document_type", "year"),
        sort_desc="date",
    ),
    "items": _Doc(
        "The agenda items of every document, one row each.",
        _ITEM_COLUMNS,
        label=("heading",),
        facets=("kind",),
    ),
    "items_view": _Doc(
        "Every agenda item with its meeting's council, date and PDF: the table to browse.",
        {
            **_ITEM_COLUMNS,
            "meeting_title": "The meeting: council, date and type.",
            "council": _COUNCIL,
            "date": _DATE,
            "year": "The meeting's year.",
            "document_type": _TYPE,
            "filename": "The source PDF's file name.",
            "pdf_path": "The archived PDF (a link opens it).",
        },
        label=("heading",),
        facets=("council", "document_type", "year", "kind"),
        sort_desc="date",
    ),
    "case_appearances": _Doc(
        "Every appearance of a case (by its normalised case number), in date order.",
        {
            **_ITEM_COLUMNS,
            "item_id": "The item where the case appears.",
            "body": _COUNCIL,
            "council": _COUNCIL,
            "json_path": "The parsed JSON, inside the archive folder.",
            "date": _DATE,
            "document_type": _TYPE,
            "filename": "The source PDF's file name.",
            "pdf_path": "The archived PDF (a link opens it).",
        },
        facets=("body", "council", "document_type"),
    ),
    "watches": _Doc(
        "Saved searches: what each looks for, and when it last reported.",
        {
            "name": "The watch's name.",
            "query": "The full-text search it runs.",
            "body": "Only this council, when set.",
            "kind": "Only items of this kind, when set.",
            "date_from": "Only meetings on or after this date, when set.",
            "date_to": "Only meetings on or before this date, when set.",
            "created_at": "When the watch was added (UTC, ISO 8601).",
            "reported_at": "When it last reported (UTC, ISO 8601).",
        },
        label=("name",),
    ),
    "watch_seen": _Doc(
        "Per watch, the hits already reported and the decision each had then.",
        {
            "watch": "The watch's name.",
            "hit": "The item's id (items.id, stable across re-archiving).",
            "decision": "The item's decision when it was reported.",
            "reported_at": "When it was reported (UTC, ISO 8601).",
        },
    ),
    "meeting_pairs": _Doc(
        "Each meeting's agenda against its minutes (kkrparse diff --archive DIR --store).",
        {
            "agenda_sha256": "The agenda's SHA-256.",
            "minutes_sha256": "The minutes' SHA-256.",
            "body": _COUNCIL,
            "date": _DATE,
            "kept": "Items in both documents.",
            "added": "Items in the minutes only.",
            "withdrawn": "Items in the agenda only.",
            "renumbered": "Kept items printed with another number in the minutes.",
            "retitled": "Kept items printed with another title in the minutes.",
            "as_recommended": "Decisions that follow the Indstilling.",
            "with_changes": "Decisions that follow it with changes or remarks.",
            "other": "Decisions that do something else.",
            "no_decision": "Items without a decision (headings, nothing decided).",
            "no_recommendation": "Decisions on items without an Indstilling.",
            "diff": "The whole diff as JSON, as kkrparse diff --json prints it.",
            "computed_at": "When the diff was computed (UTC, ISO 8601).",
        },
        facets=("body",),
        sort_desc="date",
    ),
    "sections": _Doc(
        "The labelled sections of each item (Baggrund, Indstilling, Beslutning, …).",
        {
            "id": "The section's id.",
            "meeting_sha256": _MEETING,
            "item_id": _ITEM,
            "position": _POSITION,
            "key": 'The section\'s role: "background", "recommendation", "decision", ….',
            "heading": "The label as printed; empty for the text before the first label.",
            "text": "The section's text: paragraphs separated by blank lines.",
            "page_start": _PAGE_START,
            "page_end": _PAGE_END,
        },
        label=("heading",),
        facets=("key",),
    ),
    "item_texts": _Doc(
        "Every text of each item (heading, sections, decision), one row each: what the "
        "one full-text search reads.",
        {
            "id": "The text's id.",
            "meeting_sha256": _MEETING,
            "item_id": _ITEM,
            "position": _POSITION,
            "source": 'Where the text comes from: "heading", "section" or "decision".',
            "section_key": "The section's role, for a section's text.",
            "text": "The text searched.",
        },
        facets=("source",),
    ),
    "attachments": _Doc(
        "The attachments (bilag) listed under each item.",
        {
            "id": "The attachment's id.",
            "meeting_sha256": _MEETING,
            "item_id": _ITEM,
            "position": _POSITION,
            "number": "The attachment's document number as printed.",
            "text": "The attachment's title as printed.",
            "title": "The attachment's title as printed.",
        },
        label=("text", "title"),
    ),
    "links": _Doc(
        "The web links in each item, with the words they sit on.",
        {
            "id": "The link's id.",
            "meeting_sha256": _MEETING,
            "item_id": _ITEM,
            "position": _POSITION,
            "url": "Where the link points.",
            "text": "The visible words the link sits on.",
            "page": "The page the link sits on.",
        },
        label=("url",),
    ),
    "attendance": _Doc(
        "Who was there, or sent apologies, at each meeting.",
        {
            "id": "The row's id.",
            "meeting_sha256": _MEETING,
            "position": _POSITION,
            "name": "The person's name as printed.",
            "role": 'Role as printed, e.g. "formand".',
            "municipality": "The municipality the person represents.",
            "status": '"present", "absent", "substitute", "invited" (listed in an agenda) or '
            '"other" (secretary, staff, guests).',
        },
        label=("name",),
        facets=("status", "municipality"),
    ),
    "warnings": _Doc(
        "What the parser had to recover from, per document, with a code.",
        {
            "id": "The warning's id.",
            "meeting_sha256": _MEETING,
            "code": "The warning's code (README: Warning codes).",
            "message": "What happened, in words.",
            "page": "The page it happened on.",
            "severity": '"warning" or "info".',
        },
        label=("code",),
        facets=("code", "severity"),
    ),
    "files": _Doc(
        "Every source path the archive has seen and the document it held.",
        {
            "path": "The source path.",
            "sha256": "SHA-256 of the bytes it held when last seen.",
            "size": "Size in bytes.",
            "mtime_ns": "Modification time, nanoseconds since 1970.",
            "outcome": 'What became of it: "ok", a failure, or "duplicate".',
            "seen_at": "When it was last looked at (UTC, ISO 8601).",
        },
        facets=("outcome",),
    ),
    "failures": _Doc(
        "Documents (or unreadable paths) that gave no agenda, with the reason.",
        {
            "key": "The SHA-256, or path: and the path when the file could not be read.",
            "sha256": "SHA-256 of the file's bytes, when it could be read.",
            "path": "The source path.",
            "outcome": 'Why: "not_an_agenda", "timeout", "crashed", ….',
            "reason": "The message that goes with it.",
            "quarantined": "1 when it hung or crashed a worker (kept in quarantine/).",
            "parser_version": "The kkrparse version that last tried.",
            "attempts": "How many runs tried it.",
            "first_seen": "First attempt (UTC, ISO 8601).",
            "last_seen": "Last attempt (UTC, ISO 8601).",
        },
        facets=("outcome", "quarantined"),
    ),
}

#: The SQL function the plugin adds: ``kkr_search(q)``, the items ``kkrparse search`` finds
#: for ``q``, best first, as a JSON array of ``{"id", "snippet"}``.
SEARCH_FUNCTION: Final = "kkr_search"

#: ``:q`` read as ``kkrparse search`` reads it (words per item, across its heading, sections
#: and decision; phrases, prefixes, OR and NOT), one row per item, best first.
_SEARCH_SQL: Final = """
SELECT v.id AS item_id, v.meeting_title, v.council, v.date, v.document_type, v.number,
       v.heading, v.kind, json_extract(hit.value, '$.snippet') AS snippet, v.filename,
       v.pdf_path, v.meeting_sha256
FROM json_each(kkr_search(:q)) AS hit
JOIN items_view v ON v.id = json_extract(hit.value, '$.id')
ORDER BY hit.key
"""

#: Every appearance of the case ``:case`` (its case_key), in date order.
_CASE_TIMELINE_SQL: Final = """
SELECT council, date, document_type, number, title, kind, decision_outcome, filename,
       page_start, pdf_path, id AS item_id, meeting_title, meeting_sha256
FROM items_view
WHERE case_key = :case
ORDER BY date, meeting_sha256, number
"""

#: Output columns of the canned queries, described like a table's.
_QUERY_COLUMNS: Final = {
    "item_id": "The item (its row in items).",
    "meeting_sha256": _MEETING,
    "meeting_title": "The meeting: council, date and type.",
    "snippet": "The words found, in [brackets], with some context.",
    "council": _COUNCIL,
    "date": _DATE,
    "document_type": _TYPE,
    "number": _ITEM_COLUMNS["number"],
    "heading": _ITEM_COLUMNS["heading"],
    "title": _ITEM_COLUMNS["title"],
    "kind": _ITEM_COLUMNS["kind"],
    "decision_outcome": _ITEM_COLUMNS["decision_outcome"],
    "filename": "The source PDF's file name.",
    "page_start": _ITEM_COLUMNS["page_start"],
    "pdf_path": "The archived PDF (a link opens it).",
}


def described_tables() -> tuple[str, ...]:
    """The tables and views this module can describe, known schema or not."""
    return tuple(_DOCS)


def live_schema(database: Path) -> dict[str, list[str]]:
    """The columns of each table and view a person browses (full-text shadows left out)."""
    uri = database.resolve().as_uri() + "?mode=ro"
    with sqlite3.connect(uri, uri=True) as conn:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        # An FTS table and its shadows (items_fts, items_fts_data, …) are Datasette's
        # hidden tables: searched through their content table, never browsed.
        names = [n for n in names if "_fts" not in n]
        return {n: [r[1] for r in conn.execute(f"PRAGMA table_xinfo([{n}])")] for n in names}


def _table_metadata(name: str, columns: list[str]) -> dict[str, Any]:
    doc = _DOCS.get(name)
    if doc is None:
        return {"description": f"The {name} table.", "columns": dict.fromkeys(columns, "")}
    meta: dict[str, Any] = {
        "description": doc.description,
        # A column this kkrparse does not know yet still gets a line, never nothing.
        "columns": {c: doc.columns.get(c, f"The {c} column.") for c in columns},
    }
    label = next((c for c in doc.label if c in columns), None)
    if label is not None:
        meta["label_column"] = label
    facets = [c for c in doc.facets if c in columns]
    if facets:
        meta["facets"] = facets
    if doc.sort_desc in columns:
        meta["sort_desc"] = doc.sort_desc
    return meta


def _queries(schema: dict[str, list[str]]) -> dict[str, Any]:
    queries: dict[str, Any] = {}
    if {"item_texts", "items_view"} <= schema.keys():
        queries["search"] = {
            "title": "Search items",
            "description": "One search across each item's heading, sections and decision; "
            "returns items, best first, as kkrparse search does: whole words in any case, "
            '"a phrase", sosu* for a prefix, OR and NOT.',
            "sql": _SEARCH_SQL.strip(),
            "params": ["q"],
        }
    if "case_key" in schema.get("items_view", ()):
        queries["case_timeline"] = {
            "title": "Case timeline",
            "description": "Every appearance of one case (its case_key), in date order.",
            "sql": _CASE_TIMELINE_SQL.strip(),
            "params": ["case"],
        }
    return queries


def missing_descriptions(schema: dict[str, list[str]]) -> list[str]:
    """``table.column`` for every column of ``schema`` this module has no words for."""
    return [
        f"{table}.{column}"
        for table, columns in schema.items()
        for column in columns
        if column not in (_DOCS[table].columns if table in _DOCS else {})
    ]


def query_columns() -> dict[str, str]:
    """Descriptions of the canned queries' output columns."""
    return dict(_QUERY_COLUMNS)


def metadata(database: Path, archive_dir: Path) -> dict[str, Any]:
    """Datasette's metadata for the archive database at ``database`` (read, not written)."""
    schema = live_schema(database)
    tables = {name: _table_metadata(name, columns) for name, columns in schema.items()}
    return {
        "title": _TITLE,
        "description": _DESCRIPTION,
        "databases": {
            DATABASE_NAME: {
                "title": _TITLE,
                "description": _DESCRIPTION,
                "tables": tables,
                "queries": _queries(schema),
            }
        },
        "plugins": {PLUGIN: {"archive": str(archive_dir.resolve())}},
    }

"""The archive as files and data frames: JSON Lines, JSON, CSV, Parquet, chunks, pandas.

Every exported column has one *kind* (:data:`Kind`), taken from the database's declared
column types with three refinements a reader of the archive needs:

- item numbers (``number``, ``parent``, ``item_number``) are text: ``2.10`` is not ``2.1``;
- the meeting ``date`` is a date;
- list columns (:data:`LIST_COLUMNS`, stored as JSON text) are lists: JSON arrays in JSON
  Lines and JSON, ``list<string>`` in Parquet, Python lists in a data frame. CSV has no
  arrays, so there they stay JSON text.

The formats that know types keep them: Parquet writes text as strings, integers as
``int64`` with nulls, the date as ``date32``; :func:`to_dataframe` gives ``string``,
``Int64`` and ``datetime64`` columns. CSV cannot carry types: the README's pandas recipe
passes ``dtype=`` for the item-number columns.

``chunks`` is JSON Lines for retrieval tools: one record per block of section text no longer
than ``chunk_chars`` (split at paragraphs, then sentences, then spaces, never inside a
word), each with the metadata such tools filter on.

pandas and pyarrow are optional (``pip install 'kkrparse[pandas]'``); only
:func:`to_dataframe` and Parquet need them, and say so with :class:`ExportError`.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, closing, nullcontext
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any, Final, Literal

import regex
import sqlite_utils

from kkrparse.archive.names import DATABASE, EXPORT_TABLES, ArchiveError
from kkrparse.errors import KkrParseError

__all__ = [
    "CHUNK_CHARS",
    "CHUNK_FIELDS",
    "FORMATS",
    "LIST_COLUMNS",
    "ExportError",
    "Kind",
    "Query",
    "chunk_text",
    "chunks",
    "column_kinds",
    "format_for",
    "records",
    "to_dataframe",
    "write",
]

#: What a column holds once exported.
Kind = Literal["str", "int", "float", "date", "list"]

#: Output formats, by name; ``chunks`` is JSON Lines of section text (see module docstring).
FORMATS: Final = ("jsonl", "json", "csv", "parquet", "chunks")
#: The format a file name implies, by its extension.
_EXTENSIONS: Final = {".jsonl": "jsonl", ".json": "json", ".csv": "csv", ".parquet": "parquet"}

#: Columns stored as a JSON list of strings (a future schema's list columns are listed too,
#: so they export as lists the day the archive gains them).
LIST_COLUMNS: Final = frozenset(
    {"recommendations", "decision_history", "attachment_refs", "sub_points"}
)
#: Columns that hold an item number: always text, never a number (2.10 is not 2.1).
_ITEM_NUMBER_COLUMNS: Final = frozenset({"number", "parent", "item_number"})
#: Columns that hold a meeting's date (ISO ``YYYY-MM-DD``).
_DATE_COLUMNS: Final = frozenset({"date"})

#: Longest chunk of section text, in characters. 2,000 characters of Danish prose are about
#: 500 tokens, a common size for embedding models' passages.
CHUNK_CHARS: Final = 2000

#: Where a paragraph may be cut when it is longer than a chunk.
_SPLIT_RULES: Final = {
    # "… godkender aftalen. Formandskabet foreslår …": after the full stop, before a capital;
    # "kl. 10.00" and "jf. bilag 2" are not cut there.
    "sentence_end": regex.compile(r"(?<=[.!?…:;])\s+(?=[\p{Lu}\d\"“«(])"),
    # "Rammeaftalen for 2021-2022": any run of spaces, when a sentence is still too long.
    "space": regex.compile(r"\s+"),
}


class ExportError(KkrParseError):
    """The export cannot be written: an unknown format, or pandas or pyarrow missing."""

    reason = "export"


# --- what to export ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """Which rows to export: a table, and an optional filter on meetings and items.

    ``where`` is an SQL condition over the aliases ``m`` (meetings) and, when ``on_items``,
    ``i`` (items), with ``params`` for its placeholders (as
    :meth:`kkrparse.archive.filters.Filters.where` gives them). A table above items keeps
    a meeting when one of its items meets the condition. Tables outside a meeting
    (``files``, ``failures``) cannot be filtered.
    """

    table: str = "items"
    where: str = ""
    params: dict[str, Any] | Sequence[Any] = field(default_factory=dict)
    on_items: bool = False

    @property
    def filtered(self) -> bool:
        return self.where not in ("", "1")


#: Export queries: items and sections carry their meeting's body, date and type, so one
#: flat file answers "which council discussed what when" without a join. ``{where}`` is
#: the filter.
_SQL: Final = {
    "meetings": "SELECT m.* FROM meetings m WHERE {where} ORDER BY m.sha256",
    "items": """
        SELECT m.body, m.date, m.document_type, i.*
        FROM items i JOIN meetings m ON m.sha256 = i.meeting_sha256
        WHERE {where} ORDER BY m.date, m.sha256, i.position""",
    "sections": """
        SELECT m.body, m.date, m.document_type, i.number AS item_number, s.*
        FROM sections s JOIN items i ON i.id = s.item_id
        JOIN meetings m ON m.sha256 = s.meeting_sha256
        WHERE {where} ORDER BY m.date, m.sha256, i.position, s.position""",
}
#: Rows under an item, and rows under a meeting: filtered through their owners.
_UNDER_ITEM: Final = """
    SELECT t.* FROM [{table}] t JOIN items i ON i.id = t.item_id
    JOIN meetings m ON m.sha256 = t.meeting_sha256 WHERE {where} ORDER BY t.id"""
_UNDER_MEETING: Final = """
    SELECT t.* FROM [{table}] t JOIN meetings m ON m.sha256 = t.meeting_sha256
    WHERE {where} ORDER BY t.id"""
#: A condition on items, for a table above them: some item of the meeting meets it.
_SOME_ITEM: Final = "EXISTS (SELECT 1 FROM items i WHERE i.meeting_sha256 = m.sha256 AND {})"

_CHUNK_SQL: Final = """
    SELECT m.body, m.date, m.document_type, i.number, i.title, i.heading, s.key, s.heading,
           s.page_start, s.page_end, i.case_number, m.filename, m.sha256, i.id, s.position,
           s.text
    FROM sections s JOIN items i ON i.id = s.item_id
    JOIN meetings m ON m.sha256 = s.meeting_sha256
    WHERE {where} ORDER BY m.date, m.sha256, i.position, s.position"""


def _sql(db: sqlite_utils.Database, query: Query) -> str:
    if query.table not in EXPORT_TABLES:
        raise ExportError(f"unknown table {query.table!r}; choose from {', '.join(EXPORT_TABLES)}")
    where = query.where if query.filtered else "1"
    if query.table in ("attachments", "links", "items", "sections", "item_texts"):
        sql = _SQL.get(query.table, _UNDER_ITEM)
        return sql.format(table=query.table, where=where)
    if query.filtered and query.on_items:
        where = _SOME_ITEM.format(where)
    if query.table in ("meetings", "attendance", "warnings"):
        return _SQL.get(query.table, _UNDER_MEETING).format(table=query.table, where=where)
    if query.filtered:
        raise ExportError(f"{query.table} cannot be filtered by council, kind or date")
    table = db.table(query.table)  # files and failures: by their primary key
    return f"SELECT * FROM [{query.table}] ORDER BY {', '.join(table.pks)}"


def column_kinds(db: sqlite_utils.Database, table: str, columns: Iterable[str]) -> dict[str, Kind]:
    """What each exported column of ``table`` holds (see the module docstring)."""
    declared: dict[str, type] = {}
    for name in ("items", "meetings", table):  # the exported table's own columns win
        declared.update(db[name].columns_dict)
    names = {int: "int", float: "float", str: "str"}
    kinds: dict[str, Kind] = {}
    for column in columns:
        if column in LIST_COLUMNS:
            kinds[column] = "list"
        elif column in _DATE_COLUMNS:
            kinds[column] = "date"
        elif column in _ITEM_NUMBER_COLUMNS:
            kinds[column] = "str"
        else:
            kinds[column] = names.get(declared.get(column, str), "str")  # type: ignore[assignment]
    return kinds


def records(
    db: sqlite_utils.Database, query: Query
) -> tuple[dict[str, Kind], Iterator[dict[str, Any]]]:
    """The columns (with their kinds) and rows of ``query``, lists decoded, in a stable order."""
    cursor = db.execute(_sql(db, query), query.params)
    columns = [d[0] for d in cursor.description]
    kinds = column_kinds(db, query.table, columns)
    lists = [n for n, c in enumerate(columns) if kinds[c] == "list"]

    def rows() -> Iterator[dict[str, Any]]:
        for row in cursor:
            values = list(row)
            for n in lists:
                values[n] = None if values[n] is None else json.loads(values[n])
            yield dict(zip(columns, values, strict=True))

    return kinds, rows()


# --- writing ----------------------------------------------------------------------------------


def format_for(path: Path | None, fmt: str | None) -> str:
    """The format to write: ``fmt`` (any case) when given, else what ``path``'s extension says,
    else JSON Lines for standard output. Raises :class:`ExportError` when neither tells."""
    if fmt is not None:
        name = fmt.lower()
        if name not in FORMATS:
            raise ExportError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
        return name
    if path is None:
        return "jsonl"
    try:
        return _EXTENSIONS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(_EXTENSIONS)
        raise ExportError(
            f"cannot tell the format from {path.name!r}: use an extension ({known}) or --format"
        ) from None


def write(
    out: IO[str] | Path, fmt: str, kinds: Mapping[str, Kind], rows: Iterable[dict[str, Any]]
) -> int:
    """Write ``rows`` as ``fmt`` (``jsonl``, ``json``, ``csv`` or ``parquet``) to a text
    stream or a file (Parquet: a file only); returns how many rows were written."""
    if fmt == "parquet":
        if not isinstance(out, Path):
            raise ExportError("Parquet is written to a file: give -o FILE.parquet")
        return _write_parquet(out, kinds, rows)
    # newline="": the csv module writes its own line ends.
    opened: AbstractContextManager[IO[str]] = (
        out.open("w", encoding="utf-8", newline="") if isinstance(out, Path) else nullcontext(out)
    )
    with opened as fh:
        if fmt == "csv":
            return _write_csv(fh, kinds, rows)
        if fmt == "json":
            return _write_json(fh, rows)
        count = 0
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
        return count


def _write_csv(fh: IO[str], kinds: Mapping[str, Kind], rows: Iterable[dict[str, Any]]) -> int:
    writer = csv.writer(fh)
    writer.writerow(kinds)
    count = 0
    for row in rows:
        writer.writerow(
            json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v for v in row.values()
        )
        count += 1
    return count


def _write_json(fh: IO[str], rows: Iterable[dict[str, Any]]) -> int:
    """One JSON array, one row per line, written as it goes (an archive can be large)."""
    count = 0
    fh.write("[")
    for row in rows:
        fh.write(("\n" if not count else ",\n") + json.dumps(row, ensure_ascii=False))
        count += 1
    fh.write("\n]\n" if count else "]\n")
    return count


def _require(module: str) -> Any:
    try:
        return __import__(module)
    except ImportError:
        raise ExportError(
            f"{module} is not installed: pip install 'kkrparse[pandas]' (the pandas extra)"
        ) from None


def _arrow_type(kind: Kind) -> Any:
    pa = _require("pyarrow")
    return {
        "str": pa.string(),
        "int": pa.int64(),
        "float": pa.float64(),
        "date": pa.date32(),
        "list": pa.list_(pa.string()),
    }[kind]


def _typed(kind: Kind, value: Any) -> Any:
    if kind == "date" and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def _write_parquet(path: Path, kinds: Mapping[str, Kind], rows: Iterable[dict[str, Any]]) -> int:
    pa = _require("pyarrow")
    parquet = _require("pyarrow.parquet").parquet
    schema = pa.schema([(name, _arrow_type(kind)) for name, kind in kinds.items()])
    columns: dict[str, list[Any]] = {name: [] for name in kinds}
    for row in rows:
        for name, kind in kinds.items():
            columns[name].append(_typed(kind, row[name]))
    table = pa.Table.from_pydict(columns, schema=schema)
    parquet.write_table(table, path)
    return int(table.num_rows)


# --- pandas -----------------------------------------------------------------------------------

#: pandas dtypes by kind; lists stay Python lists (object).
_PANDAS_DTYPES: Final = {"str": "string", "int": "Int64", "float": "Float64"}


def to_dataframe(
    table: str = "items",
    *,
    archive: Path | str | sqlite_utils.Database,
    where: str = "",
    params: dict[str, Any] | Sequence[Any] | None = None,
) -> Any:  # a pandas.DataFrame (pandas is optional, and has no stubs here)
    """One archive table as a pandas data frame with typed columns.

    ``archive`` is an archive folder or an open database. Item numbers are ``string``
    (``2.10`` stays ``2.10``), integers ``Int64`` (nulls allowed), the meeting date
    ``datetime64``, list columns Python lists. Needs the ``pandas`` extra.
    """
    pd = _require("pandas")
    query = Query(table, where, {} if params is None else params)
    with _database(archive) as db:
        kinds, rows = records(db, query)
        frame = pd.DataFrame.from_records(list(rows), columns=list(kinds))
    for name, kind in kinds.items():
        if kind == "date":
            frame[name] = pd.to_datetime(frame[name], format="%Y-%m-%d")
        elif kind in _PANDAS_DTYPES:
            frame[name] = frame[name].astype(_PANDAS_DTYPES[kind])
    return frame


def _database(
    archive: Path | str | sqlite_utils.Database,
) -> AbstractContextManager[sqlite_utils.Database]:
    if isinstance(archive, sqlite_utils.Database):
        return nullcontext(archive)
    path = Path(archive) / DATABASE
    if not path.is_file():
        raise ArchiveError(f"{archive}: no archive here (no {DATABASE}); run `kkrparse archive`")
    # Not store.open_database: the store imports this module's package, whose
    # to_dataframe imports this module (an import cycle).
    return closing(sqlite_utils.Database(path))


# --- chunks -----------------------------------------------------------------------------------


def chunk_text(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters: whole paragraphs where they
    fit, a long paragraph at sentence ends, a long sentence at spaces. A single word longer
    than ``limit`` stays whole."""
    pieces: list[str] = []
    for paragraph in (p.strip() for p in text.split("\n\n")):
        if paragraph:
            pieces.extend(_split(paragraph, limit, ("sentence_end", "space")))
    return _pack(pieces, limit, "\n\n")


def _split(text: str, limit: int, rules: tuple[str, ...]) -> list[str]:
    if len(text) <= limit or not rules:
        return [text]
    rule, rest = rules[0], rules[1:]
    parts = [p for p in _SPLIT_RULES[rule].split(text) if p]
    if len(parts) == 1:
        return _split(text, limit, rest)
    pieces: list[str] = []
    for part in parts:
        pieces.extend(_split(part, limit, rest))
    return _pack(pieces, limit, " ")


def _pack(pieces: list[str], limit: int, separator: str) -> list[str]:
    """Join consecutive pieces with ``separator`` while the result stays within ``limit``."""
    packed: list[str] = []
    for piece in pieces:
        if packed and len(packed[-1]) + len(separator) + len(piece) <= limit:
            packed[-1] += separator + piece
        else:
            packed.append(piece)
    return packed


#: The fields of a chunk record, in order; ``text`` is last.
CHUNK_FIELDS: Final = (
    "id",
    "council",
    "date",
    "document_type",
    "item_number",
    "item_title",
    "section_key",
    "section_heading",
    "page_start",
    "page_end",
    "case_number",
    "source_file",
    "sha256",
    "item_id",
    "chunk_index",
    "text",
)


def chunks(
    db: sqlite_utils.Database, query: Query | None = None, limit: int = CHUNK_CHARS
) -> Iterator[dict[str, Any]]:
    """Section text as chunks of at most ``limit`` characters, with their metadata, in
    meeting, item, section and chunk order. ``query.table`` is ignored; its filter counts."""
    query = query or Query("sections")
    cursor = db.execute(_CHUNK_SQL.format(where=query.where or "1"), query.params)
    for row in cursor:
        (body, day, doc_type, number, title, heading, key, section_heading) = row[:8]
        page_start, page_end, case, filename, sha, item_id, position, text = row[8:]
        for index, piece in enumerate(chunk_text(text or "", limit)):
            yield dict(
                zip(
                    CHUNK_FIELDS,
                    (
                        f"{sha}:{item_id}:{position}:{index}",
                        body,
                        day,
                        doc_type,
                        number,
                        title or heading,
                        key,
                        section_heading,
                        page_start,
                        page_end,
                        case,
                        filename,
                        sha,
                        item_id,
                        index,
                        piece,
                    ),
                    strict=True,
                )
            )

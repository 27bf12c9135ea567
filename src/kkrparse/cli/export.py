"""``kkrparse export``: one archive table as JSON Lines, JSON, CSV or Parquet, or chunks.

The format follows ``-o``'s extension (``.jsonl``, ``.json``, ``.csv``, ``.parquet``) unless
``--format`` names one (any case); standard output gets JSON Lines. An extension that says
nothing and no ``--format`` is a usage error (exit 2), so a ``.csv`` never holds JSON.
Rows go to stdout or the file; the row count goes to stderr.

Exit status: 0 written, 2 usage error (an unknown format or table, pandas or pyarrow
missing for Parquet), 3 the archive is unusable.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Final

import typer
from rich.text import Text

from kkrparse.archive import DEFAULT_ARCHIVE, EXPORT_TABLES, ArchiveError
from kkrparse.cli import common
from kkrparse.cli.common import ExitCode
from kkrparse.errors import KkrParseError

#: The tables ``export --table`` offers, made from kkrparse.archive.EXPORT_TABLES so there is
#: one list. mypy cannot see members of an Enum made from a variable; typer needs an Enum.
ExportTable = Enum(  # type: ignore[misc]
    "ExportTable", {name: name for name in EXPORT_TABLES}, type=str
)
_DEFAULT_TABLE: Final = ExportTable("items")

#: Kept in step with kkrparse.archive.export.CHUNK_CHARS (not imported: the CLI starts
#: without sqlite-utils, which imports pandas when it is installed).
_CHUNK_CHARS: Final = 2000


def export(
    archive_dir: Annotated[
        Path,
        typer.Option("--archive", metavar="DIR", file_okay=False, help="The archive folder."),
    ] = DEFAULT_ARCHIVE,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            show_default=False,
            help="jsonl, json, csv, parquet or chunks (default: from -o's extension, else jsonl).",
        ),
    ] = None,
    table: Annotated[ExportTable, typer.Option(help="Which table.")] = _DEFAULT_TABLE,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", dir_okay=False, help="Write here instead of stdout."),
    ] = None,
    body: Annotated[
        str | None, typer.Option(help='Only councils whose name has this, e.g. "Sjælland".')
    ] = None,
    kind: Annotated[
        str | None, typer.Option(help="Only items of this kind, e.g. Beslutningssag.")
    ] = None,
    date_from: Annotated[
        str | None,
        typer.Option("--from", metavar="DATE", help="Meetings on or after (YYYY[-MM[-DD]])."),
    ] = None,
    date_to: Annotated[
        str | None,
        typer.Option("--to", metavar="DATE", help="Meetings on or before (YYYY[-MM[-DD]])."),
    ] = None,
    chunk_chars: Annotated[
        int,
        typer.Option(min=100, metavar="N", help="--format chunks: longest chunk, in characters."),
    ] = _CHUNK_CHARS,
) -> None:
    """Write one table (UTF-8, one row per line where the format has lines), ready for pandas."""
    from kkrparse.archive import export as ex
    from kkrparse.archive.filters import Filters
    from kkrparse.archive.store import open_database

    err = common.stderr_console()
    try:
        name = ex.format_for(output, fmt)
        filters = Filters.parse(body=body, kind=kind, date_from=date_from, date_to=date_to)
    except KkrParseError as exc:  # an unknown format, a date that is none
        raise common.usage_error(str(exc)) from None
    where, params = filters.where(meetings="m", items="i")
    if name == "chunks" and output is not None and output.suffix.lower() not in ("", ".jsonl"):
        raise common.usage_error(f"chunks are JSON Lines: name the file .jsonl, not {output.name}")
    if name == "parquet" and output is None:
        raise common.usage_error("Parquet is written to a file: give -o FILE.parquet")
    what = "sections, in chunks" if name == "chunks" else table.value
    try:
        with open_database(archive_dir) as db:
            if name == "chunks":
                rows = ex.chunks(db, ex.Query("sections", where, params), chunk_chars)
                kinds: dict[str, ex.Kind] = {field: "str" for field in ex.CHUNK_FIELDS}
                name = "jsonl"
            else:
                kinds, rows = ex.records(
                    db, ex.Query(table.value, where, params, on_items=filters.kind is not None)
                )
            count = ex.write(sys.stdout if output is None else output, name, kinds, rows)
    except ArchiveError as exc:
        err.print(Text.assemble(("error: ", "red"), common.printable(str(exc))), soft_wrap=True)
        raise typer.Exit(ExitCode.ARCHIVE) from None
    except ex.ExportError as exc:
        raise common.usage_error(str(exc)) from None
    err.print(f"{count} rows from {what}", style="dim")
    raise typer.Exit(ExitCode.OK)

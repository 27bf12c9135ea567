"""``kkrparse case NUMBER``: every appearance of a case in the archive, in date order.

Case numbers are compared normalised (:func:`kkrparse.cases.case_key`); items without a
case number whose title is like the case's in the same body follow as *possible* matches
with their score (:data:`kkrparse.archive.politics.POSSIBLE_MATCH_THRESHOLD`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.text import Text

from kkrparse.archive import DEFAULT_ARCHIVE, ArchiveError
from kkrparse.cli import common
from kkrparse.cli.common import ExitCode, printable

# Imported for types only: sqlite-utils (which politics needs) would slow every command's start.
if TYPE_CHECKING:
    from kkrparse.archive.politics import Appearance


def _line(row: Appearance) -> Text:
    """``date  body  type  number title  [kind]  outcome  file p. N``, one appearance."""
    meeting = "  ".join(printable(x or "?") for x in (row.date, row.body, row.document_type))
    line = Text.assemble((meeting, "cyan"), "  ", (printable(f"{row.number} {row.title}"), "bold"))
    if row.kind:
        line.append(f"  [{printable(row.kind)}]")
    if row.outcome:
        line.append(f"  {row.outcome}", style="green")
    line.append(f"  {printable(row.filename or row.sha256[:12])} p. {row.page}", style="dim")
    if row.score is not None:
        line.append(f"  score {row.score:.2f}", style="yellow")
    return line


def _print(rows: list[Appearance]) -> None:
    out = Console(highlight=False)
    possible = False
    for row in rows:
        if row.score is not None and not possible:
            possible = True
            out.print(
                Text("possible: no case number, a title like the case's, the same body", "bold"),
                soft_wrap=True,
            )
        out.print(_line(row), soft_wrap=True)


def case(
    number: Annotated[str, typer.Argument(help='The case number, e.g. "SAG-2020-05887".')],
    archive_dir: Annotated[
        Path, typer.Option("--archive", metavar="DIR", file_okay=False, help="The archive folder.")
    ] = DEFAULT_ARCHIVE,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON Lines, one appearance a line.")
    ] = False,
    possible: Annotated[
        bool,
        typer.Option(help="Also show items without a case number whose title is like the case's."),
    ] = True,
) -> None:
    """Every appearance of a case across meetings: body, date, document type, item, title,
    kind, decision outcome, source file and page. Exit 1 when the case is not found."""
    from kkrparse.archive import politics
    from kkrparse.archive.store import open_database

    err = common.stderr_console()
    try:
        with open_database(archive_dir) as db:
            rows = politics.case_appearances(db, number, possible=possible)
    except ArchiveError as exc:
        common.error_line(err, str(exc))
        raise typer.Exit(ExitCode.ARCHIVE) from None
    if as_json:
        for row in rows:
            common.write_stdout(json.dumps(row.to_dict(), ensure_ascii=False))
    else:
        _print(rows)
    sure = sum(row.score is None for row in rows)
    err.print(f"{sure} appearances, {len(rows) - sure} possible", style="dim")
    raise typer.Exit(ExitCode.OK if sure else ExitCode.FAILED)

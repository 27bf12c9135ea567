"""``kkrparse watch``: saved searches and what is new for them.

``watch add NAME QUERY`` saves a search (with ``--body``, ``--kind``, ``--from``, ``--to``
as ``kkrparse search`` takes them), ``watch list`` and ``watch remove NAME`` manage them, and
``watch report`` lists every watch's hits that are new since its last report — a hit in a
newly archived meeting, or one whose decision changed — and records the report, so the next
one shows only newer hits (``--since DATE`` lists the hits of documents archived since then
instead). The watches live in the archive's database (:mod:`kkrparse.archive.politics`).
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Annotated, Final

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from kkrparse.archive import DEFAULT_ARCHIVE, ArchiveError
from kkrparse.archive.filters import BadFilterError, Filters
from kkrparse.cli import common
from kkrparse.cli.common import ExitCode, printable

#: What ``kkrparse watch --help`` says.
HELP: Final = "Saved searches: add, list, remove, report."

ArchiveDir = Annotated[
    Path, typer.Option("--archive", metavar="DIR", file_okay=False, help="The archive folder.")
]


def _iso(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date (YYYY-MM-DD)", param_hint=option
        ) from None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _fail(exc: Exception) -> None:
    common.error_line(common.stderr_console(), str(exc))


def add(
    name: Annotated[str, typer.Argument(help="A name for the watch.")],
    query: Annotated[str, typer.Argument(help="Words to find, as `kkrparse search` takes them.")],
    archive_dir: ArchiveDir = DEFAULT_ARCHIVE,
    body: Annotated[str | None, typer.Option(help="Only this council.")] = None,
    kind: Annotated[str | None, typer.Option(help="Only items of this kind.")] = None,
    date_from: Annotated[
        str | None,
        typer.Option("--from", metavar="DATE", help="Meetings on or after (YYYY, YYYY-MM, …)."),
    ] = None,
    date_to: Annotated[
        str | None,
        typer.Option("--to", metavar="DATE", help="Meetings on or before (YYYY, YYYY-MM, …)."),
    ] = None,
) -> None:
    """Save a search under NAME."""
    from kkrparse.archive import politics
    from kkrparse.archive.store import open_database

    try:
        filters = Filters.parse(body=body, kind=kind, date_from=date_from, date_to=date_to)
    except BadFilterError as exc:
        raise common.usage_error(str(exc)) from None
    watch = politics.Watch(
        name, query, filters.body, filters.kind, filters.date_from, filters.date_to
    )
    try:
        with open_database(archive_dir) as db:
            politics.add_watch(db, watch, _now())
    except ArchiveError as exc:
        _fail(exc)
        raise typer.Exit(ExitCode.ARCHIVE) from None
    except politics.WatchError as exc:
        _fail(exc)
        raise typer.Exit(ExitCode.USAGE) from None
    common.stderr_console().print(f"watch {printable(name)} saved", style="dim")


def list_(archive_dir: ArchiveDir = DEFAULT_ARCHIVE) -> None:
    """List the saved searches."""
    from kkrparse.archive import politics
    from kkrparse.archive.store import open_database

    try:
        with open_database(archive_dir) as db:
            watches = politics.list_watches(db)
    except ArchiveError as exc:
        _fail(exc)
        raise typer.Exit(ExitCode.ARCHIVE) from None
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    for column in ("name", "query", "body", "kind", "from", "to", "last report"):
        table.add_column(column)
    for w in watches:
        cells = (w.name, w.query, w.body, w.kind, w.date_from, w.date_to, w.reported_at)
        table.add_row(*(printable(c or "") for c in cells))
    if watches:
        Console(highlight=False).print(table)
    common.stderr_console().print(f"{len(watches)} watches", style="dim")


def remove(
    name: Annotated[str, typer.Argument(help="The watch to remove.")],
    archive_dir: ArchiveDir = DEFAULT_ARCHIVE,
) -> None:
    """Remove a saved search."""
    from kkrparse.archive import politics
    from kkrparse.archive.store import open_database

    try:
        with open_database(archive_dir) as db:
            politics.remove_watch(db, name)
    except ArchiveError as exc:
        _fail(exc)
        raise typer.Exit(ExitCode.ARCHIVE) from None
    except politics.WatchError as exc:
        _fail(exc)
        raise typer.Exit(ExitCode.FAILED) from None
    common.stderr_console().print(f"watch {printable(name)} removed", style="dim")


def report(
    archive_dir: ArchiveDir = DEFAULT_ARCHIVE,
    since: Annotated[
        str | None,
        typer.Option(metavar="DATE", help="Hits of documents archived since DATE instead."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON Lines.")] = False,
) -> None:
    """The new hits of every watch since its last report; records this report."""
    from kkrparse.archive import politics
    from kkrparse.archive.store import open_database

    start = _iso(since, "--since")
    try:
        with open_database(archive_dir) as db:
            hits = politics.watch_report(db, _now(), since=start)
    except ArchiveError as exc:
        _fail(exc)
        raise typer.Exit(ExitCode.ARCHIVE) from None
    out = Console(highlight=False)
    for hit in hits:
        if as_json:
            common.write_stdout(json.dumps(hit.to_dict(), ensure_ascii=False))
            continue
        meeting = " ".join(filter(None, [hit.body, hit.date, hit.document_type]))
        heading = common.numbered(hit.number, hit.heading)
        line = Text.assemble(
            (f"{printable(hit.watch)}  ", "bold"),
            (printable(meeting), "cyan"),
            "  ",
            printable(heading),
        )
        if hit.changed:
            line.append("  (decision changed)", style="yellow")
        out.print(line, soft_wrap=True)
    common.stderr_console().print(f"{len(hits)} new hits", style="dim")


#: The subcommands, in the order ``watch --help`` lists them (registered in kkrparse.cli).
COMMANDS: Final = (("add", add), ("list", list_), ("remove", remove), ("report", report))

"""The archive commands: ``kkrparse archive``, ``search`` and ``list`` (``export`` is
:mod:`kkrparse.cli.export`).

Text for a person goes to stderr (progress, log lines, the summary table); ``search``
prints its hits on stdout.

Exit status (:class:`kkrparse.cli.common.ExitCode`): 0 all fine, 1 some document failed in
this run, 2 usage error, 3 the archive is unusable (cannot be created or written, a corrupt
database, or locked by another run), 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Final

import typer
from rich import box
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from kkrparse.archive import DEFAULT_ARCHIVE, ArchiveError
from kkrparse.cli import common
from kkrparse.cli.common import ExitCode
from kkrparse.runner import Limits, RunnerError

if TYPE_CHECKING:
    from kkrparse.archive.store import ArchiveOptions, Event, Summary

# kkrparse.archive itself is light; its store and database modules are imported inside the
# commands: sqlite-utils imports pandas when it is installed, which would slow every
# `kkrparse parse` by seconds.

_DEFAULTS: Final = Limits()

ArchiveDir = Annotated[
    Path,
    typer.Option(
        "--archive",
        metavar="DIR",
        file_okay=False,
        help="The archive folder.",
    ),
]


def _fail_archive(err: Console, exc: ArchiveError) -> typer.Exit:
    err.print(Text.assemble(("error: ", "red"), common.printable(str(exc))), soft_wrap=True)
    return typer.Exit(ExitCode.ARCHIVE)


class _RateColumn(ProgressColumn):
    """Documents per second over the recent past (rich keeps the samples)."""

    def render(self, task: Task) -> Text:
        speed = task.speed
        return Text("… docs/s" if speed is None else f"{speed:.1f} docs/s", style="cyan")


def _event_line(event: Event) -> Text:
    style = {"failed": "red", "new": "green", "updated": "green"}.get(event.status, "dim")
    path = common.shown(event.path)
    line = Text.assemble((event.status, style), " ", event.outcome, " ", (path, "bold"))
    if event.reason:
        line.append(f": {common.printable(' '.join(event.reason.split()))}")
    return line


def _summary_table(summary: Summary) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("documents")
    table.add_column("files", justify="right")
    statuses = summary.statuses
    table.add_row("new", str(statuses["new"]), style="green" if statuses["new"] else None)
    table.add_row("updated", str(statuses["updated"]))
    unchanged = f"{statuses['unchanged']}"
    if summary.known_failures:
        known = summary.known_failures
        unchanged += f" ({known} known failure{'s' if known != 1 else ''})"
    table.add_row("unchanged", unchanged)
    table.add_row("duplicate", str(statuses["duplicate"]))
    failed = summary.failed.total()
    table.add_row("failed", str(failed), style="red" if failed else None)
    for outcome, count in sorted(summary.failed.items()):
        table.add_row(f"  {outcome}", str(count))
    return table


def _progress(err: Console) -> Progress:
    return Progress(
        TextColumn("archiving"),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


def _run(archive_dir: Path, sources: list[Path], options: ArchiveOptions, err: Console) -> Summary:
    """Run the archive job with a progress bar (on a terminal) or a log; failures end it."""
    from kkrparse.archive.store import Archive

    progress = _progress(err)
    task = progress.add_task("archiving", total=None)

    def on_event(event: Event) -> None:
        if not err.is_terminal:  # a log: one line per document that did anything
            if event.status != "unchanged":
                err.print(_event_line(event), soft_wrap=True)
        elif event.status == "failed":
            progress.console.print(_event_line(event), soft_wrap=True)
        progress.advance(task)

    try:
        with Archive(archive_dir) as store, progress:
            return store.run(
                sources,
                options,
                on_found=lambda n: progress.update(task, total=n),
                on_event=on_event,
            )
    except ArchiveError as exc:
        raise _fail_archive(err, exc) from None
    except RunnerError as exc:
        common.error_line(err, str(exc))
        raise typer.Exit(ExitCode.FAILED) from None
    except KeyboardInterrupt:
        # Safe at any moment (see kkrparse.archive): nothing to undo, the next run completes.
        err.print("interrupted: the archive is consistent; the next run completes the work")
        raise typer.Exit(ExitCode.INTERRUPTED) from None


def _tell(err: Console, summary: Summary, reparse: bool, archive_dir: Path) -> None:
    """What the run did: a changed parser version, the table, or that nothing changed."""
    if summary.outdated:
        versions = ", ".join(summary.outdated_versions)
        verb = "re-parsed" if summary.found else "to re-parse"
        err.print(
            f"parser version changed ({versions} → {summary.parser_version}): "
            f"{summary.outdated} archived documents {verb}",
            soft_wrap=True,
        )
    elif reparse:
        err.print("--reparse: every document parsed again", soft_wrap=True)
    err.print(_summary_table(summary))
    changed = summary.statuses["new"] + summary.statuses["updated"]
    if not changed and summary.ok:
        err.print(Text(f"nothing changed in {common.shown(archive_dir)}"), soft_wrap=True)


def archive(
    sources: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[SRC]...",
            help="Folders (searched recursively) or PDF files.",
            show_default=False,
        ),
    ] = None,
    archive_dir: ArchiveDir = DEFAULT_ARCHIVE,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1, show_default=False, help="Worker processes (default: the number of CPUs)."
        ),
    ] = None,
    timeout: Annotated[
        float, typer.Option(min=0.1, help="Wall-clock seconds allowed per document.")
    ] = _DEFAULTS.timeout,
    memory: Annotated[
        int, typer.Option(min=64, metavar="MIB", help="Memory limit per worker, in MiB.")
    ] = _DEFAULTS.memory // 1024**2,
    max_pages: Annotated[
        int, typer.Option(min=1, help="Documents with more pages are too_large.")
    ] = _DEFAULTS.max_pages,
    reparse: Annotated[bool, typer.Option("--reparse", help="Parse every document again.")] = False,
    retry_failed: Annotated[
        bool,
        typer.Option("--retry-failed", help="Retry known failures, quarantined ones included."),
    ] = False,
    stats: Annotated[
        bool,
        typer.Option("--stats", help="Then list what the archive holds (alone: only that)."),
    ] = False,
) -> None:
    """Archive every PDF under SRC: parse what is new, keep a copy, index it for search."""
    from kkrparse.archive.store import ArchiveOptions

    err = common.stderr_console()
    if not sources:
        if not stats:
            raise common.usage_error("name a folder or file to archive (or ask for --stats)")
        _print_stats(archive_dir, err)
        raise typer.Exit(ExitCode.OK)
    missing = [common.shown(source) for source in sources if not source.exists()]
    if missing:
        err.print(Text(f"error: no such folder or file: {', '.join(missing)}", style="red"))
        raise typer.Exit(ExitCode.USAGE)
    options = ArchiveOptions(
        reparse=reparse,
        retry_failed=retry_failed,
        limits=Limits(timeout=timeout, memory=memory * 1024**2, max_pages=max_pages),
        workers=workers,
    )
    summary = _run(archive_dir, sources, options, err)
    _tell(err, summary, reparse, archive_dir)
    if stats:
        _print_stats(archive_dir, err)
    raise typer.Exit(ExitCode.OK if summary.ok else ExitCode.FAILED)


#: ``kkrparse search -x``: a query that starts with a dash is words to find, not an unknown
#: option (click would otherwise refuse it as a usage error).
SEARCH_CONTEXT: Final = {"ignore_unknown_options": True}

SEARCH_HELP: Final = """Search item headings, sections and decisions; show the best hits.

Words are all required; OR takes either; NOT leaves out an item when any of its texts
has the word; "a phrase" keeps its word order; word* is a prefix. Exit status: 0 when
something was found, 1 when nothing was (as grep), 2 for a usage error, 3 when the archive
cannot be read.
"""


def search(
    query: Annotated[
        str,
        typer.Argument(help='Words to find (all of them); word*; "a phrase"; OR, NOT.'),
    ],
    archive_dir: ArchiveDir = DEFAULT_ARCHIVE,
    body: Annotated[
        list[str] | None,
        typer.Option(help='Only councils whose name has this, e.g. "sjaelland" (repeatable).'),
    ] = None,
    date_from: Annotated[
        str | None,
        typer.Option("--from", metavar="DATE", help="Meetings on or after: YYYY, YYYY-MM, …"),
    ] = None,
    date_to: Annotated[
        str | None,
        typer.Option("--to", metavar="DATE", help="Meetings on or before: YYYY, YYYY-MM, …"),
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(help="Only items of this kind, e.g. beslutningssager (repeatable)."),
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many hits.")] = 20,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per hit (JSON Lines) on stdout.")
    ] = False,
) -> None:
    from kkrparse.archive import db as dbm
    from kkrparse.archive.filters import BadFilterError, Filters
    from kkrparse.archive.store import open_database

    err = common.stderr_console()
    try:
        dates = Filters.parse(date_from=date_from, date_to=date_to)
    except BadFilterError as exc:
        raise common.usage_error(str(exc)) from None
    try:
        with open_database(archive_dir) as db:
            hits = dbm.search(
                db,
                query,
                bodies=body or (),
                date_from=dates.date_from,
                date_to=dates.date_to,
                kinds=kind or (),
                limit=limit,
            )
    except ArchiveError as exc:
        raise _fail_archive(err, exc) from None
    if as_json:
        for hit in hits:
            common.write_stdout(json.dumps(hit.as_json(), ensure_ascii=False) + "\n")
    else:
        _show_hits(hits)
    err.print(f"{len(hits)} hit{'s' if len(hits) != 1 else ''}", style="dim")
    raise typer.Exit(ExitCode.OK if hits else ExitCode.FAILED)


search.__doc__ = SEARCH_HELP


def _show_hits(hits: list[Any]) -> None:
    out = Console(highlight=False)
    for hit in hits:
        meeting = common.printable(" ".join(filter(None, [hit.body, hit.date, hit.document_type])))
        heading = common.printable(common.numbered(hit.number, hit.heading))
        out.print(Text.assemble((meeting, "cyan"), "  ", (heading, "bold")), soft_wrap=True)
        where = [f"{hit.filename} p. {hit.page}", hit.case_number, f"item {hit.item_id}"]
        out.print(
            Text("   " + common.printable(" · ".join(filter(None, where))), style="dim"),
            soft_wrap=True,
        )
        out.print(Text("   ").append_text(_highlight(hit.snippet)), soft_wrap=True)


class Holding(str, Enum):
    bodies = "bodies"
    kinds = "kinds"
    years = "years"
    document_types = "document_types"


def list_command(
    what: Annotated[Holding, typer.Argument(help="What to list.")],
    archive_dir: ArchiveDir = DEFAULT_ARCHIVE,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per value (JSON Lines) on stdout.")
    ] = False,
) -> None:
    """List the councils, kinds of item, years or document types the archive holds, counted."""
    from kkrparse.archive import db as dbm
    from kkrparse.archive.store import open_database

    err = common.stderr_console()
    try:
        with open_database(archive_dir) as db:
            rows = dbm.holdings(db, what.value)
    except ArchiveError as exc:
        raise _fail_archive(err, exc) from None
    unit = dbm.HOLDING_UNITS[what.value]
    if as_json:
        for value, count in rows:
            common.write_stdout(
                json.dumps({"value": value, unit: count}, ensure_ascii=False) + "\n"
            )
    else:
        Console(highlight=False).print(_holdings_table(what.value, unit, rows))
    raise typer.Exit(ExitCode.OK)


def _holdings_table(what: str, unit: str, rows: list[tuple[str | None, int]]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column(what)
    table.add_column(unit, justify="right")
    for value, count in rows:
        table.add_row(common.printable(value) if value is not None else "(none)", str(count))
    return table


def _print_stats(archive_dir: Path, err: Console) -> None:
    """``archive --stats``: how many rows each table holds, and the councils and years."""
    from kkrparse.archive import db as dbm
    from kkrparse.archive.store import open_database

    try:
        with open_database(archive_dir) as db:
            counts = dbm.counts(db)
            held = {what: dbm.holdings(db, what) for what in ("bodies", "years")}
    except ArchiveError as exc:
        raise _fail_archive(err, exc) from None
    out = Console(highlight=False)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, count in counts.items():
        table.add_row(name, str(count))
    out.print(table)
    for what, rows in held.items():
        out.print(_holdings_table(what, dbm.HOLDING_UNITS[what], rows))


def _highlight(snippet: str) -> Text:
    """The snippet with matched words in bold, from the database's hit marks."""
    from kkrparse.archive import db as dbm

    text = Text()
    for n, part in enumerate(snippet.replace(dbm.HIT_END, dbm.HIT_START).split(dbm.HIT_START)):
        shown = common.printable(" ".join(part.split(" \n")).replace("\n", " "))
        text.append(shown, "bold yellow" if n % 2 else "")
    return text

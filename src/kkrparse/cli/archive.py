"""The archive commands: ``kkrparse archive`` and ``search`` (``export`` is
:mod:`kkrparse.cli.export`).

Text for a person goes to stderr (progress, log lines, the summary table); ``search``
prints its hits on stdout.

Exit status (:class:`kkrparse.cli.common.ExitCode`): 0 all fine, 1 some document failed in
this run, 2 usage error, 3 the archive is unusable (cannot be created or written, a corrupt
database, or locked by another run), 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Final

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
        list[Path],
        typer.Argument(metavar="SRC...", help="Folders (searched recursively) or PDF files."),
    ],
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
) -> None:
    """Archive every PDF under SRC: parse what is new, keep a copy, index it for search."""
    from kkrparse.archive.store import ArchiveOptions

    err = common.stderr_console()
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
    raise typer.Exit(ExitCode.OK if summary.ok else ExitCode.FAILED)


def _iso(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date (YYYY-MM-DD)", param_hint=option
        ) from None


#: ``kkrparse search -x``: a query that starts with a dash is words to find, not an unknown
#: option (click would otherwise refuse it as a usage error).
SEARCH_CONTEXT: Final = {"ignore_unknown_options": True}


def search(
    query: Annotated[
        str,
        typer.Argument(help="Words to find (all of them); word* for a prefix; OR, NOT."),
    ],
    archive_dir: ArchiveDir = DEFAULT_ARCHIVE,
    body: Annotated[
        list[str] | None, typer.Option(help='Only this council, e.g. "KKR Sjælland" (repeatable).')
    ] = None,
    date_from: Annotated[
        str | None, typer.Option("--from", metavar="DATE", help="Meetings on or after.")
    ] = None,
    date_to: Annotated[
        str | None, typer.Option("--to", metavar="DATE", help="Meetings on or before.")
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(help="Only items of this kind, e.g. Beslutningssag (repeatable)."),
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many hits.")] = 20,
) -> None:
    """Search item headings and texts; show the best hits with a highlighted snippet."""
    from kkrparse.archive import db as dbm
    from kkrparse.archive.store import open_database

    err = common.stderr_console()
    start, end = _iso(date_from, "--from"), _iso(date_to, "--to")
    try:
        with open_database(archive_dir) as db:
            hits = dbm.search(
                db,
                query,
                bodies=body or (),
                date_from=start,
                date_to=end,
                kinds=kind or (),
                limit=limit,
            )
    except ArchiveError as exc:
        raise _fail_archive(err, exc) from None
    out = Console(highlight=False)
    for hit in hits:
        meeting = common.printable(" ".join(filter(None, [hit.body, hit.date, hit.document_type])))
        heading = common.printable(common.numbered(hit.number, hit.heading))
        out.print(Text.assemble((meeting, "cyan"), "  ", (heading, "bold")), soft_wrap=True)
        out.print(Text("   ").append_text(_highlight(hit.snippet)), soft_wrap=True)
    err.print(f"{len(hits)} hit{'s' if len(hits) != 1 else ''}", style="dim")
    raise typer.Exit(ExitCode.OK)


def _highlight(snippet: str) -> Text:
    """The snippet with matched words in bold, from the database's hit marks."""
    from kkrparse.archive import db as dbm

    text = Text()
    for n, part in enumerate(snippet.replace(dbm.HIT_END, dbm.HIT_START).split(dbm.HIT_START)):
        shown = common.printable(" ".join(part.split(" \n")).replace("\n", " "))
        text.append(shown, "bold yellow" if n % 2 else "")
    return text

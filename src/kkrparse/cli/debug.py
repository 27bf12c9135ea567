"""``kkrparse debug``: draw what the parser decided on the pages, as a PNG or an HTML report.

Drawing parses the PDF and renders its pages: the same hostile bytes as ``kkrparse parse``
reads. So the whole of it (the parser's Trace, the page images, the report) is made in a
worker process under ``--timeout`` and ``--memory`` (a :class:`kkrparse.runner.Draw` job),
and only the finished bytes come back to be written here. On Windows, where workers are not
supported, it is drawn in this process.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from kkrparse import EmptyInputError, ParseOptions, pipeline, runner
from kkrparse.cli import common
from kkrparse.cli.common import DEBUG_HELP, ExitCode
from kkrparse.debug import CLASSES, DEFAULT_RESOLUTION, html_report, render_pages


def _draw_here(file: Path, draw: runner.Draw, err: Console, debug: bool) -> runner.Drawn:
    """Draw in this process, without limits: only where workers are not supported."""
    try:
        data = file.read_bytes()
        if not data:
            raise EmptyInputError("the file is empty (0 bytes)")
        trace = pipeline.trace_pdf(data, ParseOptions())
        wanted = draw.pages
        views = []
        if wanted is None or all(1 <= n <= len(trace.pages) for n in wanted):
            views = list(render_pages(data, trace, wanted, draw.resolution))
    except Exception as exc:
        common.report_exception(err, file, exc, debug)
        raise typer.Exit(ExitCode.FAILED) from None
    payload = b""
    if views:
        payload = html_report(trace, views, draw.title).encode() if draw.html else views[0].png
    counts: Counter[str] = Counter()
    for view in views:
        counts.update(view.counts())
    return runner.Drawn(payload, len(trace.pages), len(trace.items), len(views), dict(counts))


def _drawn(
    file: Path, draw: runner.Draw, limits: runner.Limits, err: Console, debug: bool
) -> runner.Drawn:
    """What was drawn; a failure ends the command with its one failure line."""
    if not runner.SUPPORTED:
        return _draw_here(file, draw, err, debug)
    result = common.run_one(file, ParseOptions(), limits, err, debug, draw)
    if result is None or result.drawn is None:
        raise typer.Exit(ExitCode.FAILED)
    return result.drawn


def _summary(counts: dict[str, int]) -> str:
    summary = ", ".join(f"{c.label} {counts[c.name]}" for c in CLASSES if counts.get(c.name))
    return summary or "nothing drawn"


def debug_command(
    file: Annotated[Path, typer.Argument(help="A PDF.")],
    page: Annotated[
        int | None,
        typer.Option("--page", "-p", min=1, help="Draw this page (1-based) as a PNG."),
    ] = None,
    html: Annotated[
        bool,
        typer.Option("--html", help="Write one HTML report with every page (or --page only)."),
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            dir_okay=False,
            help="Where to write (default: NAME.pN.png or NAME.debug.html in the current folder).",
        ),
    ] = None,
    resolution: Annotated[
        int, typer.Option(min=20, max=600, help="Pixels per inch of the page images.")
    ] = DEFAULT_RESOLUTION,
    debug: Annotated[bool, typer.Option("--debug", help=DEBUG_HELP)] = False,
    timeout: common.Timeout = common.DEFAULT_TIMEOUT,
    memory: common.Memory = common.DEFAULT_MEMORY,
) -> None:
    """Draw what the parser decided on the pages: headers removed, headings, labels, blocks,
    links and line-end hyphens, in one colour each. Parsed and drawn in a worker process
    under --timeout and --memory."""
    err = common.stderr_console()
    name = common.shown(file.name)
    shown = common.shown(file)
    if file.suffix.lower() in (".txt", ".json"):
        raise common.usage_error(
            f"{shown}: debug draws on PDF pages; a {file.suffix} file has none"
        )
    if page is None and not html:
        raise common.usage_error("say what to draw: --page N for a PNG, --html for a report")
    draw = runner.Draw(None if page is None else (page,), html, resolution, name)
    drawn = _drawn(file, draw, common.limits(timeout, memory), err, debug)
    if page is not None and page > drawn.pages:
        raise common.usage_error(f"{shown} has {drawn.pages} pages: there is no page {page}")
    if not drawn.items:
        err.print(
            Text(f"{shown}: no agenda items found (drawn anyway)", style="yellow"), soft_wrap=True
        )
    default = f"{file.stem}.debug.html" if html else f"{file.stem}.p{page}.png"
    target = output or Path(default)
    try:
        target.write_bytes(drawn.payload)
    except OSError as exc:
        message = f"{common.shown(target)}: {exc.strerror or exc}"
        common.report(err, file, "unwritable", message, exc, debug)
        raise typer.Exit(ExitCode.FAILED) from None
    what = f"page {page}" if page is not None else f"{drawn.views} pages"
    err.print(Text(f"{common.shown(target)}: {what}: {_summary(drawn.counts)}"), soft_wrap=True)

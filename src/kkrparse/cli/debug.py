"""``kkrparse debug``: draw what the parser decided on the pages, as a PNG or an HTML report."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from kkrparse import EmptyInputError, ParseOptions, pipeline
from kkrparse.cli import common
from kkrparse.cli.common import DEBUG_HELP, ExitCode
from kkrparse.debug import CLASSES, DEFAULT_RESOLUTION, PageView, html_report, render_pages
from kkrparse.pipeline import Trace


def _trace(file: Path, err: Console, debug: bool) -> tuple[bytes, Trace]:
    """The file's bytes and what the parser decided on them; a failure ends the command."""
    try:
        data = file.read_bytes()
        if not data:
            raise EmptyInputError("the file is empty (0 bytes)")
        return data, pipeline.trace_pdf(data, ParseOptions())
    except Exception as exc:
        common.report_exception(err, file, exc, debug)
        raise typer.Exit(ExitCode.FAILED) from None


def _draw(
    file: Path,
    data: bytes,
    trace: Trace,
    page: int | None,
    html: bool,
    output: Path | None,
    resolution: int,
) -> tuple[Path, list[PageView], bytes]:
    """Where to write, the pages drawn, and the bytes to write: an HTML report or one PNG."""
    pages = [page] if page is not None else None
    views = list(render_pages(data, trace, pages, resolution))
    if html:
        target = output or Path(f"{file.stem}.debug.html")
        return target, views, html_report(trace, views, file.name).encode("utf-8")
    return output or Path(f"{file.stem}.p{page}.png"), views, views[0].png


def _summary(views: list[PageView]) -> str:
    counts = Counter[str]()
    for view in views:
        counts.update(view.counts())
    summary = ", ".join(f"{c.label} {counts[c.name]}" for c in CLASSES if counts[c.name])
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
) -> None:
    """Draw what the parser decided on the pages: headers removed, headings, labels, blocks,
    links and line-end hyphens, in one colour each."""
    err = common.stderr_console()
    if file.suffix.lower() in (".txt", ".json"):
        raise common.usage_error(f"{file}: debug draws on PDF pages; a {file.suffix} file has none")
    if page is None and not html:
        raise common.usage_error("say what to draw: --page N for a PNG, --html for a report")
    data, trace = _trace(file, err, debug)
    if page is not None and page > len(trace.pages):
        raise common.usage_error(f"{file} has {len(trace.pages)} pages: there is no page {page}")
    if not trace.items:
        err.print(
            Text(f"{file}: no agenda items found (drawn anyway)", style="yellow"), soft_wrap=True
        )
    target, views, payload = _draw(file, data, trace, page, html, output, resolution)
    try:
        target.write_bytes(payload)
    except OSError as exc:
        common.report(err, file, "unwritable", f"{target}: {exc.strerror or exc}", exc, debug)
        raise typer.Exit(ExitCode.FAILED) from None
    what = f"page {page}" if page is not None else f"{len(views)} pages"
    err.print(Text(f"{target}: {what}: {_summary(views)}"), soft_wrap=True)

"""The ``kkrparse`` command: parse, show, debug and schema.

The CLI parses arguments, finds input files, calls the library, renders the result and maps
failures to exit codes. Text for a person goes to stderr; stdout carries only JSON (``parse``,
``schema``) or the tree or text a person asked for (``show``); ``debug`` writes images or HTML
to the file named by ``-o``.

Exit status: 0 every input parsed, 1 at least one input failed, 2 usage error.

A failed input gets one stderr line, ``PATH: REASON: MESSAGE``. REASON is the library's
``KkrParseError.reason`` or one of the CLI's own:

- ``missing``: no such file;
- ``unreadable``: an OS error while reading, or a .txt file that is not UTF-8;
- ``unwritable``: the JSON could not be written to OUTDIR;
- ``invalid_json``: ``show`` on a .json file that is not kkrparse output;
- ``crashed``: any other exception. That is a bug, but it is caught per file so a batch goes on.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from kkrparse import (
    Agenda,
    EmptyInputError,
    Item,
    KkrParseError,
    ParseOptions,
    load,
    parse_pdf,
    parse_text,
    pipeline,
    runner,
)
from kkrparse._version import __version__
from kkrparse.debug import CLASSES, DEFAULT_RESOLUTION, html_report, render_pages
from kkrparse.durable import write_durable
from kkrparse.options import Engine

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
INPUT_SUFFIXES = (".pdf", ".txt")  # what a folder argument is searched for, any letter case
STRICT_HELP = "Fail on anything the parser had to recover from."
DEBUG_HELP = "Show the traceback of every failure."

app = typer.Typer(
    help="Turn KL's KKR agenda and minutes PDFs into validated JSON.",
    add_completion=False,
    no_args_is_help=True,
    # Failures are reported per file; a traceback that still reaches the top is a bug.
    pretty_exceptions_enable=False,
)


@dataclass(frozen=True)
class _Input:
    path: Path  # as given, or found under a folder argument
    relative: Path  # where its JSON goes under OUTDIR, before the suffix becomes .json


# --- reading, failing, writing ---------------------------------------------------------------


def _stderr() -> Console:
    # Made per command, not at import, so it binds to this invocation's stderr.
    return Console(stderr=True, highlight=False)


def _read(path: Path, options: ParseOptions) -> Agenda:
    """Parse one file chosen by suffix: .txt is extracted text, .json saved output, else PDF."""
    suffix = path.suffix.lower()
    if suffix == ".txt":
        # utf-8-sig is UTF-8 that also drops the BOM some Windows editors add.
        return parse_text(path.read_text(encoding="utf-8-sig"), options, filename=path.name)
    if suffix == ".json":
        return load(path)
    return parse_pdf(path, options)


def _classify(exc: Exception, path: Path) -> tuple[str, str]:
    """Map an exception to ``(reason, message)``."""
    if isinstance(exc, KkrParseError):
        # Library messages often start with the file's name, which the line already shows.
        return exc.reason, str(exc).removeprefix(f"{path.name}: ")
    if isinstance(exc, FileNotFoundError):
        return "missing", "no such file or directory"
    if isinstance(exc, OSError):
        return "unreadable", exc.strerror or str(exc)
    if isinstance(exc, UnicodeDecodeError):
        return "unreadable", f"not UTF-8 text ({exc.reason} at byte {exc.start})"
    if isinstance(exc, ValidationError) and path.suffix.lower() == ".json":
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "document"
        return "invalid_json", f"not kkrparse output ({where}: {first['msg']})"
    detail = f": {exc}" if str(exc) else ""
    return "crashed", f"unexpected {type(exc).__name__}{detail} (a bug; --debug shows where)"


def _report(
    err: Console, path: Path, reason: str, message: str, exc: BaseException | None, debug: bool
) -> None:
    # One line whatever the terminal width: soft_wrap stops rich wrapping long paths, and
    # Text rather than markup keeps brackets in file names literal.
    line = Text.assemble(
        (str(path), "bold"), ": ", (reason, "red"), ": ", " ".join(message.split())
    )
    err.print(line, soft_wrap=True)
    if debug and exc is not None:
        err.print("".join(traceback.format_exception(exc)), markup=False, soft_wrap=True, end="")


def _write_stdout(text: str) -> None:
    # JSON is UTF-8 whatever the console's code page says (Windows pipes default to cp1252).
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text + "\n")
    else:
        buffer.write((text + "\n").encode("utf-8"))
        buffer.flush()


# --- parse -----------------------------------------------------------------------------------


def _discover(args: Sequence[Path], err: Console) -> list[_Input]:
    """Expand folder arguments (recursively, sorted); keep every other argument as given.

    A path that does not exist is kept: it fails later, as "missing", like any bad input.
    """
    found: list[_Input] = []
    for arg in args:
        if not arg.is_dir():
            found.append(_Input(arg, Path(arg.name)))
            continue
        # Not only regular files: a FIFO or a symlink loop named x.pdf is reported as
        # unreadable rather than skipped in silence. Folders are walked, whatever their name.
        hits = [p for p in arg.rglob("*") if p.suffix.lower() in INPUT_SUFFIXES and not p.is_dir()]
        relatives = sorted((p.relative_to(arg) for p in hits), key=lambda rel: rel.parts)
        if not relatives:
            err.print(Text(f"{arg}: no .pdf or .txt files here", style="yellow"), soft_wrap=True)
        found.extend(_Input(arg / rel, rel) for rel in relatives)
    return found


def _collisions(inputs: list[_Input], outdir: Path) -> list[str]:
    """Describe each output file that two or more inputs would write."""
    groups: dict[str, list[_Input]] = {}
    for inp in inputs:
        if inp.path.exists():  # a missing input writes nothing, so it cannot collide
            # Case-folded: on macOS and Windows X.json and x.json are the same file.
            key = inp.relative.with_suffix(".json").as_posix().casefold()
            groups.setdefault(key, []).append(inp)
    return [
        f"{' and '.join(str(inp.path) for inp in group)} would "
        f"{'both' if len(group) == 2 else 'all'} be written to "
        f"{outdir / group[0].relative.with_suffix('.json')}"
        for group in groups.values()
        if len(group) > 1
    ]


def _parse_one(
    inp: _Input,
    outdir: Path | None,
    options: ParseOptions,
    indent: int | None,
    err: Console,
    debug: bool,
) -> str:
    """Parse and emit one input; return "ok" or the failure's reason. Never raises Exception."""
    try:
        text = _read(inp.path, options).to_json(indent=indent)
    except Exception as exc:
        reason, message = _classify(exc, inp.path)
        _report(err, inp.path, reason, message, exc, debug)
        return reason
    return _emit(inp, text, outdir, err, debug)


def _emit(inp: _Input, text: str, outdir: Path | None, err: Console, debug: bool) -> str:
    """Write one document's JSON to stdout or OUTDIR; return "ok" or "unwritable"."""
    if outdir is None:
        _write_stdout(text)
        return "ok"
    target = outdir / inp.relative.with_suffix(".json")
    try:
        write_durable(target, (text + "\n").encode("utf-8"))
    except OSError as exc:
        _report(err, inp.path, "unwritable", f"{target}: {exc.strerror or exc}", exc, debug)
        return "unwritable"
    return "ok"


def _exists(path: Path) -> bool:
    """False only when no file is there; a symlink loop is there, but unreadable."""
    try:
        os.stat(path)
    except FileNotFoundError:
        return False
    except OSError:
        return True
    return True


def _parse_isolated(
    found: list[_Input],
    outdir: Path | None,
    options: ParseOptions,
    limits: runner.Limits,
    workers: int | None,
    err: Console,
    debug: bool,
    advance: Callable[[str], None],
) -> Counter[str]:
    """Parse many inputs, each in a worker process (see ``kkrparse.runner``).

    A file that hangs, crashes or exhausts a worker ends as one failure line with the
    runner's outcome as REASON, and the batch goes on. JSON Lines on stdout keep the input
    order; files in OUTDIR are written as documents finish.
    """
    outcomes: Counter[str] = Counter()
    # stdout: a finished document waits until every earlier input was emitted or failed.
    pending: dict[int, str | None] = {}
    next_index = 0

    def finished(index: int, outcome: str, text: str | None) -> None:
        nonlocal next_index
        advance(found[index].path.name)
        if outcome == "ok" and text is not None and outdir is not None:
            outcome = _emit(found[index], text, outdir, err, debug)
            text = None
        outcomes[outcome] += 1
        pending[index] = text if outcome == "ok" else None
        while next_index in pending:
            done = pending.pop(next_index)
            if done is not None:
                _write_stdout(done)
            next_index += 1

    jobs: list[runner.Job] = []
    for index, inp in enumerate(found):
        if inp.path.suffix.lower() == ".json" or not _exists(inp.path):
            # Saved output is ours, not hostile; a missing file needs no worker to say so.
            try:
                agenda = _read(inp.path, options)
            except Exception as exc:
                reason, message = _classify(exc, inp.path)
                _report(err, inp.path, reason, message, exc, debug)
                finished(index, reason, None)
            else:
                finished(index, "ok", agenda.to_json(indent=None if outdir is None else 2))
            continue
        jobs.append(runner.Job(str(index), inp.path))
    for result in runner.run(jobs, options, limits, workers):
        index = int(result.key)
        if result.outcome == "ok" and result.agenda_json is not None:
            text = result.agenda_json  # indented, as OUTDIR files are written
            if outdir is None:  # JSON Lines: one document per line
                text = Agenda.model_validate_json(text).to_json(indent=None)
            finished(index, "ok", text)
            continue
        _report(err, found[index].path, result.outcome, result.reason, None, debug)
        if debug and result.details:
            err.print(result.details, markup=False, soft_wrap=True, end="")
        finished(index, result.outcome, None)
    return outcomes


def _summary(err: Console, outcomes: Counter[str]) -> None:
    failed = outcomes.total() - outcomes["ok"]
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("result")
    table.add_column("files", justify="right")
    table.add_row("ok", str(outcomes["ok"]), style="green")
    table.add_row("failed", str(failed), style="red" if failed else None)
    for reason, count in sorted(outcomes.items()):
        if reason != "ok":
            table.add_row(f"  {reason}", str(count))
    err.print(table)


@app.command()
def parse(
    inputs: Annotated[
        list[Path],
        typer.Argument(metavar="IN", help="PDFs, .txt files (pdftotext -layout) or folders."),
    ],
    outdir: Annotated[
        Path | None,
        typer.Option(
            "--output-dir",
            "-o",
            metavar="OUTDIR",
            file_okay=False,
            help="Write one .json per input here, mirroring folder arguments. "
            "Without it, JSON goes to stdout (JSON Lines for several inputs).",
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help=STRICT_HELP)] = False,
    debug: Annotated[bool, typer.Option("--debug", help=DEBUG_HELP)] = False,
    engine: Annotated[
        Engine,
        typer.Option(
            help="PDF text extraction engine: pdfium is pdfplumber's output, many times faster; "
            "auto uses pdfium and falls back to pdfplumber for files PDFium cannot open."
        ),
    ] = "auto",
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Worker processes for several inputs [default: the number of CPUs].",
            show_default=False,
        ),
    ] = None,
    timeout: Annotated[
        float,
        typer.Option(
            min=0.1,
            metavar="SECONDS",
            help="Stop a document still parsing after this long (several inputs only).",
        ),
    ] = runner.Limits.timeout,
    memory: Annotated[
        int,
        typer.Option(
            min=64,
            metavar="MIB",
            help="Memory limit of a worker process, in MiB (several inputs only).",
        ),
    ] = runner.Limits.memory // 1024**2,
) -> None:
    """Parse agendas and minutes into JSON.

    Several inputs (or a folder) are parsed in worker processes, one document each at a
    time, so a file that hangs or crashes the parser fails alone (as timeout, crashed or
    out_of_memory) and the rest go on. A single file is parsed in this process (and every
    file is, on Windows, where workers are not supported).
    """
    err = _stderr()
    found = _discover(inputs, err)
    if outdir is not None:
        # Checked before anything is parsed, so a clash costs nothing and writes nothing.
        clashes = _collisions(found, outdir)
        for clash in clashes:
            err.print(Text(f"error: {clash}", style="red"), soft_wrap=True)
        if clashes:
            raise typer.Exit(EXIT_USAGE)
    # One file argument gives one indented document; a folder or several arguments give JSON
    # Lines, so a script's output format never depends on how many files a folder holds.
    lines = outdir is None and (len(inputs) > 1 or any(arg.is_dir() for arg in inputs))
    options = ParseOptions(engine=engine, strict=strict)
    # The bar is for a person watching stderr, and stays off while JSON scrolls past on the
    # same terminal. stdout is not redirected into it: JSON must never end up on stderr.
    show_bar = err.is_terminal and (outdir is not None or not sys.stdout.isatty())
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
        disable=not show_bar,
        redirect_stdout=False,
    )
    outcomes: Counter[str] = Counter()
    with progress:
        task = progress.add_task("parsing", total=len(found))
        if (len(inputs) == 1 and not inputs[0].is_dir()) or not runner.SUPPORTED:
            for inp in found:
                progress.update(task, description=inp.path.name)
                outcomes[_parse_one(inp, outdir, options, None if lines else 2, err, debug)] += 1
                progress.advance(task)
        else:

            def advance(name: str) -> None:
                progress.update(task, description=name, advance=1)

            limits = runner.Limits(timeout=timeout, memory=memory * 1024**2)
            try:
                outcomes = _parse_isolated(
                    found, outdir, options, limits, workers, err, debug, advance
                )
            except runner.RunnerError as exc:  # the installation, not a document, is broken
                err.print(Text(f"error: {exc}", style="red"), soft_wrap=True)
                raise typer.Exit(EXIT_FAILED) from None
    _summary(err, outcomes)
    raise typer.Exit(EXIT_OK if outcomes["ok"] == outcomes.total() else EXIT_FAILED)


# --- show ------------------------------------------------------------------------------------


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _add_item(parent: Tree, item: Item) -> Tree:
    heading = item.heading
    if not heading.startswith((f"{item.number}.", f"{item.number} ")):
        heading = f"{item.number} {heading}"
    first, last = item.page_start, item.page_end
    pages = f"p. {first}" if first == last else f"pp. {first}–{last}"
    label = Text.assemble((heading, "bold"), "  ", (pages, "dim"))
    if item.case_number:
        label.append(f"  {item.case_number}", style="cyan")
    node = parent.add(label)
    for section in item.sections:
        node.add(Text.assemble(section.key, "  ", (f"{len(section.text)} characters", "dim")))
    if item.sections or item.recommendations or item.attachments:  # not on bare group headings
        counts = [
            _plural(len(item.recommendations), "recommendation"),
            _plural(len(item.attachments), "attachment"),
        ]
        node.add(Text(", ".join(counts), style="dim"))
    for link in item.links:
        node.add(Text.assemble("link ", (link.text or "", "italic"), " → ", (link.url, "blue")))
    return node


def _tree(agenda: Agenda) -> Tree:
    meeting = agenda.meeting
    facts = [
        meeting.body or "unknown body",
        meeting.date or "no date",
        meeting.document_type or "unknown type",
    ]
    if meeting.start_time:
        facts.append(meeting.start_time + (f"–{meeting.end_time}" if meeting.end_time else ""))
    if meeting.location:
        facts.append(meeting.location)
    facts.append(f"attendance {len(meeting.attendance)}")
    tree = Tree(Text(" · ".join(facts), style="bold"))
    nodes: dict[str, Tree] = {}
    for item in agenda.items:
        # A sub-item hangs under its parent; one whose parent is not there stays at the top.
        nodes[item.number] = _add_item(nodes.get(item.parent or "", tree), item)
    if agenda.warnings:
        # "info" entries are notes (strict mode never fails on them), so they are counted apart.
        notes = sum(warning.severity == "info" for warning in agenda.warnings)
        counts = [(len(agenda.warnings) - notes, "warning"), (notes, "note")]
        label = ", ".join(_plural(count, word) for count, word in counts if count)
        branch = tree.add(Text(label, style="yellow"))
        for warning in agenda.warnings:
            where = f" (page {warning.page})" if warning.page is not None else ""
            style = "dim" if warning.severity == "info" else ""
            branch.add(Text(f"{warning.code}{where}: {warning.message}", style=style))
    return tree


def _heading_line(item: Item) -> str:
    if item.heading.startswith((f"{item.number}.", f"{item.number} ")):
        return item.heading
    return f"{item.number}. {item.heading}"


def _reading(agenda: Agenda) -> list[tuple[str, str]]:
    """Every item as a person reads it: ``(line, style)`` pairs, blank lines between parts.

    Heading, case line and pages, then each section's label as printed and its text as in
    the JSON (paragraphs apart, list entries one per line), then the links.
    """
    out: list[tuple[str, str]] = []
    for item in agenda.items:
        first, last = item.page_start, item.page_end
        where = [item.case_number or "", item.case_officer or ""]
        where.append(f"p. {first}" if first == last else f"pp. {first}–{last}")
        out += [("", ""), (_heading_line(item), "bold"), (" · ".join(w for w in where if w), "dim")]
        for section in item.sections:
            out.append(("", ""))
            if section.heading:
                out.append((section.heading, "bold"))
            out += [(line, "") for line in section.text.split("\n")] if section.text else []
        if item.links:
            out.append(("", ""))
            for link in item.links:
                shown = f"{link.text} → " if link.text and link.text != link.url else ""
                out.append((f"link: {shown}{link.url}", "dim"))
    return out[1:]  # no blank line before the first item


@app.command()
def show(
    file: Annotated[Path, typer.Argument(help="A PDF, a .txt or a .json written by kkrparse.")],
    text: Annotated[
        bool, typer.Option("--text", help="Print every item's sections as text, in order.")
    ] = False,
    strict: Annotated[bool, typer.Option("--strict", help=STRICT_HELP)] = False,
    debug: Annotated[bool, typer.Option("--debug", help=DEBUG_HELP)] = False,
) -> None:
    """Show a document's structure as a tree (or its text), for a person to read."""
    try:
        agenda = _read(file, ParseOptions(strict=strict))
    except Exception as exc:
        reason, message = _classify(exc, file)
        _report(_stderr(), file, reason, message, exc, debug)
        raise typer.Exit(EXIT_FAILED) from None
    out = Console(highlight=False)
    if not text:
        out.print(_tree(agenda))
        return
    # Wrapped to the width of a terminal; piped, each paragraph stays on one line.
    for line, style in _reading(agenda):
        out.print(Text(line, style=style), soft_wrap=not out.is_terminal)


# --- debug -----------------------------------------------------------------------------------


def _debug_usage(message: str) -> typer.Exit:
    _stderr().print(Text(f"error: {message}", style="red"), soft_wrap=True)
    return typer.Exit(EXIT_USAGE)


@app.command("debug")
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
    err = _stderr()
    if file.suffix.lower() in (".txt", ".json"):
        raise _debug_usage(f"{file}: debug draws on PDF pages; a {file.suffix} file has none")
    if page is None and not html:
        raise _debug_usage("say what to draw: --page N for a PNG, --html for a report")
    try:
        data = file.read_bytes()
        if not data:
            raise EmptyInputError("the file is empty (0 bytes)")
        trace = pipeline.trace_pdf(data, ParseOptions())
    except Exception as exc:
        reason, message = _classify(exc, file)
        _report(err, file, reason, message, exc, debug)
        raise typer.Exit(EXIT_FAILED) from None
    if page is not None and page > len(trace.pages):
        raise _debug_usage(f"{file} has {len(trace.pages)} pages: there is no page {page}")
    if not trace.items:
        err.print(
            Text(f"{file}: no agenda items found (drawn anyway)", style="yellow"), soft_wrap=True
        )
    pages = [page] if page is not None else None
    if html:
        target = output or Path(f"{file.stem}.debug.html")
        views = list(render_pages(data, trace, pages, resolution))
        payload = html_report(trace, views, file.name).encode("utf-8")
    else:
        assert page is not None
        target = output or Path(f"{file.stem}.p{page}.png")
        views = list(render_pages(data, trace, pages, resolution))
        payload = views[0].png
    try:
        target.write_bytes(payload)
    except OSError as exc:
        _report(err, file, "unwritable", f"{target}: {exc.strerror or exc}", exc, debug)
        raise typer.Exit(EXIT_FAILED) from None
    counts = Counter[str]()
    for view in views:
        counts.update(view.counts())
    summary = ", ".join(f"{c.label} {counts[c.name]}" for c in CLASSES if counts[c.name])
    what = f"page {page}" if page is not None else f"{len(views)} pages"
    err.print(Text(f"{target}: {what}: {summary or 'nothing drawn'}"), soft_wrap=True)


# --- schema and version ----------------------------------------------------------------------


@app.command()
def schema() -> None:
    """Print the JSON Schema of the output."""
    # The serialisation schemas/agenda.schema.json is written with, so they compare exactly.
    print(json.dumps(Agenda.model_json_schema(), ensure_ascii=False, indent=2))


def _print_version(value: bool) -> None:
    if value:
        print(f"kkrparse {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Turn KL's KKR agenda and minutes PDFs into validated JSON."""


def main() -> None:
    app(prog_name="kkrparse")


from kkrparse.cli import archive as cli_archive  # noqa: E402  the archive commands, kept in their own module

cli_archive.register(app)

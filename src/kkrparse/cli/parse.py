"""``kkrparse parse``: agendas and minutes into JSON, on stdout or in an output folder.

Every PDF and .txt is parsed in a worker process under the time and memory limits (see
``kkrparse.runner``), one file as much as a thousand: a hostile file cannot take this process
or the machine with it. One file argument gives one indented document; a folder or several
arguments give JSON Lines, so a script's output format never depends on how many files a
folder holds. On Windows, where workers are not supported, files are parsed in this process.
"""

from __future__ import annotations

import dataclasses
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text

from kkrparse import Agenda, ParseOptions, runner
from kkrparse.cli import common, remote
from kkrparse.cli.common import DEBUG_HELP, STRICT_HELP, ExitCode
from kkrparse.durable import write_durable
from kkrparse.options import Engine

INPUT_SUFFIXES = (".pdf", ".txt")  # what a folder argument is searched for, any letter case


@dataclass(frozen=True)
class _Input:
    path: Path  # as given, or found under a folder argument; for stdin or a URL, the copy
    relative: Path  # where its JSON goes under OUTDIR, before the suffix becomes .json
    origin: str | None = None  # "-" or the address as given (see kkrparse.cli.remote)
    fetched: remote.Fetched | None = None  # the copy of a remote input, once made
    failed: str | None = None  # the reason a remote input has no copy (already reported)

    @property
    def label(self) -> str | Path:
        """What failure lines and the progress bar call this input."""
        return self.origin if self.origin is not None else self.path


@dataclass(frozen=True)
class _Run:
    """How this invocation emits: where to, whether failures show tracebacks."""

    outdir: Path | None
    err: Console
    debug: bool
    lines: bool = True  # JSON Lines on stdout; False for one file argument's one document
    outfile: Path | None = None  # -o FILE.json: the one input's document goes here


# --- finding inputs --------------------------------------------------------------------------


def _discover(args: Sequence[str], err: Console) -> list[_Input]:
    """Expand folder arguments (recursively, sorted); keep every other argument as given.

    A path that does not exist is kept: it fails later, as "missing", like any bad input.
    """
    found: list[_Input] = []
    for spec in args:
        if remote.is_remote(spec):
            found.append(_Input(Path(spec), remote.output_name(spec), origin=spec))
            continue
        arg = Path(spec)
        if not arg.is_dir():
            found.append(_Input(arg, Path(arg.name)))
            continue
        # Not only regular files: a FIFO or a symlink loop named x.pdf is reported as
        # unreadable rather than skipped in silence. Folders are walked, whatever their name.
        hits = [p for p in arg.rglob("*") if p.suffix.lower() in INPUT_SUFFIXES and not p.is_dir()]
        relatives = sorted((p.relative_to(arg) for p in hits), key=lambda rel: rel.parts)
        if not relatives:
            err.print(
                Text(f"{common.shown(arg)}: no .pdf or .txt files here", style="yellow"),
                soft_wrap=True,
            )
        found.extend(_Input(arg / rel, rel) for rel in relatives)
    return found


def _collisions(inputs: list[_Input], outdir: Path) -> list[str]:
    """Describe each output file that two or more inputs would write."""
    groups: dict[str, list[_Input]] = {}
    for inp in inputs:
        if inp.origin or inp.path.exists():  # a missing input writes nothing
            # Case-folded: on macOS and Windows X.json and x.json are the same file.
            key = inp.relative.with_suffix(".json").as_posix().casefold()
            groups.setdefault(key, []).append(inp)
    return [
        f"{' and '.join(common.shown(inp.path) for inp in group)} would "
        f"{'both' if len(group) == 2 else 'all'} be written to "
        f"{common.shown(outdir / group[0].relative.with_suffix('.json'))}"
        for group in groups.values()
        if len(group) > 1
    ]


# --- parsing and emitting --------------------------------------------------------------------


def _emit(inp: _Input, text: str, run: _Run) -> str:
    """Write one document's JSON to stdout or OUTDIR; return "ok" or "unwritable"."""
    if run.outdir is None and run.outfile is None:
        common.write_stdout(text)
        return "ok"
    target = run.outfile or (run.outdir or Path()) / inp.relative.with_suffix(".json")
    try:
        write_durable(target, (text + "\n").encode("utf-8"))
    except OSError as exc:
        message = f"{target}: {exc.strerror or exc}"
        common.report(run.err, inp.label, "unwritable", message, exc, run.debug)
        return "unwritable"
    return "ok"


def _sourced(inp: _Input, text: str, indent: int | None) -> str:
    """The document's JSON; for stdin or a download, with Source saying where it came from."""
    if inp.fetched is None:
        return text if indent == 2 else Agenda.model_validate_json(text).to_json(indent=indent)
    agenda = remote.with_origin(Agenda.model_validate_json(text), inp.fetched)
    return agenda.to_json(indent=indent)


def _parse_one(inp: _Input, options: ParseOptions, indent: int | None, run: _Run) -> str:
    """Parse and emit one input; return "ok" or the failure's reason. Never raises Exception."""
    if inp.failed is not None:
        return inp.failed
    try:
        agenda = common.read_input(inp.path, options)
    except Exception as exc:
        return common.report_exception(run.err, inp.label, exc, run.debug)
    if inp.fetched is not None:
        agenda = remote.with_origin(agenda, inp.fetched)
    return _emit(inp, agenda.to_json(indent=indent), run)


class _InOrder:
    """Emits finished documents; on stdout in input order, whatever order they finish in.

    Files in OUTDIR are written as documents finish. ``outcomes`` counts every input's end.
    """

    def __init__(self, found: list[_Input], run: _Run, advance: Callable[[str], None]) -> None:
        self.found, self.run, self.advance = found, run, advance
        self.outcomes: Counter[str] = Counter()
        # stdout: a finished document waits until every earlier input was emitted or failed.
        self.pending: dict[int, str | None] = {}
        self.next_index = 0

    def finished(self, index: int, outcome: str, text: str | None) -> None:
        inp = self.found[index]
        self.advance(common.shown(inp.origin or inp.path.name))
        writes_file = self.run.outdir is not None or self.run.outfile is not None
        if outcome == "ok" and text is not None and writes_file:
            outcome = _emit(self.found[index], text, self.run)
            text = None
        self.outcomes[outcome] += 1
        self.pending[index] = text if outcome == "ok" else None
        while self.next_index in self.pending:
            done = self.pending.pop(self.next_index)
            if done is not None:
                common.write_stdout(done)
            self.next_index += 1


def _parse_isolated(
    found: list[_Input],
    options: ParseOptions,
    limits: runner.Limits,
    workers: int | None,
    run: _Run,
    advance: Callable[[str], None],
) -> Counter[str]:
    """Parse many inputs, each in a worker process (see ``kkrparse.runner``).

    A file that hangs, crashes or exhausts a worker ends as one failure line with the
    runner's outcome as REASON, and the batch goes on. JSON Lines on stdout keep the input
    order; files in OUTDIR are written as documents finish.
    """
    emit = _InOrder(found, run, advance)
    jobs: list[runner.Job] = []
    for index, inp in enumerate(found):
        if inp.failed is not None:  # stdin or a download gave nothing; already reported
            emit.finished(index, inp.failed, None)
            continue
        if inp.path.suffix.lower() == ".json" or not common.exists(inp.path):
            # Saved output is ours, not hostile; a missing file needs no worker to say so.
            try:
                agenda = common.read_input(inp.path, options)
            except Exception as exc:
                reason = common.report_exception(run.err, inp.label, exc, run.debug)
                emit.finished(index, reason, None)
            else:
                indent = None if run.outdir is None and run.lines else 2
                emit.finished(index, "ok", agenda.to_json(indent=indent))
            continue
        jobs.append(runner.Job(str(index), inp.path))
    for result in runner.run(jobs, options, limits, workers):
        index = int(result.key)
        if result.outcome == "ok" and result.agenda_json is not None:
            # Indented, as OUTDIR files are written; JSON Lines: one document per line.
            indent = None if run.outdir is None and run.lines else 2
            emit.finished(index, "ok", _sourced(found[index], result.agenda_json, indent))
            continue
        common.report_result(run.err, result, run.debug, label=found[index].label)
        emit.finished(index, result.outcome, None)
    return emit.outcomes


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


def _progress(err: Console, outdir: Path | None) -> Progress:
    # The bar is for a person watching stderr, and stays off while JSON scrolls past on the
    # same terminal. stdout is not redirected into it: JSON must never end up on stderr.
    show_bar = err.is_terminal and (outdir is not None or not sys.stdout.isatty())
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
        disable=not show_bar,
        redirect_stdout=False,
    )


def _parse_all(
    found: list[_Input],
    options: ParseOptions,
    limits: runner.Limits,
    workers: int | None,
    run: _Run,
) -> Counter[str]:
    """Parse every input in workers (in this process only where workers are unsupported)."""
    outcomes: Counter[str] = Counter()
    with _progress(run.err, run.outdir) as progress:
        task = progress.add_task("parsing", total=len(found))

        def advance(name: str) -> None:
            progress.update(task, description=name, advance=1)

        if not runner.SUPPORTED:
            for inp in found:
                progress.update(task, description=common.shown(inp.origin or inp.path.name))
                outcomes[_parse_one(inp, options, None if run.lines else 2, run)] += 1
                progress.advance(task)
            return outcomes
        try:
            return _parse_isolated(found, options, limits, workers, run, advance)
        except runner.RunnerError as exc:  # the installation, not a document, is broken
            common.error_line(run.err, str(exc))
            raise typer.Exit(ExitCode.FAILED) from None


# --- the command -----------------------------------------------------------------------------

Inputs = Annotated[
    list[str],
    typer.Argument(
        metavar="INPUT...",
        help="PDFs, .txt files (pdftotext -layout) or folders; - for a PDF on stdin; "
        "http:// or https:// addresses to download.",
        show_default=False,
    ),
]
Output = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="OUT",
        help="A folder to write one .json per input in, mirroring folder arguments; or, "
        "for one input, a file ending in .json. Without it, JSON goes to stdout (JSON "
        "Lines for several inputs).",
        show_default=False,
    ),
]
EngineOption = Annotated[
    Engine,
    typer.Option(
        metavar="ENGINE",
        help="The PDF text extraction engine: pdfium reads the same words as pdfplumber, "
        "many times faster; auto uses pdfium and falls back to pdfplumber for a file PDFium "
        "cannot open. One of auto, pdfium or pdfplumber.",
    ),
]
Workers = Annotated[
    int | None,
    typer.Option(
        min=1,
        metavar="N",
        help="Worker processes for several inputs (default: the number of CPUs).",
        show_default=False,
    ),
]
Quiet = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print no summary table; failures still show.")
]


def _output_file(inputs: list[str], output: Path | None) -> Path | None:
    """The file ``-o`` names, when it names one: a single input and a name ending in .json
    that is not a folder. Otherwise ``-o`` is a folder (created as needed)."""
    if output is None or len(inputs) != 1 or output.is_dir():
        return None
    if output.suffix.lower() != ".json":
        return None
    if not remote.is_remote(inputs[0]) and Path(inputs[0]).is_dir():
        return None
    return output


def _fetch_remote(found: list[_Input], folder: Path, limits: runner.Limits, run: _Run) -> None:
    """Copy stdin and download addresses into ``folder``, in place in ``found``; a failure
    is reported now and parses as that failure, in its place in the output order."""
    for index, inp in enumerate(found):
        if inp.origin is None:
            continue
        try:
            fetched = remote.fetch(inp.origin, folder, limits.max_bytes, limits.timeout)
        except remote.FetchError as exc:
            common.report(run.err, inp.origin, exc.reason, str(exc), exc, run.debug)
            found[index] = dataclasses.replace(inp, failed=exc.reason)
        else:
            found[index] = dataclasses.replace(inp, path=fetched.path, fetched=fetched)


def parse(
    inputs: Inputs,
    output: Output = None,
    strict: Annotated[bool, typer.Option("--strict", help=STRICT_HELP)] = False,
    debug: Annotated[bool, typer.Option("--debug", help=DEBUG_HELP)] = False,
    quiet: Quiet = False,
    engine: EngineOption = "auto",
    workers: Workers = None,
    timeout: common.Timeout = common.DEFAULT_TIMEOUT,
    memory: common.Memory = common.DEFAULT_MEMORY,
) -> None:
    """Parse agendas and minutes into JSON.

    Every file is parsed in a worker process, one document each at a time, under --timeout
    and --memory, so a file that hangs or crashes the parser fails alone (as timeout,
    crashed or out_of_memory) and the rest go on. On Windows, where workers are not
    supported, files are parsed in this process without limits. A download has --timeout
    to answer and the same byte limit as a file.
    """
    if inputs.count(remote.STDIN) > 1:
        raise common.usage_error("stdin (-) can be read only once")
    # One file argument gives one indented document; a folder or several arguments give JSON
    # Lines, so a script's output format never depends on how many files a folder holds.
    lines = len(inputs) > 1 or any(
        not remote.is_remote(arg) and Path(arg).is_dir() for arg in inputs
    )
    outfile = _output_file(inputs, output)
    outdir = None if outfile is not None else output
    if outdir is not None and outdir.exists() and not outdir.is_dir():
        raise common.usage_error(
            f"{common.shown(outdir)} is a file: -o takes a folder, or a .json file for one input"
        )
    run = _Run(outdir, common.stderr_console(), debug, lines, outfile)
    found = _discover(inputs, run.err)
    if outdir is not None:
        # Checked before anything is parsed, so a clash costs nothing and writes nothing.
        clashes = _collisions(found, outdir)
        for clash in clashes:
            common.error_line(run.err, clash)
        if clashes:
            raise typer.Exit(ExitCode.USAGE)
    options = ParseOptions(engine=engine, strict=strict)
    limits = common.limits(timeout, memory)
    with tempfile.TemporaryDirectory(prefix="kkrparse-") as folder:
        _fetch_remote(found, Path(folder), limits, run)
        outcomes = _parse_all(found, options, limits, workers, run)
    if not quiet:
        _summary(run.err, outcomes)
    raise typer.Exit(ExitCode.OK if outcomes["ok"] == outcomes.total() else ExitCode.FAILED)

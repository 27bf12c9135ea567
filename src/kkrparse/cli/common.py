"""What every command shares: the stderr console, the exit codes, reading and failing.

A failed input gets one stderr line, ``PATH: REASON: MESSAGE``. REASON is the library's
``KkrParseError.reason``, a runner outcome, or one of the CLI's own:

- ``missing``: no such file;
- ``unreadable``: an OS error while reading, or a .txt file that is not UTF-8;
- ``unwritable``: the output could not be written;
- ``invalid_json``: ``show`` on a .json file that is not kkrparse output;
- ``crashed``: any other exception. That is a bug, but it is caught per file so a batch goes on.
"""

from __future__ import annotations

import os
import sys
import traceback
from enum import IntEnum
from pathlib import Path
from typing import Annotated, Final

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.text import Text

from kkrparse import Agenda, KkrParseError, ParseOptions, load, parse_pdf, parse_text, runner


class ExitCode(IntEnum):
    """Every exit status of every command (README: "Command line" and "Archive")."""

    OK = 0  # every input parsed, every document archived
    FAILED = 1  # at least one input or document failed
    USAGE = 2  # the command line was wrong (click uses 2 for its own usage errors too)
    ARCHIVE = 3  # the archive is unusable: not writable, corrupt, or locked by another run
    INTERRUPTED = 130  # Ctrl-C: the shell's convention for SIGINT


STRICT_HELP = "Fail on anything the parser had to recover from."
DEBUG_HELP = "Show the traceback of every failure."

Timeout = Annotated[
    float,
    typer.Option(
        min=0.1,
        metavar="SECONDS",
        help="Stop a document still parsing after this long (a fallback to pdfplumber "
        "after PDFium aborted included).",
    ),
]
Memory = Annotated[
    int,
    typer.Option(min=64, metavar="MIB", help="Memory limit of a worker process, in MiB."),
]
DEFAULT_TIMEOUT: Final = runner.Limits.timeout
DEFAULT_MEMORY: Final = runner.Limits.memory // 1024**2


def limits(timeout: float, memory: int) -> runner.Limits:
    """The runner's limits from the command line's ``--timeout`` and ``--memory`` (MiB)."""
    return runner.Limits(timeout=timeout, memory=memory * 1024**2)


# --- what reaches a terminal -----------------------------------------------------------------

#: Characters shown as escapes rather than written to a terminal: C0 and C1 controls and
#: DEL (a newline would forge a second log line, ESC starts a terminal command), and the
#: Unicode line and paragraph separators and bidirectional controls, which reorder or
#: break what a person reads.
_ESCAPED: Final = {
    **{c: f"\\x{c:02x}" for c in [*range(0x20), *range(0x7F, 0xA0)]},
    **{c: f"\\u{c:04x}" for c in [0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]},
    0x09: "\\t",
    0x0A: "\\n",
    0x0D: "\\r",
}


def printable(text: str) -> str:
    """``text`` safe to print on one line: control characters as ``\\n``, ``\\x1b``, …;
    undecodable bytes of a file name (surrogate escapes) as ``\\xNN``, the byte they were."""
    if text.isprintable():  # the common case, and never a surrogate
        return text
    out = []
    for ch in text:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode keeps an undecodable byte this way
            out.append(f"\\x{code - 0xDC00:02x}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(_ESCAPED.get(code, ch))
    return "".join(out)


def shown(path: os.PathLike[str] | str) -> str:
    """A path as a message or a table shows it (see :func:`printable`)."""
    return printable(os.fspath(path))


def stderr_console() -> Console:
    """The console for a person: progress, failure lines, summaries.

    Made per command, not at import, so it binds to this invocation's stderr.
    """
    return Console(stderr=True, highlight=False)


def numbered(number: str, heading: str, separator: str = ". ") -> str:
    """The heading with its number in front, once (headings may or may not print it)."""
    if heading.startswith((f"{number}.", f"{number} ")):
        return heading
    return f"{number}{separator}{heading}"


def error_line(err: Console, message: str) -> None:
    """``error: MESSAGE`` in red, on one line whatever the width (paths in it escaped by the
    caller with :func:`shown`; any control character left is escaped here)."""
    err.print(Text(f"error: {printable(message)}", style="red"), soft_wrap=True)


def usage_error(message: str) -> typer.Exit:
    """Say what was wrong with the command line; the caller raises the result."""
    error_line(stderr_console(), message)
    return typer.Exit(ExitCode.USAGE)


# --- reading and failing ---------------------------------------------------------------------


def read_input(path: Path, options: ParseOptions) -> Agenda:
    """Parse one file chosen by suffix: .txt is extracted text, .json saved output, else PDF."""
    suffix = path.suffix.lower()
    if suffix == ".txt":
        # utf-8-sig is UTF-8 that also drops the BOM some Windows editors add.
        return parse_text(path.read_text(encoding="utf-8-sig"), options, filename=path.name)
    if suffix == ".json":
        return load(path)
    return parse_pdf(path, options)


def classify(exc: Exception, path: Path) -> tuple[str, str]:
    """Map an exception to ``(reason, message)``."""
    if isinstance(exc, KkrParseError):
        # Library messages never carry the file name: the line already starts with it.
        return exc.reason, str(exc)
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


def report(
    err: Console,
    path: Path | str,
    reason: str,
    message: str,
    exc: BaseException | None,
    debug: bool,
) -> None:
    """The failure line ``PATH: REASON: MESSAGE``, and with ``debug`` the traceback."""
    # One line whatever the terminal width: soft_wrap stops rich wrapping long paths, and
    # Text rather than markup keeps brackets in file names literal.
    line = Text.assemble(
        (shown(path), "bold"), ": ", (reason, "red"), ": ", printable(" ".join(message.split()))
    )
    err.print(line, soft_wrap=True)
    if debug and exc is not None:
        err.print("".join(traceback.format_exception(exc)), markup=False, soft_wrap=True, end="")


def report_exception(err: Console, path: Path | str, exc: Exception, debug: bool) -> str:
    """Classify and report one failure; return its reason."""
    reason, message = classify(exc, Path(path))
    report(err, path, reason, message, exc, debug)
    return reason


def write_stdout(text: str) -> None:
    """One line of text on stdout, as UTF-8 whatever the console's code page says."""
    # Windows pipes default to cp1252; JSON is UTF-8.
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text + "\n")
    else:
        buffer.write((text + "\n").encode("utf-8"))
        buffer.flush()


# --- one document under the limits -----------------------------------------------------------


def exists(path: Path) -> bool:
    """False only when no file is there; a symlink loop is there, but unreadable."""
    try:
        os.stat(path)
    except FileNotFoundError:
        return False
    except OSError:
        return True
    return True


def run_one(
    path: Path,
    options: ParseOptions,
    limits: runner.Limits,
    err: Console,
    debug: bool,
    draw: runner.Draw | None = None,
    label: str | None = None,
) -> runner.Result | None:
    """Parse (or draw) one PDF or .txt in a worker process under ``limits``; its ok Result,
    or None after its failure line (naming ``label``, else ``path``) was printed.

    A missing file needs no worker to say so. Only where ``runner.SUPPORTED``.
    """
    if not exists(path):
        report(err, label or path, "missing", "no such file or directory", None, debug)
        return None
    try:
        (result,) = runner.run([runner.Job(path.name, path, draw)], options, limits, workers=1)
    except runner.RunnerError as exc:  # the installation, not the document, is broken
        error_line(err, str(exc))
        raise typer.Exit(ExitCode.FAILED) from None
    if result.outcome == "ok":
        return result
    report_result(err, result, debug, label=label)
    return None


def report_result(
    err: Console, result: runner.Result, debug: bool, label: Path | str | None = None
) -> None:
    """The failure line of a runner Result (named ``label``, else by the job's path), and
    with ``debug`` what the worker left."""
    report(err, result.path if label is None else label, result.outcome, result.reason, None, debug)
    if debug and result.details:
        err.print(result.details, markup=False, soft_wrap=True, end="")


def read_limited(
    path: Path,
    options: ParseOptions,
    limits: runner.Limits,
    err: Console,
    debug: bool,
    label: str | None = None,
) -> Agenda | None:
    """One input as an Agenda: saved JSON read here (it is ours, not hostile), anything else
    parsed under ``limits`` (:func:`run_one`); None after its failure line (naming
    ``label``, else ``path``) was printed."""
    if path.suffix.lower() == ".json" or not runner.SUPPORTED:
        try:
            return read_input(path, options)
        except Exception as exc:
            report_exception(err, label or path, exc, debug)
            return None
    result = run_one(path, options, limits, err, debug, label=label)
    if result is None or result.agenda_json is None:
        return None
    return Agenda.model_validate_json(result.agenda_json)

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

import sys
import traceback
from enum import IntEnum
from pathlib import Path

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.text import Text

from kkrparse import Agenda, KkrParseError, ParseOptions, load, parse_pdf, parse_text


class ExitCode(IntEnum):
    """Every exit status of every command (README: "Command line" and "Archive")."""

    OK = 0  # every input parsed, every document archived
    FAILED = 1  # at least one input or document failed
    USAGE = 2  # the command line was wrong (click uses 2 for its own usage errors too)
    ARCHIVE = 3  # the archive is unusable: not writable, corrupt, or locked by another run
    INTERRUPTED = 130  # Ctrl-C: the shell's convention for SIGINT


STRICT_HELP = "Fail on anything the parser had to recover from."
DEBUG_HELP = "Show the traceback of every failure."


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
    """``error: MESSAGE`` in red, on one line whatever the width."""
    err.print(Text(f"error: {message}", style="red"), soft_wrap=True)


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
    err: Console, path: Path, reason: str, message: str, exc: BaseException | None, debug: bool
) -> None:
    """The failure line ``PATH: REASON: MESSAGE``, and with ``debug`` the traceback."""
    # One line whatever the terminal width: soft_wrap stops rich wrapping long paths, and
    # Text rather than markup keeps brackets in file names literal.
    line = Text.assemble(
        (str(path), "bold"), ": ", (reason, "red"), ": ", " ".join(message.split())
    )
    err.print(line, soft_wrap=True)
    if debug and exc is not None:
        err.print("".join(traceback.format_exception(exc)), markup=False, soft_wrap=True, end="")


def report_exception(err: Console, path: Path, exc: Exception, debug: bool) -> str:
    """Classify and report one failure; return its reason."""
    reason, message = classify(exc, path)
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

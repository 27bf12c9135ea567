"""What the runner is given and gives back: jobs, limits, results and their outcomes.

Shared by the parent (:mod:`kkrparse.runner.pool`) and the worker
(:mod:`kkrparse.runner.worker`); :mod:`kkrparse.runner` re-exports the public names, and its
docstring says what each outcome means.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal, get_args

from kkrparse.errors import KkrParseError

Outcome = Literal[
    "ok",
    "no_text",
    "not_pdf",
    "not_agenda",
    "empty",
    "encrypted",
    "damaged",
    "timeout",
    "out_of_memory",
    "crashed",
    "too_large",
    "duplicate",
    "unreadable",
    "strict",
    "unsupported_layout",
]
#: The fixed set of outcomes, in this order (:mod:`kkrparse.runner` says what each means).
OUTCOMES: Final[tuple[Outcome, ...]] = get_args(Outcome)


@dataclass(frozen=True)
class Limits:
    """Per-document limits. The defaults suit a nightly archive run on a normal server."""

    timeout: float = 120.0  # wall-clock seconds per document, enforced by the parent
    memory: int = 2 * 1024**3  # bytes of address space for a worker (RLIMIT_AS)
    max_bytes: int = 256 * 1024**2  # larger files are too_large without parsing
    max_pages: int = 3000  # checked cheaply before parsing; more is too_large
    recycle_after: int = 50  # documents per worker process before a fresh one


@dataclass(frozen=True)
class Draw:
    """Instead of JSON, draw what the parser decided (``kkrparse debug``), in the worker.

    Drawing reads and renders the same hostile bytes as parsing does, so it runs under the
    same limits. ``pages`` are 1-based (None: every page); ``html`` asks for the report,
    else the first page drawn is one PNG; ``title`` heads the report.
    """

    pages: tuple[int, ...] | None
    html: bool
    resolution: int
    title: str


@dataclass(frozen=True)
class Drawn:
    """What a :class:`Draw` job made: the bytes to write, and what a person is told."""

    payload: bytes  # the HTML report or the PNG; empty when no page asked for exists
    pages: int  # pages in the document
    items: int  # agenda items found (0: drawn anyway, with a note)
    views: int  # pages drawn
    counts: dict[str, int]  # boxes drawn per class (kkrparse.debug.CLASSES)


@dataclass(frozen=True)
class Job:
    key: str  # the caller's id for this document (e.g. its path)
    path: Path
    draw: Draw | None = None  # draw the parser's decisions instead of returning JSON


@dataclass(frozen=True)
class Result:
    key: str
    path: Path
    sha256: str | None  # of the bytes the worker parsed; None if unreadable
    outcome: Outcome
    reason: str  # one line for a person; "" for ok
    agenda_json: str | None  # Agenda.to_json() when outcome == "ok"
    pages: int | None
    seconds: float
    #: The traceback of an exception the parser raised, for ``--debug``; "" otherwise.
    details: str = field(default="", compare=False)
    #: What a :class:`Draw` job drew, when its outcome is ok.
    drawn: Drawn | None = field(default=None, compare=False)


class RunnerError(RuntimeError):
    """The runner itself cannot work (a worker process cannot even start)."""


def outcome_of(exc: BaseException) -> tuple[Outcome, str]:
    """Map an exception raised while parsing a document to its outcome and one line.

    A MemoryError anywhere in the chain wins: the extract stage reports any failure inside
    pdfminer as damage, but a file that exhausted the memory limit is not known to be damaged.
    """
    if any(isinstance(link, MemoryError) for link in _chain(exc)):
        return "out_of_memory", "the parser ran out of memory (the memory limit was reached)"
    if isinstance(exc, KkrParseError):
        reason = exc.reason
        outcome: Outcome = reason if reason in OUTCOMES else "crashed"
        return outcome, one_line(str(exc))
    if isinstance(exc, MemoryError):
        return "out_of_memory", "the parser ran out of memory"
    if isinstance(exc, RecursionError):
        return "damaged", "damaged PDF: objects nested too deeply to read"
    detail = f": {exc}" if str(exc) else ""
    return "crashed", one_line(f"unexpected {type(exc).__name__}{detail} (a bug)")


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception, its causes and contexts, and exceptions wrapped as arguments
    (pdfplumber's PdfminerException(original))."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        link = todo.pop()
        if id(link) in seen:
            continue
        seen.add(id(link))
        yield link
        todo += [arg for arg in link.args if isinstance(arg, BaseException)]
        todo += [e for e in (link.__cause__, link.__context__) if e is not None]


def one_line(text: str, limit: int = 500) -> str:
    """``text`` on one line, whitespace collapsed, cut to ``limit`` characters."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"

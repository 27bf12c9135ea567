"""Parse many documents, each in a worker process that a bad file cannot take down with it.

pdfminer can spend minutes (or gigabytes: a 2 KB decompression bomb inflates to 2 GB) inside
one call, and a C library can abort the whole process. None of that can be stopped from
inside the parsing process: a Python timer does not fire while C code runs. So every
document is parsed in a separate worker process that the caller's process watches:

- the **parent** (:func:`run`) hands one document at a time to each worker, enforces the
  wall-clock limit (it kills a worker that misses its deadline and starts a fresh one), and
  turns a worker that died (a signal, an abort) into a result;
- the **worker** (``python -m kkrparse.runner``) limits its own address space (RLIMIT_AS),
  checks size and page count before parsing, parses, and reports one JSON line per document.

**Untrusted input.** :func:`kkrparse.parse_pdf` parses in the calling process and
protects against none of this: it has no time limit (pdfminer can loop for minutes on a
page), no memory limit (two forms that draw each other grew one process to 24 GB; a 3 KB
stream inflates to a GiB), and a C library that aborts takes the caller's process with it.
For files from anywhere else, call :func:`run`: every document in a worker process under
:class:`Limits`, one :class:`Result` each, whatever the file does. ``kkrparse parse``,
``show``, ``debug`` (a :class:`Draw` job, which makes the trace and the page images in the
worker) and ``archive`` all do, one file as much as many.

The parent is :mod:`kkrparse.runner.pool`, the worker :mod:`kkrparse.runner.worker`, the
messages between them :mod:`kkrparse.runner.protocol`; jobs, limits, results and outcomes
are defined in :mod:`kkrparse.runner.jobs`. This module is the public surface.

Every job ends with exactly one :class:`Result` whose ``outcome`` is one of
:data:`OUTCOMES`:

==================  ======================================================================
``ok``              parsed; ``agenda_json`` holds the document
``no_text``         no page has a text layer (a scan without OCR)
``not_pdf``         not a PDF (an HTML error page saved as .pdf)
``not_agenda``      a readable document that is no meeting's agenda or minutes
``empty``           zero bytes
``encrypted``       needs a user password
``damaged``         truncated or broken beyond reading
``timeout``         still running at the wall-clock limit; the worker was killed
``out_of_memory``   exceeded the memory limit
``crashed``         the worker died (a signal, an abort) or the parser raised something
                    unexpected: a bug, or a file no check foresaw
``too_large``       more bytes or pages than the limits, refused before parsing
``duplicate``       never produced here: the archive decides it (same bytes as another file)
``unreadable``      the file could not be read: not a regular file (a FIFO, a directory),
                    a symlink loop, no permission, an I/O error, or a .txt that is not UTF-8
``strict``          ``ParseOptions(strict=True)`` and the parser had to recover from something
``unsupported_layout``  a meeting's agenda or minutes whose items the parser cannot read
==================  ======================================================================

Test-only: the worker reads the environment variable ``KKRPARSE_TEST_HOOK`` so tests can
make it misbehave on a chosen document without a slow or crashing PDF. It is a
``;``-separated list of ``ACTION=FILENAME`` (several may name one file) with ACTION one of
``slow`` (sleep 2 s first), ``hang`` (sleep forever), ``hang_pdfplumber`` (sleep forever
when the engine is pdfplumber),
``segv`` (die by SIGSEGV), ``abort`` (die by SIGABRT), ``abort_pdfium`` (die by SIGABRT
unless the engine is pdfplumber, as PDFium does on some files), ``oom`` (allocate until
MemoryError),
``exit`` (leave without a word) and ``garble`` (answer with bytes that are not a message).
Nothing else reads it; do not set it in production.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Final

from kkrparse.options import ParseOptions
from kkrparse.runner.jobs import (
    OUTCOMES,
    Draw,
    Drawn,
    Job,
    Limits,
    Outcome,
    Result,
    RunnerError,
    outcome_of,
)
from kkrparse.runner.pool import Pass
from kkrparse.runner.worker import TEST_HOOK_ENV

__all__ = [
    "OUTCOMES",
    "SUPPORTED",
    "TEST_HOOK_ENV",
    "Draw",
    "Drawn",
    "Job",
    "Limits",
    "Outcome",
    "Result",
    "RunnerError",
    "outcome_of",
    "run",
]

#: Whether this platform can run isolated workers: they need POSIX pipes that a selector
#: can wait on, non-blocking opens and resource limits. Not on Windows.
SUPPORTED: Final = os.name == "posix"


def run(
    jobs: Iterable[Job],
    options: ParseOptions,
    limits: Limits = Limits(),  # noqa: B008  frozen, so safe to share
    workers: int | None = None,
) -> Iterator[Result]:
    """Every job yields exactly one Result, in completion order. Never raises for a bad document.

    ``workers`` processes (default: the number of CPUs) each parse one document at a time.
    Jobs are taken from ``jobs`` only as workers come free, so it may be a lazy generator.
    Stopping the iteration early kills the workers. Raises :class:`RunnerError` only when
    worker processes cannot start at all.

    With ``engine="auto"``, a document whose worker died by its own signal (PDFium aborts
    the process on some inputs, an allocation over the memory limit among them, where
    pdfminer raises an error) is parsed once more with pdfplumber, the reference engine, in
    a fresh worker, after the other documents; its result is the one reported. A worker
    killed from outside (SIGKILL) is not tried again. The second attempt has what is left of
    ``limits.timeout``, so no document takes longer than the limit in all.
    """
    if options.engine != "auto":
        yield from Pass(jobs, options, limits, workers)
        return
    died: list[Job] = []
    spent: dict[Job, float] = {}
    yield from Pass(jobs, options, limits, workers, died, spent)
    if died:
        fallback = options.model_copy(update={"engine": "pdfplumber"})
        yield from Pass(died, fallback, limits, workers, spent=spent)

"""The worker process: ``python -m kkrparse.runner OPTIONS_JSON LIMITS_JSON``.

It ends itself when its parent dies, limits its own address space (RLIMIT_AS), says it is
ready, then serves one :class:`~kkrparse.runner.protocol.Assign` per line of stdin: reads
the file (:mod:`kkrparse.inputs`), checks its size and page count, parses it, and answers
with :class:`~kkrparse.runner.protocol.Started` and
:class:`~kkrparse.runner.protocol.Done` (see :mod:`kkrparse.runner.protocol`). Every failure
is an outcome, never an exception. After a crash or a MemoryError it exits, and the parent
starts a fresh one.

The test hook (:data:`kkrparse.runner.TEST_HOOK_ENV`, described in :mod:`kkrparse.runner`)
is read here and nowhere else.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import itertools
import os
import signal
import sys
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Final

from kkrparse.inputs import InputRefused, open_regular, read_limited
from kkrparse.options import ParseOptions
from kkrparse.runner import protocol
from kkrparse.runner.jobs import Draw, Drawn, Limits, Outcome, outcome_of
from kkrparse.runner.protocol import Done, Started, WorkerArgs

#: The environment variable read by workers only, for tests (see :mod:`kkrparse.runner`).
TEST_HOOK_ENV: Final = "KKRPARSE_TEST_HOOK"

#: The worker's end of the protocol pipe (its original stdout), once it is serving jobs.
_protocol: IO[bytes] | None = None


def _read_regular_file(path: Path, max_bytes: int) -> bytes | tuple[Outcome, str]:
    """The file's bytes, or why not. Never blocks on a FIFO and never follows into a loop."""
    try:
        fd, _ = open_regular(path, max_bytes)
    except InputRefused as exc:
        if exc.problem == "too_large":
            return "too_large", exc.reason
        if exc.problem == "missing":
            return "unreadable", "no such file or directory"
        return "unreadable", exc.reason
    except OSError as exc:
        return "unreadable", exc.strerror or str(exc)
    try:
        return b"".join(read_limited(fd, max_bytes))
    except InputRefused as exc:  # it grew while read
        return "too_large", exc.reason
    except OSError as exc:
        return "unreadable", exc.strerror or str(exc)
    finally:
        os.close(fd)


def _count_pages(data: bytes, limit: int) -> tuple[int | None, bool]:
    """``(pages, over_limit)`` from walking the page tree, without reading any page.

    The walk stops one page past ``limit``; then ``pages`` is the count the tree declares
    (``/Count``), if any. ``/Count`` alone is not trusted: a hostile file can declare one page
    and hold a million. ``(None, False)`` when the tree cannot be walked; the parser itself
    then finds out what is wrong.
    """
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        walked = sum(1 for _ in itertools.islice(PDFPage.create_pages(document), limit + 1))
        if walked <= limit:
            return walked, False
        root = resolve1(document.catalog.get("Pages"))
        declared = resolve1(root.get("Count")) if isinstance(root, dict) else None
    except Exception:
        return None, False
    return (declared if isinstance(declared, int) and declared > limit else None), True


def _test_hook(filename: str, engine: str) -> None:
    """Misbehave on purpose when ``KKRPARSE_TEST_HOOK`` names this file (tests only)."""
    spec = os.environ.get(TEST_HOOK_ENV, "")
    actions = {
        action
        for action, _, name in (part.partition("=") for part in spec.split(";"))
        if name == filename
    }
    if "slow" in actions:
        time.sleep(2.0)
    for action in sorted(actions - {"slow"}):
        _misbehave(action, engine)


def _misbehave(action: str, engine: str) -> None:
    if action == "hang" or (action == "hang_pdfplumber" and engine == "pdfplumber"):
        while True:
            time.sleep(3600)
    elif action == "segv":
        os.kill(os.getpid(), signal.SIGSEGV)
    elif action == "abort" or (action == "abort_pdfium" and engine != "pdfplumber"):
        os.abort()
    elif action == "exit":
        os._exit(3)
    elif action == "garble" and _protocol is not None:
        _protocol.write(b"\x00 not a message\n")
        _protocol.flush()
        while True:
            time.sleep(3600)
    elif action == "oom":
        hog = []
        while True:
            hog.append(bytearray(64 * 1024**2))


def _parse_job(
    path: Path,
    options: ParseOptions,
    limits: Limits,
    say: Callable[[Started], None],
    draw: Draw | None = None,
) -> Done:
    """Read, check and parse (or draw) one file; every failure becomes an outcome, never an
    exception."""
    read = _read_regular_file(path, limits.max_bytes)
    if isinstance(read, tuple):
        return Done(outcome=read[0], reason=read[1])
    data = read
    digest = hashlib.sha256(data).hexdigest()
    is_text = path.suffix.lower() == ".txt"
    pages, over = (None, False) if is_text else _count_pages(data, limits.max_pages)
    say(Started(sha256=digest, pages=pages))
    if over:
        reason = (
            f"{pages or 'more than ' + str(limits.max_pages)} pages "
            f"(the limit is {limits.max_pages})"
        )
        return Done(outcome="too_large", reason=reason, sha256=digest, pages=pages)
    base = Done(outcome="ok", reason="", sha256=digest, pages=pages)
    if draw is not None:
        return _draw_data(path, data, is_text, options, draw, base)
    return _parse_data(path, data, is_text, options, base)


def _failed(exc: BaseException, base: Done) -> Done:
    """The outcome of an exception raised while parsing or drawing."""
    outcome, reason = outcome_of(exc)  # library messages never carry the file name
    # The traceback of a library error too: ``--debug`` shows where any failure was raised.
    details = "".join(traceback.format_exception(exc))
    return dataclasses.replace(base, outcome=outcome, reason=reason, details=details)


def _draw_data(
    path: Path, data: bytes, is_text: bool, options: ParseOptions, draw: Draw, base: Done
) -> Done:
    """Draw the parser's decisions on the pages (``kkrparse debug``): the trace, the page
    images and the report are all made here, under the worker's limits."""
    from kkrparse.debug import html_report, render_pages
    from kkrparse.errors import EmptyInputError
    from kkrparse.pipeline import trace_pdf

    try:
        _test_hook(path.name, options.engine)
        if is_text:  # the CLI refuses text before it gets here; a library caller may not
            raise EmptyInputError("text input has no pages to draw on")
        if not data:
            raise EmptyInputError("the file is empty (0 bytes)")
        trace = trace_pdf(data, options)
        wanted = draw.pages
        views = []
        if wanted is None or all(1 <= n <= len(trace.pages) for n in wanted):
            views = list(render_pages(data, trace, wanted, draw.resolution))
        payload = b""
        if draw.html and views:
            payload = html_report(trace, views, draw.title).encode("utf-8")
        elif views:
            payload = views[0].png
        counts: Counter[str] = Counter()
        for view in views:
            counts.update(view.counts())
    except BaseException as exc:  # MemoryError, RecursionError and bugs alike
        return _failed(exc, base)
    drawn = Drawn(payload, len(trace.pages), len(trace.items), len(views), dict(counts))
    return dataclasses.replace(base, drawn=drawn, pages=len(trace.pages))


def _parse_data(path: Path, data: bytes, is_text: bool, options: ParseOptions, base: Done) -> Done:
    """Parse the bytes read from ``path``; ``base`` carries the hash and page count."""
    from kkrparse.api import parse_pdf, parse_text, printable_name

    name = printable_name(path.name)
    try:
        _test_hook(path.name, options.engine)
        if is_text:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                reason = f"not UTF-8 text ({exc.reason} at byte {exc.start})"
                return dataclasses.replace(base, outcome="unreadable", reason=reason)
            agenda = parse_text(text, options, filename=name)
        else:
            source = io.BytesIO(data)
            source.name = name  # parse_pdf takes it from a file object
            agenda = parse_pdf(source, options)
    except BaseException as exc:  # MemoryError, RecursionError and bugs alike
        return _failed(exc, base)
    return dataclasses.replace(base, agenda_json=agenda.to_json(), pages=agenda.source.page_count)


def _die_with_parent() -> None:
    """End this worker when the parent dies, even by kill -9 and even mid-document.

    Without it a worker stuck in a hostile file would outlive a killed run for good. Linux
    delivers SIGKILL on the parent's death (PR_SET_PDEATHSIG); elsewhere a thread watches.
    """
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0) == 0:
            if os.getppid() != parent:  # the parent died before the wish was registered
                os._exit(1)
            return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _limit_resources(limits: Limits) -> None:
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # an abort leaves no core file
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory, limits.memory))


def main(argv: Sequence[str]) -> int:
    """``python -m kkrparse.runner OPTIONS_JSON LIMITS_JSON``: serve jobs from stdin."""
    # The protocol owns the real stdout; anything a library prints goes to stderr instead.
    global _protocol
    proto = _protocol = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr

    def say(message: protocol.Reply) -> None:
        proto.write(protocol.encode(message))
        proto.flush()

    _die_with_parent()
    # Ctrl-C reaches the whole process group; the parent decides, and stops its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    args = WorkerArgs.from_argv(argv)
    import pdfplumber  # noqa: F401  imported before the limit and the clock: start-up cost

    _limit_resources(args.limits)
    say(protocol.Ready())
    for line in sys.stdin.buffer:
        job = protocol.decode_assign(line)
        done = _parse_job(job.path, args.options, args.limits, say, job.draw)
        say(done)
        if done.outcome in ("out_of_memory", "crashed"):
            return 0  # the process may be in a bad state: the parent starts a fresh one
    return 0

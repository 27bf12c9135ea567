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

Every job ends with exactly one :class:`Result` whose ``outcome`` is one of
:data:`OUTCOMES`:

==================  ======================================================================
``ok``              parsed; ``agenda_json`` holds the document
``no_text``         no page has a text layer (a scan without OCR)
``not_pdf``         not a PDF (an HTML error page saved as .pdf)
``not_agenda``      a readable document with no KKR agenda in it
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
==================  ======================================================================

Test-only: the worker reads the environment variable ``KKRPARSE_TEST_HOOK`` so tests can
make it misbehave on a chosen document without a slow or crashing PDF. It is a
``;``-separated list of ``ACTION=FILENAME`` with ACTION one of ``hang`` (sleep forever),
``segv`` (die by SIGSEGV), ``abort`` (die by SIGABRT), ``abort_pdfium`` (die by SIGABRT
unless the engine is pdfplumber, as PDFium does on some files), ``oom`` (allocate until
MemoryError),
``exit`` (leave without a word) and ``garble`` (answer with bytes that are not a message).
Nothing else reads it; do not set it in production.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import itertools
import json
import os
import selectors
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Final, Literal, get_args

from kkrparse.errors import KkrParseError
from kkrparse.options import ParseOptions

__all__ = [
    "OUTCOMES",
    "SUPPORTED",
    "Job",
    "Limits",
    "Outcome",
    "Result",
    "RunnerError",
    "outcome_of",
    "run",
]

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
]
#: The fixed set of outcomes, in this order (the module docstring says what each means).
OUTCOMES: Final[tuple[Outcome, ...]] = get_args(Outcome)

#: Whether this platform can run isolated workers: they need POSIX pipes that a selector
#: can wait on, non-blocking opens and resource limits. Not on Windows.
SUPPORTED: Final = os.name == "posix"

#: The environment variable read by workers only, for tests (see the module docstring).
TEST_HOOK_ENV: Final = "KKRPARSE_TEST_HOOK"

#: How long a fresh worker may take to import the parser and say it is ready. Generous: on a
#: loaded machine importing pdfminer takes seconds; a worker that never starts is not the
#: document's fault, so it does not count against the document's timeout.
START_TIMEOUT: Final = 60.0

#: A worker that fails to start this many times in a row means a broken installation, not a
#: bad document: :func:`run` raises :class:`RunnerError` instead of failing every file.
MAX_START_FAILURES: Final = 3

#: Bytes of a dead worker's stderr kept to explain its death.
STDERR_TAIL: Final = 4096

#: What a dead worker's stderr says when an allocation failed in C or C++ code.
_OOM_MARKERS: Final = ("MemoryError", "std::bad_alloc", "out of memory", "Cannot allocate")


@dataclass(frozen=True)
class Limits:
    """Per-document limits. The defaults suit a nightly archive run on a normal server."""

    timeout: float = 120.0  # wall-clock seconds per document, enforced by the parent
    memory: int = 2 * 1024**3  # bytes of address space for a worker (RLIMIT_AS)
    max_bytes: int = 256 * 1024**2  # larger files are too_large without parsing
    max_pages: int = 3000  # checked cheaply before parsing; more is too_large
    recycle_after: int = 50  # documents per worker process before a fresh one


@dataclass(frozen=True)
class Job:
    key: str  # the caller's id for this document (e.g. its path)
    path: Path


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
        return outcome, _one_line(str(exc))
    if isinstance(exc, MemoryError):
        return "out_of_memory", "the parser ran out of memory"
    if isinstance(exc, RecursionError):
        return "damaged", "damaged PDF: objects nested too deeply to read"
    detail = f": {exc}" if str(exc) else ""
    return "crashed", _one_line(f"unexpected {type(exc).__name__}{detail} (a bug)")


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


def _one_line(text: str, limit: int = 500) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


# --- the worker ------------------------------------------------------------------------------


def _read_regular_file(path: Path, max_bytes: int) -> bytes | tuple[Outcome, str]:
    """The file's bytes, or why not. Never blocks on a FIFO and never follows into a loop."""
    try:
        # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return "unreadable", "no such file or directory"
    except OSError as exc:
        return "unreadable", exc.strerror or str(exc)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            return "unreadable", "a directory, not a file"
        if not stat.S_ISREG(info.st_mode):
            return "unreadable", "not a regular file (a FIFO, socket or device)"
        if info.st_size > max_bytes:
            return "too_large", f"{info.st_size} bytes (the limit is {max_bytes})"
        os.set_blocking(fd, True)
        # In pieces: read(n) would reserve all n bytes up front, whatever the file's size. One
        # byte more than the limit is asked for, so a file that grows while read is caught.
        pieces, left = [], max_bytes + 1
        while left > 0:
            piece = os.read(fd, min(left, 1 << 20))
            if not piece:
                break
            pieces.append(piece)
            left -= len(piece)
        data = b"".join(pieces)
        if len(data) > max_bytes:
            return "too_large", f"more than {max_bytes} bytes (the limit)"
        return data
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


#: The worker's end of the protocol pipe (its original stdout), once it is serving jobs.
_protocol: IO[bytes] | None = None


def _test_hook(filename: str, engine: str) -> None:
    """Misbehave on purpose when ``KKRPARSE_TEST_HOOK`` names this file (tests only)."""
    spec = os.environ.get(TEST_HOOK_ENV, "")
    actions = {
        name: action
        for action, _, name in (part.partition("=") for part in spec.split(";"))
        if name
    }
    action = actions.get(filename)
    if action == "hang":
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


def _parse_job(path: Path, options: ParseOptions, limits: Limits, say: Any) -> dict[str, Any]:
    """Read, check and parse one file; every failure becomes an outcome, never an exception."""
    from kkrparse.api import parse_pdf, parse_text, printable_name

    read = _read_regular_file(path, limits.max_bytes)
    if isinstance(read, tuple):
        return {"outcome": read[0], "reason": read[1]}
    data = read
    digest = hashlib.sha256(data).hexdigest()
    is_text = path.suffix.lower() == ".txt"
    pages, over = (None, False) if is_text else _count_pages(data, limits.max_pages)
    say({"started": True, "sha256": digest, "pages": pages})
    base: dict[str, Any] = {"sha256": digest, "pages": pages}
    if over:
        return base | {
            "outcome": "too_large",
            "reason": f"{pages or 'more than ' + str(limits.max_pages)} pages "
            f"(the limit is {limits.max_pages})",
        }
    try:
        _test_hook(path.name, options.engine)
        if is_text:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                return base | {
                    "outcome": "unreadable",
                    "reason": f"not UTF-8 text ({exc.reason} at byte {exc.start})",
                }
            agenda = parse_text(text, options, filename=printable_name(path.name))
        else:
            source = io.BytesIO(data)
            source.name = printable_name(path.name)  # parse_pdf takes it from a file object
            agenda = parse_pdf(source, options)
    except BaseException as exc:  # MemoryError, RecursionError and bugs alike
        outcome, reason = outcome_of(exc)
        # Library messages often start with the file's name, which the caller knows.
        reason = reason.removeprefix(f"{printable_name(path.name)}: ")
        details = "" if isinstance(exc, KkrParseError) else "".join(traceback.format_exception(exc))
        return base | {"outcome": outcome, "reason": reason, "details": details}
    return base | {
        "outcome": "ok",
        "reason": "",
        "agenda_json": agenda.to_json(),
        "pages": agenda.source.page_count,
    }


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


def _worker_main(argv: list[str]) -> int:
    """``python -m kkrparse.runner OPTIONS_JSON LIMITS_JSON``: serve jobs from stdin."""
    # The protocol owns the real stdout; anything a library prints goes to stderr instead.
    global _protocol
    proto = _protocol = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr

    def say(message: dict[str, Any]) -> None:
        # ASCII: file names that are not UTF-8 travel as surrogate escapes, losslessly.
        proto.write(json.dumps(message).encode("ascii") + b"\n")
        proto.flush()

    _die_with_parent()
    # Ctrl-C reaches the whole process group; the parent decides, and stops its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    options = ParseOptions.model_validate_json(argv[0])
    limits = Limits(**json.loads(argv[1]))
    import pdfplumber  # noqa: F401  imported before the limit and the clock: start-up cost

    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # an abort leaves no core file
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory, limits.memory))
    say({"ready": True})
    for line in sys.stdin.buffer:
        job = json.loads(line)
        result = _parse_job(Path(job["path"]), options, limits, say)
        say(result | {"done": True})
        if result["outcome"] in ("out_of_memory", "crashed"):
            return 0  # the process may be in a bad state: the parent starts a fresh one
    return 0


# --- the parent ------------------------------------------------------------------------------


class _Worker:
    """One worker process and the job it is on."""

    def __init__(self, options: ParseOptions, limits: Limits) -> None:
        # Closed in close(): it lives as long as the process, not a block.
        self.stderr: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        limits_json = json.dumps(dataclasses.asdict(limits))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kkrparse.runner", options.model_dump_json(), limits_json],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            close_fds=True,
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.stdin: IO[bytes] = self.proc.stdin
        self.stdout: IO[bytes] = self.proc.stdout
        os.set_blocking(self.stdout.fileno(), False)
        self.buffer = b""
        self.ready = False
        self.spawned = time.monotonic()
        self.job: Job | None = None
        self.started = 0.0  # when the current job was handed over (or the worker got ready)
        self.sha256: str | None = None
        self.pages: int | None = None
        self.done = 0
        self.worn_out = False  # after a crash or MemoryError: replace, do not reuse
        self.garbled = False  # it wrote something that is not a message
        self.killed = False

    def send(self, job: Job) -> None:
        self.job, self.sha256, self.pages = job, None, None
        self.started = time.monotonic()
        # ASCII: a path that is not UTF-8 travels as surrogate escapes and arrives intact.
        line = json.dumps({"path": os.fspath(job.path)}) + "\n"
        # A worker that died while idle shows up as end-of-file on its stdout, then reported.
        with contextlib.suppress(BrokenPipeError):
            self.stdin.write(line.encode("ascii"))
            self.stdin.flush()

    def deadline(self, limits: Limits) -> float:
        if not self.ready:
            return self.spawned + START_TIMEOUT
        if self.job is None:
            return float("inf")
        return self.started + limits.timeout

    def messages(self) -> tuple[list[dict[str, Any]], bool]:
        """Read what is there: complete messages, and whether the worker closed its end."""
        eof = False
        while True:
            try:
                chunk = os.read(self.stdout.fileno(), 1 << 20)
            except BlockingIOError:
                break
            if not chunk:
                eof = True
                break
            self.buffer += chunk
        *lines, self.buffer = self.buffer.split(b"\n")
        messages = []
        for line in lines:
            try:
                messages.append(json.loads(line))
            except ValueError:
                # Only the worker writes here; garbage means it is broken: end it as a crash.
                self.garbled = True
                with contextlib.suppress(ProcessLookupError):
                    self.proc.kill()
                return messages, True
        return messages, eof

    def kill(self) -> None:
        self.killed = True
        with contextlib.suppress(ProcessLookupError):
            self.proc.kill()
        self.close()

    def close(self) -> None:
        """Let the worker finish (it ends when its stdin closes) and release everything."""
        for stream in (self.stdin, self.stdout):
            with contextlib.suppress(OSError):
                stream.close()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.stderr.close()

    def stderr_tail(self) -> str:
        try:
            size = self.stderr.seek(0, io.SEEK_END)
            self.stderr.seek(max(0, size - STDERR_TAIL))
            return self.stderr.read().decode("utf-8", "replace")
        except (OSError, ValueError):
            return ""


def _aborted(worker: _Worker) -> bool:
    """Did the worker die by its own signal (abort, segfault), as PDFium dies? A SIGKILL
    comes from outside (an operator, the kernel's OOM killer) and is not tried again."""
    code = worker.proc.returncode
    return code is not None and code < 0 and code != -getattr(signal, "SIGKILL", 9)


def _death(worker: _Worker) -> tuple[Outcome, str, str]:
    """Why a worker died mid-document: (outcome, reason, the end of its stderr)."""
    try:
        # Its end of the pipe closed, so it is exiting; it cannot be allowed to linger.
        worker.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        worker.proc.kill()
        worker.proc.wait()
    code = worker.proc.returncode
    tail = worker.stderr_tail()
    if worker.garbled:
        return "crashed", "the worker answered with something that is not a message", tail
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        how = f"the worker was killed by {name}"
    else:
        how = f"the worker exited with status {code} without a result"
    if any(marker in tail for marker in _OOM_MARKERS):
        return "out_of_memory", f"{how} after running out of memory", tail
    if code == -getattr(signal, "SIGKILL", 9):
        how += " (not by kkrparse: the system may have run out of memory)"
    return "crashed", how, tail


def run(
    jobs: Iterable[Job],
    options: ParseOptions,
    limits: Limits = Limits(),
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
    killed from outside (SIGKILL) is not tried again.
    """
    if options.engine != "auto":
        yield from _run_pass(jobs, options, limits, workers, None)
        return
    died: list[Job] = []
    yield from _run_pass(jobs, options, limits, workers, died)
    if died:
        fallback = options.model_copy(update={"engine": "pdfplumber"})
        yield from _run_pass(died, fallback, limits, workers, None)


def _run_pass(
    jobs: Iterable[Job],
    options: ParseOptions,
    limits: Limits,
    workers: int | None,
    died: list[Job] | None,
) -> Iterator[Result]:
    """One pass of :func:`run`; a job whose worker died goes to ``died`` when it is given."""
    size = max(1, workers if workers is not None else (os.cpu_count() or 1))
    source = iter(jobs)
    queue: deque[Job] = deque()  # jobs handed back by a worker that failed to start
    pool: list[_Worker] = []
    selector = selectors.DefaultSelector()
    start_failures = 0

    def next_job() -> Job | None:
        if queue:
            return queue.popleft()
        return next(source, None)

    def retire(worker: _Worker, kill: bool) -> None:
        selector.unregister(worker.stdout)
        pool.remove(worker)
        worker.kill() if kill else worker.close()

    def result(worker: _Worker, outcome: Outcome, reason: str, **extra: Any) -> Result:
        job = worker.job
        assert job is not None
        worker.job = None
        return Result(
            key=job.key,
            path=job.path,
            sha256=extra.get("sha256", worker.sha256),
            outcome=outcome,
            reason=reason,
            agenda_json=extra.get("agenda_json"),
            pages=extra.get("pages", worker.pages),
            seconds=round(time.monotonic() - worker.started, 3),
            details=extra.get("details", ""),
        )

    try:
        exhausted = False
        while True:
            # Hand a job to every idle worker; start workers while jobs wait and room is left.
            for worker in pool:
                if worker.job is None and not exhausted:
                    job = next_job()
                    if job is None:
                        exhausted = True
                    else:
                        worker.send(job)
            while not exhausted and len(pool) < size:
                job = next_job()
                if job is None:
                    exhausted = True
                    break
                worker = _Worker(options, limits)
                pool.append(worker)
                selector.register(worker.stdout, selectors.EVENT_READ, worker)
                worker.send(job)
            if not pool:
                return
            if exhausted and all(w.job is None for w in pool):
                return

            now = time.monotonic()
            wait = min(w.deadline(limits) for w in pool) - now
            events = selector.select(timeout=max(0.0, min(wait, 3600.0)))
            for key, _ in events:
                worker = key.data
                messages, eof = worker.messages()
                for message in messages:
                    if message.get("ready"):
                        worker.ready = True
                        worker.started = time.monotonic()  # start-up is not the job's time
                        start_failures = 0
                    elif message.get("started"):
                        worker.sha256, worker.pages = message["sha256"], message["pages"]
                    elif message.get("done"):
                        fields = {k: message[k] for k in message if k != "done"}
                        outcome, reason = fields.pop("outcome"), fields.pop("reason")
                        worker.done += 1
                        worker.worn_out = outcome in ("out_of_memory", "crashed")
                        yield result(worker, outcome, reason, **fields)
                if eof:
                    if not worker.ready:
                        start_failures += 1
                        tail = worker.stderr_tail()
                        if worker.job is not None:
                            queue.appendleft(worker.job)
                            worker.job = None
                        retire(worker, kill=True)
                        if start_failures >= MAX_START_FAILURES:
                            raise RunnerError(
                                f"the worker process cannot start: {_one_line(tail[-1000:])}"
                            )
                    elif worker.job is not None:
                        outcome, reason, tail = _death(worker)  # reaps it: returncode is set
                        if died is not None and _aborted(worker):
                            died.append(worker.job)
                            worker.job = None
                            retire(worker, kill=True)
                            continue
                        res = result(worker, outcome, reason, details=tail)
                        retire(worker, kill=True)
                        yield res
                    else:
                        retire(worker, kill=False)
            # Deadlines: a stuck document is killed with its worker; a fresh one takes over.
            now = time.monotonic()
            for worker in list(pool):
                if worker not in pool or now < worker.deadline(limits):
                    continue
                if not worker.ready:
                    if worker.job is not None:
                        queue.appendleft(worker.job)
                        worker.job = None
                    retire(worker, kill=True)
                    start_failures += 1
                    if start_failures >= MAX_START_FAILURES:
                        raise RunnerError("the worker process did not start in time")
                    continue
                res = result(
                    worker, "timeout", f"still running after {limits.timeout:g} s; stopped"
                )
                retire(worker, kill=True)
                yield res
            for worker in list(pool):
                if worker.job is None and (worker.worn_out or worker.done >= limits.recycle_after):
                    retire(worker, kill=False)
    finally:
        for worker in list(pool):
            with contextlib.suppress(Exception):
                retire(worker, kill=True)
        selector.close()


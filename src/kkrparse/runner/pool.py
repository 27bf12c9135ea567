"""The parent's side: worker processes, and one pass of jobs through them.

:class:`_Worker` is one worker process and the job it is on; :class:`Pass` hands jobs to
idle workers (starting workers while jobs wait and room is left), reads their messages
(:mod:`kkrparse.runner.protocol`), kills a worker that misses its deadline and starts a
fresh one, turns a worker that died into a result, and replaces a worker after a crash or
after ``Limits.recycle_after`` documents.
"""

from __future__ import annotations

import contextlib
import io
import os
import selectors
import signal
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Final

import kkrparse
from kkrparse.options import ParseOptions
from kkrparse.runner import protocol
from kkrparse.runner.jobs import Drawn, Job, Limits, Outcome, Result, RunnerError, one_line
from kkrparse.runner.protocol import Assign, Done, ProtocolError, Ready, Started, WorkerArgs

#: How long a fresh worker may take to import the parser and say it is ready. Generous: on a
#: loaded machine importing pdfminer takes seconds; a worker that never starts is not the
#: document's fault, so it does not count against the document's timeout.
START_TIMEOUT: Final = 60.0

#: A worker that fails to start this many times in a row means a broken installation, not a
#: bad document: :func:`kkrparse.runner.run` raises :class:`RunnerError` instead of failing
#: every file.
MAX_START_FAILURES: Final = 3

#: Bytes of a dead worker's stderr kept to explain its death.
STDERR_TAIL: Final = 4096

#: What a dead worker's stderr says when an allocation failed in C or C++ code.
_OOM_MARKERS: Final = ("MemoryError", "std::bad_alloc", "out of memory", "Cannot allocate")

_SIGKILL: Final = getattr(signal, "SIGKILL", 9)


def _worker_environment() -> dict[str, str]:
    """This environment, with this process's kkrparse first on the worker's import path.

    The worker must run the same code as its parent: a relative ``PYTHONPATH`` (``src``)
    means something else once the parent has changed folders, and another installed copy
    would then answer in a protocol this one may not speak.
    """
    env = dict(os.environ)
    here = os.path.dirname(os.path.dirname(os.path.abspath(kkrparse.__file__)))
    env["PYTHONPATH"] = os.pathsep.join([here, *filter(None, [env.get("PYTHONPATH")])])
    return env


class _Worker:
    """One worker process and the job it is on."""

    def __init__(self, options: ParseOptions, limits: Limits) -> None:
        # Closed in close(): it lives as long as the process, not a block.
        self.stderr: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        argv = WorkerArgs(options, limits).to_argv()
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "kkrparse.runner", *argv],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self.stderr,
                close_fds=True,
                env=_worker_environment(),
            )
        except OSError as exc:
            # No interpreter there, or one this user may not run: no retry can help, and it
            # is the installation, not a document, that is broken.
            self.stderr.close()
            raise RunnerError(
                f"the worker process cannot start: {sys.executable}: {exc.strerror or exc}"
            ) from exc
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
        # A worker that died while idle shows up as end-of-file on its stdout, then reported.
        with contextlib.suppress(BrokenPipeError):
            self.stdin.write(protocol.encode(Assign(job.path, job.draw)))
            self.stdin.flush()

    def deadline(self, limits: Limits, spent: Mapping[Job, float]) -> float:
        """When to give up: on starting, or on the job, whose time an earlier attempt
        (``spent``) used up in part."""
        if not self.ready:
            return self.spawned + START_TIMEOUT
        if self.job is None:
            return float("inf")
        return self.started + limits.timeout - spent.get(self.job, 0.0)

    def messages(self) -> tuple[list[protocol.Reply], bool]:
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
                messages.append(protocol.decode_reply(line))
            except ProtocolError:
                # Only the worker writes here; garbage means it is broken: end it as a crash.
                self.garbled = True
                with contextlib.suppress(ProcessLookupError):
                    self.proc.kill()
                return messages, True
        return messages, eof

    def take_job(self) -> Job:
        """The job it was on, which it no longer is."""
        job = self.job
        assert job is not None
        self.job = None
        return job

    def result(
        self,
        outcome: Outcome,
        reason: str,
        *,
        sha256: str | None = None,
        pages: int | None = None,
        agenda_json: str | None = None,
        details: str = "",
        drawn: Drawn | None = None,
    ) -> Result:
        """The result of the job it was on (which it no longer is); the hash and page count
        it reported when not given."""
        job = self.take_job()
        return Result(
            key=job.key,
            path=job.path,
            sha256=sha256 if sha256 is not None else self.sha256,
            outcome=outcome,
            reason=reason,
            agenda_json=agenda_json,
            pages=pages if pages is not None else self.pages,
            seconds=round(time.monotonic() - self.started, 3),
            details=details,
            drawn=drawn,
        )

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

    def aborted(self) -> bool:
        """Did it die by its own signal (abort, segfault), as PDFium dies? A SIGKILL comes
        from outside (an operator, the kernel's OOM killer) and is not tried again."""
        code = self.proc.returncode
        return code is not None and code < 0 and code != -_SIGKILL

    def death(self) -> tuple[Outcome, str, str]:
        """Why it died mid-document: (outcome, reason, the end of its stderr). Reaps it."""
        try:
            # Its end of the pipe closed, so it is exiting; it cannot be allowed to linger.
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        code = self.proc.returncode
        tail = self.stderr_tail()
        if self.garbled:
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
        if code == -_SIGKILL:
            how += " (not by kkrparse: the system may have run out of memory)"
        return "crashed", how, tail


class Pass:
    """One pass of jobs through a pool of workers: iterate it for one result per job, in
    completion order. A job whose worker died by its own signal goes to ``died`` instead
    when that list is given (to be parsed once more with another engine), and the seconds
    it took go to ``spent``. A job already in ``spent`` has only the rest of
    ``Limits.timeout`` left: an attempt after an abort stays within the document's limit.

    Jobs are taken from ``jobs`` only as workers come free. Stopping the iteration early
    kills the workers. Raises :class:`RunnerError` when workers cannot start at all.
    """

    def __init__(
        self,
        jobs: Iterable[Job],
        options: ParseOptions,
        limits: Limits,
        workers: int | None,
        died: list[Job] | None = None,
        spent: dict[Job, float] | None = None,
    ) -> None:
        self.size = max(1, workers if workers is not None else (os.cpu_count() or 1))
        self.options = options
        self.limits = limits
        self.died = died
        self.spent: dict[Job, float] = {} if spent is None else spent
        self.source = iter(jobs)
        self.queue: deque[Job] = deque()  # jobs handed back by a worker that failed to start
        self.source_done = False
        self.pool: list[_Worker] = []
        self.selector = selectors.DefaultSelector()
        self.start_failures = 0  # in a row

    def __iter__(self) -> Iterator[Result]:
        try:
            while self._hand_out():
                for key, _ in self._wait():
                    yield from self._read(key.data)
                yield from self._enforce_deadlines()
                self._recycle()
        finally:
            self._shutdown()

    # -- workers and jobs

    @property
    def exhausted(self) -> bool:
        """No job is left to hand out: the source is done and no job was handed back.

        Both count: a worker that fails to start after the source ran out hands its job
        back, and that job must still get its result."""
        return self.source_done and not self.queue

    def _next_job(self) -> Job | None:
        if self.queue:
            return self.queue.popleft()
        if self.source_done:
            return None
        job = next(self.source, None)
        self.source_done = job is None
        return job

    def _hand_out(self) -> bool:
        """Hand a job to every idle worker; start workers while jobs wait and room is left.
        Whether any job is still on a worker."""
        for worker in self.pool:
            if worker.job is None and not self.exhausted:
                job = self._next_job()
                if job is not None:
                    worker.send(job)
        while not self.exhausted and len(self.pool) < self.size:
            job = self._next_job()
            if job is not None:
                self._start(job)
        return any(worker.job is not None for worker in self.pool)

    def _start(self, job: Job) -> None:
        worker = _Worker(self.options, self.limits)
        self.pool.append(worker)
        self.selector.register(worker.stdout, selectors.EVENT_READ, worker)
        worker.send(job)

    def _retire(self, worker: _Worker, kill: bool) -> None:
        self.selector.unregister(worker.stdout)
        self.pool.remove(worker)
        worker.kill() if kill else worker.close()

    def _start_failed(self, worker: _Worker, why: str) -> None:
        """A worker died or gave up before it was ready: its job goes back to the queue."""
        if worker.job is not None:
            self.queue.appendleft(worker.take_job())
        self._retire(worker, kill=True)
        self.start_failures += 1
        if self.start_failures >= MAX_START_FAILURES:
            raise RunnerError(why)

    def _recycle(self) -> None:
        """Replace idle workers that are worn out or have done their share."""
        for worker in list(self.pool):
            if worker.job is None and (worker.worn_out or worker.done >= self.limits.recycle_after):
                self._retire(worker, kill=False)

    def _shutdown(self) -> None:
        for worker in list(self.pool):
            with contextlib.suppress(Exception):
                self._retire(worker, kill=True)
        self.selector.close()

    # -- waiting and reading

    def _wait(self) -> list[tuple[selectors.SelectorKey, int]]:
        """Until a worker writes or the nearest deadline."""
        deadlines = (worker.deadline(self.limits, self.spent) for worker in self.pool)
        wait = min(deadlines) - time.monotonic()
        return self.selector.select(timeout=max(0.0, min(wait, 3600.0)))

    def _read(self, worker: _Worker) -> Iterator[Result]:
        messages, eof = worker.messages()
        for message in messages:
            if (result := self._on_message(worker, message)) is not None:
                yield result
        if eof and (result := self._on_eof(worker)) is not None:
            yield result

    def _on_message(self, worker: _Worker, message: protocol.Reply) -> Result | None:
        if isinstance(message, Ready):
            worker.ready = True
            worker.started = time.monotonic()  # start-up is not the job's time
            self.start_failures = 0
        elif isinstance(message, Started):
            worker.sha256, worker.pages = message.sha256, message.pages
        elif isinstance(message, Done):
            worker.done += 1
            worker.worn_out = message.outcome in ("out_of_memory", "crashed")
            return worker.result(
                message.outcome,
                message.reason,
                sha256=message.sha256,
                pages=message.pages,
                agenda_json=message.agenda_json,
                details=message.details,
                drawn=message.drawn,
            )
        return None

    def _on_eof(self, worker: _Worker) -> Result | None:
        """The worker closed its end: it failed to start, died mid-document, or left idle."""
        if not worker.ready:
            tail = worker.stderr_tail()
            self._start_failed(worker, f"the worker process cannot start: {one_line(tail[-1000:])}")
            return None
        if worker.job is None:
            self._retire(worker, kill=False)
            return None
        outcome, reason, tail = worker.death()  # reaps it: returncode is set
        if self.died is not None and worker.aborted():
            job = worker.take_job()
            self.died.append(job)
            self.spent[job] = self.spent.get(job, 0.0) + time.monotonic() - worker.started
            self._retire(worker, kill=True)
            return None
        result = worker.result(outcome, reason, details=tail)
        self._retire(worker, kill=True)
        return result

    # -- deadlines

    def _enforce_deadlines(self) -> Iterator[Result]:
        """A stuck document is killed with its worker; a fresh one takes over."""
        now = time.monotonic()
        for worker in list(self.pool):
            if worker not in self.pool or now < worker.deadline(self.limits, self.spent):
                continue
            if not worker.ready:
                self._start_failed(worker, "the worker process did not start in time")
                continue
            timeout = self.limits.timeout
            again = " (with pdfplumber, after PDFium aborted)" if worker.job in self.spent else ""
            result = worker.result("timeout", f"still running after {timeout:g} s{again}; stopped")
            self._retire(worker, kill=True)
            yield result

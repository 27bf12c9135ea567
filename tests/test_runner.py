"""The isolated runner: one outcome per document, whatever the document does to its worker.

Hangs, crashes and memory exhaustion are made on purpose with the worker's test-only hook
(``KKRPARSE_TEST_HOOK``), so these tests need neither a slow nor a crashing PDF; the PDFs
that really do such things are in ``test_hostile.py``. Limits are small so the set runs in
seconds.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import kkrparse
from fixtures_make import (
    AGENDA_ITEM_NUMBERS,
    BAD_INPUTS,
    agenda_pdf,
    agenda_text,
    bad_input_bytes,
)
from fixtures_make import write_file as write
from kkrparse import ParseOptions, runner
from kkrparse.inputs import InputRefused, open_regular, read_limited
from kkrparse.runner import OUTCOMES, Job, Limits, Result, RunnerError, protocol, run
from kkrparse.runner.protocol import Assign, Done, ProtocolError, Ready, Started, WorkerArgs
from textdoc import STANDARD_BODY, TextItem
from textdoc import agenda_text as agenda_text_of

#: Fast limits for tests: a good agenda parses in well under a second.
FAST = Limits(timeout=8.0, memory=1024**3)


def jobs_for(*paths: Path) -> list[Job]:
    return [Job(str(path), path) for path in paths]


def by_name(results: list[Result]) -> dict[str, Result]:
    return {result.path.name: result for result in results}


def hook(monkeypatch: pytest.MonkeyPatch, **actions: str) -> None:
    """Make the worker misbehave on the named files: hook(mp, hang="a.pdf")."""
    spec = ";".join(f"{action}={name}" for action, name in actions.items())
    monkeypatch.setenv(runner.TEST_HOOK_ENV, spec)


def children_of(pid: int) -> set[int]:
    """Live (not zombie) child processes of ``pid``, from /proc."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(entry.name))
    return found


def children() -> set[int]:
    return children_of(os.getpid())


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# --- the outcome set --------------------------------------------------------------------------


def test_outcomes_are_the_documented_set_in_order() -> None:
    assert OUTCOMES[:13] == (
        "ok", "no_text", "not_pdf", "not_agenda", "empty", "encrypted", "damaged",
        "timeout", "out_of_memory", "crashed", "too_large", "duplicate", "unreadable",
    )  # fmt: skip
    assert OUTCOMES[13:] == ("strict", "unsupported_layout")
    assert len(set(OUTCOMES)) == len(OUTCOMES)
    documented = re.findall(r"^``(\w+)`` {2,}", runner.__doc__ or "", re.MULTILINE)
    assert documented == list(OUTCOMES)


def test_every_library_error_has_an_outcome() -> None:
    errors = [getattr(kkrparse, name) for name in kkrparse.__all__ if name.endswith("Error")]
    reasons = {error.reason for error in errors if error is not kkrparse.KkrParseError}
    assert reasons <= set(OUTCOMES)


@pytest.mark.parametrize(
    ("exc", "outcome"),
    [
        (kkrparse.DamagedPdfError("damaged PDF: PSEOF"), "damaged"),
        (kkrparse.RecoveredProblemError("no_toc", "no table of contents"), "strict"),
        (MemoryError(), "out_of_memory"),
        (RecursionError("maximum recursion depth exceeded"), "damaged"),
        (RuntimeError("boom\nsecond line"), "crashed"),
    ],
)
def test_outcome_of_exceptions(exc: BaseException, outcome: str) -> None:
    got, reason = runner.outcome_of(exc)
    assert got == outcome
    assert "\n" not in reason and reason


# --- ordinary documents ----------------------------------------------------------------------


def test_good_and_bad_files_each_get_one_result(tmp_path: Path) -> None:
    good = write(tmp_path / "agenda.pdf", agenda_pdf())
    text = write(tmp_path / "agenda.txt", agenda_text())
    latin1 = write(tmp_path / "latin1.txt", "KKR Sjælland".encode("latin-1"))
    bad = {
        kind: write(tmp_path / name, bad_input_bytes(kind))
        for kind, (name, _) in BAD_INPUTS.items()
    }
    jobs = jobs_for(good, text, latin1, *bad.values(), tmp_path / "nowhere.pdf")
    results = list(run(jobs, ParseOptions(), FAST, workers=2))

    assert sorted(r.key for r in results) == sorted(j.key for j in jobs)
    got = by_name(results)
    for kind, path in bad.items():
        assert got[path.name].outcome == BAD_INPUTS[kind][1], got[path.name]
        assert got[path.name].agenda_json is None
        assert got[path.name].reason and not got[path.name].reason.startswith(path.name)
    assert got["latin1.txt"].outcome == "unreadable"
    assert got["nowhere.pdf"].outcome == "unreadable"
    assert got["nowhere.pdf"].sha256 is None
    for name in ("agenda.pdf", "agenda.txt"):
        result = got[name]
        assert (result.outcome, result.reason) == ("ok", ""), result
        agenda = kkrparse.Agenda.model_validate_json(result.agenda_json or "")
        assert [item.number for item in agenda.items] == AGENDA_ITEM_NUMBERS
        assert agenda.source.filename == name
        assert result.sha256 == agenda.source.sha256
        assert result.pages == 4
        assert result.seconds >= 0
    assert got["agenda.pdf"].sha256 == hashlib.sha256(agenda_pdf()).hexdigest()


def test_options_reach_the_worker(tmp_path: Path) -> None:
    good = write(tmp_path / "agenda.pdf", agenda_pdf())
    (plain,) = run(jobs_for(good), ParseOptions(keep_evidence=False), FAST, workers=1)
    (full,) = run(jobs_for(good), ParseOptions(keep_evidence=True), FAST, workers=1)
    assert '"evidence"' in (full.agenda_json or "")
    assert kkrparse.Agenda.model_validate_json(plain.agenda_json or "").evidence is None


def test_size_and_page_limits_refuse_before_parsing(tmp_path: Path) -> None:
    good = write(tmp_path / "agenda.pdf", agenda_pdf())
    (by_pages,) = run(jobs_for(good), ParseOptions(), Limits(timeout=8, max_pages=3), workers=1)
    assert by_pages.outcome == "too_large"
    assert by_pages.pages == 4 and "4 pages (the limit is 3)" in by_pages.reason
    small = Limits(timeout=8, max_bytes=len(agenda_pdf()) - 1)
    (by_bytes,) = run(jobs_for(good), ParseOptions(), small, workers=1)
    assert by_bytes.outcome == "too_large"
    assert by_bytes.sha256 is None  # refused from its size, never read


def test_jobs_are_taken_lazily_and_recycled_workers_keep_going(tmp_path: Path) -> None:
    paths = [write(tmp_path / f"a{i}.pdf", agenda_pdf()) for i in range(3)]
    taken: list[str] = []

    def lazily() -> Iterator[Job]:
        for job in jobs_for(*paths):
            taken.append(job.key)
            yield job

    results = run(lazily(), ParseOptions(), Limits(timeout=8, recycle_after=1), workers=1)
    first = next(results)
    assert first.outcome == "ok"
    assert len(taken) <= 2  # one being parsed, at most one waiting
    rest = list(results)
    assert [r.outcome for r in rest] == ["ok"] * 2


def test_no_jobs_starts_no_worker() -> None:
    assert list(run([], ParseOptions(), FAST)) == []


# --- documents that hang, crash or exhaust their worker -------------------------------------


def test_hang_becomes_timeout_and_the_next_document_gets_a_fresh_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow = write(tmp_path / "slow.pdf", agenda_pdf())
    good = write(tmp_path / "good.pdf", agenda_pdf())
    hook(monkeypatch, hang="slow.pdf")
    begin = time.monotonic()
    results = list(run(jobs_for(slow, good), ParseOptions(), Limits(timeout=2.0), workers=1))
    elapsed = time.monotonic() - begin
    got = by_name(results)
    assert got["slow.pdf"].outcome == "timeout"
    assert got["slow.pdf"].sha256 is not None  # known before parsing began
    assert 2.0 <= got["slow.pdf"].seconds < 4.0
    assert got["good.pdf"].outcome == "ok"
    assert elapsed < 30
    assert children() == set()


#: Test-hook action → the outcome it must give and words its reason must hold.
DEATHS = {
    "segv": ("crashed", "SIGSEGV"),
    "abort": ("crashed", "SIGABRT"),
    "exit": ("crashed", "exited with status 3"),
    "oom": ("out_of_memory", "out of memory"),
    "garble": ("crashed", "not a message"),
}


def test_dying_workers_are_one_outcome_each_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One run for all, interleaved with good files, so each death is followed by a document
    # that needs a fresh worker.
    paths = []
    for action in DEATHS:
        paths.append(write(tmp_path / f"{action}.pdf", agenda_pdf()))
        paths.append(write(tmp_path / f"after-{action}.pdf", agenda_pdf()))
    hook(monkeypatch, **{action: f"{action}.pdf" for action in DEATHS})
    limits = Limits(timeout=8, memory=512 * 1024**2)
    got = by_name(list(run(jobs_for(*paths), ParseOptions(), limits, workers=2)))
    assert len(got) == len(paths)
    for action, (outcome, says) in DEATHS.items():
        result = got[f"{action}.pdf"]
        assert (result.outcome, result.agenda_json) == (outcome, None), result
        assert says in result.reason
        assert result.sha256 == hashlib.sha256(agenda_pdf()).hexdigest()
        assert got[f"after-{action}.pdf"].outcome == "ok"
    assert children() == set()


def test_stopping_early_leaves_no_worker_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [write(tmp_path / f"h{i}.pdf", agenda_pdf()) for i in range(3)]
    good = write(tmp_path / "good.pdf", agenda_pdf())
    hook(monkeypatch, hang="h1.pdf")
    results = run(jobs_for(good, *paths), ParseOptions(), Limits(timeout=60), workers=2)
    next(results)
    results.close()
    assert children() == set()


def test_a_worker_that_cannot_start_is_an_error_not_a_bad_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = write(tmp_path / "good.pdf", agenda_pdf())
    monkeypatch.setattr(sys, "executable", "/bin/false")
    with pytest.raises(RunnerError, match="cannot start"):
        list(run(jobs_for(good), ParseOptions(), FAST, workers=1))


def test_a_job_handed_back_after_the_source_ran_out_still_gets_its_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first worker fails to start (a flaky interpreter): its job goes back to the
    # queue after the only job has been taken from the source. It used to be dropped,
    # so run() yielded nothing for it.
    good = write(tmp_path / "good.pdf", agenda_pdf())
    marker = tmp_path / "started-once"
    flaky = write(
        tmp_path / "flaky-python",
        f"#!/bin/sh\nif [ ! -e {marker} ]; then touch {marker}; exit 1; fi\n"
        f'exec {sys.executable} "$@"\n'.encode(),
    )
    flaky.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(flaky))
    # Two workers for one job: the pool asks the source for a second job, finds none,
    # and only then does the first worker fail.
    results = list(run(jobs_for(good), ParseOptions(), FAST, workers=2))
    assert [r.outcome for r in results] == ["ok"]
    assert marker.exists()


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def test_sigkill_from_outside_is_crashed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A worker killed by someone else (the kernel's OOM killer, an operator) mid-document.
    slow = write(tmp_path / "slow.pdf", agenda_pdf())
    hook(monkeypatch, hang="slow.pdf")
    killed: list[int] = []

    def kill_once_idle() -> None:
        # The worker is in the hook's sleep once it stops using CPU; before that it imports.
        deadline = time.monotonic() + 25
        while time.monotonic() < deadline and not killed:
            for pid in children():
                with contextlib.suppress(OSError):
                    ticks = cpu_ticks(pid)
                    time.sleep(0.5)
                    if cpu_ticks(pid) == ticks:
                        os.kill(pid, signal.SIGKILL)
                        killed.append(pid)
            time.sleep(0.2)

    thread = threading.Thread(target=kill_once_idle)
    thread.start()
    (result,) = run(jobs_for(slow), ParseOptions(), Limits(timeout=30), workers=1)
    thread.join()
    assert killed
    assert result.outcome == "crashed"
    assert "SIGKILL" in result.reason


def test_file_names_that_are_not_utf8_arrive_intact(tmp_path: Path) -> None:
    # Linux file names are bytes; a download job can write any of them.
    name = os.fsdecode(b"dagsorden-\xe6\xf8\xe5.pdf")  # Latin-1 "æøå", not UTF-8
    path = write(tmp_path / name, agenda_pdf())
    (result,) = run(jobs_for(path), ParseOptions(), FAST, workers=1)
    assert result.outcome == "ok", result
    assert result.path == path
    agenda = kkrparse.Agenda.model_validate_json(result.agenda_json or "")
    assert agenda.source.filename == "dagsorden-\ufffd\ufffd\ufffd.pdf"


WORKER_OF_A_RUN = """
import sys
from pathlib import Path
from kkrparse import ParseOptions
from kkrparse.runner import Job, Limits, run
for result in run([Job("x", Path(sys.argv[1]))], ParseOptions(), Limits(timeout=600), workers=1):
    pass
"""


def test_killing_the_parent_ends_a_worker_stuck_in_a_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # kill -9 of an archive run must not leave a worker spinning on a hostile file for good.
    slow = write(tmp_path / "slow.pdf", agenda_pdf())
    hook(monkeypatch, hang="slow.pdf")
    parent = subprocess.Popen([sys.executable, "-c", WORKER_OF_A_RUN, str(slow)])
    try:
        worker = None
        deadline = time.monotonic() + 30
        while worker is None and time.monotonic() < deadline:
            time.sleep(0.2)
            worker = next(iter(children_of(parent.pid)), None)
        assert worker is not None
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 10
    while Path(f"/proc/{worker}").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(worker)


def test_strict_failures_have_their_own_outcome(tmp_path: Path) -> None:
    # A recovered problem under strict=True is neither damage nor a crash.
    text = agenda_text_of([TextItem("1", "Sager"), TextItem("1.1", "Meddelelser", STANDARD_BODY)])
    broken = write(tmp_path / "broken.txt", text.replace("1.1. Meddelelser\n", "Meddelelser\n"))
    clean = write(tmp_path / "clean.txt", text)
    got = by_name(list(run(jobs_for(broken, clean), ParseOptions(strict=True), FAST, workers=1)))
    assert got["broken.txt"].outcome == "strict"
    assert "toc_entry_without_heading" in got["broken.txt"].reason
    assert got["clean.txt"].outcome == "ok"


def test_auto_parses_again_with_pdfplumber_when_pdfium_aborts_the_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "aborts.pdf", agenda_pdf())
    hook(monkeypatch, abort_pdfium="aborts.pdf")
    limits = Limits(timeout=30)
    (first,) = run(jobs_for(path), ParseOptions(engine="pdfium"), limits, workers=1)
    assert (first.outcome, first.agenda_json) == ("crashed", None)
    assert "SIGABRT" in first.reason
    (result,) = run(jobs_for(path), ParseOptions(), limits, workers=1)
    assert result.outcome == "ok", result
    assert result.agenda_json is not None
    assert json.loads(result.agenda_json)["source"]["engine"] == "pdfplumber"


# --- the messages between parent and worker ---------------------------------------------------

REPLIES = [
    Ready(),
    Started(sha256="a" * 64, pages=3),
    Started(sha256="b" * 64, pages=None),
    Done(outcome="unreadable", reason="no such file or directory"),
    Done(outcome="ok", reason="", sha256="c" * 64, pages=2, agenda_json='{"x": "æ"}'),
    Done(outcome="crashed", reason="unexpected", sha256="d" * 64, details="Traceback …"),
]


@pytest.mark.parametrize("message", REPLIES, ids=lambda m: type(m).__name__)
def test_worker_messages_survive_the_wire(message: protocol.Reply) -> None:
    line = protocol.encode(message)
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    line.decode("ascii")  # ASCII on the wire
    assert protocol.decode_reply(line.rstrip(b"\n")) == message
    assert type(message).from_json(message.to_json()) == message


def test_the_wire_format_is_the_documented_one() -> None:
    assert json.loads(protocol.encode(Ready())) == {"ready": True}
    assert json.loads(protocol.encode(Started("a" * 64, 3))) == {
        "started": True,
        "sha256": "a" * 64,
        "pages": 3,
    }
    done = json.loads(protocol.encode(Done(outcome="timeout", reason="slow")))
    assert (done["done"], done["outcome"], done["reason"]) == (True, "timeout", "slow")
    # What the worker sent before the messages were typed reads back the same.
    assert protocol.decode_reply(b'{"outcome": "empty", "reason": "0 bytes", "done": true}') == (
        Done(outcome="empty", reason="0 bytes")
    )


def test_a_path_that_is_not_utf8_survives_the_wire() -> None:
    path = Path(os.fsdecode(b"/tmp/dagsorden-\xe6\xf8\xe5.pdf"))
    line = protocol.encode(Assign(path))
    line.decode("ascii")
    assert protocol.decode_assign(line) == Assign(path)
    assert os.fsencode(protocol.decode_assign(line).path) == b"/tmp/dagsorden-\xe6\xf8\xe5.pdf"


@pytest.mark.parametrize(
    "line",
    [
        b"\x00 not a message",
        b"",
        b"[1, 2]",
        b"5",
        b'{"hello": true}',
        b'{"ready": 1}',
        b'{"started": true, "pages": 3}',
        b'{"started": true, "sha256": "a", "pages": "3"}',
        b'{"started": true, "sha256": "a", "pages": true}',
        b'{"done": true, "outcome": "splendid", "reason": ""}',
        b'{"done": true, "outcome": "ok"}',
        b'{"done": true, "outcome": "ok", "reason": "", "agenda_json": 7}',
    ],
)
def test_anything_else_from_a_worker_is_a_protocol_error(line: bytes) -> None:
    with pytest.raises(ProtocolError):
        protocol.decode_reply(line)


def test_a_job_without_a_path_is_a_protocol_error() -> None:
    with pytest.raises(ProtocolError):
        protocol.decode_assign(b'{"file": "x.pdf"}')


def test_worker_arguments_survive_the_command_line() -> None:
    args = WorkerArgs(ParseOptions(engine="pdfplumber", strict=True), Limits(timeout=7.5))
    argv = args.to_argv()
    assert all(isinstance(arg, str) for arg in argv)
    assert WorkerArgs.from_argv(argv) == args


def test_messages_are_frozen() -> None:
    with pytest.raises(AttributeError):
        Started("a" * 64, 1).pages = 2  # type: ignore[misc]


# --- opening an input safely ------------------------------------------------------------------


def test_open_regular_reads_a_file_within_the_limit(tmp_path: Path) -> None:
    path = write(tmp_path / "a.pdf", b"x" * 10)
    fd, info = open_regular(path, 10)
    try:
        assert info.st_size == 10
        assert b"".join(read_limited(fd, 10, chunk=3)) == b"x" * 10
    finally:
        os.close(fd)


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda p: None, "missing"),
        (lambda p: os.symlink(p.name, p), "loop"),
        (lambda p: p.mkdir(), "directory"),
        (lambda p: os.mkfifo(p), "special"),
        (lambda p: p.write_bytes(b"x" * 11), "too_large"),
    ],
    ids=["missing", "loop", "directory", "fifo", "too_large"],
)
def test_open_regular_refuses_what_is_not_a_small_regular_file(
    tmp_path: Path, make: object, problem: str
) -> None:
    path = tmp_path / "x.pdf"
    make(path)  # type: ignore[operator]
    before = len(os.listdir("/proc/self/fd"))
    with pytest.raises(InputRefused) as refused:
        open_regular(path, 10)  # a FIFO without a writer would block here without O_NONBLOCK
    assert refused.value.problem == problem
    assert refused.value.reason
    assert len(os.listdir("/proc/self/fd")) == before  # nothing left open


def test_read_limited_catches_a_file_that_grew(tmp_path: Path) -> None:
    path = write(tmp_path / "a.pdf", b"x" * 10)
    fd, _ = open_regular(path, 10)
    try:
        with path.open("ab") as grow:
            grow.write(b"more")
        with pytest.raises(InputRefused, match=r"more than 10 bytes \(the limit\)") as refused:
            b"".join(read_limited(fd, 10, chunk=4))
        assert refused.value.problem == "too_large"
    finally:
        os.close(fd)

"""kill -9 and concurrent runs, with real processes: the archive stays exact.

Each test runs ``kkrparse archive`` as a subprocess and kills it with SIGKILL at a chosen
point (after a number of documents were logged, or while a worker hangs on a document).
Then it runs again, which also shows that the kernel released the killed run's lock, and
checks the archive's invariants: every document exactly once, every row with its files and
every file with its row, all JSON valid, nothing temporary left.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from fixtures_make import bad_input_bytes
from test_archive import _Db, check_consistent, run, variant_pdf, write

DOCUMENTS = 6
CLI = [sys.executable, "-c", "from kkrparse.cli import main; main()"]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    for n in range(DOCUMENTS):
        write(src / f"d{n}.pdf", variant_pdf(n))
    write(src / "again" / "d0.pdf", variant_pdf(0))  # a duplicate
    write(src / "error-page.pdf", bad_input_bytes("html"))
    return src


def expect_complete(root: Path) -> None:
    counts = check_consistent(root)
    assert (counts["meetings"], counts["files"], counts["failures"]) == (DOCUMENTS, 8, 1)
    with _Db(root) as db:
        outcomes = sorted(r["outcome"] for r in db["files"].rows)
    assert outcomes == ["duplicate", "not_pdf"] + ["ok"] * DOCUMENTS


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for proc in started:
        # The whole process group: a worker whose parent was killed while it hung on a
        # document would otherwise hang on.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()


def start(
    processes: list[subprocess.Popen[str]], src: Path, root: Path, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [*CLI, "archive", str(src), "--archive", str(root), "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
        start_new_session=True,
    )
    processes.append(proc)
    return proc


def kill_after_lines(proc: subprocess.Popen[str], lines: int) -> list[str]:
    """SIGKILL the run (not its workers: as a person or the OOM killer would) after it
    logged ``lines`` documents; return what it logged."""
    assert proc.stderr is not None
    seen: list[str] = []
    while len(seen) < lines:
        line = proc.stderr.readline()
        if not line:
            break
        seen.append(line)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    return seen


@pytest.mark.parametrize("lines", [0, 1, 4])
def test_killed_at_any_point_the_next_run_completes_the_archive_exactly(
    corpus: Path, tmp_path: Path, processes: list[subprocess.Popen[str]], lines: int
) -> None:
    root = tmp_path / "arc"
    proc = start(processes, corpus, root)
    if lines == 0:
        # Killed while starting (the lock, the schema, the first copies): as soon as the
        # archive folder appears. A fixed sleep raced a fast machine, which had finished.
        deadline = time.monotonic() + 30
        while not root.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
    logged = kill_after_lines(proc, lines)
    assert proc.returncode == -signal.SIGKILL
    assert len(logged) == lines
    summary = run(root, corpus)
    assert summary.statuses["new"] + summary.statuses["unchanged"] >= DOCUMENTS
    expect_complete(root)


def test_killed_while_a_worker_hangs_the_next_run_completes_the_archive(
    corpus: Path, tmp_path: Path, processes: list[subprocess.Popen[str]]
) -> None:
    root = tmp_path / "arc"
    proc = start(processes, corpus, root, env={"KKRPARSE_TEST_HOOK": "hang=d5.pdf"})
    logged = kill_after_lines(proc, DOCUMENTS + 1)  # all but the hanging one are logged
    assert not any("d5.pdf" in line for line in logged)
    summary = run(root, corpus)
    assert summary.statuses == {"new": 1, "unchanged": DOCUMENTS + 1}
    expect_complete(root)


def test_two_runs_at_once_one_refused_and_the_archive_exact(
    corpus: Path, tmp_path: Path, processes: list[subprocess.Popen[str]]
) -> None:
    root = tmp_path / "arc"
    first, second = start(processes, corpus, root), start(processes, corpus, root)
    outputs = [proc.communicate(timeout=120)[1] for proc in (first, second)]
    codes = sorted(proc.returncode for proc in (first, second))
    # One run archives (exit 1: the error page failed), the other is refused with exit 3.
    assert codes == [1, 3], outputs
    refused = outputs[[first.returncode, second.returncode].index(3)]
    assert "in use by another run" in refused
    expect_complete(root)

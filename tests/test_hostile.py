"""Hostile files (``hostile.py``) end in a defined outcome within the limits, alone and in a
folder run next to a good agenda, which still parses.

Limits are small (seconds, 256 MiB) so the set stays fast; a document that is only
slow (30,000 glyphs, 100,000 nested operators) may end as ``timeout`` under them on a busy
machine and as ``not_agenda`` on a quiet one, and both are accepted for it. Nothing may end
as ``ok`` except the agenda, nor as ``crashed``: no hostile file here may look like a bug.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

import hostile
import skips
from fixtures_make import RunCli, agenda_pdf
from kkrparse import ParseOptions
from kkrparse.runner import OUTCOMES, TEST_HOOK_ENV, Job, Limits, Result, run

TIMEOUT = 10.0
#: A worker needs about 65 MB of address space before parsing; 256 MiB leaves room for any
#: real agenda and makes the bomb fail after ~200 MB instead of inflating a whole GiB.
LIMITS = Limits(timeout=TIMEOUT, memory=256 * 1024**2)
SLOW = {"not_agenda", "timeout"}

#: What each hostile input must end as. Sets where the outcome depends on machine speed.
EXPECTED: dict[str, set[str]] = {
    "bomb-content.pdf": {"out_of_memory"},
    "bomb-font.pdf": {"not_agenda"},  # the font program is never inflated
    "xref-prev-loop.pdf": {"not_agenda"},  # PDFium rebuilds the xref (pdfminer: damaged)
    "xref-prev-loop-broken.pdf": {"not_agenda", "damaged"},
    "page-tree-cycle.pdf": {"not_agenda"},
    "form-draws-itself.pdf": {"not_agenda"},
    "forms-draw-each-other.pdf": {"not_agenda"},
    "deep-nesting-object.pdf": SLOW,
    "deep-nesting-content.pdf": SLOW,
    "many-glyphs.pdf": SLOW,
    "page-count-lie.pdf": {"too_large"},  # 5,000 pages walked, over the 3,000 limit
    "cut-10.pdf": {"damaged"},
    "cut-50.pdf": {"damaged"},
    "cut-99.pdf": {"damaged"},
    "fifo.pdf": {"unreadable"},
    "symlink-loop.pdf": {"unreadable"},
    "unreadable.pdf": {"unreadable"},
    "directory.pdf": {"unreadable"},
}


def test_every_hostile_input_has_an_expectation() -> None:
    assert set(EXPECTED) == set(hostile.HOSTILE_PDFS) | set(hostile.SPECIAL_FILES)
    assert all(expected <= set(OUTCOMES) for expected in EXPECTED.values())


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    for name, build in hostile.HOSTILE_PDFS.items():
        (folder / name).write_bytes(build())
    hostile.make_special(folder)
    (folder / "good.pdf").write_bytes(agenda_pdf())
    return folder


def test_the_bombs_are_small_on_disk() -> None:
    assert len(hostile.flate_bomb()) < 4096
    assert len(hostile.flate_bomb_in_font()) < 4096


def test_pdfminer_gives_up_on_an_xref_that_points_to_itself(hostile_folder: Path) -> None:
    path = hostile_folder / "xref-prev-loop.pdf"
    options = ParseOptions(engine="pdfplumber")
    (result,) = run([Job(path.name, path)], options, LIMITS, workers=1)
    assert result.outcome == "damaged", result


@pytest.mark.parametrize("name", ["xref-prev-loop.pdf", "page-tree-cycle.pdf", "cut-99.pdf"])
def test_fast_traps_alone(hostile_folder: Path, name: str) -> None:
    path = hostile_folder / name
    (result,) = run([Job(name, path)], ParseOptions(), LIMITS, workers=1)
    assert result.outcome in EXPECTED[name], result
    assert result.seconds < TIMEOUT
    assert result.sha256 is not None


def test_memory_limit_is_what_stops_the_bomb(hostile_folder: Path) -> None:
    # 3 KB on disk, a GiB inflated: the worker's address-space limit stops it, not the clock.
    path = hostile_folder / "bomb-content.pdf"
    (result,) = run([Job("bomb", path)], ParseOptions(), LIMITS, workers=1)
    assert result.outcome == "out_of_memory"
    assert "memory" in result.reason
    assert result.seconds < TIMEOUT


def test_unreadable_by_mode(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip(
            skips.reason("root", "chmod 000 does not stop root; unreadable.pdf covers root (EIO)")
        )
    path = hostile.make_unreadable_by_mode(tmp_path)
    (result,) = run([Job("x", path)], ParseOptions(), LIMITS, workers=1)
    assert (result.outcome, result.reason) == ("unreadable", "Permission denied")


def failure_lines(stderr: str, folder: Path) -> dict[str, tuple[str, str]]:
    """``PATH: REASON: MESSAGE`` lines → {file name: (reason, message)}."""
    found = {}
    for line in stderr.splitlines():
        if line.startswith(str(folder)):
            path, reason, message = line.split(": ", 2)
            assert Path(path).name not in found, f"two lines for {path}"
            found[Path(path).name] = (reason, message)
    return found


def test_folder_run_ends_every_file_and_keeps_the_good_one(
    run_cli: RunCli, hostile_folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    begin = time.monotonic()
    result = run_cli(
        "parse", hostile_folder, "-o", out, "--timeout", TIMEOUT, "--workers", 2, "--memory", "256"
    )
    elapsed = time.monotonic() - begin
    assert result.exit_code == 1
    assert [p.name for p in out.rglob("*.json")] == ["good.json"]
    assert json.loads((out / "good.json").read_text(encoding="utf-8"))["items"]
    failed = failure_lines(result.stderr, hostile_folder)
    # The directory named x.pdf is a folder, and folders are walked, not parsed.
    assert set(failed) == set(EXPECTED) - {"directory.pdf"}
    for name, (reason, message) in failed.items():
        assert reason in EXPECTED[name], (name, reason, message)
        assert message
    # Two workers, each document capped: the slowest possible run is bounded.
    assert elapsed < len(EXPECTED) * TIMEOUT / 2 + 30


def test_directory_named_like_a_pdf_given_to_the_runner(hostile_folder: Path) -> None:
    path = hostile_folder / "directory.pdf"
    (result,) = run([Job("d", path)], ParseOptions(), LIMITS, workers=1)
    assert (result.outcome, result.sha256) == ("unreadable", None)


# --- replayed files: each once crashed a library under the parser ---------------------------

REPLAY = Path(__file__).parent / "fixtures" / "replay"
MANIFEST: dict[str, dict[str, str]] = json.loads((REPLAY / "manifest.json").read_text("utf-8"))


def test_replay_manifest_lists_every_file() -> None:
    files = {p.name for p in REPLAY.iterdir() if p.name not in ("README.md", "manifest.json")}
    assert files == set(MANIFEST)
    assert all(entry["outcome"] in OUTCOMES for entry in MANIFEST.values())


@pytest.fixture(scope="module", params=["pdfplumber", "auto"])
def replayed(request: pytest.FixtureRequest) -> tuple[str, dict[str, Result]]:
    """Each file through the engine it broke (``outcome``) and the default (``outcome_auto``)."""
    jobs = [Job(name, REPLAY / name) for name in MANIFEST]
    options = ParseOptions(engine=request.param)
    return request.param, {r.key: r for r in run(jobs, options, LIMITS, workers=2)}


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_replay(replayed: tuple[str, dict[str, Result]], name: str) -> None:
    engine, results = replayed
    result = results[name]
    entry = MANIFEST[name]
    want = (
        entry["outcome"]
        if engine == entry["engine"]
        else entry.get("outcome_auto", entry["outcome"])
    )
    assert result.outcome == want, result
    assert result.seconds < TIMEOUT


# --- one file: every command that parses runs under the limits ------------------------------

ONE_FILE_TIMEOUT = 20.0


@pytest.mark.parametrize(
    "command",
    [
        ("parse",),
        ("show",),
        ("show", "--text"),
        ("debug", "--html", "-o", "{folder}/report.html"),
        ("debug", "--page", "1", "-o", "{folder}/page.png"),
    ],
)
def test_one_hostile_file_ends_within_the_timeout(
    hostile_folder: Path, tmp_path: Path, command: tuple[str, ...]
) -> None:
    # Issue 13: two forms that draw each other grew a single-file parse to 24 GB, ignoring
    # --memory and --timeout. Run under an outer prlimit so a regression cannot take the
    # machine: it would die there (exit 134, no outcome line) and fail this test.
    path = hostile_folder / "forms-draw-each-other.pdf"
    args = [part.format(folder=tmp_path) for part in command]
    argv = hostile.limited_command(
        *args[:1], str(path), *args[1:], "--memory", "512", "--timeout", str(ONE_FILE_TIMEOUT)
    )
    begin = time.monotonic()
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
    elapsed = time.monotonic() - begin
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith(str(path))]
    assert len(lines) == 1, done.stderr
    reason = lines[0].split(": ")[1]
    # Drawing renders the pages with PDFium too, which aborts on them: crashed is its end.
    assert reason in ({"not_agenda", "crashed"} if args[0] == "debug" else {"not_agenda"})
    assert done.stdout == ""
    # Start-up (the CLI and a worker importing the parser) comes on top of the timeout.
    assert elapsed < ONE_FILE_TIMEOUT + 15


def test_a_bomb_given_alone_is_out_of_memory(hostile_folder: Path) -> None:
    path = hostile_folder / "bomb-content.pdf"
    argv = hostile.limited_command("parse", str(path), "--memory", "256", "--timeout", "20")
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.startswith(f"{path}: out_of_memory: ")
    assert "Traceback" not in done.stderr


def test_a_hang_given_alone_is_a_timeout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "hang.pdf"
    path.write_bytes(agenda_pdf())
    monkeypatch.setenv(TEST_HOOK_ENV, "hang=hang.pdf")
    argv = hostile.limited_command("parse", str(path), "--timeout", "2")
    begin = time.monotonic()
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
    assert time.monotonic() - begin < 2 + 15
    assert done.stderr.startswith(f"{path}: timeout: still running after 2 s; stopped")


def test_the_fallback_after_a_pdfium_abort_stays_within_the_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first attempt takes 2 s and aborts (as PDFium does); the pdfplumber attempt takes
    # 2 s and hangs. Both share one timeout of 5 s: the second is stopped 3 s in, not 5.
    path = tmp_path / "both.pdf"
    path.write_bytes(agenda_pdf())
    hook = "slow=both.pdf;abort_pdfium=both.pdf;hang_pdfplumber=both.pdf"
    monkeypatch.setenv(TEST_HOOK_ENV, hook)
    limits = Limits(timeout=5.0, memory=LIMITS.memory)
    (result,) = run([Job("both", path)], ParseOptions(), limits, workers=1)
    assert result.outcome == "timeout", result
    assert "after PDFium aborted" in result.reason
    assert 2.0 <= result.seconds < 4.0, result


def test_the_fallback_after_a_pdfium_abort_still_parses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "abort.pdf"
    path.write_bytes(agenda_pdf())
    monkeypatch.setenv(TEST_HOOK_ENV, "slow=abort.pdf;abort_pdfium=abort.pdf")
    (result,) = run([Job("a", path)], ParseOptions(), Limits(timeout=10.0), workers=1)
    assert result.outcome == "ok", result

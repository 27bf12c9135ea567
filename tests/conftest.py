"""Shared fixtures: a CLI runner, and factories for good and bad input files.

The builders live in ``fixtures_make.py``; the fixtures here write their output into
``tmp_path``. The hooks at the end enforce the skip policy of ``skips.py``: under
``CI=true`` a test skipped for a reason the README does not allow fails the run.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import skips
from fixtures_make import (
    BAD_INPUTS,
    MakeFile,
    RunCli,
    agenda_pdf,
    agenda_text,
    bad_input_bytes,
    encrypted_pdf,
    write_file,
)
from kkrparse.cli import app


@pytest.fixture
def run_cli() -> RunCli:
    """Invoke ``kkrparse ARGS...``; fail the test if the CLI itself let an exception escape."""
    # Drop variables that make rich treat the captured streams as a terminal (progress bar,
    # colour codes) and pin the width, so output does not depend on who runs the tests.
    runner = CliRunner(
        env={
            "FORCE_COLOR": None,
            "TTY_COMPATIBLE": None,
            "TTY_INTERACTIVE": None,
            "COLUMNS": "80",
            "NO_COLOR": "1",
        }
    )

    def run(*args: str | Path) -> Result:
        result = runner.invoke(app, [str(arg) for arg in args])
        # SystemExit is how every exit code arrives; anything else escaped the CLI.
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result

    return run


@pytest.fixture
def make_bad(tmp_path: Path) -> MakeFile:
    """``make_bad(kind, folder=tmp_path)`` writes one bad input (see ``BAD_INPUTS``)."""

    def make(kind: str, folder: Path | None = None) -> Path:
        name, _reason = BAD_INPUTS[kind]
        return write_file((folder or tmp_path) / name, bad_input_bytes(kind))

    return make


@pytest.fixture
def make_good(tmp_path: Path) -> MakeFile:
    """``make_good(kind, folder=tmp_path, name=None)`` writes a good agenda.

    kinds: ``txt`` (pdftotext -layout text), ``pdf``, ``owner_password`` (a PDF with only an
    owner password, which opens without one and must parse like any other).
    """
    builders: dict[str, tuple[str, Callable[[], bytes | str]]] = {
        "txt": ("agenda.txt", agenda_text),
        "pdf": ("agenda.pdf", agenda_pdf),
        "owner_password": ("owner-only.pdf", lambda: encrypted_pdf("", "o")),
    }

    def make(kind: str, folder: Path | None = None, name: str | None = None) -> Path:
        default_name, build = builders[kind]
        return write_file((folder or tmp_path) / (name or default_name), build())

    return make


# --- the skip policy ---------------------------------------------------------------------

_SKIP_REASONS: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and not hasattr(report, "wasxfail") and isinstance(report.longrepr, tuple):
        _SKIP_REASONS.append(str(report.longrepr[2]).removeprefix("Skipped: "))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    bad = skips.unexpected(_SKIP_REASONS)
    if bad and os.environ.get("CI") == "true":
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line("")
            for text in bad:
                reporter.write_line(f"skip reason not allowed under CI=true: {text}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED

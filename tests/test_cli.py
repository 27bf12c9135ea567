"""The ``kkrparse`` command line: exit codes, failure lines, outputs, rendering.

Tests that go through the real pipeline use the agenda from ``fixtures_make``; tests of the
CLI's own logic (discovery, output paths, atomic writes, crash handling) replace the parser
with a stub, so they say nothing about parsing and need no pipeline.
"""

from __future__ import annotations

import ast
import json
import os
import re
import sys
import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

import kkrparse
import skips
from fixtures_make import (
    AGENDA_ITEM_NUMBERS,
    BAD_INPUTS,
    MakeFile,
    RunCli,
    handmade_agenda,
    write_file,
)
from kkrparse import Agenda, EmptyInputError, ParseOptions, runner
from kkrparse.cli import common as cli_common
from kkrparse.cli.common import ExitCode


def lines_naming(stderr: str, path: Path) -> list[str]:
    return [line for line in stderr.splitlines() if path.name in line]


def assert_one_failure_line(stderr: str, path: Path, reason: str) -> None:
    lines = lines_naming(stderr, path)
    assert len(lines) == 1, stderr
    assert lines[0].startswith(f"{path}: {reason}: "), lines[0]
    assert "Traceback" not in stderr


class FakeParser:
    """Stands in for parse_pdf/parse_text: records calls, returns a handmade Agenda.

    A file whose content starts with "boom" raises RuntimeError, like a bug in the pipeline.
    """

    def __init__(self) -> None:
        self.calls: list[tuple[str, ParseOptions]] = []

    def _parse(self, content: bytes, filename: str, options: ParseOptions | None) -> Agenda:
        self.calls.append((filename, options or ParseOptions()))
        if content.startswith(b"boom"):
            raise RuntimeError("boom\nsecond line")
        return handmade_agenda(filename)

    def parse_pdf(self, source: Path, options: ParseOptions | None = None) -> Agenda:
        return self._parse(Path(source).read_bytes(), Path(source).name, options)

    def parse_text(
        self, text: str, options: ParseOptions | None = None, *, filename: str | None = None
    ) -> Agenda:
        return self._parse(text.encode("utf-8"), filename or "", options)


def run_in_this_process(
    jobs: Iterable[runner.Job],
    options: ParseOptions,
    limits: runner.Limits | None = None,
    workers: int | None = None,
) -> Iterator[runner.Result]:
    """The runner's contract without worker processes, so the stub parser is what runs.

    Results come in reverse order, as a pool may finish them, so tests see that the CLI
    restores the input order.
    """
    results = []
    for job in jobs:
        try:
            agenda = cli_common.read_input(job.path, options)
        except Exception as exc:
            outcome, reason = runner.outcome_of(exc)
            details = "".join(traceback.format_exception(exc))
            results.append(
                runner.Result(job.key, job.path, None, outcome, reason, None, None, 0.0, details)
            )
        else:
            results.append(
                runner.Result(job.key, job.path, "0" * 64, "ok", "", agenda.to_json(), 4, 0.0)
            )
    yield from reversed(results)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeParser:
    parser = FakeParser()
    monkeypatch.setattr(cli_common, "parse_pdf", parser.parse_pdf)
    monkeypatch.setattr(cli_common, "parse_text", parser.parse_text)
    # Several inputs go through worker processes, which would not see the stub.
    monkeypatch.setattr(runner, "run", run_in_this_process)
    return parser


def write(path: Path, content: str = "x") -> Path:
    return write_file(path, content)


# --- version, schema, usage -----------------------------------------------------------------


def test_version(run_cli: RunCli) -> None:
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"kkrparse {kkrparse.__version__}\n"


def test_python_dash_m_runs_the_command() -> None:
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "kkrparse", "--version"], capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stdout) == (0, f"kkrparse {kkrparse.__version__}\n")


def test_no_arguments_is_a_usage_error(run_cli: RunCli) -> None:
    assert run_cli().exit_code == 2
    assert run_cli("parse").exit_code == 2


def test_schema_is_the_models_json_schema(run_cli: RunCli) -> None:
    result = run_cli("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert "properties" in schema
    assert schema == Agenda.model_json_schema()
    # The exact serialisation schemas/agenda.schema.json is written with.
    expected = json.dumps(Agenda.model_json_schema(), ensure_ascii=False, indent=2)
    assert result.stdout == expected + "\n"


def test_output_dir_that_is_a_file_is_a_usage_error(
    run_cli: RunCli, make_good: MakeFile, tmp_path: Path
) -> None:
    result = run_cli("parse", make_good("txt"), "-o", write(tmp_path / "taken"))
    assert result.exit_code == 2


# --- bad inputs -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(BAD_INPUTS))
def test_bad_input_fails_with_one_line_and_no_traceback(
    run_cli: RunCli, make_bad: MakeFile, kind: str
) -> None:
    path = make_bad(kind)
    result = run_cli("parse", path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert_one_failure_line(result.stderr, path, BAD_INPUTS[kind][1])


def test_debug_adds_the_traceback(run_cli: RunCli, make_bad: MakeFile) -> None:
    path = make_bad("empty")
    result = run_cli("parse", "--debug", path)
    assert result.exit_code == 1
    assert "Traceback" in result.stderr
    assert "EmptyInputError" in result.stderr


def test_missing_path_alone(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "nowhere.pdf"
    result = run_cli("parse", path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert_one_failure_line(result.stderr, path, "missing")


def test_text_that_is_not_utf8_is_unreadable(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("KKR Sjælland".encode("latin-1"))
    result = run_cli("parse", path)
    assert result.exit_code == 1
    assert_one_failure_line(result.stderr, path, "unreadable")


def test_long_or_bracketed_file_names_stay_on_one_line(
    run_cli: RunCli, make_bad: MakeFile, tmp_path: Path
) -> None:
    # Regression: rich wraps at the console width and reads [..] as markup.
    path = make_bad("empty").rename(tmp_path / ("[bold]" + "lang-" * 40 + "dagsorden.pdf"))
    result = run_cli("parse", path)
    assert_one_failure_line(result.stderr, path, "empty")


def test_crash_is_one_line_and_the_batch_goes_on(
    run_cli: RunCli, fake: FakeParser, tmp_path: Path
) -> None:
    bad = write(tmp_path / "in" / "a.txt", "boom")
    good = write(tmp_path / "in" / "b.txt")
    result = run_cli("parse", bad, good, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert_one_failure_line(result.stderr, bad, "crashed")
    assert "RuntimeError" in result.stderr
    assert (tmp_path / "out" / "b.json").is_file()
    assert not (tmp_path / "out" / "a.json").exists()

    result = run_cli("parse", "--debug", bad)
    assert "Traceback" in result.stderr


# --- discovery and output paths (stub parser) -----------------------------------------------


def test_folder_is_walked_sorted_with_case_insensitive_suffixes(
    run_cli: RunCli, fake: FakeParser, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    for name in ["b.PDF", "a.txt", "2021/c.Txt", "notes.md", "2020/d.json"]:
        write(folder / name)
    result = run_cli("parse", folder)
    assert result.exit_code == 0, result.stderr
    assert [name for name, _ in fake.calls] == ["c.Txt", "a.txt", "b.PDF"]
    # A folder argument gives JSON Lines, even for one file.
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [doc["source"]["filename"] for doc in docs] == ["c.Txt", "a.txt", "b.PDF"]


def test_folder_structure_is_mirrored_under_outdir(
    run_cli: RunCli, fake: FakeParser, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    write(folder / "2021" / "x.pdf")
    write(folder / "2021" / "april" / "y.txt")
    single = write(tmp_path / "elsewhere" / "z.pdf")
    out = tmp_path / "out"
    result = run_cli("parse", folder, single, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == ["2021/april/y.json", "2021/x.json", "z.json"]
    assert kkrparse.load(out / "2021" / "x.json") == handmade_agenda("x.pdf")


def test_outputs_are_utf8_and_overwrite_without_temp_files(
    run_cli: RunCli, fake: FakeParser, tmp_path: Path
) -> None:
    source = write(tmp_path / "in" / "x.pdf")
    out = tmp_path / "out"
    write(out / "x.json", "old")
    assert run_cli("parse", source, "-o", out).exit_code == 0
    assert "KKR Sjælland" in (out / "x.json").read_text(encoding="utf-8")
    assert [p.name for p in out.iterdir()] == ["x.json"]


def test_failed_write_keeps_the_old_output(
    run_cli: RunCli, fake: FakeParser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write(tmp_path / "in" / "x.pdf")
    out = tmp_path / "out"
    write(out / "x.json", "old")

    def full_disk(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    result = run_cli("parse", source, "-o", out)
    assert result.exit_code == 1
    assert_one_failure_line(result.stderr, source, "unwritable")
    assert (out / "x.json").read_text(encoding="utf-8") == "old"
    assert [p.name for p in out.iterdir()] == ["x.json"]


@pytest.mark.parametrize(
    "names",
    [
        ["a/x.pdf", "b/x.pdf"],  # two explicit files with the same stem
        ["in/x.pdf", "in/x.txt"],  # a PDF and its text in one folder
        ["in/X.pdf", "in/x.txt"],  # the same file on macOS and Windows
    ],
)
def test_output_collision_is_a_usage_error_before_parsing(
    run_cli: RunCli, fake: FakeParser, tmp_path: Path, names: list[str]
) -> None:
    paths = [write(tmp_path / name) for name in names]
    args = paths if names[0].startswith("a/") else [tmp_path / "in"]
    out = tmp_path / "out"
    result = run_cli("parse", *args, "-o", out)
    assert result.exit_code == 2
    assert fake.calls == []
    assert not out.exists()
    assert all(str(path) in result.stderr for path in paths)
    assert result.stdout == ""


def test_a_missing_input_cannot_collide(run_cli: RunCli, fake: FakeParser, tmp_path: Path) -> None:
    present = write(tmp_path / "a" / "x.pdf")
    result = run_cli("parse", present, tmp_path / "b" / "x.pdf", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert_one_failure_line(result.stderr, tmp_path / "b" / "x.pdf", "missing")
    assert (tmp_path / "out" / "x.json").is_file()


def test_one_file_gives_indented_json_several_give_json_lines(
    run_cli: RunCli, fake: FakeParser, tmp_path: Path
) -> None:
    a, b = write(tmp_path / "a.pdf"), write(tmp_path / "b.txt")
    one = run_cli("parse", a)
    assert one.exit_code == 0
    assert one.stdout == handmade_agenda("a.pdf").to_json() + "\n"
    several = run_cli("parse", a, b)
    assert several.stdout.splitlines() == [
        handmade_agenda("a.pdf").to_json(indent=None),
        handmade_agenda("b.txt").to_json(indent=None),
    ]


def test_strict_and_engine_reach_the_library(
    run_cli: RunCli, fake: FakeParser, tmp_path: Path
) -> None:
    path = write(tmp_path / "a.pdf")
    run_cli("parse", path)
    run_cli("parse", "--strict", "--engine", "pdfplumber", path)
    assert [options.strict for _, options in fake.calls] == [False, True]
    assert run_cli("parse", "--engine", "nonesuch", path).exit_code == 2


def test_summary_counts_ok_and_failed_by_reason(
    run_cli: RunCli, fake: FakeParser, tmp_path: Path
) -> None:
    good = write(tmp_path / "good.pdf")
    result = run_cli("parse", good, tmp_path / "gone.pdf", tmp_path / "gone.txt")
    assert result.exit_code == 1
    rows = {tuple(line.split()) for line in result.stderr.splitlines()}
    assert {("ok", "1"), ("failed", "2"), ("missing", "2")} <= rows


# --- show ------------------------------------------------------------------------------------


def test_show_saved_json_renders_the_tree(run_cli: RunCli, tmp_path: Path) -> None:
    saved = tmp_path / "dagsorden.json"
    saved.write_text(handmade_agenda().to_json(), encoding="utf-8")
    result = run_cli("show", saved)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "KKR Sjælland · 2021-04-21 · dagsorden" in out
    assert "attendance 0" in out
    assert "1. Godkendelse af dagsorden og referat" in out
    assert "1.1. Godkendelse af dagsorden" in out
    assert "SAG-2020-05887" in out
    assert "baggrund  25 characters" in out
    assert "1 recommendation, 0 attachments" in out
    assert "https://www.kl.dk/" in out
    # A heading without its number gets one; brackets are text, not markup.
    assert "2.1 Beslutningssag: [vigtig] aftale" in out
    assert "pp. 4–5" in out
    assert "1 warning, 1 note" in out
    assert "text_input: fonts unknown in text input" in out
    assert "odd_page (page 4): page number missing" in out
    assert "0 recommendations" not in out  # item 1 is a bare group heading
    # 1.1 is drawn under 1: deeper indentation than its parent.
    lines = out.splitlines()
    parent = next(line for line in lines if "1. Godkendelse af dagsorden og" in line)
    child = next(line for line in lines if "1.1. Godkendelse" in line)
    assert child.index("1.1.") > parent.index("1.")


@pytest.mark.parametrize(
    ("content", "reason"),
    [('{"schema_version": "1.0"}', "invalid_json"), ("not json", "invalid_json")],
)
def test_show_on_a_json_that_is_not_ours(
    run_cli: RunCli, tmp_path: Path, content: str, reason: str
) -> None:
    path = write(tmp_path / "other.json", content)
    result = run_cli("show", path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert_one_failure_line(result.stderr, path, reason)


def test_show_bad_and_missing_inputs(run_cli: RunCli, make_bad: MakeFile, tmp_path: Path) -> None:
    empty = make_bad("empty")
    result = run_cli("show", empty)
    assert result.exit_code == 1
    assert_one_failure_line(result.stderr, empty, "empty")
    missing = tmp_path / "nowhere.txt"
    assert_one_failure_line(run_cli("show", missing).stderr, missing, "missing")


def test_library_errors_keep_their_message(
    run_cli: RunCli, fake: FakeParser, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def refuse(source: Path, options: ParseOptions | None = None) -> Agenda:
        raise EmptyInputError("the file is empty (0 bytes)")

    monkeypatch.setattr(cli_common, "parse_pdf", refuse)
    path = write(tmp_path / "x.pdf")
    lines = lines_naming(run_cli("parse", path).stderr, path)
    # The line names the file once, then the reason and the library's message as it is.
    assert lines == [f"{path}: empty: the file is empty (0 bytes)"]


# --- through the real pipeline --------------------------------------------------------------


def test_text_agenda_gives_pure_json_on_stdout(run_cli: RunCli, make_good: MakeFile) -> None:
    result = run_cli("parse", make_good("txt"))
    assert result.exit_code == 0, result.stderr
    agenda = Agenda.model_validate(json.loads(result.stdout))
    assert [item.number for item in agenda.items] == AGENDA_ITEM_NUMBERS


@pytest.mark.parametrize("kind", ["pdf", "owner_password"])
def test_pdf_agenda_parses(run_cli: RunCli, make_good: MakeFile, kind: str) -> None:
    # An owner password only restricts editing; the file opens without one.
    result = run_cli("parse", make_good(kind))
    assert result.exit_code == 0, result.stderr
    agenda = Agenda.model_validate_json(result.stdout)
    assert [item.number for item in agenda.items] == AGENDA_ITEM_NUMBERS


@pytest.mark.parametrize("kind", ["txt", "pdf"])
def test_show_renders_a_parsed_agenda(run_cli: RunCli, make_good: MakeFile, kind: str) -> None:
    result = run_cli("show", make_good(kind))
    assert result.exit_code == 0, result.stderr
    assert "KKR Sjælland" in result.stdout
    # Item lines: "── 1.1 Godkendelse af dagsorden  p. 3  SAG-…".
    shown = re.findall(r"── (\d+(?:\.\d+)?)[. ].*  pp?\. \d", result.stdout)
    assert shown == AGENDA_ITEM_NUMBERS


def test_several_inputs_give_json_lines(run_cli: RunCli, make_good: MakeFile) -> None:
    result = run_cli("parse", make_good("txt"), make_good("pdf"))
    assert result.exit_code == 0, result.stderr
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [doc["source"]["filename"] for doc in docs] == ["agenda.txt", "agenda.pdf"]


def test_missing_path_does_not_stop_the_others(
    run_cli: RunCli, make_good: MakeFile, tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere.pdf"
    result = run_cli("parse", missing, make_good("txt"))
    assert result.exit_code == 1
    assert_one_failure_line(result.stderr, missing, "missing")
    (line,) = result.stdout.splitlines()
    assert json.loads(line)["source"]["filename"] == "agenda.txt"


def test_mixed_folder_writes_the_good_outputs_and_exits_1(
    run_cli: RunCli, make_bad: MakeFile, make_good: MakeFile, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    bad = {kind: make_bad(kind, folder / "bad") for kind in BAD_INPUTS}
    make_good("txt", folder / "2021", name="tekst.txt")
    make_good("pdf", folder / "2021")
    make_good("owner_password", folder)
    out = tmp_path / "out"
    result = run_cli("parse", folder, "-o", out)
    assert result.exit_code == 1
    assert result.stdout == ""
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == ["2021/agenda.json", "2021/tekst.json", "owner-only.json"]
    for kind, path in bad.items():
        assert_one_failure_line(result.stderr, path, BAD_INPUTS[kind][1])
    assert kkrparse.load(out / "owner-only.json").items


# --- several inputs run in worker processes -------------------------------------------------


def test_a_hanging_or_crashing_file_fails_alone_in_a_folder_run(
    run_cli: RunCli, make_good: MakeFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    hang = make_good("pdf", folder, name="hang.pdf")
    crash = make_good("pdf", folder, name="crash.pdf")
    make_good("pdf", folder, name="good.pdf")
    monkeypatch.setenv(runner.TEST_HOOK_ENV, "hang=hang.pdf;segv=crash.pdf")
    result = run_cli("parse", folder, "--timeout", "3", "--workers", "2")
    assert result.exit_code == 1
    assert_one_failure_line(result.stderr, hang, "timeout")
    assert_one_failure_line(result.stderr, crash, "crashed")
    assert "SIGSEGV" in result.stderr
    (line,) = result.stdout.splitlines()
    assert json.loads(line)["source"]["filename"] == "good.pdf"
    rows = {tuple(line.split()) for line in result.stderr.splitlines()}
    assert {("ok", "1"), ("failed", "2"), ("timeout", "1"), ("crashed", "1")} <= rows


def test_json_lines_keep_the_input_order_whatever_finishes_first(
    run_cli: RunCli, make_good: MakeFile, make_bad: MakeFile, tmp_path: Path
) -> None:
    # The PDF is slower to parse than the text; the bad file fails at once.
    pdf = make_good("pdf", tmp_path / "a")
    bad = make_bad("truncated", tmp_path / "b")
    text = make_good("txt", tmp_path / "c")
    result = run_cli("parse", pdf, bad, text, tmp_path / "d.json", "--workers", "3")
    assert result.exit_code == 1
    names = [json.loads(line)["source"]["filename"] for line in result.stdout.splitlines()]
    assert names == ["agenda.pdf", "agenda.txt"]
    assert_one_failure_line(result.stderr, bad, "damaged")
    assert_one_failure_line(result.stderr, tmp_path / "d.json", "missing")


def test_fifo_and_symlink_loop_in_a_folder_are_reported_not_skipped(
    run_cli: RunCli, make_good: MakeFile, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    make_good("txt", folder)
    os.mkfifo(folder / "fifo.pdf")
    os.symlink("loop.pdf", folder / "loop.pdf")
    (folder / "folder.pdf").mkdir()
    make_good("txt", folder / "folder.pdf", name="inside.txt")
    result = run_cli("parse", folder, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert_one_failure_line(result.stderr, folder / "fifo.pdf", "unreadable")
    assert_one_failure_line(result.stderr, folder / "loop.pdf", "unreadable")
    written = sorted(
        p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.json")
    )
    assert written == ["agenda.json", "folder.pdf/inside.json"]


def test_worker_options_are_checked(run_cli: RunCli, make_good: MakeFile) -> None:
    path = make_good("txt")
    assert run_cli("parse", path, path, "--workers", "0").exit_code == 2
    assert run_cli("parse", path, path, "--timeout", "0").exit_code == 2
    assert run_cli("parse", path, path, "--memory", "1").exit_code == 2


def test_workers_that_cannot_start_are_one_clear_error(
    run_cli: RunCli, make_good: MakeFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_good("txt")
    monkeypatch.setattr(sys, "executable", "/bin/false")
    result = run_cli("parse", path, path)
    assert result.exit_code == 1
    assert "error: the worker process cannot start" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("how", ["missing", "not executable"])
@pytest.mark.parametrize("command", ["parse", "show", "archive"])
def test_an_interpreter_that_cannot_run_is_one_clear_error(
    run_cli: RunCli,
    make_good: MakeFile,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    how: str,
    command: str,
) -> None:
    # Issue 13: an unusable interpreter path, or a venv this user cannot read, ended in a
    # raw FileNotFoundError / PermissionError. (A file without any execute bit stops root too.)
    python = tmp_path / "venv" / "bin" / "python"
    if how == "not executable":
        write(python, "#!/bin/sh\n").chmod(0o644)
    monkeypatch.setattr(sys, "executable", str(python))
    folder = make_good("pdf").parent
    args = {
        "parse": ("parse", folder, "-o", tmp_path / "out"),
        "show": ("show", make_good("pdf")),
        "archive": ("archive", folder, "--archive", tmp_path / "archive"),
    }[command]
    result = run_cli(*args)
    assert result.exit_code == 1, result.stderr
    assert f"error: the worker process cannot start: {python}: " in result.stderr
    assert "Traceback" not in result.stderr


# --- one exit-code table, and what the commands import --------------------------------------

CLI_DIR = Path(cli_common.__file__).parent
SRC = CLI_DIR.parents[1]
README = SRC.parent / "README.md"


def _exit_code_leaves(node: ast.expr) -> Iterator[ast.expr]:
    """The values an exit status expression can take: both arms of ``a if c else b``."""
    if isinstance(node, ast.IfExp):
        yield from _exit_code_leaves(node.body)
        yield from _exit_code_leaves(node.orelse)
    else:
        yield node


def test_every_exit_status_in_the_cli_comes_from_the_table() -> None:
    """Every ``typer.Exit(...)`` under cli/ names an ``ExitCode`` member: no bare numbers."""
    exits = []
    for path in sorted(CLI_DIR.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and ast.unparse(node.func) == "typer.Exit"):
                continue
            exits.append(f"{path.name}:{node.lineno}")
            assert len(node.args) == 1 and not node.keywords, f"{path.name}:{node.lineno}"
            for leaf in _exit_code_leaves(node.args[0]):
                assert isinstance(leaf, ast.Attribute), f"{path.name}:{node.lineno}"
                assert ast.unparse(leaf.value) == "ExitCode", f"{path.name}:{node.lineno}"
                assert leaf.attr in ExitCode.__members__, f"{path.name}:{node.lineno}"
    assert len(exits) > 10  # the scan found the commands' exits
    source = "\n".join(p.read_text(encoding="utf-8") for p in CLI_DIR.glob("*.py"))
    assert "sys.exit(" not in source and "SystemExit(" not in source


def test_the_documented_exit_codes_are_the_table() -> None:
    assert {code.name: int(code) for code in ExitCode} == {
        "OK": 0,
        "FAILED": 1,
        "USAGE": 2,
        "ARCHIVE": 3,
        "INTERRUPTED": 130,
    }
    readme = README.read_text(encoding="utf-8")
    # "Command line": the table under "| exit status | meaning |".
    table = readme.split("| exit status | meaning |", 1)[1].split("\n\n", 1)[0]
    documented = {int(code) for code in re.findall(r"^\| (\d+) \|", table, re.MULTILINE)}
    # "Archive": "- **Exit status:** 0 all fine; 1 …; 130 interrupted."
    archive_line = next(ln for ln in readme.splitlines() if ln.startswith("- **Exit status:**"))
    paragraph = readme[readme.index(archive_line) :].split("\n- ", 2)[0]
    documented |= {int(code) for code in re.findall(r"(?:\*\* |; )(\d+)\s", paragraph)}
    assert documented == {int(code) for code in ExitCode}


def test_no_function_in_the_commands_or_the_scoring_is_over_100_lines() -> None:
    long = []
    for package in ("cli", "evaluate"):
        for path in sorted((SRC / "kkrparse" / package).glob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    start = min([node.lineno] + [d.lineno for d in node.decorator_list])
                    assert node.end_lineno is not None
                    if node.end_lineno - start + 1 > 100:
                        long.append(f"{package}/{path.name}:{node.name}")
    assert long == []


def test_the_scoring_prints_nothing_and_parse_needs_no_database() -> None:
    """kkrparse.evaluate imports neither typer nor rich nor the CLI; the CLI leaves
    sqlite-utils (which imports pandas) to the archive commands."""
    import subprocess

    probe = (
        "import sys, kkrparse.evaluate, kkrparse.evaluate.floors; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'typer', 'rich', 'click'})); "
        "print([m for m in sys.modules if m.startswith('kkrparse.cli')]); "
        "import kkrparse.cli; print([m for m in sys.modules if m.startswith('sqlite_utils')])"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.splitlines() == ["[]", "[]", "[]"]


# --- what reaches a terminal: no forged lines, no terminal commands --------------------------


@pytest.mark.parametrize("command", ["parse", "show"])
def test_a_file_name_cannot_forge_a_log_line(run_cli: RunCli, tmp_path: Path, command: str) -> None:
    # Issue 13: a newline in a file name printed a second, forged line.
    path = write(tmp_path / "j\nFAKE: ok: x.pdf", "not a pdf")
    result = run_cli(command, path)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert not any(line.startswith("FAKE") for line in lines)
    escaped = str(path).replace("\n", "\\n")
    mine = [line for line in lines if line.startswith(escaped)]
    assert len(mine) == 1 and mine[0].startswith(f"{escaped}: not_pdf: "), result.stderr


def test_control_characters_and_undecodable_bytes_in_names_are_escaped(
    run_cli: RunCli, tmp_path: Path
) -> None:
    if os.name != "posix":
        pytest.skip(skips.reason("posix", "file names that are bytes"))
    folder = tmp_path / "in"
    write(folder / "esc\x1b[31m.pdf", "x")
    write(folder / os.fsdecode(b"latin1-\xe6.pdf"), "x")
    result = run_cli("parse", folder, "-o", tmp_path / "out")
    assert "\x1b" not in result.stderr
    assert f"{folder}/esc\\x1b[31m.pdf: not_pdf: " in result.stderr
    assert f"{folder}/latin1-\\xe6.pdf: not_pdf: " in result.stderr


def test_show_escapes_control_characters_from_the_document(run_cli: RunCli, tmp_path: Path) -> None:
    agenda = handmade_agenda()
    item = agenda.items[0].model_copy(update={"heading": "1. Evil\x1b]0;title\x07 heading\u202e"})
    saved = write(tmp_path / "evil.json", agenda.model_copy(update={"items": [item]}).to_json())
    for args in ([saved], ["--text", saved]):
        result = run_cli("show", *args)
        assert result.exit_code == 0, result.stderr
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout
        assert "Evil\\x1b]0;title\\x07 heading\\u202e" in result.stdout


def test_search_hits_escape_control_characters() -> None:
    from kkrparse.archive import db as dbm
    from kkrparse.cli import archive as archive_cli

    snippet = f"a\x1b[2J {dbm.HIT_START}b\x00{dbm.HIT_END}"
    assert archive_cli._highlight(snippet).plain == "a\\x1b[2J b\\x00"

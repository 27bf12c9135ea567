"""The command line's conventions: -o FILE.json, stdin and URLs, --quiet, -h, completion,
a closed stdout pipe, help that reads as sentences, and what ``show --text`` starts with.

Pipes and stdin are tested with the CLI in a subprocess (``python -m kkrparse``), the rest
with the in-process runner of ``conftest.run_cli``.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.server
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from fixtures_make import AGENDA_ITEM_NUMBERS, RunCli, agenda_pdf, handmade_agenda, write_file
from kkrparse import Agenda, Attendee
from kkrparse.runner import Limits

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = ["parse", "show", "debug", "schema", "archive", "search", "export"]


def kkrparse_process(*args: str | Path, **kwargs: object) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1", "COLUMNS": "80"}
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "kkrparse", *map(str, args)], env=env, **kwargs
    )


# --- -o FILE.json -----------------------------------------------------------------------------


def test_one_input_with_o_file_json_writes_that_file(run_cli: RunCli, tmp_path: Path) -> None:
    """Issue: ``parse a.pdf -o out/x.json`` made a folder ``x.json/``."""
    pdf = write_file(tmp_path / "agenda.pdf", agenda_pdf())
    target = tmp_path / "out" / "x.json"
    result = run_cli("parse", pdf, "-o", target)
    assert result.exit_code == 0, result.stderr
    assert target.is_file()
    agenda = Agenda.model_validate_json(target.read_text(encoding="utf-8"))
    assert [item.number for item in agenda.items] == AGENDA_ITEM_NUMBERS
    assert result.stdout == ""


def test_several_inputs_with_o_name_json_keep_it_a_folder(run_cli: RunCli, tmp_path: Path) -> None:
    first = write_file(tmp_path / "a.pdf", agenda_pdf())
    second = write_file(tmp_path / "b.pdf", agenda_pdf())
    result = run_cli("parse", first, second, "-o", tmp_path / "out.json")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out.json").iterdir()) == ["a.json", "b.json"]


# --- --quiet, -h, completion, help text ------------------------------------------------------


def test_quiet_prints_no_summary_table(run_cli: RunCli, tmp_path: Path) -> None:
    pdf = write_file(tmp_path / "agenda.pdf", agenda_pdf())
    loud = run_cli("parse", pdf)
    assert loud.exit_code == 0 and "result" in loud.stderr
    quiet = run_cli("parse", "--quiet", pdf)
    assert quiet.exit_code == 0, quiet.stderr
    assert quiet.stderr == ""
    assert Agenda.model_validate_json(quiet.stdout).items


def test_quiet_still_shows_failures(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("parse", "-q", tmp_path / "gone.pdf")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{tmp_path / 'gone.pdf'}: missing: no such file or directory"
    ]


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_dash_h_is_help_everywhere(run_cli: RunCli, command: str | None) -> None:
    result = run_cli(*([command] if command else []), "-h")
    assert result.exit_code == 0, result.output
    assert "Usage: " in result.output


def test_shell_completion_is_offered(run_cli: RunCli) -> None:
    result = run_cli("--help")
    assert "--install-completion" in result.output
    assert "--show-completion" in result.output


def _description(help_text: str) -> list[str]:
    """The lines between the usage line and the first panel, stripped."""
    lines = help_text.splitlines()
    start = next(n for n, line in enumerate(lines) if "Usage:" in line) + 1
    end = next((n for n, line in enumerate(lines) if line.lstrip().startswith("╭")), len(lines))
    return [line.strip() for line in lines[start:end]]


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_reads_as_sentences(run_cli: RunCli, command: str | None) -> None:
    """Issue: ``<bool>`` beside flags, ``{IN}...`` for arguments, and docstrings broken where
    the source wrapped them (a line holding only ``--timeout``)."""
    result = run_cli(*([command] if command else []), "--help")
    text = result.output
    for tag in ("<bool>", "<list", "<int", "<float", "<path>", "<file>", "{", "ExportFormat."):
        assert tag not in text, (tag, text)
    description = _description(text)
    for line, after in zip(description, [*description[1:], ""], strict=True):
        # A line that ends a paragraph may be short; one inside a paragraph is filled.
        assert not line or not after or len(line) > 50, (line, text)


def test_parse_usage_names_its_inputs(run_cli: RunCli) -> None:
    usage = run_cli("parse", "-h").output
    assert re.search(r" parse \[OPTIONS\] INPUT\.\.\. *$", usage, re.MULTILINE), usage


# --- show --text ------------------------------------------------------------------------------


def test_show_text_starts_with_the_meeting_and_its_attendance(
    run_cli: RunCli, tmp_path: Path
) -> None:
    agenda = handmade_agenda()
    meeting = agenda.meeting.model_copy(
        update={
            "start_time": "10:00",
            "end_time": "12:30",
            "location": "Sørup Herregaard",
            "attendance": [
                Attendee(name="Lolan Ottesen", party="A", role="formand", status="present"),
                Attendee(name="Mette Jensen", municipality="Holbæk", status="absent"),
            ],
        }
    )
    saved = write_file(
        tmp_path / "x.json", agenda.model_copy(update={"meeting": meeting}).to_json()
    )
    result = run_cli("show", "--text", saved)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:7] == [
        "KKR Sjælland · 2021-04-21 · dagsorden · 10:00–12:30 · Sørup Herregaard",
        "",
        "Present",
        "Lolan Ottesen (A), formand",
        "",
        "Absent",
        "Mette Jensen, Holbæk",
    ]
    assert lines[7:9] == ["", "1. Godkendelse af dagsorden og referat"]


# --- a closed stdout pipe ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def archive_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("archive")
    pdf = write_file(folder / "in" / "agenda.pdf", agenda_pdf())
    done = kkrparse_process("archive", pdf, "--archive", folder / "kkr", stderr=subprocess.PIPE)
    _, stderr = done.communicate(timeout=300)
    assert done.returncode == 0, stderr.decode()
    return folder / "kkr"


def closed_early(*args: str | Path) -> tuple[int, str]:
    """Run the CLI with its stdout's reader gone before anything is written (``| head``)."""
    proc = kkrparse_process(*args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    _, stderr = proc.communicate(timeout=300)
    return proc.returncode, stderr.decode("utf-8", "replace")


@pytest.mark.parametrize(
    "command", ["parse", "parse-many", "show", "show-text", "search", "export"]
)
def test_a_closed_stdout_pipe_ends_quietly_with_status_0(
    command: str, tmp_path: Path, archive_dir: Path
) -> None:
    pdf = write_file(tmp_path / "agenda.pdf", agenda_pdf())
    saved = write_file(tmp_path / "agenda.json", handmade_agenda().to_json())
    args: dict[str, list[str | Path]] = {
        "parse": ["parse", pdf],
        "parse-many": ["parse", pdf, saved, pdf],
        "show": ["show", saved],
        "show-text": ["show", "--text", saved],
        "search": ["search", "dagsorden", "--archive", archive_dir],
        "export": ["export", "--table", "items", "--archive", archive_dir],
    }
    status, stderr = closed_early(*args[command])
    assert status == 0, stderr
    assert "Traceback" not in stderr and "Broken pipe" not in stderr, stderr


# --- stdin and URLs ---------------------------------------------------------------------------


def test_dash_reads_a_pdf_from_stdin(tmp_path: Path) -> None:
    data = agenda_pdf()
    proc = kkrparse_process(
        "parse", "-", stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    stdout, stderr = proc.communicate(data, timeout=300)
    assert proc.returncode == 0, stderr.decode()
    agenda = Agenda.model_validate_json(stdout)
    assert [item.number for item in agenda.items] == AGENDA_ITEM_NUMBERS
    assert agenda.source.sha256 == hashlib.sha256(data).hexdigest()
    assert agenda.source.filename is None and agenda.source.url is None


def test_empty_stdin_is_an_empty_input() -> None:
    proc = kkrparse_process(
        "parse", "-", stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    stdout, stderr = proc.communicate(b"", timeout=300)
    assert proc.returncode == 1 and stdout == b""
    assert stderr.decode().startswith("-: empty: "), stderr.decode()


class _Handler(http.server.BaseHTTPRequestHandler):
    pdf = b""

    def do_GET(self) -> None:
        if self.path == "/dagsorden.pdf":
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", str(len(self.pdf)))
            self.end_headers()
            self.wfile.write(self.pdf)
        elif self.path == "/old/link":
            self.send_response(302)
            self.send_header("Location", "/dagsorden.pdf")
            self.end_headers()
        elif self.path == "/slow.pdf":  # answers after the client has given up
            time.sleep(3)
            with contextlib.suppress(OSError):  # the client is gone: a broken pipe here
                self.send_error(404, "Not Found")
        elif self.path == "/huge.pdf":  # says more than the limit; nothing should be read
            self.send_response(200)
            self.send_header("Content-Length", str(Limits.max_bytes + 1))
            self.end_headers()
        else:
            self.send_error(404, "Not Found")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    _Handler.pdf = agenda_pdf()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_url_is_downloaded_and_parsed(run_cli: RunCli, server: str) -> None:
    result = run_cli("parse", f"{server}/dagsorden.pdf")
    assert result.exit_code == 0, result.stderr
    agenda = Agenda.model_validate_json(result.stdout)
    assert [item.number for item in agenda.items] == AGENDA_ITEM_NUMBERS
    assert agenda.source.url == f"{server}/dagsorden.pdf"
    assert agenda.source.filename == "dagsorden.pdf"
    assert agenda.source.sha256 == hashlib.sha256(_Handler.pdf).hexdigest()


def test_a_redirect_is_followed_and_the_final_url_kept(run_cli: RunCli, server: str) -> None:
    result = run_cli("parse", f"{server}/old/link")
    assert result.exit_code == 0, result.stderr
    assert Agenda.model_validate_json(result.stdout).source.url == f"{server}/dagsorden.pdf"


def test_a_url_into_an_output_folder_is_named_after_its_file(
    run_cli: RunCli, server: str, tmp_path: Path
) -> None:
    result = run_cli(
        "parse", f"{server}/dagsorden.pdf", tmp_path / "gone.pdf", "-o", tmp_path / "out"
    )
    assert result.exit_code == 1
    saved = json.loads((tmp_path / "out" / "dagsorden.json").read_text(encoding="utf-8"))
    assert saved["source"]["url"] == f"{server}/dagsorden.pdf"


@pytest.mark.parametrize(
    ("path", "reason", "message"),
    [
        ("/nowhere.pdf", "download_failed", "HTTP 404 Not Found"),
        ("/huge.pdf", "too_large", f"{Limits.max_bytes + 1:,} bytes; not downloaded"),
    ],
)
def test_a_failed_download_is_one_line_and_the_others_go_on(
    run_cli: RunCli, server: str, path: str, reason: str, message: str
) -> None:
    url = f"{server}{path}"
    result = run_cli("parse", url, f"{server}/dagsorden.pdf")
    assert result.exit_code == 1
    mine = [line for line in result.stderr.splitlines() if url in line]
    assert mine == [f"{url}: {reason}: {message}"], result.stderr
    assert "Traceback" not in result.stderr
    (doc,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert doc["source"]["filename"] == "dagsorden.pdf"


def test_a_server_that_is_not_there_is_a_download_failure(run_cli: RunCli) -> None:
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/x.pdf"
    result = run_cli("parse", url)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()[:1]
    assert line.startswith(f"{url}: download_failed: "), result.stderr


def test_show_reads_stdin_and_urls(run_cli: RunCli, server: str) -> None:
    proc = kkrparse_process(
        "show", "-", stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    stdout, stderr = proc.communicate(agenda_pdf(), timeout=300)
    assert proc.returncode == 0, stderr.decode()
    assert "KKR Sjælland" in stdout.decode()
    shown = run_cli("show", "--text", f"{server}/dagsorden.pdf")
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout.startswith("KKR Sjælland · 2021-04-21 · dagsorden")
    missing = run_cli("show", f"{server}/nowhere.pdf")
    assert missing.exit_code == 1
    assert missing.stderr.splitlines() == [
        f"{server}/nowhere.pdf: download_failed: HTTP 404 Not Found"
    ]


def test_a_download_that_does_not_answer_in_time_fails(run_cli: RunCli, server: str) -> None:
    url = f"{server}/slow.pdf"
    started = time.monotonic()
    result = run_cli("parse", "--timeout", "0.5", url)
    assert result.exit_code == 1
    assert time.monotonic() - started < 2.5
    assert result.stderr.splitlines()[0] == f"{url}: download_failed: no answer within 0.5 s"

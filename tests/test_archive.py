"""The archive run: new, unchanged, duplicate and failed documents, repair, limits, locking.

Corpora are small: agendas made in code (a fraction of a second each to parse), bad files
made in code, one committed sample where real text matters (search), and the runner's
test-only hook (``KKRPARSE_TEST_HOOK``) to make a worker hang, crash or run out of memory on
a chosen file.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlite_utils

import skips
from fixtures_make import AGENDA_PAGES, B, RunCli, _render, bad_input_bytes, handmade_agenda
from fixtures_make import write_file as write
from hostile import HOSTILE_PDFS, SPECIAL_FILES, make_special
from kkrparse import Agenda
from kkrparse.archive import db as dbm
from kkrparse.archive import store as arch
from kkrparse.runner import Limits

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "kkr-sjaelland-2021-04-21-dagsorden.pdf"
FAST = arch.ArchiveOptions(workers=2, limits=Limits(timeout=60))


def variant_pdf(n: int) -> bytes:
    """The made-in-code agenda, with a sentence that makes its bytes and text unique."""
    pages = copy.deepcopy(AGENDA_PAGES)
    line = pages[2].index((B, "Godkendelse af dagsorden."))
    pages[2][line] = (B, f"Godkendelse af dagsorden nummer{n}.")
    return _render(pages)


def run(root: Path, *sources: Path, options: arch.ArchiveOptions = FAST) -> arch.Summary:
    with arch.Archive(root) as store:
        return store.run(list(sources), options)


class _Db:
    """Read an archive's database the way a person would, then close it."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def __enter__(self) -> sqlite_utils.Database:
        self.db = sqlite_utils.Database(self.root / arch.DATABASE)
        return self.db

    def __exit__(self, *exc: object) -> None:
        self.db.close()


def check_consistent(root: Path) -> dict[str, int]:
    """The archive's invariants: every row has its files and every file its row, all JSON
    valid and matching its name, nothing temporary left. Returns the table counts."""
    db = sqlite_utils.Database(root / arch.DATABASE)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        shas = {row[0] for row in db.execute("SELECT sha256 FROM meetings")}
        pdfs = {p.stem for p in (root / "pdf").glob("*/*")}
        jsons = {p.stem for p in (root / "json").glob("*/*")}
        assert pdfs == shas
        assert jsons == shas
        for sha in shas:
            agenda = Agenda.model_validate_json(
                (root / "json" / sha[:2] / f"{sha}.json").read_bytes()
            )
            assert agenda.source.sha256 == sha
        leftovers = [p for p in root.rglob("*") if p.name.endswith(".tmp") or p.name == "tmp"]
        assert leftovers == []
        dup_keys = db.execute(
            "SELECT count(*) FROM (SELECT meeting_sha256, number FROM items "
            "GROUP BY meeting_sha256, position HAVING count(*) > 1)"
        ).fetchone()[0]
        assert dup_keys == 0
        return dbm.counts(db)
    finally:
        db.close()


# --- the happy path --------------------------------------------------------------------------


def test_new_documents_are_archived_once_and_found(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write(src / "2021" / "dagsorden.pdf", variant_pdf(3))
    write(src / "a.pdf", variant_pdf(1))
    write(src / "B.PDF", variant_pdf(2))
    write(src / "notes.txt", b"not a pdf name, not archived")
    root = tmp_path / "kkr-archive"
    summary = run(root, src)
    assert summary.found == 3
    assert summary.statuses == {"new": 3}
    assert summary.ok
    counts = check_consistent(root)
    assert counts["meetings"] == 3
    assert counts["files"] == 3
    assert counts["failures"] == 0
    with _Db(root) as db:
        assert [h.number for h in dbm.search(db, "nummer2")] == ["1.1"]
        assert len(dbm.search(db, "Rammeaftale")) == 3
        meetings = {r["filename"] for r in db["meetings"].rows}
        assert meetings == {"dagsorden.pdf", "a.pdf", "B.PDF"}


def test_reparse_keeps_item_ids_so_an_old_link_still_leads_to_its_item(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write(src / "dagsorden.pdf", SAMPLE.read_bytes())
    root = tmp_path / "kkr-archive"
    run(root, src)
    with _Db(root) as db:
        # A link someone kept: the item's id, and what it pointed at.
        link, number, heading = db.execute(
            "SELECT id, number, heading FROM items WHERE number = '2.6'"
        ).fetchone()
        before = db.execute("SELECT id FROM items ORDER BY id").fetchall()
    summary = run(root, src, options=dataclasses.replace(FAST, reparse=True))
    assert summary.statuses == {"updated": 1}, summary.statuses
    with _Db(root) as db:
        assert db.execute("SELECT id FROM items ORDER BY id").fetchall() == before
        assert db.execute(
            "SELECT number, heading FROM items_view WHERE id = ?", [link]
        ).fetchone() == (number, heading)


def test_second_run_changes_nothing_and_reads_nothing(tmp_path: Path, run_cli: RunCli) -> None:
    src = tmp_path / "src"
    write(src / "a.pdf", variant_pdf(1))
    write(src / "b.pdf", variant_pdf(2))
    root = tmp_path / "arc"
    first = run_cli("archive", src, "--archive", root, "--workers", "2")
    assert first.exit_code == 0, first.output
    before = {p: p.stat().st_mtime_ns for p in root.rglob("*") if p.suffix in (".pdf", ".json")}
    with _Db(root) as db:
        rows_before = [list(db[t].rows) for t in dbm.EXPORT_TABLES]
    second = run_cli("archive", src, "--archive", root, "--workers", "2")
    assert second.exit_code == 0, second.output
    assert "nothing changed" in second.output
    assert "unchanged" in second.output
    after = {p: p.stat().st_mtime_ns for p in root.rglob("*") if p.suffix in (".pdf", ".json")}
    assert after == before
    with _Db(root) as db:
        assert [list(db[t].rows) for t in dbm.EXPORT_TABLES] == rows_before


def test_same_bytes_under_two_names_are_one_document(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write(src / "a.pdf", variant_pdf(1))
    write(src / "copy" / "a-igen.pdf", variant_pdf(1))
    root = tmp_path / "arc"
    summary = run(root, src)
    assert summary.statuses == {"new": 1, "duplicate": 1}
    assert check_consistent(root)["meetings"] == 1
    # A later run: still one document; nothing is new and the duplicate is not news.
    summary = run(root, src)
    assert summary.statuses == {"unchanged": 2}
    # A third name for archived bytes, in a later run.
    write(tmp_path / "later" / "a3.pdf", variant_pdf(1))
    summary = run(root, src, tmp_path / "later")
    assert summary.statuses == {"unchanged": 2, "duplicate": 1}
    counts = check_consistent(root)
    assert (counts["meetings"], counts["files"]) == (1, 3)


def test_a_changed_source_file_is_archived_as_the_new_document(tmp_path: Path) -> None:
    src = tmp_path / "src"
    target = write(src / "a.pdf", variant_pdf(1))
    root = tmp_path / "arc"
    run(root, src)
    target.write_bytes(variant_pdf(5))
    os.utime(target, ns=(1, 1))  # a different mtime, as a download would leave
    summary = run(root, src)
    assert summary.statuses == {"new": 1}
    # Both versions are kept: sources vanish, and the old bytes were a real publication.
    assert check_consistent(root)["meetings"] == 2


def test_parser_version_bump_reparses_and_says_so(tmp_path: Path, run_cli: RunCli) -> None:
    src = tmp_path / "src"
    write(src / "a.pdf", variant_pdf(1))
    write(src / "b.pdf", variant_pdf(2))
    root = tmp_path / "arc"
    run(root, src)
    with _Db(root) as db, db.atomic():
        # An archive written by an older kkrparse.
        db.execute("UPDATE meetings SET parser_version = '0.0.9'")
    result = run_cli("archive", src, "--archive", root, "--workers", "2")
    assert result.exit_code == 0, result.output
    assert "parser version changed (0.0.9 → " in result.output
    assert "2 archived documents re-parsed" in result.output
    with _Db(root) as db:
        assert {r["parser_version"] for r in db["meetings"].rows} == {arch.__version__}
    assert check_consistent(root)["meetings"] == 2
    summary = run(root, src, options=arch.ArchiveOptions(workers=2, reparse=True))
    assert summary.statuses == {"updated": 2}


# --- bad files -------------------------------------------------------------------------------


def test_bad_and_odd_files_each_get_one_outcome_and_the_run_goes_on(
    tmp_path: Path, run_cli: RunCli
) -> None:
    src = tmp_path / "src"
    write(src / "good.pdf", variant_pdf(1))
    expected = {"good.pdf": "ok"}
    for kind in (
        "empty",
        "html",
        "truncated",
        "user_password",
        "scan",
        "letter",
        "paragraph_minutes",
    ):
        name = f"{kind}.pdf"
        write(src / name, bad_input_bytes(kind))
        expected[name] = {
            "empty": "empty",
            "html": "not_pdf",
            "truncated": "damaged",
            "user_password": "encrypted",
            "scan": "no_text",
            "letter": "not_agenda",
            "paragraph_minutes": "unsupported_layout",
        }[kind]
    os.mkfifo(src / "fifo.pdf")
    (src / "loop.pdf").symlink_to("loop.pdf")
    (src / "folder.pdf").mkdir()  # a folder with a .pdf name is searched, not read
    write(src / "folder.pdf" / "inner.pdf", variant_pdf(2))
    expected |= {"fifo.pdf": "unreadable", "loop.pdf": "unreadable", "inner.pdf": "ok"}
    root = tmp_path / "arc"
    result = run_cli("archive", src, "--archive", root, "--workers", "2", "--timeout", "60")
    assert result.exit_code == 1, result.output
    with _Db(root) as db:
        outcomes = {Path(r["path"]).name: r["outcome"] for r in db["files"].rows}
        assert outcomes == expected
        failures = {Path(r["path"]).name: r["quarantined"] for r in db["failures"].rows}
        assert set(failures) == {n for n, o in expected.items() if o != "ok"}
        assert set(failures.values()) == {0}
    assert "failed" in result.output and "not_agenda" in result.output
    assert check_consistent(root)["meetings"] == 2
    # Known failures are not news: the next run exits 0, counts them as unchanged, and
    # writes nothing.
    with _Db(root) as db:
        before = [list(db[t].rows) for t in dbm.EXPORT_TABLES]
    again = run_cli("archive", src, "--archive", root, "--workers", "2")
    assert again.exit_code == 0, again.output
    assert "(9 known failures)" in again.output
    with _Db(root) as db:
        assert [list(db[t].rows) for t in dbm.EXPORT_TABLES] == before


#: A few of the hostile PDFs, one per kind of trap; tests/test_hostile.py runs them all.
HOSTILE = ("bomb-content.pdf", "page-tree-cycle.pdf", "xref-prev-loop.pdf", "cut-50.pdf")


def test_hostile_files_mixed_into_a_batch_fail_alone(tmp_path: Path) -> None:
    src = tmp_path / "src"
    for n in range(2):
        write(src / f"good{n}.pdf", variant_pdf(n))
    for name in HOSTILE:
        write(src / name, HOSTILE_PDFS[name]())
    make_special(src / "odd")
    root = tmp_path / "arc"
    limits = Limits(timeout=30, memory=512 * 1024**2)
    summary = run(root, src, options=arch.ArchiveOptions(workers=2, limits=limits))
    assert summary.statuses["new"] == 2
    assert summary.failed.total() == summary.found - 2
    with _Db(root) as db:
        outcomes = {Path(r["path"]).name: r["outcome"] for r in db["files"].rows}
    assert set(outcomes) == {"good0.pdf", "good1.pdf", *HOSTILE, *SPECIAL_FILES} - {
        "directory.pdf"  # a folder: searched, and empty
    }
    assert outcomes["unreadable.pdf"] == outcomes["fifo.pdf"] == "unreadable"
    assert outcomes["cut-50.pdf"] == "damaged"
    assert check_consistent(root)["meetings"] == 2


def test_a_known_failure_is_tried_again_by_a_new_parser_version(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write(src / "error-page.pdf", bad_input_bytes("html"))
    root = tmp_path / "arc"
    one = arch.ArchiveOptions(workers=1)
    assert run(root, src, options=one).failed == {"not_pdf": 1}
    assert run(root, src, options=one).statuses == {"unchanged": 1}
    with _Db(root) as db, db.atomic():
        db.execute("UPDATE failures SET parser_version = '0.0.9'")
    assert run(root, src, options=one).failed == {"not_pdf": 1}
    with _Db(root) as db:
        (failure,) = db["failures"].rows
    assert (failure["attempts"], failure["parser_version"]) == (2, arch.__version__)


@pytest.mark.parametrize("kind", ["letter", "paragraph_minutes"])
def test_a_refusal_is_tried_again_by_a_new_parser_version(tmp_path: Path, kind: str) -> None:
    src = tmp_path / "src"
    write(src / "doc.pdf", bad_input_bytes(kind))
    root = tmp_path / "arc"
    one = arch.ArchiveOptions(workers=1)
    outcome = {"letter": "not_agenda", "paragraph_minutes": "unsupported_layout"}[kind]
    assert run(root, src, options=one).failed == {outcome: 1}
    assert run(root, src, options=one).statuses == {"unchanged": 1}
    with _Db(root) as db, db.atomic():
        db.execute("UPDATE failures SET parser_version = '0.0.9'")
    assert run(root, src, options=one).failed == {outcome: 1}
    with _Db(root) as db:
        (failure,) = db["failures"].rows
    assert (failure["attempts"], failure["parser_version"]) == (2, arch.__version__)


def test_a_document_a_new_version_refuses_is_no_longer_archived_as_an_agenda(
    tmp_path: Path,
) -> None:
    """An earlier version took the letter for an agenda and archived it; the current one
    refuses it, and its meeting rows and files go with the failure being recorded."""
    src = tmp_path / "src"
    letter = write(src / "letter.pdf", bad_input_bytes("letter"))
    sha = hashlib.sha256(letter.read_bytes()).hexdigest()
    root = tmp_path / "arc"
    one = arch.ArchiveOptions(workers=1)
    run(root, src, options=one)
    old = handmade_agenda("letter.pdf")
    source = old.source.model_copy(update={"sha256": sha, "parser_version": "0.0.9"})
    old = old.model_copy(update={"source": source})
    with arch.Archive(root) as store:
        write(store.pdf_path(sha), letter.read_bytes())
        write(store.json_path(sha), old.to_json())
        stored = dbm.StoredPaths(
            pdf=store.pdf_path(sha).relative_to(root).as_posix(),
            json=store.json_path(sha).relative_to(root).as_posix(),
        )
        with store.db.atomic():
            dbm.put_meeting(store.db, old, stored, "2020-01-01T00:00:00Z")
            dbm.clear_failure(store.db, sha, "")
    assert check_consistent(root)["meetings"] == 1

    assert run(root, src, options=one).failed == {"not_agenda": 1}
    counts = check_consistent(root)
    assert counts["meetings"] == counts["items"] == 0
    with _Db(root) as db:
        (failure,) = db["failures"].rows
        assert (failure["sha256"], failure["outcome"]) == (sha, "not_agenda")


@pytest.mark.skipif(
    os.geteuid() == 0, reason=skips.reason("root", "root reads files without read permission")
)
def test_a_file_without_read_permission_is_unreadable(tmp_path: Path) -> None:
    src = tmp_path / "src"
    secret = write(src / "secret.pdf", variant_pdf(1))
    secret.chmod(0)
    summary = run(tmp_path / "arc", src)
    assert summary.failed == {"unreadable": 1}


def test_too_large_is_refused_without_parsing(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write(src / "big.pdf", variant_pdf(1))
    options = arch.ArchiveOptions(workers=1, limits=Limits(max_bytes=1000))
    summary = run(tmp_path / "arc", src, options=options)
    assert summary.failed == {"too_large": 1}


@pytest.mark.parametrize(
    ("action", "outcome", "limits"),
    [
        ("hang", "timeout", Limits(timeout=3)),
        ("segv", "crashed", Limits(timeout=60)),
        ("oom", "out_of_memory", Limits(timeout=60, memory=512 * 1024**2)),
    ],
)
def test_a_file_that_hangs_or_kills_a_worker_is_quarantined_and_not_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, action: str, outcome: str, limits: Limits
) -> None:
    src = tmp_path / "src"
    write(src / "bad.pdf", variant_pdf(9))
    for n in range(3):
        write(src / f"good{n}.pdf", variant_pdf(n))
    monkeypatch.setenv("KKRPARSE_TEST_HOOK", f"{action}=bad.pdf")
    root = tmp_path / "arc"
    options = arch.ArchiveOptions(workers=2, limits=limits)
    summary = run(root, src, options=options)
    assert summary.failed == {outcome: 1}
    assert summary.statuses["new"] == 3
    with _Db(root) as db:
        (failure,) = db["failures"].rows
        assert (failure["outcome"], failure["quarantined"]) == (outcome, 1)
        sha = failure["sha256"]
    quarantined = root / "quarantine" / sha[:2] / f"{sha}.pdf"
    assert quarantined.read_bytes() == variant_pdf(9)
    check_consistent(root)
    # Not retried on the next run, even though it would now parse...
    monkeypatch.delenv("KKRPARSE_TEST_HOOK")
    summary = run(root, src, options=options)
    assert summary.statuses == {"unchanged": 4}
    assert summary.known_failures == 1
    # ...unless asked.
    retry = arch.ArchiveOptions(workers=2, limits=limits, retry_failed=True)
    summary = run(root, src, options=retry)
    assert summary.statuses == {"unchanged": 3, "new": 1}
    with _Db(root) as db:
        assert db["failures"].count == 0
    assert check_consistent(root)["meetings"] == 4


# --- repair and locking ----------------------------------------------------------------------


def test_a_run_killed_between_its_files_and_its_commit_is_completed_next_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "src"
    for n in range(3):
        write(src / f"a{n}.pdf", variant_pdf(n))
    root = tmp_path / "arc"
    real = dbm.put_meeting
    calls = 0

    def dies_on_the_second(*args: object, **kwargs: object) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:  # the PDF copy and the JSON are durable; the commit never happens
            raise KeyboardInterrupt
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(dbm, "put_meeting", dies_on_the_second)
    with pytest.raises(KeyboardInterrupt):
        run(root, src, options=arch.ArchiveOptions(workers=1))
    orphans = len(list((root / "json").glob("*/*.json")))
    assert orphans == 2  # one committed, one durable without its row
    # Leftovers as a kill -9 would leave them.
    write(root / "tmp" / "abcd" / "half.pdf", b"%PDF-1.4 half")
    write(root / "json" / "ab" / ".ab.json.123.beef.tmp", b"{")
    monkeypatch.setattr(dbm, "put_meeting", real)
    summary = run(root, src)
    assert summary.statuses == {"unchanged": 1, "new": 2}
    assert check_consistent(root)["meetings"] == 3


def test_a_json_file_lost_from_the_archive_is_rewritten(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write(src / "a.pdf", variant_pdf(1))
    root = tmp_path / "arc"
    run(root, src)
    (lost,) = (root / "json").glob("*/*.json")
    lost.unlink()
    summary = run(root, src)
    assert summary.statuses == {"updated": 1}
    assert check_consistent(root)["meetings"] == 1


def test_a_second_writer_is_refused_while_the_first_holds_the_lock(
    tmp_path: Path, run_cli: RunCli
) -> None:
    src = tmp_path / "src"
    write(src / "a.pdf", variant_pdf(1))
    root = tmp_path / "arc"
    with arch.Archive(root):
        result = run_cli("archive", src, "--archive", root)
        assert result.exit_code == 3
        assert "in use by another run (pid " in result.output
        assert str(os.getpid()) in result.output
    # Released with the first: the next run works.
    assert run_cli("archive", src, "--archive", root).exit_code == 0


def test_an_archive_that_cannot_be_created_exits_3(tmp_path: Path, run_cli: RunCli) -> None:
    src = tmp_path / "src"
    write(src / "a.pdf", variant_pdf(1))
    blocker = write(tmp_path / "file", b"a file where the archive folder should be")
    result = run_cli("archive", src, "--archive", blocker / "arc")
    assert result.exit_code == 3
    assert "cannot create or write the archive" in result.output


def test_a_corrupt_database_exits_3_and_is_left_alone(tmp_path: Path, run_cli: RunCli) -> None:
    src = tmp_path / "src"
    write(src / "a.pdf", variant_pdf(1))
    root = tmp_path / "arc"
    garbage = b"SQLite format 3\x00" + b"\xff" * 8000
    write(root / arch.DATABASE, garbage)
    result = run_cli("archive", src, "--archive", root)
    assert result.exit_code == 3
    assert "database is unusable" in result.output
    assert (root / arch.DATABASE).read_bytes() == garbage
    for command in (["search", "x"], ["export"]):
        assert run_cli(*command, "--archive", root).exit_code == 3


def test_missing_source_is_a_usage_error(tmp_path: Path, run_cli: RunCli) -> None:
    result = run_cli("archive", tmp_path / "nope", "--archive", tmp_path / "arc")
    assert result.exit_code == 2
    assert not (tmp_path / "arc").exists()


# --- reading back ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("small")
    write(tmp / "src" / "dagsorden.pdf", SAMPLE.read_bytes())
    write(tmp / "src" / "a.pdf", variant_pdf(1))
    run(tmp / "arc", tmp / "src")
    return tmp / "arc"


def test_search_shows_meeting_item_and_highlighted_snippet(
    small_archive: Path, run_cli: RunCli
) -> None:
    result = run_cli("search", "SOSU", "--archive", small_archive)
    assert result.exit_code == 0, result.output
    assert "KKR Sjælland 2021-04-21 dagsorden" in result.output
    assert "2.6. Beslutningssag: Forhandling af ny femårig lærepladsaftale" in result.output
    assert "SOSU" in result.output
    assert "1 hit" in result.output
    for args, hits in [
        (["--kind", "Beslutningssag"], "1 hit"),
        (["--kind", "Temadrøftelse"], "0 hits"),
        (["--from", "2021-04-22"], "0 hits"),
        (["--to", "2021-04-21", "--body", "KKR Sjælland"], "1 hit"),
        (["--body", "KKR Nordjylland"], "0 hits"),
    ]:
        assert hits in run_cli("search", "SOSU", "--archive", small_archive, *args).output


@pytest.mark.parametrize(
    "query", ["-SOSU", "--SOSU", "a OR OR SOSU", "SOSU AND AND a", "SOSU OR NOT a", "a NOT NOT b"]
)
def test_whatever_is_typed_is_searched(small_archive: Path, run_cli: RunCli, query: str) -> None:
    # Issue 13: doubled operators were an fts5 syntax error, a leading dash an unknown option.
    result = run_cli("search", query, "--archive", small_archive)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


def test_search_rejects_a_date_that_is_not_one(small_archive: Path, run_cli: RunCli) -> None:
    result = run_cli("search", "SOSU", "--archive", small_archive, "--from", "21/4/2021")
    assert result.exit_code == 2


def test_search_without_an_archive_exits_3(tmp_path: Path, run_cli: RunCli) -> None:
    result = run_cli("search", "SOSU", "--archive", tmp_path / "none")
    assert result.exit_code == 3
    assert "no archive here" in result.output


def test_export_jsonl_and_csv_read_back_in_one_call(
    small_archive: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    pandas = pytest.importorskip("pandas")
    jsonl = tmp_path / "items.jsonl"
    result = run_cli("export", "--archive", small_archive, "--format", "jsonl", "-o", jsonl)
    assert result.exit_code == 0, result.output
    frame = pandas.read_json(jsonl, lines=True)
    with _Db(small_archive) as db:
        assert len(frame) == db["items"].count
    assert "SAG-2020-05887" in set(frame["case_number"])
    out = tmp_path / "sections.csv"
    run_cli(
        "export", "--archive", small_archive, "--format", "csv", "--table", "sections", "-o", out
    )
    sections = pandas.read_csv(out)
    assert {"body", "date", "item_number", "key", "text"} <= set(sections.columns)
    assert sections["text"].str.contains("SOSU-uddannelserne").any()


def test_export_to_stdout_and_an_unknown_table(small_archive: Path, run_cli: RunCli) -> None:
    result = run_cli("export", "--archive", small_archive, "--table", "meetings")
    assert result.exit_code == 0
    assert '"body": "KKR Sjælland"' in result.stdout
    assert run_cli("export", "--archive", small_archive, "--table", "nope").exit_code == 2


def test_reading_needs_no_lock(small_archive: Path, run_cli: RunCli) -> None:
    with arch.Archive(small_archive):
        assert run_cli("search", "SOSU", "--archive", small_archive).exit_code == 0


def test_the_cli_names_the_same_default_folder_and_tables_as_the_archive() -> None:
    # The CLI keeps its own copies so that `kkrparse parse` does not import sqlite-utils.
    import kkrparse.archive
    from kkrparse.cli import archive as cli_archive
    from kkrparse.cli import export as cli_export

    assert cli_archive.DEFAULT_ARCHIVE == kkrparse.archive.DEFAULT_ARCHIVE
    assert tuple(table.value for table in cli_export.ExportTable) == dbm.EXPORT_TABLES


LIGHT_IMPORT = """
import sys
import kkrparse.archive
heavy = ("sqlite_utils", "kkrparse.archive.store", "kkrparse.archive.db")
print([name for name in sys.modules if name.startswith(heavy)])
"""


def test_importing_the_archive_package_leaves_sqlite_utils_and_the_store_out() -> None:
    # In a fresh interpreter: this one has imported the store already.
    out = subprocess.run(
        [sys.executable, "-c", LIGHT_IMPORT], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]", out.stdout


# --- a full disk: every write failure ends with exit 3 and loses nothing ---------------------


def _three_documents(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    for n in range(3):
        write(src / f"d{n}.pdf", variant_pdf(n))
    return src


def _archive_cli(run_cli: RunCli, root: Path, *sources: Path) -> tuple[int, str]:
    result = run_cli("archive", *sources, "--archive", root, "--workers", "1")
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def _recovers(run_cli: RunCli, root: Path, src: Path) -> None:
    """Once there is room again, the next run archives everything, consistently."""
    code, output = _archive_cli(run_cli, root, src)
    assert code == 0, output
    assert check_consistent(root)["meetings"] == 3


@pytest.mark.parametrize("failing", ["put_meeting", "put_file"])
def test_a_failing_database_write_exits_3_and_loses_nothing(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    # Issue 13: "database or disk is full" during the commit was a traceback and exit 1.
    src = _three_documents(tmp_path)
    root = tmp_path / "archive"
    real = getattr(dbm, failing)
    calls = []

    def full(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 2:
            raise sqlite3.OperationalError("database or disk is full")
        return real(*args, **kwargs)

    monkeypatch.setattr(dbm, failing, full)
    code, output = _archive_cli(run_cli, root, src)
    assert code == 3, output
    assert "cannot write to the archive's database: database or disk is full" in output
    monkeypatch.setattr(dbm, failing, real)
    _recovers(run_cli, root, src)


def test_a_full_file_system_exits_3_and_loses_nothing(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A small tmpfs, filled to leave a little room: the run ends wherever the room ends (a
    copy, a JSON file, the database's commit) and the next run with room completes it."""
    if os.geteuid() != 0 or sys.platform != "linux":
        # Mounting needs root; elsewhere the injected failures above stand in for it.
        test_a_failing_database_write_exits_3_and_loses_nothing(
            tmp_path, run_cli, monkeypatch, "put_meeting"
        )
        return
    src = _three_documents(tmp_path)
    seen = set()
    # Room left, in KiB: 32 KiB steps through where the three copies, their JSON and the
    # database's write-ahead log run out (measured on tmpfs, where the commit fails at most
    # of these sizes and a file write at some).
    for room in range(0, 200, 32):
        fs = tmp_path / f"fs{room}"
        fs.mkdir()
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", fs], check=True)
        try:
            root = fs / "archive"
            write(tmp_path / "nothing" / "x.txt", "")
            assert _archive_cli(run_cli, root, tmp_path / "nothing")[0] == 0  # the database
            filler = fs / "filler"
            info = os.statvfs(fs)
            filler.write_bytes(b"\0" * max(0, info.f_bavail * info.f_frsize - room * 1024))
            code, output = _archive_cli(run_cli, root, src)
            assert code in (0, 3), output
            if code == 3:
                line = next(x for x in output.splitlines() if x.startswith("error: "))
                seen.add("database" if "database" in line else "file")
            filler.unlink()
            _recovers(run_cli, root, src)
        finally:
            _unmount(fs)
    assert "database" in seen  # the commit itself ran out of room at least once


def _unmount(fs: Path) -> None:
    """Unmount, waiting a little while a finished run's worker processes exit (they still
    hold the copies they read open for a moment after the run returns)."""
    deadline = time.monotonic() + 10
    while subprocess.run(["umount", fs], check=False, capture_output=True).returncode:
        if time.monotonic() > deadline:
            subprocess.run(["umount", fs], check=True)  # fails with umount's reason
        time.sleep(0.1)

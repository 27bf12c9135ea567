"""Export as pandas users expect it: item numbers stay text, lists stay lists, the format
follows the file name, typed data frames and Parquet, filters, and chunks of section text.

The archive holds two committed samples: KKR Sjælland 2021-04-21 (real text: SOSU, a case
number) and KKR Midtjylland 2021-05-27, whose items run to 2.15, so ``2.1`` and ``2.10``
are both there: a reader that makes item numbers floats gives duplicate pairs.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from fixtures_make import RunCli
from fixtures_make import write_file as write
from kkrparse.archive import EXPORT_TABLES, to_dataframe
from kkrparse.archive import export as ex
from kkrparse.archive import store as arch
from kkrparse.runner import Limits

ROOT = Path(__file__).resolve().parent.parent
SJAELLAND = ROOT / "samples" / "kkr-sjaelland-2021-04-21-dagsorden.pdf"
MIDTJYLLAND = ROOT / "samples" / "kkr-midtjylland-2021-05-27-dagsorden-items-to-2-15.pdf"
README = ROOT / "README.md"

pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("export")
    write(tmp / "src" / "sjaelland.pdf", SJAELLAND.read_bytes())
    write(tmp / "src" / "midtjylland.pdf", MIDTJYLLAND.read_bytes())
    with arch.Archive(tmp / "arc") as store:
        summary = store.run(
            [tmp / "src"], arch.ArchiveOptions(workers=2, limits=Limits(timeout=60))
        )
    assert summary.ok and summary.statuses == {"new": 2}
    return tmp / "arc"


def _db(archive: Path) -> sqlite_utils.Database:
    return sqlite_utils.Database(archive / arch.DATABASE)


def _pairs(archive: Path, table: str = "items") -> list[tuple[str, str]]:
    db = _db(archive)
    try:
        if table == "items":
            sql = "SELECT meeting_sha256, number FROM items"
        else:
            sql = (
                "SELECT s.meeting_sha256, i.number FROM sections s JOIN items i ON i.id = s.item_id"
            )
        return sorted(db.execute(sql).fetchall())
    finally:
        db.close()


def test_the_archive_has_2_1_and_2_10(archive: Path) -> None:
    numbers = {number for _, number in _pairs(archive)}
    assert {"2.1", "2.10", "2.15"} <= numbers


# --- the README's pandas recipe -----------------------------------------------------------------


def _readme_recipe() -> str:
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(import pandas as pd\n.*?)```", text, flags=re.S)
    assert len(blocks) == 1, "the README has one pandas recipe"
    return str(blocks[0])


def test_the_readme_pandas_recipe_round_trips_every_item_number(
    archive: Path, run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue "The archive as pandas users expect it": read_csv made 2.10 the float 2.1.
    for name, table in [
        ("items.csv", "items"),
        ("sections.csv", "sections"),
        ("items.jsonl", "items"),
        ("items.parquet", "items"),
    ]:
        result = run_cli("export", "--archive", archive, "--table", table, "-o", tmp_path / name)
        assert result.exit_code == 0, result.output
    monkeypatch.chdir(tmp_path)
    scope: dict[str, Any] = {}
    exec(_readme_recipe(), scope)
    expected = _pairs(archive)
    for frame in (scope["items"], scope["lines"], scope["typed"]):
        pairs = sorted(zip(frame["meeting_sha256"], frame["number"], strict=True))
        assert pairs == expected
        assert not frame.duplicated(["meeting_sha256", "number"]).any()
    sections = scope["sections"]
    assert sorted(zip(sections["meeting_sha256"], sections["item_number"], strict=True)) == _pairs(
        archive, "sections"
    )
    assert str(scope["items"]["date"].dtype).startswith("datetime64")


# --- lists are lists ---------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".jsonl", ".json"])
def test_recommendations_are_json_arrays(
    archive: Path, run_cli: RunCli, tmp_path: Path, suffix: str
) -> None:
    out = tmp_path / f"items{suffix}"
    assert run_cli("export", "--archive", archive, "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    rows = (
        json.loads(text) if suffix == ".json" else [json.loads(line) for line in text.splitlines()]
    )
    assert len(rows) == len(_pairs(archive))
    assert all(isinstance(row["recommendations"], list) for row in rows)
    assert any(row["recommendations"] for row in rows)
    assert all(isinstance(r, str) for row in rows for r in row["recommendations"])


# --- the format follows -o ------------------------------------------------------------------------


def test_a_csv_file_gets_csv(archive: Path, run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "items.csv"
    result = run_cli("export", "--archive", archive, "-o", out)
    assert result.exit_code == 0, result.output
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("body,date,document_type,")
    frame = pd.read_csv(out, dtype={"number": "string"})
    assert len(frame) == len(_pairs(archive))


@pytest.mark.parametrize("fmt", ["CSV", "Csv", "csv"])
def test_format_in_any_case(archive: Path, run_cli: RunCli, fmt: str) -> None:
    result = run_cli("export", "--archive", archive, "--format", fmt, "--table", "meetings")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith("sha256,body,date,")


def test_format_overrides_the_extension(archive: Path, run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "items.csv"
    assert run_cli("export", "--archive", archive, "--format", "jsonl", "-o", out).exit_code == 0
    json.loads(out.read_text(encoding="utf-8").splitlines()[0])


@pytest.mark.parametrize("name", ["items.txt", "items", "items.xlsx"])
def test_an_extension_that_names_no_format_is_a_usage_error(
    archive: Path, run_cli: RunCli, tmp_path: Path, name: str
) -> None:
    result = run_cli("export", "--archive", archive, "-o", tmp_path / name)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert "--format" in lines[0]
    assert not (tmp_path / name).exists()


def test_an_unknown_format_is_a_usage_error(archive: Path, run_cli: RunCli) -> None:
    result = run_cli("export", "--archive", archive, "--format", "xml")
    assert result.exit_code == 2
    assert "unknown format 'xml'" in result.output


def test_stdout_is_json_lines(archive: Path, run_cli: RunCli) -> None:
    result = run_cli("export", "--archive", archive)
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == len(_pairs(archive))
    assert run_cli("export", "--archive", archive, "--format", "parquet").exit_code == 2


# --- typed data frames and Parquet ---------------------------------------------------------------


def _assert_typed(frame: Any) -> None:
    assert str(frame["number"].dtype) in ("string", "str")
    assert "2.10" in set(frame["number"]) and "2.1" in set(frame["number"])
    assert str(frame["date"].dtype).startswith("datetime64") or isinstance(
        frame["date"].iloc[0], type(pd.Timestamp("2021-01-01").date())
    )
    for column in ("page_start", "page_end", "level", "position", "id"):
        assert str(frame[column].dtype) == "Int64", column
    assert isinstance(frame["recommendations"].iloc[0], list)


def test_to_dataframe_from_a_folder_or_a_database(archive: Path) -> None:
    frame = to_dataframe("items", archive=archive)
    _assert_typed(frame)
    assert str(frame["date"].dtype).startswith("datetime64")
    assert len(frame) == len(_pairs(archive))
    db = _db(archive)
    try:
        again = to_dataframe("items", archive=db)
    finally:
        db.close()
    assert again.equals(frame)


def test_to_dataframe_keeps_nulls_in_integer_columns(archive: Path) -> None:
    frame = to_dataframe("warnings", archive=archive)
    assert str(frame["page"].dtype) == "Int64"
    meetings = to_dataframe("meetings", archive=archive)
    assert str(meetings["page_count"].dtype) == "Int64"


def test_to_dataframe_without_pandas_names_the_extra(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    with pytest.raises(ex.ExportError, match=r"kkrparse\[pandas\]"):
        to_dataframe("items", archive=archive)


def test_parquet_keeps_the_types(archive: Path, run_cli: RunCli, tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    out = tmp_path / "items.parquet"
    result = run_cli("export", "--archive", archive, "-o", out)
    assert result.exit_code == 0, result.output
    frame = pd.read_parquet(out, dtype_backend="numpy_nullable")
    assert str(frame["number"].dtype) in ("string", "str")
    for column in ("page_start", "page_end", "level"):
        assert str(frame[column].dtype) == "Int64", column
    import pyarrow.parquet as pq

    schema = pq.read_schema(out)
    assert str(schema.field("date").type) == "date32[day]"
    recommendations = schema.field("recommendations").type
    assert pa.types.is_list(recommendations) and pa.types.is_string(recommendations.value_type)
    assert str(schema.field("page_start").type) == "int64"
    assert sorted(zip(frame["meeting_sha256"], frame["number"], strict=True)) == _pairs(archive)


# --- filters -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "bodies"),
    [
        ([], {"KKR Sjælland", "KKR Midtjylland"}),
        (["--body", "sjaelland"], {"KKR Sjælland"}),
        (["--body", "Midtjylland"], {"KKR Midtjylland"}),
        (["--from", "2021-05"], {"KKR Midtjylland"}),
        (["--to", "2021-04-21"], {"KKR Sjælland"}),
        (["--from", "2022"], set()),
    ],
)
@pytest.mark.parametrize("table", ["items", "sections", "meetings", "attachments"])
def test_export_takes_the_filters_search_takes(
    archive: Path, run_cli: RunCli, args: list[str], bodies: set[str], table: str
) -> None:
    result = run_cli("export", "--archive", archive, "--table", table, *args)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    if table == "attachments":
        db = _db(archive)
        try:
            names = dict(db.execute("SELECT sha256, body FROM meetings").fetchall())
        finally:
            db.close()
        found = {names[row["meeting_sha256"]] for row in rows}
    else:
        found = {row["body"] for row in rows}
    assert found == bodies


def test_kind_filter_keeps_meetings_with_such_items(archive: Path, run_cli: RunCli) -> None:
    items = run_cli("export", "--archive", archive, "--kind", "Beslutningssag")
    kinds = {json.loads(line)["kind"] for line in items.stdout.splitlines()}
    assert kinds == {"Beslutningssag"}
    meetings = run_cli("export", "--archive", archive, "--table", "meetings", "--kind", "nosuch")
    assert meetings.exit_code == 0
    assert meetings.stdout == ""


@pytest.mark.parametrize("table", [t for t in EXPORT_TABLES if t not in ("files", "failures")])
def test_every_table_under_a_meeting_can_be_filtered(
    archive: Path, run_cli: RunCli, table: str
) -> None:
    every = run_cli("export", "--archive", archive, "--table", table)
    assert every.exit_code == 0, every.output
    args = ["--body", "Sjælland", "--kind", "Beslutningssag", "--from", "2021", "--to", "2021"]
    some = run_cli("export", "--archive", archive, "--table", table, *args)
    assert some.exit_code == 0, some.output
    assert set(some.stdout.splitlines()) <= set(every.stdout.splitlines())


def test_a_bad_filter_is_a_usage_error(archive: Path, run_cli: RunCli) -> None:
    assert run_cli("export", "--archive", archive, "--from", "21/4/21").exit_code == 2
    result = run_cli("export", "--archive", archive, "--table", "files", "--body", "x")
    assert result.exit_code == 2
    assert "cannot be filtered" in result.output


# --- chunks --------------------------------------------------------------------------------------


_CHUNK_METADATA = {
    "council",
    "date",
    "document_type",
    "item_number",
    "item_title",
    "section_key",
    "page_start",
    "page_end",
    "case_number",
    "source_file",
    "sha256",
    "item_id",
    "chunk_index",
    "text",
}


def _chunks(run_cli: RunCli, archive: Path, *args: str) -> list[dict[str, Any]]:
    result = run_cli("export", "--archive", archive, "--format", "chunks", *args)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_chunks_carry_metadata_and_stay_under_the_limit(archive: Path, run_cli: RunCli) -> None:
    chunks = _chunks(run_cli, archive, "--chunk-chars", "300")
    assert chunks
    assert all(set(chunk) >= _CHUNK_METADATA for chunk in chunks)
    # Every chunk fits, or is one word that could not be cut.
    assert all(len(c["text"]) <= 300 or " " not in c["text"] for c in chunks)
    assert {c["council"] for c in chunks} == {"KKR Sjælland", "KKR Midtjylland"}
    assert "SAG-2020-05887" in {c["case_number"] for c in chunks}
    assert len({c["id"] for c in chunks}) == len(chunks)
    # The same text as the sections, in order, once the cuts are undone.
    db = _db(archive)
    try:
        texts = [
            " ".join(t.split())
            for (t,) in db.execute(
                "SELECT s.text FROM sections s JOIN items i ON i.id = s.item_id "
                "JOIN meetings m ON m.sha256 = s.meeting_sha256 "
                "ORDER BY m.date, m.sha256, i.position, s.position"
            )
            if t and t.strip()
        ]
    finally:
        db.close()
    joined: list[str] = []
    for chunk in chunks:
        if chunk["chunk_index"] == 0:
            joined.append("")
        joined[-1] = " ".join([joined[-1], chunk["text"]]).strip()
    assert [" ".join(t.split()) for t in joined] == texts


def test_chunks_are_deterministic_and_filtered(archive: Path, run_cli: RunCli) -> None:
    first = _chunks(run_cli, archive)
    assert first == _chunks(run_cli, archive)
    sjaelland = _chunks(run_cli, archive, "--body", "Sjælland")
    assert sjaelland == [c for c in first if c["council"] == "KKR Sjælland"]
    assert 0 < len(sjaelland) < len(first)


def test_chunk_text_cuts_at_paragraphs_then_sentences_never_in_a_word() -> None:
    paragraphs = [
        "KKR Sjælland godkender aftalen.",
        "Formandskabet foreslår, at KKR drøfter sagen. Det indstilles, at KKR tager orienteringen"
        " til efterretning, jf. bilag 2, kl. 10.00 i dag.",
        "Kort.",
    ]
    text = "\n\n".join(paragraphs)
    assert ex.chunk_text(text, 1000) == [text]
    pieces = ex.chunk_text(text, 80)
    # Small pieces are packed together; the second paragraph is cut after its first sentence.
    assert (
        pieces[0]
        == "KKR Sjælland godkender aftalen.\n\nFormandskabet foreslår, at KKR drøfter sagen."
    )
    assert pieces[1].startswith("Det indstilles")
    # "jf. bilag" and "kl. 10.00" are not sentence ends: the sentence fits in 100, uncut.
    second = (
        "Det indstilles, at KKR tager orienteringen til efterretning, jf. bilag 2, kl. 10.00 i dag."
    )
    assert ex.chunk_text(text, 100)[1] == f"{second}\n\nKort."
    words = text.split()
    for limit in (10, 25, 40, 80):
        pieces = ex.chunk_text(text, limit)
        assert [w for p in pieces for w in p.split()] == words
        assert all(len(p) <= limit or " " not in p for p in pieces)


def test_a_word_longer_than_the_limit_stays_whole() -> None:
    word = "Sundhedsaftalesamarbejdsorganisationen"
    assert ex.chunk_text(f"Om {word} i dag.", 10) == ["Om", word, "i dag."]


def test_the_cli_needs_no_sqlite_utils_to_start() -> None:
    # The export command imports the archive only when run (see kkrparse.cli.archive).
    code = (
        "import sys, kkrparse.cli; "
        "assert 'sqlite_utils' not in sys.modules and 'pandas' not in sys.modules"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    import subprocess

    subprocess.run([sys.executable, "-c", code], check=True, env=env)


def test_chunks_go_to_a_jsonl_file_and_the_cli_default_is_the_librarys(
    archive: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    from kkrparse.cli import export as command

    assert command._CHUNK_CHARS == ex.CHUNK_CHARS
    out = tmp_path / "chunks.jsonl"
    result = run_cli("export", "--archive", archive, "--format", "chunks", "-o", out)
    assert result.exit_code == 0, result.output
    assert [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] == (
        _chunks(run_cli, archive)
    )
    wrong = run_cli("export", "--archive", archive, "--format", "chunks", "-o", tmp_path / "c.csv")
    assert wrong.exit_code == 2
    assert not (tmp_path / "c.csv").exists()

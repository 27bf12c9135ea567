"""Search of an archive built from sample PDFs: boolean words per item, phrases, prefixes,
filters, JSON Lines, exit status as grep's, and the listings of what the archive holds."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from fixtures_make import RunCli
from fixtures_make import write_file as write
from kkrparse.archive import db as dbm
from kkrparse.archive import search as srch
from kkrparse.archive.filters import Filters
from test_archive import FAST, ROOT, run

SAMPLES = ROOT / "samples"
DOCUMENTS = (
    "kkr-sjaelland-2021-04-21-dagsorden.pdf",
    "kkr-nordjylland-2023-09-14-referat-beslutning-after-indstilling.pdf",
    "kkr-hovedstaden-2022-03-10-dagsorden-kl-style.pdf",
)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("search")
    for name in DOCUMENTS:
        write(tmp / "src" / name, (SAMPLES / name).read_bytes())
    summary = run(tmp / "arc", tmp / "src", options=FAST)
    assert summary.statuses == {"new": len(DOCUMENTS)}, summary.statuses
    return tmp / "arc"


@pytest.fixture
def db(archive: Path) -> sqlite_utils.Database:
    database = dbm.open_for_reading(archive / "archive.sqlite")
    yield database
    database.close()


def _found(db: sqlite_utils.Database, query: str, **kw: object) -> set[tuple[str | None, str]]:
    return {(h.body, h.number) for h in srch.search(db, query, **kw)}  # type: ignore[arg-type]


def _texts_with(db: sqlite_utils.Database, word: str) -> dict[int, set[str]]:
    """Item id → the sources of its texts that have ``word`` (by the index, as search)."""
    rows = db.execute(
        "SELECT t.item_id, t.source FROM item_texts_fts JOIN item_texts t "
        "ON t.id = item_texts_fts.rowid WHERE item_texts_fts MATCH ?",
        [f'"{word}"'],
    ).fetchall()
    found: dict[int, set[str]] = {}
    for item, source in rows:
        found.setdefault(item, set()).add(source)
    return found


def test_not_excludes_an_item_when_any_of_its_texts_has_the_word(
    db: sqlite_utils.Database,
) -> None:
    # 2.6 has SOSU in its heading and in sections without "forhandling"; "Forhandling" is
    # in its heading. Applied per text, NOT let the sections through.
    sosu = _texts_with(db, "SOSU")
    forhandling = _texts_with(db, "forhandling")
    both = set(sosu) & set(forhandling)
    assert both, "the fixture must have an item with both words"
    hits = srch.search(db, "SOSU NOT forhandling", limit=100)
    assert {h.item_id for h in hits} == set(sosu) - set(forhandling)
    assert not {h.item_id for h in hits} & both
    assert {h.item_id for h in srch.search(db, "SOSU forhandling", limit=100)} == both


def test_or_and_precedence_are_per_item(db: sqlite_utils.Database) -> None:
    sosu, covid = set(_texts_with(db, "SOSU")), set(_texts_with(db, "forhandling"))
    got = {h.item_id for h in srch.search(db, "SOSU OR forhandling", limit=1000)}
    assert got == sosu | covid
    # NOT binds tighter than OR: (SOSU NOT forhandling) OR forhandling.
    got = {h.item_id for h in srch.search(db, "SOSU NOT forhandling OR forhandling", limit=1000)}
    assert got == (sosu - covid) | covid


def test_quotes_make_a_phrase_whose_order_matters(db: sqlite_utils.Database) -> None:
    assert ("KKR Sjælland", "2.6") in _found(db, '"ny femårig lærepladsaftale"')
    assert _found(db, '"lærepladsaftale femårig ny"') == set()
    # Without quotes the words are only all required, in any order.
    assert ("KKR Sjælland", "2.6") in _found(db, "lærepladsaftale femårig ny")
    # A quote left open runs to the end of the query.
    assert ("KKR Sjælland", "2.6") in _found(db, '"ny femårig')


def test_a_star_makes_a_prefix(db: sqlite_utils.Database) -> None:
    assert _found(db, "lærepladsaft") == set()
    assert ("KKR Sjælland", "2.6") in _found(db, "lærepladsaft*")
    assert ("KKR Sjælland", "2.6") in _found(db, '"femårig lærepladsaft"*')


@pytest.mark.parametrize(
    "query",
    [
        "SOSU AND OR", "AND OR", "OR", "NOT", "*", "**", '"', '""', '"SOSU', 'SOSU"',
        "-SOSU", "--", "- SOSU", "SOSU\x00", "\x00", "SOSU NOT NOT NOT", "(SOSU", "SOSU)",
        "a:b", "^SOSU", "SOSU OR OR OR forhandling", "NOT SOSU", "'", '"*"', "* OR *",
    ],
)  # fmt: skip
def test_nothing_a_person_types_raises(
    db: sqlite_utils.Database, archive: Path, run_cli: RunCli, query: str
) -> None:
    srch.search(db, query)
    # After "--", as a shell user passes a query that could be an option ("--" itself).
    result = run_cli("search", "--archive", archive, "--", query)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output


def test_a_hit_names_where_the_item_is(db: sqlite_utils.Database) -> None:
    (hit,) = [h for h in srch.search(db, "SOSU") if h.number == "2.6"]
    row = db.execute(
        "SELECT i.id, i.title, i.case_number, i.page_start, m.filename, m.sha256, m.body, "
        "m.date, m.document_type FROM items i JOIN meetings m ON m.sha256 = i.meeting_sha256 "
        "WHERE i.id = ?",
        [hit.item_id],
    ).fetchone()
    assert (
        hit.item_id, hit.title, hit.case_number, hit.page, hit.filename,
        hit.meeting_sha256, hit.body, hit.date, hit.document_type,
    ) == row  # fmt: skip
    assert hit.filename == DOCUMENTS[0]
    assert hit.title and hit.page
    assert f"{srch.HIT_START}SOSU{srch.HIT_END}" in hit.snippet


def test_a_decision_is_searched_too(db: sqlite_utils.Database) -> None:
    row = db.execute(
        "SELECT item_id, text FROM item_texts WHERE source = 'decision' ORDER BY id LIMIT 1"
    ).fetchone()
    assert row is not None, "the referat must give a decision"
    item, text = row
    words = [w for w in text.split() if w.isalpha() and len(w) > 3][:3]
    assert item in {h.item_id for h in srch.search(db, " ".join(words), limit=1000)}


def test_filters_narrow_the_hits(db: sqlite_utils.Database) -> None:
    everywhere = srch.search(db, "kommunerne", limit=1000)
    councils = {h.body for h in everywhere}
    assert len(councils) >= 2, councils
    only = srch.search(db, "kommunerne", filters=Filters.parse(body="sjaelland"), limit=1000)
    assert only and {h.body for h in only} == {"KKR Sjælland"}
    in_2021 = srch.search(
        db, "kommunerne", filters=Filters.parse(date_from="2021", date_to="2021-04"), limit=1000
    )
    assert in_2021 and {h.date for h in in_2021} == {"2021-04-21"}
    kinds = {h.kind for h in everywhere if h.kind}
    kind = sorted(kinds)[0]
    plural = srch.search(db, "kommunerne", filters=Filters.parse(kind=kind.upper() + "ER"))
    assert plural and {h.kind for h in plural} == {kind}


def test_the_cli_exits_0_with_hits_and_1_without(archive: Path, run_cli: RunCli) -> None:
    found = run_cli("search", "SOSU", "--archive", archive)
    assert found.exit_code == 0, found.output
    assert "2.6. Beslutningssag: Forhandling af ny femårig lærepladsaftale" in found.output
    assert DOCUMENTS[0] in found.output
    none = run_cli("search", "SOSU NOT forhandling", "--archive", archive)
    assert none.exit_code == 1, none.output
    assert "0 hits" in none.output
    assert run_cli("search", "SOSU", "--archive", archive, "--body", "nordjylland").exit_code == 1
    assert run_cli("search", "SOSU", "--archive", archive, "--from", "2021-13").exit_code == 2


def test_search_help_says_what_the_exit_status_means(run_cli: RunCli) -> None:
    text = " ".join(run_cli("search", "--help").output.split())
    assert "0 when something was found, 1 when nothing was" in text


def test_json_lines_carry_every_field(archive: Path, run_cli: RunCli) -> None:
    result = run_cli("search", "SOSU", "--archive", archive, "--json")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert lines
    hit = next(h for h in lines if h["number"] == "2.6")
    assert set(hit) >= {
        "council", "date", "document_type", "number", "title", "case_number", "page",
        "filename", "sha256", "item_id", "snippet",
    }  # fmt: skip
    assert (hit["council"], hit["date"], hit["filename"]) == (
        "KKR Sjælland",
        "2021-04-21",
        DOCUMENTS[0],
    )
    assert "**SOSU**" in hit["snippet"]
    assert isinstance(hit["item_id"], int) and hit["item_id"] < 2**53


def _count(archive: Path, sql: str) -> list[tuple[str, int]]:
    con = sqlite3.connect(archive / "archive.sqlite")
    try:
        return [(str(a), b) for a, b in con.execute(sql).fetchall()]
    finally:
        con.close()


def test_list_counts_what_the_archive_holds(archive: Path, run_cli: RunCli) -> None:
    for what, sql in [
        ("bodies", "SELECT body, count(*) FROM meetings GROUP BY body"),
        ("years", "SELECT substr(date, 1, 4), count(*) FROM meetings GROUP BY 1"),
        ("kinds", "SELECT kind, count(*) FROM items WHERE kind IS NOT NULL GROUP BY kind"),
    ]:
        result = run_cli("list", what, "--archive", archive, "--json")
        assert result.exit_code == 0, result.output
        rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
        got = {(str(r["value"]), r["items" if what == "kinds" else "documents"]) for r in rows}
        assert set(_count(archive, sql)) <= got
    table = run_cli("list", "bodies", "--archive", archive)
    assert "KKR Nordjylland" in table.output and "KKR Sjælland" in table.output
    assert run_cli("list", "councils", "--archive", archive).exit_code == 2


def test_archive_stats_lists_tables_councils_and_years(archive: Path, run_cli: RunCli) -> None:
    result = run_cli("archive", "--stats", "--archive", archive)
    assert result.exit_code == 0, result.output
    assert "meetings" in result.output and "item_texts" in result.output
    assert "KKR Hovedstaden" in result.output and "2023" in result.output
    assert run_cli("archive", "--archive", archive).exit_code == 2

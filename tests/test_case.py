"""``kkrparse case``: every appearance of a case across meetings, in date order; items
without a case number only as possible matches, by title within the same body."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kkrparse.archive import politics
from kkrparse.archive import store as arch
from politics_fixtures import AGENDA, MINUTES, agenda, item, put, truth
from politics_fixtures import kkrparse_cli as _kkrparse

ROOT = Path(__file__).resolve().parent.parent
SJ = "KKR Sjælland"
OUTCOME = {"class": "approved", "evidence": "Godkendt", "amended": False}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The samples' meeting of 21-04-2021 and hand-made meetings around one case."""
    root = tmp_path_factory.mktemp("politics") / "arc"
    put(root, truth(AGENDA), "2021-04-22T08:00:00+00:00")
    put(root, truth(MINUTES), "2021-04-29T08:00:00+00:00")
    docs = [
        agenda("dagsorden", [
            item("3", "Busplan for Sjælland", case_number="SAG-2021-00123", page_start=4),
        ], body=SJ, date="2021-06-15"),
        agenda("referat", [
            item("2", "Busplan for Sjælland", case_number="Sag: SAG-2021-123",
                 decision="Godkendt.", decision_outcome=OUTCOME, kind="Beslutningssag"),
            item("4", "Busplan for Sjælland - høringssvar", page_start=6),  # no case number
            item("5", "Vejplan", case_number="2021-00123"),  # another scheme
        ], body=SJ, date="2021-06-15"),
        agenda("dagsorden", [item("1", "Busplan for Sjælland")], body="KKR Hovedstaden",
               date="2021-03-01"),  # the same title in another body
    ]  # fmt: skip
    for n, doc in enumerate(docs):
        put(root, doc, f"2021-06-{16 + n}T08:00:00+00:00")
    return root


def _rows(root: Path, case: str) -> list[tuple[object, ...]]:
    with arch.open_database(root) as db:
        found = politics.case_appearances(db, case)
    return [(r.date, r.document_type, r.number, r.outcome, r.score) for r in found]


def test_a_case_is_found_by_its_normalised_number_in_date_order(archive: Path) -> None:
    assert _rows(archive, "sag-2021-123") == [
        ("2021-06-15", "dagsorden", "3", None, None),
        ("2021-06-15", "referat", "2", "approved", None),
        ("2021-06-15", "referat", "4", None, 0.769),
    ]


def test_a_case_number_in_every_item_of_a_meeting_finds_each(archive: Path) -> None:
    rows = _rows(archive, "SAG-2020-5887")
    sure = [r for r in rows if r[4] is None]
    assert len(sure) == 30  # the items with a case number, 15 in each document
    assert {r[0] for r in rows} == {"2021-04-21"}


def test_an_unknown_case_or_none_at_all_finds_nothing(archive: Path) -> None:
    assert _rows(archive, "SAG-1999-00001") == []
    assert _rows(archive, "  ") == []


def test_the_archive_has_the_view(archive: Path) -> None:
    with arch.open_database(archive) as db:
        assert "case_appearances" in db.view_names()



def test_case_prints_one_line_per_appearance(archive: Path) -> None:
    done = _kkrparse("case", "SAG-2021-00123", "--archive", archive)
    assert done.returncode == 0, done.stderr
    assert done.stdout == EXPECTED
    assert done.stderr == "2 appearances, 1 possible\n"


EXPECTED = """\
2021-06-15  KKR Sjælland  dagsorden  3 Busplan for Sjælland  sjælland-2021-06-15-dagsorden.pdf p. 4
2021-06-15  KKR Sjælland  referat  2 Busplan for Sjælland  [Beslutningssag]  approved  sjælland-2021-06-15-referat.pdf p. 1
possible: no case number, a title like the case's, the same body
2021-06-15  KKR Sjælland  referat  4 Busplan for Sjælland - høringssvar  sjælland-2021-06-15-referat.pdf p. 6  score 0.77
"""


def test_case_json_lines_are_exact(archive: Path) -> None:
    done = _kkrparse("case", "SAG-2021-00123", "--archive", archive, "--json", "--no-possible")
    assert done.returncode == 0, done.stderr
    assert done.stdout == EXPECTED_JSON
    assert [json.loads(line)["number"] for line in done.stdout.splitlines()] == ["3", "2"]


EXPECTED_JSON = (
    '{"body": "KKR Sjælland", "date": "2021-06-15", "document_type": "dagsorden", "number": "3", "title": "Busplan for Sjælland", "kind": null, "case_number": "SAG-2021-00123", "outcome": null, "decision": null, "filename": "sjælland-2021-06-15-dagsorden.pdf", "page": 4, "sha256": "967854105f171cffbd6c0369bcae5fa88f3c0e1eed4e2219a5697144259dced0", "pdf_path": "pdf/96/967854105f171cffbd6c0369bcae5fa88f3c0e1eed4e2219a5697144259dced0.pdf", "score": null, "possible": false}\n'
    '{"body": "KKR Sjælland", "date": "2021-06-15", "document_type": "referat", "number": "2", "title": "Busplan for Sjælland", "kind": "Beslutningssag", "case_number": "Sag: SAG-2021-123", "outcome": "approved", "decision": "Godkendt.", "filename": "sjælland-2021-06-15-referat.pdf", "page": 1, "sha256": "17e267d03a07468ab90a155f71bebaee667416ed9e52e5bc2603a3b1b1fe69d6", "pdf_path": "pdf/17/17e267d03a07468ab90a155f71bebaee667416ed9e52e5bc2603a3b1b1fe69d6.pdf", "score": null, "possible": false}\n'
)


def test_case_not_found_exits_1_and_no_archive_exits_3(archive: Path, tmp_path: Path) -> None:
    done = _kkrparse("case", "SAG-1999-1", "--archive", archive)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", "0 appearances, 0 possible\n")
    done = _kkrparse("case", "SAG-1999-1", "--archive", tmp_path / "none")
    assert done.returncode == 3
    assert "no archive here" in done.stderr


def test_a_view_of_an_older_definition_is_replaced(tmp_path: Path) -> None:
    from kkrparse.archive import db as dbm

    root = tmp_path / "arc"
    put(root, truth(AGENDA), "2021-04-22T08:00:00+00:00")
    path = root / arch.DATABASE
    with arch.open_database(root) as db:
        db.execute("DROP VIEW case_appearances")
        db.execute("CREATE VIEW case_appearances AS SELECT id AS item_id FROM items")
        db.conn.commit()
    dbm.open_db(path).close()
    with arch.open_database(root) as db:
        assert "parent" in db["case_appearances"].columns_dict
        schema = db.execute("SELECT * FROM sqlite_master").fetchall()
        politics.ensure_schema(db)
        assert db.execute("SELECT * FROM sqlite_master").fetchall() == schema


def test_a_heading_over_sub_items_is_no_possible_match(archive: Path) -> None:
    """ "6 Punkter til næste møde" groups "6.1 Dagsordenspunkter til næste møde" (0.81)."""
    rows = _rows(archive, "SAG-2020-05887")
    assert [r for r in rows if r[4] is not None] == []

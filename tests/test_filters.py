"""Filters: date bounds from a year, month or day; body and kind matched as a person means."""

from __future__ import annotations

import sqlite3

import pytest

from kkrparse.archive.filters import BadFilterError, Filters, fold, kind_variants
from kkrparse.errors import KkrParseError


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        ("2021", "2021", ("2021-01-01", "2021-12-31")),
        ("2021-02", "2021-02", ("2021-02-01", "2021-02-28")),
        ("2020-02", "2020-02", ("2020-02-01", "2020-02-29")),
        ("2021-04-21", "2021-04-21", ("2021-04-21", "2021-04-21")),
        ("2021-4-1", " 2022 ", ("2021-04-01", "2022-12-31")),
    ],
)
def test_date_bounds_are_inclusive_iso_dates(
    low: str, high: str, expected: tuple[str, str]
) -> None:
    f = Filters.parse(date_from=low, date_to=high)
    assert (f.date_from, f.date_to) == expected


@pytest.mark.parametrize("bad", ["21", "april", "2021-13", "2021-02-30", "2021-04-21T10", "x\x00"])
def test_a_bad_date_raises_one_line(bad: str) -> None:
    with pytest.raises(BadFilterError) as info:
        Filters.parse(date_from=bad)
    assert isinstance(info.value, KkrParseError)
    assert "\n" not in str(info.value)


def test_from_after_to_raises() -> None:
    with pytest.raises(BadFilterError):
        Filters.parse(date_from="2022", date_to="2021")


def test_empty_text_is_no_filter() -> None:
    assert Filters.parse(body="  ", kind="", date_from=None).empty


def test_fold() -> None:
    assert fold("KKR  Sjælland") == "kkr sjaelland"
    assert fold("Ærø Østjylland Århus") == "aeroe oestjylland aarhus"


def test_kind_variants_cover_both_numbers() -> None:
    assert "beslutningssag" in kind_variants("Beslutningssager")
    assert "orienteringssager" in kind_variants("orienteringssag")
    assert "meddelelser" in kind_variants("Meddelelse")
    assert "meddelelse" in kind_variants("MEDDELELSER")


MEETINGS = [
    ("a", "KKR Sjælland", "2021-04-21"),
    ("b", "KKR Nordjylland", "2020-12-31"),
    ("c", "Økonomiudvalget", "2022-01-01"),
    ("d", "Teknik- og Miljøudvalget", "2021-06-01"),
    ("e", "Ærø Kommune 100%_", "2021-06-01"),
]
ITEMS = [
    ("a", "Beslutningssag"),
    ("b", "Orienteringssager"),
    ("c", "Meddelelser"),
    ("d", None),
    ("e", "Drøftelsessag"),
]


def _select(filters: Filters) -> list[str]:
    """The meetings a filter keeps, in a bare SQLite with nothing registered."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE meetings (sha256, body, date)")
    db.execute("CREATE TABLE items (meeting_sha256, kind)")
    db.executemany("INSERT INTO meetings VALUES (?, ?, ?)", MEETINGS)
    db.executemany("INSERT INTO items VALUES (?, ?)", ITEMS)
    where, params = filters.where("m", "i")
    rows = db.execute(
        f"SELECT m.sha256 FROM meetings m JOIN items i ON i.meeting_sha256 = m.sha256 "
        f"WHERE {where} ORDER BY m.sha256",
        params,
    )
    return [r[0] for r in rows]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("sjælland", ["a"]),
        ("SJAELLAND", ["a"]),
        ("kkr", ["a", "b"]),
        ("oekonomi", ["c"]),
        ("ØKONOMI", ["c"]),
        ("miljoe", ["d"]),
        ("aerø", ["e"]),
        ("100%_", ["e"]),
        ("%", ["e"]),
        ("_", ["e"]),
        ("aalborg", []),
    ],
)
def test_body_matches_part_of_the_name(body: str, expected: list[str]) -> None:
    assert _select(Filters.parse(body=body)) == expected


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("Beslutningssager", ["a"]),
        ("beslutningssag", ["a"]),
        ("orienteringssag", ["b"]),
        ("MEDDELELSE", ["c"]),
        ("droeftelsessager", ["e"]),
        ("sag", []),
    ],
)
def test_kind_matches_either_number_and_case(kind: str, expected: list[str]) -> None:
    assert _select(Filters.parse(kind=kind)) == expected


def test_dates_and_body_together() -> None:
    assert _select(Filters.parse(body="kkr", date_from="2021")) == ["a"]
    assert _select(Filters.parse(date_to="2020-12")) == ["b"]
    assert _select(Filters()) == ["a", "b", "c", "d", "e"]

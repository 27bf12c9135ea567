"""Meeting facts from the cover and the running header (stage: meeting)."""

from __future__ import annotations

import pytest
from tests.textdoc import STANDARD_BODY, TextItem, agenda_text

import kkrparse
from kkrparse.document import Line
from kkrparse.meeting import meeting_facts, parse_date, parse_times


def lines(*texts: str) -> list[Line]:
    return [
        Line(page=1, words=(), text=t, x0=0, x1=0, top=i, bottom=i + 1, size=None, bold=None)
        for i, t in enumerate(texts)
    ]


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("21-04-2021", "2021-04-21"),
        ("21. april 2021", "2021-04-21"),
        ("2021-04-21", "2021-04-21"),
        ("3.5.2022", "2022-05-03"),
        ("31-02-2021", None),
    ],
)
def test_dates(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    ("text", "times"),
    [
        ("kl. 10.00 - 12.30", ("10:00", "12:30")),
        ("kl. 9.30-12.30", ("09:30", "12:30")),
        ("kl. 15", ("15:00", None)),
        ("8.00 - 9.30", (None, None)),
    ],
)
def test_times_need_kl(text: str, times: tuple[str | None, str | None]) -> None:
    assert parse_times(text) == times


def test_minutes_title_with_attendance_absence_and_substitute() -> None:
    cover = lines(
        "Referat",
        "KKR Hovedstaden",
        "Dato: 3. maj 2022 kl. 9.30 - 11.00",
        "Sted: KL-huset, Weidekampsgade 10, 2300 København S",
        "Deltagere:",
        "Sophie Hæstorp Andersen (formand), Københavns Kommune",
        "Allan Andersen, næstformand, Region Hovedstaden",
        "Karin Jensen, Gribskov Kommune",
        "Afbud:",
        "Poul Poulsen, Hørsholm Kommune (supp. Lise Lund deltog)",
    )
    facts = meeting_facts(cover, [])
    assert (facts.body, facts.date, facts.start_time, facts.end_time, facts.minutes_title) == (
        "KKR Hovedstaden",
        "2022-05-03",
        "09:30",
        "11:00",
        True,
    )
    assert facts.location == "KL-huset, Weidekampsgade 10, 2300 København S"
    assert [(p.name, p.role, p.municipality, p.status) for p in facts.attendance] == [
        ("Sophie Hæstorp Andersen", "formand", "Københavns Kommune", "present"),
        ("Allan Andersen", "næstformand", "Region Hovedstaden", "present"),
        ("Karin Jensen", None, "Gribskov Kommune", "present"),
        ("Poul Poulsen", None, "Hørsholm Kommune", "absent"),
        ("Lise Lund", None, "Hørsholm Kommune", "substitute"),
    ]


def test_item_text_never_sets_meeting_facts() -> None:
    """Item 6.1 of a real agenda names the next meeting's date, time and place."""
    body = [
        *STANDARD_BODY[:3],
        "Baggrund",
        "Næste møde holdes den 8. juni 2021 kl. 9.30-12.30.",
        "Sted: Sørup Herregaard",
    ]
    agenda = kkrparse.parse_text(
        agenda_text(
            [TextItem("6", "Punkter til næste møde"), TextItem("6.1", "Dagsordenspunkter", body)]
        )
    )
    m = agenda.meeting
    assert (m.date, m.start_time, m.end_time, m.location) == ("2021-04-21", None, None, None)
    assert m.document_type == "dagsorden"


def test_a_running_header_naming_the_minutes_makes_a_referat() -> None:
    header = lines("Referat | KKR Syddanmark | 12-06-2023", "Referat | KKR Syddanmark | 12-06-2023")
    facts = meeting_facts([], header)
    assert (facts.body, facts.date, facts.minutes_title) == ("KKR Syddanmark", "2023-06-12", True)


def test_a_cover_with_its_own_date_time_and_place_lines() -> None:
    cover = lines(
        "Referat",
        "KKR Midtjylland",
        "Mødedato: 14-09-2022",
        "Mødetidspunkt: 09:30 - 12:00",
        "Mødested: Silkeborg Rådhus",
    )
    facts = meeting_facts(cover, [])
    assert (facts.date, facts.start_time, facts.end_time, facts.location) == (
        "2022-09-14",
        "09:30",
        "12:00",
        "Silkeborg Rådhus",
    )

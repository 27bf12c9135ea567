"""Meeting facts from the cover and the running header (stage: meeting)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest
from tests.textdoc import STANDARD_BODY, TextItem, agenda_text

import kkrparse
from kkrparse import build
from kkrparse.document import Line, Word
from kkrparse.meeting import (
    meeting_facts,
    parse_attendance,
    parse_date,
    parse_entry,
    parse_times,
)


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
    assert (m.date, m.start_time, m.end_time, m.location) == (dt.date(2021, 4, 21), None, None, None)
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


# -- attendance in the forms councils print ---------------------------------------------

#: Points per character and the line pitch of the made-up covers below.
CHAR, PITCH = 5.0, 12.0


def placed(
    rows: list[tuple[float, str | tuple[str, ...]]], *, bold: set[int] = frozenset()
) -> list[Line]:
    """Cover lines at the given tops; a tuple is one line set in columns 200 pt apart."""
    out = []
    for k, (top, cells) in enumerate(rows):
        words: list[Word] = []
        for c, cell in enumerate((cells,) if isinstance(cells, str) else cells):
            x = 70.0 + 200.0 * c
            for w in cell.split():
                words.append(Word(w, x, x + CHAR * len(w), top, top + 10, 10.0, k in bold))
                x += CHAR * (len(w) + 1)
        text = " ".join(w.text for w in words)
        out.append(
            Line(page=1, words=tuple(words), text=text, x0=words[0].x0, x1=words[-1].x1,
                 top=top, bottom=top + 10, size=10.0, bold=k in bold)
        )  # fmt: skip
    return out


def people(facts_lines: list[Line]) -> list[tuple[str, str | None, str | None, str | None, str]]:
    return [
        (p.name, p.role, p.municipality, p.party, p.status) for p in parse_attendance(facts_lines)
    ]


def test_edoc_cover_with_parties_an_empty_absent_heading_and_a_secretary() -> None:
    """The eDoc cover (Ballerup, 2012): title block, ``Tilstede`` with ``Name (A) - role``,
    ``Afbud/Fraværende`` with nothing under it, then ``Sekretær`` and a name."""
    cover = placed(
        [
            (300, "Referat"),
            (366, "Sundheds- og Forebyggelsesudvalget"),
            (380, "tirsdag den 4. december 2012, kl. 13:00"),
            (393, "i Mødecenter C, Lokale 32 på Ballerup Rådhus"),
            (420, "Åbent referat"),
            (457, "Tilstede"),
            (469, "Lolan Ottesen (A) - formand"),
            (481, "Grethe Larsen (A) - næstformand"),
            (493, "Birte Kramhøft (F)"),
            (542, "Afbud/Fraværende"),
            (603, "Sekretær"),
            (615, "Mie Helene Andresen"),
        ],
        bold={0, 1, 2, 3, 4, 5, 9, 10},
    )
    facts = meeting_facts(cover, [])
    assert (facts.body, facts.date, facts.start_time, facts.end_time, facts.location) == (
        "Sundheds- og Forebyggelsesudvalget",
        "2012-12-04",
        "13:00",
        None,
        "Mødecenter C, Lokale 32 på Ballerup Rådhus",
    )
    assert facts.minutes_title
    assert people(cover) == [
        ("Lolan Ottesen", "formand", None, "A", "present"),
        ("Grethe Larsen", "næstformand", None, "A", "present"),
        ("Birte Kramhøft", None, None, "F", "present"),
        ("Mie Helene Andresen", "sekretær", None, None, "other"),
    ]


def test_a_place_line_needs_the_date_line_above_it() -> None:
    cover = placed([(300, "Dagsorden"), (320, "Byrådet"), (340, "i øvrigt"), (360, "i Rådhuset")])
    assert meeting_facts(cover, []).location is None


@pytest.mark.parametrize(
    ("entry", "want"),
    [
        ("Anne Holm, Køge Kommune (formand)", ("Anne Holm", "formand", "Køge Kommune", None)),
        ("Anne Holm, formand, Køge Kommune", ("Anne Holm", "formand", "Køge Kommune", None)),
        ("Anne Holm (formand), Køge Kommune", ("Anne Holm", "formand", "Køge Kommune", None)),
        ("Anne Holm (SF) - formand", ("Anne Holm", "formand", None, "SF")),
        ("Anne Holm (V), Køge Kommune", ("Anne Holm", None, "Køge Kommune", "V")),
    ],
)
def test_entry_forms(entry: str, want: tuple[str, str | None, str | None, str | None]) -> None:
    (person,) = parse_entry(entry, "present")
    assert (person.name, person.role, person.municipality, person.party) == want


def test_heading_forms_give_their_status() -> None:
    cover = placed(
        [
            (100, "Deltagerfortegnelse"), (112, "Anne Holm, Køge Kommune"),
            (136, "Til stede:"), (148, "Bo Lund, Solrød Kommune"),
            (172, "Fraværende:"), (184, "Ida Juhl, Stevns Kommune"),
            (208, "Øvrige deltagere:"), (220, "Per Flor, KL"),
            (244, "Desuden deltog"), (256, "Eva Dahl, direktør"),
        ],
        bold={0, 2, 4, 6, 8},
    )  # fmt: skip
    assert [(p.name, p.status) for p in parse_attendance(cover)] == [
        ("Anne Holm", "present"),
        ("Bo Lund", "present"),
        ("Ida Juhl", "absent"),
        ("Per Flor", "other"),
        ("Eva Dahl", "other"),
    ]


def test_members_in_two_columns_read_down_each_column() -> None:
    cover = placed(
        [
            (100, "Deltagere:"),
            (112, ("Anne Holm, Køge Kommune", "Bo Lund, Solrød Kommune")),
            (124, ("Ida Juhl, Stevns Kommune", "Per Flor, Sorø Kommune")),
            (136, "Eva Dahl, Faxe Kommune"),
        ],
        bold={0},
    )
    assert [p.name for p in parse_attendance(cover)] == [
        "Anne Holm", "Ida Juhl", "Eva Dahl", "Bo Lund", "Per Flor"
    ]  # fmt: skip


def test_a_name_and_its_fields_set_as_a_table_are_one_entry() -> None:
    cover = placed([(100, "Deltagere:"), (112, ("Anne Holm", "formand", "Køge Kommune"))], bold={0})
    assert people(cover) == [("Anne Holm", "formand", "Køge Kommune", None, "present")]


def test_cover_boilerplate_after_the_absent_list_is_nobody() -> None:
    """The issue's real cover: one absent member, then KL's mission and vision text."""
    cover = placed(
        [
            (100, "Afbud:"),
            (112, "Poul Poulsen, Hørsholm Kommune"),
            (148, "Mission"),
            (160, "KL bidrager til at udvikle og fastholde et stærkt lokalt demokrati."),
            (172, "Kommunernes Landsforening"),
        ],
        bold={0, 2},
    )
    assert people(cover) == [("Poul Poulsen", None, "Hørsholm Kommune", None, "absent")]


def test_a_clear_vertical_gap_ends_a_list() -> None:
    cover = placed(
        [
            (100, "Deltagere:"),
            (112, "Anne Holm, Køge Kommune"),
            (124, "Bo Lund, Solrød Kommune"),
            (200, "Lars Larsen"),  # a signature far below, not a participant
        ],
        bold={0},
    )
    assert [p.name for p in parse_attendance(cover)] == ["Anne Holm", "Bo Lund"]


def test_an_empty_heading_gives_no_one() -> None:
    cover = placed(
        [(100, "Afbud/Fraværende"), (160, "Sekretær"), (172, "Mie Andresen")], bold={0, 1}
    )
    assert people(cover) == [("Mie Andresen", "sekretær", None, None, "other")]


def test_members_of_an_agenda_are_invited_and_of_minutes_present() -> None:
    cover = placed(
        [(100, "Medlemmer:"), (112, "Anne Holm, Køge Kommune"), (124, "Bo Lund, Faxe Kommune"),
         (148, "Afbud:"), (160, "Bo Lund, Faxe Kommune")],
        bold={0, 3},
    )  # fmt: skip
    facts = meeting_facts(cover, [])
    agenda = build.meeting_model(facts, [])
    assert agenda.document_type == "dagsorden"
    assert [(a.name, a.status) for a in agenda.attendance] == [
        ("Anne Holm", "invited"),
        ("Bo Lund", "absent"),  # listed twice: under Afbud, so not invited as well
    ]
    minutes = build.meeting_model(replace(facts, minutes_title=True), [])
    assert [(a.name, a.status) for a in minutes.attendance] == [
        ("Anne Holm", "present"),
        ("Bo Lund", "absent"),
    ]


def test_committed_1_1_json_still_loads(tmp_path: Path) -> None:
    """JSON written by schema 1.1 (no party, no per-item absent) validates in 1.2."""
    agenda = kkrparse.parse_text(agenda_text([TextItem("1", "Sager", STANDARD_BODY)]))
    old = agenda.model_dump(mode="json")
    old["schema_version"] = "1.1"
    for item in old["items"]:
        del item["absent"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    loaded = kkrparse.load(path)
    assert loaded.schema_version == "1.1"
    assert all(item.absent == [] for item in loaded.items)


# -- who did not take part in an item ------------------------------------------------------


def test_names_under_an_item_go_to_absent_not_to_its_text() -> None:
    body = [
        *STANDARD_BODY,
        "",
        "Beslutning",
        "Godkendt.",
        "",
        "Følgende deltog ikke i behandlingen af punktet:",
        "Per Mortensen (A)",
        "Doris Børger (A)",
    ]
    empty = [*STANDARD_BODY, "", "Beslutning", "Godkendt.", "",
             "Følgende deltog ikke i behandlingen af punktet:"]  # fmt: skip
    inline = [*STANDARD_BODY, "", "Beslutning", "Godkendt.", "",
              "Følgende deltog ikke i behandlingen af punktet: Per Mortensen (A), Bo Lund"]  # fmt: skip
    agenda = kkrparse.parse_text(
        agenda_text(
            [
                TextItem("1", "Sager"),
                TextItem("1.1", "Meddelelser", body),
                TextItem("1.2", "Orientering", empty),
                TextItem("1.3", "Status", inline),
            ]
        )
    )
    items = {i.number: i for i in agenda.items}
    assert items["1.1"].absent == ["Per Mortensen", "Doris Børger"]
    assert items["1.2"].absent == []
    assert items["1.3"].absent == ["Per Mortensen", "Bo Lund"]
    for item in (items["1.1"], items["1.2"], items["1.3"]):
        assert item.decision == "Godkendt."
        for section in item.sections:
            assert "Følgende deltog" not in section.text
            assert "Mortensen" not in section.text

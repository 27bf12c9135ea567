"""Running headers and footers: found by position and repetition, never by wording."""

from __future__ import annotations

import regex
from tests.textdoc import STANDARD_BODY, TextItem, agenda_text

import kkrparse

ITEMS = [
    TextItem("1", "Sager"),
    TextItem("1.1", "Godkendelse af dagsorden", STANDARD_BODY),
    TextItem("2", "Andre sager"),
    TextItem("2.1", "Meddelelser", STANDARD_BODY),
]


def removed(text: str) -> set[str]:
    agenda = kkrparse.parse_text(text)
    assert agenda.evidence is not None
    return {r.text for r in agenda.evidence.removed_lines}


def test_header_and_page_numbers_are_removed_and_kept_as_evidence() -> None:
    assert removed(agenda_text(ITEMS)) == {
        "KKR Sjælland | 21-04-2021",
        "SIDE | 2",
        "SIDE | 3",
        "SIDE | 4",
    }


def test_footer_side_n_af_m_is_a_running_line() -> None:
    text = regex.sub(r"SIDE  \|  (\d+)", r"Side \1 af 4", agenda_text(ITEMS))
    assert {"Side 2 af 4", "Side 3 af 4"} <= removed(text)


def test_printed_page_numbers_offset_from_physical_pages_are_running_lines() -> None:
    text = regex.sub(r"SIDE  \|  (\d+)", lambda m: f"SIDE | {int(m[1]) - 2}", agenda_text(ITEMS))
    assert {"SIDE | 0", "SIDE | 1", "SIDE | 2"} <= removed(text)


def test_a_body_line_repeating_on_pages_is_kept_when_its_numbers_do_not_follow_pages() -> None:
    """Two level-1 headings 'N. Sager' on pages N+2 look alike once digits are masked."""
    items = [
        TextItem("1", "Sager"),
        TextItem("1.1", "A", STANDARD_BODY),
        TextItem("2", "Sager"),
        TextItem("2.1", "B", STANDARD_BODY),
    ]
    agenda = kkrparse.parse_text(agenda_text(items))
    assert [i.number for i in agenda.items] == ["1", "1.1", "2", "2.1"]


def test_the_header_wording_is_not_hard_coded() -> None:
    text = agenda_text(ITEMS).replace("KKR Sjælland  | 21-04-2021", "KKR Nordjylland · 3. maj 2022")
    agenda = kkrparse.parse_text(text)
    assert agenda.meeting.body == "KKR Nordjylland"
    assert agenda.meeting.date == "2022-05-03"
    assert "KKR Nordjylland · 3. maj 2022" in removed(text)

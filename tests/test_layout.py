"""Running headers and footers: found by position and repetition, never by wording."""

from __future__ import annotations

import regex
from tests.textdoc import STANDARD_BODY, TextItem, agenda_text

import kkrparse
from kkrparse.document import RawPage, Word
from kkrparse.layout import group_lines

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


def _words_at(*spec: tuple[str, float, float]) -> tuple[Word, ...]:
    """Words on one line from (text, x0, x1), 10 pt."""
    return tuple(Word(t, x0, x1, 100.0, 110.0, 10.0, False) for t, x0, x1 in spec)


def test_a_line_end_hyphen_set_a_little_apart_belongs_to_its_word() -> None:
    # LibreOffice, justified: "sup" ... a 1.6 pt gap ... "-" at the right margin.
    page = RawPage(
        1, 595, 842, _words_at(("godt", 70, 90), ("sup", 93, 108.5), ("-", 110.1, 113.5))
    )
    assert [ln.text for ln in group_lines(page, fonts_known=True)] == ["godt sup-"]


def test_a_dash_standing_alone_at_the_line_end_keeps_its_space() -> None:
    page = RawPage(1, 595, 842, _words_at(("Sjælland", 70, 110), ("-", 112.6, 116)))
    assert [ln.text for ln in group_lines(page, fonts_known=True)] == ["Sjælland -"]
    # The same gap inside the line is a space whatever follows.
    page = RawPage(1, 595, 842, _words_at(("sup", 93, 108.5), ("-", 110.1, 113.5), ("x", 116, 120)))
    assert [ln.text for ln in group_lines(page, fonts_known=True)] == ["sup - x"]


def test_page_numbers_of_one_and_two_digits_are_one_running_line() -> None:
    # Ten pages: "SIDE | 10", alone with two digits, is a running line like "SIDE | 9".
    text = agenda_text([TextItem(str(n), f"Sag nummer {n}", STANDARD_BODY) for n in range(1, 9)])
    agenda = kkrparse.parse_text(text)
    assert agenda.source.page_count == 10
    assert all("SIDE" not in s.text for i in agenda.items for s in i.sections)

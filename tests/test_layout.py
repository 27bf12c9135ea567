"""Running headers and footers: found by position and repetition, never by wording."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import regex
from tests.pdfdoc import (
    MarginLine,
    build_columns_pdf,
    build_letter_spaced_pdf,
    build_pdf,
    toc_page,
)
from tests.textdoc import STANDARD_BODY, TextItem, agenda_text

import kkrparse
from kkrparse import pipeline
from kkrparse.document import RawPage, Word
from kkrparse.extract import read_pdf
from kkrparse.layout import group_lines, read_columns
from kkrparse.models import Agenda
from kkrparse.options import ParseOptions

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
    assert agenda.meeting.date == datetime.date(2022, 5, 3)
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


# --- running blocks in made-in-code PDFs ---------------------------------------------------

COVER = ["# Dagsorden", "KKR Sjælland"]
TOC = toc_page(
    [
        ("1", "Sager", 3),
        ("1.1", "Beslutningssag: Rammeaftale om danskuddannelse", 3),
        ("1.2", "Orienteringssag: Status på uddannelsesområdet", 4),
        ("1.3", "Orienteringssag: Nyt fra kommunerne", 5),
        ("1.4", "Godkendelse af referat", 6),
    ]
)


def body_pages(first_lines: Sequence[str] = ("", "", "", "")) -> list[list[str]]:
    """Four body pages, one item each; ``first_lines`` opens each page's body."""
    items = [
        ["# 1. Sager", "", "# 1.1. Beslutningssag: Rammeaftale om danskuddannelse"],
        ["# 1.2. Orienteringssag: Status på uddannelsesområdet"],
        ["# 1.3. Orienteringssag: Nyt fra kommunerne"],
        ["# 1.4. Godkendelse af referat"],
    ]
    return [
        [first, *item, f"SAG-2021-0000{k} adr", "", "* Baggrund", "Kommunerne har drøftet sagen."]
        if first
        else [*item, f"SAG-2021-0000{k} adr", "", "* Baggrund", "Kommunerne har drøftet sagen."]
        for k, (first, item) in enumerate(zip(first_lines, items, strict=True), start=1)
    ]


def block_agenda(
    block: Sequence[MarginLine], body_top: float, pages: list[list[str]] | None = None
) -> Agenda:
    data = build_pdf(
        [COVER, TOC, *(pages or body_pages())],
        header=None,
        page_label=None,
        header_on_first=True,
        margin_lines=block,
        body_top=body_top,
    )
    return kkrparse.parse_pdf(data)


def item_texts(agenda: Agenda) -> str:
    out: list[str] = []
    for item in agenda.items:
        out += [item.heading, item.decision or "", *item.attachments]
        out += [s.text for s in item.sections]
    return "\n".join(out)


def removed_pdf(agenda: Agenda) -> list[tuple[int, str]]:
    assert agenda.evidence is not None
    return [(r.page, r.text) for r in agenda.evidence.removed_lines]


#: eDoc's header block: committee, document type, open/closed, date, page; right-aligned,
#: the last line far below the top band.
EDOC_BLOCK = (
    MarginLine("Sundheds- og Forebyggelsesudvalget", 86, font="Helvetica-Bold"),
    MarginLine("Referat", 108),
    MarginLine("Åbent referat", 117.6),
    MarginLine("Dato: 04.12.2012", 127.2),
    MarginLine("Side {n}", 136.8),
)


def test_a_right_aligned_five_line_block_with_date_and_page_is_removed() -> None:
    agenda = block_agenda(EDOC_BLOCK, body_top=190)
    texts = item_texts(agenda)
    assert [i.number for i in agenda.items] == ["1", "1.1", "1.2", "1.3", "1.4"]
    for leak in ("Referat", "Åbent referat", "Dato:", "Side ", "Forebyggelsesudvalget"):
        assert leak not in texts
    removed = removed_pdf(agenda)
    for n in range(1, 7):
        assert [t for p, t in removed if p == n] == [
            "Sundheds- og Forebyggelsesudvalget",
            "Referat",
            "Åbent referat",
            "Dato: 04.12.2012",
            f"Side {n}",
        ]
    # The meeting's facts are read from the removed block.
    assert agenda.meeting.date == datetime.date(2012, 12, 4)
    assert agenda.meeting.document_type == "referat"


def test_a_block_line_whose_text_varies_from_page_to_page_is_removed() -> None:
    """A block of a constant line, a line that changes (the part of the document), and the
    page number: the changing line sits in the block's place and font on every page."""
    parts = ("Forside", "Indhold", "Første del", "Anden del", "Tredje del", "Afslutning")
    block = (
        MarginLine("KKR Sjælland", 30),
        MarginLine("", 40, by_page=parts),
        MarginLine("Side {n} af {total}", 50),
    )
    agenda = block_agenda(block, body_top=90)
    texts = item_texts(agenda)
    for word in (*parts, "KKR Sjælland", "Side "):
        assert word not in texts
    removed = removed_pdf(agenda)
    assert [t for _, t in removed if t in parts] == list(parts)
    assert {(3, "Side 3 af 6"), (6, "Side 6 af 6")} <= set(removed)


def test_a_varying_line_stays_when_the_block_runs_into_the_body() -> None:
    """Without a clear gap between block and body, the line under the block's running
    lines on every page is the body's first line, not a field of the block."""
    block = (MarginLine("KKR Sjælland", 30, align="left"), MarginLine("Side {n}", 42, align="left"))
    firsts = ("Første linje.", "Anden linje.", "Tredje linje.", "Fjerde linje.")
    agenda = block_agenda(block, body_top=55, pages=body_pages(firsts))
    texts = item_texts(agenda)
    removed = {t for _, t in removed_pdf(agenda)}
    assert {"KKR Sjælland", "Side 3", "Side 6"} <= removed
    for first in firsts[1:]:
        assert first in texts and first not in removed


def test_footers_side_n_af_m_and_n_of_m_are_removed() -> None:
    for footer, expect in (
        ("Side {n} af {total}", "Side {n} af 6"),
        ("{n} of {total}", "{n} of 6"),
    ):
        agenda = block_agenda((MarginLine(footer, -40, align="center"),), body_top=90)
        removed = removed_pdf(agenda)
        assert [(p, t) for p, t in removed] == [(n, expect.format(n=n)) for n in range(1, 7)]
        assert "of 6" not in item_texts(agenda) and "af 6" not in item_texts(agenda)


def test_a_two_line_footer_block_with_a_varying_date_is_removed() -> None:
    """A footer of a page number over a print date that changes: the date is a field."""
    dates = tuple(f"Udskrevet {d}. maj 2022" for d in (2, 3, 3, 4, 5, 9))
    block = (
        MarginLine("Side {n}", -52, align="left"),
        MarginLine("", -40, align="left", by_page=dates),
    )
    agenda = block_agenda(block, body_top=90)
    removed = removed_pdf(agenda)
    assert [t for _, t in removed] == [x for n in range(6) for x in (f"Side {n + 1}", dates[n])]
    assert "Udskrevet" not in item_texts(agenda)


def test_a_body_line_that_repeats_on_many_pages_but_not_in_one_place_stays() -> None:
    """The committee's name opens the block and is body text too: on every body page, at
    a different height, in body font. Only the block's copy is a running line."""
    again = "Sundheds- og Forebyggelsesudvalget"
    pages = [
        [*page[:-1], *["Tekst."] * k, again, page[-1]]
        for k, page in enumerate(body_pages(), start=1)
    ]
    agenda = block_agenda(EDOC_BLOCK, body_top=190, pages=pages)
    assert item_texts(agenda).count(again) == 4
    assert [t for _, t in removed_pdf(agenda)].count(again) == 6


def test_a_one_page_document_keeps_its_lines_but_not_its_page_number() -> None:
    """With one page nothing repeats, so no header can be told from a title: only a line
    that is nothing but the page's own number in a band (``Side 1 af 1``) is removed."""
    page = ["# 1. Sager", "", "# 1.1. Beslutningssag: Rammeaftale om danskuddannelse"]
    page += ["SAG-2021-00001 adr", "", "* Baggrund", "Kommunerne har drøftet sagen."]
    data = build_pdf(
        [page],
        header="Sundheds- og Forebyggelsesudvalget",
        page_label=None,
        footer="Side {n} af {total}",
        header_on_first=True,
    )
    agenda = kkrparse.parse_pdf(data)
    assert removed_pdf(agenda) == [(1, "Side 1 af 1")]
    assert [i.number for i in agenda.items] == ["1", "1.1"]


# --- columns and letter spacing ---------------------------------------------------------

#: Two columns of running text; the first column's last line ends in a line-end hyphen
#: whose word goes on at the top of the second column.
LEFT_COLUMN = [
    "Kommunerne vil styrke indsatsen for",
    "de ældre medicinske patienter og for",
    "borgere med kroniske sygdomme, så",
    "flere kan behandles i eget hjem og",
    "færre bliver indlagt på sygehusene.",
    "Det kræver en ny prioritering i sundheds-",
]
RIGHT_COLUMN = [
    "væsenet, hvor kommunerne har en større",
    "rolle end i dag, og hvor almen praksis",
    "og sygehusene arbejder sammen med",
    "kommunerne om de samme patienter og",
    "om en fælles plan for hver borger i",
    "det nære sundhedsvæsen fra næste år.",
]


def page_lines(data: bytes, engine: str = "pdfium") -> list[str]:
    raw = read_pdf(data, engine=engine, max_pages=None)  # type: ignore[arg-type]
    page = raw.pages[0]
    return [ln.text for ln in read_columns(page, group_lines(page, True), True)]


def test_two_columns_are_read_column_by_column() -> None:
    data = build_columns_pdf([LEFT_COLUMN, RIGHT_COLUMN], heading="Det nære sundhedsvæsen")
    lines = page_lines(data)
    assert lines == ["Det nære sundhedsvæsen", *LEFT_COLUMN, *RIGHT_COLUMN]
    assert page_lines(data, "pdfplumber") == lines


def test_a_hyphen_at_a_column_end_is_followed_by_the_next_columns_first_word() -> None:
    """Read across the columns, ``sundheds-`` would meet ``rolle`` on the next column's
    second line and be joined with it; read by column it meets ``væsenet``."""
    trace = pipeline.trace_pdf(build_columns_pdf([LEFT_COLUMN, RIGHT_COLUMN]), ParseOptions())
    lines = [ln.text for p in trace.pages for ln in p.lines]
    end = lines.index(LEFT_COLUMN[-1])
    assert lines[end + 1] == RIGHT_COLUMN[0]


def test_a_page_of_a_table_or_a_toc_is_not_read_as_columns() -> None:
    """Short cells on the right (a TOC's page numbers) are not a column of running text."""
    left = [f"{n}. Kapitel om emnet nummer {n}" for n in range(1, 9)]
    right = [str(3 + 4 * n) for n in range(8)]
    lines = page_lines(build_columns_pdf([left, right], gutter=120))
    assert lines == [f"{a} {b}" for a, b in zip(left, right, strict=True)]


def test_a_letter_spaced_heading_is_read_as_words() -> None:
    data = build_letter_spaced_pdf("Det nære sundhedsvæsen", ["Kommunerne vil styrke indsatsen."])
    for engine in ("pdfium", "pdfplumber"):
        assert page_lines(data, engine) == [
            "Det nære sundhedsvæsen",
            "Kommunerne vil styrke indsatsen.",
        ]


def test_single_letters_set_apart_by_spaces_stay_apart() -> None:
    data = build_letter_spaced_pdf("a b c d e", ["Punkterne a b c d e er drøftet."], spacing=0)
    assert page_lines(data) == ["a b c d e", "Punkterne a b c d e er drøftet."]


def test_words_off_the_page_do_not_break_the_column_search() -> None:
    """Found by the mutation fuzz test: a damaged file put words beyond the page's right
    edge (and left of 0), and the gutter search indexed past its array."""
    from kkrparse.document import Line, Word
    from kkrparse.layout import _gutters

    def line(top: float, x0: float, x1: float) -> Line:
        words = tuple(
            Word(f"w{k}", x0 + k * (x1 - x0) / 4, x0 + (k + 0.8) * (x1 - x0) / 4, top, top + 9, 9.0, False)
            for k in range(4)
        )
        return Line(1, words, " ".join(w.text for w in words), x0, x1, top, top + 9, 9.0, False)

    lines = [line(100 + 12 * k, -50.0 if k % 2 else 72.0, 900.0 + 40 * k) for k in range(8)]
    assert isinstance(_gutters(lines, 595.0), list)


def test_lines_read_from_a_column_know_where_the_column_ends() -> None:
    """Each column's lines carry the column's own right edge, the end of its widest line:
    the body's right margin says nothing about a column left of it."""
    raw = read_pdf(build_columns_pdf([LEFT_COLUMN, RIGHT_COLUMN]), engine="pdfium", max_pages=None)
    page = raw.pages[0]
    lines = read_columns(page, group_lines(page, True), True)
    left = [ln for ln in lines if ln.text in LEFT_COLUMN]
    right = [ln for ln in lines if ln.text in RIGHT_COLUMN]
    assert {ln.right_edge for ln in left} == {max(ln.x1 for ln in left)}
    assert {ln.right_edge for ln in right} == {max(ln.x1 for ln in right)}
    assert max(ln.x1 for ln in left) < min(ln.x0 for ln in right)


def test_a_line_of_the_left_column_did_not_end_early_for_the_body_margin() -> None:
    """Regression: on a two-column page of a one-column document (an item's case
    presentation set in two columns), every full line of the left column ends far short of
    the body's right margin; measured against it, each looked like a paragraph's end and
    the paragraph fell apart line by line. A column line is measured against its column."""
    from kkrparse.document import Line, Metrics
    from kkrparse.paragraphs import _ends_early

    def line(text: str, x0: float, x1: float, top: float, right: float | None) -> Line:
        word = Word(text, x0, x1, top, top + 10, 10.5, False)
        return Line(1, (word,), text, x0, x1, top, top + 10, 10.5, False, right_edge=right)

    metrics = Metrics(pitch=15, right_edge=470, space_width=2.4, body_size=10.5, body_top=80)
    full = line("terede projekter. Særligt betydeligt er,", 113, 281, 100, 281)
    nxt = line("at", 113, 121, 115, 281)
    assert not _ends_early(full, nxt, metrics, fonts_known=True)
    short = line("teringen.", 113, 152, 100, 281)
    assert _ends_early(short, nxt, metrics, fonts_known=True)
    # The same line without its column's edge is judged by the body's margin.
    assert _ends_early(line(full.text, 113, 281, 100, None), nxt, metrics, fonts_known=True)

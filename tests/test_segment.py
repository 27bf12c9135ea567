"""Heading detection and sectioning, on text agendas built in the test (fonts unknown)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.pdfdoc import build_placed_pdf
from tests.textdoc import STANDARD_BODY, TextItem, agenda_text, page

import kkrparse


def numbers(text: str) -> list[str]:
    return [i.number for i in kkrparse.parse_text(text).items]


def test_numbered_lists_in_body_text_are_not_items() -> None:
    items = [
        TextItem("1", "Godkendelse af dagsorden og referat"),
        TextItem("1.1", "Godkendelse af dagsorden", STANDARD_BODY),
        TextItem("2", "Regionalpolitiske sager"),
        TextItem("2.1", "Beslutningssag: Rammeaftale om danskuddannelse", STANDARD_BODY),
    ]
    assert numbers(agenda_text(items)) == ["1", "1.1", "2", "2.1"]


def test_sections_case_line_and_kind() -> None:
    items = [
        TextItem("1", "Sager"),
        TextItem("1.1", "Beslutningssag: Rammeaftale om danskuddannelse", STANDARD_BODY),
    ]
    agenda = kkrparse.parse_text(agenda_text(items))
    item = agenda.items[1]
    assert (item.kind, item.title) == ("Beslutningssag", "Rammeaftale om danskuddannelse")
    assert (item.case_number, item.case_officer) == ("SAG-2020-05887", "adr")
    assert [s.key for s in item.sections] == ["baggrund", "indstilling", "sagsfremstilling"]
    assert item.recommendations == ["Det indstilles, at KKR Sjælland godkender dagsorden."]
    assert item.sections[2].text == (
        "Dagsordenerne er opdelt i:\n\n1. Temadrøftelser\n2. Beslutningssager\n3. Orienteringssager"
    )


def test_toc_entry_without_heading_is_reported() -> None:
    items = [TextItem("1", "Sager"), TextItem("1.1", "Meddelelser", STANDARD_BODY)]
    text = agenda_text(items).replace("1.1. Meddelelser\n", "Meddelelser\n")
    agenda = kkrparse.parse_text(text)
    assert [i.number for i in agenda.items] == ["1"]
    assert "toc_entry_without_heading" in {w.code for w in agenda.warnings}


def test_without_toc_numbering_decides_and_a_warning_says_so() -> None:
    items = [
        TextItem("1", "Godkendelse af dagsorden"),
        TextItem("1.1", "Godkendelse af dagsorden", STANDARD_BODY),
        TextItem("1.2", "Godkendelse af referat", STANDARD_BODY),
    ]
    agenda = kkrparse.parse_text(agenda_text(items, toc=False))
    assert [i.number for i in agenda.items] == ["1", "1.1", "1.2"]
    assert "no_toc" in {w.code for w in agenda.warnings}


titles = st.text(alphabet="abcdefghijklmnoprstuvyæøå ", min_size=5, max_size=40).map(
    lambda s: "Sag om " + " ".join(s.split())
)


@settings(max_examples=25, deadline=None)
@given(
    shape=st.lists(st.integers(min_value=0, max_value=4), min_size=1, max_size=5),
    data=st.data(),
)
def test_items_are_found_exactly_whatever_the_numbering_shape(
    shape: list[int], data: st.DataObject
) -> None:
    """Invariant: every TOC item is found, once, in order, and no body list is an item."""
    items: list[TextItem] = []
    for major, subs in enumerate(shape, start=1):
        items.append(TextItem(str(major), data.draw(titles)))
        for minor in range(1, subs + 1):
            items.append(TextItem(f"{major}.{minor}", data.draw(titles), STANDARD_BODY))
    assert numbers(agenda_text(items)) == [it.number for it in items]


def test_a_label_with_its_text_on_the_same_line() -> None:
    body = [*STANDARD_BODY[:7], "", "Beslutning: Godkendt uden bemærkninger."]
    agenda = kkrparse.parse_text(
        agenda_text([TextItem("1", "Sager"), TextItem("1.1", "Dagsorden", body)])
    )
    item = agenda.items[1]
    assert [s.key for s in item.sections] == ["baggrund", "indstilling", "beslutning"]
    assert item.sections[2].heading == "Beslutning:"
    assert item.decision == "Godkendt uden bemærkninger."
    assert agenda.meeting.document_type == "referat"


def test_a_sentence_ending_with_the_word_bilag_on_its_own_line_is_not_a_label() -> None:
    """Regression: 'Visionspapiret er vedlagt som' / 'bilag.' opened a bilag section."""
    body = [
        *STANDARD_BODY[:9],
        "Visionspapiret er vedlagt som",
        "bilag.",
        "",
        "Vedlagte bilag:",
        "– Vision",
    ]
    agenda = kkrparse.parse_text(
        agenda_text([TextItem("1", "Sager"), TextItem("1.1", "Vision", body)])
    )
    item = agenda.items[1]
    assert [s.key for s in item.sections] == [
        "baggrund",
        "indstilling",
        "sagsfremstilling",
        "vedlagte_bilag",
    ]
    assert item.attachments == ["Vision"]


def test_toc_on_two_pages_with_a_wrapped_entry() -> None:
    title = "Orienteringssag: Meddelelser fra KKR-udpegede i centrale politiske udvalg"
    items = [
        TextItem("1", "Sager"),
        TextItem("1.1", title, STANDARD_BODY),
        TextItem("2", "Andre sager"),
        TextItem("2.1", "Meddelelser", STANDARD_BODY),
    ]
    pages = agenda_text(items).split("\f")
    body_pages = [
        p.replace(f"SIDE  |  {n}", f"SIDE  |  {n + 1}")
        for n, p in zip((3, 4), pages[2:4], strict=True)
    ]
    toc1 = page(
        [
            "1. Sager " + "." * 60 + " 4",
            "1.1. Orienteringssag: Meddelelser fra KKR-udpegede i centrale poli-",
        ],
        2,
    )
    toc2 = page(
        [
            "tiske udvalg " + "." * 56 + " 4",
            "2. Andre sager " + "." * 54 + " 5",
            "2.1. Meddelelser " + "." * 52 + " 5",
        ],
        3,
    )
    agenda = kkrparse.parse_text("\f".join([pages[0], toc1, toc2, *body_pages]) + "\f")
    assert [(t.number, t.page) for t in agenda.toc] == [("1", 4), ("1.1", 4), ("2", 5), ("2.1", 5)]
    assert agenda.toc[1].title == title
    assert [(i.number, i.page_start) for i in agenda.items] == [
        ("1", 4),
        ("1.1", 4),
        ("2", 5),
        ("2.1", 5),
    ]


def test_heading_without_the_kind_prefix_the_toc_prints() -> None:
    text = agenda_text(
        [
            TextItem("1", "Sager"),
            TextItem("1.1", "Orienteringssag: Meddelelser fra formandskabet", STANDARD_BODY),
        ]
    )
    text = text.replace(
        "1.1. Orienteringssag: Meddelelser fra formandskabet\n",
        "1.1. Meddelelser fra formandskabet\n",
    )
    agenda = kkrparse.parse_text(text)
    assert [(i.number, i.heading) for i in agenda.items] == [
        ("1", "Sager"),
        ("1.1", "Meddelelser fra formandskabet"),
    ]


def test_an_empty_beslutning_label_does_not_make_minutes() -> None:
    body = [*STANDARD_BODY[:7], "", "Beslutning", ""]
    agenda = kkrparse.parse_text(
        agenda_text([TextItem("1", "Sager"), TextItem("1.1", "Dagsorden", body)])
    )
    assert [s.key for s in agenda.items[1].sections] == ["baggrund", "indstilling", "beslutning"]
    assert agenda.items[1].decision is None
    assert agenda.meeting.document_type == "dagsorden"


# -- lists by their geometry ----------------------------------------------------------------

#: Body text at the full measure (it sets the right margin), then attachment entries set at
#: a narrower measure, each wrapped with its continuation under the text after the bullet.
BODY_LINES = [
    "KKR Sjælland drøftede den regionale rammeaftale for de specialiserede tilbud og bad",
    "sekretariatet om at samle kommunernes bemærkninger til næste møde i rådet, hvor det",
    "nye udkast til aftalen skal behandles sammen med den faglige vurdering af behovet.",
    "",
]
ENTRIES = [
    ("– Bilag 1: Notat om den regionale rammeaftale for", "de specialiserede tilbud 2024"),
    ("– Bilag 2: Høringssvar fra kommunerne i regionen", "samlet af sekretariatet"),
]


def _blocks_of_pdf(rows: list[tuple[float | str, str]]) -> list[tuple[str, str]]:
    from kkrparse import extract, layout
    from kkrparse.hyphen import Lexicon
    from kkrparse.paragraphs import make_blocks

    cover: list[tuple[float | str, str]] = [(0, "Dagsorden")]
    raw = extract.read_pdf(build_placed_pdf([cover, rows]), engine="pdfium", max_pages=None)
    laid = layout.analyse(raw)
    assert laid.metrics.right_edge > 400  # learnt from the body text, at its full measure
    lines = list(laid.pages[1].lines)
    blocks = make_blocks(lines, laid.metrics, Lexicon(), fonts_known=True)
    return [(b.kind.value, b.text) for b in blocks]


def test_a_hanging_indent_continues_a_list_entry_at_a_narrow_measure() -> None:
    """The issue's attachment list: the continuation lines are under the entry's text, at a
    measure far narrower than the body's, so the room left says nothing; the x does."""
    rows: list[tuple[float | str, str]] = [(0, t) for t in BODY_LINES]
    for first, rest in ENTRIES:
        rows += [(0, first), ("– ", rest)]
    blocks = _blocks_of_pdf(rows)
    assert blocks[1:] == [
        ("bullet", "Bilag 1: Notat om den regionale rammeaftale for de specialiserede tilbud 2024"),
        ("bullet", "Bilag 2: Høringssvar fra kommunerne i regionen samlet af sekretariatet"),
    ]


def test_a_line_back_at_the_margin_after_a_short_entry_is_a_new_paragraph() -> None:
    rows: list[tuple[float | str, str]] = [(0, t) for t in BODY_LINES]
    rows += [(0, ENTRIES[0][0]), (0, "Sekretariatet foreslår en drøftelse.")]
    blocks = _blocks_of_pdf(rows)
    assert [k for k, _ in blocks[1:]] == ["bullet", "paragraph"]


def test_a_hanging_indent_continues_a_list_entry_in_text_input() -> None:
    body = [
        *STANDARD_BODY[:3],
        "Vedlagte bilag",
        "– Bilag 1: Notat om rammeaftalen.",
        "  Tillæg for de specialiserede tilbud 2024",
        "– Bilag 2: Høringssvar fra kommunerne",
    ]
    agenda = kkrparse.parse_text(
        agenda_text([TextItem("1", "Sager"), TextItem("1.1", "Rammeaftale", body)])
    )
    assert agenda.items[1].attachments == [
        "Bilag 1: Notat om rammeaftalen. Tillæg for de specialiserede tilbud 2024",
        "Bilag 2: Høringssvar fra kommunerne",
    ]

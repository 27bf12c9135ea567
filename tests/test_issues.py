"""One small PDF per problem a real agenda can have, made in code, named after it."""

from __future__ import annotations

import io

from tests.pdfdoc import build_pdf, toc_page

import kkrparse
from kkrparse.models import Agenda

COVER = ["# Dagsorden", "KKR Sjælland"]
TOC = toc_page(
    [
        ("1", "Sager", 3),
        ("1.1", "Beslutningssag: Rammeaftale om danskuddannelse", 3),
        ("1.2", "Godkendelse af referat", 4),
    ]
)


def parse(pages: list[list[str]], **kw: object) -> Agenda:
    return kkrparse.parse_pdf(build_pdf(pages, **kw))  # type: ignore[arg-type]


def body(*lines: str) -> list[str]:
    return [
        "# 1. Sager",
        "",
        "# 1.1. Beslutningssag: Rammeaftale om danskuddannelse",
        "SAG-2021-00001 adr",
        "",
        *lines,
    ]


ITEM_12 = [
    "# 1.2. Godkendelse af referat",
    "SAG-2021-00002 jebj",
    "",
    "* Baggrund",
    "Referatet er udsendt.",
]


def test_hyphen_across_a_page_break_is_repaired() -> None:
    agenda = parse(
        [
            COVER,
            TOC,
            body("* Baggrund", "Kommunerne har drøftet de politi-"),
            ["ske prioriteter.", "", *ITEM_12],
        ]
    )
    item = agenda.items[1]
    assert item.sections[0].text == "Kommunerne har drøftet de politiske prioriteter."
    assert (item.sections[0].page_start, item.sections[0].page_end) == (3, 4)
    assert (item.page_start, item.page_end) == (3, 4)


def test_a_page_break_between_heading_and_first_section() -> None:
    pages = [
        COVER,
        TOC,
        [
            "# 1. Sager",
            "",
            "# 1.1. Beslutningssag: Rammeaftale om danskuddannelse",
            "SAG-2021-00001 adr",
        ],
        ["* Baggrund", "Tekst.", "", *ITEM_12],
    ]
    item = kkrparse.parse_pdf(build_pdf(pages)).items[1]
    assert (item.case_number, item.page_start, item.page_end) == ("SAG-2021-00001", 3, 4)
    assert [s.key for s in item.sections] == ["baggrund"]


def test_soft_hyphen_character_marks_a_soft_break() -> None:
    agenda = parse(
        [
            COVER,
            TOC,
            body("* Baggrund", "Det er en SOSU\u00ad", "uddannelse i regi af kommunerne."),
            ITEM_12,
        ],
        unicode_font=True,
    )
    assert agenda.items[1].sections[0].text == "Det er en SOSUuddannelse i regi af kommunerne."


def test_ligatures_are_expanded() -> None:
    agenda = parse(
        [COVER, TOC, body("* Baggrund", "De ﬁre kommuner ﬂytter."), ITEM_12], unicode_font=True
    )
    assert agenda.items[1].sections[0].text == "De fire kommuner flytter."


def test_headings_set_apart_by_size_only() -> None:
    pages = [
        COVER,
        TOC,
        [
            "> 1. Sager",
            "",
            "> 1.1. Beslutningssag: Rammeaftale om danskuddannelse",
            "SAG-2021-00001 adr",
            "",
            "* Baggrund",
            "Tekst.",
        ],
        ["> 1.2. Godkendelse af referat", "* Baggrund", "Tekst."],
    ]
    agenda = parse(pages)
    assert [i.number for i in agenda.items] == ["1", "1.1", "1.2"]


def test_labels_in_regular_weight_with_a_colon() -> None:
    agenda = parse(
        [
            COVER,
            TOC,
            body(
                "Baggrund:",
                "Tekst om baggrund.",
                "",
                "Indstilling:",
                "Det indstilles, at KKR tager sagen til efterretning.",
            ),
            ITEM_12,
        ]
    )
    item = agenda.items[1]
    assert [(s.key, s.heading) for s in item.sections] == [
        ("baggrund", "Baggrund:"),
        ("indstilling", "Indstilling:"),
    ]
    assert item.recommendations == ["Det indstilles, at KKR tager sagen til efterretning."]


def test_footer_page_numbers_side_n_af_m() -> None:
    agenda = parse(
        [COVER, TOC, body("* Baggrund", "Tekst."), ITEM_12],
        page_label=None,
        footer="Side {n} af {total}",
    )
    assert agenda.warnings == []
    assert all("Side" not in s.text for i in agenda.items for s in i.sections)


def test_a_bold_numbered_line_in_the_body_is_a_subheading_not_an_item() -> None:
    agenda = parse(
        [
            COVER,
            TOC,
            body(
                "* Sagsfremstilling",
                "Sagerne er:",
                "",
                "* 2. Beslutningssager",
                "Beslutningssager er sager, hvor KKR tager stilling.",
            ),
            ITEM_12,
        ]
    )
    assert [i.number for i in agenda.items] == ["1", "1.1", "1.2"]
    assert agenda.items[1].sections[0].text.split("\n\n")[1] == "2. Beslutningssager"


def test_links_attach_to_the_item_whose_words_they_cover() -> None:
    agenda = parse(
        [
            COVER,
            TOC,
            body("* Baggrund", "Se {https://www.kl.dk/a|linket} for detaljer."),
            [*ITEM_12[:-1], "Se {https://www.kl.dk/b|https://www.kl.dk/b}"],
        ]
    )
    assert [(lk.url, lk.text, lk.page) for lk in agenda.items[1].links] == [
        ("https://www.kl.dk/a", "linket", 3)
    ]
    assert [(lk.url, lk.text) for lk in agenda.items[2].links] == [
        ("https://www.kl.dk/b", "https://www.kl.dk/b")
    ]


def test_a_blank_page_is_reported() -> None:
    agenda = parse([COVER, TOC, body("* Baggrund", "Tekst."), [], ITEM_12])
    assert [(w.code, w.page) for w in agenda.warnings] == [("page_without_text", 4)]
    assert agenda.items[2].page_start == 5


def test_a_letter_is_not_an_agenda() -> None:
    letter = build_pdf(
        [["Kære borgmester", "", "Tak for dit brev af 1. marts.", "", "Med venlig hilsen", "KL"]],
        header=None,
        page_label=None,
    )
    try:
        kkrparse.parse_pdf(letter)
    except kkrparse.NotAnAgendaError as exc:
        assert str(exc).startswith("not a meeting document: ")
    else:
        raise AssertionError("a letter parsed as an agenda")


def test_normalise_expands_ligatures_and_plain_spaces() -> None:
    from kkrparse.extract.common import normalise

    assert normalise("De ﬁre ﬂytter\u00a0nu\u2011og") == "De fire flytter nu-og"
    assert normalise("e\u0301") == "é"  # NFC


def test_words_drawn_with_gaps_and_no_space_glyphs_stay_apart() -> None:
    """Regression: pdfplumber's fixed 3 pt tolerance glued 10 pt words set without spaces."""
    lines = body("* Baggrund", "Det indstilles, at KKR Sjælland godkender dagsorden.")
    agenda = parse([COVER, TOC, lines, ITEM_12], spaces_as_gaps=True)
    assert (
        agenda.items[1].sections[0].text == "Det indstilles, at KKR Sjælland godkender dagsorden."
    )
    assert agenda.items[1].heading == "Beslutningssag: Rammeaftale om danskuddannelse"


def test_toc_without_dot_leaders_page_numbers_in_a_column() -> None:
    toc = [
        "1. Sager" + " " * 60,
        "1.1. Beslutningssag: Rammeaftale om danskuddannelse",
        "1.2. Godkendelse af referat",
    ]
    pdf = build_pdf([COVER, toc, body("* Baggrund", "Tekst."), ITEM_12])
    # Put the page numbers in a right-hand column, as a tab stop would.
    import pikepdf

    doc = pikepdf.open(io.BytesIO(pdf))
    page = doc.pages[1]
    extra = b"BT /F1 10 Tf 500 %d Td (%d) Tj ET\n"
    tops = [842 - 90 - 10 - 14 * i for i in range(3)]
    page.contents_add(
        pikepdf.Stream(doc, b"".join(extra % (y, n) for y, n in zip(tops, (3, 3, 4), strict=True)))
    )
    out = io.BytesIO()
    doc.save(out)
    agenda = kkrparse.parse_pdf(out.getvalue())
    assert [(t.number, t.title, t.page) for t in agenda.toc] == [
        ("1", "Sager", 3),
        ("1.1", "Beslutningssag: Rammeaftale om danskuddannelse", 3),
        ("1.2", "Godkendelse af referat", 4),
    ]
    assert [w.code for w in agenda.warnings] == []


def _line_of_width(words: list[str], width: float) -> str:
    """As many words as fit in ``width`` points of 10 pt Helvetica."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    out: list[str] = []
    for w in words:
        if stringWidth(" ".join([*out, w]), "Helvetica", 10) > width:
            break
        out.append(w)
    return " ".join(out)


def test_a_line_that_visibly_ends_early_ends_its_paragraph_to_the_point() -> None:
    """Regression: the right margin was a 98 % quantile of line ends, so in ragged text a
    line that left just enough room for the next word was not seen to end early."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    filler = [
        "kommunerne",
        "har",
        "drøftet",
        "sagen",
        "og",
        "anbefaler",
        "at",
        "arbejdet",
        "fortsætter",
        "i",
        "det",
        "nye",
        "år",
        "med",
        "fokus",
        "på",
    ]
    margin_line = _line_of_width(filler * 3, 420)  # the longest line: it sets the margin
    margin = stringWidth(margin_line, "Helvetica", 10)
    nxt = "Kommunerne"
    need = stringWidth(" " + nxt, "Helvetica", 10)
    # A line ending 1.5 pt more than needed before the margin: the author broke it.
    early = _line_of_width(filler, margin - need - 1.5)
    short_by = margin - stringWidth(early, "Helvetica", 10)
    assert short_by > need + 1.0
    lines = body("* Baggrund", margin_line, early, f"{nxt} tog det til efterretning.")
    agenda = parse([COVER, TOC, lines, ITEM_12])
    assert agenda.items[1].sections[0].text.split("\n\n") == [
        f"{margin_line} {early}",
        f"{nxt} tog det til efterretning.",
    ]


def test_body_text_before_the_first_item_is_reported_not_dropped_silently() -> None:
    agenda = parse(
        [
            COVER,
            TOC,
            ["Indledende bemærkninger fra sekretariatet.", "", *body("* Baggrund", "Tekst.")],
            ITEM_12,
        ]
    )
    assert [(w.code, w.page) for w in agenda.warnings] == [("text_before_first_item", 3)]


BILAG = [
    ["# Notat om rammeaftalen", "", "1. Indledning", "Kommunerne har aftalt en ramme."],
    ["2. Økonomi", "Udgifterne deles efter indbyggertal.", "", "3.1. Videre proces"],
]


def test_attachments_after_the_last_item_belong_to_no_item() -> None:
    agenda = parse([COVER, TOC, body("* Baggrund", "Tekst."), ITEM_12], attachments=BILAG)
    assert agenda.appendix is not None
    assert (agenda.appendix.page_start, agenda.appendix.page_end) == (5, 6)
    last = agenda.items[-1]
    assert (last.number, last.page_end) == ("1.2", 4)
    assert last.sections[-1].text == "Referatet er udsendt."
    assert [i.number for i in agenda.items] == ["1", "1.1", "1.2"]


def test_more_attachment_pages_than_agenda_pages_with_their_own_header() -> None:
    agenda = parse(
        [COVER, TOC, body("* Baggrund", "Tekst."), ITEM_12],
        attachments=BILAG * 4,
        attachment_header="Notat | Rammeaftale",
    )
    assert agenda.appendix is not None
    assert (agenda.appendix.page_start, agenda.appendix.page_end) == (5, 12)
    assert agenda.items[-1].sections[-1].text == "Referatet er udsendt."
    # The agenda's own header is still recognised and removed on its four pages.
    assert all("KKR Sjælland" not in s.text for i in agenda.items for s in i.sections)


def test_an_agenda_without_attachments_has_no_appendix() -> None:
    agenda = parse([COVER, TOC, body("* Baggrund", "Tekst."), ITEM_12])
    assert agenda.appendix is None


def test_attachments_stamped_with_the_agenda_header_start_at_their_title() -> None:
    titled = [["# Bilag 1.2.1: Notat til punkt 1.2", "", *BILAG[0][2:]], BILAG[1]]
    agenda = parse([COVER, TOC, body("* Baggrund", "Tekst."), [*ITEM_12, *titled[0]]])
    # On the same page as the item's text: not an appended attachment.
    assert agenda.appendix is None
    agenda = parse([COVER, TOC, body("* Baggrund", "Tekst."), ITEM_12, *titled])
    assert agenda.appendix is not None
    assert (agenda.appendix.page_start, agenda.appendix.page_end) == (5, 6)
    assert agenda.items[-1].sections[-1].text == "Referatet er udsendt."
    assert agenda.items[-1].page_end == 4


def test_a_bilag_list_running_over_a_page_break_stays_in_the_item() -> None:
    agenda = parse(
        [
            COVER,
            TOC,
            body("* Baggrund", "Tekst."),
            [*ITEM_12, "", "* Vedlagte bilag:"],
            ["Bilag 1: Notat om rammeaftalen", "Bilag 2: Tidsplan"],
        ]
    )
    assert agenda.appendix is None
    assert agenda.items[-1].attachments == ["Bilag 1: Notat om rammeaftalen", "Bilag 2: Tidsplan"]


def test_an_opening_bracket_wraps_with_the_word_after_it() -> None:
    """Line breaking never breaks after "(" even before a space (Unicode LB14): a line that
    left room for "(" alone but not for "( begge" did not end early."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def width(text: str) -> float:
        return stringWidth(text, "Helvetica", 10)

    full = (
        "Kommunerne har drøftet de politiske prioriteter for den kommende periode i hele regionen"
    )
    line = "Notatet om infrastrukturplan 2035 og projektoversigten"
    # Fill the line with short words until the room left holds "(" but not "( begge".
    while width(f"{line} ( begge") <= width(full):
        line = f"{line} i"
    assert width(f"{line} (") < width(full) < width(f"{line} ( begge")
    agenda = parse(
        [
            COVER,
            TOC,
            body("* Baggrund", full, line, "( begge findes via linket) er sendt."),
            ITEM_12,
        ]
    )
    assert agenda.items[1].sections[0].text == f"{full} {line} ( begge findes via linket) er sendt."


def test_synthetic_bold_labels_and_sub_headings_are_bold() -> None:
    """A font without a bold face is emboldened by also stroking its outline (render mode
    2): the font name says regular, the page shows bold."""
    agenda = parse(
        [
            COVER,
            TOC,
            body(
                "* Baggrund",
                "Tekst om baggrund.",
                "",
                "* Fase I - status",
                "Tekst om fasen.",
                "",
                "* Indstilling",
                "Det indstilles, at KKR tager sagen til efterretning.",
            ),
            ITEM_12,
        ],
        synthetic_bold=True,
    )
    item = agenda.items[1]
    assert [s.key for s in item.sections] == ["baggrund", "indstilling"]
    assert item.sections[0].text == "Tekst om baggrund.\n\nFase I - status\n\nTekst om fasen."
    assert item.recommendations == ["Det indstilles, at KKR tager sagen til efterretning."]
    assert agenda.warnings == []

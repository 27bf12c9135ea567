"""The classify stage: meeting documents are told from reports, memos, letters and e-mails
by weighed evidence, and a refusal names what decided it (``classify.py``)."""

from __future__ import annotations

import pytest

from kkrparse.classify import (
    DocumentEvidence,
    ItemEvidence,
    classify,
    unreadable_meeting,
)


def _doc(
    *,
    front: tuple[str, ...] = (),
    lines: tuple[str, ...] = (),
    items: tuple[ItemEvidence, ...] = (),
    toc: int = 0,
    matched: int = 0,
    pages: int = 10,
) -> DocumentEvidence:
    return DocumentEvidence(pages, front, lines or front, toc, matched, items)


def _item(number: str, case: bool = False, labels: tuple[str, ...] = (), chars: int = 2000) -> ItemEvidence:
    return ItemEvidence(number, case, labels, chars)


KL_ITEMS = (
    *(
        _item(n, case=True, labels=("baggrund", "indstilling", "sagsfremstilling"))
        for n in ("1.1", "1.2", "2.1", "2.2")
    ),
    _item("3", chars=0),
)


def test_a_kl_agenda_is_a_meeting_document() -> None:
    got = classify(_doc(front=("Dagsorden", "KKR Sjælland | 21-04-2021"), items=KL_ITEMS, toc=5, matched=5))
    assert got.kind == "meeting_document"
    assert {f.signal for f in got.findings} >= {"meeting_words", "item_structure", "toc_lists_items"}
    assert got.reason is None


def test_a_one_item_export_without_cover_or_toc_is_accepted() -> None:
    item = _item("3", case=True, labels=("sammendrag", "baggrund", "sagsfremstilling", "bilag"))
    assert classify(_doc(items=(item,), pages=1)).kind == "meeting_document"


def test_a_report_of_long_numbered_chapters_is_refused_and_says_why() -> None:
    chapters = tuple(_item(str(n), chars=60_000) for n in range(1, 9))
    got = classify(_doc(lines=("ISBN 978-87-7909-000-0",), items=chapters, toc=15, matched=8, pages=108))
    assert got.kind == "not_meeting_document"
    assert got.reason is not None
    assert got.reason.startswith("a 108-page document with 8 numbered headings:")
    assert "numbered chapters of up to 60,000 characters" in got.reason
    assert "ISBN" in got.reason
    assert "no case numbers, section labels or meeting words" in got.reason


def test_meeting_words_alone_do_not_make_an_agenda() -> None:
    # An invitation that prints a "Foreløbig dagsorden" as a heading, and numbered points.
    points = tuple(_item(str(n), chars=300) for n in range(1, 5))
    front = ("Foreløbig dagsorden", "Kære borgmester og udvalgsformand")
    assert classify(_doc(front=front, items=points)).kind == "not_meeting_document"


def test_a_toc_and_meeting_words_accept_items_without_labels() -> None:
    items = tuple(_item(str(n)) for n in range(1, 6))
    got = classify(_doc(front=("Referat", "Mødedato: 4. maj 2023"), items=items, toc=5, matched=5))
    assert got.kind == "meeting_document"


def test_evidence_against_outweighs_a_toc_with_meeting_words() -> None:
    items = tuple(_item(str(n)) for n in range(1, 6))
    got = classify(_doc(front=("Referat", "From: a", "Sent: b", "To: c"), items=items, toc=5, matched=5))
    assert got.kind == "not_meeting_document"
    assert "an e-mail header (3 fields)" in (got.reason or "")


def test_meeting_words_in_prose_do_not_count() -> None:
    front = ("På næste side findes en foreløbig dagsorden for mødet samt baggrundsinformation",)
    items = tuple(_item(str(n)) for n in range(1, 6))
    got = classify(_doc(front=front, items=items, toc=5, matched=5))
    assert not any(f.signal == "meeting_words" for f in got.findings)
    assert got.kind == "not_meeting_document"


def test_a_meeting_document_whose_items_cannot_be_read_is_recognised() -> None:
    lines = (
        "Punkt 1: Godkendelse af dagsorden", "Sagsnr.: 2011-29298", "Beslutning",
        "Punkt 2: Budget 2024", "Sagsnr.: 2011-29299", "Beslutning",
    )  # fmt: skip
    got = unreadable_meeting(_doc(front=("REFERAT", "Mødedato: 04.12.2012"), lines=lines))
    assert got is not None
    assert got.kind == "meeting_document" and not got.layout_read
    assert "2 case-number lines" in (got.reason or "")
    assert "2 'Punkt N:' headings" in (got.reason or "")


@pytest.mark.parametrize(
    "front, lines",
    [
        # Release notes of a meeting system: "dagsorden" only inside product names.
        (("OS2dagsorden - release notes",), ("Punkt 1: Installation", "Punkt 2: Test")),
        # A memo: a case number in the letterhead, one "Baggrund", no meeting words.
        (("Notat", "Sagsnr: 2012-21786"), ("Sagsnr: 2012-21786", "Baggrund", "Formål")),
        # Meeting words but nothing of a meeting document's body.
        (("Dagsorden", "Mødested: Rådhuset"), ("Velkommen", "Tak for i dag")),
        # A list of cases for a meeting: case numbers are one kind of body evidence only.
        (("Sagsliste", "Mødedato: 4. maj 2023", "Mødested: Rådhuset"),
         ("1. Budget", "Sagsnr.: 2023-1", "2. Plan", "Sagsnr.: 2023-2")),
    ],
)
def test_without_both_front_and_body_evidence_nothing_is_called_a_meeting(
    front: tuple[str, ...], lines: tuple[str, ...]
) -> None:
    assert unreadable_meeting(_doc(front=front, lines=lines)) is None


def test_a_memo_whose_sections_open_with_baggrund_is_refused() -> None:
    # "Baggrund" opens memos and reports too: a label of its own is no item structure.
    sections = tuple(_item(str(n), labels=("baggrund",), chars=600) for n in range(1, 5))
    got = classify(_doc(front=("Notat", "Sagsnr: 2012-21786"), items=sections, pages=4))
    assert got.kind == "not_meeting_document"
    assert not any(f.signal == "item_structure" for f in got.findings)


def test_case_numbers_without_labels_need_meeting_words() -> None:
    # A list of cases numbers its entries and prints a case number under each, but has no
    # section labels; only a front that names a meeting makes that an agenda.
    entries = tuple(_item(str(n), case=True, chars=150) for n in range(1, 7))
    bare = classify(_doc(items=entries))
    assert bare.kind == "not_meeting_document"
    assert "no section labels or meeting words" in (bare.reason or "")
    named = classify(_doc(front=("Dagsorden", "Mødedato: 4. maj 2023"), items=entries))
    assert named.kind == "meeting_document"
    assert any(f.signal == "item_structure" and f.weight == 2.0 for f in named.findings)


def test_a_refused_reading_of_a_clear_meeting_document_is_an_unsupported_layout() -> None:
    # Items numbered from 201 are not read as headings; numbered list entries are, and they
    # carry no item structure. The front and body still say "meeting document".
    lines = (
        "201. Godkendelse af dagsorden", "Sagsnr.: 2011-29298", "Sagsfremstilling", "Beslutning",
        "202. Budget 2024", "Sagsnr.: 2011-29299", "Sagsfremstilling", "Beslutning",
    )  # fmt: skip
    front = ("Dagsorden", "Mødedato: 04.12.2012", "Mødested: Rådhuset")
    entries = (_item("1", chars=80), _item("2", chars=90))
    got = classify(_doc(front=front, lines=lines, items=entries))
    assert got.kind == "meeting_document" and not got.layout_read
    assert got.reason is not None
    assert "2 case-number lines" in got.reason and "4 section-label lines" in got.reason
    assert got.reason.endswith("2 numbered headings read, none with an item's structure")


def test_an_accepted_document_has_no_reason_and_reads_its_layout() -> None:
    got = classify(_doc(front=("Dagsorden", "Mødedato: 1. maj"), items=KL_ITEMS, toc=5, matched=5))
    assert got.reason is None and got.layout_read
    assert got.score == sum(f.weight for f in got.findings)


# --- in the pipeline: meeting documents whose numbering no rule reads -------------------------

MINUTES_COVER = ["# Referat", "Økonomiudvalget", "Mødedato: 04.12.2012", "Mødested: Rådhuset"]


def _minutes(heading: str, first: int) -> bytes:
    from tests.pdfdoc import build_pdf

    titles = ("Godkendelse af dagsorden", "Budget 2013", "Ny skolestruktur")
    pages = [MINUTES_COVER] + [
        [
            f"# {heading.format(first + k)} {title}",
            f"Sagsnr.: 2012-{1000 + k}",
            "",
            "* Sagsfremstilling",
            "Sagen forelægges udvalget til beslutning.",
            "",
            "* Beslutning",
            "Godkendt.",
        ]
        for k, title in enumerate(titles)
    ]
    return build_pdf(pages)


@pytest.mark.parametrize(
    "heading, first, profile",
    [("Punkt {}:", 1, "firstagenda"), ("{}.", 201, "acadre")],
    ids=["punkt-n", "numbered-from-201"],
)
def test_minutes_numbered_as_other_systems_number_them_are_read(
    heading: str, first: int, profile: str
) -> None:
    """``Punkt N:`` headings (FirstAgenda) and numbering that starts at 201 (Acadre's
    running number of the year) were refused as unsupported layouts before those
    systems had profiles; now the profile that reads them is chosen."""
    import kkrparse

    agenda = kkrparse.parse_pdf(_minutes(heading, first))
    assert [i.number for i in agenda.items] == [str(first + k) for k in range(3)]
    assert [i.title for i in agenda.items][:2] == ["Godkendelse af dagsorden", "Budget 2013"]
    assert agenda.source.profile == profile
    assert [i.decision for i in agenda.items] == ["Godkendt."] * 3


def test_minutes_numbered_in_a_way_no_profile_reads_are_an_unsupported_layout() -> None:
    import kkrparse

    with pytest.raises(kkrparse.UnsupportedLayoutError) as info:
        kkrparse.parse_pdf(_minutes("§ {}", 1))
    assert info.value.reason == "unsupported_layout"
    assert isinstance(info.value, kkrparse.KkrParseError)
    message = str(info.value)
    assert message.startswith("unsupported layout: a meeting document (front: referat, økonomiudvalget, mødedato")
    assert "3 case-number lines" in message and "6 section-label lines" in message
    assert "\n" not in message


def test_the_trace_of_a_refused_document_keeps_its_classification() -> None:
    from kkrparse import ParseOptions, pipeline

    trace = pipeline.trace_pdf(_minutes("§ {}", 1), ParseOptions())
    assert trace.items == ()
    assert trace.classification.kind == "meeting_document"
    assert not trace.classification.layout_read


def test_the_council_named_in_a_running_line_is_a_meeting_word() -> None:
    # KL's running header names the KKR and the date; its items may carry a case number and
    # only "Baggrund" (a short orientation item).
    items = (_item("6", chars=0), _item("6.1", case=True, labels=("baggrund",)))
    got = classify(_doc(front=("KKR Sjælland | 21-04-2021",), items=items))
    assert got.kind == "meeting_document"
    assert any(f.detail == "front: kkr sjælland" for f in got.findings)


def test_a_committee_named_on_its_own_front_line_counts_as_a_meeting_word() -> None:
    # A one-page extract: a case-numbered item under a committee's running line. Case
    # numbers alone need meeting words; the committee's name is one.
    items = (_item("1", chars=0), _item("1.1", case=True, labels=("baggrund",)))
    assert classify(_doc(items=items, pages=1)).kind == "not_meeting_document"
    got = classify(_doc(front=("Sundheds- og Forebyggelsesudvalget",), items=items, pages=1))
    assert got.kind == "meeting_document"
    assert "sundheds- og forebyggelsesudvalget" in got.findings[0].detail

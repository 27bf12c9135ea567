"""The classify stage: meeting documents are told from reports, memos, letters and e-mails
by weighed evidence, and a refusal names what decided it (``classify.py``)."""

from __future__ import annotations

import pytest

from kkrparse.classify import (
    RULES,
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
    assert got.reason.startswith("a 108-page document with 8 numbered heading(s)")
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
    assert got.kind == "meeting_document"
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
    ],
)
def test_without_both_front_and_body_evidence_nothing_is_called_a_meeting(
    front: tuple[str, ...], lines: tuple[str, ...]
) -> None:
    assert unreadable_meeting(_doc(front=front, lines=lines)) is None


RULE_EXAMPLES = [
    ("meeting_word", "Åbent referat", True),
    ("meeting_word", "Afbud/Fraværende", True),
    ("meeting_word", "OS2dagsorden", False),
    ("meeting_word", "Dagsordenssamleren", False),
    ("colophon", "ISBN 978-87-7909-000-0", True),
    ("colophon", "Isbjørn", False),
    ("letter", "Kære borgmester og udvalgsformand", True),
    ("letter", "Med venlig hilsen", True),
    ("mail_header", "Subject: Nyt", True),
    ("mail_header", "Tilstede", False),
    ("case_marker", "Sagsnr.: 2011-29298", True),
    ("case_marker", "SAG-2020-05887 jebj", True),
    ("case_marker", "Sagsnr. 12/34567", True),
    ("case_marker", "Sagsfremstilling", False),
    ("section_label", "Beslutninger", True),
    ("section_label", "Beslutningen træffes af", False),
    ("punkt_heading", "Punkt 12: Budget", True),
    ("punkt_heading", "Punktet blev udsat", False),
]


@pytest.mark.parametrize("name, line, matches", RULE_EXAMPLES)
def test_rule_table(name: str, line: str, matches: bool) -> None:
    assert bool(RULES[name].search(line)) is matches


def test_every_rule_has_examples() -> None:
    assert {name for name, _, _ in RULE_EXAMPLES} == set(RULES)

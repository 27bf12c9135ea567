"""Stage: classify — is this the agenda or minutes of a meeting, before items are built?

Numbered headings alone say nothing: reports, memos and release notes number their chapters
too. The decision weighs evidence that meeting documents carry and other documents do not,
and keeps every piece of it, so a person can see why a document was accepted or refused:

- **for**: meeting words set as short lines on the front (the cover, the running lines, the
  top of the first page: ``Dagsorden``, ``Referat``, ``Mødedato``, ``Tilstede``, ``Afbud``,
  or the council that meets: ``KKR Sjælland | 21-04-2021``);
  a table of contents whose entries are the items; per-item structure (a case-number line,
  section labels such as Sagsfremstilling, Indstilling, Beslutning, Bilag); items of the
  size items have;
- **against**: long numbered chapters with no per-item structure; a colophon or ISBN; a
  letter's salutation and closing; an e-mail's header block.

No single signal decides. Per-item structure is the strongest (case numbers and section
labels under numbered headings are what meeting systems print), so a one-item export with
no cover and no TOC is accepted; meeting words without it are not (an invitation listing a
"Foreløbig dagsorden", release notes of a meeting system).

A document with clear meeting evidence in which no item could be read is not refused as a
non-agenda: it is a meeting document whose layout the parser cannot read
(``unsupported_layout``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median
from typing import Final, Literal

from kkrparse.document import Page, PageKind, TocEntry
from kkrparse.patterns import RuleName, rule
from kkrparse.segment import ItemPart

#: A front line counts as a cover field when it has at most this many words: "Dagsorden",
#: "Mødedato: 21-04-2021", "Åbent referat". Prose that mentions a "foreløbig dagsorden"
#: is longer (the invitation's sentence has 12 words).
FIELD_MAX_WORDS: Final = 6

#: Lines of the first body page read as part of the front: the cover block a meeting system
#: prints above the first item (eDoc's five-line running block, KL's seven-line cover
#: header) fits in it; the body text below it does not count as the front.
FRONT_BODY_LINES: Final = 15

#: Characters of text an item rarely exceeds. KL's longest item in the seed agenda has
#: about 9,000, the eDoc referat's about 4,000; the KL report's "items" (its chapters)
#: reach 103,000. Items this long with no per-item structure are chapters.
CHAPTER_CHARS: Final = 25_000

#: Share of items that must show per-item structure (a case number or a section label)
#: for the structure to count. Level-1 group headings of KL agendas ("3. Udpegninger")
#: carry none, which is why this is not all of them.
STRUCTURED_SHARE: Final = 0.5

#: Section labels that memos and reports print too ("Baggrund" opens many a memo): on
#: their own they are no per-item structure.
GENERIC_LABELS: Final = frozenset({"baggrund"})

#: Lines of each kind of body evidence a document whose items were not read must print
#: (case-number lines, section labels, ``Punkt N:`` headings): a meeting document prints
#: each once per item, a memo's letterhead one case number.
BODY_EVIDENCE_LINES: Final = 2

Kind = Literal["meeting_document", "not_meeting_document"]
Signal = Literal[
    "meeting_words",
    "toc_lists_items",
    "item_structure",
    "item_size",
    "chapters",
    "colophon",
    "letter",
    "mail_header",
    "case_markers",
    "section_labels",
    "punkt_headings",
]


@dataclass(frozen=True, slots=True)
class ItemEvidence:
    """What the classifier needs to know of one item found by numbering."""

    number: str
    has_case_number: bool
    #: Section keys found in the item (other than the text before the first label).
    labels: tuple[str, ...]
    #: Characters of text in the item.
    chars: int


@dataclass(frozen=True, slots=True)
class DocumentEvidence:
    """The classifier's input, gathered from the layout and segment stages (:func:`gather`)."""

    page_count: int
    #: Cover lines, running lines and the first lines of the first body page.
    front_lines: tuple[str, ...]
    #: Every kept text line of the document (body, cover, TOC), in order.
    lines: tuple[str, ...]
    toc_entries: int
    #: TOC entries that match an item's number.
    toc_matched: int
    items: tuple[ItemEvidence, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of evidence: what was seen, and its weight (+ for, − against)."""

    signal: Signal
    weight: float
    detail: str


@dataclass(frozen=True, slots=True)
class Classification:
    """The decision: the kind, the summed weights, and every finding behind them."""

    kind: Kind
    #: Sum of the weights: > 0 leans to a meeting document.
    score: float
    findings: tuple[Finding, ...]
    #: When the document cannot be built (refused, or a layout not read): one sentence
    #: naming the deciding evidence.
    reason: str | None = None
    #: False for a meeting document in which no item could be read (``unsupported_layout``).
    layout_read: bool = True


def gather(
    pages: Sequence[Page], toc: Sequence[TocEntry], items: Sequence[ItemPart]
) -> DocumentEvidence:
    """The evidence the classifier weighs, from what the layout and segment stages found."""
    front = [ln.text for p in pages if p.kind == PageKind.COVER for ln in p.lines]
    running = dict.fromkeys(ln.text for p in pages for ln in p.header_lines)
    front += running
    first_body = next((p for p in pages if p.kind == PageKind.BODY), None)
    if first_body is not None:
        front += [ln.text for ln in first_body.lines[:FRONT_BODY_LINES]]
    numbers = {part.heading.number for part in items}
    return DocumentEvidence(
        page_count=len(pages),
        front_lines=tuple(front),
        lines=tuple(ln.text for p in pages for ln in p.lines),
        toc_entries=len(toc),
        toc_matched=sum(1 for e in toc if e.number in numbers),
        items=tuple(
            ItemEvidence(
                number=part.heading.number,
                has_case_number=part.case_number is not None,
                labels=tuple(s.key for s in part.sections if s.key != "intro"),
                chars=sum(len(ln.text) for ln in part.lines),
            )
            for part in items
        ),
    )


def _meeting_words(lines: Sequence[str]) -> list[str]:
    words: list[str] = []
    for line in lines:
        if len(line.split()) > FIELD_MAX_WORDS:
            continue
        found = [m.group("word") for m in rule("meeting_word").finditer(line)]
        # The council that meets, as KL's running header names it ("KKR Sjælland |
        # 21-04-2021"): a short front line naming it is a cover field too.
        found += [m.group(0) for m in rule("body").finditer(line)]
        # A committee or council set as a line of its own ("Sundheds- og
        # Forebyggelsesudvalget" in eDoc's running block, "Byrådet" on a cover) names the
        # body that meets, as the KKR line does.
        if (m := rule("council").match(line.strip())) is not None:
            found.append(m.group(0))
        for word in (" ".join(w.lower().split()) for w in found):
            if word not in words:
                words.append(word)
    return words


def _count(name: RuleName, lines: Sequence[str]) -> int:
    pattern = rule(name)
    return sum(1 for line in lines if pattern.search(line.strip()))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _against(doc: DocumentEvidence) -> list[Finding]:
    found = []
    colophon = _count("colophon", doc.lines)
    if colophon:
        found.append(Finding("colophon", -3.0, f"a colophon or ISBN ({_plural(colophon, 'line')})"))
    if _count("letter", doc.lines):
        found.append(Finding("letter", -2.0, "a letter's salutation or closing"))
    # An e-mail's header block opens its first page.
    mail = _count("mail_header", doc.lines[:12])
    if mail >= 3:
        found.append(Finding("mail_header", -3.0, f"an e-mail header ({mail} fields)"))
    return found


Structure = Literal["labels", "case_numbers", "none"]


def _structure(items: Sequence[ItemEvidence]) -> tuple[Structure, Finding | None]:
    """Per-item structure: section labels (other than the generic ones) are what meeting
    systems print under each item; case numbers alone also fit a list of cases."""
    labelled = [bool(set(i.labels) - GENERIC_LABELS) for i in items]
    structured = [lab or i.has_case_number for lab, i in zip(labelled, items, strict=True)]
    if sum(structured) / len(items) < STRUCTURED_SHARE:
        return "none", None
    if sum(labelled) * 2 >= sum(structured):
        detail = f"{sum(structured)} of {len(items)} items have a case number or section labels"
        return "labels", Finding("item_structure", 4.0, detail)
    detail = f"{sum(structured)} of {len(items)} items have a case number but no section labels"
    return "case_numbers", Finding("item_structure", 2.0, detail)


def _item_findings(doc: DocumentEvidence) -> tuple[list[Finding], Structure]:
    found: list[Finding] = []
    items = doc.items
    structure, finding = _structure(items)
    if finding is not None:
        found.append(finding)
    longest = max(i.chars for i in items)
    if longest > CHAPTER_CHARS and structure == "none":
        found.append(
            Finding(
                "chapters",
                -4.0,
                f"numbered chapters of up to {longest:,} characters with no per-item structure",
            )
        )
    elif median(i.chars for i in items) <= CHAPTER_CHARS:
        found.append(Finding("item_size", 0.5, "items of the size agenda items have"))
    if doc.toc_entries and doc.toc_matched >= max(1, doc.toc_entries // 2):
        found.append(
            Finding("toc_lists_items", 1.5, f"the TOC lists {doc.toc_matched} of the items")
        )
    return found, structure


def _or(words: Sequence[str]) -> str:
    return ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else words[0]


def _refusal(
    doc: DocumentEvidence, findings: Sequence[Finding], words: Sequence[str], structure: Structure
) -> str:
    """One sentence that names the deciding evidence, for the not_agenda message:
    "a 108-page document with 8 numbered headings: a colophon or ISBN (3 lines), …; no case
    numbers, section labels or meeting words"."""
    parts = [f"a {doc.page_count}-page document"]
    if doc.items:
        parts.append(" with " + _plural(len(doc.items), "numbered heading"))
    seen = [f.detail for f in findings if f.weight < 0]
    if seen:
        parts.append(": " + ", ".join(seen))
    missing = {"none": ["case numbers", "section labels"], "case_numbers": ["section labels"]}
    absent = list(missing.get(structure, []))
    if not words:
        absent.append("meeting words")
    if absent:
        parts.append(f"{';' if seen else ','} no {_or(absent)}")
    return "".join(parts)


def classify(doc: DocumentEvidence) -> Classification:
    """Weigh the evidence and decide; never raises.

    A refused document that still shows a meeting document's front and body
    (:func:`unreadable_meeting`) is returned as a meeting document whose layout was not
    read, so that it is never called a non-agenda.
    """
    words = _meeting_words(doc.front_lines)
    findings: list[Finding] = []
    if words:
        weight = 2.0 if len(words) >= 2 else 1.5
        findings.append(Finding("meeting_words", weight, "front: " + ", ".join(words)))
    findings += _against(doc)
    structure: Structure = "none"
    if doc.items:
        item_findings, structure = _item_findings(doc)
        findings += item_findings
    score = round(sum(f.weight for f in findings), 2)
    against = any(f.weight < 0 for f in findings)
    toc = any(f.signal == "toc_lists_items" for f in findings)
    accepted = (
        bool(doc.items)
        and score > 0
        and (
            structure == "labels"
            or (structure == "case_numbers" and bool(words))
            or (bool(words) and toc and not against)
        )
    )
    if accepted:
        return Classification("meeting_document", score, tuple(findings))
    unread = unreadable_meeting(doc)
    if unread is not None:
        return unread
    reason = _refusal(doc, findings, words, structure)
    return Classification("not_meeting_document", score, tuple(findings), reason)


def unreadable_meeting(doc: DocumentEvidence) -> Classification | None:
    """Is this clearly a meeting document, although its items were not read?

    It is when the front names it (at least two distinct meeting words), nothing speaks
    against it, and its body prints at least two kinds of what only meeting documents
    print, each at least twice: case-number lines, section labels, ``Punkt N:`` headings.
    One kind alone is not enough (a list of cases prints case numbers). Returns the
    evidence, or None.
    """
    words = _meeting_words(doc.front_lines)
    checks: tuple[tuple[Signal, RuleName, str], ...] = (
        ("case_markers", "case_marker", "case-number lines"),
        ("section_labels", "section_marker", "section-label lines"),
        ("punkt_headings", "punkt_heading", "'Punkt N:' headings"),
    )
    body = [
        Finding(signal, 2.0, f"{count} {what}")
        for signal, name, what in checks
        if (count := _count(name, doc.lines)) >= BODY_EVIDENCE_LINES
    ]
    if len(words) < 2 or len(body) < 2 or _against(doc):
        return None
    findings = (Finding("meeting_words", 2.0, "front: " + ", ".join(words)), *body)
    read = (
        "no item heading read"
        if not doc.items
        else f"{_plural(len(doc.items), 'numbered heading')} read, none with an item's structure"
    )
    reason = "a meeting document (" + "; ".join(f.detail for f in findings) + f"), {read}"
    score = round(sum(f.weight for f in findings), 2)
    return Classification("meeting_document", score, findings, reason, layout_read=False)

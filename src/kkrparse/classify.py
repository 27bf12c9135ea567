"""Stage: classify — is this the agenda or minutes of a meeting, before items are built?

Numbered headings alone say nothing: reports, memos and release notes number their chapters
too. The decision weighs evidence that meeting documents carry and other documents do not,
and keeps every piece of it, so a person can see why a document was accepted or refused:

- **for**: meeting words set as short lines on the front (the cover, the running lines, the
  top of the first page: ``Dagsorden``, ``Referat``, ``Mødedato``, ``Tilstede``, ``Afbud``);
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

import regex

_F = regex.VERSION1 | regex.UNICODE | regex.IGNORECASE

#: Evidence patterns of this stage, by name, each with a real line it was written for.
RULES: Final[dict[str, regex.Pattern[str]]] = {
    # "Dagsorden"  "Referat"  "Åbent referat"  "Mødedato: 21-04-2021"  "Tilstede"
    # "Afbud/Fraværende"  (eDoc, Ballerup 04.12.2012)  "Beslutningsprotokol"
    "meeting_word": regex.compile(
        r"(?<![\p{L}\d])(?P<word>dagsorden|referat|beslutningsprotokol|mødedato|mødested"
        r"|mødetidspunkt|mødelokale|tilstede|til\s+stede|afbud|fraværende|deltagere"
        r"|deltagerfortegnelse|mødedeltagere)(?![\p{L}\d])",
        _F,
    ),
    # "ISBN 978-87-7909-xxx-x"  "© KL 2012"  (KL's report "Det nære sundhedsvæsen")
    "colophon": regex.compile(r"(?<![\p{L}\d])(?:ISBN|ISSN)(?![\p{L}])|^©|^Copyright\b", _F),
    # "Kære borgmester og udvalgsformand"  "Med venlig hilsen"  (KKR Hovedstaden's invitation)
    "letter": regex.compile(r"^(?:Kære\s+\p{L}|Med\s+venlig\s+hilsen|Venlig\s+hilsen)", _F),
    # "From:"  "Sent:"  "Subject:"  "Fra:"  "Emne:"  (a printed e-mail)
    "mail_header": regex.compile(r"^(?:From|Sent|To|Subject|Cc|Fra|Sendt|Til|Emne)\s*:", _F),
    # "Sagsnr.: 2011-29298" (eDoc)  "SAG-2020-05887 jebj" (KL)  "Sagsnr. 12/34567" (Acadre)
    # "EMN-2021-012345" (FirstAgenda)
    "case_marker": regex.compile(
        r"^(?:Sags?\s*n(?:umme)?r\.?\s*:?\s*\S|Sag\s*:\s*\S|(?:SAG|EMN)-\d{4}-\d{3,6}\b)", _F
    ),
    # "Sagsfremstilling"  "Indstilling"  "Beslutning"  "Bilag"  "Økonomi"  "Resume"
    "section_label": regex.compile(
        r"^(?:Sagsfremstilling|Indstilling|Beslutning(?:er)?|Bilag|Vedlagte\s+bilag|Baggrund"
        r"|Resume|Resumé|Sammendrag|Økonomi|Beslutningspunkter|Sagsforløb)\s*[:;]?$",
        _F,
    ),
    # "Punkt 3: Godkendelse af dagsorden"  (FirstAgenda)
    "punkt_heading": regex.compile(r"^Punkt\s+\d{1,4}\s*[:.]\s*\S", _F),
}

#: A front line counts as a cover field when it has at most this many words: "Dagsorden",
#: "Mødedato: 21-04-2021", "Åbent referat". Prose that mentions a "foreløbig dagsorden"
#: is longer (the invitation's sentence has 12 words).
FIELD_MAX_WORDS: Final = 6

#: Characters of text an item rarely exceeds. KL's longest item in the seed agenda has
#: about 9,000, the eDoc referat's about 4,000; the KL report's "items" (its chapters)
#: reach 103,000. Items this long with no per-item structure are chapters.
CHAPTER_CHARS: Final = 25_000

#: Share of items that must show per-item structure (a case number or a section label)
#: for the structure to count. Level-1 group headings of KL agendas ("3. Udpegninger")
#: carry none, which is why this is not all of them.
STRUCTURED_SHARE: Final = 0.5

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
    """The classifier's input, gathered by the pipeline from the layout and segment stages."""

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
    kind: Kind
    #: Sum of the weights: > 0 leans to a meeting document.
    score: float
    findings: tuple[Finding, ...]
    #: When refused: one sentence naming the deciding evidence.
    reason: str | None = None


def _meeting_words(lines: Sequence[str]) -> list[str]:
    words: list[str] = []
    for line in lines:
        if len(line.split()) > FIELD_MAX_WORDS:
            continue
        for m in RULES["meeting_word"].finditer(line):
            word = " ".join(m.group("word").lower().split())
            if word not in words:
                words.append(word)
    return words


def _count(rule: str, lines: Sequence[str]) -> int:
    return sum(1 for line in lines if RULES[rule].search(line.strip()))


def _against(doc: DocumentEvidence) -> list[Finding]:
    found = []
    colophon = _count("colophon", doc.lines)
    if colophon:
        found.append(Finding("colophon", -3.0, f"a colophon or ISBN ({colophon} line(s))"))
    letter = _count("letter", doc.lines)
    if letter:
        found.append(Finding("letter", -2.0, "a letter's salutation or closing"))
    head = doc.lines[:12]
    mail = _count("mail_header", head)
    if mail >= 3:
        found.append(Finding("mail_header", -3.0, f"an e-mail header ({mail} fields)"))
    return found


def _item_findings(doc: DocumentEvidence) -> tuple[list[Finding], bool]:
    found: list[Finding] = []
    items = doc.items
    structured = [i for i in items if i.has_case_number or i.labels]
    share = len(structured) / len(items)
    if share >= STRUCTURED_SHARE:
        found.append(
            Finding(
                "item_structure",
                4.0,
                f"{len(structured)} of {len(items)} items have a case number or section labels",
            )
        )
    longest = max(i.chars for i in items)
    if longest > CHAPTER_CHARS and share < STRUCTURED_SHARE:
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
    return found, share >= STRUCTURED_SHARE


def _refusal(doc: DocumentEvidence, findings: Sequence[Finding], words: Sequence[str]) -> str:
    """One sentence that names the deciding evidence, for the not_agenda message:
    "a 108-page document with 8 numbered headings: a colophon or ISBN (3 lines), …; no case
    numbers, section labels or meeting words"."""
    parts = [f"a {doc.page_count}-page document"]
    if doc.items:
        parts.append(f" with {len(doc.items)} numbered heading(s)")
    seen = [f.detail for f in findings if f.weight < 0]
    if seen:
        parts.append(": " + ", ".join(seen))
    missing = []
    if not any(f.signal == "item_structure" for f in findings):
        missing += ["case numbers", "section labels"]
    if not words:
        missing.append("meeting words")
    if missing:
        listed = ", ".join(missing[:-1]) + " or " + missing[-1] if len(missing) > 1 else missing[0]
        parts.append(f"{';' if seen else ','} no {listed}")
    return "".join(parts)


def classify(doc: DocumentEvidence) -> Classification:
    """Weigh the evidence and decide; never raises."""
    words = _meeting_words(doc.front_lines)
    findings: list[Finding] = []
    if words:
        weight = 2.0 if len(words) >= 2 else 1.5
        findings.append(Finding("meeting_words", weight, "front: " + ", ".join(words)))
    findings += _against(doc)
    structured = False
    if doc.items:
        item_findings, structured = _item_findings(doc)
        findings += item_findings
    score = sum(f.weight for f in findings)
    against = any(f.weight < 0 for f in findings)
    accepted = bool(doc.items) and (
        (structured and score > 0)
        or (
            bool(words)
            and any(f.signal == "toc_lists_items" for f in findings)
            and not against
        )
    )
    kind: Kind = "meeting_document" if accepted else "not_meeting_document"
    reason = None if accepted else _refusal(doc, findings, words)
    return Classification(kind, round(score, 2), tuple(findings), reason)


def unreadable_meeting(doc: DocumentEvidence) -> Classification | None:
    """When no item was read: is this still clearly a meeting document?

    It is when the front names it (at least two distinct meeting words) and its body has
    what only meeting documents print: case-number lines, or section labels, or
    ``Punkt N:`` headings, each at least twice. Returns the evidence, or None.
    """
    words = _meeting_words(doc.front_lines)
    checks: tuple[tuple[Signal, str, str], ...] = (
        ("case_markers", "case_marker", "case-number lines"),
        ("section_labels", "section_label", "section-label lines"),
        ("punkt_headings", "punkt_heading", "'Punkt N:' headings"),
    )
    body = [
        Finding(signal, 2.0, f"{count} {what}")
        for signal, rule, what in checks
        if (count := _count(rule, doc.lines)) >= 2
    ]
    if len(words) < 2 or not body or _against(doc):
        return None
    findings = (Finding("meeting_words", 2.0, "front: " + ", ".join(words)), *body)
    reason = "a meeting document (" + "; ".join(f.detail for f in findings) + ")"
    return Classification("meeting_document", sum(f.weight for f in findings), findings, reason)

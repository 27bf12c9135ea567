"""Stage 4, segment: the body's lines → items → sections → blocks.

An item heading is a line starting with an item number (``2.3.``). Numbered lists in the
body text (``1. Temadrøftelser``) look the same, so a candidate is accepted only with
evidence:

- with a table of contents: the number is a TOC entry not used yet, later than the
  previous heading's entry, and the line's text agrees with the entry's title. A
  candidate missing from the TOC is accepted only when it carries the headings' font
  (bold and size as the confirmed headings) and continues the numbering — with a
  ``heading_not_in_toc`` warning;
- without a TOC (``no_toc`` warning): heading font where fonts are known, and the
  numbering must continue (``2.`` after ``1.x``, ``2.4`` after ``2.3``).

Within an item: the case line (``SAG-2020-05887 jebj``), then sections by their labels
(``Baggrund``, ``Indstilling``, ``Sagsfremstilling``, ``Beslutning``, ``Vedlagte bilag``);
text before the first label is the ``intro`` section.

The stage also decides where attachments appended after the last item begin: at the
first page the layout stage found without the agenda's running lines, or at an attachment
title opening a page after the last item (``Bilag 2.1.1: …``), whichever comes first.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Final, Literal

import regex

from kkrparse.document import (
    HyphenChoice,
    Line,
    Metrics,
    Page,
    PageKind,
    PageSpan,
    TocEntry,
    WarningRecord,
)
from kkrparse.hyphen import Lexicon
from kkrparse.models import SectionKey
from kkrparse.paragraphs import Block, BlockKind, join_lines, make_blocks
from kkrparse.patterns import rule
from kkrparse.toc import number_key

#: A heading line and its TOC title agree when one is a prefix of the other after
#: reducing both to lower-case letters and digits, or when their common-length prefixes
#: are this similar (a typo fixed in one place only, a dropped word at the end).
TITLE_SIMILARITY: Final = 0.85
#: Heading lines are this much larger than body text when headings are set apart by
#: size alone (no bold).
HEADING_SIZE_RATIO: Final = 1.1
#: A heading wraps over at most this many lines (KL's longest take two).
MAX_HEADING_LINES: Final = 3
#: Two lines have "the same size" within this many points.
SIZE_TOLERANCE: Final = 0.6

LABEL_KEYS: Final[dict[str, SectionKey]] = {
    "baggrund": "baggrund",
    "indstilling": "indstilling",
    "sagsfremstilling": "sagsfremstilling",
    "beslutning": "beslutning",
    "vedlagte bilag": "vedlagte_bilag",
    "bilag": "vedlagte_bilag",
}

_NORM = regex.compile(r"[^\p{L}\p{N}]+")


def norm(text: str) -> str:
    return _NORM.sub("", text.lower())


def _without_kind(title: str) -> str:
    m = rule("kind_prefix").match(title)
    return m["title"] if m else title


def titles_agree(printed: str, toc_title: str) -> bool:
    """Does a heading line agree with a TOC title (kind prefixes may differ)?"""
    return _agree(printed, toc_title) or _agree(_without_kind(printed), _without_kind(toc_title))


def _agree(printed: str, toc_title: str) -> bool:
    a, b = norm(printed), norm(toc_title)
    if not a or not b:
        return False
    if b.startswith(a) or a.startswith(b):
        return min(len(a), len(b)) >= min(6, len(b))
    n = min(len(a), len(b))
    return difflib.SequenceMatcher(None, a[:n], b[:n], autojunk=False).ratio() >= TITLE_SIMILARITY


@dataclass(frozen=True, slots=True)
class Heading:
    number: str
    lines: tuple[Line, ...]
    text: str  # without the number, hyphens repaired
    toc: TocEntry | None
    #: The line-end hyphen decisions made joining a wrapped heading.
    hyphens: tuple[HyphenChoice, ...] = field(default=(), repr=False)

    @property
    def level(self) -> Literal[1, 2]:
        return 2 if "." in self.number else 1

    @property
    def parent(self) -> str | None:
        return self.number.split(".")[0] if "." in self.number else None


@dataclass(frozen=True, slots=True)
class SectionPart:
    key: SectionKey
    heading: str | None
    label_line: Line | None
    lines: tuple[Line, ...]
    blocks: tuple[Block, ...]

    @property
    def page_start(self) -> int:
        first = self.label_line or self.lines[0]
        return first.page

    @property
    def page_end(self) -> int:
        last = self.lines[-1] if self.lines else self.label_line
        assert last is not None  # a section has a label, lines, or both
        return last.page


@dataclass(frozen=True, slots=True)
class ItemPart:
    heading: Heading
    case_number: str | None
    case_officer: str | None
    sections: tuple[SectionPart, ...]
    lines: tuple[Line, ...]  # every own line, heading first (sub-items not included)
    #: Names listed under "Følgende deltog ikke i behandlingen af punktet:".
    absent: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Segmentation:
    """The segment stage's output."""

    items: tuple[ItemPart, ...]
    warnings: tuple[WarningRecord, ...]
    #: Attachments appended after the last item: from the first page layout found without
    #: the agenda's running lines, or from an attachment title opening a page after the
    #: last item, whichever comes first; to the end of the document.
    appendix: PageSpan | None

    @property
    def hyphens(self) -> tuple[HyphenChoice, ...]:
        """Every line-end hyphen decision: the headings', then the sections' blocks', each
        in document order."""
        headings = [h for item in self.items for h in item.heading.hyphens]
        blocks = [
            h for item in self.items for s in item.sections for b in s.blocks for h in b.hyphens
        ]
        return (*headings, *blocks)


def segment(
    pages: Sequence[Page],
    toc: Sequence[TocEntry],
    metrics: Metrics,
    lexicon: Lexicon,
    fonts_known: bool,
) -> Segmentation:
    """Run the segment stage on the body pages' lines."""
    lines = tuple(ln for p in pages if p.kind == PageKind.BODY for ln in p.lines)
    index = {e.number: i for i, e in enumerate(toc)}
    seg = _Segmenter(lines, tuple(toc), index, metrics, fonts_known, lexicon)
    headings, warnings = seg.find_headings()
    warnings += _toc_warnings(toc, headings, lines)
    items: list[ItemPart] = []
    titled_from: int | None = None
    for k, (_, end, heading) in enumerate(headings):
        if k + 1 < len(headings):
            stop = headings[k + 1][0]
        else:
            stop = seg.appendix_start(end)
            if stop < len(lines):
                titled_from = lines[stop].page
        items.append(seg.item(heading, lines[end:stop]))
    warnings += _unknown_labels(items)
    return Segmentation(tuple(items), tuple(warnings), _appendix(pages, titled_from))


def _appendix(pages: Sequence[Page], titled_from: int | None) -> PageSpan | None:
    starts = [p.number for p in pages if p.kind == PageKind.APPENDIX][:1]
    if titled_from is not None:
        starts.append(titled_from)
    if not starts or not pages:
        return None
    return PageSpan(min(starts), pages[-1].number)


def _toc_warnings(
    toc: Sequence[TocEntry],
    headings: Sequence[tuple[int, int, Heading]],
    lines: Sequence[Line],
) -> list[WarningRecord]:
    """TOC entries without a heading, and body text before the first heading."""
    warnings: list[WarningRecord] = []
    seen = {h.number for _, _, h in headings}
    for e in toc:
        if e.number not in seen:
            warnings.append(
                WarningRecord(
                    "toc_entry_without_heading",
                    f"TOC entry {e.number} '{e.title}' has no heading in the text",
                    e.toc_page,
                )
            )
    if headings and headings[0][0] > 0:
        first = lines[0]
        warnings.append(
            WarningRecord(
                "text_before_first_item",
                f"{headings[0][0]} line(s) of body text before the first item are not "
                f"in any item (from '{first.text[:40]}')",
                first.page,
            )
        )
    return warnings


def _unknown_labels(items: Sequence[ItemPart]) -> list[WarningRecord]:
    """A bold line like ``Økonomi:`` is kept as a sub-heading, but reported."""
    return [
        WarningRecord(
            "unknown_label",
            f"'{b.text}' looks like a section label but is not a known one; kept as a sub-heading",
            b.page_start,
        )
        for item in items
        for section in item.sections
        for b in section.blocks
        if b.kind == BlockKind.SUBHEADING
        and b.text.endswith((":", ";"))
        and len(b.text.split()) <= 3
    ]


def _absent_names(entry: Line | str, after: Line | None) -> list[str]:
    """The names on one line of a list of who did not take part in an item, or ``[]``
    when the line is not such a list's next line (a gap, a label, a sentence).

    The names follow the label one a line (``Lolan Ottesen (A)``) or on the label's own
    line, separated by commas or "og".
    """
    if isinstance(entry, Line):
        if entry.gap_before or (after is not None and entry.page != after.page):
            return []
        text = entry.text.strip()
        if rule("label").match(text) or rule("label_inline").match(text):
            return []
        m = rule("attendee").match(text)
        return [m["name"]] if m and not rule("municipality").match(m["name"]) else []
    parts = regex.split(r"\s*,\s*|\s+og\s+", entry.strip())
    found = [rule("attendee").match(p) for p in parts if p]
    return [m["name"] for m in found if m and not rule("municipality").match(m["name"])]


@dataclass
class _HeadingState:
    """What the heading search has accepted so far."""

    style: Line | None = None  # the first heading with font evidence, to compare with
    last_number: str | None = None
    last_toc: int = -1  # index of the last TOC entry matched


@dataclass(frozen=True, slots=True)
class _Segmenter:
    """What every decision of the stage reads: the body lines and the document's facts."""

    lines: tuple[Line, ...]
    toc: tuple[TocEntry, ...]
    toc_index: dict[str, int]  # TOC entry number → its index in ``toc``
    metrics: Metrics
    fonts_known: bool
    lexicon: Lexicon

    # -- headings -------------------------------------------------------------------

    def _font_evidence(self, line: Line) -> bool:
        if not self.fonts_known:
            return False
        big = bool(
            line.size
            and self.metrics.body_size
            and line.size >= self.metrics.body_size * HEADING_SIZE_RATIO
        )
        return bool(line.bold) or big

    def _same_style(self, a: Line, b: Line) -> bool:
        if a.bold != b.bold:
            return False
        if a.size is None or b.size is None:
            return True
        return abs(a.size - b.size) <= SIZE_TOLERANCE

    def _sequence_ok(self, number: str, last: str | None) -> bool:
        if last is None:
            return True
        key, prev = number_key(number), number_key(last)
        if key <= prev:
            return False
        if len(key) == 1:
            return key[0] == prev[0] + 1
        return key[0] in (prev[0], prev[0] + 1)

    def _absorb(self, start: int, entry: TocEntry | None, title: str) -> list[Line]:
        """The heading's own lines: the first one plus its wrapped continuation lines."""
        first = self.lines[start]
        taken = [first]
        acc = title
        case = None if self.fonts_known or entry is not None else self._case_line_follows(start)
        for j in range(start + 1, len(self.lines)):
            nl = self.lines[j]
            if nl.page != first.page or nl.gap_before:
                break
            if any(rule(r).match(nl.text) for r in ("case_line", "label", "heading")):
                break
            if entry is not None and norm(acc) and norm(acc).startswith(norm(entry.title)):
                break  # the title is complete
            if self.fonts_known:
                if not self._same_style(first, nl):
                    break
            elif entry is None:
                if case is None or j >= case:
                    break  # without fonts or TOC, only a case line shows where it ends
            elif not norm(entry.title).startswith(norm(acc + nl.text)):
                break
            taken.append(nl)
            acc = f"{acc} {nl.text}"
        return taken

    def _judge(
        self, i: int, number: str, title: str, state: _HeadingState
    ) -> tuple[bool, TocEntry | None, WarningRecord | None]:
        """Is the numbered line ``i`` an item heading, which TOC entry is it, and is a
        heading missing from the TOC to be reported?"""
        line = self.lines[i]
        if self.toc:
            pos = self.toc_index.get(number)
            if pos is not None:
                entry = self.toc[pos]
                if pos > state.last_toc and titles_agree(title, entry.title):
                    state.last_toc = pos
                    return True, entry, None
                return False, None, None
            missing = (
                state.style is not None
                and self._font_evidence(line)
                and self._same_style(state.style, line)
                and self._sequence_ok(number, state.last_number)
            )
            if not missing:
                return False, None, None
            warning = WarningRecord(
                "heading_not_in_toc",
                f"heading {number} is not in the table of contents",
                line.page,
            )
            return True, None, warning
        if not self._sequence_ok(number, state.last_number):
            return False, None, None
        if self.fonts_known:
            style_ok = state.style is None or self._same_style(state.style, line)
            return self._font_evidence(line) and style_ok, None, None
        return self._opens_item(i, number), None, None

    def find_headings(self) -> tuple[list[tuple[int, int, Heading]], list[WarningRecord]]:
        """(first line index, index after the heading, heading) for every item heading,
        and the warnings about headings missing from the TOC."""
        state = _HeadingState()
        found: list[tuple[int, int, Heading]] = []
        warnings: list[WarningRecord] = []
        i = 0
        while i < len(self.lines):
            line = self.lines[i]
            m = rule("heading").match(line.text)
            if not m:
                i += 1
                continue
            number = m["major"] + (f".{m['minor']}" if m["minor"] else "")
            accept, entry, warning = self._judge(i, number, m["title"], state)
            if warning is not None:
                warnings.append(warning)
            if not accept:
                i += 1
                continue
            if state.style is None and self._font_evidence(line):
                state.style = line
            taken = self._absorb(i, entry, m["title"])
            joined = join_lines(taken, self.lexicon, first_text=m["title"])
            heading = Heading(number, tuple(taken), joined.text, entry, joined.hyphens)
            found.append((i, i + len(taken), heading))
            state.last_number = number
            i += len(taken)
        return found, warnings

    def _case_line_follows(self, i: int) -> int | None:
        """Index of a case line right after line ``i``, or after the heading's wrapped
        continuation lines (no gap, same page)."""
        for j in range(i + 1, min(i + 1 + MAX_HEADING_LINES, len(self.lines))):
            ln = self.lines[j]
            if rule("case_line").match(ln.text):
                return j
            if ln.gap_before or ln.page != self.lines[i].page or rule("heading").match(ln.text):
                return None
        return None

    def _opens_item(self, i: int, number: str) -> bool:
        """Without fonts or TOC: does what follows line ``i`` look like an item's start?

        A level-2 item starts with its case line (after its heading's wrapped lines); a
        level-1 item with its first sub-item (``N.1.``) or, when it has no content, the
        next level-1 item — after an empty line or a page break, which the next entry of a
        numbered list lacks. The last item may end the document, or be followed by the
        first appended attachment. A numbered sub-heading in the body (``2.
        Beslutningssager``) is followed by its text: not an item.
        """
        if i + 1 >= len(self.lines) or self._is_appendix_title(i + 1):
            return True
        nxt = self.lines[i + 1]
        if self._case_line_follows(i) is not None:
            return True
        if "." in number:
            return False
        m = rule("heading").match(nxt.text)
        if not m or not (nxt.gap_before or nxt.page != self.lines[i].page):
            return False  # entries of a numbered list follow each other without a gap
        following = m["major"] + (f".{m['minor']}" if m["minor"] else "")
        return following in (f"{number}.1", str(int(number) + 1))

    # -- items and sections -----------------------------------------------------------

    def _label(self, line: Line) -> tuple[regex.Match[str], Line | None] | None:
        """A section label on ``line``, and the rest of the line when text follows it.

        A label is a whole line (``Baggrund``, ``Vedlagte bilag;``) — in bold, or ending in
        a colon where fonts are known — or a label and its colon at the start of a line
        with text after it (``Beslutning: Godkendt.``), the label bold where fonts are known.
        """
        text = line.text.strip()
        if not text[:1].isupper():
            return None  # "bilag." wrapped onto a line of its own ends a sentence
        m = rule("label").match(text)
        if m:
            if not self.fonts_known or line.bold or text.endswith((":", ";")):
                return m, None
            return None
        m = rule("label_inline").match(text)
        if not m:
            return None
        n = len(m.group(0).split())
        head, tail = line.words[:n], line.words[n:]
        if self.fonts_known and not all(w.bold for w in head):
            return None
        rest = replace(
            line,
            words=tail,
            text=" ".join(w.text for w in tail),
            x0=tail[0].x0,
            bold=all(w.bold for w in tail) if self.fonts_known else None,
        )
        return m, rest

    def item(self, heading: Heading, body: Sequence[Line]) -> ItemPart:
        """The item under ``heading``: its case line, then its sections."""
        case_number = case_officer = None
        rest = list(body)
        if rest:
            cm = rule("case_line").match(rest[0].text)
            if cm:
                case_number, case_officer = cm.group("case"), cm.group("officer")
                rest = rest[1:]
        sections: list[SectionPart] = []
        key: SectionKey = "intro"
        label_text: str | None = None
        label_line: Line | None = None
        chunk: list[Line] = []
        absent: list[str] = []
        listing: Line | None = None  # the last line of a list of who did not take part

        def flush() -> None:
            if not chunk and label_line is None:
                return
            blocks = make_blocks(chunk, self.metrics, self.lexicon, self.fonts_known)
            sections.append(SectionPart(key, label_text, label_line, tuple(chunk), tuple(blocks)))

        for ln in rest:
            if listing is not None and (names := _absent_names(ln, listing)):
                absent += names
                listing = ln
                continue
            listing = None
            if am := rule("item_absent").match(ln.text.strip()):
                # The label and the names under it are not section text.
                absent += _absent_names(am["rest"], None)
                listing = ln
                continue
            found = self._label(ln)
            if found:
                flush()
                lm, remainder = found
                label = " ".join(lm.group("label").lower().split())
                key, label_line = LABEL_KEYS[label], ln
                label_text = lm.group(0).strip() if remainder else ln.text.strip()
                chunk = [remainder] if remainder else []
            else:
                chunk.append(ln)
        flush()
        return ItemPart(
            heading=heading,
            case_number=case_number,
            case_officer=case_officer,
            sections=tuple(sections),
            lines=tuple(heading.lines) + tuple(body),
            absent=tuple(absent),
        )

    def appendix_start(self, start: int) -> int:
        """Where the last item ends: at the first attachment appended after it, if any."""
        for j in range(max(start, 1), len(self.lines)):
            if self._is_appendix_title(j):
                return j
        return len(self.lines)

    def _is_appendix_title(self, j: int) -> bool:
        """Does line ``j`` open an attachment appended after the agenda?

        A meeting system that prints a "dagsorden med bilag" starts each attachment on a
        new page under a title with its number ("Bilag 2.1.1: Faktaark til punkt 2.1"),
        set like a heading. A line in a "Vedlagte bilag" list that happens to open a page
        follows a label or another list entry and is set as body text, so it is not one.
        """
        if j < 1 or j >= len(self.lines):
            return False
        line, before = self.lines[j], self.lines[j - 1]
        m = rule("appendix_title").match(line.text)
        if line.page == before.page or not m:
            return False
        if rule("label").match(before.text) or rule("bullet").match(before.text):
            return False
        if self.fonts_known:
            return self._font_evidence(line)
        # Text input: a title with a colon, or one that stands apart from what follows.
        colon = line.text[m.end("number") :].lstrip(". ").startswith((":", "–", "-"))
        return colon or (j + 1 < len(self.lines) and self.lines[j + 1].gap_before)

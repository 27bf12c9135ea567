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
from kkrparse.profiles import (
    CLOSED_PART,
    CLOSED_TITLE_FORMS,
    DOCUMENT_LINE,
    EARLIER_TREATMENT,
    SUB_POINT,
    Profile,
    label_key,
)
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
#: The lines under a heading that may hold its case number, document number and earlier
#: treatments (eDoc prints three: "Sagsnr.: …", "Dok.nr.: …", "Kommunalbestyrelsen den …").
MAX_HEADER_LINES: Final = 4
#: A label no profile knows is still a label when it recurs, bold, at the same left edge
#: (within this many points) in at least this many items.
RECURRING_LABEL_ITEMS: Final = 2
LABEL_X_TOLERANCE: Final = 3.0
#: A label is a short line: at most this many words.
LABEL_MAX_WORDS: Final = 6

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
    #: The index of the TOC entry it was matched to.
    toc_pos: int | None = None

    @property
    def level(self) -> Literal[1, 2]:
        return 2 if "." in self.number else 1

    @property
    def parent(self) -> str | None:
        return self.number.split(".")[0] if "." in self.number else None


@dataclass(frozen=True, slots=True)
class DatedLabel:
    """What a dated decision label names: ``… beslutning den 04.12.2012`` → body, date."""

    body: str | None
    date: str | None  # as printed


@dataclass(frozen=True, slots=True)
class SectionPart:
    key: SectionKey
    heading: str | None
    label_line: Line | None
    lines: tuple[Line, ...]
    blocks: tuple[Block, ...]
    #: For a dated decision label: the body and date it names.
    dated: DatedLabel | None = None

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
class SubPointPart:
    """A lettered point inside an item: its heading line, its text, its own Bilag list."""

    letter: str
    title: str
    line: Line
    blocks: tuple[Block, ...]
    attachments: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class ItemPart:
    heading: Heading
    case_number: str | None
    case_officer: str | None
    sections: tuple[SectionPart, ...]
    lines: tuple[Line, ...]  # every own line, heading first (sub-items not included)
    #: Names listed under "Følgende deltog ikke i behandlingen af punktet:".
    absent: tuple[str, ...] = ()
    document_number: str | None = None
    #: Earlier treatments named under the heading, with no decision text.
    earlier: tuple[DatedLabel, ...] = ()
    sub_points: tuple[SubPointPart, ...] = ()
    closed: bool = False


@dataclass(frozen=True, slots=True)
class Segmentation:
    """The segment stage's output."""

    items: tuple[ItemPart, ...]
    warnings: tuple[WarningRecord, ...]
    #: Attachments appended after the last item: from the first page layout found without
    #: the agenda's running lines, or from an attachment title opening a page after the
    #: last item, whichever comes first; to the end of the document.
    appendix: PageSpan | None
    #: The TOC, with the numbers of an unnumbered TOC's entries taken from the headings
    #: they were matched to (entries matched to none are left out, with a warning).
    toc: tuple[TocEntry, ...] = ()

    @property
    def hyphens(self) -> tuple[HyphenChoice, ...]:
        """Every line-end hyphen decision: the headings', then the sections' blocks', each
        in document order."""
        headings = [h for item in self.items for h in item.heading.hyphens]
        blocks = [
            h for item in self.items for s in item.sections for b in s.blocks for h in b.hyphens
        ]
        points = [
            h
            for item in self.items
            for p in item.sub_points
            for b in (*p.blocks, *p.attachments)
            for h in b.hyphens
        ]
        return (*headings, *blocks, *points)


def segment(
    pages: Sequence[Page],
    toc: Sequence[TocEntry],
    metrics: Metrics,
    lexicon: Lexicon,
    fonts_known: bool,
    profile: Profile,
) -> Segmentation:
    """Run the segment stage on the body pages' lines, reading ``profile``'s forms."""
    lines = tuple(ln for p in pages if p.kind == PageKind.BODY for ln in p.lines)
    index = {e.number: i for i, e in enumerate(toc) if e.number}
    closed_pages = frozenset(
        p.number for p in pages if any(CLOSED_PART.match(h.text) for h in p.header_lines)
    )
    seg = _Segmenter(
        lines, tuple(toc), index, metrics, fonts_known, lexicon, profile, closed_pages
    )
    headings, warnings = seg.find_headings()
    seg = replace(seg, extra_labels=seg.recurring_labels(headings))
    numbered_toc = _number_toc(toc, [h for _, _, h in headings])
    warnings += _toc_warnings(numbered_toc, headings, lines, len(toc) - len(numbered_toc))
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
    return Segmentation(
        tuple(items), tuple(warnings), _appendix(pages, titled_from), tuple(numbered_toc)
    )


def _number_toc(toc: Sequence[TocEntry], headings: Sequence[Heading]) -> list[TocEntry]:
    """The TOC with every entry numbered: a TOC that prints no numbers gets the number of
    the heading each entry was matched to; unmatched unnumbered entries are left out."""
    if all(e.number for e in toc):
        return list(toc)
    matched = {h.toc_pos: h.number for h in headings if h.toc_pos is not None}
    return [replace(e, number=matched[k]) for k, e in enumerate(toc) if k in matched]


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
    unmatched_unnumbered: int = 0,
) -> list[WarningRecord]:
    """TOC entries without a heading, and body text before the first heading."""
    warnings: list[WarningRecord] = []
    if unmatched_unnumbered:
        warnings.append(
            WarningRecord(
                "toc_entry_without_heading",
                f"{unmatched_unnumbered} entries of the unnumbered TOC match no heading",
            )
        )
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


#: "Beslutning: Godkendt."  (a label and its colon, with text after it on the line)
_INLINE_LABEL: Final = regex.compile(r"^(?P<head>[^:;]{2,60}?)\s*[:;](?=\s+\S)")
#: Points of a sub-point's left edge within which a line still belongs to it.
SUB_POINT_X_TOLERANCE: Final = 2.0


@dataclass(frozen=True, slots=True)
class _LabelHit:
    key: SectionKey
    heading: str  # the label as printed
    rest: Line | None  # the text after an inline label
    dated: DatedLabel | None = None


@dataclass
class _HeaderBlock:
    case: str | None = None
    officer: str | None = None
    document: str | None = None
    earlier: list[DatedLabel] = field(default_factory=list)
    taken: int = 0  # lines of the body the block holds


@dataclass
class _OpenSubPoint:
    letter: str
    title: str
    line: Line
    indent: float  # where its title's text starts
    title_lines: list[Line] = field(default_factory=list)  # the title's wrapped lines
    text: list[Line] = field(default_factory=list)
    bilag: list[Line] | None = None  # after its own Bilag label


class _ItemReader:
    """Reads an item's lines after its header block: sections by their labels, the
    lettered sub-points with their own Bilag lists, and who did not take part."""

    def __init__(self, seg: _Segmenter) -> None:
        self.seg = seg
        self.sections: list[SectionPart] = []
        self.sub_points: list[SubPointPart] = []
        self.absent: list[str] = []
        self.key: SectionKey = "intro"
        self.label_text: str | None = None
        self.label_line: Line | None = None
        self.dated: DatedLabel | None = None
        self.chunk: list[Line] = []
        self.listing: Line | None = None  # the last line of a list of who did not take part
        self.sub: _OpenSubPoint | None = None

    def _blocks(self, lines: Sequence[Line]) -> tuple[Block, ...]:
        seg = self.seg
        return tuple(make_blocks(lines, seg.metrics, seg.lexicon, seg.fonts_known))

    def flush(self) -> None:
        if not self.chunk and self.label_line is None:
            return
        part = SectionPart(
            self.key,
            self.label_text,
            self.label_line,
            tuple(self.chunk),
            self._blocks(self.chunk),
            self.dated,
        )
        self.sections.append(part)
        self.chunk, self.label_line, self.label_text, self.dated = [], None, None, None

    def _close_sub(self) -> None:
        sub, self.sub = self.sub, None
        if sub is not None:
            seg = self.seg
            title = join_lines([sub.line, *sub.title_lines], seg.lexicon, first_text=sub.title)
            self.sub_points.append(
                SubPointPart(
                    sub.letter, title.text, sub.line, self._blocks(sub.text),
                    self._blocks(sub.bilag or []),
                )
            )  # fmt: skip

    def _sub_point_start(self, ln: Line) -> _OpenSubPoint | None:
        seg = self.seg
        if not seg.profile.sub_points:
            return None
        m = SUB_POINT.match(ln.text.strip())
        # Bold, or (as eDoc sets them, a hanging-indent list) before any section label.
        if m is None or not (ln.bold or (self.key == "intro" and self.label_line is None)):
            return None
        expected = chr(ord(self.sub_points[-1].letter) + 1) if self.sub_points else "a"
        if self.sub is not None:
            expected = chr(ord(self.sub.letter) + 1)
        if m["letter"] != expected:
            return None
        indent = ln.words[1].x0 if len(ln.words) > 1 else ln.x0
        return _OpenSubPoint(m["letter"], m["title"], ln, indent)

    def _in_sub(self, ln: Line, hit: _LabelHit | None) -> bool:
        """Does ``ln`` belong to the open sub-point? Its own Bilag label and list, and
        its text, stand at its indent; a label back at the item's edge ends it."""
        sub = self.sub
        assert sub is not None
        inside = ln.x0 >= sub.indent - SUB_POINT_X_TOLERANCE
        if hit is not None and not inside:
            return False
        if hit is not None and hit.key == "vedlagte_bilag" and sub.bilag is None:
            sub.bilag = [hit.rest] if hit.rest else []
            return True
        if hit is not None or not inside:
            return False
        last = (sub.title_lines or [sub.line])[-1]
        if not sub.text and sub.bilag is None and not ln.gap_before and ln.page == last.page:
            sub.title_lines.append(ln)  # the title wraps
        else:
            (sub.text if sub.bilag is None else sub.bilag).append(ln)
        return True

    def feed(self, ln: Line) -> None:
        if self.listing is not None and (names := _absent_names(ln, self.listing)):
            self.absent += names
            self.listing = ln
            return
        self.listing = None
        if am := rule("item_absent").match(ln.text.strip()):
            # The label and the names under it are not section text.
            self._close_sub()
            self.absent += _absent_names(am["rest"], None)
            self.listing = ln
            return
        if (start := self._sub_point_start(ln)) is not None:
            self._close_sub()
            self.flush()
            self.sub = start
            return
        hit = self.seg._label(ln)
        if self.sub is not None:
            if self._in_sub(ln, hit):
                return
            self._close_sub()
        if hit is not None:
            self.flush()
            self.key, self.label_line, self.label_text = hit.key, ln, hit.heading
            self.dated = hit.dated
            self.chunk = [hit.rest] if hit.rest else []
        else:
            self.chunk.append(ln)

    def finish(self) -> None:
        self._close_sub()
        self.flush()


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
    profile: Profile
    #: Pages whose running lines say they are the closed part ("Lukket referat").
    closed_pages: frozenset[int] = frozenset()
    #: Labels no profile knows that recur in the items (``recurring_labels``).
    extra_labels: frozenset[str] = frozenset()

    def _heading_number(self, text: str) -> tuple[str, str] | None:
        """The item number and title of a line in one of the profile's heading forms."""
        m = self.profile.heading(text)
        if m is None:
            return None
        minor = m.groupdict().get("minor")
        return m["major"] + (f".{minor}" if minor else ""), m["title"]

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
        if self.profile.numbering == "increasing":
            return True  # a running number of the year: gaps are normal
        if len(key) == 1:
            return key[0] == prev[0] + 1
        return key[0] in (prev[0], prev[0] + 1)

    def _absorb(self, start: int, entry: TocEntry | None, title: str) -> list[Line]:
        """The heading's own lines: the first one plus its wrapped continuation lines."""
        first = self.lines[start]
        taken = [first]
        acc = title
        case = None if self.fonts_known else self._case_line_follows(start)
        for j in range(start + 1, len(self.lines)):
            nl = self.lines[j]
            if nl.page != first.page or nl.gap_before:
                break
            if (
                self.profile.case(nl.text)
                or self._label(nl) is not None
                or self._heading_number(nl.text)
            ):
                break
            complete = entry is not None and norm(acc).startswith(norm(entry.title))
            if complete and not (self.fonts_known and self._same_style(first, nl)):
                # The title is complete, unless the heading's font goes on: a TOC may
                # print a long title cut short ("… for alle udvalg og ...").
                break
            if self.fonts_known:
                if not self._same_style(first, nl):
                    break
            elif case is not None and j < case:
                pass  # the case line under it shows where it ends, also where the TOC cut it
            elif entry is None:
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
        if self.toc and not self.toc[0].number:
            # A TOC that prints no numbers: the next entry whose title agrees.
            for pos in range(state.last_toc + 1, len(self.toc)):
                if titles_agree(title, self.toc[pos].title):
                    state.last_toc = pos
                    return True, self.toc[pos], None
            return False, None, None
        if self.toc:
            at = self.toc_index.get(number)
            if at is not None:
                entry = self.toc[at]
                if at > state.last_toc and titles_agree(title, entry.title):
                    state.last_toc = at
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
            found_number = self._heading_number(line.text)
            if found_number is None:
                i += 1
                continue
            number, title = found_number
            accept, entry, warning = self._judge(i, number, title, state)
            if warning is not None:
                warnings.append(warning)
            if not accept:
                i += 1
                continue
            if state.style is None and self._font_evidence(line):
                state.style = line
            taken = self._absorb(i, entry, title)
            joined = join_lines(taken, self.lexicon, first_text=title)
            pos = state.last_toc if entry is not None else None
            heading = Heading(number, tuple(taken), joined.text, entry, joined.hyphens, pos)
            found.append((i, i + len(taken), heading))
            state.last_number = number
            i += len(taken)
        return found, warnings

    def _case_line_follows(self, i: int) -> int | None:
        """Index of a case line right after line ``i``, or after the heading's wrapped
        continuation lines (no gap, same page)."""
        for j in range(i + 1, min(i + 1 + MAX_HEADING_LINES, len(self.lines))):
            ln = self.lines[j]
            if self.profile.case(ln.text):
                return j
            if (
                ln.gap_before
                or ln.page != self.lines[i].page
                or self._heading_number(ln.text) is not None
            ):
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
        found = self._heading_number(nxt.text)
        if not found or not (nxt.gap_before or nxt.page != self.lines[i].page):
            return False  # entries of a numbered list follow each other without a gap
        following = found[0]
        if self.profile.numbering == "increasing":
            return number_key(following) > number_key(number)
        return following in (f"{number}.1", str(int(number) + 1))

    # -- items and sections -----------------------------------------------------------

    def _label(self, line: Line) -> _LabelHit | None:
        """A section label on ``line``, and the rest of the line when text follows it.

        A label is a whole line the profile lists (``Baggrund``, ``Vedlagte bilag;``) — in
        bold, or ending in a colon where fonts are known — or one of its dated decision
        labels (``… beslutning den 04.12.2012 Punkt 2``), or a label and its colon at the
        start of a line with text after it (``Beslutning: Godkendt.``), the label bold
        where fonts are known. A bold line that recurs as a label in several items but no
        profile lists is a label too, with key ``other``.
        """
        text = line.text.strip()
        if not text[:1].isupper():
            return None  # "bilag." wrapped onto a line of its own ends a sentence
        if (dm := self.profile.decision(text)) is not None:
            return _LabelHit("beslutning", text, None, DatedLabel(dm["body"], dm["date"]))
        if len(text.split()) <= LABEL_MAX_WORDS:
            key = self.profile.label(text)
            if key is None and self.fonts_known and line.bold:
                key = "other" if label_key(text) in self.extra_labels else None
            if key is not None:
                if not self.fonts_known or line.bold or text.endswith((":", ";")):
                    return _LabelHit(key, text, None)
                return None
        m = _INLINE_LABEL.match(text)
        if not m or (key := self.profile.label(m["head"])) is None:
            return None
        n = len(m.group(0).split())
        head, tail = line.words[:n], line.words[n:]
        if not tail or (self.fonts_known and not all(w.bold for w in head)):
            return None
        rest = replace(
            line,
            words=tail,
            text=" ".join(w.text for w in tail),
            x0=tail[0].x0,
            bold=all(w.bold for w in tail) if self.fonts_known else None,
        )
        return _LabelHit(key, m.group(0).strip(), rest)

    def recurring_labels(self, headings: Sequence[tuple[int, int, Heading]]) -> frozenset[str]:
        """Bold short lines no profile lists that stand, as a label would, at the same left
        edge in at least ``RECURRING_LABEL_ITEMS`` items: labels of a template the
        profile does not know (``Høring``, ``Kommunikation``)."""
        if not self.fonts_known or len(headings) < RECURRING_LABEL_ITEMS:
            return frozenset()
        seen: dict[str, list[tuple[int, float]]] = {}
        bounds = [(end, headings[k + 1][0] if k + 1 < len(headings) else len(self.lines))
                  for k, (_, end, _) in enumerate(headings)]  # fmt: skip
        for k, (start, stop) in enumerate(bounds):
            for ln in self.lines[start:stop]:
                text = ln.text.strip()
                if (
                    ln.bold
                    and text[:1].isupper()
                    and len(text.split()) <= LABEL_MAX_WORDS
                    and not text.endswith((".", ","))
                    and self.profile.label(text) is None
                    and not SUB_POINT.match(text)
                    and self._heading_number(text) is None
                ):
                    seen.setdefault(label_key(text), []).append((k, ln.x0))
        found = set()
        for key, places in seen.items():
            items = {k for k, _ in places}
            xs = [x for _, x in places]
            if len(items) >= RECURRING_LABEL_ITEMS and max(xs) - min(xs) <= LABEL_X_TOLERANCE:
                found.add(key)
        return frozenset(found)

    def _header_block(self, body: Sequence[Line]) -> _HeaderBlock:
        """The case-number, document-number and earlier-treatment lines right under a
        heading, in any order (eDoc prints ``Sagsnr.:``, ``Dok.nr.:`` and a line naming an
        earlier meeting; KL and FirstAgenda a case line)."""
        block = _HeaderBlock()
        for ln in body[:MAX_HEADER_LINES]:
            text = ln.text.strip()
            if block.case is None and (cm := self.profile.case(text)):
                block.case, block.officer = cm["case"], cm.groupdict().get("officer")
            elif block.document is None and self.profile.decisions and (
                dm := DOCUMENT_LINE.match(text)
            ):
                block.document = dm["document"]
            elif (
                self.profile.decisions
                and (em := EARLIER_TREATMENT.match(text))
                # "Xs beslutning den 07.03.2023 Punkt 3" is a decision label, not a line
                # naming an earlier treatment, even right under the Dok.nr. line
                and not self.profile.decision(text)
            ):
                block.earlier.append(DatedLabel(em["body"], em["date"]))
            else:
                break
            block.taken += 1
        return block

    def item(self, heading: Heading, body: Sequence[Line]) -> ItemPart:
        """The item under ``heading``: its header lines, then its sections and sub-points."""
        header = self._header_block(body)
        reader = _ItemReader(self)
        for ln in body[header.taken :]:
            reader.feed(ln)
        reader.finish()
        return ItemPart(
            heading=heading,
            case_number=header.case,
            case_officer=header.officer,
            sections=tuple(reader.sections),
            lines=tuple(heading.lines) + tuple(body),
            absent=tuple(reader.absent),
            document_number=header.document,
            earlier=tuple(header.earlier),
            sub_points=tuple(reader.sub_points),
            closed=self._closed(heading),
        )

    def _closed(self, heading: Heading) -> bool:
        """Closed: listed in the TOC's closed part, printed on a page whose running lines
        say ``Lukket``, or marked so in its title (``Lukket: …``, ``… (Lukket)``)."""
        if heading.toc is not None and heading.toc.closed:
            return True
        if heading.lines[0].page in self.closed_pages:
            return True
        return any(form.match(heading.text) for form in CLOSED_TITLE_FORMS)

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

"""Stage 2, layout: words → lines per page; running headers and footers removed; cover and
table-of-contents pages recognised; the document's metrics learnt.

A running header or footer is recognised by *position and repetition*, never by its
wording: a line in the top or bottom band of the page whose text, with digits masked,
recurs on at least half of the pages (or on at least half of the pages up to the last one
it appears on: attachments appended to an agenda do not carry its header). A line in a
band that is only a page number (``SIDE | 3``, ``Side 3 af 39``, ``- 3 -``) is a footer
or header on its own.

Attachments appended after the last item (a "dagsorden med bilag") are the pages after the
last one that carries the agenda's own running header or footer: the lines that already
run on the agenda's first body page. The attachments were printed by other people's
programs, so they never carry them.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Final

import regex

from kkrparse.document import (
    Line,
    Metrics,
    Page,
    PageKind,
    RawDocument,
    RawPage,
    WarningRecord,
    Word,
)
from kkrparse.patterns import rule
from kkrparse.profiles import ANY_HEADING, CLOSED_PART, OPEN_PART, PROFILES, Profile

#: Share of the page height at the top and at the bottom where running headers and
#: footers live. KL prints its header within the top 8 % of an A4 page; 12 % leaves room
#: for other producers' taller headers without reaching body text (which starts lower).
HEADER_BAND: Final = 0.12
#: In text input there is no height: the first and last lines of a page form the bands.
TEXT_BAND_LINES: Final = 3
#: ... extended by the lines stacked on them, up to this many: the tallest running block
#: seen (eDoc's, five lines).
TEXT_BLOCK_LINES: Final = 5
#: A line text (digits masked) that recurs in a band on at least this share of the pages
#: is a running header/footer. Half, because covers and TOC pages often lack it.
REPEAT_SHARE: Final = 0.5
#: A line that runs from the start of the document and then stops (the agenda before its
#: attachments) must be seen on at least this many pages, so two pages that happen to
#: share a line in a band are not enough.
MIN_PREFIX_PAGES: Final = 3
#: Points by which a running line's position may vary from page to page.
SAME_PLACE: Final = 2.0
#: Share of a running line's occurrences whose last number must be the page number plus
#: one common offset.
RUNNING_OFFSET_SHARE: Final = 0.8
#: Two lines belong to one running block when the white space between them is at most
#: this many ems of the smaller font: lines set solid leave 0.2 em, one empty line at 1.2
#: leading 1.4 em (eDoc's block: 1.75 em after its first line). A block stands clear of
#: the body by more (eDoc: 6 em; KL's header: 4.5 em).
BLOCK_GAP_EMS: Final = 2.0
#: A running block lies within this share of the page height from its edge: the page's
#: margin, above or below the body. eDoc's five-line header block ends at 17 %.
BLOCK_REACH: Final = 0.25
#: Words closer than this share of the font size belong to one token (a font change
#: inside a word, "Beslutning" bold + ":" regular, splits it into two words).
JOIN_GAP: Final = 0.12
#: A hyphen that ends a line closer than this share of the font size to the word before it
#: belongs to that word: LibreOffice sets its automatic hyphen in justified text a little
#: apart (0.16 em seen), but never as far as a space (0.22 em in Calibri/Carlito, more in
#: other fonts), which a dash standing alone ("Sjælland -") has before it.
LINE_END_HYPHEN_GAP: Final = 0.2
#: A vertical distance between two lines (baseline to baseline) larger than this many
#: usual line pitches means an empty line between them: a paragraph gap. One empty line
#: gives 2.0; 1.5 sits between a wrapped line (1.0) and one blank line.
GAP_PITCHES: Final = 1.5
#: A page's first body line lower than the usual body top by this many pitches has an
#: empty line above it (the paragraph before ended on the previous page).
TOP_GAP_PITCHES: Final = 0.6
#: Letter-spaced text (a heading set with wide character spacing) reaches the word stage
#: as single letters. A run of at least this many one- or two-letter fragments whose
#: gaps are equal within LETTER_GAP_SAME ems is one word; a gap wider than the letter gap
#: by LETTER_WORD_EMS (under the narrowest space, 0.22 em) is a word space in it. A run
#: with no word space in it is one word only when its gap is narrower than any space
#: (LETTER_MAX_EMS): single letters set apart by spaces ("a b c d") stay apart.
LETTER_RUN: Final = 4
LETTER_GAP_SAME: Final = 0.05
LETTER_WORD_EMS: Final = 0.15
LETTER_MAX_EMS: Final = 0.22
#: Gaps between words are counted in bins of this many points to find the natural space.
SPACE_BIN: Final = 0.1
#: Lines on a page with dot leaders and a page number needed to call it a TOC page.
TOC_MIN_ENTRIES: Final = 3
#: Without dot leaders, a TOC page number stands apart from its title by at least this
#: many ems (PDF) or character columns (text): far wider than any space, even a
#: justified one.
TOC_GAP_EMS: Final = 2.0
TOC_TEXT_GAP: Final = 3.0

_NUMBER = regex.compile(r"\d+")
_SPACES = regex.compile(r"\s+")


def _mask(text: str) -> str:
    """The text with every number as one ``#``: ``SIDE | 9`` and ``SIDE | 10`` are one line."""
    return _SPACES.sub(" ", _NUMBER.sub("#", text.lower())).strip()


def _merge_fragments(words: list[Word], fonts_known: bool) -> list[Word]:
    """Join word fragments with no gap between them (a font change inside one token), and
    a line-end hyphen set a little apart from its word."""
    merged: list[Word] = []
    for k, w in enumerate(words):
        if merged and fonts_known:
            prev = merged[-1]
            size = w.size or prev.size or 10.0
            ratio = JOIN_GAP
            if k == len(words) - 1 and w.text in ("-", "\u00ad"):
                ratio = LINE_END_HYPHEN_GAP
            if w.x0 - prev.x1 < ratio * size:
                merged[-1] = Word(
                    text=prev.text + w.text,
                    x0=prev.x0,
                    x1=w.x1,
                    top=min(prev.top, w.top),
                    bottom=max(prev.bottom, w.bottom),
                    size=max(prev.size or 0, w.size or 0) or None,
                    bold=(prev.bold and w.bold) if prev.bold is not None else None,
                )
                continue
        merged.append(w)
    return merged


def _joined(words: Sequence[Word]) -> Word:
    return Word(
        text="".join(w.text for w in words),
        x0=words[0].x0,
        x1=words[-1].x1,
        top=min(w.top for w in words),
        bottom=max(w.bottom for w in words),
        size=max((w.size or 0 for w in words), default=0) or None,
        bold=words[0].bold if all(w.bold == words[0].bold for w in words) else False,
    )


def _letter_spaced(run: Sequence[Word]) -> list[Word]:
    """``run`` (fragments of one or two letters) rejoined into words when its letters are
    set with one equal gap: the narrowest gap is the letter spacing, and a gap wider than
    it by ``LETTER_WORD_EMS`` is a word space (``s u n d h e d s v æ s e n``)."""
    size = run[0].size or 10.0
    gaps = [b.x0 - a.x1 for a, b in itertools.pairwise(run)]
    letter = min(gaps)
    inner = [g for g in gaps if g < letter + LETTER_WORD_EMS * size]
    if max(inner) - letter > LETTER_GAP_SAME * size:
        return list(run)  # uneven: words set apart, not letters spaced out
    words: list[Word] = []
    part = [run[0]]
    for gap, w in zip(gaps, run[1:], strict=True):
        if gap < letter + LETTER_WORD_EMS * size:
            part.append(w)
        else:
            words.append(_joined(part))
            part = [w]
    words.append(_joined(part))
    if len(words) == 1 and letter >= LETTER_MAX_EMS * size:
        return list(run)  # as wide as a space, and no wider one: words, not letters
    if all(len(w.text) <= 2 for w in words):
        return list(run)  # no word came of it
    return words


def _join_letter_spacing(words: list[Word]) -> list[Word]:
    """Rejoin letter-spaced words: runs of ``LETTER_RUN`` or more fragments of at most two
    letters, in one size, mostly single letters."""
    out: list[Word] = []
    k = 0
    while k < len(words):
        j = k
        while (
            j < len(words)
            and len(words[j].text) <= 2
            and words[j].text.isalpha()
            and words[j].size == words[k].size
        ):
            j += 1
        run = words[k:j]
        if len(run) >= LETTER_RUN and 2 * sum(len(w.text) == 1 for w in run) > len(run):
            out.extend(_letter_spaced(run))
            k = j
        else:
            out.append(words[k])
            k += 1
    return out


def _make_line(page: int, words: list[Word], fonts_known: bool) -> Line:
    words = _merge_fragments(sorted(words, key=lambda w: w.x0), fonts_known)
    if fonts_known:
        words = _join_letter_spacing(words)
    sizes = [w.size for w in words if w.size is not None]
    bolds = [w.bold for w in words]
    bold = None if any(b is None for b in bolds) else all(bolds)
    return Line(
        page=page,
        words=tuple(words),
        text=" ".join(w.text for w in words),
        x0=words[0].x0,
        x1=max(w.x1 for w in words),
        top=min(w.top for w in words),
        bottom=max(w.bottom for w in words),
        size=max(sizes) if sizes else None,
        bold=bold,
    )


def group_lines(page: RawPage, fonts_known: bool) -> list[Line]:
    """Cluster a page's words into lines by their vertical middle, top to bottom."""
    words = sorted(page.words, key=lambda w: ((w.top + w.bottom) / 2, w.x0))
    clusters: list[list[Word]] = []
    mids: list[float] = []  # the middles of the last cluster's words
    for w in words:
        mid = (w.top + w.bottom) / 2
        if clusters:
            last = clusters[-1]
            last_mid = math.fsum(mids) / len(mids)  # statistics.fmean, without its overhead
            height = min(w.bottom - w.top, last[0].bottom - last[0].top)
            if abs(mid - last_mid) <= max(0.45 * height, 0.01):
                last.append(w)
                mids.append(mid)
                continue
        clusters.append([w])
        mids = [mid]
    return [_make_line(page.number, c, fonts_known) for c in clusters]


# --- columns ---------------------------------------------------------------------------

#: A gutter between two columns is a vertical strip at least this many ems wide (of the
#: page's most common size) that almost no line's words cross: word spaces, even
#: justified ones, are under 1 em, and scatter over the page; a gutter is 1.5-2 ems (KL's
#: three-column pages: 16 pt at 9 pt) and lies in the same place on every line.
GUTTER_EMS: Final = 1.0
#: Share of the page's lines that may cross a gutter: headings and figures spanning it.
GUTTER_CROSSING: Final = 0.1
#: A column holds at least this many lines, most of them with at least COLUMN_WORDS
#: words: running text, not a table's cells or a TOC's page numbers.
COLUMN_LINES: Final = 5
COLUMN_WORDS: Final = 3
#: The largest page the column search looks across, in points: PDF's own limit for a page
#: side (14,400 pt, 200 inches, ISO 32000 Annex C) at the default user unit.
MAX_PAGE_POINTS: Final = 14_400.0


def _gutters(lines: Sequence[Line], width: float) -> list[tuple[float, float]]:
    """The x-intervals of the page's column gutters (none on a one-column page)."""
    sizes = Counter(w.size for ln in lines for w in ln.words if w.size)
    if len(lines) < COLUMN_LINES or not sizes:
        return []
    em = sizes.most_common(1)[0][0]
    # Only the page's own width counts: a damaged file can place words off the page (or
    # give a page box of absurd size), and nothing off the page is a column.
    span = int(min(max(width, 0.0), MAX_PAGE_POINTS)) + 2
    cover = [0] * span
    for ln in lines:
        seen: set[int] = set()
        for w in ln.words:
            seen.update(range(max(int(w.x0), 0), min(math.ceil(w.x1), span)))
        for x in seen:
            cover[x] += 1
    left = max(min(int(ln.x0) for ln in lines), 0)
    right = min(max(math.ceil(ln.x1) for ln in lines), span)
    limit = GUTTER_CROSSING * len(lines)
    gutters: list[tuple[float, float]] = []
    x = left
    while x < right:
        if cover[x] <= limit:
            start = x
            while x < right and cover[x] <= limit:
                x += 1
            if x < right and x - start >= GUTTER_EMS * em:
                gutters.append((float(start), float(x)))
        x += 1
    return gutters


def _split_at(line: Line, gutters: Sequence[tuple[float, float]]) -> list[list[Word]] | None:
    """The line's words per column, or None when a word crosses the middle of a gutter (a
    heading or a figure spanning the columns; a word may reach into a gutter's edge)."""
    parts: list[list[Word]] = [[] for _ in range(len(gutters) + 1)]
    for w in line.words:
        k = 0
        for g0, g1 in gutters:
            mid = (g0 + g1) / 2
            if w.x0 < mid < w.x1:
                return None
            if w.x0 >= mid:
                k += 1
        parts[k].append(w)
    return parts


def read_columns(page: RawPage, lines: list[Line], fonts_known: bool) -> list[Line]:
    """The page's lines in reading order: a multi-column page column by column.

    Columns come from the x-distribution of the words: a gutter is a strip no line's words
    cross (see ``GUTTER_EMS``). Lines that cross a gutter (a heading over the columns)
    stay whole and divide the page into sections; each section is read column by column,
    each column's lines found again from its own words (columns need not share baselines).
    Every column must be running text over the page (``COLUMN_LINES``, ``COLUMN_WORDS``),
    or the page is read as one column: tables and TOC page numbers are not columns.
    """
    if not fonts_known:
        return lines
    gutters = _gutters(lines, page.width)
    if not gutters:
        return lines
    count = len(gutters) + 1
    pieces: list[Line | list[list[Line]]] = []  # spanning lines and sections' columns
    section: list[list[Word]] = [[] for _ in range(count)]

    def flush() -> None:
        if any(section):
            pieces.append([group_lines(replace(page, words=tuple(c)), True) for c in section])
        for c in section:
            c.clear()

    for ln in lines:
        parts = _split_at(ln, gutters)
        if parts is None:
            flush()
            pieces.append(ln)
        else:
            for k, part in enumerate(parts):
                section[k].extend(part)
    flush()
    for k in range(count):
        column = [ln for piece in pieces if isinstance(piece, list) for ln in piece[k]]
        full = sum(len(ln.words) >= COLUMN_WORDS for ln in column)
        if len(column) < COLUMN_LINES or 2 * full < len(column):
            return lines
    out: list[Line] = []
    for piece in pieces:
        if isinstance(piece, list):
            for column in piece:
                out.extend(_with_right_edge(column))
        else:
            out.append(piece)
    return out


def _with_right_edge(column: Sequence[Line]) -> list[Line]:
    """The column's lines, each knowing where the column's full lines end: the rightmost
    end of a line of several words (justified lines reach it, ragged ones come closest)."""
    right = max((ln.x1 for ln in column if len(ln.words) > 1), default=None)
    return [replace(ln, right_edge=right) for ln in column]


def _band_indices(lines: Sequence[Line], raw: RawPage, fonts_known: bool) -> list[int]:
    """Indexes of the lines in the page's top and bottom bands, top band first."""
    if not fonts_known:
        head = list(range(min(TEXT_BAND_LINES, len(lines))))
        # and the lines stacked under them without an empty line: eDoc's running block
        # (committee / Referat / Åbent referat / Dato: 04.12.2012 / Side 3) has five
        while (
            head
            and len(head) < TEXT_BLOCK_LINES
            and head[-1] + 1 < len(lines)
            and lines[head[-1] + 1].top - lines[head[-1]].top <= 1
        ):
            head.append(head[-1] + 1)
        tail = range(max(len(lines) - TEXT_BAND_LINES, 0), len(lines))
        return head + [i for i in tail if i not in head]
    top_limit = raw.height * HEADER_BAND
    bottom_limit = raw.height * (1 - HEADER_BAND)
    return [i for i, ln in enumerate(lines) if ln.bottom <= top_limit or ln.top >= bottom_limit]


def _counts_pages(occurrences: Sequence[tuple[int, Line]]) -> bool:
    return _numbers_follow_pages([(page_no, ln.text) for page_no, ln in occurrences])


def _numbers_follow_pages(occurrences: Sequence[tuple[int, str]]) -> bool:
    """Do the numbers in these lines follow the page numbers (``SIDE | 3`` on page 3)?

    Masking digits makes ``SIDE | 3`` and ``SIDE | 4`` one text; it also makes two
    headings ``1. Sager`` and ``2. Sager`` one. A running line's numbers are either the
    same on every page or the physical page number plus a fixed offset (an unnumbered
    cover); anything else is body text that happens to repeat.
    """
    texts = {text for _, text in occurrences}
    if len(texts) == 1:
        return True
    # Lines with the same masked text have their numbers in the same places; one of those
    # places must follow the page ("Side 3 af 39": the first number does).
    columns: dict[int, Counter[int]] = defaultdict(Counter)
    for page_no, text in occurrences:
        for j, number in enumerate(_NUMBER.findall(text)):
            columns[j][int(number) - page_no] += 1
    need = RUNNING_OFFSET_SHARE * len(occurrences)
    return any(c.most_common(1)[0][1] >= need for c in columns.values())


def _system_line(profile: Profile, text: str) -> bool:
    """A label, dated decision label or case line of the system: item structure."""
    return bool(profile.label(text) or profile.decision(text) or profile.case(text))


def find_running_lines(
    pages: Sequence[tuple[RawPage, list[Line]]], fonts_known: bool
) -> dict[tuple[int, int], str]:
    """(page number, line index) → masked text, for every running header/footer line."""
    groups: dict[str, list[tuple[int, int, Line]]] = defaultdict(list)
    sizes = {raw.number: len(lines) for raw, lines in pages}
    for raw, lines in pages:
        for i in _band_indices(lines, raw, fonts_known):
            ln = lines[i]
            if (
                _is_toc_line(ln, fonts_known)
                or any(rule(r).match(ln.text) for r in ("heading", "label", "case_line"))
                or any(_system_line(p, ln.text) for p in PROFILES.values())
            ):
                # item headings, labels (any system's: "Beslutninger" ends every item of
                # FirstAgenda minutes, near the foot of its page), case lines (any system's:
                # "00.01.00-A00-1-23"), TOC entries never run
                continue
            groups[_mask(ln.text)].append((raw.number, i, ln))
    needed = max(2, REPEAT_SHARE * len(pages))
    running: dict[tuple[int, int], str] = {}
    for key, found in groups.items():
        pages_with = {page_no for page_no, _, _ in found}
        alone = bool(rule("page_number").match(key.replace("#", "1")))
        # Page numbers are physical, 1-based, so the last page seen is the prefix length.
        # A line that runs only part of the way must also sit in one place on every page,
        # as a running header does and body text that happens to repeat does not.
        tops = [ln.top for _, _, ln in found]
        in_place = max(tops) - min(tops) <= (SAME_PLACE if fonts_known else 0)
        enough = len(pages_with) >= max(MIN_PREFIX_PAGES, REPEAT_SHARE * max(pages_with))
        prefix = enough and in_place
        if (
            len(pages) == 1
            and alone
            and all(int(_NUMBER.findall(ln.text)[0]) == page_no for page_no, _, ln in found)
        ):
            # One page: nothing repeats, so no header can be told from a title, but a
            # band line that is only the page's own number ("Side 1 af 1") is a footer.
            running.update(((page_no, i), key) for page_no, i, _ in found)
            continue
        if len(pages_with) < (2 if alone else needed) and not prefix:
            continue
        if not fonts_known and not (
            _text_in_place([(p, i, sizes[p]) for p, i, _ in found])
            and ("#" in key or len(pages_with) >= MIN_PREFIX_PAGES)
        ):
            # Text has no page height: a band is a page's first and last lines, which on
            # short pages are body text ("Godkendt." ending two items' pages). A line there
            # must keep its place and, unless it carries a page number or date, be seen
            # on three pages.
            continue
        if _counts_pages([(page_no, ln) for page_no, _, ln in found]):
            running.update(((page_no, i), key) for page_no, i, _ in found)
    if fonts_known:
        running.update(_running_blocks(pages, running))
    else:
        running.update(_sandwiched(pages, running))
    return running


def _text_in_place(found: Sequence[tuple[int, int, int]]) -> bool:
    """In text input, does a line keep one place on every page it is on: the same line of
    the top band (a header) or of the bottom band (a footer)? On a short page the bands
    overlap the body, where one layout per item puts the same decision on the same line.
    ``found``: (page, line index, the page's line count)."""
    from_top = {i for _, i, _ in found}
    from_end = {size - i for _, i, size in found}
    header = len(from_top) == 1 and min(from_top) < TEXT_BLOCK_LINES
    footer = len(from_end) == 1 and max(from_end) <= TEXT_BAND_LINES
    return header or footer


def _sandwiched(
    pages: Sequence[tuple[RawPage, list[Line]]], running: dict[tuple[int, int], str]
) -> dict[tuple[int, int], str]:
    """Text input: the part of the meeting a page belongs to (eDoc's ``Åbent referat`` /
    ``Lukket referat``), printed between two running lines of its page, is a field of the
    running block whose text varies; without fonts, nothing else tells it from a title."""
    found: dict[tuple[int, int], str] = {}
    for raw, lines in pages:
        for i in _band_indices(lines, raw, False):
            n, text = raw.number, lines[i].text.strip()
            part = OPEN_PART.match(text) or CLOSED_PART.match(text)
            if part and (n, i - 1) in running and (n, i + 1) in running:
                found[(n, i)] = _mask(text)
    return found


# --- running blocks: several stacked lines in the page margin ---------------------------

#: A line of a running block: (page number, line index, line).
_Slot = tuple[int, int, Line]


def _template(text: str) -> str:
    """The line with its variable fields masked: dates, then every other number, so that
    ``Dato: 04.12.2012`` / ``Dato: 11.12.2012`` and ``Side 3 af 12`` / ``Side 4 af 12``
    are one template each."""
    return _mask(_without_dates(text))


def _without_dates(text: str) -> str:
    """The line with each date as ``@``: a date is a field, not a page number."""
    for name in ("date_iso", "date_long", "date_numeric"):
        text = rule(name).sub("@", text)
    return text


def _stacked(a: Line, b: Line) -> bool:
    """Are two consecutive lines set as one block (at most one empty line apart)?"""
    size = min(a.size or 10.0, b.size or 10.0)
    return b.top - a.bottom <= BLOCK_GAP_EMS * size


def _edge_blocks(lines: Sequence[Line], height: float) -> list[list[int]]:
    """The running-block candidates of a page: the stacked run of lines that starts in the
    top band, and the one that ends in the bottom band, as line indexes from the page edge
    inwards. A run counts only when a clear gap inside the page's margin
    (``BLOCK_REACH``) parts it from body text beyond: a page whose lines are all stacked
    from the edge shows no block."""
    blocks: list[list[int]] = []
    reach = BLOCK_REACH * height
    ends = (
        (0, 1, lines[0].top < HEADER_BAND * height if lines else False),
        (len(lines) - 1, -1, lines[-1].bottom > (1 - HEADER_BAND) * height if lines else False),
    )
    for start, step, in_band in ends:
        if not in_band:
            continue
        run = [start]
        while 0 <= run[-1] + step < len(lines):
            a, b = lines[run[-1]], lines[run[-1] + step]
            if step < 0:
                a, b = b, a
            if not _stacked(a, b):
                break  # a clear gap, and body text beyond it
            if (b.bottom > reach) if step > 0 else (a.top < height - reach):
                run = []
                break  # stacked on past the margin: body text, not a block
            run.append(run[-1] + step)
        else:
            run = []  # nothing beyond the run: no body to stand clear of
        if run and not any(set(run) & set(b) for b in blocks):
            blocks.append(run)
    return blocks


def _same_place(found: Sequence[_Slot]) -> bool:
    """Do these lines sit in one place on their pages: the same height, and the same left
    edge, right edge or centre (a right-aligned ``Side 9`` / ``Side 10`` keeps its right
    edge)?"""
    tops = [ln.top for _, _, ln in found]
    if max(tops) - min(tops) > SAME_PLACE:
        return False
    for edge in (
        [ln.x0 for _, _, ln in found],
        [ln.x1 for _, _, ln in found],
        [(ln.x0 + ln.x1) / 2 for _, _, ln in found],
    ):
        if max(edge) - min(edge) <= SAME_PLACE:
            return True
    return False


def _recurs(found: Sequence[_Slot], page_count: int) -> bool:
    """Is a line on enough pages to run: on half of them, or from the start of the
    document on half of the pages up to its last (see :func:`find_running_lines`)?"""
    pages_with = {page_no for page_no, _, _ in found}
    if len(pages_with) >= max(2, REPEAT_SHARE * page_count):
        return True
    return len(pages_with) >= max(MIN_PREFIX_PAGES, REPEAT_SHARE * max(pages_with))


def _place_groups(found: list[_Slot]) -> list[list[_Slot]]:
    """``found`` split into runs of lines whose tops lie within ``SAME_PLACE`` of each other."""
    groups: list[list[_Slot]] = []
    for slot in sorted(found, key=lambda f: f[2].top):
        if groups and slot[2].top - groups[-1][0][2].top <= SAME_PLACE:
            groups[-1].append(slot)
        else:
            groups.append([slot])
    return groups


def _running_blocks(
    pages: Sequence[tuple[RawPage, list[Line]]], running: dict[tuple[int, int], str]
) -> dict[tuple[int, int], str]:
    """Running lines of header and footer *blocks*: lines stacked with a band line in the
    page margin, that recur in one place and one font as a template with variable fields
    (numbers, dates), and, inside a block that runs, a line in a slot every block fills
    whose text varies (an item title, a section name)."""
    # A block is anchored by a running line of the band: body text that starts high on a
    # page, or a short page stacked from its top, is no block.
    blocks = [
        [(raw.number, i, lines[i]) for i in run]
        for raw, lines in pages
        for run in _edge_blocks(lines, raw.height)
        if any((raw.number, i) in running for i in run)
    ]
    candidates: dict[tuple[str, float | None], list[_Slot]] = defaultdict(list)
    for block in blocks:
        for slot in block:
            page_no, i, ln = slot
            if (page_no, i) in running or _is_toc_line(ln, True):
                continue
            if any(rule(r).match(ln.text) for r in ("heading", "label", "case_line")):
                continue
            candidates[(_template(ln.text), ln.size)].append(slot)
    found: dict[tuple[int, int], str] = {}
    for (key, _), slots in candidates.items():
        for group in _place_groups(slots):
            numbers = [(page_no, _without_dates(ln.text)) for page_no, _, ln in group]
            if _recurs(group, len(pages)) and _same_place(group) and _numbers_follow_pages(numbers):
                found.update(((page_no, i), key) for page_no, i, _ in group)
    found.update(_varying_fields(blocks, running | found, len(pages)))
    return found


def _varying_fields(
    blocks: Sequence[list[_Slot]],
    running: dict[tuple[int, int], str],
    page_count: int,
) -> dict[tuple[int, int], str]:
    """Lines of running blocks whose text changes from page to page: in a block that holds
    a running line, in its font, in a place (height and edge) that the blocks of enough
    pages fill."""
    every = [slot for block in blocks for slot in block]
    found: dict[tuple[int, int], str] = {}
    for block in blocks:
        held = [ln for page_no, i, ln in block if (page_no, i) in running]
        sizes = {ln.size for ln in held}
        for page_no, i, ln in block:
            if (page_no, i) in running or ln.size not in sizes:
                continue
            if any(rule(r).match(ln.text) for r in ("heading", "label", "case_line")):
                continue
            alike = [
                s for s in every
                if s[2].size == ln.size and _same_place([(page_no, i, ln), s])
            ]  # fmt: skip
            if _recurs(alike, page_count):
                found[(page_no, i)] = _mask(ln.text)
    return found


def find_appendix(kinds: list[PageKind], running_keys: Sequence[set[str]]) -> int | None:
    """Index of the first page of attachments appended after the agenda, if any.

    ``running_keys[i]`` holds the masked texts of page i's running lines. The agenda's own
    are those on its first body page; the agenda ends on the last page that carries one.
    Trailing pages that hold no text at all are not called attachments on their own.
    """
    first_body = next((i for i, k in enumerate(kinds) if k == PageKind.BODY), None)
    if first_body is None or not running_keys[first_body]:
        return None  # no running lines on the body: nothing tells the agenda's pages apart
    own = running_keys[first_body]
    last = max(i for i, keys in enumerate(running_keys) if keys & own)
    tail = kinds[last + 1 :]
    if PageKind.BODY not in tail:
        return None
    return last + 1


def toc_page_number(line: Line, fonts_known: bool) -> tuple[int, str] | None:
    """The page number ending a TOC line, and the line's text before it.

    A TOC prints its page numbers after dot leaders (``udvalg ........ 5``) or, without
    leaders, in a column of their own: a number set well apart from the title.
    """
    m = rule("toc_page").search(line.text)
    if m:
        return int(m["page"]), line.text[: m.start()]
    words = line.words
    if len(words) >= 2 and regex.fullmatch(r"\d{1,3}", words[-1].text):
        gap = words[-1].x0 - words[-2].x1
        size = words[-1].size or 1.0
        if gap >= (TOC_GAP_EMS * size if fonts_known else TOC_TEXT_GAP):
            return int(words[-1].text), line.text[: line.text.rfind(" ")]
    return None


def _is_toc_line(line: Line, fonts_known: bool) -> bool:
    return toc_page_number(line, fonts_known) is not None


def _learn_metrics(body: Sequence[Sequence[Line]], fonts_known: bool) -> Metrics:
    diffs: list[float] = []
    gaps: list[float] = []
    ends: list[tuple[int, float]] = []  # (left edge, right end) of lines with several words
    starts: Counter[int] = Counter()
    tops: list[float] = []
    sizes: Counter[float] = Counter()
    for lines in body:
        if lines:
            tops.append(round(lines[0].top))
        for prev, ln in itertools.pairwise(lines):
            d = ln.bottom - prev.bottom
            if d > 0:
                diffs.append(d)
        for ln in lines:
            if len(ln.words) > 1:
                starts[round(ln.x0)] += 1
                ends.append((round(ln.x0), ln.x1))
            for a, b in zip(ln.words, ln.words[1:], strict=False):
                gaps.append(b.x0 - a.x1)
            for w in ln.words:
                if w.size is not None:
                    sizes[w.size] += len(w.text)
    if not fonts_known:
        pitch, space = 1.0, 1.0
    else:
        pitch = statistics.median(diffs) if diffs else 12.0
        # Justified lines stretch their spaces by a different amount each; natural spaces
        # (ragged lines, last lines of paragraphs) all have one width: the most common.
        rounded = Counter(round(g / SPACE_BIN) for g in gaps if g > 0)
        if rounded:
            mode = rounded.most_common(1)[0][0]
            space = statistics.median(g for g in gaps if abs(g / SPACE_BIN - mode) <= 1)
        else:
            space = 2.5
    # The right margin: where the longest line that starts at the main left margin ends. In
    # ragged text no line may reach the margin exactly, but the longest comes closest, and
    # a quantile would stop short of it and hide lines that end early by a hair.
    margin = starts.most_common(1)[0][0] if starts else 0
    right = max((x1 for x0, x1 in ends if abs(x0 - margin) <= 1), default=0.0)
    body_top = Counter(tops).most_common(1)[0][0] if tops else None
    body_size = sizes.most_common(1)[0][0] if sizes else None
    return Metrics(
        pitch=pitch, right_edge=right, space_width=space, body_size=body_size, body_top=body_top
    )


def _mark_gaps(lines: list[Line], metrics: Metrics) -> tuple[Line, ...]:
    out: list[Line] = []
    for i, ln in enumerate(lines):
        if i == 0:
            gap = (
                metrics.body_top is not None
                and ln.top - metrics.body_top > TOP_GAP_PITCHES * metrics.pitch
            )
        else:
            pitch = metrics.pitch
            if ln.size and metrics.body_size:
                pitch *= max(ln.size, lines[i - 1].size or ln.size) / metrics.body_size
            gap = ln.bottom - lines[i - 1].bottom > GAP_PITCHES * pitch
        out.append(ln if ln.gap_before == gap else replace(ln, gap_before=gap))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Layout:
    """The layout stage's output."""

    pages: tuple[Page, ...]
    metrics: Metrics
    warnings: tuple[WarningRecord, ...]


def analyse(doc: RawDocument) -> Layout:
    """Run the layout stage: pages with kinds, header lines removed, gaps marked."""
    grouped = [
        (raw, read_columns(raw, group_lines(raw, doc.fonts_known), doc.fonts_known))
        for raw in doc.pages
    ]
    running = find_running_lines(grouped, doc.fonts_known)
    warnings: list[WarningRecord] = []
    kept: list[tuple[RawPage, list[Line], list[Line]]] = []
    for raw, lines in grouped:
        body = [ln for i, ln in enumerate(lines) if (raw.number, i) not in running]
        removed = [ln for i, ln in enumerate(lines) if (raw.number, i) in running]
        kept.append((raw, body, removed))

    kinds: list[PageKind] = []
    for raw, body, _ in kept:
        if not body:
            kinds.append(PageKind.EMPTY)
            why = "only an image (a scan without text?)" if raw.has_images else "no text"
            warnings.append(
                WarningRecord("page_without_text", f"page {raw.number} has {why}", raw.number)
            )
        elif sum(_is_toc_line(ln, doc.fonts_known) for ln in body) >= min(
            TOC_MIN_ENTRIES, max(1, len(body) // 2)
        ):
            kinds.append(PageKind.TOC)
        else:
            kinds.append(PageKind.BODY)
    # Front matter: every page before the first TOC page, or, without a TOC, the first
    # page when it holds no numbered heading-like line.
    if PageKind.TOC in kinds:
        first_toc = kinds.index(PageKind.TOC)
        for i in range(first_toc):
            if kinds[i] == PageKind.BODY:
                kinds[i] = PageKind.COVER
    elif (
        kinds
        and kinds[0] == PageKind.BODY
        and not any(ANY_HEADING.match(ln.text) for ln in kept[0][1])
    ):
        kinds[0] = PageKind.COVER

    keys_on: dict[int, set[str]] = defaultdict(set)
    for (page_no, _), key in running.items():
        keys_on[page_no].add(key)
    appendix = find_appendix(kinds, [keys_on[raw.number] for raw, _, _ in kept])
    if appendix is not None:
        kinds[appendix:] = [PageKind.APPENDIX] * (len(kinds) - appendix)

    metrics = _learn_metrics(
        [body for (_, body, _), kind in zip(kept, kinds, strict=True) if kind == PageKind.BODY],
        doc.fonts_known,
    )
    pages = tuple(
        Page(
            number=raw.number,
            kind=kind,
            lines=_mark_gaps(body, metrics) if kind == PageKind.BODY else tuple(body),
            links=raw.links,
            header_lines=tuple(removed),
            has_images=raw.has_images,
        )
        for (raw, body, removed), kind in zip(kept, kinds, strict=True)
    )
    return Layout(pages, metrics, tuple(warnings))

"""Part of stage 4, segment: a section's lines → blocks of text, with Danish hyphen repair.

A block is a paragraph, a sub-heading or a list entry. A paragraph ends where the page
shows that it ends:

- an empty line follows (a vertical gap; at the top of a page, a first line lower than
  usual);
- the font changes between bold and regular (a sub-heading starts or ends);
- a list entry starts (a bullet, or the next number of a numbered list);
- the line ended early: the space left before the right margin would have held the next
  line's first word, so the typesetter did not wrap there — the author broke the line.

Everything else, page breaks included, continues the paragraph. A list entry also goes on
in a line that starts at the entry's own text indent (a hanging indent, under the text after
the bullet or number), whatever room the line before left: lists are often set at a
narrower measure than the body, so the body's right margin says nothing about them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum

from kkrparse.document import HyphenChoice, Line, Metrics
from kkrparse.extract.common import SOFT_HYPHEN
from kkrparse.hyphen import (
    Lexicon,
    ends_with_hyphen,
    join_after_slash,
    join_at_hyphen,
    spaced_hyphen,
)
from kkrparse.patterns import rule
from kkrparse.profiles import AT_POINT

#: In text input, without fonts, a line this much shorter than the column that stands
#: alone after an empty line, starts with a capital and does not end a sentence is taken
#: for a sub-heading ("Videre proces").
TEXT_SUBHEADING_MAX_SHARE = 0.6
TEXT_SUBHEADING_MAX_WORDS = 10
#: Points of room a line must leave beyond " " + the next word before we call it ended
#: early: extracted glyph boxes and the typesetter's own measure differ by hundredths of a
#: point, and a line that ends early by less than half a point is vanishingly rare.
EARLY_BREAK_SLACK = 0.5
#: Text input: extra room, as a share of the column width, that a line must leave before
#: we believe it ended early (pdftotext's columns blur proportional widths). Calibrated on
#: pdftotext -layout output of 22 renderings of the seed in 4 fonts, 2 sizes, 2 widths,
#: ragged and justified: share of section texts exact at 0 → 83 %, 0.05 → 87 %,
#: 0.12 → 91.5 %, 0.16 → 92.4 %, 0.2 → 91.6 %, 0.3 → 90 %, rule off → 80 %.
TEXT_WRAP_SLACK = 0.15
#: A line "starts at" an entry's text indent within this many points: glyph boxes of the
#: same left edge differ by hundredths of a point, and an indent step is 10 pt or more.
#: Text input: the same character column.
HANG_TOLERANCE = 1.5
TEXT_HANG_TOLERANCE = 0.5


class BlockKind(str, Enum):
    PARAGRAPH = "paragraph"
    SUBHEADING = "subheading"
    BULLET = "bullet"
    NUMBERED = "numbered"


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    text: str  # without the bullet; with the number for NUMBERED ("3. Genopretningen …")
    lines: tuple[Line, ...]
    #: The line-end hyphen decisions made joining ``lines`` into ``text``.
    hyphens: tuple[HyphenChoice, ...] = field(default=(), repr=False)

    @property
    def page_start(self) -> int:
        return self.lines[0].page

    @property
    def page_end(self) -> int:
        return self.lines[-1].page

    @property
    def is_list(self) -> bool:
        return self.kind in (BlockKind.BULLET, BlockKind.NUMBERED)


def build_lexicon(lines: Iterable[Line]) -> Lexicon:
    """Index the words used away from line ends: evidence for the hyphen rules."""
    lexicon = Lexicon()
    broken = False
    for ln in lines:
        words = [w.text for w in ln.words]
        start = 1 if broken else 0  # the first word after a line-end hyphen is a fragment
        broken = bool(words) and ends_with_hyphen(words[-1])
        end = len(words) - 1 if broken else len(words)
        lexicon.add_line_words(words[start:end])
    return lexicon


@dataclass(frozen=True, slots=True)
class Joined:
    """Lines joined into text, and the line-end hyphen decisions that made it."""

    text: str
    hyphens: tuple[HyphenChoice, ...] = ()


def join_lines(lines: Sequence[Line], lexicon: Lexicon, first_text: str | None = None) -> Joined:
    """Lines joined with single spaces; ``first_text`` replaces the first line's text."""
    texts = [first_text if first_text is not None else lines[0].text]
    texts += [ln.text for ln in lines[1:]]
    return join_texts(texts, [ln.page for ln in lines], lexicon, lines)


def join_texts(
    texts: Sequence[str],
    pages: Sequence[int],
    lexicon: Lexicon,
    lines: Sequence[Line] | None = None,
) -> Joined:
    """``texts`` joined, repairing line-end hyphens with the document's ``lexicon`` as
    evidence; ``lines``, when given, are where the texts came from (kept with each
    decision)."""
    # The text so far as its space-separated words (" ".join(words) is the text): each line
    # looks only at the last two words, so a paragraph of many lines costs linear time.
    words: list[str] = []
    decisions: list[HyphenChoice] = []
    prev: Line | None = None  # the line the text so far ends on
    for k, (text, page) in enumerate(zip(texts, pages, strict=True)):
        tokens = text.split()
        if not tokens:
            continue
        here = lines[k] if lines is not None else None
        if not words:
            words, prev = tokens, here
            continue
        last, first, rest = words[-1], tokens[0], tokens[1:]
        before = words[-2] if len(words) > 1 else ""
        spaced = spaced_hyphen(before, first, lexicon) if last == "-" and before else None
        if spaced is not None:
            decisions.append(
                HyphenChoice(page, f"{before} -", first, spaced.text, spaced.rule, prev)
            )
            del words[-2:]
            words += [*spaced.text.split(" "), *rest]
        elif ends_with_hyphen(last):
            j = join_at_hyphen(last, first, lexicon)
            decisions.append(HyphenChoice(page, last, first, j.text, j.rule, prev))
            del words[-1]
            words += [*j.text.split(" "), *rest]
        elif (slashed := join_after_slash(last, first)) is not None:
            decisions.append(HyphenChoice(page, last, first, slashed.text, slashed.rule, prev))
            words[-1] = last + first
            words += rest
        else:
            words += tokens
        prev = here
    out = " ".join(words)
    return Joined(out.replace(SOFT_HYPHEN, ""), tuple(decisions))


def _ends_early(prev: Line, nxt: Line, metrics: Metrics, fonts_known: bool) -> bool:
    """Would the next line's first word have fitted at the end of ``prev``?

    In text input a character column only approximates a proportional font's width, so
    there the line must also end a sentence and leave a clear margin to spare.
    """
    if not nxt.words or ends_with_hyphen(prev.text):
        return False
    first = nxt.words[0]
    end = first.x1
    # No line breaks after an opening bracket or quote, even before a space (Unicode line
    # breaking, rule LB14): "(" + " begge" wraps as one unit.
    if len(nxt.words) > 1 and all(unicodedata.category(c) in ("Ps", "Pi") for c in first.text):
        end = nxt.words[1].x1
    room = (prev.right_edge if prev.right_edge is not None else metrics.right_edge) - prev.x1
    needed = metrics.space_width + (end - first.x0)
    if fonts_known:
        return room > needed + EARLY_BREAK_SLACK
    return _ends_sentence(prev.text) and room > needed + TEXT_WRAP_SLACK * metrics.right_edge


def _sentence_goes_on(prev: Line, nxt: Line) -> bool:
    """A short line whose sentence goes on in lower case on the next line: a Danish
    paragraph does not open in lower case ("Indstillingen godkendt" / "med denne
    bemærkning:", eDoc, Ballerup 2012, one decision set with hard line breaks)."""
    return nxt.text[:1].islower() and not _ends_sentence(prev.text)


def _hangs(first: Line, ln: Line, fonts_known: bool) -> bool:
    """Does ``ln`` start at the text indent of the list entry whose first line is ``first``
    (under the text after its bullet or number, right of the bullet itself)?"""
    if len(first.words) < 2 or ln.gap_before:
        return False
    indent = first.words[1].x0
    tolerance = HANG_TOLERANCE if fonts_known else TEXT_HANG_TOLERANCE
    return abs(ln.x0 - indent) <= tolerance and ln.x0 > first.x0 + tolerance


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", ":", ";", "!", "?"))


@dataclass
class _NumberState:
    last: str | None = None  # the previous entry's number or letter


def _next_of(marker: str) -> str:
    return str(int(marker) + 1) if marker.isdigit() else chr(ord(marker) + 1)


def _numbered_marker(line: Line, prev: Line | None, state: _NumberState) -> str | None:
    """The number of a numbered-list entry starting on ``line``, if it starts one."""
    m = rule("numbered").match(line.text)
    if not m or rule("date_start").match(line.text):
        return None
    num = m.group("num")
    if state.last is not None and num == _next_of(state.last):
        return num
    if num in ("1", "A", "a") and (prev is None or line.gap_before or _ends_sentence(prev.text)):
        return num
    return None


def _text_subheading(line: Line, prev: Line | None, nxt: Line | None, metrics: Metrics) -> bool:
    """Without fonts: a short title-like line standing alone above its text.

    It follows an empty line or starts a page, is followed at once by text that is not a
    list entry, starts with a capital or a number ("1. Temadrøftelser") and does not end
    like a sentence or a wrapped line.
    """
    alone = prev is None or line.gap_before or line.page != prev.page
    if nxt is None or nxt.gap_before or not alone or AT_POINT.match(line.text.strip()):
        return False  # "At 1) forslaget … vedtages" is a point, however short
    if any(rule(r).match(nxt.text) for r in ("bullet", "numbered")):
        return False  # the first entry of a list
    words = line.text.split()
    numbered = bool(rule("numbered").match(line.text))
    return (
        len(words) <= TEXT_SUBHEADING_MAX_WORDS
        and (line.text[:1].isupper() or numbered)
        and not line.text.rstrip().endswith((".", ",", ";", ":", "-"))
        and (line.x1 - line.x0) < TEXT_SUBHEADING_MAX_SHARE * metrics.right_edge
    )


def make_blocks(
    lines: Sequence[Line], metrics: Metrics, lexicon: Lexicon, fonts_known: bool
) -> list[Block]:
    """Split a section's lines into paragraphs, sub-headings and list entries."""
    groups: list[tuple[BlockKind, list[Line]]] = []
    state = _NumberState()
    prev: Line | None = None
    for i, ln in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        bullet = rule("bullet").match(ln.text)
        is_sub = bool(ln.bold) if fonts_known else _text_subheading(ln, prev, nxt, metrics)
        marker = None if is_sub or bullet else _numbered_marker(ln, prev, state)
        current = groups[-1] if groups else None
        if is_sub:
            kind = BlockKind.SUBHEADING
            # A sub-heading wrapped over two bold lines is one block (fonts known only).
            starts = not (
                fonts_known
                and current is not None
                and current[0] == BlockKind.SUBHEADING
                and not ln.gap_before
            )
        elif bullet:
            kind, starts = BlockKind.BULLET, True
        elif marker is not None:
            kind, starts = BlockKind.NUMBERED, True
            state.last = marker
        elif (
            current is not None
            and current[0] in (BlockKind.BULLET, BlockKind.NUMBERED)
            and _hangs(current[1][0], ln, fonts_known)
        ):
            kind, starts = current[0], False  # a wrapped entry, under its own text
        elif (
            current is None
            or current[0] == BlockKind.SUBHEADING
            or ln.gap_before
            or AT_POINT.match(ln.text.strip())
            or (
                prev is not None
                and _ends_early(prev, ln, metrics, fonts_known)
                and not _sentence_goes_on(prev, ln)
            )
        ):
            kind, starts = BlockKind.PARAGRAPH, True
        else:
            kind, starts = current[0], False  # a wrapped line continues its block
        if starts and kind in (BlockKind.PARAGRAPH, BlockKind.SUBHEADING):
            state.last = None  # a numbered list does not continue past other text
        if starts:
            groups.append((kind, [ln]))
        else:
            groups[-1][1].append(ln)
        prev = ln

    blocks: list[Block] = []
    for kind, group in groups:
        first_text = None
        if kind == BlockKind.BULLET:
            m = rule("bullet").match(group[0].text)
            first_text = m.group("text") if m else None
        joined = join_lines(group, lexicon, first_text)
        blocks.append(Block(kind, joined.text, tuple(group), joined.hyphens))
    return blocks


def render(blocks: Sequence[Block]) -> str:
    """Blocks as section text: blank line between blocks, list entries one per line."""
    parts: list[str] = []
    previous_list = False
    for b in blocks:
        entry = f"– {b.text}" if b.kind == BlockKind.BULLET else b.text
        if b.is_list and previous_list:
            parts[-1] += "\n" + entry
        else:
            parts.append(entry)
        previous_list = b.is_list
    return "\n\n".join(parts)

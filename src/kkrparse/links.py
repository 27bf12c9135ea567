"""Stage 5, links: link annotations → the item whose text they sit on, with the words under them.

A link's text is the words whose middle lies inside the annotation's rectangle; a word
only partly covered ("linket)" under a link on "linket") is cut in proportion to the
covered width. A URL wrapped over two lines has one rectangle per line and the same URI:
the pieces are joined like wrapped text (a URL wrapped at a hyphen keeps the hyphen and
no space).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from kkrparse.document import Line, LinkBox, Page, PageKind, Word
from kkrparse.hyphen import Lexicon
from kkrparse.paragraphs import join_texts
from kkrparse.segment import ItemPart


@dataclass(frozen=True, slots=True)
class FoundLink:
    item: int  # index into the item list
    uri: str
    text: str | None
    page: int


def _covered(word: Word, box: LinkBox) -> str:
    left, right = max(word.x0, box.x0), min(word.x1, box.x1)
    width = word.x1 - word.x0
    if right <= left or width <= 0:
        return ""
    n = len(word.text)
    start = round((left - word.x0) / width * n)
    stop = round((right - word.x0) / width * n)
    return word.text[start:stop]


#: How far (pt) a line's middle may lie outside a link rectangle and still be under it.
_SLACK = 1.0

#: Words kept in the tail a piece is joined to: a join looks at the last two words of the
#: text so far (a spaced hyphen ``word -`` is two), and a third keeps the text before them.
_TAIL_WORDS = 3


class _PageLines:
    """A page's lines, found by position in logarithmic time.

    A page may carry thousands of link rectangles; scanning every line for each of them is
    quadratic. Lines are sorted by their middle (for the lines a rectangle covers) and by
    their top (for the last line, in page order, that starts above a rectangle).
    """

    def __init__(self, lines: Sequence[Line]) -> None:
        self.lines = lines
        by_mid = sorted(range(len(lines)), key=lambda k: (lines[k].top + lines[k].bottom) / 2)
        self.mids = [(lines[k].top + lines[k].bottom) / 2 for k in by_mid]
        self.by_mid = by_mid
        by_top = sorted(range(len(lines)), key=lambda k: lines[k].top)
        self.tops = [lines[k].top for k in by_top]
        self.last_above: list[int] = list(itertools.accumulate(by_top, max))

    def under(self, box: LinkBox) -> list[Line]:
        """The lines whose middle lies within the rectangle's height, in page order."""
        lo = bisect.bisect_left(self.mids, box.top - _SLACK)
        hi = bisect.bisect_right(self.mids, box.bottom + _SLACK)
        return [self.lines[k] for k in sorted(self.by_mid[lo:hi])]

    def above(self, box: LinkBox) -> Line | None:
        """The last line in page order whose top is at or above the rectangle's top."""
        n = bisect.bisect_right(self.tops, box.top)
        return self.lines[self.last_above[n - 1]] if n else None


def _join(pieces: Sequence[str], page: int) -> str | None:
    """The visible text of one link drawn over several lines.

    Each piece is joined to the text so far like a wrapped line (a URL wrapped after a
    slash is glued on as it is). A join decides on the last words of the text so far only,
    so the text before them is set aside: the cost is linear in the pieces, where joining
    to the whole text each time was quadratic (thousands of rectangles of one URI).
    """
    no_evidence = Lexicon()
    done: list[str] = []  # normalised text, each chunk ending in its space; never touched again
    tail = ""
    for piece in pieces:
        if tail.endswith("/"):
            tail += piece.strip()  # a URL wrapped after a slash: both pieces are under the link
            continue
        # join_texts normalises its input's spaces and drops soft hyphens: the text set
        # aside already was, so doing it to the tail alone is doing it to the whole.
        tail = join_texts([tail, piece], [page, page], no_evidence).text
        cut = len(tail)
        for _ in range(_TAIL_WORDS):
            cut = tail.rfind(" ", 0, cut)
            if cut < 0:
                break
        if cut > 0:
            done.append(tail[: cut + 1])
            tail = tail[cut + 1 :]
    return ("".join(done) + tail).strip(' .,;:()”"') or None


def find_links(pages: Sequence[Page], items: Sequence[ItemPart]) -> list[FoundLink]:
    """Every URI annotation on a body page, attached to the item of the line it covers."""
    # Lines are values: two lines are equal only when they are the same words in the same
    # place on the same page, so a line of the page finds the item that holds it.
    item_of_line = {ln: k for k, part in enumerate(items) for ln in part.lines}
    found: list[FoundLink] = []
    for page in pages:
        if page.kind != PageKind.BODY:
            continue
        runs: dict[tuple[int, str], tuple[list[str], int]] = {}
        lines = _PageLines(page.lines)
        # Reading order: producers list a wrapped link's rectangles in any order.
        for box in sorted(page.links, key=lambda b: (b.top, b.x0)):
            hits = lines.under(box)
            if not hits:
                above = lines.above(box)
                hits = [above] if above is not None else list(page.lines[:1])
                words: list[str] = []
            else:
                words = [t for ln in hits for w in ln.words if (t := _covered(w, box))]
            item = item_of_line.get(hits[0]) if hits else None
            if item is None:
                continue
            key = (item, box.uri)
            if key in runs:
                runs[key][0].append(" ".join(words))
            else:
                runs[key] = ([" ".join(words)], page.number)
        for (item, uri), (pieces, page_no) in runs.items():
            found.append(FoundLink(item, uri, _join(pieces, page_no), page_no))
    return found

"""Stage 5, links: link annotations → the item whose text they sit on, with the words under them.

A link's text is the words whose middle lies inside the annotation's rectangle; a word
only partly covered ("linket)" under a link on "linket") is cut in proportion to the
covered width. A URL wrapped over two lines has one rectangle per line and the same URI:
the pieces are joined like wrapped text (a URL wrapped at a hyphen keeps the hyphen and
no space).
"""

from __future__ import annotations

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


def _hit(line: Line, box: LinkBox) -> bool:
    mid = (line.top + line.bottom) / 2
    return box.top - 1 <= mid <= box.bottom + 1


def _join(pieces: Sequence[str], page: int) -> str | None:
    """The visible text of one link drawn over several lines."""
    no_evidence = Lexicon()
    text = ""
    for piece in pieces:
        if text.endswith("/"):
            text += piece.strip()  # a URL wrapped after a slash: both pieces are under the link
        else:
            text = join_texts([text, piece], [page, page], no_evidence).text
    return text.strip(' .,;:()”"') or None


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
        # Reading order: producers list a wrapped link's rectangles in any order.
        for box in sorted(page.links, key=lambda b: (b.top, b.x0)):
            hits = [ln for ln in page.lines if _hit(ln, box)]
            if not hits:
                above = [ln for ln in page.lines if ln.top <= box.top]
                hits = above[-1:] or list(page.lines[:1])
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

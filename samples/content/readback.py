"""The printed PDF → where every paragraph landed.

The printed PDF's words, in reading order, are aligned token by token with the paragraphs:
that says on which page every paragraph starts and ends (LibreOffice decides pages, so they
are read back, never guessed), whether a TOC entry ran into its page number, and whether a
reader sees a paragraph break that falls on a page break.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .paragraphs import Block, tokens


@dataclass(frozen=True)
class PdfWord:
    text: str
    page: int
    x0: float
    x1: float
    top: float
    size: float
    word: int  # index of the extracted word it is a piece of (leaders split words)
    raw: str  # that word as extracted


HEADER_FOOTER_SIZE = 8.0  # the running header and footer, and nothing else, are set in 8 pt
# Dot leaders of the TOC; when a title nearly fills the line, only two dots are left.
_LEADERS_RE = re.compile(r"\.{3,}|\.{2}(?=\d+$)")


def read_pdf(path: Path) -> tuple[list[PdfWord], int, float]:
    """Body words in reading order (header and footer left out), the page count, and the
    page width."""
    import pdfplumber

    out: list[PdfWord] = []
    with pdfplumber.open(path) as pdf:
        width = float(pdf.pages[0].width)
        for number, page in enumerate(pdf.pages, start=1):
            for k, word in enumerate(page.extract_words(extra_attrs=["size"])):
                if abs(float(word["size"]) - HEADER_FOOTER_SIZE) < 0.05:
                    continue
                text = unicodedata.normalize("NFKC", _LEADERS_RE.sub(" ", word["text"]))
                for piece in text.split():
                    out.append(
                        PdfWord(
                            piece,
                            number,
                            float(word["x0"]),
                            float(word["x1"]),
                            float(word["top"]),
                            float(word["size"]),
                            number * 100_000 + k,
                            word["text"],
                        )
                    )
            page.close()
        return out, len(pdf.pages), width


@dataclass
class Placed:
    """Where the tokens of each block were printed."""

    pages: dict[int, list[int]]  # block index → page of each token
    first: dict[int, PdfWord]
    last: dict[int, PdfWord]
    tight_toc: list[int] = field(default_factory=list)  # TOC entries run into their number
    hyphenated: list[str] = field(default_factory=list)  # words the word processor split
    own_hyphen: list[str] = field(default_factory=list)  # words broken after their own "-"


def place(blocks: list[Block], words: list[PdfWord], bullet: str) -> Placed:
    """Align the blocks' tokens with the printed words, in order; fail loudly on a mismatch.

    A printed word may be a piece of a token: a word hyphenated at a line end (``politi-`` /
    ``ske``), a word broken after one of its own hyphens (``SOSU-`` / ``uddannelserne``) or a
    URL broken after a slash.
    """
    placed = Placed({}, {}, {})
    i = 0
    for index, block in enumerate(blocks):
        if block.role == "empty":
            continue
        if block.role == "toc":
            i = _place_toc(index, block, words, i, placed)
            continue
        pages: list[int] = []
        for token in tokens(block, bullet):
            acc, first_word = "", None
            while acc != token:
                if i >= len(words):
                    raise ValueError(f"printed text ended before {token!r} of {block.text!r}")
                word = words[i]
                text = word.text
                if token.startswith(acc + text):
                    acc += text
                    if text.endswith("-") and acc != token and acc[-2:-1].isalnum():
                        placed.own_hyphen.append(token)
                elif text.endswith("-") and token.startswith(acc + text[:-1]):
                    acc += text[:-1]  # a hyphen the word processor added
                    placed.hyphenated.append(token)
                else:
                    context = " ".join(w.text for w in words[max(0, i - 8) : i + 3])
                    raise ValueError(
                        f"page {word.page}: printed {text!r} where {token!r} of "
                        f"{block.text[:60]!r} was expected; printed: {context!r}"
                    )
                first_word = first_word or word
                if index not in placed.first:
                    placed.first[index] = word
                placed.last[index] = word
                i += 1
            assert first_word is not None
            pages.append(first_word.page)
        placed.pages[index] = pages
        block.token_pages = pages
        block.page_start, block.page_end = pages[0], placed.last[index].page
    if i != len(words):
        rest = " ".join(w.text for w in words[i : i + 10])
        raise ValueError(f"printed words left over after the content: {rest!r}")
    return placed


def _place_toc(index: int, block: Block, words: list[PdfWord], i: int, placed: Placed) -> int:
    """Consume a TOC entry's printed words (leader dots dropped); note whether the title ran
    into the page number with no gap. Returns the index of the next word."""
    target = "".join(tokens(block, "")).replace(".", "")  # dots: the title's or leaders
    acc, start = "", i
    while acc != target:
        text = words[i].text.replace(".", "") if i < len(words) else None
        if text == "":
            i += 1
            continue
        if text is None or not target.startswith(acc + text):
            raise ValueError(f"TOC entry {block.text!r}: printed {acc!r} then {text!r}")
        acc += text
        i += 1
    number = words[i - 1]
    glued = i - 2 >= start and words[i - 2].word == number.word
    if number.text.strip(".") != str(block.toc_page) or (
        glued and not re.search(r"\.{2,}\d+$", number.raw)
    ):
        placed.tight_toc.append(index)
    placed.first[index], placed.last[index] = words[start], number
    block.page_start = block.page_end = number.page
    block.token_pages = [number.page]
    return i


# A paragraph break hidden by a page break is visible when the next paragraph starts lower
# than body text starts on a page (the empty paragraph went over with it), or when the last
# line before the break left room for " " + the next paragraph's first word. Closer than this
# to that threshold, the sample is ambiguous and the generator refuses it.
AMBIGUOUS_PT = 1.5


def judge_breaks(
    blocks: list[Block], placed: Placed, words: list[PdfWord], right_edge: float
) -> tuple[list[str], list[int]]:
    """Set ``break_visible`` of body paragraphs whose break falls on a page break; returns a
    note per hidden break, and the blocks where a reader could not tell (the caller keeps
    the empty paragraph before them with them, so that it shows at the top of the page)."""
    ambiguous: list[int] = []
    for block in blocks:
        block.break_visible = True
    tops: dict[int, float] = {}
    for word in words:
        tops[word.page] = min(tops.get(word.page, word.top), word.top)
    body_top = min(top for page, top in tops.items() if page > 2)
    notes: list[str] = []
    previous: int | None = None
    for index, block in enumerate(blocks):
        if block.role == "empty":
            continue
        if (
            previous is not None
            and block.role in ("para", "bullet", "numbered")
            and blocks[previous].role in ("para", "bullet", "numbered")
            and block.page_start != blocks[previous].page_end
            and any(b.role == "empty" for b in blocks[previous + 1 : index])
        ):
            last, first = placed.last[previous], placed.first[index]
            pitch = first.size * 1.2
            lower = first.top - body_top
            room = right_edge - last.x1
            need = (first.x1 - first.x0) + 0.25 * first.size
            if lower > 0.5 * pitch:
                visible = True
            elif abs(room - need) < AMBIGUOUS_PT:
                ambiguous.append(index)
                visible = True
            else:
                visible = room > need
            block.break_visible = visible or block.role != "para"
            if not block.break_visible:
                notes.append(f"p{last.page}-{first.page}: {block.text[:50]!r} reads as going on")
        previous = index
    return notes, ambiguous


def heading_pages(blocks: list[Block]) -> dict[str, int]:
    return {b.number: b.page_start for b in blocks if b.role == "heading" and b.number}

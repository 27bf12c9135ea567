"""Stage 1, extract, from text: ``pdftotext -layout`` output → pages of words.

x is the character column and y the line number, so the position rules of the later
stages work on text as on PDF points. Fonts are unknown.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from kkrparse.document import RawDocument, RawPage, Word
from kkrparse.extract.common import normalise


def _text_words(line: str, y: int) -> Iterable[Word]:
    for m in regex.finditer(r"\S+", line):
        yield Word(
            text=m.group(),
            x0=float(m.start()),
            x1=float(m.end()),
            top=float(y),
            bottom=float(y + 1),
            size=None,
            bold=None,
        )


def extract_text(text: str) -> RawDocument:
    """Turn ``pdftotext -layout`` style text into pages of words.

    x is the character column and y the line number, so a blank line is a gap of one line
    height, as on paper. Fonts are unknown.
    """
    text = normalise(text.replace("\r\n", "\n").replace("\r", "\n"))
    chunks = text.split("\f")
    if chunks and not chunks[-1].strip():
        chunks.pop()  # pdftotext ends every page, the last one included, with \f
    pages = []
    for index, chunk in enumerate(chunks, start=1):
        lines = chunk.split("\n")
        words = tuple(w for y, line in enumerate(lines) for w in _text_words(line, y))
        width = float(max((len(line) for line in lines), default=0))
        pages.append(RawPage(number=index, width=width, height=float(len(lines)), words=words))
    return RawDocument(pages=tuple(pages), engine="text")

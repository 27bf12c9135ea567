"""Stage 3, toc: the printed table of contents → entries with number, title and page.

An entry starts with an item number (``2.3.``) and ends with dot leaders and a page
number; a title too long for one line continues on the next line(s), which carry the
leaders (``…centrale politiske`` / ``udvalg ........ 5``).
"""

from __future__ import annotations

from collections.abc import Sequence

from kkrparse.document import Line, Page, PageKind, TocEntry
from kkrparse.hyphen import Lexicon
from kkrparse.layout import toc_page_number
from kkrparse.paragraphs import join_texts
from kkrparse.patterns import rule


def number_key(number: str) -> tuple[int, ...]:
    """ "2.10" → (2, 10), so item numbers compare in document order."""
    return tuple(int(p) for p in number.split("."))


def parse_toc(pages: Sequence[Page], lexicon: Lexicon, fonts_known: bool) -> list[TocEntry]:
    """Entries of every TOC page, in order."""
    entries: list[TocEntry] = []
    current: tuple[str, list[str], list[int], int] | None = None  # number, texts, pages, toc page

    def close(page: int | None) -> None:
        nonlocal current
        if current is None:
            return
        number, texts, line_pages, toc_page = current
        joined = join_texts(texts, line_pages, lexicon)
        entries.append(
            TocEntry(
                number=number,
                title=joined.text.rstrip(" .…"),
                page=page,
                toc_page=toc_page,
                hyphens=joined.hyphens,
            )
        )
        current = None

    lines: list[Line] = [ln for p in pages if p.kind == PageKind.TOC for ln in p.lines]
    for ln in lines:
        start = rule("toc_start").match(ln.text)
        found = toc_page_number(ln, fonts_known)
        text = found[1] if found else ln.text
        if start and (
            current is None or number_key(start.group("number")) > number_key(current[0])
        ):
            close(None)
            body = text[start.start("rest") :]
            current = (start.group("number"), [body], [ln.page], ln.page)
        elif current is not None:
            current[1].append(text)
            current[2].append(ln.page)
        else:
            continue  # a title such as "Indholdsfortegnelse"
        if found:
            close(found[0])
    close(None)
    return entries

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
from kkrparse.profiles import CLOSED_PART, OPEN_PART, TOC_HEAD, TOC_TITLE, Profile


def number_key(number: str) -> tuple[int, ...]:
    """ "2.10" → (2, 10), so item numbers compare in document order."""
    return tuple(int(p) for p in number.split("."))


def split_toc_page(lines: Sequence[Line]) -> tuple[list[Line], list[Line]]:
    """A TOC page's lines as (the cover's fields above the TOC, the TOC): FirstAgenda and
    Acadre print the meeting's fields above it on the first page. The TOC starts at its
    own title (``Indholdsfortegnelse``); without one the whole page is the TOC."""
    for i, ln in enumerate(lines):
        if i and TOC_TITLE.match(ln.text.strip()):
            return list(lines[:i]), list(lines[i:])
    return [], list(lines)


def parse_toc(
    pages: Sequence[Page], lexicon: Lexicon, fonts_known: bool, profile: Profile
) -> list[TocEntry]:
    """Entries of every TOC page, in order, in the profile's entry forms; a TOC that prints
    no numbers gives entries with an empty number (the segment stage numbers them)."""
    toc_pages = [p for p in pages if p.kind == PageKind.TOC]
    lines: list[Line] = [
        ln
        for k, p in enumerate(toc_pages)
        for ln in (split_toc_page(p.lines)[1] if k == 0 else p.lines)
    ]
    numbered = any(profile.toc_start(ln.text) for ln in lines)
    entries: list[TocEntry] = []
    current: tuple[str, list[str], list[int], int] | None = None  # number, texts, pages, toc page
    closed = False

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
                closed=closed,
            )
        )
        current = None

    for ln in lines:
        found = toc_page_number(ln, fonts_known)
        text = found[1] if found else ln.text
        if not found and (CLOSED_PART.match(ln.text) or OPEN_PART.match(ln.text)):
            close(None)
            closed = bool(CLOSED_PART.match(ln.text))
            continue
        start = profile.toc_start(ln.text) if numbered else None
        if start and (
            current is None or number_key(start.group("number")) > number_key(current[0])
        ):
            close(None)
            body = text[start.start("rest") :]
            current = (start.group("number"), [body], [ln.page], ln.page)
        elif current is not None:
            current[1].append(text)
            current[2].append(ln.page)
        elif not numbered and not TOC_HEAD.match(ln.text.strip()):
            current = ("", [text], [ln.page], ln.page)
        else:
            continue  # a title such as "Indholdsfortegnelse"
        if found:
            close(found[0])
    close(None)
    return entries

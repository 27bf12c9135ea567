"""The agenda re-flowed: same content, another font and column, Danish hyphenation.

Every paragraph, list entry, sub-heading, heading and TOC entry is joined back into its text
(the author knows which line-end hyphens were soft) and broken again with ``wrap.wrap``. So
line breaks, hyphenation points and page breaks all differ from the seed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .document import LINK_WORDS, Document, Line, LinkSpan, join_lines, separate_items
from .layout import Style, font_of, measure
from .wrap import wrap


def units(lines: list[Line], join_cover: bool = True) -> list[list[Line]]:
    """Lines grouped into what the author wrote as one piece of text (the seed's cover text
    runs on over its lines, unless ``join_cover`` is off; a list of participants does not)."""
    groups: list[list[Line]] = []
    for line in lines:
        previous = groups[-1][-1] if groups else None
        cover_run = (
            join_cover
            and previous is not None
            and line.role == previous.role == "cover"
            and not line.style
            and not previous.style
            and not line.lead
            and not previous.lead
        )
        if previous is not None and (previous.cont or cover_run):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _attach(lines: list[Line], uris: list[str]) -> None:
    """Put each link on its visible text in the re-wrapped lines (maybe over a line break)."""
    joined, starts = "", []
    for k, line in enumerate(lines):
        starts.append(len(joined))
        joined += line.text[:-1] if line.hyph == "soft" else line.text
        if k < len(lines) - 1 and line.hyph not in ("soft", "keep"):
            joined += " "
    for uri in uris:
        word = LINK_WORDS.get(uri)
        found = re.search(rf"\b{re.escape(word)}\b", joined) if word else None
        if word is None and uri in joined:
            start = joined.index(uri)
            span = (start, start + len(uri))
        elif found:
            span = found.span()
        else:
            raise ValueError(f"link text for {uri} not found in {joined!r}")
        for line, start in zip(lines, starts, strict=True):
            a, b = max(span[0], start), min(span[1], start + len(line.text))
            if a < b:
                line.links.append(LinkSpan(uri, a - start, b - start))


def _measurer(font: str, size: float) -> Callable[[str], float]:
    return lambda text: measure(text, font, size)


def rewrap(dagsorden: Document, style: Style) -> Document:
    out: list[Line] = []
    for unit in units(dagsorden.lines):
        first = unit[0]
        if first.role in ("empty", "case", "label"):
            for line in unit:
                line.seed_page, line.links = None, []
                out.append(line)
            continue
        font, size = font_of(first, style)
        width = style.toc_text_width if first.role == "toc" else style.width
        hyphenate = first.role in ("para", "entry", "cover")
        pieces = wrap(join_lines(unit), width, _measurer(font, size), hyphenate)
        new: list[Line] = []
        for k, piece in enumerate(pieces):
            more = k < len(pieces) - 1
            line = Line(piece.text, first.role, item=first.item, style=first.style)
            line.number = first.number if k == 0 else None
            line.entry_start = first.entry_start and k == 0
            line.cont = more
            line.hyph = piece.hyph if more else None
            if first.role == "toc" and not more:
                line.toc_page = 0
            new.append(line)
        uris = list(dict.fromkeys(link.uri for line in unit for link in line.links))
        _attach(new, uris)
        out += new
    return Document(dagsorden.kind, separate_items(out), dagsorden.toc_numbers)

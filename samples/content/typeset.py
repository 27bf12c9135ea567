"""Typeset a composed agenda (``compose.Agenda``) into printed lines with their roles.

Every paragraph, list entry, sub-heading, heading and TOC entry is broken with ``wrap.wrap``
for the sample's font and column; the lines carry what the author knows (role, item, which
line-end hyphens are soft), so ``truth`` can write the expected output from them after
``layout`` has placed them on pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from .compose import long_date
from .document import Document, Line, LinkSpan, separate_items
from .layout import Style, font_of, measure
from .model import Agenda, Block, Bullets, Para, Sub
from .words import COVER, LABELS, cover_title, load
from .wrap import wrap

# KL's mission and vision, as the seed's cover prints them: boilerplate, not meeting data.
MISSION_VISION: tuple[tuple[str, str | None], ...] = tuple(
    (entry["text"], entry["style"]) for entry in load("mission_vision.json")
)


def _measurer(font: str, size: float) -> Callable[[str], float]:
    return lambda text: measure(text, font, size)


def wrapped(
    text: str,
    role: str,
    style: Style,
    *,
    item: str | None = None,
    links: tuple[tuple[str, str], ...] = (),
    width: float | None = None,
    entry: bool = False,
    line_style: str | None = None,
) -> list[Line]:
    """``text`` broken into lines of ``role``; links put on their visible text."""
    probe = Line("", role, style=line_style)
    font, size = font_of(probe, style)
    hyphenate = style.hyphenate and role in ("para", "entry", "appendix")
    pieces = wrap(text, width or style.width, _measurer(font, size), hyphenate)
    out: list[Line] = []
    for k, piece in enumerate(pieces):
        more = k < len(pieces) - 1
        line = Line(piece.text, role, item=item, style=line_style)
        line.entry_start = entry and k == 0
        line.cont = more
        line.hyph = piece.hyph if more else None
        out.append(line)
    _attach(out, links)
    return out


def _attach(lines: list[Line], links: tuple[tuple[str, str], ...]) -> None:
    """Put each link on its visible text, which a line break may split."""
    joined, starts = "", []
    for k, line in enumerate(lines):
        starts.append(len(joined))
        joined += line.text
        if k < len(lines) - 1 and line.hyph not in ("soft", "keep"):
            joined += " "
    for visible, uri in links:
        # Search the printed text with optional soft hyphens and line breaks inside.
        pattern = r"(?:-?\s?)".join(re.escape(c) for c in visible)
        found = re.search(rf"(?<![\w/]){pattern}(?![\w])", joined)
        if not found:
            raise ValueError(f"link text {visible!r} not found in {joined!r}")
        for line, start in zip(lines, starts, strict=True):
            a, b = max(found.start(), start), min(found.end(), start + len(line.text))
            if a < b:
                line.links.append(LinkSpan(uri, a - start, b - start))


def _block_lines(block: Block, style: Style, item: str | None, role: str = "para") -> list[Line]:
    if isinstance(block, Sub):
        return wrapped(block.text, "sub", style, item=item)
    if isinstance(block, Para):
        return wrapped(block.text, role, style, item=item, links=block.links)
    out: list[Line] = []
    assert isinstance(block, Bullets)
    for entry in block.entries:
        text = entry if block.numbered else f"{style.bullet} {entry}"
        if style.list_measure is not None:
            out += hanging(text, style, item)
        else:
            out += wrapped(text, "entry", style, item=item, entry=True)
    return out


def hanging(text: str, style: Style, item: str | None) -> list[Line]:
    """A list entry at the style's list measure, its wrapped lines under the entry's text."""
    assert style.list_measure is not None
    font, size = font_of(Line("", "entry"), style)
    bullet = text.split(" ", 1)[0] + " "
    indent = measure(bullet, font, size)
    pieces = wrap(text, style.list_measure - indent, _measurer(font, size), style.hyphenate,
                  first_width=style.list_measure)  # fmt: skip
    out: list[Line] = []
    for k, piece in enumerate(pieces):
        more = k < len(pieces) - 1
        line = Line(piece.text, "entry", item=item, entry_start=k == 0, cont=more,
                    hyph=piece.hyph if more else None, indent=indent if k else 0.0,
                    measure=style.list_measure)  # fmt: skip
        out.append(line)
    return out


def blocks_lines(
    blocks: tuple[Block, ...], style: Style, item: str | None, role: str = "para"
) -> list[Line]:
    """Blocks with an empty paragraph between them, except after a sub-heading and between a
    lead-in ending in a colon and its list."""
    out: list[Line] = []
    previous: Block | None = None
    for block in blocks:
        if previous is not None:
            lead_in = (
                isinstance(previous, Para)
                and previous.text.endswith(":")
                and isinstance(block, Bullets)
            )
            if not isinstance(previous, Sub) and not lead_in:
                out.append(Line("", "empty", item=item))
        out += _block_lines(block, style, item, role)
        previous = block
    return out


def label_text(key: str, style: Style) -> str:
    label = LABELS[key]
    if style.label_colon and not label.endswith(":"):
        return label + ":"
    return label


def cover_lines(
    agenda: Agenda, style: Style, mission_vision: bool, form: str | None = None
) -> list[Line]:
    m = agenda.meeting
    title = cover_title(agenda.kind)
    lines = [
        Line(title, "cover", style="title"),
        Line(m.body, "cover", style="subtitle"),
        Line("", "empty"),
    ]
    if mission_vision:
        for text, line_style in MISSION_VISION:
            role = "cover"
            lines += wrapped(text, role, style, line_style=line_style)
        return lines
    start, end = m.start.replace(":", "."), m.end.replace(":", ".")
    lines.append(Line(COVER["date"].format(date=long_date(m.date), start=start, end=end), "cover"))
    lines.append(Line(COVER["place"].format(place=m.location), "cover"))
    if form is not None:
        from .variants import cover_lines as variant_cover

        return variant_cover(agenda, form, style, lines)
    if agenda.kind == "referat":
        lines += [Line("", "empty"), Line(COVER["present"], "cover", style="bold")]
        for a in m.attendance:
            if a.status == "present":
                parts = [a.name, *([a.role] if a.role else []), a.municipality]
                lines.append(Line(", ".join(parts), "cover"))
        lines += [Line("", "empty"), Line(COVER["absent"], "cover", style="bold")]
        for a in m.attendance:
            if a.status == "absent":
                text = f"{a.name}, {a.municipality}"
                if a.substitute:
                    text += COVER["substitute"].format(name=a.substitute)
                lines.append(Line(text, "cover"))
    return lines


def toc_lines(agenda: Agenda, style: Style) -> list[Line]:
    out: list[Line] = []
    for item in agenda.items:
        lines = wrapped(
            f"{item.number}. {item.heading}",
            "toc",
            style,
            width=style.toc_text_width,
            line_style="toc1" if item.level == 1 else None,
        )
        lines[0].number = item.number
        lines[-1].toc_page = 0
        out += lines
    return out


def _two_columns(
    agenda: Agenda, blocks: tuple[Block, ...], style: Style, item: str, label: Line
) -> list[Line]:
    """The section on a new page: the letter-spaced sub-heading over both columns, then the
    text in two columns (filled by ``layout.place_flow``)."""
    from .variants import LETTER_SPACE, column_sub

    label.break_before = True
    sub = Line(column_sub(agenda), "sub", item=item, letter_space=LETTER_SPACE)
    narrow = replace(style, width=style.column_width)
    body = blocks_lines(blocks, narrow, item)
    for line in body:
        line.column, line.measure = 0, style.column_width
    return [sub, *body]


def typeset(
    agenda: Agenda,
    style: Style,
    *,
    toc: bool = True,
    mission_vision: bool = False,
    break_after_heading: str | None = None,
    cover: str | None = None,
    columns_item: str | None = None,
) -> Document:
    """The agenda as printed lines: cover, TOC, items, appended documents. ``cover`` names
    a cover form of ``variants``; ``columns_item`` is an item whose Sagsfremstilling is set
    in two columns on a page of its own, under a letter-spaced sub-heading."""
    lines = cover_lines(agenda, style, mission_vision, cover)
    if toc:
        lines += toc_lines(agenda, style)
    numbers = [item.number for item in agenda.items]
    for item in agenda.items:
        heading = wrapped(f"{item.number}. {item.heading}", "heading", style, item=item.number)
        heading[0].number = item.number
        if lines and lines[-1].column is not None:
            heading[0].break_before = True
        lines += heading
        if any(n.startswith(f"{item.number}.") for n in numbers):
            # KL prints two empty paragraphs between a level-1 heading and its first
            # sub-item ("1. Godkendelse af dagsorden og referat" / "" / "" / "1.1. …").
            lines += [Line("", "empty", item=item.number), Line("", "empty", item=item.number)]
        if item.case:
            lines.append(Line(f"{item.case[0]} {item.case[1]}", "case", item=item.number))
        for n, section in enumerate(item.sections):
            lines.append(Line("", "empty", item=item.number))
            label = Line(label_text(section.key, style), "label", item=item.number)
            label.break_before = n == 0 and item.number == break_after_heading
            lines.append(label)
            if item.number == columns_item and section.key == "sagsfremstilling":
                lines += _two_columns(agenda, section.blocks, style, item.number, label)
                continue
            if next(x for x in reversed(lines[:-1]) if x.role != "empty").column is not None:
                label.break_before = True  # the two-column run ends its page
            lines += blocks_lines(section.blocks, style, item.number)
    for appendix in agenda.appendices:
        title = wrapped(appendix.title, "appendix", style, line_style="title")
        title[0].break_before = True
        lines += title
        lines.append(Line("", "empty"))
        lines += blocks_lines(appendix.blocks, style, None, role="appendix")
    toc_numbers = [item.number for item in agenda.items] if toc else []
    return Document(agenda.kind, separate_items(lines), toc_numbers)

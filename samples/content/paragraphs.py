"""The agenda as word-processor paragraphs: what ``odt`` writes and ``readback`` aligns.

Each paragraph, list entry, heading and TOC entry of the content becomes one word-processor
paragraph (``Block``), its text joined with the hyphens the author knows; the word processor
breaks it into lines again, with its own Danish hyphenation. Two sources:

- ``blocks_of``: the seed's printed lines (``document.Document``);
- ``blocks_of_agenda``: a composed agenda (``compose.py``), with ``header_of`` and
  ``meeting_of`` for its running header and meeting facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from . import compose, model
from .document import LINK_WORDS, Document, Line, join_lines, separate_items
from .rewrap import units
from .truth import BULLET_RE
from .words import COVER, LABELS, cover_title


@dataclass
class Block:
    """One paragraph of the word-processor document."""

    role: str  # cover roles, "toc", "heading", "case", "label", "sub", "para",
    #            "bullet" (a list entry with a bullet label), "numbered", "empty"
    text: str  # as the author wrote it (bullet entries without their bullet)
    item: str | None = None
    number: str | None = None  # headings and TOC entries
    style: str | None = None  # cover: "title", "subtitle", "bold"
    links: list[tuple[str, int, int]] = field(default_factory=list)  # (uri, start, end) in text
    toc_page: int | None = None
    # Filled by ``place``: physical pages of the paragraph's first and last word.
    page_start: int = 0
    page_end: int = 0
    token_pages: list[int] = field(default_factory=list)  # page of each of ``tokens()``
    # Filled by ``place``: whether a reader sees this paragraph start a new one, where only
    # empty paragraphs and a page break separate it from the paragraph before.
    break_visible: bool = True
    keep_with_next: bool = False  # an empty paragraph that must go over with the next one
    toc_break: bool = False  # a TOC title broken before its last word (it ran into the number)
    appendix: bool = False  # part of a document appended after the last item

    @property
    def level1(self) -> bool:
        return self.number is not None and "." not in self.number


def _links_in(unit: list[Line], text: str) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    for uri in dict.fromkeys(link.uri for line in unit for link in line.links):
        word = LINK_WORDS.get(uri)
        if word is None:
            start = text.index(uri)
            out.append((uri, start, start + len(uri)))
        else:
            found = re.search(rf"\b{re.escape(word)}\b", text)
            if not found:
                raise ValueError(f"link word {word!r} not in {text!r}")
            out.append((uri, found.start(), found.end()))
    return out


def blocks_of(document: Document) -> list[Block]:
    """One block per paragraph; an empty paragraph between two paragraphs of body text that
    the author separated without one (a word processor shows no early line end reliably)."""
    out: list[Block] = []
    for unit in units(separate_items(document.lines), document.kind == "dagsorden"):
        first = unit[0]
        text = join_lines(unit)
        role = first.role
        if role == "entry":
            bullet = BULLET_RE.match(text)
            if not first.entry_start:
                raise ValueError(f"list entry without a start: {text!r}")
            if bullet:
                role, text = "bullet", text[bullet.end() :]
            else:
                role = "numbered"
        block = Block(role, text, first.item, first.number, first.style)
        if role == "toc":
            block.toc_page = 0
        block.links = _links_in(unit, text)
        prev = out[-1] if out else None
        if (
            prev is not None
            and role == "para"
            and prev.role in ("para", "bullet", "numbered")
            and block.item == prev.item
        ):
            out.append(Block("empty", "", first.item))
        out.append(block)
    return out


def tokens(block: Block, bullet: str) -> list[str]:
    """The words a reader sees for the block, in order (list labels included)."""
    words = block.text.split()
    if block.role == "bullet":
        words = [bullet, *words]
    if block.role == "toc":
        words.append(str(block.toc_page))
    return words


# --------------------------------------------------------------------------------------------
# Composed agendas (``compose.py``) as paragraphs


def _date_line(meeting: model.Meeting) -> str:
    start, end = meeting.start.replace(":", "."), meeting.end.replace(":", ".")
    return COVER["date"].format(date=compose.long_date(meeting.date), start=start, end=end)


def header_of(meeting: model.Meeting) -> str:
    """The running header, as KL prints it: ``KKR Sjælland  | 21-04-2021``."""
    return f"{meeting.body}  | {meeting.date.strftime('%d-%m-%Y')}"


def _cover(agenda: model.Agenda) -> list[Block]:
    meeting = agenda.meeting
    title = cover_title(agenda.kind)
    out = [
        Block("cover", title, style="title"),
        Block("cover", meeting.body, style="subtitle"),
        Block("empty", ""),
        Block("cover", _date_line(meeting)),
        Block("cover", COVER["place"].format(place=meeting.location)),
    ]
    if agenda.kind != "referat":
        return out
    out += [Block("empty", ""), Block("cover", COVER["present"], style="bold")]
    for person in meeting.attendance:
        if person.status == "present":
            parts = [person.name, person.role, person.municipality]
            out.append(Block("cover", ", ".join(p for p in parts if p)))
    out += [Block("empty", ""), Block("cover", COVER["absent"], style="bold")]
    for person in meeting.attendance:
        if person.status == "absent":
            text = f"{person.name}, {person.municipality}"
            if person.substitute:
                text += COVER["substitute"].format(name=person.substitute)
            out.append(Block("cover", text))
    return out


def meeting_of(agenda: model.Agenda) -> dict[str, Any]:
    """The meeting facts the cover and the running header print."""
    meeting = agenda.meeting
    attendance: list[dict[str, Any]] = []
    if agenda.kind == "referat":
        for person in meeting.attendance:
            if person.status == "present":
                attendance.append(
                    {"name": person.name, "role": person.role,
                     "municipality": person.municipality, "status": "present"}
                )  # fmt: skip
        for person in meeting.attendance:
            if person.status == "absent":
                attendance.append(
                    {"name": person.name, "role": None,
                     "municipality": person.municipality, "status": "absent"}
                )  # fmt: skip
                if person.substitute:
                    attendance.append(
                        {"name": person.substitute, "role": None,
                         "municipality": person.municipality, "status": "substitute"}
                    )  # fmt: skip
    return {
        "body": meeting.body,
        "date": meeting.date.isoformat(),
        "document_type": agenda.kind,
        "start_time": meeting.start,
        "end_time": meeting.end,
        "location": meeting.location,
        "attendance": attendance,
    }


def _content_blocks(blocks: tuple[model.Block, ...], item: str | None) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        previous = out[-1].role if out else None
        if isinstance(block, model.Sub):
            if previous is not None:
                out.append(Block("empty", "", item))
            out.append(Block("sub", block.text, item))
        elif isinstance(block, model.Para):
            if previous in ("para", "bullet", "numbered"):
                out.append(Block("empty", "", item))
            links = []
            for visible, uri in block.links:
                start = block.text.index(visible)
                links.append((uri, start, start + len(visible)))
            out.append(Block("para", block.text, item, links=links))
        else:
            if previous == "para":
                out.append(Block("empty", "", item))
            for entry in block.entries:
                out.append(Block("numbered" if block.numbered else "bullet", entry, item))
    return out


def blocks_of_agenda(agenda: model.Agenda) -> list[Block]:
    """Cover, TOC, items and appended documents of a composed agenda, as paragraphs."""
    out = _cover(agenda)
    for item in agenda.items:
        text = f"{item.number}. {item.heading}"
        out.append(Block("toc", text, number=item.number, toc_page=0))
    previous: model.Item | None = None
    for item in agenda.items:
        if item.level == 2 and previous is not None:
            out += [Block("empty", "", item.number), Block("empty", "", item.number)]
        heading = f"{item.number}. {item.heading}"
        out.append(Block("heading", heading, item.number, item.number))
        if item.case:
            out.append(Block("case", f"{item.case[0]} {item.case[1]}", item.number))
        for section in item.sections:
            out.append(Block("empty", "", item.number))
            out.append(Block("label", LABELS[section.key], item.number))
            out += _content_blocks(section.blocks, item.number)
        previous = item
    for appendix in agenda.appendices:
        out.append(Block("appendix", appendix.title))
        for block in _content_blocks(appendix.blocks, None):
            block.appendix = True
            out.append(block)
    return out

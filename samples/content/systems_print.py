"""How each system prints a meeting: cover, table of contents, items, running lines.

eDoc: a right-aligned running block (committee, document type, Åbent/Lukket part,
``Dato: DD.MM.YYYY``, ``Side N``); a centred cover with ``Tilstede`` / ``Afbud/Fraværende``
/ ``Sekretær``; a TOC split into the open and the closed part; ``N. Title`` headings with
``Sagsnr.:`` and ``Dok.nr.:`` under them; lettered sub-points with their own Bilag lists;
the decision under ``<Committee>s beslutning den DD.MM.YYYY Punkt N``.

FirstAgenda: a capitals cover line, ``Mødedato`` and ``Mødested`` fields; ``Punkt N: Title``
headings with the case number on the line after; the decision before the item's text in
minutes; ``Side N af M`` in the footer.

Acadre: a cover with document type, committee, meeting name, weekday and date, time and
address each on its own line; a running header with document type, committee and page; a
TOC with column heads; the year's running numbers; ``Sagsnr. YY/NNNNN``; dated decisions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from .compose import long_date
from .layout import measure
from .systems import LEAD, Decision, Item, Meeting, PLine, Section, block, para

#: Room a TOC line leaves for its page number.
TOC_PAGE_ROOM = 40.0
#: Where Acadre's TOC sets the titles, right of the "Punkt nr." column.
AC_TITLE_X = 60.0
WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
Running = Callable[[int, int], list[tuple[str, str, float]]]


def _date(meeting: Meeting) -> dt.date:
    return dt.date.fromisoformat(meeting.date)


def _people(meeting: Meeting, status: str, *, x: float = 0.0) -> list[PLine]:
    out = []
    for p in meeting.people:
        if p.status == status or (status == "present" and p.status == "invited"):
            text = (
                p.name + (f" ({p.party})" if p.party else "") + (f" - {p.role}" if p.role else "")
            )
            out.append(PLine(text, x=x, tag=("cover",)))
    return out


# -- eDoc ----------------------------------------------------------------------------------


def _edoc_cover(m: Meeting) -> list[PLine]:
    title = m.kind.capitalize()
    when = f"{WEEKDAYS[_date(m).weekday()]} den {long_date(_date(m))}, kl. {m.start}"
    out = [
        PLine(title, bold=True, size=18, centre=True, gap=6),
        PLine(m.body, bold=True, size=13, centre=True, gap=1),
        PLine(when, centre=True),
        PLine(f"i {m.location}", centre=True),
        PLine(f"{_part(m, False)}", centre=True, gap=1),
    ]
    if m.kind == "referat":  # who came is known only in the minutes
        out += [PLine("Tilstede", bold=True, gap=2, keep=True), *_people(m, "present")]
        out += [PLine("Afbud/Fraværende", bold=True, gap=1, keep=True), *_people(m, "absent")]
    if m.secretary:
        out += [PLine("Sekretær", bold=True, gap=1, keep=True), PLine(m.secretary)]
    return out


def _edoc_toc(m: Meeting) -> list[PLine]:
    out = [PLine("INDHOLDSFORTEGNELSE", bold=True, new_page=True)]
    for closed in (False, True):
        out.append(PLine(_part(m, closed), bold=True, gap=1))
        for item in m.items:
            if item.closed == closed:
                out.append(
                    PLine(
                        f"{item.number}. {item.heading}",
                        tag=("toc", item.number, item.heading),
                        right="",
                    )
                )
    return out


def _decision_lines(m: Meeting, item: Item, d: Decision, idx: int) -> list[PLine]:
    tag = ("item", item.number, f"s{idx}")
    return [PLine(d.label, bold=True, gap=1, keep=True, tag=tag), *block(d.text, m.style, tag)]


def _section_lines(m: Meeting, item: Item, s: Section, idx: int, x: float = 0.0) -> list[PLine]:
    tag = ("item", item.number, f"s{idx}")
    head = PLine(s.label, bold=True, gap=1, keep=True, tag=tag, x=x)
    return [head, *block(s.paras, m.style, tag, x=x, entries=s.entries)]


def _edoc_item(m: Meeting, item: Item, first: bool) -> tuple[list[PLine], list[Any]]:
    tag = ("item", item.number)
    out = para(
        item.heading,
        m.style,
        tag,
        bold=True,
        size=m.style.heading_size,
        keep=True,
        gap=0 if first else 2,
        x=LEAD,
    )
    out[0].lead = f"{item.number}."
    # the closed part starts on a page of its own
    first_closed = item.closed and item is next(i for i in m.items if i.closed)
    out[0].new_page = first or first_closed
    if item.case:
        out.append(PLine(f"Sagsnr.: {item.case}", tag=tag, gap=1))
    if item.document:
        out.append(PLine(f"Dok.nr.: {item.document}", tag=tag))
    out += [
        PLine(line, tag=tag, gap=1 if k == 0 else 0) for k, (line, _, _) in enumerate(item.earlier)
    ]
    order: list[Any] = []
    for sp in item.sub_points:
        stag = ("item", item.number, f"p{sp.letter}")
        title = para(sp.title, m.style, stag, x=20 + LEAD, gap=1)
        title[0].lead = f"{sp.letter}."
        out += title
        text = block(sp.paras, m.style, stag, x=38)
        if text:  # an empty line between the point's title and its text
            out[-1].keep, text[0].gap = True, 1.0
        out += text
        if sp.bilag:
            out.append(PLine("Bilag", bold=True, tag=stag, x=38, gap=1, keep=True))
            for number, title in sp.bilag:
                out += para(f"{number} - {title}", m.style, stag, x=38)
    for s in item.sections:
        out += _section_lines(m, item, s, len(order))
        order.append(s)
    for d in item.decisions:
        out += _decision_lines(m, item, d, len(order))
        order.append(d)
    if item.absent_line:
        out.append(PLine("Følgende deltog ikke i behandlingen af punktet:", gap=1, tag=tag))
        out += [PLine(name, tag=tag) for name in item.absent]  # "Name (P)"
    return out, order


def _edoc_running(m: Meeting, lines: list[PLine]) -> Running:
    closed_from = min(
        (line.page for line in lines if line.tag[:1] == ("item",) and _closed(m, line.tag[1])),
        default=10**6,
    )

    def running(page: int, pages: int) -> list[tuple[str, str, float]]:
        if not m.cover:  # an item exported on its own: no running block
            return []
        part = _part(m, page >= closed_from)
        texts = [m.body, m.kind.capitalize(), part, f"Dato: {m.dotted}", f"Side {page}"]
        return [(t, "right", 805.0 - 10 * n) for n, t in enumerate(texts)]

    return running


def _part(m: Meeting, closed: bool) -> str:
    """ "Åbent referat", "Åben dagsorden", "Lukket referat" …"""
    if closed:
        return f"Lukket {m.kind}"
    return f"Åbent {m.kind}" if m.kind == "referat" else f"Åben {m.kind}"


def _closed(m: Meeting, number: str) -> bool:
    return next(i.closed for i in m.items if i.number == number)


# -- FirstAgenda ---------------------------------------------------------------------------


def _fa_cover(m: Meeting) -> list[PLine]:
    out = [
        PLine(m.kind.upper(), bold=True, size=20, gap=4),
        PLine(m.body, bold=True, size=14, gap=1),
        PLine(f"Mødedato: {m.dotted} kl. {m.start} - {m.end}", gap=2),
        PLine(f"Mødested: {m.location}"),
    ]
    if m.people:
        out += [PLine("Deltagere", bold=True, gap=2, keep=True), *_people(m, "present")]
        out += [PLine("Fraværende", bold=True, gap=1, keep=True), *_people(m, "absent")]
    return out


def _fa_number(m: Meeting, item: Item) -> str:
    return f"Punkt {item.number}: " if m.punkt else f"{item.number}. "


def _fa_toc(m: Meeting) -> list[PLine]:
    out = [PLine("Indholdsfortegnelse", bold=True, size=13, new_page=True)]
    face, size = m.style.regular, m.style.size
    for item in m.items:
        title = item.heading
        prefix = _fa_number(m, item) if m.toc_numbers else ""
        while measure(prefix + title, face, size) > m.style.width - TOC_PAGE_ROOM:
            # FirstAgenda cuts a title that does not fit the line short, without a mark
            title = title.rsplit(" ", 1)[0]
        out.append(PLine(prefix + title, tag=("toc", item.number, title), right="", gap=0.5))
    return out


def _fa_item(m: Meeting, item: Item, first: bool) -> tuple[list[PLine], list[Any]]:
    tag = ("item", item.number)
    out = para(
        _fa_number(m, item) + item.heading,
        m.style,
        tag,
        bold=True,
        size=m.style.heading_size,
        keep=True,
        width=m.style.width * 0.8,
    )
    out[0].new_page = True
    if item.case:
        out.append(PLine(item.case, tag=tag))
    order: list[Any] = []
    parts: list[Any] = (
        [*item.decisions, *item.sections]
        if item.decision_first
        else [*item.sections, *item.decisions]
    )
    for part in parts:
        if isinstance(part, Decision):
            out += _decision_lines(m, item, part, len(order))
        else:
            out += _section_lines(m, item, part, len(order))
        order.append(part)
    return out, order


def _fa_running(m: Meeting, lines: list[PLine]) -> Running:
    def running(page: int, pages: int) -> list[tuple[str, str, float]]:
        if page == 1:
            return []
        head = f"{m.body} - {m.kind.capitalize()} - {m.dotted}"
        return [(head, "right", 800.0), (f"Side {page} af {pages}", "right", 40.0)]

    return running


# -- Acadre --------------------------------------------------------------------------------


def _ac_cover(m: Meeting) -> list[PLine]:
    weekday = WEEKDAYS[_date(m).weekday()].capitalize()
    out = [
        PLine(m.kind.capitalize(), bold=True, size=22, gap=4),
        PLine(m.body, bold=True, size=14, gap=1),
        PLine(m.meeting_name, size=12),
        PLine(f"{weekday} den {long_date(_date(m))}", gap=2),
        PLine(f"Kl. {m.start}" + (f" - {m.end}" if m.end else "")),
        PLine(m.location or ""),
    ]
    if m.people:
        members = _people(m, "present")
        if m.two_columns:  # read down the left column, then the right one
            half = (len(members) + 1) // 2
            left, right = members[:half], members[half:]
            for k, line in enumerate(left):
                line.second = right[k].text if k < len(right) else None
            members = left
        out += [PLine("Medlemmer", bold=True, gap=2, keep=True), *members]
        out += [PLine("Fraværende", bold=True, gap=1, keep=True), *_people(m, "absent")]
    return out


def _ac_toc(m: Meeting) -> list[PLine]:
    out = [
        PLine("Indholdsfortegnelse", bold=True, size=13, new_page=True),
        PLine("Titel", bold=True, right="Side", gap=1, x=AC_TITLE_X, lead="Punkt nr.", lead_at=0.0),
    ]
    for item in m.items:
        # the title in its column, wrapped short of the page numbers' column
        lines = para(item.heading, m.style, ("toc", item.number), x=AC_TITLE_X,
                     width=m.style.width - TOC_PAGE_ROOM)  # fmt: skip
        lines[0].lead, lines[0].lead_at = item.number, 0.0
        lines[-1].tag, lines[-1].right = ("toc", item.number, item.heading), ""
        out += lines
    return out


def _ac_item(m: Meeting, item: Item, first: bool) -> tuple[list[PLine], list[Any]]:
    tag = ("item", item.number)
    out = para(
        f"{item.number}. {item.heading}",
        m.style,
        tag,
        bold=True,
        size=m.style.heading_size,
        keep=True,
    )
    out[0].new_page = True
    if item.case:
        out.append(PLine(f"Sagsnr. {item.case}", tag=tag, gap=0.5))
    order: list[Any] = []
    if not item.sections:
        out += [x for n, d in enumerate(item.decisions) for x in _decision_lines(m, item, d, n)]
        order += item.decisions
    done = False
    for s in item.sections:
        out += _section_lines(m, item, s, len(order))
        order.append(s)
        if not done and (s.key == "indstilling" or s is item.sections[-1]):
            done = True
            for d in item.decisions:
                out += _decision_lines(m, item, d, len(order))
                order.append(d)
    return out, order


def _ac_running(m: Meeting, lines: list[PLine]) -> Running:
    def running(page: int, pages: int) -> list[tuple[str, str, float]]:
        if page == 1:
            return []
        head = f"{m.kind.capitalize()} - {m.body}"
        foot = f"{page} of {pages}" if m.footer == "of" else f"Side {page} af {pages}"
        return [(head, "left", 800.0), (foot, "right", 800.0 if m.footer == "of" else 40.0)]

    return running


PRINTERS: dict[str, tuple[Any, Any, Any, Any]] = {
    "edoc": (_edoc_cover, _edoc_toc, _edoc_item, _edoc_running),
    "firstagenda": (_fa_cover, _fa_toc, _fa_item, _fa_running),
    "acadre": (_ac_cover, _ac_toc, _ac_item, _ac_running),
}
_LAST: dict[str, list[PLine]] = {}


def lines_of(m: Meeting) -> tuple[list[PLine], list[PLine], dict[str, list[Any]]]:
    """Every printed line, the TOC lines (their page numbers filled in later), and each
    item's sections and decisions in the order printed."""
    cover, toc, item_lines, _ = PRINTERS[m.system]
    lines: list[PLine] = cover(m) if m.cover else []
    toc_lines: list[PLine] = toc(m) if m.cover else []
    lines += toc_lines
    orders: dict[str, list[Any]] = {}
    for k, item in enumerate(m.items):
        more, order = item_lines(m, item, k == 0)
        lines += more
        orders[item.number] = order
    _LAST[m.name] = lines
    return lines, [x for x in toc_lines if x.right is not None and len(x.tag) > 2], orders


def running(m: Meeting) -> Running:
    r: Running = PRINTERS[m.system][3](m, _LAST[m.name])
    return r

"""Meetings printed the way eDoc, FirstAgenda and Acadre print them, and their truth.

Each sample is a :class:`Meeting` (``systems_content``): plain content with the system's
printed forms already spelled out (heading prefix, case label, dated decision labels). The
printer (one per system, below) turns it into printed lines; :func:`place` fills A4 pages
top to bottom; :func:`render` draws them with reportlab (invariant mode: the same bytes every
run); :func:`expected` writes the parser output the sample must give from the same content
and the pages the lines landed on — never by running the parser.

Line breaking: ragged right, greedy, no hyphenation, so a line that ends early ends a
paragraph and every other line ends where the next word would not fit (checked). Paragraphs
of a section are separated by an empty line; list-like entries (Bilag, ``At 1)`` points) are
one line each, separated only by the room left after them.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from .layout import measure, register_fonts
from .truth import SCHEMA_VERSION

PAGE_WIDTH, PAGE_HEIGHT = A4
#: How far left of a hanging title its number or letter is printed ("b.   Title", eDoc).
LEAD = 18.0

# -- content --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    name: str
    party: str | None = None
    role: str | None = None
    status: str = "present"  # present | absent | other | invited


@dataclass(frozen=True)
class Section:
    label: str  # as printed
    key: str  # the section key the truth claims
    paras: tuple[str, ...]
    entries: bool = False  # paragraphs are one-line entries without a blank line between


@dataclass(frozen=True)
class SubPoint:
    letter: str
    title: str
    paras: tuple[str, ...] = ()
    bilag: tuple[tuple[str, str], ...] = ()  # (document number, title)


@dataclass(frozen=True)
class Decision:
    label: str  # as printed: "Teknik- og Miljøudvalgets beslutning den 07.03.2023 Punkt 2"
    date: str  # ISO
    body: str  # in the nominative
    text: tuple[str, ...]


@dataclass(frozen=True)
class Item:
    number: str
    heading: str  # as printed after the number (or after "Punkt N: ")
    kind: str | None = None
    title: str | None = None  # None: the heading
    closed: bool = False
    case: str | None = None
    document: str | None = None
    sections: tuple[Section, ...] = ()
    sub_points: tuple[SubPoint, ...] = ()
    decisions: tuple[Decision, ...] = ()
    decision_first: bool = False  # FirstAgenda minutes: the decision before the text
    #: eDoc: "Følgende deltog ikke i behandlingen af punktet:" then "Name (P)" lines; the
    #: truth names the person without the party
    absent: tuple[str, ...] = ()
    absent_line: bool = False
    #: eDoc: lines under Dok.nr. naming an earlier treatment, (printed line, ISO date, body):
    #: ("Kommunalbestyrelsen den 30. januar 2023 Punkt 5", "2023-01-30", "Kommunalbestyrelsen")
    earlier: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class Style:
    regular: str
    bold: str
    size: float = 10.0
    leading: float = 13.0
    heading_size: float = 13.0
    left: float = 70.0
    width: float = 440.0
    top: float = 740.0
    bottom: float = 80.0


@dataclass(frozen=True)
class Meeting:
    name: str
    system: str  # edoc | firstagenda | acadre
    kind: str  # dagsorden | referat
    body: str
    date: str  # ISO
    weekday: str
    start: str | None
    end: str | None
    location: str | None
    style: Style
    items: tuple[Item, ...]
    people: tuple[Person, ...] = ()
    secretary: str | None = None
    meeting_name: str = ""  # Acadre's "Ordinært møde"
    cover: bool = True
    toc_numbers: bool = True
    footer: str = ""  # Acadre: "of" ("N of M") or "af" ("Side N af M")
    punkt: bool = True  # FirstAgenda: "Punkt N: Title" (else "N. Title")
    two_columns: bool = False  # Acadre: the members in two columns, read down each
    axis: str = ""
    outcomes: dict[str, str] = field(default_factory=dict)  # item number -> outcome class

    @property
    def dotted(self) -> str:
        y, m, d = self.date.split("-")
        return f"{d}.{m}.{y}"


# -- printed lines ------------------------------------------------------------------------


@dataclass
class PLine:
    text: str
    bold: bool = False
    size: float | None = None  # None: the body size
    x: float = 0.0  # indent from the column's left
    gap: float = 0.0  # empty lines before (in leadings)
    tag: tuple[str, ...] = ()
    keep: bool = False  # keep with the next line
    new_page: bool = False
    right: str | None = None  # printed at the column's right end on the same baseline
    centre: bool = False
    cont: bool = False  # the paragraph goes on on the next line
    lead: str | None = None  # "b.": printed at ``LEAD`` points left of ``x`` (hanging)
    second: str | None = None  # a second column's text on the same baseline, mid-column
    lead_at: float | None = None  # where the lead is printed, if not ``LEAD`` left of ``x``
    page: int = 0
    y: float = 0.0


def font(line: PLine, style: Style) -> tuple[str, float]:
    return (style.bold if line.bold else style.regular), line.size or style.size


def wrap(text: str, width: float, face: str, size: float) -> list[str]:
    """Greedy breaking at spaces. A line never starts with what reads as a list entry or a
    sub-point ("–", "2.", "a.", "1)"), nor ends in a suspended compound ("Sundheds-")."""
    groups: list[str] = []
    for word in text.split():
        glue = word in ("–", "-") or (len(word) <= 3 and word[-1] in ".)" and word[0].isalnum())
        glue = glue or (word[-1] in ".)" and word[:-1].isdigit())  # "2024." reads as "715."
        if groups and (glue or groups[-1].endswith("-")):
            groups[-1] += " " + word
        else:
            groups.append(word)
    lines: list[str] = []
    for group in groups:
        if lines and measure(lines[-1] + " " + group, face, size) <= width:
            lines[-1] += " " + group
        else:
            if lines:
                rest = width - measure(lines[-1], face, size)
                if measure(" " + group.split()[0], face, size) <= rest:
                    raise ValueError(f"a soft wrap would look hard: {lines[-1]!r} / {group!r}")
            lines.append(group)
    return lines


def para(
    text: str,
    style: Style,
    tag: tuple[str, ...],
    *,
    x: float = 0.0,
    gap: float = 0.0,
    bold: bool = False,
    size: float | None = None,
    keep: bool = False,
    width: float | None = None,
) -> list[PLine]:
    probe = PLine("", bold=bold, size=size)
    face, sz = font(probe, style)
    pieces = wrap(text, (width or style.width) - x, face, sz)
    out = []
    for k, piece in enumerate(pieces):
        more = k < len(pieces) - 1
        out.append(
            PLine(
                piece,
                bold=bold,
                size=size,
                x=x,
                gap=gap if k == 0 else 0.0,
                tag=tag,
                keep=keep or more,
                cont=more,
            )
        )
    return out


def block(
    paras: tuple[str, ...],
    style: Style,
    tag: tuple[str, ...],
    *,
    x: float = 0.0,
    entries: bool = False,
) -> list[PLine]:
    out: list[PLine] = []
    for k, text in enumerate(paras):
        out += para(text, style, tag, x=x, gap=0.0 if k == 0 or entries else 1.0)
    return out


# -- pages ---------------------------------------------------------------------------------


def place(lines: list[PLine], style: Style) -> int:
    """Fill pages top to bottom; a line marked ``keep`` stays with the next one; an empty
    line at the head of a page is not printed."""
    page, y = 1, style.top
    first_on_page = True
    for k, line in enumerate(lines):
        if line.new_page and not first_on_page:
            page, y, first_on_page = page + 1, style.top, True
        need = line.gap * style.leading + style.leading
        run = 1
        while lines[k + run - 1].keep and k + run < len(lines) and run < 6:
            run += 1
        block_need = need + (run - 1) * style.leading
        if not first_on_page and y - block_need < style.bottom:
            page, y, first_on_page = page + 1, style.top, True
        if first_on_page:
            need = style.leading
        y -= need
        line.page, line.y = page, y
        first_on_page = False
    return page


def check_paragraph_ends(lines: list[PLine], style: Style) -> None:
    """A paragraph's last line followed without a gap by another paragraph must leave
    more room than the next line's first word: a reader sees the end."""
    for prev, nxt in itertools.pairwise(lines):
        if prev.cont or nxt.gap or prev.page != nxt.page or not nxt.text or nxt.bold or prev.bold:
            continue
        if prev.tag != nxt.tag or prev.right or nxt.right:
            continue
        face, size = font(prev, style)
        rest = style.width - prev.x - measure(prev.text, face, size)
        if rest <= measure(" " + nxt.text.split()[0], face, size):
            raise ValueError(f"paragraph end not visible: {prev.text!r} / {nxt.text!r}")


def render(lines: list[PLine], style: Style, path: Path, pages: int, running: Any) -> list[str]:
    """Draw the placed lines and ``running(page, pages)``'s (text, align, baseline) lines;
    returns the running lines drawn."""
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1, pageCompression=1)
    pdf.setTitle(path.stem)
    pdf.setCreator("kkrparse samples")
    drawn: list[str] = []
    for page in range(1, pages + 1):
        pdf.setFont(style.regular, 8)
        pdf.setFillGray(0.3)
        for text, align, base in running(page, pages):
            if align == "right":
                pdf.drawRightString(style.left + style.width, base, text)
            elif align == "centre":
                pdf.drawCentredString(style.left + style.width / 2, base, text)
            else:
                pdf.drawString(style.left, base, text)
            drawn.append(" ".join(text.split()))
        pdf.setFillGray(0)
        for line in (x for x in lines if x.page == page and x.text):
            face, size = font(line, style)
            pdf.setFont(face, size)
            if line.centre:
                pdf.drawCentredString(style.left + style.width / 2, line.y, line.text)
            else:
                pdf.drawString(style.left + line.x, line.y, line.text)
            if line.second is not None:
                pdf.drawString(style.left + style.width / 2, line.y, line.second)
            if line.lead is not None:
                at = line.x - LEAD if line.lead_at is None else line.lead_at
                pdf.drawString(style.left + at, line.y, line.lead)
            if line.right is not None:
                pdf.drawRightString(style.left + style.width, line.y, line.right)
        pdf.showPage()
    pdf.save()
    return list(dict.fromkeys(drawn))


# -- truth ---------------------------------------------------------------------------------


def pages_of(lines: list[PLine], tag: tuple[str, ...]) -> tuple[int, int]:
    found = [line.page for line in lines if line.text and line.tag[: len(tag)] == tag]
    return found[0], found[-1]


def section_truth(
    item: Item, lines: list[PLine], idx: int, label: str, key: str, text: str
) -> dict[str, Any]:
    start, end = pages_of(lines, ("item", item.number, f"s{idx}"))
    return {"key": key, "heading": label, "text": text, "page_start": start, "page_end": end}


def item_truth(
    item: Item, lines: list[PLine], meeting: Meeting, order: list[Any]
) -> dict[str, Any]:
    """``order``: the item's sections and decisions as printed (Section | Decision)."""
    sections, recommendations, attachments, refs = [], [], [], []
    for idx, part in enumerate(order):
        if isinstance(part, Decision):
            text = "\n\n".join(part.text)
            sections.append(section_truth(item, lines, idx, part.label, "beslutning", text))
            continue
        text = "\n\n".join(part.paras)
        sections.append(section_truth(item, lines, idx, part.label, part.key, text))
        if part.key in ("indstilling", "beslutningspunkter") and not recommendations:
            recommendations = list(part.paras)
        if part.key == "vedlagte_bilag":
            for entry in part.paras:
                number, sep, title = entry.partition(" - ")
                if sep and number[:4].isdigit():
                    attachments.append(title)
                    refs.append({"number": number, "title": title})
                else:
                    attachments.append(entry)
    subs = []
    for sp in item.sub_points:
        sp_refs = [{"number": n, "title": t} for n, t in sp.bilag]
        subs.append(
            {
                "letter": sp.letter,
                "title": sp.title,
                "text": "\n\n".join(sp.paras),
                "attachments": [t for _, t in sp.bilag],
                "attachment_refs": sp_refs,
                "page_start": pages_of(lines, ("item", item.number, f"p{sp.letter}"))[0],
            }
        )
        attachments += [t for _, t in sp.bilag]
        refs += sp_refs
    decision = None
    history = [{"date": date, "body": body, "text": None} for _, date, body in item.earlier]
    if item.decisions:
        current = next((d for d in item.decisions if d.date == meeting.date), item.decisions[-1])
        decision = "\n\n".join(current.text)
        history += [
            {"date": d.date, "body": d.body, "text": "\n\n".join(d.text)}
            for d in item.decisions
            if d is not current
        ]
    history.sort(key=lambda record: record["date"])
    start, end = pages_of(lines, ("item", item.number))
    return {
        "number": item.number,
        "level": 1,
        "parent": None,
        "heading": item.heading,
        "kind": item.kind,
        "title": item.title or item.heading,
        "closed": item.closed,
        "case_number": item.case,
        "case_officer": None,
        "document_number": item.document,
        "page_start": start,
        "page_end": end,
        "sections": sections,
        "recommendations": recommendations,
        "decision": decision,
        "decision_history": history,
        "decision_outcome": None,
        "attachments": attachments,
        "attachment_refs": refs,
        "sub_points": subs,
        "links": [],
        "absent": [name.split(" (")[0] for name in item.absent],
    }


def attendance(meeting: Meeting) -> list[dict[str, Any]]:
    out = [
        {"name": p.name, "role": p.role, "municipality": None, "party": p.party, "status": p.status}
        for p in meeting.people
    ]
    if meeting.secretary:
        out.append(
            {
                "name": meeting.secretary,
                "role": "sekretær",
                "municipality": None,
                "party": None,
                "status": "other",
            }
        )
    return out


def write(meeting: Meeting, out: Path) -> None:
    """Print the meeting into ``out/<name>.pdf`` and its truth beside it."""
    from . import systems_print

    register_fonts()
    lines, toc, orders = systems_print.lines_of(meeting)
    pages = place(lines, meeting.style)
    heading_page = {i.number: pages_of(lines, ("item", i.number))[0] for i in meeting.items}
    for line in toc:
        line.right = str(heading_page[line.tag[1]])
        face, size = font(line, meeting.style)
        if measure(line.text + "  " + line.right, face, size) > meeting.style.width - line.x:
            raise ValueError(f"{meeting.name}: TOC line runs into its page number: {line.text}")
    if place(lines, meeting.style) != pages:
        raise RuntimeError(f"{meeting.name}: TOC page numbers changed the layout")
    check_paragraph_ends(lines, meeting.style)
    running = systems_print.running(meeting)
    drawn = render(lines, meeting.style, out / f"{meeting.name}.pdf", pages, running)
    truth = {
        "schema_version": SCHEMA_VERSION,
        "source": {
            "filename": f"{meeting.name}.pdf",
            "page_count": pages,
            "profile": meeting.system,
        },
        "meeting": {
            "body": meeting.body,
            "date": meeting.date,
            "document_type": meeting.kind,
            # an item exported on its own prints no cover: no time, no place
            "start_time": meeting.start if meeting.cover else None,
            "end_time": meeting.end if meeting.cover else None,
            "location": meeting.location if meeting.cover else None,
            "attendance": attendance(meeting),
        },
        "toc": [
            {"number": line.tag[1], "title": line.tag[2], "page": int(line.right or 0)}
            for line in toc
            if line.right is not None and len(line.tag) > 2
        ],
        "items": [item_truth(i, lines, meeting, orders[i.number]) for i in meeting.items],
        "appendix": None,
        # the committee's name and the document type are printed in the text too
        "must_not_appear": [t for t in drawn if t not in (meeting.body, meeting.kind.capitalize())],
    }
    if not meeting.cover:  # an item exported on its own prints no TOC
        truth["warnings"] = ["no_toc"]
    text = json.dumps(truth, ensure_ascii=False, indent=2) + "\n"
    (out / f"{meeting.name}.expected.json").write_text(text, encoding="utf-8")


def with_style(meeting: Meeting, **changes: Any) -> Meeting:
    return replace(meeting, style=replace(meeting.style, **changes))


#: Each decision's intended outcome class, per sample and item, for a later scorer.
OUTCOMES_FILE = Path(__file__).resolve().parent / "data" / "decision_labels_systems.json"


def write_outcomes(meetings: tuple[Meeting, ...]) -> None:
    labels = {m.name: m.outcomes for m in meetings if m.outcomes}
    text = json.dumps(labels, ensure_ascii=False, indent=2) + "\n"
    OUTCOMES_FILE.write_text(text, encoding="utf-8")


def manifest() -> list[str]:
    return [f"| `{m.name}` | {m.axis} |" for m in _meetings()]


def _meetings() -> tuple[Meeting, ...]:
    from .systems_meetings import MEETINGS

    return MEETINGS

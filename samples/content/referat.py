"""The same meeting as minutes (referat): a cover with the meeting facts and the attendance,
and a ``Beslutning`` section with the decision in every item that has content.
"""

from __future__ import annotations

from typing import Any

from .document import Document, Line, separate_items
from .layout import Style, measure
from .words import COVER, cover_title, load
from .wrap import wrap

_MINUTES: dict[str, Any] = load("referat_seed.json")
DATE_LINE: str = _MINUTES["date_line"]
PLACE: str = _MINUTES["place"]

# (name, role, municipality); role None when the list prints none.
PRESENT: list[tuple[str, str | None, str]] = [
    (p["name"], p["role"], p["municipality"]) for p in _MINUTES["present"]
]
# (name, municipality, substitute who attended or None)
ABSENT: list[tuple[str, str, str | None]] = [
    (p["name"], p["municipality"], p["substitute"]) for p in _MINUTES["absent"]
]

# Where the Beslutning section goes: after Sagsfremstilling (before Vedlagte bilag) unless
# listed here, where it follows Indstilling.
AFTER_INDSTILLING = {"1.2", "2.4", "2.9"}

# Decisions: paragraphs, separated by a blank line; within one, "\n" starts a line, and a line
# starting with "– " is a list entry (so 2.3 has a lead-in line and a list right under it).
DECISIONS: dict[str, list[str]] = _MINUTES["decisions"]


def _cover() -> list[Line]:
    lines = [
        Line(cover_title("referat"), "cover", style="title"),
        Line(_MINUTES["body"], "cover", style="subtitle"),
        Line("", "empty"),
        Line(DATE_LINE, "cover"),
        Line(COVER["place"].format(place=PLACE), "cover"),
        Line("", "empty"),
        Line(COVER["present"], "cover", style="bold"),
    ]
    for name, role, municipality in PRESENT:
        text = f"{name}, {role}, {municipality}" if role else f"{name}, {municipality}"
        lines.append(Line(text, "cover"))
    lines += [Line("", "empty"), Line(COVER["absent"], "cover", style="bold")]
    for name, municipality, substitute in ABSENT:
        text = f"{name}, {municipality}"
        if substitute:
            text += COVER["substitute"].format(name=substitute)
        lines.append(Line(text, "cover"))
    return lines


def meeting() -> dict[str, Any]:
    """The meeting facts, as the cover prints them."""
    attendance: list[dict[str, Any]] = [
        {"name": name, "role": role, "municipality": municipality, "status": "present"}
        for name, role, municipality in PRESENT
    ]
    for name, municipality, substitute in ABSENT:
        attendance.append(
            {"name": name, "role": None, "municipality": municipality, "status": "absent"}
        )
        if substitute:
            attendance.append(
                {
                    "name": substitute,
                    "role": None,
                    "municipality": municipality,
                    "status": "substitute",
                }
            )
    return {
        "document_type": "referat",
        "start_time": "10:00",
        "end_time": "12:30",
        "location": PLACE,
        "attendance": attendance,
    }


def decision_lines(item: str, style: Style) -> list[Line]:
    """The Beslutning label and the decision, wrapped to the column."""
    out = [Line("Beslutning", "label", item=item)]

    def width(text: str) -> float:
        return measure(text, style.regular, style.size)

    for n, paragraph in enumerate(DECISIONS[item]):
        if n:
            out.append(Line("", "empty", item=item))
        for entry in paragraph.split("\n"):
            is_entry = entry.startswith("– ")
            wrapped = wrap(entry, style.width, width)
            for k, piece in enumerate(wrapped):
                line = Line(piece.text, "entry" if is_entry else "para", item=item)
                line.entry_start = is_entry and k == 0
                line.cont = k < len(wrapped) - 1
                line.hyph = piece.hyph if line.cont else None
                out.append(line)
    return out


def build_referat(dagsorden: Document, style: Style) -> tuple[Document, dict[str, Any]]:
    """Minutes of the meeting: new cover, same TOC and items, decisions inserted."""
    body = [line for line in dagsorden.lines if line.role not in ("cover",) and line.seed_page != 1]
    for line in body:
        line.seed_page = None
        if line.role == "toc":
            line.toc_page = None if line.cont else 0
    out: list[Line] = []
    items: dict[str, list[Line]] = {}
    order: list[str] = []
    for line in body:
        if line.role == "toc" or (line.role == "empty" and not order):
            out.append(line)
            continue
        if line.role == "heading" and line.number:
            order.append(line.number)
            items[line.number] = []
        items[order[-1]].append(line)
    for number in order:
        lines = items[number]
        if number in DECISIONS:
            lines = _insert_decision(number, lines, style)
        out += lines
    lines = separate_items(_cover() + out)
    return Document("referat", lines, dagsorden.toc_numbers), meeting()


def _insert_decision(number: str, lines: list[Line], style: Style) -> list[Line]:
    decision = decision_lines(number, style)
    labels = [i for i, line in enumerate(lines) if line.role == "label"]
    if number not in AFTER_INDSTILLING and not any(
        lines[i].text.startswith("Vedlagte bilag") for i in labels
    ):
        last = max(i for i, line in enumerate(lines) if line.role != "empty")
        tail = lines[last + 1 :]
        return [*lines[: last + 1], Line("", "empty", item=number), *decision, *tail]
    if number in AFTER_INDSTILLING:
        target = next(i for i in labels if lines[i].text == "Sagsfremstilling")
    else:
        target = next(i for i in labels if lines[i].text.startswith("Vedlagte bilag"))
    # A label follows a blank line; in 2.3 the seed's page break stood in for it.
    before = [] if lines[target - 1].role == "empty" else [Line("", "empty", item=number)]
    after = Line("", "empty", item=number)
    return [*lines[:target], *before, *decision, after, *lines[target:]]

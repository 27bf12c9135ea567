"""Variants of the composed meetings that real council documents taught: covers with other
participant headings and entry forms, attachment lists with hanging indents at a narrower
measure, an item's case presentation set in two columns under a letter-spaced heading.

The cover forms are data (``data/variants.json``): per list its heading, the status the
heading gives, the entry form and who is listed. ``cover_lines`` prints them and
``attendance`` writes what a reader of the cover knows: who is listed under which heading.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .document import Line
from .layout import PAGE_WIDTH, Style, measure
from .model import Agenda, Attendee, Bullets, Item, Section
from .words import FILLER, MUNICIPALITIES, PHRASES, load

_DATA: dict[str, Any] = load("variants.json")
PARTIES: tuple[str, ...] = tuple(_DATA["parties"])
COVERS: dict[str, list[dict[str, Any]]] = _DATA["covers"]
LONG_BILAG: tuple[str, ...] = tuple(_DATA["long_bilag"])
COLUMN_SUB: str = _DATA["column_sub"]
#: Extra space after each letter of the letter-spaced heading, in points: wider than the
#: gap at which a reader's word grouping splits letters (3 pt), as designers space titles.
LETTER_SPACE = 4.0
#: Entry forms that print a member's role.
ROLE_FORMS = ("party_dash", "name_municipality_role", "name_role_municipality")
#: Room between the two columns of a two-column participant list, in points.
CELL_GAP = 36.0


def _staff(agenda: Agenda) -> list[Attendee]:
    towns = MUNICIPALITIES[agenda.meeting.region]
    out = []
    for n, person in enumerate(_DATA["staff"]):
        if person["role"] is None:
            continue
        town = PHRASES["municipality"].format(town=towns[n % len(towns)])
        out.append(Attendee(person["name"], person["role"], town, "other"))
    return out


def _secretary() -> Attendee:
    person = next(p for p in _DATA["staff"] if p["role"] is None)
    return Attendee(person["name"], None, "", "other")


def _listed(agenda: Agenda, block: dict[str, Any]) -> list[Attendee]:
    people = agenda.meeting.attendance
    who = block["who"]
    if who == "present":
        return [a for a in people if a.status == "present"]
    if who == "absent":
        return [a for a in people if a.status == "absent"]
    if who == "all":
        return list(people)
    if who == "staff":
        return _staff(agenda)
    if who == "secretary":
        return [_secretary()]
    return []


def _party(agenda: Agenda, person: Attendee) -> str:
    names = [a.name for a in agenda.meeting.attendance]
    return PARTIES[names.index(person.name) % len(PARTIES)]


def _entry(agenda: Agenda, block: dict[str, Any], person: Attendee) -> str:
    form = block["form"]
    role = person.role if block["status"] != "absent" else None
    if form == "name":
        text = person.name
    elif form in ("party_dash", "party"):
        text = f"{person.name} ({_party(agenda, person)})"
        if role and form == "party_dash":
            text += f" - {role}"
    elif form == "name_municipality_role":
        text = f"{person.name}, {person.municipality}" + (f" ({role})" if role else "")
    elif form == "name_role_municipality":
        text = ", ".join([person.name, *([role] if role else []), person.municipality])
    else:
        text = f"{person.name}, {person.municipality}"
    if block["status"] == "absent" and person.substitute:
        text += f" (supp. {person.substitute} deltog)"
    return text


def cover_lines(agenda: Agenda, form: str, style: Style, first: list[Line]) -> list[Line]:
    """The cover: ``first`` (title, date and place lines), then the participant lists."""
    from .typeset import MISSION_VISION, wrapped

    lines = list(first)
    for block in COVERS[form]:
        lines.append(Line("", "empty"))
        if block.get("boilerplate"):
            for text, line_style in MISSION_VISION:
                lines += wrapped(text, "cover", style, line_style=line_style)
            continue
        lines.append(Line(block["heading"], "cover", style="bold"))
        entries = [_entry(agenda, block, p) for p in _listed(agenda, block)]
        if block.get("columns") == 2:
            half = (len(entries) + 1) // 2
            left, right = entries[:half], entries[half:]
            shift = max(measure(t, style.regular, style.size) for t in left) + CELL_GAP
            widest = max(measure(t, style.regular, style.size) for t in right)
            if style.left + shift + widest > PAGE_WIDTH - 40:
                raise ValueError("the second column of the participant list does not fit")
            for k, text in enumerate(left):
                lines.append(Line(text, "cover"))
                if k < len(right):
                    lines.append(Line(right[k], "cover", indent=shift, same_line=True))
        else:
            lines += [Line(text, "cover") for text in entries]
    return lines


def attendance(agenda: Agenda, form: str, minutes: bool) -> list[dict[str, Any]]:
    """Who the cover lists, in reading order (a two-column list down each column), with
    the status the heading gives: ``Medlemmer`` lists the invited in an agenda, the present
    in minutes; staff are ``other``; an absent member's substitute follows them."""
    out: list[dict[str, Any]] = []
    for block in COVERS[form]:
        if block.get("boilerplate"):
            continue
        status = block["status"]
        if status == "invited" and minutes:
            status = "present"
        party_form = block["form"] in ("party_dash", "party")
        for person in _listed(agenda, block):
            role = person.role if block["form"] in ROLE_FORMS and status != "absent" else None
            if block["form"] == "name":
                role = block.get("role")
            municipality = None if party_form or block["form"] == "name" else person.municipality
            out.append({"name": person.name, "role": role, "municipality": municipality,
                        "party": _party(agenda, person) if party_form else None,
                        "status": status})  # fmt: skip
            if status == "absent" and person.substitute:
                out.append({"name": person.substitute, "role": None,
                            "municipality": municipality, "party": None,
                            "status": "substitute"})  # fmt: skip
    gone = {a["name"] for a in out if a["status"] == "absent"}
    return [a for a in out if a["status"] not in ("present", "invited") or a["name"] not in gone]


def _fill(text: str, agenda: Agenda, item: Item) -> str:
    towns = MUNICIPALITIES[agenda.meeting.region]
    return text.format(region=f"Region {agenda.meeting.region}", kom=towns[0], kom2=towns[1],
                       year=agenda.meeting.date.year)  # fmt: skip


def long_bilag(agenda: Agenda) -> Agenda:
    """Every attachment list holds long titles that wrap (and one short one)."""
    items = []
    for k, item in enumerate(agenda.items):
        sections = []
        for section in item.sections:
            if section.key == "vedlagte_bilag":
                titles = [_fill(LONG_BILAG[(k + n) % len(LONG_BILAG)], agenda, item)
                          for n in range(3)]  # fmt: skip
                section = Section(section.key, (Bullets(tuple(titles)),))
            sections.append(section)
        items.append(replace(item, sections=tuple(sections)))
    return replace(agenda, items=tuple(items))


def longer_case(agenda: Agenda, number: str, paragraphs: int) -> Agenda:
    """Item ``number``'s Sagsfremstilling with ``paragraphs`` more paragraphs of filler."""
    from .model import Para

    items = []
    for item in agenda.items:
        if item.number == number:
            sections = []
            for section in item.sections:
                if section.key == "sagsfremstilling":
                    extra = tuple(Para(_fill(FILLER[n % len(FILLER)], agenda, item))
                                  for n in range(paragraphs))  # fmt: skip
                    section = Section(section.key, (*section.blocks, *extra))
                sections.append(section)
            item = replace(item, sections=tuple(sections))
        items.append(item)
    return replace(agenda, items=tuple(items))


def column_sub(agenda: Agenda) -> str:
    return COLUMN_SUB.format(region=f"Region {agenda.meeting.region}")

"""Composed agendas: realistic KKR meetings in KL's style, as structured content.

The seed is one meeting of one KKR. This module writes further meetings the way KL writes
them — for all five KKRs, other dates and years, 5–25 items, level-1 items without sub-items,
items without content, long case presentations, many attachments, numbered lists in body text
— as plain data that says nothing about fonts or pages (``model``). Any typesetter (reportlab
here, a word processor elsewhere) prints it; the expected parser output follows from the
content and where the typesetter put it.

This module composes the meeting (its frame of items, the date, place and attendance);
``items`` writes each item's text; the words come from ``data/`` through ``words``.

Everything is deterministic: ``compose(Plan(...))`` returns the same agenda every time (a
``random.Random`` seeded from the plan picks topics, names and case numbers).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

from . import items as item_text
from .model import Agenda, Attendee, Item, Meeting, Plan
from .words import (
    ANY_OTHER_BUSINESS,
    APPOINTMENTS,
    CASES,
    CHAIR,
    DEPUTY_CHAIR,
    FIRST_NAMES,
    LAST_NAMES,
    MONTHS,
    MUNICIPALITIES,
    NEWS,
    NEWS_ITEMS,
    OPENING,
    OPENING_ITEMS,
    PHRASES,
    PLACES,
    TOPICS,
)


def long_date(day: dt.date) -> str:
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def _people(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        if name not in names:
            names.append(name)
    return names


def _attendance(rng: random.Random, region: str) -> tuple[Attendee, ...]:
    towns = list(MUNICIPALITIES[region])
    rng.shuffle(towns)
    towns = towns[:10]
    names = _people(rng, len(towns) + 2)

    def municipality(town: str) -> str:
        return PHRASES["municipality"].format(town=town)

    out: list[Attendee] = []
    for n, town in enumerate(towns[:8]):
        role = CHAIR if n == 0 else DEPUTY_CHAIR if n == 1 else None
        out.append(Attendee(names[n], role, municipality(town), "present"))
    out.append(Attendee(names[8], None, municipality(towns[8]), "absent", names[10]))
    out.append(Attendee(names[9], None, municipality(towns[9]), "absent"))
    return tuple(out)


def compose(plan: Plan) -> Agenda:
    """The agenda (or minutes) ``plan`` describes."""
    if not 1 <= plan.cases <= 15:
        raise ValueError("2.1 … 2.15 at most")
    rng = random.Random(f"{plan.region}-{plan.date}-{plan.kind}-{plan.seed}")
    item_text.new_agenda()
    items: list[Item] = [Item("1", OPENING)]
    for k, standing in enumerate(OPENING_ITEMS, start=1):
        items.append(item_text.standing(rng, plan, f"1.{k}", standing))
    items.append(Item("2", CASES))
    order = list(range(len(TOPICS)))
    rng.shuffle(order)
    for k in range(plan.cases):
        topic = TOPICS[order[k % len(TOPICS)]]
        items.append(item_text.case_item(rng, plan, f"2.{k + 1}", topic, k))
    if plan.empty_items:
        items.append(Item("3", APPOINTMENTS))
    n = 4 if plan.empty_items else 3
    items.append(Item(str(n), NEWS))
    for k, standing in enumerate(NEWS_ITEMS, start=1):
        items.append(item_text.standing(rng, plan, f"{n}.{k}", standing))
    if plan.empty_items:
        items.append(Item(str(n + 1), ANY_OTHER_BUSINESS))
    appendices = tuple(item_text.appendix(rng, plan, k) for k in range(plan.appendices))
    meeting = Meeting(
        plan.region,
        plan.date,
        rng.choice(("09:00", "09:30", "10:00", "13:00")),
        "",
        PLACES[plan.region],
        _attendance(rng, plan.region),
    )
    start_hour = int(meeting.start[:2])
    meeting = replace(meeting, end=f"{start_hour + 2:02d}:{meeting.start[3:]}")
    return Agenda(plan.kind, meeting, tuple(items), appendices)

"""Stage 6, meeting: meeting facts from the cover and the running header — never from item text.

Item text names other meetings (the next meeting's date, time and place in "Punkter til
næste møde"), so only two places are trusted: the running header (``KKR Sjælland |
21-04-2021``) and the cover, where minutes print ``Dato: … kl. …``, ``Sted: …`` and the
participant list (``Deltagere:`` / ``Afbud:``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import regex

from kkrparse.document import Line
from kkrparse.models import AttendanceStatus
from kkrparse.patterns import MONTHS, rule


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    role: str | None
    municipality: str | None
    status: AttendanceStatus


@dataclass(frozen=True, slots=True)
class MeetingFacts:
    body: str | None = None
    date: str | None = None
    minutes_title: bool = False
    start_time: str | None = None
    end_time: str | None = None
    location: str | None = None
    attendance: tuple[Person, ...] = field(default=())


def _iso(y: str, m: int, d: str) -> str | None:
    try:
        return dt.date(int(y), m, int(d)).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """The first date in ``text``: ``21-04-2021``, ``21. april 2021`` or ``2021-04-21``."""
    found: list[tuple[int, str]] = []
    m = rule("date_iso").search(text)
    if m and (iso := _iso(m["y"], int(m["m"]), m["d"])):
        found.append((m.start(), iso))
    m = rule("date_numeric").search(text)
    if m and (iso := _iso(m["y"], int(m["m"]), m["d"])):
        found.append((m.start(), iso))
    m = rule("date_long").search(text)
    if m and (iso := _iso(m["y"], MONTHS[m["month"].lower()], m["d"])):
        found.append((m.start(), iso))
    return min(found)[1] if found else None


def _hhmm(h: str | None, mm: str | None) -> str | None:
    if h is None or int(h) > 24 or (mm is not None and int(mm) > 59):
        return None
    return f"{int(h):02d}:{mm or '00'}"


def parse_times(
    text: str, rule_name: Literal["time_range", "cover_time"] = "time_range"
) -> tuple[str | None, str | None]:
    """Start and end time after "kl." (or on a cover's own time line)."""
    m = rule(rule_name).search(text)
    if not m:
        return None, None
    return _hhmm(m["h1"], m["m1"]), _hhmm(m["h2"], m["m2"])


def _person(text: str, status: AttendanceStatus) -> list[Person]:
    sub = rule("substitute").search(text)
    main = (text[: sub.start()] + text[sub.end() :]).strip() if sub else text.strip()
    parts = [p.strip() for p in main.strip(" ,;").split(",") if p.strip()]
    if not parts:
        return []
    name, rest = parts[0], parts[1:]
    municipality = None
    if rest and rule("municipality").match(rest[-1]):
        municipality = rest.pop()
    role = ", ".join(rest) or None
    # "Name (formand)" prints the role in brackets after the name.
    bracket = regex.match(r"^(?P<name>.+?)\s*\((?P<role>[^()]+)\)$", name)
    if bracket and role is None:
        name, role = bracket["name"], bracket["role"]
    people = [Person(name, role, municipality, status)]
    if sub:
        people.append(Person(sub["name"].strip(), None, municipality, "substitute"))
    return people


def parse_attendance(lines: Sequence[Line]) -> tuple[Person, ...]:
    people: list[Person] = []
    status: AttendanceStatus | None = None
    for ln in lines:
        text = ln.text.strip()
        if rule("present_header").match(text):
            status = "present"
        elif rule("absent_header").match(text):
            status = "absent"
        elif status is not None:
            if (
                rule("cover_date").match(text)
                or rule("cover_place").match(text)
                or text.endswith(":")
            ):
                status = None  # another block of the cover starts
                continue
            people.extend(_person(text, status))
    return tuple(people)


def meeting_facts(cover: Sequence[Line], header: Sequence[Line]) -> MeetingFacts:
    """Read the meeting's facts from the cover lines and the removed running-header lines."""
    header_texts = Counter(ln.text for ln in header)
    body = date = None
    minutes = False
    for text, _ in header_texts.most_common():
        body = body or (m.group(0) if (m := rule("body").search(text)) else None)
        date = date or parse_date(text)
        minutes = minutes or bool(rule("minutes_title").search(text))
    start = end = location = None
    for ln in cover:
        text = ln.text.strip()
        if dm := rule("cover_date").match(text):
            date = parse_date(dm["rest"]) or date
            start, end = parse_times(dm["rest"])
        elif rule("cover_time").match(text):
            start, end = parse_times(text, "cover_time")
        elif pm := rule("cover_place").match(text):
            location = pm["place"].strip()
        elif rule("minutes_title").search(text) and len(text.split()) <= 4:
            minutes = True
        if body is None and (m := rule("body").search(text)):
            body = m.group(0)
    if date is None:
        date = next((d for ln in cover if (d := parse_date(ln.text))), None)
    return MeetingFacts(
        body=body,
        date=date,
        minutes_title=minutes,
        start_time=start,
        end_time=end,
        location=location,
        attendance=parse_attendance(cover),
    )

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
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Literal

import regex

from kkrparse.document import Line, Word
from kkrparse.models import AttendanceStatus
from kkrparse.patterns import MONTHS, rule
from kkrparse.segment import ItemPart


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    role: str | None
    municipality: str | None
    #: ``invited`` comes from a ``Medlemmer`` list; :mod:`kkrparse.build` makes it
    #: ``present`` when the document turns out to be minutes.
    status: AttendanceStatus
    party: str | None = None


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


def _split_role(text: str) -> tuple[str, str | None]:
    """``Name (formand)`` or ``Name - formand``: the role printed after the name."""
    bracket = regex.match(r"^(?P<name>.+?)\s*\((?P<role>[^()]+)\)$", text)
    if bracket:
        return bracket["name"], bracket["role"].strip()
    dash = regex.match(r"^(?P<name>.+?)\s+[-–]\s+(?P<role>\S.*)$", text)
    if dash:
        return dash["name"], dash["role"].strip()
    return text, None


def parse_entry(
    text: str, status: AttendanceStatus, default_role: str | None = None
) -> list[Person]:
    """One entry of a participant list, in any of the orders covers print.

    ``Name, role, Municipality``, ``Name (role), Municipality``, ``Name, Municipality
    (role)``, ``Name (A) - role`` (a party of one to three capitals in brackets), and a
    substitute in brackets (``(supp. Name deltog)``), who gets an entry of their own.
    """
    sub = rule("substitute").search(text)
    main = (text[: sub.start()] + text[sub.end() :]).strip() if sub else text.strip()
    party = None
    if pm := rule("party").search(main):
        party = pm["party"]
        main = " ".join((main[: pm.start()] + main[pm.end() :]).split())
    parts = [p.strip() for p in main.strip(" ,;").split(",") if p.strip()]
    if not parts:
        return []
    name, first_role = _split_role(parts[0])
    roles = [first_role] if first_role else []
    municipality = None
    others: list[str] = []
    for part in parts[1:]:
        part, role = _split_role(part)
        if role:
            roles.append(role)
        if municipality is None and rule("municipality").match(part):
            municipality = part
        else:
            others.append(part)
    role = ", ".join(others + roles) or default_role
    people = [Person(name.strip(), role, municipality, status, party)]
    if sub:
        people.append(Person(sub["name"].strip(), None, municipality, "substitute"))
    return people


#: A list ends at a vertical gap wider than this many of the cover's usual line pitches
#: (one empty line is two pitches from line to line). Before the first entry, a little
#: more room is usual under a heading.
LIST_GAP_PITCHES = 1.6
FIRST_ENTRY_GAP_PITCHES = 2.6
#: Two cells of one line are apart by more than this many times the font size (text
#: input: character columns); a word space is a quarter of it, a justified one under one.
COLUMN_GAP_EMS = 2.0
TEXT_COLUMN_GAP = 3.0


def _pitch(lines: Sequence[Line]) -> float:
    """The cover's usual distance from one line to the next (0 when it cannot be known)."""
    steps = sorted(b.top - a.top for a, b in pairwise(lines) if a.page == b.page)
    steps = [d for d in steps if d > 0]
    return steps[len(steps) // 2] if steps else 0.0


def _cells(ln: Line) -> list[tuple[float, str]]:
    """The line cut where a wide gap separates two columns: (x of the cell, its text)."""
    if not ln.words:
        return [(ln.x0, ln.text.strip())]
    cells: list[list[Word]] = [[ln.words[0]]]
    for prev, word in pairwise(ln.words):
        size = word.size or ln.size
        limit = COLUMN_GAP_EMS * size if size else TEXT_COLUMN_GAP
        if word.x0 - prev.x1 > limit:
            cells.append([word])
        else:
            cells[-1].append(word)
    texts = [(c[0].x0, " ".join(w.text for w in c)) for c in cells]
    # "Name   formand   Municipality" is one entry set as a table, not two people.
    if all(_is_field(t) for _, t in texts[1:]):
        return [(texts[0][0], ", ".join(t for _, t in texts))]
    return texts


def _is_field(text: str) -> bool:
    """A cell that is a municipality, role or party alone, not an entry of its own."""
    return "," not in text and bool(
        rule("municipality").match(text)
        or rule("attendee_role").match(text)
        or rule("party").fullmatch(text)
    )


def is_entry(text: str) -> bool:
    """Does ``text`` start like a participant entry (a person's name), not boilerplate?"""
    m = rule("attendee").match(text)
    if m is None:
        return False
    return not (rule("municipality").match(m["name"]) or rule("body").search(m["name"]))


@dataclass
class _List:
    """One participant list being read: its heading's status, and its rows of cells."""

    status: AttendanceStatus
    role: str | None
    heading: Line
    rows: list[tuple[Line, list[tuple[float, str]]]] = field(default_factory=list)

    @property
    def last(self) -> Line:
        return self.rows[-1][0] if self.rows else self.heading

    def ends_before(self, ln: Line, pitch: float) -> bool:
        """Does ``ln`` stand apart from the list: another page, a gap, another font?"""
        if ln.page != self.last.page or ln.text.strip().endswith(":"):
            return True
        limit = LIST_GAP_PITCHES if self.rows else FIRST_ENTRY_GAP_PITCHES
        if pitch and ln.top - self.last.top > limit * pitch:
            return True
        first = self.rows[0][0] if self.rows else None
        return first is not None and ln.bold is not None and ln.bold != first.bold

    def people(self) -> list[Person]:
        """The entries column by column: a list set in two columns reads down each."""
        starts: list[float] = []
        placed: list[tuple[int, int, str]] = []
        for r, (ln, cells) in enumerate(self.rows):
            tolerance = 2 * (ln.size or 1.0)
            for x, text in cells:
                col = next((k for k, s in enumerate(starts) if abs(s - x) <= tolerance), None)
                if col is None:
                    starts.append(x)
                    col = len(starts) - 1
                placed.append((col, r, text))
        order = sorted(range(len(starts)), key=lambda k: starts[k])
        rank = {col: n for n, col in enumerate(order)}
        placed.sort(key=lambda t: (rank[t[0]], t[1]))
        return [p for _, _, text in placed for p in parse_entry(text, self.status, self.role)]


def _open_list(ln: Line) -> _List | None:
    """A participant list's heading, with the status and role it gives its entries."""
    text = ln.text.strip()
    if rule("present_header").match(text):
        return _List("present", None, ln)
    if rule("members_header").match(text):
        return _List("invited", None, ln)
    if rule("absent_header").match(text):
        return _List("absent", None, ln)
    if sm := rule("staff_header").match(text):
        return _List("other", sm["role"].lower(), ln)
    if rule("others_header").match(text):
        return _List("other", None, ln)
    return None


def parse_attendance(lines: Sequence[Line]) -> tuple[Person, ...]:
    """Every participant list of the cover: each heading's entries, to the next heading,
    a clear vertical gap, a change of font or the first line that is not a person."""
    pitch = _pitch(lines)
    people: list[Person] = []
    current: _List | None = None
    for ln in lines:
        opened = _open_list(ln)
        if opened is not None or (current is not None and current.ends_before(ln, pitch)):
            people += current.people() if current else []
            current = opened
            continue
        if current is None:
            continue
        cells = _cells(ln)
        if not all(is_entry(text) for _, text in cells):
            people += current.people()  # boilerplate or another block of the cover
            current = None
            continue
        current.rows.append((ln, cells))
    people += current.people() if current else []
    # A member listed among the members and again under "Afbud" was not there.
    gone = {p.name for p in people if p.status == "absent"}
    return tuple(p for p in people if p.status not in ("present", "invited") or p.name not in gone)


def _body(cover: Sequence[Line], header: Counter[str]) -> str | None:
    """The council: a KKR named in the running header or on the cover, else a committee or
    council printed on a line of its own (``Sundheds- og Forebyggelsesudvalget``)."""
    texts = [t for t, _ in header.most_common()] + [ln.text.strip() for ln in cover]
    for text in texts:
        if m := rule("body").search(text):
            return m.group(0)
    return next((t for t in texts if rule("council").match(t)), None)


def meeting_facts(cover: Sequence[Line], header: Sequence[Line]) -> MeetingFacts:
    """Read the meeting's facts from the cover lines and the removed running-header lines.

    A cover prints its facts either as labelled lines (``Dato: … kl. …``, ``Sted: …``) or
    as a title block: the council, the date line with its weekday and time (``tirsdag den
    4. december 2012, kl. 13:00``) and under it the place (``i Mødecenter C, …``).
    """
    header_texts = Counter(ln.text for ln in header)
    date = None
    minutes = False
    for text, _ in header_texts.most_common():
        date = date or parse_date(text)
        minutes = minutes or bool(rule("minutes_title").search(text))
    start = end = location = None
    after_date_line = after_time_line = False
    for ln in cover:
        text = ln.text.strip()
        times: tuple[str | None, str | None] = (None, None)
        was_date_line, after_date_line = after_date_line, False
        was_time_line, after_time_line = after_time_line, False
        if dm := rule("cover_date").match(text):
            date = parse_date(dm["rest"]) or date
            times = parse_times(dm["rest"])
        elif lm := rule("cover_date_line").match(text):
            date = parse_date(lm["date"]) or date
            times = parse_times(lm["time"] or "")
            after_date_line = True
        elif rule("cover_time").match(text):
            times = parse_times(text, "cover_time")
        elif fm := rule("cover_time_field").match(text):
            at = _hhmm(fm["h1"], fm["m1"])
            if fm["field"].lower() in ("sluttidspunkt", "mødeslut"):
                end = at
            else:
                start = at
        elif rule("cover_time_line").match(text):
            # Acadre: the time on a line of its own under the date ("Kl. 15:00 - 17:30"),
            # the address on the line under it
            times, after_time_line = parse_times(text), True
        elif was_time_line and location is None and ":" not in text and regex.search(r",|\d", text):
            location = text  # "Mødelokale 1, Rådhuset"   "Torvegade 1, 5700 Svendborg"
        elif pm := rule("cover_place").match(text):
            location = pm["place"].strip()
        elif (im := rule("cover_place_in").match(text)) and was_date_line and location is None:
            location = im["place"]
        elif (am := rule("cover_address").match(text)) and was_date_line and location is None:
            location = am["place"]
        elif rule("minutes_title").search(text) and len(text.split()) <= 4:
            minutes = True
        if times[0] is not None:
            start, end = times[0], times[1] or end
    if date is None:
        date = next((d for ln in cover if (d := parse_date(ln.text))), None)
    return MeetingFacts(
        body=_body(cover, header_texts),
        date=date,
        minutes_title=minutes,
        start_time=start,
        end_time=end,
        location=location,
        attendance=parse_attendance(cover),
    )


def facts_from_decisions(facts: MeetingFacts, parts: Sequence[ItemPart]) -> MeetingFacts:
    """Body and date for a document without a cover (an item exported on its own): the
    latest dated decision label with text under it names both (``Sundheds- og
    Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 1`` → the committee, in the
    nominative, and 2012-12-04). Facts the cover gave are kept."""
    if facts.body and facts.date:
        return facts
    dated = [
        (iso, s.dated.body)
        for part in parts
        for s in part.sections
        if s.dated is not None and s.lines and (iso := parse_date(s.dated.date or ""))
    ]
    if not dated:
        return facts
    date, body = max(dated, key=lambda d: d[0])
    return replace(facts, body=facts.body or body, date=facts.date or date)

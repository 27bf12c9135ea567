"""The content model of a composed agenda: plain data that says nothing about fonts or pages.

Text conventions (what the typesetter must keep):

- a ``Para`` is one paragraph; ``links`` maps visible text inside it (a word, or a URL printed
  in it) to the link's URI;
- a ``Sub`` is a bold sub-heading inside a section;
- a ``Bullets`` block is a list; ``numbered`` entries carry their number in the text
  (``"1. Adgang til uddannelse"``), bullet entries carry none (the typesetter prints the
  bullet, the truth writes ``"– "``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .words import SLUGS


@dataclass(frozen=True)
class Para:
    text: str
    links: tuple[tuple[str, str], ...] = ()  # (visible text in ``text``, uri)


@dataclass(frozen=True)
class Sub:
    text: str


@dataclass(frozen=True)
class Bullets:
    entries: tuple[str, ...]
    numbered: bool = False


Block = Para | Sub | Bullets


@dataclass(frozen=True)
class Section:
    key: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Item:
    number: str  # "2.3"
    heading: str  # as printed after the number, kind prefix included
    case: tuple[str, str] | None = None  # ("SAG-2023-01234", "mkh")
    sections: tuple[Section, ...] = ()

    @property
    def level(self) -> int:
        return 2 if "." in self.number else 1


@dataclass(frozen=True)
class Attendee:
    name: str
    role: str | None
    municipality: str
    status: str  # present | absent | substitute
    substitute: str | None = None  # absent: who attended instead ("supp. … deltog")


@dataclass(frozen=True)
class Meeting:
    region: str  # "Hovedstaden"
    date: dt.date
    start: str  # "10:00"
    end: str
    location: str
    attendance: tuple[Attendee, ...]

    @property
    def body(self) -> str:
        return f"KKR {self.region}"


@dataclass(frozen=True)
class Appendix:
    """A document printed after the last item ("dagsorden med bilag")."""

    title: str  # "Bilag 2.3.1: Faktaark …"
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Agenda:
    kind: str  # dagsorden | referat
    meeting: Meeting
    items: tuple[Item, ...]
    appendices: tuple[Appendix, ...] = ()


@dataclass(frozen=True)
class Plan:
    """What to compose. ``cases`` is the number of level-2 items under 2 (up to 15)."""

    region: str
    date: dt.date
    kind: str = "dagsorden"
    cases: int = 6
    seed: int = 0
    long_case: bool = False  # one Sagsfremstilling over several pages
    many_bilag: bool = False  # one item with a long list of attachments
    numbered_lists: bool = False  # body lists "1. …" that look like agenda headings
    long_headings: bool = False  # headings that need two lines
    empty_items: bool = True  # level-1 items "Udpegninger" and "Eventuelt" without content
    decision_place: str = "after_sagsfremstilling"  # | after_indstilling | last | first
    appendices: int = 0  # documents appended after the last item
    hyphen_words: bool = False  # real hyphens and suspended compounds in every paragraph
    urls: bool = False  # long visible URLs in the text
    word_links: bool = False  # links on ordinary words


@dataclass(frozen=True)
class Composed:
    """A plan and its agenda, with the sample name the plan implies."""

    plan: Plan
    agenda: Agenda
    axis: str
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        slug = SLUGS[self.plan.region]
        return f"kkr-{slug}-{self.plan.date.isoformat()}-{self.plan.kind}-{self.axis}"

"""The words of the composed meetings, read from ``data/`` (see ``data/README.md``).

The composer (``compose.py``, ``items.py``) decides what goes where; the Danish it prints —
topics, sentences, names, municipalities, labels — lives in the data files, so that it can be
read and edited as text. Strings may hold ``{kkr}``, ``{region}``, ``{kom}``, ``{kom2}``,
``{year}`` and ``{name}``, filled in per meeting (``items.values``).

Everything is read once, at import, into tuples and dicts in the files' order: the composer's
random choices depend on that order. ``load`` reads any file of ``data/`` (the seed's minutes
and KL's mission and vision too).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"


def load(name: str) -> Any:
    """One JSON file of ``data/``."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Topic:
    kind: str  # Orienteringssag | Beslutningssag | Temadrøftelse
    title: str
    baggrund: tuple[str, ...]
    indstilling: tuple[str, ...]  # one: a paragraph; more: a bullet list
    body: tuple[str, ...]  # paragraphs of the Sagsfremstilling
    subs: tuple[str, ...] = ()  # sub-headings that may open later paragraphs
    bilag: tuple[str, ...] = ()
    decision: str = "Godkendt."
    long_title: str = ""  # a heading that needs two lines


@dataclass(frozen=True)
class Standing:
    """An item every meeting has (approval of the agenda, news from the chair)."""

    heading: str
    baggrund: str
    indstilling: str
    decision: str  # printed as written: not filled in


def _topic(entry: dict[str, Any]) -> Topic:
    return Topic(**{k: tuple(v) if isinstance(v, list) else v for k, v in entry.items()})


def _standing(group: dict[str, Any]) -> tuple[Standing, ...]:
    return tuple(Standing(**entry) for entry in group["items"])


_REGIONS: dict[str, dict[str, Any]] = load("regions.json")
_PEOPLE: dict[str, Any] = load("people.json")
_SENTENCES: dict[str, list[str]] = load("sentences.json")
_LINKS: dict[str, list[Any]] = load("links.json")
_AGENDA: dict[str, Any] = load("agenda.json")

# Regions: municipalities that exist in each, meeting places, lower-case slugs for file names.
MUNICIPALITIES: dict[str, tuple[str, ...]] = {
    region: tuple(facts["municipalities"]) for region, facts in _REGIONS.items()
}
PLACES: dict[str, str] = {region: facts["place"] for region, facts in _REGIONS.items()}
SLUGS: dict[str, str] = {region: facts["slug"] for region, facts in _REGIONS.items()}

# Members (invented names) and the officers' initials on the case line.
FIRST_NAMES: tuple[str, ...] = tuple(_PEOPLE["first_names"])
LAST_NAMES: tuple[str, ...] = tuple(_PEOPLE["last_names"])
INITIALS: tuple[str, ...] = tuple(_PEOPLE["initials"])
CHAIR: str = _PEOPLE["chair"]
DEPUTY_CHAIR: str = _PEOPLE["deputy_chair"]

# Case items: sentences in the register of the seed.
TOPICS: tuple[Topic, ...] = tuple(_topic(entry) for entry in load("topics.json"))
# Padding sentences for a Sagsfremstilling that runs over several pages.
FILLER: tuple[str, ...] = tuple(_SENTENCES["filler"])
# Sentences with real hyphens and suspended compounds (they must stay as written).
HYPHEN_SENTENCES: tuple[str, ...] = tuple(_SENTENCES["hyphen_sentences"])
URLS: tuple[str, ...] = tuple(_LINKS["urls"])
WORD_LINKS: tuple[tuple[str, str], ...] = tuple((w, uri) for w, uri in _LINKS["word_links"])

# Section keys in the order KL prints them, and the label each is printed with.
LABELS: dict[str, str] = _AGENDA["labels"]
MONTHS: tuple[str, ...] = tuple(_AGENDA["months"])
# What a cover prints besides the meeting's facts: title, "Dato: …", "Sted: …", attendance.
COVER: dict[str, Any] = _AGENDA["cover"]

# The fixed frame of every agenda: level-1 headings and their standing items.
OPENING: str = _AGENDA["opening"]["heading"]
OPENING_ITEMS: tuple[Standing, ...] = _standing(_AGENDA["opening"])
CASES: str = _AGENDA["cases"]["heading"]
APPOINTMENTS: str = _AGENDA["appointments"]["heading"]
NEWS: str = _AGENDA["news"]["heading"]
NEWS_ITEMS: tuple[Standing, ...] = _standing(_AGENDA["news"])
ANY_OTHER_BUSINESS: str = _AGENDA["any_other_business"]["heading"]


def cover_title(kind: str) -> str:
    """The cover's title: ``Referat`` for minutes, ``Dagsorden`` otherwise."""
    return COVER["title"]["referat"] if kind == "referat" else COVER["title"]["dagsorden"]


# Phrases the composer fills in ("{town} Kommune", the URL sentence, appendix titles).
PHRASES: dict[str, Any] = load("phrases.json")

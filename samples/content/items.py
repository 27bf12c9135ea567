"""The text of one composed item: heading, case line and sections, from a topic or a standing
item of ``words``, filled in for the meeting.

Every function takes the meeting's ``random.Random``: the order of the calls is the order of
the draws, so the same plan gives the same items.
"""

from __future__ import annotations

import random

from .model import Appendix, Block, Bullets, Item, Para, Plan, Section, Sub
from .words import (
    FILLER,
    HYPHEN_SENTENCES,
    INITIALS,
    MUNICIPALITIES,
    PHRASES,
    URLS,
    WORD_LINKS,
    Standing,
    Topic,
)


def fill(text: str, values: dict[str, str]) -> str:
    return text.format(**values)


def values(rng: random.Random, plan: Plan) -> dict[str, str]:
    """What ``{kkr}``, ``{region}``, ``{kom}``, ``{kom2}``, ``{year}``, ``{name}`` stand for."""
    towns = rng.sample(MUNICIPALITIES[plan.region], 2)
    return {
        "kkr": f"KKR {plan.region}",
        "region": f"Region {plan.region}",
        "kom": towns[0],
        "kom2": towns[1],
        "year": str(plan.date.year),
        "name": plan.region,
    }


_USED: set[str] = set()


def new_agenda() -> None:
    """Forget the case numbers used so far (one agenda never repeats one)."""
    _USED.clear()


def _case(rng: random.Random, year: int) -> tuple[str, str]:
    """A case number (never one already used in the agenda) and the officer's initials."""
    while True:
        number = f"SAG-{year - rng.choice((0, 0, 1))}-{rng.randrange(100, 9999):05d}"
        if number not in _USED:
            _USED.add(number)
            return number, rng.choice(INITIALS)


def _numbered_list(values: dict[str, str]) -> Bullets:
    return Bullets(tuple(fill(entry, values) for entry in PHRASES["numbered_list"]), numbered=True)


def _sagsfremstilling(plan: Plan, topic: Topic, index: int, v: dict[str, str]) -> list[Block]:
    body: list[Block] = []
    for n, sentence in enumerate(topic.body):
        if topic.subs and n == len(topic.body) - 1:
            body.append(Sub(fill(topic.subs[0], v)))
        text = fill(sentence, v)
        if plan.hyphen_words:
            text += " " + HYPHEN_SENTENCES[(index + n) % len(HYPHEN_SENTENCES)]
        body.append(Para(text))
    if plan.numbered_lists and index % 2 == 0:
        body.insert(1, Para(PHRASES["numbered_lead_in"]))
        body.insert(2, _numbered_list(v))
        # The list's second entry again, now as a bold sub-heading: it looks like item 2.
        body.append(Sub(PHRASES["numbered_list"][1]))
        body.append(Para(fill(FILLER[index % len(FILLER)], v)))
    if plan.long_case and index == 1:
        paragraphs = [fill(s, v) for s in FILLER] * 4
        sub = topic.subs[-1] if topic.subs else PHRASES["default_sub"]
        for k, text in enumerate(paragraphs):
            if k % 7 == 3:
                body.append(Sub(f"{fill(sub, v)} {k}"))
            body.append(Para(text + " " + fill(FILLER[(k + 3) % len(FILLER)], v)))
    if plan.urls and index < len(URLS):
        url = URLS[index]
        body.append(Para(PHRASES["url_sentence"].format(url=url), ((url, url),)))
    if plan.word_links and index < len(WORD_LINKS):
        word, uri = WORD_LINKS[index]
        text = fill(FILLER[index], v) + PHRASES["word_link_sentence"].format(word=word)
        body.append(Para(text, ((word, uri),)))
    return body


def case_item(rng: random.Random, plan: Plan, number: str, topic: Topic, index: int) -> Item:
    """Item ``number`` (2.x) on ``topic``, the ``index``-th case of the meeting."""
    v = values(rng, plan)
    title = topic.long_title if plan.long_headings and topic.long_title else topic.title
    heading = f"{topic.kind}: {fill(title, v)}"
    body = _sagsfremstilling(plan, topic, index, v)
    rec = tuple(fill(r, v) for r in topic.indstilling)
    indstilling: Block = Para(rec[0]) if len(rec) == 1 else Bullets(rec)
    sections = [
        Section("baggrund", tuple(Para(fill(s, v)) for s in topic.baggrund)),
        Section("indstilling", (indstilling,)),
        Section("sagsfremstilling", tuple(body)),
    ]
    bilag = [fill(b, v) for b in topic.bilag]
    if plan.many_bilag and index == 0:
        bilag += [PHRASES["hearing_bilag"].format(town=t) for t in MUNICIPALITIES[plan.region]]
    if bilag:
        sections.append(Section("vedlagte_bilag", (Bullets(tuple(bilag)),)))
    if plan.kind == "referat":
        sections = _with_decision(sections, fill(topic.decision, v), plan.decision_place)
    return Item(number, heading, _case(rng, plan.date.year), tuple(sections))


def _with_decision(sections: list[Section], text: str, place: str) -> list[Section]:
    decision = Section("beslutning", (Para(text),))
    keys = [s.key for s in sections]
    if place == "first":
        at = 0
    elif place == "after_indstilling":
        at = keys.index("indstilling") + 1
    elif place == "last" or "vedlagte_bilag" not in keys:
        at = len(sections)
    else:
        at = keys.index("vedlagte_bilag")
    return [*sections[:at], decision, *sections[at:]]


def standing(rng: random.Random, plan: Plan, number: str, item: Standing) -> Item:
    """A standing item: Baggrund and Indstilling of one paragraph each (and the decision)."""
    v = values(rng, plan)
    sections = [
        Section("baggrund", (Para(fill(item.baggrund, v)),)),
        Section("indstilling", (Para(fill(item.indstilling, v)),)),
    ]
    if plan.kind == "referat":
        sections = _with_decision(sections, item.decision, plan.decision_place)
    return Item(number, item.heading, _case(rng, plan.date.year), tuple(sections))


def appendix(rng: random.Random, plan: Plan, k: int) -> Appendix:
    """The ``k``-th document appended after the last item."""
    v = values(rng, plan)
    kinds = PHRASES["appendix_kinds"]
    kind = kinds[k % len(kinds)]
    blocks: list[Block] = [Sub(PHRASES["appendix_sub"].format(kind=kind, **v))]
    blocks += [Para(fill(s, v)) for s in FILLER[k : k + 6]]
    return Appendix(PHRASES["appendix_title"].format(n=k + 1, kind=kind), tuple(blocks))

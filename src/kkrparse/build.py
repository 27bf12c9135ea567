"""Stage 7, build: the stages' typed objects → the pydantic output models (validated)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import regex

from kkrparse import models, outcome
from kkrparse.classify import Classification
from kkrparse.document import HyphenChoice, Line, PageSpan, TocEntry
from kkrparse.links import FoundLink
from kkrparse.meeting import MeetingFacts, parse_date
from kkrparse.paragraphs import Block, BlockKind, render
from kkrparse.patterns import rule
from kkrparse.profiles import ATTACHMENT_REF, CLOSED_TITLE_FORMS, NO_ATTACHMENT
from kkrparse.segment import ItemPart, SectionPart, SubPointPart


def _points(blocks: Sequence[Block]) -> list[str]:
    """List entries when there are any, else one point per paragraph."""
    entries = [b.text for b in blocks if b.is_list]
    return entries or [b.text for b in blocks if b.kind == BlockKind.PARAGRAPH]


def _section(part: SectionPart) -> models.Section:
    return models.Section(
        key=part.key,
        heading=part.heading,
        text=render(part.blocks),
        page_start=part.page_start,
        page_end=part.page_end,
    )


def _links(found: Sequence[FoundLink]) -> list[models.Link]:
    by_uri: dict[str, FoundLink] = {}
    for link in found:
        first = by_uri.get(link.uri)
        if first is None:
            by_uri[link.uri] = link
        elif link.page == first.page + 1 and first.text and first.text.endswith(("-", "/")):
            # A URL wrapped over a page break: the pieces belong together.
            by_uri[link.uri] = FoundLink(
                first.item, first.uri, first.text + (link.text or ""), first.page
            )
    return [models.Link(url=k.uri, text=k.text, page=k.page) for k in by_uri.values()]


def _entries(blocks: Sequence[Block]) -> list[str]:
    """An attachment list's entries: list entries or paragraphs, and a paragraph that runs
    several registry-numbered entries together is split at each number."""
    out: list[str] = []
    # An attachment list has no sub-headings: a short title-like entry that text input
    # took for one ("Forslag til lokalplan 1203") is an entry of its own.
    titled = (BlockKind.PARAGRAPH, BlockKind.SUBHEADING)
    points = [b.text for b in blocks if b.is_list] or [b.text for b in blocks if b.kind in titled]
    for point in points:
        out += [e for e in _REF_START.split(point) if e.strip()]
    return [e for e in out if not NO_ATTACHMENT.match(e.strip())]


def _attachments(blocks: Sequence[Block]) -> tuple[list[str], list[models.AttachmentRef]]:
    titles: list[str] = []
    refs: list[models.AttachmentRef] = []
    for entry in _entries(blocks):
        m = ATTACHMENT_REF.match(entry)
        if m:
            titles.append(m["title"])
            refs.append(models.AttachmentRef(number=m["number"], title=m["title"]))
        else:
            titles.append(entry)
    return titles, refs


#: Where a registry-numbered attachment entry starts inside a run of them:
#: "… Bilag A 2012-209266 - Bilag B"
_REF_START = regex.compile(r"\s+(?=\d{4}[-–]\d{3,8}\s+[-–]\s)")


def _sub_point(part: SubPointPart) -> models.SubPoint:
    titles, refs = _attachments(part.attachments)
    return models.SubPoint(
        letter=part.letter,
        title=part.title,
        text=render(part.blocks),
        attachments=titles,
        attachment_refs=refs,
        page_start=part.line.page,
    )


def _kind_title(part: ItemPart) -> tuple[str | None, str, bool]:
    """Kind, title and closedness from the heading: ``Lukket: Salg af grund`` and ``Salg
    af grund (Lukket)`` are closed items of kind Lukket."""
    text = part.heading.text
    for form in CLOSED_TITLE_FORMS:
        if cm := form.match(text):
            km = rule("kind_prefix").match(cm["title"])
            return (km["kind"], km["title"], True) if km else ("Lukket", cm["title"], True)
    km = rule("kind_prefix").match(text)
    kind, title = (km["kind"], km["title"]) if km else (None, text)
    if part.closed and kind is None:
        kind = "Lukket"
    return kind, title, part.closed


def _decisions(
    part: ItemPart, meeting_date: str | None
) -> tuple[str | None, list[models.DecisionRecord]]:
    """This meeting's decision (the one dated on the meeting's date, else the last one
    printed) and the other dated decisions and earlier treatments, oldest first."""
    found: list[tuple[str | None, str | None, str]] = []  # date, body, text
    for s in part.sections:
        if s.key == "beslutning":
            date = parse_date(s.dated.date or "") if s.dated else None
            found.append((date, s.dated.body if s.dated else None, render(s.blocks)))
    if not found:
        return None, [_record(e.date, e.body, None) for e in part.earlier]
    current = next((f for f in found if f[0] is not None and f[0] == meeting_date), found[-1])
    history = [_record(e.date, e.body, None) for e in part.earlier]
    history += [_record(d, b, t or None, iso=True) for d, b, t in found if (d, b, t) != current]
    history.sort(key=lambda r: r.date or "")
    return current[2] or None, history


def _record(
    date: str | None, body: str | None, text: str | None, iso: bool = False
) -> models.DecisionRecord:
    return models.DecisionRecord(
        date=date if iso else parse_date(date or ""), body=body, text=text
    )


def item_model(
    part: ItemPart, links: Sequence[FoundLink], meeting_date: str | None = None
) -> models.Item:
    heading = part.heading
    kind, title, closed = _kind_title(part)
    sections = [_section(s) for s in part.sections]
    by_key = {s.key: s for s in part.sections}
    recommendation = by_key.get("indstilling") or by_key.get("beslutningspunkter")
    titles: list[str] = []
    refs: list[models.AttachmentRef] = []
    for s in part.sections:
        if s.key == "vedlagte_bilag":
            more_titles, more_refs = _attachments(s.blocks)
            titles += more_titles
            refs += more_refs
    points = [_sub_point(p) for p in part.sub_points]
    if points:  # a sub-point's attachments are the item's too, in the order printed
        titles, refs = _in_print_order(part, points)
    decision, history = _decisions(part, meeting_date)
    last: Line = part.lines[-1]
    return models.Item(
        number=heading.number,
        level=heading.level,
        parent=heading.parent,
        heading=heading.text,
        kind=kind,
        title=title,
        closed=closed,
        case_number=part.case_number,
        case_officer=part.case_officer,
        document_number=part.document_number,
        page_start=heading.lines[0].page,
        page_end=last.page,
        sections=sections,
        recommendations=_points(recommendation.blocks) if recommendation else [],
        decision=decision,
        decision_history=history,
        decision_outcome=outcome.decision_outcome(decision) if decision else None,
        attachments=titles,
        attachment_refs=refs,
        sub_points=points,
        links=_links(links),
        absent=list(part.absent),
    )


def _in_print_order(
    part: ItemPart, points: Sequence[models.SubPoint]
) -> tuple[list[str], list[models.AttachmentRef]]:
    """The attachments of the item's Bilag sections and of its sub-points, in the order
    they are printed (by the position of each list's first line)."""
    lists: list[tuple[tuple[int, float], list[str], list[models.AttachmentRef]]] = []
    for s in part.sections:
        first = s.label_line or (s.lines[0] if s.lines else None)
        if s.key == "vedlagte_bilag" and first is not None:
            lists.append(((first.page, first.top), *_attachments(s.blocks)))
    for raw, point in zip(part.sub_points, points, strict=True):
        where = (raw.line.page, raw.line.top)
        lists.append((where, point.attachments, list(point.attachment_refs)))
    lists.sort(key=lambda entry: entry[0])
    return [t for _, ts, _ in lists for t in ts], [r for _, _, rs in lists for r in rs]


def meeting_model(facts: MeetingFacts, items: Sequence[models.Item]) -> models.Meeting:
    # An agenda may print an empty "Beslutning" label for the minutes to fill in; only a
    # decision with text makes the document minutes.
    minutes = facts.minutes_title or any(
        s.key == "beslutning" and s.text.strip() for item in items for s in item.sections
    )
    # A "Medlemmer" list in minutes names who came; in an agenda, who is invited.
    members: models.AttendanceStatus = "present" if minutes else "invited"
    return models.Meeting(
        body=facts.body,
        date=datetime.date.fromisoformat(facts.date) if facts.date else None,
        document_type="referat" if minutes else "dagsorden",
        start_time=facts.start_time,
        end_time=facts.end_time,
        location=facts.location,
        attendance=[
            models.Attendee(
                name=p.name,
                role=p.role,
                municipality=p.municipality,
                party=p.party,
                status=members if p.status == "invited" else p.status,
            )
            for p in facts.attendance
        ],
    )


def toc_models(entries: Sequence[TocEntry]) -> list[models.TocEntry]:
    return [models.TocEntry(number=e.number, title=e.title, page=e.page) for e in entries]


def evidence_model(removed: Sequence[Line], hyphens: Sequence[HyphenChoice]) -> models.Evidence:
    return models.Evidence(
        removed_lines=[
            models.RemovedLine(page=ln.page, text=ln.text, reason="running_header_or_footer")
            for ln in removed
        ],
        hyphenation=[
            models.HyphenDecision(
                page=h.page, left=h.left, right=h.right, result=h.result, rule=h.rule
            )
            for h in sorted(hyphens, key=lambda h: h.page)  # stable: reading order per page
        ],
    )


def appendix_model(span: PageSpan | None) -> models.Appendix | None:
    return models.Appendix(page_start=span.first, page_end=span.last) if span else None


def classification_model(verdict: Classification) -> models.Classification:
    return models.Classification(
        kind=verdict.kind,
        score=verdict.score,
        evidence=[
            models.ClassificationFinding(signal=f.signal, weight=f.weight, detail=f.detail)
            for f in verdict.findings
        ],
    )

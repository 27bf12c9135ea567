"""Stage 7, build: the stages' typed objects → the pydantic output models (validated)."""

from __future__ import annotations

from collections.abc import Sequence

from kkrparse import models
from kkrparse.classify import Classification
from kkrparse.document import HyphenChoice, Line, PageSpan, TocEntry
from kkrparse.links import FoundLink
from kkrparse.meeting import MeetingFacts
from kkrparse.paragraphs import Block, BlockKind, render
from kkrparse.patterns import rule
from kkrparse.segment import ItemPart, SectionPart


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


def item_model(part: ItemPart, links: Sequence[FoundLink]) -> models.Item:
    heading = part.heading
    km = rule("kind_prefix").match(heading.text)
    kind, title = (km["kind"], km["title"]) if km else (None, heading.text)
    sections = [_section(s) for s in part.sections]
    by_key = {s.key: s for s in part.sections}
    decision = by_key.get("beslutning")
    attachments = by_key.get("vedlagte_bilag")
    recommendation = by_key.get("indstilling")
    last: Line = part.lines[-1]
    return models.Item(
        number=heading.number,
        level=heading.level,
        parent=heading.parent,
        heading=heading.text,
        kind=kind,
        title=title,
        case_number=part.case_number,
        case_officer=part.case_officer,
        page_start=heading.lines[0].page,
        page_end=last.page,
        sections=sections,
        recommendations=_points(recommendation.blocks) if recommendation else [],
        decision=(render(decision.blocks) or None) if decision else None,
        attachments=_points(attachments.blocks) if attachments else [],
        links=_links(links),
        absent=list(part.absent),
    )


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
        date=facts.date,
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

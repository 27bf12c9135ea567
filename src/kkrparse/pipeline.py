"""The orchestrator: runs the stages in order. Data flows one way.

1. extract   (``extract/``)      PDF bytes or extractor text → pages of words with font,
                                  size, position, and link rectangles
2. layout    (``layout.py``)     words → lines; running headers/footers removed; cover and
                                  TOC pages recognised; metrics (line pitch, margins) learnt
3. toc       (``toc.py``)        the printed table of contents → entries
4. segment   (``segment.py``)    lines → items → sections → blocks (``paragraphs.py``:
                                  paragraphs, sub-headings, lists, Danish hyphen repair)
5. links     (``links.py``)      link rectangles → the item whose words they cover
6. classify  (``classify.py``)   is it a meeting's agenda or minutes? evidence for and
                                  against; a refusal is ``not_agenda``, a meeting document
                                  whose items were not read ``unsupported_layout``
7. meeting   (``meeting.py``)    cover + running header → meeting facts
8. build     (``build.py``)      typed stage objects → validated pydantic models

Stages 1–6 run in one place, :func:`_trace`; its :class:`Trace` is what ``run_pdf`` and
``run_text`` build their output from, and what :func:`trace_pdf` hands to ``kkrparse debug``
to draw, so the picture and the JSON cannot disagree. The classification is recorded in the
trace, not acted on there: a refused document can still be drawn, with the reason.

No stage prints; problems the parser recovered from become warnings with a code
(``ParseOptions.strict`` turns them into :class:`~kkrparse.errors.RecoveredProblemError`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

from kkrparse import build, extract, layout, models, profiles, toc
from kkrparse._version import __version__
from kkrparse.classify import Classification, classify, gather
from kkrparse.document import (
    HyphenChoice,
    Line,
    Metrics,
    Page,
    PageKind,
    PageSpan,
    RawDocument,
    SourceEngine,
    TocEntry,
    WarningRecord,
)
from kkrparse.errors import (
    NotAnAgendaError,
    NoTextLayerError,
    RecoveredProblemError,
    UnsupportedLayoutError,
)
from kkrparse.hyphen import Lexicon
from kkrparse.links import FoundLink, find_links
from kkrparse.meeting import facts_from_decisions, meeting_facts
from kkrparse.options import ParseOptions
from kkrparse.paragraphs import build_lexicon
from kkrparse.segment import ItemPart, Segmentation, segment

#: The profile a trace names before one has been chosen.
_KL_DEFAULT = profiles.Choice(profiles.PROFILES["kl"], (), 0.0)


@dataclass(frozen=True, slots=True)
class Trace:
    """What stages 1–5 decided, before anything is built: what ``kkrparse debug`` draws.

    :func:`run_pdf` and :func:`run_text` build their output from exactly this object, so
    what a person sees drawn is what the parser used.
    """

    engine: SourceEngine
    #: False for text input (derived from ``engine``: see ``RawDocument.fonts_known``).
    fonts_known: bool
    #: Every page after layout: kind, kept lines, removed header/footer lines, link boxes.
    pages: tuple[Page, ...]
    metrics: Metrics
    toc: tuple[TocEntry, ...]
    #: Items in document order: heading lines, sections with label line and blocks.
    items: tuple[ItemPart, ...]
    #: Link annotations attached to items (``FoundLink.item`` indexes ``items``).
    links: tuple[FoundLink, ...]
    #: Every line-end hyphen decision of the text: the TOC titles', then the item headings',
    #: then the blocks', each in document order.
    hyphens: tuple[HyphenChoice, ...]
    warnings: tuple[WarningRecord, ...]
    #: Is it a meeting document, and the evidence that decided (``classify.py``).
    classification: Classification
    #: The attachments appended after the last item, if any.
    appendix: PageSpan | None = None
    #: The meeting system's profile the document was read with, and why.
    profile: profiles.Choice = _KL_DEFAULT


def run_pdf(data: bytes, *, filename: str | None, options: ParseOptions) -> models.Agenda:
    raw = extract.read_pdf(data, engine=options.engine, max_pages=options.max_pages)
    return _run(raw, filename, hashlib.sha256(data).hexdigest(), options)


def run_text(
    text: str, *, filename: str | None, sha256: str, options: ParseOptions
) -> models.Agenda:
    raw = extract.extract_text(text)
    return _run(raw, filename, sha256, options)


def trace_pdf(data: bytes, options: ParseOptions) -> Trace:
    """Run stages 1–6 on a PDF and return what they decided.

    Unlike :func:`run_pdf` it does not raise when the document is refused or no agenda item
    is found (``classification.reason`` says why), so the pages of a document the parser
    rejects can still be looked at.
    """
    return _trace(extract.read_pdf(data, engine=options.engine, max_pages=options.max_pages))


def trace_text(text: str) -> Trace:
    """Run stages 1–6 on extractor text (see :func:`trace_pdf`)."""
    return _trace(extract.extract_text(text))


def _trace(raw: RawDocument) -> Trace:
    if not any(p.words for p in raw.pages):
        scanned = any(p.has_images for p in raw.pages)
        why = "only images (a scan without OCR)" if scanned else "no text"
        raise NoTextLayerError(f"no text layer: the {len(raw.pages)} page(s) hold {why}")

    warnings: list[WarningRecord] = []
    if not raw.fonts_known:
        warnings.append(
            WarningRecord(
                "fonts_unknown",
                "text input: headings and sub-headings inferred without font evidence",
                None,
                severity="info",
            )
        )

    laid_out = layout.analyse(raw)
    pages, metrics = laid_out.pages, laid_out.metrics
    warnings += laid_out.warnings
    body_lines = [ln for p in pages if p.kind == PageKind.BODY for ln in p.lines]
    toc_lines = [ln for p in pages if p.kind == PageKind.TOC for ln in p.lines]
    lexicon = build_lexicon(toc_lines + body_lines)

    chosen, toc_entries, segmented = _read_items(
        pages, metrics, lexicon, raw.fonts_known, raw.producer
    )
    if not toc_entries:
        warnings.append(
            WarningRecord(
                "no_toc",
                "no table of contents found; items found from heading fonts and numbering",
            )
        )
    warnings += segmented.warnings
    toc_entries = list(segmented.toc)

    found = find_links(pages, segmented.items)
    verdict = classify(gather(pages, toc_entries, segmented.items))
    return Trace(
        engine=raw.engine,
        fonts_known=raw.fonts_known,
        pages=pages,
        metrics=metrics,
        toc=tuple(toc_entries),
        items=segmented.items,
        links=tuple(found),
        hyphens=(*(h for e in toc_entries for h in e.hyphens), *segmented.hyphens),
        warnings=tuple(warnings),
        classification=verdict,
        appendix=segmented.appendix,
        profile=chosen,
    )


def _read_items(
    pages: tuple[Page, ...],
    metrics: Metrics,
    lexicon: Lexicon,
    fonts_known: bool,
    producer: tuple[str, ...] = (),
) -> tuple[profiles.Choice, list[TocEntry], Segmentation]:
    """The TOC and the items, read with the profile whose signatures the document prints;
    when that profile reads no item, the next one that does (its signatures may be absent
    from a short document), and the evidence says so."""
    ranked = profiles.ranked(
        (ln.text for p in pages for ln in (*p.lines, *p.header_lines)), producer
    )
    first: tuple[profiles.Choice, list[TocEntry], Segmentation] | None = None
    for choice in ranked:
        entries = toc.parse_toc(pages, lexicon, fonts_known, choice.profile)
        segmented = segment(pages, entries, metrics, lexicon, fonts_known, choice.profile)
        if first is None:
            first = (choice, entries, segmented)
        if segmented.items:
            if choice is not ranked[0]:
                why = f"{ranked[0].profile.name}'s forms read no item"
                choice = replace(choice, evidence=(*choice.evidence, why))
            return choice, entries, segmented
    assert first is not None
    return first


def _cover_lines(pages: tuple[Page, ...]) -> list[Line]:
    """The cover's lines: the cover pages', or, when the TOC shares the first page with the
    cover (FirstAgenda, Acadre), that page's lines above the TOC's title."""
    cover = [ln for p in pages if p.kind == PageKind.COVER for ln in p.lines]
    if cover or not pages or pages[0].kind != PageKind.TOC:
        return cover
    return toc.split_toc_page(pages[0].lines)[0]


def _run(
    raw: RawDocument, filename: str | None, sha256: str, options: ParseOptions
) -> models.Agenda:
    trace = _trace(raw)
    pages, toc_entries, parts, found = trace.pages, trace.toc, trace.items, trace.links
    warnings = trace.warnings
    verdict = trace.classification
    if verdict.kind == "not_meeting_document":
        raise NotAnAgendaError(f"not a meeting document: {verdict.reason}")
    if not verdict.layout_read or not parts:
        raise UnsupportedLayoutError(f"unsupported layout: {verdict.reason}")

    cover = _cover_lines(pages)
    removed = [ln for p in pages for ln in p.header_lines]
    facts = facts_from_decisions(meeting_facts(cover, removed), parts)
    items = [
        build.item_model(part, [f for f in found if f.item == k], facts.date)
        for k, part in enumerate(parts)
    ]

    if options.strict:
        for w in warnings:
            if w.severity != "info":
                raise RecoveredProblemError(w.code, w.message, w.page)

    return models.Agenda(
        source=models.Source(
            filename=filename,
            sha256=sha256,
            page_count=len(raw.pages),
            engine=raw.engine,
            parser_version=__version__,
            profile=trace.profile.profile.name,
            profile_evidence=list(trace.profile.evidence),
        ),
        meeting=build.meeting_model(facts, items),
        toc=build.toc_models(toc_entries),
        items=items,
        appendix=build.appendix_model(trace.appendix),
        classification=build.classification_model(verdict),
        warnings=[
            models.ParseWarning(code=w.code, message=w.message, page=w.page, severity=w.severity)
            for w in warnings
        ],
        evidence=build.evidence_model(removed, trace.hyphens) if options.keep_evidence else None,
    )

"""The orchestrator: runs the stages in order. Data flows one way.

1. extract   (``extract.py``)    PDF bytes or extractor text → pages of words with font,
                                  size, position, and link rectangles
2. layout    (``layout.py``)     words → lines; running headers/footers removed; cover and
                                  TOC pages recognised; metrics (line pitch, margins) learnt
3. toc       (``toc.py``)        the printed table of contents → entries
4. segment   (``segment.py``)    lines → items → sections → blocks (``paragraphs.py``:
                                  paragraphs, sub-headings, lists, Danish hyphen repair)
5. links     (``links.py``)      link rectangles → the item whose words they cover
6. meeting   (``meeting.py``)    cover + running header → meeting facts
7. build     (``build.py``)      typed stage objects → validated pydantic models

No stage prints; problems the parser recovered from become warnings with a code
(``ParseOptions.strict`` turns them into :class:`~kkrparse.errors.RecoveredProblemError`).
"""

from __future__ import annotations

import hashlib

from kkrparse import build, extract, layout, models, toc
from kkrparse._version import __version__
from kkrparse.document import PageKind, RawDocument, WarningRecord
from kkrparse.errors import NotAnAgendaError, NoTextLayerError, RecoveredProblemError
from kkrparse.links import find_links
from kkrparse.meeting import meeting_facts
from kkrparse.options import ParseOptions
from kkrparse.paragraphs import TextJoiner, build_lexicon
from kkrparse.segment import Segmenter


def run_pdf(data: bytes, *, filename: str | None, options: ParseOptions) -> models.Agenda:
    raw = extract.read_pdf(data, engine=options.engine, max_pages=options.max_pages)
    return _run(raw, filename, hashlib.sha256(data).hexdigest(), options)


def run_text(
    text: str, *, filename: str | None, sha256: str, options: ParseOptions
) -> models.Agenda:
    raw = extract.extract_text(text)
    return _run(raw, filename, sha256, options)


def _run(
    raw: RawDocument, filename: str | None, sha256: str, options: ParseOptions
) -> models.Agenda:
    name = filename or "input"
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

    pages, metrics, layout_warnings = layout.analyse(raw)
    warnings += layout_warnings
    body_lines = [ln for p in pages if p.kind == PageKind.BODY for ln in p.lines]
    toc_lines = [ln for p in pages if p.kind == PageKind.TOC for ln in p.lines]
    joiner = TextJoiner(build_lexicon(toc_lines + body_lines))

    toc_entries = toc.parse_toc(pages, joiner, raw.text_mode)
    if not toc_entries:
        warnings.append(
            WarningRecord(
                "no_toc",
                "no table of contents found; items found from heading fonts and numbering",
            )
        )

    segmenter = Segmenter(body_lines, toc_entries, metrics, raw.fonts_known, joiner)
    parts = segmenter.items()
    warnings += segmenter.warnings
    if not parts:
        raise NotAnAgendaError(f"{name}: not a KKR agenda: no numbered agenda items found")

    item_of_line = {id(ln): k for k, part in enumerate(parts) for ln in part.lines}
    found = find_links(pages, item_of_line)
    items = [
        build.item_model(part, [f for f in found if f.item == k]) for k, part in enumerate(parts)
    ]

    cover = [ln for p in pages if p.kind == PageKind.COVER for ln in p.lines]
    removed = [ln for p in pages for ln in p.header_lines]
    facts = meeting_facts(cover, removed)

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
        ),
        meeting=build.meeting_model(facts, items),
        toc=build.toc_models(toc_entries),
        items=items,
        warnings=[
            models.ParseWarning(code=w.code, message=w.message, page=w.page, severity=w.severity)
            for w in warnings
        ],
        evidence=build.evidence_model(removed, joiner.decisions) if options.keep_evidence else None,
    )

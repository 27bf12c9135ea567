"""Pictures of what the parser decided: each stage's findings drawn on the page images.

A :class:`~kkrparse.pipeline.Trace` says which lines the layout stage removed as running
headers and footers, which lines the segmenter took for item headings and section labels,
how it grouped the rest into paragraphs, sub-headings and list entries, where the link
rectangles are and where a line-end hyphen was kept or joined. This module turns that into
boxes (:func:`trace_boxes`), draws them with pdfplumber's own ``page.to_image()`` in one
fixed colour per class (:func:`render_pages`), and writes one self-contained HTML report
with every page, a legend and the counts per page (:func:`html_report`).

Library code: nothing here prints or writes files; the CLI (``kkrparse debug``) does.
"""

from __future__ import annotations

import base64
import html
import io
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Final

from kkrparse.document import HyphenChoice, Line, PageKind, Word
from kkrparse.pipeline import Trace
from kkrparse.segment import SectionPart

#: Pixels per inch of the drawn pages: an A4 page becomes 827 × 1170 pixels, enough to
#: read 10 pt body text, and a 40-page report stays a few megabytes.
DEFAULT_RESOLUTION: Final = 100
#: Alpha (0–255) of a box's fill and of its outline: the text under a box stays readable.
FILL_ALPHA: Final = 48
STROKE_ALPHA: Final = 230
STROKE_WIDTH: Final = 1

RGB = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class BoxClass:
    """One kind of decision, drawn in one colour."""

    name: str
    label: str
    colour: RGB
    description: str


#: Every class, in drawing order (later classes are drawn on top of earlier ones).
CLASSES: Final[tuple[BoxClass, ...]] = (
    BoxClass("paragraph", "paragraph", (46, 160, 67), "a body paragraph (wrapped lines joined)"),
    BoxClass("subheading", "sub-heading", (137, 87, 229), "a bold line inside a section"),
    BoxClass("list_entry", "list entry", (0, 150, 170), "a bullet or numbered list entry"),
    BoxClass("item_heading", "item heading", (31, 111, 235), "an agenda item's heading"),
    BoxClass("section_label", "section label", (230, 120, 0), "Baggrund, Indstilling, …"),
    BoxClass("header_footer", "removed header/footer", (110, 110, 110), "running header or footer"),
    BoxClass("link", "link", (214, 51, 132), "a link annotation's rectangle"),
    BoxClass("hyphen_joined", "hyphen joined", (220, 30, 30), "line-end hyphen removed"),
    BoxClass("hyphen_kept", "hyphen kept", (180, 140, 0), "line-end hyphen kept"),
)
_BLOCK_CLASS: Final = {
    "paragraph": "paragraph",
    "subheading": "subheading",
    "bullet": "list_entry",
    "numbered": "list_entry",
}


@dataclass(frozen=True, slots=True)
class Box:
    """One decision, where it was made: PDF points from the page's top-left corner."""

    cls: str  # a name from CLASSES
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    note: str  # what a person needs to check it: "2.3", "Baggrund", "politi-|ske → …"


@dataclass(frozen=True, slots=True)
class PageView:
    """One page drawn with its boxes."""

    number: int
    kind: PageKind
    width: int  # pixels
    height: int
    png: bytes
    boxes: tuple[Box, ...]

    def counts(self) -> Counter[str]:
        return Counter(b.cls for b in self.boxes)


def _box(cls: str, page: int, parts: Iterable[Line | Word], note: str) -> Box:
    parts = list(parts)
    return Box(
        cls,
        page,
        min(p.x0 for p in parts),
        min(p.top for p in parts),
        max(p.x1 for p in parts),
        max(p.bottom for p in parts),
        note,
    )


def _per_page(cls: str, lines: Sequence[Line], note: str) -> list[Box]:
    """One box per page and column around the lines of one block: a paragraph may cross a
    page, or go on at the top of the next column (a line above the one before it)."""
    runs: list[list[Line]] = []
    for ln in lines:
        if runs and runs[-1][-1].page == ln.page and ln.top >= runs[-1][-1].top:
            runs[-1].append(ln)
        else:
            runs.append([ln])
    return [_box(cls, run[0].page, run, note) for run in runs]


def _label_box(section: SectionPart) -> Box | None:
    """The label's own words: ``Beslutning:`` without the text that follows it inline."""
    label = section.label_line
    if label is None or not label.words:
        return None
    words = label.words
    rest = section.lines[0] if section.lines else None
    inline = (
        rest is not None
        and rest is not label
        and 0 < len(rest.words) < len(words)
        and words[-len(rest.words) :] == rest.words
    )
    if inline and rest is not None:
        words = words[: len(words) - len(rest.words)]
    return _box("section_label", label.page, words, section.heading or label.text)


def hyphen_kept(choice: HyphenChoice) -> bool:
    """Did the decision keep the line-end hyphen (with or without a space after it)?"""
    return choice.left.endswith("-") and choice.result.startswith(choice.left)


def _hyphen_box(choice: HyphenChoice) -> Box | None:
    line = choice.line
    if line is None or not line.words:
        return None  # text not read from lines (a TOC title): it has no place to draw
    cls = "hyphen_kept" if hyphen_kept(choice) else "hyphen_joined"
    note = f"{choice.left}|{choice.right} → {choice.result} ({choice.rule})"
    return _box(cls, line.page, [line.words[-1]], note)


def trace_boxes(trace: Trace) -> list[Box]:
    """Every box of the document, in drawing order (see :data:`CLASSES`)."""
    boxes: list[Box] = []
    for item in trace.items:
        number = item.heading.number
        boxes += _per_page("item_heading", item.heading.lines, f"{number} {item.heading.text}")
        for section in item.sections:
            for block in section.blocks:
                boxes += _per_page(_BLOCK_CLASS[block.kind.value], block.lines, block.text[:80])
            label = _label_box(section)
            if label is not None:
                boxes.append(label)
    for page in trace.pages:
        boxes += [_box("header_footer", page.number, [ln], ln.text) for ln in page.header_lines]
        boxes += [Box("link", page.number, b.x0, b.top, b.x1, b.bottom, b.uri) for b in page.links]
    boxes += [b for h in trace.hyphens if (b := _hyphen_box(h)) is not None]
    order = {c.name: i for i, c in enumerate(CLASSES)}
    return sorted(boxes, key=lambda b: (b.page, order[b.cls]))


def render_pages(
    data: bytes,
    trace: Trace,
    pages: Sequence[int] | None = None,
    resolution: float = DEFAULT_RESOLUTION,
) -> Iterator[PageView]:
    """Draw the boxes on the PDF's pages (all, or the 1-based ``pages``), one at a time.

    ``data`` must be the PDF the trace was made from. Each pdfplumber page is closed as
    soon as its image is drawn, so memory does not grow with the page count.
    """
    import pdfplumber  # deferred, as in extract: the text path never needs it

    by_page: dict[int, list[Box]] = {}
    for b in trace_boxes(trace):
        by_page.setdefault(b.page, []).append(b)
    kinds = {p.number: p.kind for p in trace.pages}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        count = len(pdf.pages)
        wanted = pages if pages is not None else range(1, count + 1)
        bad = [n for n in wanted if not 1 <= n <= count]
        if bad:
            raise ValueError(f"no page {bad[0]}: the PDF has {count} page(s)")
        for number in wanted:
            page = pdf.pages[number - 1]
            try:
                image = page.to_image(resolution=resolution, antialias=True)
                for cls in CLASSES:
                    rects = [
                        (b.x0, b.top, b.x1, b.bottom)
                        for b in by_page.get(number, [])
                        if b.cls == cls.name
                    ]
                    if rects:
                        image.draw_rects(
                            rects,
                            fill=(*cls.colour, FILL_ALPHA),
                            stroke=(*cls.colour, STROKE_ALPHA),
                            stroke_width=STROKE_WIDTH,
                        )
                buffer = io.BytesIO()
                image.save(buffer, format="PNG")
                width, height = image.annotated.size
            finally:
                page.close()
            yield PageView(
                number=number,
                kind=kinds.get(number, PageKind.EMPTY),
                width=int(width),
                height=int(height),
                png=buffer.getvalue(),
                boxes=tuple(by_page.get(number, [])),
            )


def _rgba(colour: RGB, alpha: int) -> str:
    return f"rgba({colour[0]}, {colour[1]}, {colour[2]}, {alpha / 255:.2f})"


def _swatch(cls: BoxClass) -> str:
    return (
        f'<span class="swatch" style="background: {_rgba(cls.colour, FILL_ALPHA * 2)}; '
        f'border-color: {_rgba(cls.colour, STROKE_ALPHA)}"></span>'
    )


_STYLE: Final = """
body { font: 15px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0; }
td, th { padding: 2px 10px 2px 4px; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.swatch { display: inline-block; width: 1.6em; height: 0.9em; border: 2px solid;
  vertical-align: middle; }
.page { margin: 2em 0; padding-top: 1em; border-top: 1px solid #ccc; }
.page img { max-width: 100%; height: auto; border: 1px solid #999; }
.sheet { display: flex; gap: 1.5em; align-items: flex-start; flex-wrap: wrap; }
.notes { font-size: 13px; max-width: 40em; }
li.review { color: #b00; }
"""


def _legend(counts: Counter[str], caption: str) -> str:
    rows = "".join(
        f"<tr><td>{_swatch(c)}</td><td>{html.escape(c.label)}</td>"
        f'<td class="n">{counts.get(c.name, 0)}</td>'
        f"<td>{html.escape(c.description)}</td></tr>"
        for c in CLASSES
    )
    return f'<table class="legend"><caption>{caption}</caption>{rows}</table>'


def _page_section(view: PageView) -> str:
    counts = view.counts()
    rows = "".join(
        f"<tr><td>{_swatch(c)}</td><td>{html.escape(c.label)}</td>"
        f'<td class="n">{counts[c.name]}</td></tr>'
        for c in CLASSES
        if counts[c.name]
    )
    hyphens = [b for b in view.boxes if b.cls.startswith("hyphen_")]
    notes = ""
    if hyphens:
        # default_join is the one rule that guesses (README: what no rule can know).
        review = ' class="review"'
        entries = "".join(
            f"<li{review if b.note.endswith('(default_join)') else ''}>{html.escape(b.note)}</li>"
            for b in hyphens
        )
        notes = f"<details><summary>{len(hyphens)} line-end hyphens</summary><ul>{entries}</ul>"
        notes += "</details>"
    png = base64.b64encode(view.png).decode("ascii")
    return (
        f'<section class="page" id="page-{view.number}">'
        f"<h2>Page {view.number} <small>({view.kind.value})</small></h2>"
        f'<div class="sheet"><img src="data:image/png;base64,{png}" width="{view.width}" '
        f'height="{view.height}" alt="page {view.number} with the parser\'s boxes">'
        f'<div class="notes"><table class="counts">{rows}</table>{notes}</div></div>'
        "</section>"
    )


def html_report(trace: Trace, views: Iterable[PageView], title: str) -> str:
    """One self-contained HTML page: legend, warnings, every view with its counts."""
    views = list(views)
    total: Counter[str] = Counter()
    for v in views:
        total.update(v.counts())
    warnings = "".join(
        f"<li><code>{html.escape(w.code)}</code>"
        + (f' (<a href="#page-{w.page}">page {w.page}</a>)' if w.page is not None else "")
        + f": {html.escape(w.message)}</li>"
        for w in trace.warnings
    )
    facts = (
        f"{len(trace.pages)} pages, {len(trace.items)} items, {len(trace.toc)} TOC entries, "
        f"engine {html.escape(trace.engine)}"
    )
    index = " ".join(f'<a href="#page-{v.number}">{v.number}</a>' for v in views)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>kkrparse debug: {html.escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body><h1>{html.escape(title)}</h1><p>{facts}</p>"
        f"{_legend(total, 'Legend: what each colour marks, and how many on the pages shown')}"
        + (f"<h2>Warnings</h2><ul>{warnings}</ul>" if warnings else "")
        + f"<p>Pages: {index}</p>"
        + "".join(_page_section(v) for v in views)
        + "</body></html>\n"
    )

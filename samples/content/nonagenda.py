"""Documents that are no meeting's agenda or minutes, which the parser must refuse: a report
with a numbered table of contents, long chapters and a colophon; a memo with case and
document numbers in its letterhead; an invitation listing a provisional agenda; a summary
of a meeting; a list of cases. Real councils publish all of them beside their agendas.

Their truth is only that: ``{"expect": "not_agenda", "why": …, "source": …}``. The words
are in ``data/nonagenda.json``; the padding of the report's long chapter and the notes
under each point are the corpus's filler sentences.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from . import layout
from .compose import long_date
from .layout import measure
from .words import FILLER, MONTHS, PLACES, SLUGS, load
from .wrap import wrap

_DATA: dict[str, Any] = load("nonagenda.json")
REGULAR, BOLD = "Carlito", "Carlito-Bold"
SIZE, LEADING = 10.5, 15.0
LEFT, WIDTH, TOP, BOTTOM = 113.0, 357.0, 752.0, 85.0
#: The report's second chapter must be longer than any agenda item (the parser's rule says
#: 25,000 characters; the generator states the document's own fact).
LONG_CHAPTER = 25_000


@dataclass(frozen=True)
class NonAgenda:
    what: str  # the sample name's last part
    region: str
    date: dt.date
    about: str  # the manifest line and the truth's "why"

    @property
    def name(self) -> str:
        return f"kkr-{SLUGS[self.region]}-{self.date.isoformat()}-not-agenda-{self.what}"


SPECS: tuple[NonAgenda, ...] = (
    NonAgenda("report-toc", "Hovedstaden", dt.date(2023, 8, 24),
              "a KL report: title page, a numbered table of contents whose entries are its "
              "chapters, a chapter of over 25,000 characters, a colophon with ISBN; no case "
              "numbers, section labels or meeting words"),
    NonAgenda("memo", "Syddanmark", dt.date(2023, 2, 9),
              "a memo ('Notat') with Dato, Sagsnr., Dok.nr. and Kontakt in its letterhead and "
              "the headings Baggrund, Formål, Vurdering: one case number, no items"),
    NonAgenda("invitation", "Nordjylland", dt.date(2023, 10, 5),
              "an invitation to a theme meeting of the KKR with time, place and a 'Foreløbig "
              "dagsorden' as a numbered list: meeting words, but no items with structure"),
    NonAgenda("meeting-summary", "Midtjylland", dt.date(2023, 6, 22),
              "a page of notes from a meeting ('Mødedato', 'Deltagere'): bold numbered points "
              "with notes under them, no case numbers, no section labels, no TOC"),
    NonAgenda("case-list", "Sjælland", dt.date(2023, 9, 7),
              "a list of cases: numbered bold case titles, each with a case-number line and a "
              "line of text; no sections, no meeting cover, no meeting words"),
)  # fmt: skip


class _Pages:
    """Lines placed top to bottom, a new page when one is full; ``Side N`` in the footer."""

    def __init__(self) -> None:
        self.pages: list[list[tuple[str, str, float, float, float]]] = [[]]
        self.y = TOP

    def new_page(self) -> None:
        self.pages.append([])
        self.y = TOP

    def line(self, text: str, font: str = REGULAR, size: float = SIZE, x: float = LEFT) -> None:
        if self.y < BOTTOM:
            self.new_page()
        self.pages[-1].append((text, font, size, x, self.y))
        self.y -= LEADING * size / SIZE

    def para(self, text: str, font: str = REGULAR) -> None:
        for piece in wrap(text, WIDTH, lambda t: measure(t, font, SIZE), hyphenate=True):
            self.line(piece.text, font)
        self.y -= LEADING

    def render(self, path: Path, title: str, footer: bool = True) -> int:
        pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1, pageCompression=1)
        pdf.setTitle(title)
        pdf.setAuthor("KL")
        pdf.setCreator("kkrparse samples")
        for number, lines in enumerate(self.pages, start=1):
            for text, font, size, x, y in lines:
                pdf.setFont(font, size)
                pdf.drawString(x, y, text)
            if footer and len(self.pages) > 1:
                pdf.setFont(REGULAR, 8.0)
                pdf.drawCentredString(LEFT + WIDTH / 2, 40, f"Side {number}")
            pdf.showPage()
        pdf.save()
        return len(self.pages)


def _values(spec: NonAgenda) -> dict[str, str]:
    return {"region": f"Region {spec.region}", "kkr": f"KKR {spec.region}",
            "year": str(spec.date.year), "month": MONTHS[spec.date.month - 1],
            "date": long_date(spec.date), "place": PLACES[spec.region]}  # fmt: skip


def _filler(n: int, k: int = 3) -> str:
    return " ".join(FILLER[(n + j) % len(FILLER)] for j in range(k))


def _fill(value: Any, v: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**v)
    if isinstance(value, list):
        return [_fill(x, v) for x in value]
    if isinstance(value, dict):
        return {k: _fill(x, v) for k, x in value.items()}
    return value


def _report(out: _Pages, data: dict[str, Any]) -> None:
    out.y = 520.0
    for n, text in enumerate(data["title"]):
        out.line(text, BOLD if n == 0 else REGULAR, 20.0 if n == 0 else SIZE)
    out.new_page()
    out.line(data["toc_heading"], BOLD, 14.0)
    out.y -= LEADING
    toc = out.pages[-1]
    y = out.y
    counter = 0
    for number, chapter in enumerate(data["chapters"], start=1):
        out.new_page()
        heading = f"{number}. {chapter['heading']}"
        page = len(out.pages)
        out.line(heading, BOLD, 14.0)
        out.y -= LEADING
        for _ in range(chapter["paragraphs"]):
            out.para(_filler(counter))
            counter += 1
        dot = measure(".", REGULAR, SIZE)
        dots = "." * int((WIDTH - 30 - measure(heading, REGULAR, SIZE)) / dot)
        if counter and chapter is data["chapters"][1]:
            chars = sum(len(t) for t, *_ in (x for pg in out.pages[page - 1:] for x in pg))
            if chars <= LONG_CHAPTER:
                raise ValueError(f"the long chapter has only {chars} characters")
        toc.append((f"{heading} {dots} {page}", REGULAR, SIZE, LEFT, y))
        y -= LEADING
    out.new_page()
    out.y = 200.0
    for text in data["colophon"]:
        out.line(text)


def _memo(out: _Pages, data: dict[str, Any]) -> None:
    for text in data["letterhead"]:
        out.line(text, BOLD if text == data["letterhead"][0] else REGULAR, SIZE,
                 LEFT + WIDTH - 150)  # fmt: skip
    out.y -= 2 * LEADING
    out.line(data["title"], BOLD, 14.0)
    out.y -= LEADING
    counter = 5
    for section in data["sections"]:
        out.line(section["heading"], BOLD)
        for _ in range(section["paragraphs"]):
            out.para(_filler(counter, 4))
            counter += 1


def _invitation(out: _Pages, data: dict[str, Any]) -> None:
    out.line(data["title"], BOLD, 16.0)
    out.y -= LEADING
    out.para(data["lead"])
    for text in data["facts"]:
        out.line(text)
    out.y -= LEADING
    out.line(data["agenda_heading"], BOLD)
    for text in data["points"]:
        out.line(text)
    out.y -= LEADING
    out.para(data["closing"])


def _summary(out: _Pages, data: dict[str, Any]) -> None:
    out.line(data["title"], BOLD, 16.0)
    out.y -= LEADING
    for text in data["facts"]:
        out.line(text)
    out.y -= LEADING
    for n, point in enumerate(data["points"]):
        out.line(point, BOLD)
        out.para(_filler(n * 2, 2))


def _case_list(out: _Pages, data: dict[str, Any], spec: NonAgenda) -> None:
    out.line(data["title"], BOLD, 16.0)
    out.line(data["subtitle"])
    out.y -= LEADING
    out.para(data["lead"])
    initials = ("mkh", "jebj", "adr")
    for n, title in enumerate(data["cases"], start=1):
        out.line(f"{n}. {title}", BOLD)
        out.line(f"SAG-{spec.date.year}-{1200 + 37 * n:05d} {initials[n % 3]}")
        out.para(FILLER[n % len(FILLER)])


def build(spec: NonAgenda, out_dir: Path) -> None:
    """Write ``<name>.pdf`` and its truth into ``out_dir``."""
    layout.register_fonts()
    key = {"report-toc": "report", "meeting-summary": "summary", "case-list": "case_list"}
    data = _fill(_DATA[key.get(spec.what, spec.what)], _values(spec))
    pages = _Pages()
    if spec.what == "report-toc":
        _report(pages, data)
    elif spec.what == "memo":
        _memo(pages, data)
    elif spec.what == "invitation":
        _invitation(pages, data)
    elif spec.what == "meeting-summary":
        _summary(pages, data)
    else:
        _case_list(pages, data, spec)
    if any(y < BOTTOM - LEADING for page in pages.pages for *_, y in page):
        raise ValueError(f"{spec.name}: a line below the bottom margin")
    count = pages.render(out_dir / f"{spec.name}.pdf", spec.about)
    truth = {"expect": "not_agenda", "why": spec.about,
             "source": {"filename": f"{spec.name}.pdf", "page_count": count}}  # fmt: skip
    text = json.dumps(truth, ensure_ascii=False, indent=2) + "\n"
    (out_dir / f"{spec.name}.expected.json").write_text(text, encoding="utf-8")


def manifest() -> list[str]:
    return [f"| `{spec.name}` | {spec.about} |" for spec in SPECS]

"""The composed samples: one axis of variation each, printed with reportlab.

``SPECS`` lists them; ``build(spec, out)`` composes the agenda, typesets it, places it on
pages, draws it and writes the expected JSON. Each spec names what it tests; ``MANIFEST``
lines (``samples/MANIFEST.md``) are written from the same table.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from . import layout, truth
from .compose import compose
from .document import Document, Line
from .layout import KL_BLUE, KL_STYLE, PAGE_HEIGHT, PAGE_WIDTH, Style
from .model import Agenda, Composed, Plan
from .typeset import MISSION_VISION, typeset
from .variants import attendance as variant_attendance
from .variants import long_bilag, longer_case
from .words import cover_title

D = dt.date

# KL's house style with Danish hyphenation, as their word processor prints it.
BASE = replace(KL_STYLE, hyphenate=True)
SERIF = replace(layout.SERIF_STYLE, hyphenate=True, toc_text_width=355.0, bottom=70.0)


@dataclass(frozen=True)
class Spec:
    axis: str
    plan: Plan
    about: str  # one line for the manifest: what the sample tests
    style: Style = BASE
    toc: bool = True
    mission_vision: bool = False
    break_after_heading: str | None = None
    encrypt: bool = False
    scanned: bool = False  # the last appended document is a scan without text layer
    search: str | None = None  # "real_hyphens" | "page_hyphen" | "url_wrap" | "word_link_wrap"
    extra: dict[str, str] = field(default_factory=dict)
    cover: str | None = None  # a cover form of ``variants`` (participant headings, entries)
    long_bilag: bool = False  # attachment titles that wrap (for a hanging-indent list)
    columns_item: str | None = None  # the item whose Sagsfremstilling is set in two columns

    @property
    def name(self) -> str:
        return Composed(self.plan, _agenda_stub(), self.axis).name


def _agenda_stub() -> Agenda:
    return None  # type: ignore[return-value]  # the name needs only the plan


H, S, SD, M, N = "Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland"

SPECS: tuple[Spec, ...] = (
    Spec("kl-style", Plan(H, D(2022, 3, 10), cases=8),
         "KL house style: Carlito 10.5 justified, hyphenated, running header on all pages but "
         "the cover"),
    Spec("footer-side-af", Plan(N, D(2023, 9, 14), cases=6),
         "no running header; 'Side N af M' in the footer of every page but the cover",
         replace(BASE, header="footer")),
    Spec("footer-side-af-offset", Plan(SD, D(2022, 6, 16), cases=8),
         "footer 'Side N af M' counted from the first item page: cover and TOC unnumbered, "
         "TOC page numbers are printed numbers (physical minus 2)",
         replace(BASE, header="footer", page_offset=2)),
    Spec("header-on-cover", Plan(M, D(2024, 2, 1), cases=8),
         "running header on every page, cover included",
         replace(BASE, header_on_cover=True)),
    Spec("no-running-header", Plan(S, D(2023, 11, 29), cases=5),
         "no running header or footer at all: body and date only from the cover",
         replace(BASE, header="none")),
    Spec("serif-ragged", Plan(H, D(2024, 5, 22), cases=8),
         "Liberation Serif 11, ragged right, hyphenated with pyphen", SERIF),
    Spec("sans-liberation", Plan(M, D(2022, 10, 6), cases=9),
         "Liberation Sans (Arial-like) 10 pt, justified",
         replace(BASE, regular="LiberationSans", bold="LiberationSans-Bold", size=10.0,
                 leading=14.0)),
    Spec("dejavu-small-wide-column", Plan(SD, D(2024, 9, 12), cases=6),
         "DejaVu Sans 9 pt in a wide column with narrow margins, ragged right",
         replace(BASE, regular="DejaVuSans", bold="DejaVuSans-Bold", size=9.0, leading=12.5,
                 heading_size=12.0, heading_leading=15.0, left=70.0, width=455.0,
                 toc_text_width=410.0, justify=False)),
    Spec("large-font-narrow-column", Plan(N, D(2021, 12, 9), cases=7),
         "Carlito 12 pt in a narrow 300 pt column with wide margins",
         replace(BASE, size=12.0, leading=16.5, heading_size=14.0, heading_leading=18.0,
                 left=150.0, width=300.0, toc_text_width=265.0)),
    Spec("coloured-headings", Plan(S, D(2022, 9, 21), cases=7),
         "headings and section labels printed in KL blue",
         replace(BASE, heading_rgb=KL_BLUE)),
    Spec("headings-not-bold", Plan(H, D(2023, 1, 26), cases=9),
         "item headings only larger (15 pt), in the regular font, not bold",
         replace(BASE, heading_bold=False, heading_size=15.0, heading_leading=19.0)),
    Spec("labels-colon-regular", Plan(M, D(2023, 4, 20), cases=8),
         "section labels in the regular font, followed by a colon ('Baggrund:')",
         replace(BASE, label_bold=False, label_colon=True)),
    Spec("bullets-hyphen", Plan(SD, D(2021, 10, 28), cases=9),
         "list bullets printed as '-'", replace(BASE, bullet="-")),
    Spec("bullets-dot", Plan(N, D(2024, 6, 13), cases=5),
         "list bullets printed as '•'", replace(BASE, bullet="•")),
    Spec("no-toc", Plan(S, D(2024, 3, 14), cases=6),
         "no table of contents: items from heading font and numbering (warning no_toc)",
         toc=False),
    Spec("toc-two-pages", Plan(H, D(2021, 11, 25), cases=15, long_headings=True),
         "a table of contents over two pages (25 entries, spaced)",
         replace(BASE, toc_gap=12.0)),
    Spec("items-to-2-15", Plan(M, D(2021, 5, 27), cases=15),
         "item numbers up to 2.15 (2.1 and 2.10-2.15 share prefixes)"),
    Spec("few-items", Plan(N, D(2022, 1, 20), cases=1, empty_items=False),
         "only 7 items; no level-1 item without content"),
    Spec("empty-items", Plan(SD, D(2023, 3, 2), cases=3),
         "level-1 items without sub-items and without content (Udpegninger, Eventuelt)"),
    Spec("long-sagsfremstilling", Plan(N, D(2022, 4, 7), cases=4, long_case=True),
         "one Sagsfremstilling running over several pages, with sub-headings"),
    Spec("many-bilag", Plan(S, D(2021, 6, 23), cases=7, many_bilag=True),
         "an item with a long Vedlagte bilag list (one entry per municipality)"),
    Spec("numbered-lists-in-body", Plan(H, D(2022, 8, 25), cases=6, numbered_lists=True),
         "numbered lists and a bold numbered sub-heading in body text that look like "
         "item headings"),
    Spec("two-line-headings", Plan(SD, D(2022, 12, 8), cases=8, long_headings=True),
         "item headings and TOC entries wrapped over two lines"),
    Spec("heading-page-break", Plan(M, D(2023, 6, 15), cases=7),
         "a page break between item 2.2's heading (and case line) and its first section",
         break_after_heading="2.2"),
    Spec("med-bilag", Plan(N, D(2024, 1, 18), cases=4, appendices=3),
         "dagsorden med bilag: three documents appended after the last item, each from a "
         "new page; the last item must not swallow them"),
    Spec("real-hyphens-at-line-ends", Plan(H, D(2024, 10, 3), cases=8, hyphen_words=True),
         "real hyphens (SOSU-, e-, COVID-19-, Næstved-Slagelse-Kalundborg-) and suspended "
         "compounds (bygge- og, velfærds- og) at line ends: serif ragged without automatic "
         "hyphenation, so words break only at their own hyphens; column width chosen for the "
         "most distinct ones", replace(SERIF, hyphenate=False),
         search="real_hyphens"),
    Spec("hyphen-across-page-break", Plan(S, D(2023, 5, 4), cases=7),
         "a word hyphenated at the last line of a page, continued on the next page",
         search="page_hyphen"),
    Spec("wrapped-urls", Plan(SD, D(2024, 4, 25), cases=3, urls=True),
         "visible URLs (link annotations) wrapped over two lines at one of their hyphens",
         SERIF, search="url_wrap"),
    Spec("links-on-words", Plan(M, D(2021, 9, 9), cases=3, word_links=True),
         "link annotations on ordinary words, one of them hyphenated over a line break",
         SERIF, search="word_link_wrap"),
    Spec("outline", Plan(N, D(2022, 11, 17), cases=8),
         "bookmarks (outline) for every item", replace(BASE, outline=True)),
    Spec("owner-password", Plan(H, D(2023, 6, 1), cases=5),
         "owner-password-only encryption (RC4 128, fixed ID): opens without a password",
         encrypt=True),
    Spec("scanned-page", Plan(S, D(2024, 11, 20), cases=4, appendices=2),
         "two appended documents; the second is a scanned page (an image, no text layer): "
         "appendix from the first one's page to the scan, warning page_without_text",
         scanned=True),
    Spec("cover-mission-vision", Plan(M, D(2022, 1, 27), cases=5),
         "the cover prints only KL's mission and vision (no meeting facts): body and date "
         "from the running header", mission_vision=True),
    Spec("wrap-300", Plan(M, D(2024, 8, 29), cases=4, hyphen_words=True),
         "the same text as the other wrap-* samples, serif ragged in a 300 pt column",
         replace(SERIF, width=300.0, toc_text_width=270.0, left=150.0)),
    Spec("wrap-360", Plan(M, D(2024, 8, 29), cases=4, hyphen_words=True),
         "the same text, 360 pt column", replace(SERIF, width=360.0, toc_text_width=320.0)),
    Spec("wrap-440", Plan(M, D(2024, 8, 29), cases=4, hyphen_words=True),
         "the same text, 440 pt column",
         replace(SERIF, width=440.0, toc_text_width=400.0, left=80.0)),
    Spec("no-space-glyphs", Plan(S, D(2022, 2, 24), cases=8),
         "every word drawn on its own, no space character between words (spaces are gaps)",
         replace(BASE, space_glyphs=False)),
    Spec("kerning-split-runs", Plan(SD, D(2023, 8, 31), cases=9),
         "every word longer than three letters drawn as two runs with a -0.08 pt kerning "
         "shift between them", replace(BASE, split_runs=True)),
    Spec("soft-hyphen-chars", Plan(N, D(2024, 3, 7), cases=9),
         "hyphenation points at line ends drawn as U+00AD (soft hyphen), serif ragged",
         replace(SERIF, soft_hyphen_char=True)),
    Spec("ligatures", Plan(H, D(2021, 3, 18), cases=9),
         "'ff', 'fi', 'fl' ('offentlige', 'flere') drawn as ligature glyphs U+FB00-U+FB04; "
         "the text says ff, fi, fl",
         replace(BASE, ligatures=True)),
    Spec("synthetic-bold", Plan(M, D(2023, 10, 26), cases=7),
         "headings, labels and sub-headings in the regular font, filled and stroked "
         "(synthetic bold): no bold font name", replace(BASE, synthetic_bold=True)),
    Spec("beslutning-after-sagsfremstilling", Plan(H, D(2022, 3, 10), "referat", cases=6),
         "minutes: Beslutning after Sagsfremstilling (before Vedlagte bilag); attendance "
         "with Afbud and 'supp. … deltog'"),
    Spec("beslutning-after-indstilling",
         Plan(N, D(2023, 9, 14), "referat", cases=6, decision_place="after_indstilling"),
         "minutes: Beslutning right after Indstilling", replace(BASE, header="footer")),
    Spec("beslutning-last", Plan(SD, D(2022, 6, 16), "referat", cases=8, decision_place="last"),
         "minutes: Beslutning as the item's last section, after Vedlagte bilag", SERIF),
    Spec("beslutning-first", Plan(M, D(2024, 2, 1), "referat", cases=7, decision_place="first"),
         "minutes: Beslutning first, right under the case line"),
    # What real council documents taught (participant lists, running blocks, lists, columns):
    Spec("cover-party-dash", Plan(N, D(2023, 11, 2), "referat", cases=3),
         "minutes whose cover lists 'Tilstede' as 'Name (A) - formand' (party in brackets), "
         "'Afbud/Fraværende' with a party and a substitute, and 'Sekretær' (other)",
         cover="edoc"),
    Spec("cover-two-columns", Plan(SD, D(2023, 5, 11), "referat", cases=3),
         "minutes whose cover lists 'Deltagerfortegnelse:' in two columns (read down each), "
         "'Fraværende:', 'Desuden deltog:' (Name, role, Municipality: other); 'Side N af M' "
         "footer", replace(BASE, header="footer"), cover="two_columns"),
    Spec("split-header-members", Plan(H, D(2024, 9, 19), cases=3),
         "an agenda with a split running header (committee and title on the left, the date and "
         "'N of M' on the right); cover lists 'Medlemmer:' (invited), an empty 'Afbud:', "
         "'Øvrige deltagere:', then KL's mission and vision (never members)",
         replace(BASE, header="split", top=735.0), cover="members"),
    Spec("hanging-indent-bilag", Plan(M, D(2023, 3, 16), "referat", cases=3),
         "minutes whose lists (attachments, recommendations) are set at a 260 pt measure, "
         "narrower than the body, wrapped lines hanging under the text after the bullet; cover "
         "'Til stede:' as 'Name, Municipality (role)'",
         replace(BASE, list_measure=260.0), cover="til_stede", long_bilag=True),
    Spec("two-columns-letter-spaced", Plan(S, D(2024, 5, 30), "referat", cases=3),
         "minutes in which item 2.2's Sagsfremstilling is set in two columns on a page of its "
         "own under a letter-spaced sub-heading over both columns; cover 'Deltagere:', "
         "'Afbud:', 'Referent:'", cover="deltagere", columns_item="2.2"),
)  # fmt: skip


def _meeting(agenda: Agenda, spec: Spec) -> dict[str, Any]:
    m = agenda.meeting
    facts = not spec.mission_vision
    attendance: list[dict[str, Any]] = []
    if spec.cover is not None:
        attendance = variant_attendance(agenda, spec.cover, agenda.kind == "referat")
    elif agenda.kind == "referat":
        for a in m.attendance:
            if a.status == "present":
                attendance.append(
                    {"name": a.name, "role": a.role, "municipality": a.municipality,
                     "status": "present"}
                )  # fmt: skip
        for a in m.attendance:
            if a.status == "absent":
                attendance.append(
                    {"name": a.name, "role": None, "municipality": a.municipality,
                     "status": "absent"}
                )  # fmt: skip
                if a.substitute:
                    attendance.append(
                        {"name": a.substitute, "role": None, "municipality": a.municipality,
                         "status": "substitute"}
                    )  # fmt: skip
    return {
        "body": m.body,
        "date": m.date.isoformat(),
        "document_type": agenda.kind,
        "start_time": m.start if facts else None,
        "end_time": m.end if facts else None,
        "location": m.location if facts else None,
        "attendance": attendance,
    }


def _heading_pages(document: Document) -> dict[str, int]:
    return {
        line.number: line.page
        for line in document.lines
        if line.role == "heading" and line.number is not None
    }


def _set_toc_pages(document: Document, pages: dict[str, int], offset: int) -> None:
    number = None
    for line in document.lines:
        if line.role == "toc":
            number = line.number or number
            if line.toc_page is not None and number:
                line.toc_page = pages.get(number, 0) - offset


def place(document: Document, style: Style) -> int:
    """Lay out twice: the TOC's page numbers may change its own length."""
    layout.place_flow(document, style)
    pages = _heading_pages(document)
    _set_toc_pages(document, pages, style.page_offset)
    page_count = layout.place_flow(document, style)
    if _heading_pages(document) != pages:
        raise RuntimeError("TOC page numbers changed the layout")
    layout.check_visible_breaks(document, style)
    return page_count


def _score(document: Document, how: str) -> int:
    """How many times a document shows what a searched sample is about."""
    lines = document.lines
    if how == "real_hyphens":
        # Distinct words first ("SOSU-", "e-", "bygge-"), then how many in all.
        ends = [
            line.text.split()[-1]
            for line in lines
            if line.role in ("para", "entry") and line.hyph in ("keep", "space")
        ]
        return 100 * len(set(ends)) + len(ends)
    if how == "page_hyphen":
        return sum(
            1
            for a, b in itertools.pairwise(lines)
            if a.role in ("para", "entry") and a.hyph == "soft" and b.page == a.page + 1
        )
    if how == "url_wrap":
        return sum(
            1 for line in lines if line.hyph == "keep" and any(link.uri for link in line.links)
        )
    if how == "word_link_wrap":
        return sum(
            1
            for line in lines
            if line.hyph == "soft" and any(link.end == len(line.text) for link in line.links)
        )
    raise ValueError(how)


def _candidates(spec: Spec) -> list[Style]:
    style = spec.style
    if spec.search == "page_hyphen":
        return [replace(style, bottom=float(b)) for b in range(60, 131)]
    if spec.search:
        # The TOC's titles keep the style's room for leaders and page numbers.
        room = style.width - style.toc_text_width
        return [
            replace(style, width=float(w), toc_text_width=float(w) - room)
            for w in (range(420, 299, -2) if spec.search == "real_hyphens" else range(300, 421, 2))
        ]
    return [style]


#: Paragraphs added to the two-column case presentation: enough to reach the second column.
COLUMN_PARAGRAPHS = 8
#: Bottom margins tried, in this order, until the column break falls inside a paragraph (a
#: paragraph ending at the foot of the first column would leave no mark a reader sees).
COLUMN_BOTTOMS = range(85, 121)


def _columns_layout(spec: Spec, agenda: Agenda) -> tuple[Document, Style, int]:
    assert spec.columns_item is not None
    agenda = longer_case(agenda, spec.columns_item, COLUMN_PARAGRAPHS)
    for bottom in COLUMN_BOTTOMS:
        style = replace(spec.style, bottom=float(bottom))
        document = typeset(agenda, style, toc=spec.toc, cover=spec.cover,
                           columns_item=spec.columns_item)  # fmt: skip
        try:
            page_count = place(document, style)
        except ValueError as exc:
            if "column break" not in str(exc):
                raise
            continue
        if any(line.column == 1 for line in document.lines):
            return document, style, page_count
    raise RuntimeError(f"{spec.name}: no column break inside a paragraph")


def _layout(spec: Spec, agenda: Agenda) -> tuple[Document, Style, int]:
    """Typeset and place; for searched samples, the first geometry that shows the axis best."""
    if spec.columns_item is not None:
        return _columns_layout(spec, agenda)
    best: tuple[int, Document, Style, int] | None = None
    for style in _candidates(spec):
        document = typeset(
            agenda,
            style,
            toc=spec.toc,
            mission_vision=spec.mission_vision,
            break_after_heading=spec.break_after_heading,
            cover=spec.cover,
        )
        page_count = place(document, style)
        score = _score(document, spec.search) if spec.search else 0
        if best is None or score > best[0]:
            best = (score, document, style, page_count)
    assert best is not None
    if spec.search and best[0] == 0:
        raise RuntimeError(f"{spec.name}: no geometry shows {spec.search}")
    return best[1], best[2], best[3]


def _scan(style: Style) -> Callable[[canvas.Canvas, list[Line]], None]:
    """Draw a page's lines as a 150 dpi bilevel image, as a scanner would deliver it."""

    def draw(pdf: canvas.Canvas, lines: list[Line]) -> None:
        from PIL import Image, ImageDraw, ImageFont

        scale = 150 / 72
        image = Image.new("L", (round(PAGE_WIDTH * scale), round(PAGE_HEIGHT * scale)), 255)
        pen = ImageDraw.Draw(image)
        for line in lines:
            if line.role == "empty":
                continue
            font = ImageFont.truetype(layout.FONT_FILES[line.font], line.size * scale)
            xy = (line.x * scale, (PAGE_HEIGHT - line.y) * scale)
            pen.text(xy, line.text, font=font, fill=0, anchor="ls")
        bilevel = image.point(lambda v: 255 if v > 160 else 0).convert("1")
        buffer = io.BytesIO()
        bilevel.save(buffer, format="PNG")
        buffer.seek(0)
        pdf.drawImage(ImageReader(buffer), 0, 0, PAGE_WIDTH, PAGE_HEIGHT)

    return draw


def _cover_boilerplate(document: Document) -> list[str]:
    """Cover lines that are neither meeting data nor item text (KL's mission and vision)."""
    texts = {text for text, line_style in MISSION_VISION if line_style is None}
    return [
        " ".join(line.text.split())
        for line in document.lines
        if line.role == "cover" and any(line.text in text for text in texts)
    ]


def _texts(obj: dict[str, Any]) -> list[str]:
    out = [entry["title"] for entry in obj["toc"]]
    for item in obj["items"]:
        out.append(item["heading"])
        out += [section["text"] for section in item["sections"]]
    return out


def build(spec: Spec, out: Path) -> truth.Stats:
    """Write ``<name>.pdf`` and ``<name>.expected.json`` into ``out``."""
    layout.register_fonts()
    agenda = compose(spec.plan)
    if spec.long_bilag:
        agenda = long_bilag(agenda)
    document, style, page_count = _layout(spec, agenda)
    if spec.scanned:
        last = max(line.page for line in document.lines)
        for line in document.lines:
            line.scanned = line.page == last
    m = agenda.meeting
    header = f"{m.body}  | {m.date.strftime('%d-%m-%Y')}"
    title = f"{cover_title(agenda.kind)} {m.body}"
    pdf_path = out / f"{spec.name}.pdf"
    day = m.date.strftime("%d.%m.%Y")
    printed = (m.date - dt.timedelta(days=1)).strftime("%d.%m.%Y")
    meta = layout.Running(f"Kommunekontaktråd {m.region}", cover_title(agenda.kind), day, printed)
    running = layout.render(
        document, style, pdf_path, page_count, title, header,
        _scan(style) if spec.scanned else None, meta,
    )  # fmt: skip
    if spec.encrypt:
        _encrypt(pdf_path)
    stats = truth.Stats()
    warnings = [*([] if spec.toc else ["no_toc"]), *(["page_without_text"] if spec.scanned else [])]
    # eDoc's block prints the title alone ("Referat"), which item text holds as part of a
    # word ("Referatet fra sidste møde"): the one running line a substring test cannot forbid.
    forbidden = [*(t for t in running if t != meta.title), *_cover_boilerplate(document)]
    obj = truth.expected(
        document, style, pdf_path.name, page_count, _meeting(agenda, spec), stats,
        must_not_appear=forbidden, warnings=warnings,
    )  # fmt: skip
    for text in _texts(obj):
        for bad in forbidden:
            if bad in text:
                raise RuntimeError(f"{spec.name}: {bad!r} is printed as content too")
    offset = style.page_offset
    for entry in obj["toc"]:
        item = next(i for i in obj["items"] if i["number"] == entry["number"])
        if entry["page"] != item["page_start"] - offset:
            raise RuntimeError(f"{spec.name}: TOC says {entry} but the heading is on {item}")
    text = json.dumps(obj, ensure_ascii=False, indent=2) + "\n"
    (out / f"{spec.name}.expected.json").write_text(text, encoding="utf-8")
    return stats


def _encrypt(path: Path) -> None:
    """Owner password only: RC4 128 bit (no random IV) and a fixed ID, so the bytes repeat."""
    import pikepdf

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.save(
            path,
            encryption=pikepdf.Encryption(
                owner="kl-owner", user="", R=4, aes=False, metadata=False
            ),
            static_id=True,
        )


def manifest() -> list[str]:
    return [f"| `{spec.name}` | {spec.about} |" for spec in SPECS]

"""Place lines on A4 pages and draw them with reportlab.

Two ways to paginate:

- ``place_fixed``: every line on the page the seed prints it on (the dagsorden sample);
- ``place_flow``: fill pages top to bottom, each level-1 item on a new page, headings and
  labels kept with the line after them (the referat and the re-wrapped samples).

Either way, empty paragraphs that would end a page are carried to the top of the next page:
a blank line at the foot of a page is invisible, at the head of the next one a reader sees it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from .document import Document, Line

PAGE_WIDTH, PAGE_HEIGHT = A4

# Debian packages: fonts-crosextra-carlito (Carlito, metric-compatible with Calibri) and
# fonts-liberation (Liberation Serif).
FONT_FILES = {
    "Carlito": "/usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf",
    "Carlito-Bold": "/usr/share/fonts/truetype/crosextra/Carlito-Bold.ttf",
    "LiberationSerif": "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "LiberationSerif-Bold": "/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf",
    "LiberationSans": "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "LiberationSans-Bold": "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "DejaVuSans": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "DejaVuSans-Bold": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
}

HEADER_TEXT = "KKR Sjælland  | 21-04-2021"
HEADER_GREY = 0.35
KL_BLUE = (0.0, 0.2, 0.4)


def register_fonts() -> None:
    for name, path in FONT_FILES.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, path))


def measure(text: str, font: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(text, font, size))


@dataclass(frozen=True)
class Style:
    """Fonts and geometry of one sample."""

    regular: str
    bold: str
    size: float  # body text
    leading: float  # body line height, also the height of an empty paragraph
    heading_size: float
    heading_leading: float
    left: float  # left edge of the text column
    width: float  # column width
    toc_text_width: float  # TOC titles wrap inside this; page numbers sit at the column's end
    top: float  # first baseline of a page with a running header
    bottom: float  # no baseline below this
    justify: bool  # stretch every line that is not the last of its paragraph or entry
    header_size: float = 8.0
    # Variations of the composed samples (the seed samples keep the defaults):
    hyphenate: bool = False  # Danish hyphenation (pyphen) of body text when wrapping
    heading_bold: bool = True  # False: headings only larger, in the regular font
    label_bold: bool = True  # False: section labels in the regular font
    label_colon: bool = False  # "Baggrund:" instead of "Baggrund"
    heading_rgb: tuple[float, float, float] | None = None  # colour of headings and labels
    bullet: str = "–"
    # "top": "KKR X | dd-mm-yyyy" / "SIDE | N"; "footer": "Side N af M"; "edoc": a
    # right-aligned block committee / title / "Åbent …" / "Dato: dd.mm.yyyy" / "Side N";
    # "split": committee and title on the left, the date and "N of M" on the right;
    # "footer_print": "Side N af M" over a print stamp whose time varies from page to page
    header: str = "top"
    header_on_cover: bool = False
    page_offset: int = 0  # footer: pages before the first numbered one (cover, TOC)
    outline: bool = False  # bookmarks for every item
    toc_gap: float = 0.0  # extra space after each TOC entry
    # How a word processor draws text, unlike reportlab's one string per line:
    space_glyphs: bool = True  # False: words placed apart, no space character between
    split_runs: bool = False  # words drawn in pieces with a small kerning shift between
    soft_hyphen_char: bool = False  # a hyphenation point drawn as U+00AD, not "-"
    ligatures: bool = False  # "fi", "fl" drawn as the ligature glyphs U+FB01, U+FB02
    synthetic_bold: bool = False  # bold = the regular font filled and stroked

    #: Two-column runs: the gap between the columns (each is half of the rest).
    gutter: float = 21.0
    #: Lists set at a narrower measure than the body, their wrapped lines hanging under
    #: the text after the bullet (None: lists run the full column, wrapping at its left).
    list_measure: float | None = None

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def column_width(self) -> float:
        return (self.width - self.gutter) / 2


def column_shift(line: Line, style: Style) -> float:
    """How far right the line's column starts (the second column of a two-column run)."""
    return (style.column_width + style.gutter) if line.column == 1 else 0.0


def right_of(line: Line, style: Style) -> float:
    """The right edge of the line's measure: the column, a narrower list, a run's column."""
    width = line.measure if line.measure is not None else style.width
    return style.left + column_shift(line, style) + width


# KL house style, calibrated on the seed (see ``make_samples.py --calibrate``):
# - body Carlito 10.5 pt; every seed line fits the 357 pt column (the widest, a URL line, is
#   336.9 pt), and every line the author ends a paragraph on without a blank line (e.g.
#   "…landets fem regioner." / "Passagerrådets…") leaves more room than " " + the next word
#   needs (the tightest needs 354.9 pt);
# - Carlito cannot make the seed's soft wraps look natural (for 100+ of them the next word
#   would have fit), so the body is justified, as Word would print it;
# - heading size = column / 26.42: the only ratio at which every seed heading fits on its
#   first line and its next word would not (2.3 wraps before "II", 2.1 before "politiske");
# - TOC titles wrap within 320 pt: "…centrale politiske" fits, "… udvalg" would not.
KL_STYLE = Style(
    regular="Carlito",
    bold="Carlito-Bold",
    size=10.5,
    leading=15.0,
    heading_size=round(357 / 26.42, 2),
    heading_leading=17.0,
    left=113.0,
    width=357.0,
    toc_text_width=320.0,
    top=752.0,
    bottom=85.0,  # the seed's fullest page (3, with two blank lines carried over) ends at 88
    justify=True,
)

# The minutes: KL house style, but pages end a little higher, so that their page breaks (and
# most TOC page numbers) differ from the agenda's, as they do when decisions are added.
REFERAT_STYLE = replace(KL_STYLE, bottom=100.0)

# The re-wrapped sample: another font, size and column; ragged right, hyphenated with pyphen.
# Of the widths tried (400-426 pt), 400 puts the most line ends on real hyphens
# ("Næstved-Slagelse-" / "Kalundborg") and suspended compounds ("Branche-" / "og").
SERIF_STYLE = Style(
    regular="LiberationSerif",
    bold="LiberationSerif-Bold",
    size=11.0,
    leading=14.0,
    heading_size=13.0,
    heading_leading=16.5,
    left=97.0,
    width=400.0,
    toc_text_width=355.0,
    top=752.0,
    bottom=60.0,
    justify=False,
)

_WORD_RE = re.compile(r"\S+")


def font_of(line: Line, style: Style) -> tuple[str, float]:
    if line.role == "heading":
        return (style.bold if style.heading_bold else style.regular), style.heading_size
    if line.role == "label":
        return (style.bold if style.label_bold else style.regular), style.size
    if line.role == "sub":
        return style.bold, style.size
    if line.role == "appendix" and line.style == "title":
        return style.bold, style.heading_size
    if line.role == "toc":
        return (style.bold if _toc_level1(line) else style.regular), style.size
    if line.role == "cover":
        if line.style == "title":
            return style.bold, 26.0
        if line.style == "subtitle":
            return style.bold, 16.0
        if line.style == "bold":
            return style.bold, style.size
    return style.regular, style.size


def _toc_level1(line: Line) -> bool:
    return line.style == "toc1" or (line.number is not None and "." not in line.number)


def height_of(line: Line, style: Style) -> float:
    if line.role == "toc" and line.toc_page is not None:
        return style.leading + style.toc_gap
    if line.role == "heading" or (line.role == "appendix" and line.style == "title"):
        return style.heading_leading
    if line.role == "cover" and line.style == "title":
        return 36.0
    if line.role == "cover" and line.style == "subtitle":
        return 24.0
    return style.leading


def is_stretched(line: Line, style: Style) -> bool:
    """Justified: a paragraph or entry line that the same paragraph or entry continues after."""
    return (
        style.justify
        and line.role in ("para", "entry")
        and line.cont
        and len(_WORD_RE.findall(line.text)) > 1
    )


def _finish(line: Line, style: Style, page: int, y: float) -> None:
    line.font, line.size = font_of(line, style)
    line.page, line.y = page, y
    line.x = style.left + column_shift(line, style) + line.indent
    line.x += measure(line.lead, line.font, line.size)
    if is_stretched(line, style):
        line.width = right_of(line, style) - line.x
    else:
        line.width = measure(line.text, line.font, line.size)
        line.width += line.letter_space * len(line.text)
    limit = style.left + style.toc_text_width if line.role == "toc" else right_of(line, style)
    if line.role == "cover":
        limit = PAGE_WIDTH - 40  # a cover line may reach into the right margin
    if line.x + line.width > limit + 0.01:
        raise ValueError(f"line wider than the column on page {page}: {line.text!r}")


COVER_TOP = 520.0  # first baseline of the cover text


def place_fixed(document: Document, style: Style) -> int:
    """Every line on its seed page; returns the page count."""
    pages: dict[int, list[Line]] = {}
    for line in document.lines:
        assert line.seed_page is not None
        pages.setdefault(line.seed_page, []).append(line)
    carried: list[Line] = []
    last = max(pages)
    for page in range(1, last + 1):
        lines = carried + pages.get(page, [])
        carried = []
        if page not in (1, last):
            while lines and lines[-1].role == "empty":
                carried.insert(0, lines.pop())
        y = COVER_TOP if page == 1 else style.top
        for line in lines:
            _finish(line, style, page, y)
            y -= height_of(line, style)
            if line.y < style.bottom:
                raise ValueError(f"page {page} overflows at {line.text!r}")
    return last


_KEEP_WITH_NEXT = ("heading", "case", "label", "sub")


def _keeps(line: Line) -> bool:
    return line.role in _KEEP_WITH_NEXT or (line.role == "appendix" and line.style == "title")


def place_flow(document: Document, style: Style) -> int:
    """Fill pages; each level-1 item and the TOC start a page. Returns the page count."""
    lines = document.lines
    page, y = 1, COVER_TOP
    on_page: list[Line] = []

    def new_page() -> None:
        nonlocal page, y, on_page
        carried: list[Line] = []
        if page > 1:
            while on_page and on_page[-1].role == "empty":
                carried.insert(0, on_page.pop())
        page, y, on_page = page + 1, style.top, []
        for empty in carried:
            _finish(empty, style, page, y)
            y -= height_of(empty, style)
            on_page.append(empty)

    run_top: float | None = None  # first baseline of the two-column run on this page
    for index, line in enumerate(lines):
        if line.same_line:
            _finish(line, style, page, y + height_of(lines[index - 1], style))
            on_page.append(line)
            continue
        if line.column is not None:
            # A two-column run fills the first column, then the second, on one page.
            if run_top is None:
                run_top, line.column = y, 0
            else:
                line.column = lines[index - 1].column
            if y - height_of(line, style) + style.leading < style.bottom:
                if line.column == 1:
                    raise ValueError(f"a two-column run overflows page {page}")
                before = lines[index - 1]
                if line.role == "empty" or before.role == "empty" or not before.cont:
                    # A paragraph ending at the foot of the first column leaves no mark.
                    raise ValueError(f"the column break on page {page} ends a paragraph")
                line.column, y = 1, run_top
            _finish(line, style, page, y)
            y -= height_of(line, style)
            on_page.append(line)
            continue
        run_top = None
        first_toc = line.role == "toc" and not any(x.role == "toc" for x in lines[:index])
        level1 = line.role == "heading" and line.number is not None and "." not in line.number
        if first_toc or level1 or line.break_before:
            new_page()
        need = height_of(line, style)
        if _keeps(line):
            j = index + 1
            while j < len(lines) and (_keeps(lines[j]) or lines[j].role == "empty"):
                if (lines[j].role == "heading" and lines[j].number is not None) or lines[
                    j
                ].break_before:
                    break
                need += height_of(lines[j], style)
                j += 1
            if j < len(lines) and not (
                (lines[j].role == "heading" and lines[j].number) or lines[j].break_before
            ):
                need += height_of(lines[j], style)
        has_content = any(x.role != "empty" for x in on_page)
        if y - need + style.leading < style.bottom and has_content:
            new_page()
        _finish(line, style, page, y)
        y -= height_of(line, style)
        on_page.append(line)
    return page


def check_visible_breaks(document: Document, style: Style) -> None:
    """Every empty paragraph between two body lines on different pages must show: carried to
    the top of the later page, where it pushes the first line down by one line pitch. A
    blank left (invisible) at the foot of the earlier page would hide a paragraph break that
    the truth claims."""
    lines = document.lines
    for i, line in enumerate(lines):
        if line.role in ("empty", "cover") or i == 0 or lines[i - 1].role != "empty":
            continue
        j = i - 1
        while j > 0 and lines[j].role == "empty":
            j -= 1
        before = lines[j]
        if before.role == "cover" or before.page == line.page:
            continue
        carried = [x for x in lines[j + 1 : i] if x.page == line.page]
        if not carried or line.y > style.top - style.leading + 0.01:
            raise ValueError(f"page {line.page}: the blank line before {line.text!r} is not shown")


def char_x(line: Line, style: Style, index: int) -> float:
    """x of character ``index`` of the line as drawn (justified lines included)."""
    if not is_stretched(line, style):
        return line.x + measure(line.text[:index], line.font, line.size)
    for word, x in _word_positions(line, style):
        if word.start() <= index <= word.end():
            return x + measure(line.text[word.start() : index], line.font, line.size)
    raise ValueError(index)


def _word_positions(line: Line, style: Style) -> list[tuple[re.Match[str], float]]:
    words = list(_WORD_RE.finditer(line.text))
    natural = sum(measure(w.group(), line.font, line.size) for w in words)
    gap = (right_of(line, style) - line.x - natural) / (len(words) - 1)
    out, x = [], line.x
    for word in words:
        out.append((word, x))
        x += measure(word.group(), line.font, line.size) + gap
    return out


#: The minute of the print stamp on each page of a "footer_print" sample: printed page by
#: page, the clock moves on, unevenly.
PRINT_MINUTES = (37, 37, 38, 38, 38, 39, 41, 41, 42, 44, 44, 45, 47, 47, 48, 50, 51, 51)


@dataclass(frozen=True)
class Running:
    """What running lines print besides the page number (the composed variants)."""

    body: str  # the council's full name, "Kommunekontaktråd Nordjylland"
    title: str  # "Referat"
    date: str  # "02.11.2023"
    printed: str = ""  # the print stamp's date ("01.11.2023")


def running_lines(
    style: Style, page: int, page_count: int, header_text: str, meta: Running | None = None
) -> list[tuple[str, str, float]]:
    """The running header or footer lines drawn on ``page``: (text, alignment, baseline);
    alignment is "left", "right" or "centre"."""
    if page == 1 and not style.header_on_cover:
        return []
    top = PAGE_HEIGHT - 40
    if style.header == "footer":
        if page <= style.page_offset:
            return []
        text = f"Side {page - style.page_offset} af {page_count - style.page_offset}"
        return [(text, "centre", 40.0)]
    if style.header == "top":
        return [(header_text, "right", top), (f"SIDE  |  {page}", "right", top - 10)]
    if meta is None:
        return []
    if style.header == "edoc":
        texts = [meta.body, meta.title, f"Åbent {meta.title.lower()}", f"Dato: {meta.date}",
                 f"Side {page}"]  # fmt: skip
        return [(text, "right", top - 10 * n) for n, text in enumerate(texts)]
    if style.header == "split":
        return [
            (meta.body, "left", top), (f"Møde den {meta.date}", "right", top),
            (f"{meta.title} – åbent møde", "left", top - 10),
            (f"{page} of {page_count}", "right", top - 10),
        ]  # fmt: skip
    if style.header == "footer_print":
        minute = PRINT_MINUTES[(page - 1) % len(PRINT_MINUTES)]
        return [
            (f"Side {page} af {page_count}", "right", 52.0),
            (f"Udskrevet {meta.printed} kl. 14:{minute:02d}", "right", 42.0),
        ]
    return []


def render(
    document: Document,
    style: Style,
    path: Path,
    page_count: int,
    title: str,
    header_text: str = HEADER_TEXT,
    scanned: Callable[[canvas.Canvas, list[Line]], None] | None = None,
    meta: Running | None = None,
) -> list[str]:
    """Draw the placed lines, the running header and the link annotations; returns the
    running header/footer lines drawn (whitespace collapsed). ``scanned`` draws, instead of
    text, the lines of the pages whose lines have ``scanned`` set."""
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1, pageCompression=1)
    drawn: list[str] = []
    pdf.setTitle(title)
    pdf.setAuthor("KL")
    pdf.setCreator("kkrparse samples")
    by_page: dict[int, list[Line]] = {}
    for line in document.lines:
        by_page.setdefault(line.page, []).append(line)
    for page in range(1, page_count + 1):
        on_page = by_page.get(page, [])
        if scanned is not None and any(line.scanned for line in on_page):
            scanned(pdf, on_page)
            pdf.showPage()
            continue
        if page == 1:
            pdf.setFillColorRGB(*KL_BLUE)
            pdf.rect(0, PAGE_HEIGHT - 150, PAGE_WIDTH, 150, stroke=0, fill=1)
        running = running_lines(style, page, page_count, header_text, meta)
        pdf.setFillGray(HEADER_GREY)
        pdf.setFont(style.regular, style.header_size)
        for text, align, baseline in running:
            if align == "centre":
                pdf.drawCentredString(style.left + style.width / 2, baseline, text)
            elif align == "left":
                pdf.drawString(style.left, baseline, text)
            else:
                pdf.drawRightString(style.right, baseline, text)
        drawn += [" ".join(text.split()) for text, _, _ in running]
        pdf.setFillGray(0)
        for line in on_page:
            if style.outline and line.role == "heading" and line.number:
                key = f"item-{line.number}"
                pdf.bookmarkPage(key, fit="XYZ", top=line.y + line.size, left=0)
                level = 1 if "." in line.number else 0
                pdf.addOutlineEntry(_outline_title(document, line), key, level=level)
            _draw_line(pdf, line, style)
        pdf.showPage()
    if style.outline:
        pdf.showOutline()
    pdf.save()
    return list(dict.fromkeys(drawn))


def _outline_title(document: Document, first: Line) -> str:
    lines = [first]
    index = document.lines.index(first)
    while lines[-1].cont:
        index += 1
        lines.append(document.lines[index])
    from .document import join_lines

    return join_lines(lines)


def _word_processor(style: Style) -> bool:
    return (
        not style.space_glyphs
        or style.split_runs
        or style.soft_hyphen_char
        or style.ligatures
        or style.synthetic_bold
    )


#: Kerning shift between the pieces of a split word, in points (Word's runs differ by less
#: than a tenth of a point; pdfplumber must not read the shift as a space).
RUN_SHIFT = -0.08
_LIGATURES = {"ffi": "\ufb03", "ffl": "\ufb04", "ff": "\ufb00", "fi": "\ufb01", "fl": "\ufb02"}


def is_bold(line: Line, style: Style) -> bool:
    return font_of(line, style)[0] == style.bold


def _draw_words(pdf: canvas.Canvas, line: Line, style: Style) -> None:
    """Each word on its own, at the position the line's layout gives it."""
    words = list(_WORD_RE.finditer(line.text))
    bold = style.synthetic_bold and is_bold(line, style)
    font = style.regular if bold else line.font
    for n, word in enumerate(words):
        x = char_x(line, style, word.start())
        text = word.group()
        last = n == len(words) - 1
        if last and style.soft_hyphen_char and line.hyph == "soft" and text.endswith("-"):
            text = text[:-1] + "\u00ad"
        pieces = [text]
        if style.split_runs and len(text) > 3:
            cut = len(text) // 2
            pieces = [text[:cut], text[cut:]]
        for k, piece in enumerate(pieces):
            drawn = piece
            if style.ligatures:
                for plain, ligature in _LIGATURES.items():
                    drawn = drawn.replace(plain, ligature)
            tail = " " if style.space_glyphs and not last and k == len(pieces) - 1 else ""
            obj = pdf.beginText(x, line.y)
            obj.setFont(font, line.size)
            if bold:
                obj.setTextRenderMode(2)  # fill, then stroke the outline: heavier strokes
            obj.textOut(drawn + tail)
            if bold:
                # The render mode is graphics state: it outlives the text object, so it is
                # set back, or everything drawn after the first bold word is bold too.
                obj.setTextRenderMode(0)
                pdf.setLineWidth(line.size * 0.035)
            pdf.drawText(obj)
            x += measure(piece, line.font, line.size) + RUN_SHIFT


def _draw_line(pdf: canvas.Canvas, line: Line, style: Style) -> None:
    if line.role == "empty":
        return
    pdf.setFont(line.font, line.size)
    coloured = style.heading_rgb is not None and line.role in ("heading", "label")
    if coloured and style.heading_rgb is not None:
        pdf.setFillColorRGB(*style.heading_rgb)
    if line.letter_space:
        obj = pdf.beginText(line.x, line.y)
        obj.setFont(line.font, line.size)
        obj.setCharSpace(line.letter_space)
        obj.textOut(line.text)
        obj.setCharSpace(0)  # text state: it would outlive the text object
        pdf.drawText(obj)
    elif _word_processor(style):
        _draw_words(pdf, line, style)
    elif is_stretched(line, style):
        positions = _word_positions(line, style)
        for n, (word, x) in enumerate(positions):
            tail = " " if n < len(positions) - 1 else ""
            pdf.drawString(x, line.y, word.group() + tail)
    else:
        pdf.drawString(line.x, line.y, line.text)
    if coloured:
        pdf.setFillGray(0)
    if line.role == "toc" and line.toc_page is not None:
        number = str(line.toc_page)
        number_x = style.right - measure(number, line.font, line.size)
        dot = measure(".", line.font, line.size)
        start = line.x + line.width + 4
        dots = int((number_x - 4 - start) / dot)
        if dots < 3:
            raise ValueError(f"no room for TOC leaders after {line.text!r}")
        if dots > 0:
            pdf.drawString(number_x - 4 - dots * dot, line.y, "." * dots)
        pdf.drawString(number_x, line.y, number)
    for link in line.links:
        x0 = char_x(line, style, link.start)
        x1 = char_x(line, style, link.end)
        rect = (x0, line.y - 0.25 * line.size, x1, line.y + 0.85 * line.size)
        pdf.linkURL(link.uri, rect, relative=0, thickness=0)

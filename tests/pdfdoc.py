"""A tiny PDF author for parser tests: one small PDF per problem, made in code.

Lines are written as strings with a style prefix:

- ``"# 2.3. Title"``: heading (bold, larger);
- ``"* Baggrund"``: bold body-size line (a label or a sub-heading);
- ``"> 2.3. Title"``: heading set apart by size only (regular weight, larger);
- ``""``: an empty line;
- anything else: a body line.

``{url|text}`` inside a line draws ``text`` with a link annotation to ``url``.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import regex
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

LEFT, TOP, PITCH, BODY = 72.0, 90.0, 14.0, 10.0
_LINK = regex.compile(r"\{(?P<url>[^|{}]+)\|(?P<text>[^{}]+)\}")


@dataclass(frozen=True)
class Style:
    font: str
    size: float
    render_mode: int = 0  # 2: fill and stroke, how word processors embolden a plain font


def _synthetic(styles: dict[str, Style]) -> dict[str, Style]:
    """Bold styles drawn in the regular face, emboldened by stroking the outline."""
    return {
        k: Style(st.font.replace("-Bold", ""), st.size, 2) if "-Bold" in st.font else st
        for k, st in styles.items()
    }


def _draw_string(c: canvas.Canvas, x: float, y: float, text: str, style: Style) -> None:
    if not style.render_mode:
        c.drawString(x, y, text)
        return
    t = c.beginText(x, y)
    t.setFont(style.font, style.size)
    t.setTextRenderMode(style.render_mode)
    t.textOut(text)
    t.setTextRenderMode(0)  # render mode is graphics state: it outlives the text object
    c.drawText(t)


STYLES = {
    "#": Style("Helvetica-Bold", 13.0),
    "*": Style("Helvetica-Bold", BODY),
    ">": Style("Helvetica", 13.0),
    "": Style("Helvetica", BODY),
}


def _style(line: str, styles: dict[str, Style]) -> tuple[Style, str]:
    if line[:2] in ("# ", "* ", "> "):
        return styles[line[0]], line[2:]
    return styles[""], line


def _draw_words(c: canvas.Canvas, x: float, y: float, chunk: str, style: Style) -> float:
    """Draw words one by one with gaps where spaces were, as word processors often do."""
    space = stringWidth(" ", style.font, style.size)
    for i, word in enumerate(chunk.split(" ")):
        if i:
            x += space
        _draw_string(c, x, y, word, style)
        x += stringWidth(word, style.font, style.size)
    return x


def _draw_line(
    c: canvas.Canvas, text: str, style: Style, y_top: float, spaces_as_gaps: bool = False
) -> None:
    height = A4[1]
    x = LEFT
    pos = 0
    for m in [*_LINK.finditer(text), None]:
        chunk = text[pos : m.start()] if m else text[pos:]
        if chunk:
            c.setFont(style.font, style.size)
            if spaces_as_gaps:
                x = _draw_words(c, x, height - y_top - style.size, chunk, style)
            else:
                _draw_string(c, x, height - y_top - style.size, chunk, style)
                x += stringWidth(chunk, style.font, style.size)
        if m is None:
            break
        label = m.group("text")
        c.setFont(style.font, style.size)
        _draw_string(c, x, height - y_top - style.size, label, style)
        w = stringWidth(label, style.font, style.size)
        base = height - y_top - style.size
        c.linkURL(m.group("url"), (x, base - 2, x + w, base + style.size), relative=0, thickness=0)
        x += w
        pos = m.end()


DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _unicode_styles() -> dict[str, Style]:
    """DejaVu Sans (embedded TrueType): encodes U+00AD and ligatures, which the 14
    standard PDF fonts cannot."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("DejaVu", DEJAVU))
    pdfmetrics.registerFont(TTFont("DejaVu-Bold", DEJAVU.replace("Sans.ttf", "Sans-Bold.ttf")))
    return {
        "#": Style("DejaVu-Bold", 13.0),
        "*": Style("DejaVu-Bold", BODY),
        ">": Style("DejaVu", 13.0),
        "": Style("DejaVu", BODY),
    }


@dataclass(frozen=True)
class MarginLine:
    """One line of a running block in the page margin, drawn on every agenda page.

    ``text`` is formatted with ``n`` (the page number) and ``total`` (the page count);
    ``by_page``, when given, holds a text of its own for each page instead (a field that
    changes from page to page); ``top`` is the distance of the text's top from the top
    edge of the page (a negative one counts from the bottom edge); ``align`` is ``left``,
    ``right`` or ``center``.
    """

    text: str
    top: float
    align: str = "right"
    size: float = 8.0
    font: str = "Helvetica"
    by_page: tuple[str, ...] = ()


def _draw_margin_line(c: canvas.Canvas, line: MarginLine, n: int, total: int) -> None:
    width, height = A4
    top = line.top if line.top >= 0 else height + line.top
    y = height - top - line.size
    text = line.by_page[n - 1] if line.by_page else line.text.format(n=n, total=total)
    c.setFont(line.font, line.size)
    if line.align == "right":
        c.drawRightString(width - LEFT, y, text)
    elif line.align == "center":
        c.drawCentredString(width / 2, y, text)
    else:
        c.drawString(LEFT, y, text)


def build_pdf(
    pages: Sequence[Sequence[str]],
    *,
    unicode_font: bool = False,
    spaces_as_gaps: bool = False,
    header: str | None = "KKR Sjælland  | 21-04-2021",
    page_label: str | None = "SIDE  |  {n}",
    footer: str | None = None,
    header_on_first: bool = False,
    attachments: Sequence[Sequence[str]] = (),
    attachment_header: str | None = None,
    synthetic_bold: bool = False,
    margin_lines: Sequence[MarginLine] = (),
    body_top: float = TOP,
) -> bytes:
    """Render pages of styled lines on A4, with a running header/footer.

    ``attachments`` are pages appended after them without the agenda's header, footer or
    page label, as attached documents are; ``attachment_header`` is their own header.
    ``margin_lines`` are a running block's lines, drawn where the header is; ``body_top``
    is where the body text starts (below a tall block).
    """
    styles = _unicode_styles() if unicode_font else STYLES
    if synthetic_bold:
        styles = _synthetic(styles)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    height = A4[1]
    for n, lines in enumerate([*pages, *attachments], start=1):
        if n > len(pages):
            if attachment_header:
                c.setFont("Helvetica", 8)
                c.drawString(LEFT, height - 40, attachment_header)
        elif n > 1 or header_on_first:
            c.setFont("Helvetica", 8)
            if header:
                c.drawRightString(A4[0] - LEFT, height - 40, header.format(n=n))
            if page_label:
                c.drawRightString(A4[0] - LEFT, height - 52, page_label.format(n=n))
            if footer:
                c.drawCentredString(A4[0] / 2, 30, footer.format(n=n, total=len(pages)))
            for margin_line in margin_lines:
                _draw_margin_line(c, margin_line, n, len(pages))
        y = body_top
        for line in lines:
            if line:
                style, text = _style(line, styles)
                _draw_line(c, text, style, y, spaces_as_gaps)
                y += max(PITCH, style.size * 1.35)
            else:
                y += PITCH
        c.showPage()
    c.save()
    return buf.getvalue()


def toc_page(entries: Sequence[tuple[str, str, int]]) -> list[str]:
    """TOC lines with dot leaders: (number, title, page)."""
    out = []
    for number, title, page in entries:
        label = f"{number}. {title} "
        out.append(label + "." * max(3, 80 - len(label)) + f" {page}")
    return out


def build_placed_pdf(pages: Sequence[Sequence[tuple[float | str, str]]]) -> bytes:
    """A4 pages of body lines, each drawn at its own indent from the left margin: a number
    of points, or a string whose width in the body font is the indent (``"– "`` puts a line
    under the text after a bullet: a hanging indent). ``""`` is an empty line. No running
    header or footer.
    """
    style = STYLES[""]
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    height = A4[1]
    for lines in pages:
        y = TOP
        for indent, text in lines:
            if text:
                step = (
                    stringWidth(indent, style.font, style.size)
                    if isinstance(indent, str)
                    else indent
                )
                c.setFont(style.font, style.size)
                _draw_string(c, LEFT + step, height - y - style.size, text, style)
            y += PITCH
        c.showPage()
    c.save()
    return buf.getvalue()


def build_columns_pdf(
    columns: Sequence[Sequence[str]],
    *,
    heading: str | None = None,
    gutter: float = 16.0,
    size: float = 9.0,
) -> bytes:
    """One A4 page of running text in ``len(columns)`` columns (each a list of its lines,
    top to bottom, on one baseline grid, as layout programs set them), under an optional
    ``heading`` that spans the columns."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    width, height = A4
    measure = (width - 2 * LEFT - gutter * (len(columns) - 1)) / len(columns)
    y = TOP
    if heading:
        c.setFont("Helvetica-Bold", 14)
        c.drawString(LEFT, height - y - 14, heading)
        y += 30
    c.setFont("Helvetica", size)
    for k, lines in enumerate(columns):
        x = LEFT + k * (measure + gutter)
        for i, line in enumerate(lines):
            c.drawString(x, height - (y + i * size * 1.4) - size, line)
    c.showPage()
    c.save()
    return buf.getvalue()


def build_letter_spaced_pdf(
    spaced: str, lines: Sequence[str], *, spacing: float = 5.0, size: float = 20.0
) -> bytes:
    """One A4 page: ``spaced`` set with ``spacing`` points of character spacing (Tc), as a
    designed title is, over body lines in the normal way."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    height = A4[1]
    t = c.beginText(LEFT, height - TOP - size)
    t.setFont("Helvetica-Bold", size)
    t.setCharSpace(spacing)
    t.textOut(spaced)
    t.setCharSpace(0)  # character spacing is text state: it outlives the text object
    c.drawText(t)
    c.setFont("Helvetica", BODY)
    for i, line in enumerate(lines):
        c.drawString(LEFT, height - (TOP + 2 * size + i * PITCH) - BODY, line)
    c.showPage()
    c.save()
    return buf.getvalue()


def build_scaled_matrix_pdf(lines: Sequence[str], *, size: float = 10.0) -> bytes:
    """One A4 page whose text is set at ``1 Tf`` inside a text matrix scaled by ``size``,
    as InDesign exports do: the glyphs are ``size`` points tall."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    height = A4[1]
    for i, line in enumerate(lines):
        t = c.beginText()
        t.setTextTransform(size, 0, 0, size, LEFT, height - TOP - i * PITCH - size)
        t.setFont("Helvetica", 1)
        t.textOut(line)
        c.drawText(t)
    c.showPage()
    c.save()
    return buf.getvalue()

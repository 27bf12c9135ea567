"""The agenda as a word-processor document: OpenDocument text that LibreOffice prints to PDF.

KL's agendas come out of a word processor, not out of a PDF library: subset fonts, automatic
hyphenation, fields in headers and footers, list labels drawn by the application. This module
writes the generator's content (``document.Document``) as paragraphs of an ODT file, which
``samples/make_libreoffice.py`` prints with ``soffice --headless --convert-to pdf``.

Stages:

1. ``blocks_of``   the author's lines → paragraphs (``Block``): each paragraph, list entry,
                   heading and TOC entry of the content becomes one word-processor paragraph,
                   its text joined with the hyphens the author knows; the word processor
                   breaks it into lines again, with its own Danish hyphenation;
2. ``write_odt``   paragraphs + a ``LoStyle`` → ``.odt`` (a zip of content.xml, styles.xml,
                   meta.xml and the manifest);
3. ``read_pdf`` / ``place``  the printed PDF's words, in reading order, aligned token by token
                   with the paragraphs: that says on which page every paragraph starts and ends
                   (LibreOffice decides pages, so they are read back, never guessed);
4. ``expected``    the expected parser output: texts from the content, pages from the
                   alignment.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from . import compose, model
from .document import (
    CASE_RE,
    LABEL_KEYS,
    LINK_WORDS,
    NUMBER_RE,
    Document,
    Line,
    join_lines,
    separate_items,
)
from .rewrap import units
from .truth import BULLET_RE, SCHEMA_VERSION, item_identity
from .words import LABELS

NBSP = "\u00a0"
# A token a line must not start with, or a reader would take the line for a list entry
# ("– dog", "1. februar"): it is tied to the word before it with a no-break space.
_GLUE_RE = re.compile(r"^(?:[–-]|\d{1,2}\.|[A-Z]\.)$")


@dataclass
class Block:
    """One paragraph of the word-processor document."""

    role: str  # cover roles, "toc", "heading", "case", "label", "sub", "para",
    #            "bullet" (a list entry with a bullet label), "numbered", "empty"
    text: str  # as the author wrote it (bullet entries without their bullet)
    item: str | None = None
    number: str | None = None  # headings and TOC entries
    style: str | None = None  # cover: "title", "subtitle", "bold"
    links: list[tuple[str, int, int]] = field(default_factory=list)  # (uri, start, end) in text
    toc_page: int | None = None
    # Filled by ``place``: physical pages of the paragraph's first and last word.
    page_start: int = 0
    page_end: int = 0
    token_pages: list[int] = field(default_factory=list)  # page of each of ``tokens()``
    # Filled by ``place``: whether a reader sees this paragraph start a new one, where only
    # empty paragraphs and a page break separate it from the paragraph before.
    break_visible: bool = True
    keep_with_next: bool = False  # an empty paragraph that must go over with the next one
    toc_break: bool = False  # a TOC title broken before its last word (it ran into the number)
    appendix: bool = False  # part of a document appended after the last item

    @property
    def level1(self) -> bool:
        return self.number is not None and "." not in self.number


# --------------------------------------------------------------------------------------------
# 1. content → paragraphs


def _links_in(unit: list[Line], text: str) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    for uri in dict.fromkeys(link.uri for line in unit for link in line.links):
        word = LINK_WORDS.get(uri)
        if word is None:
            start = text.index(uri)
            out.append((uri, start, start + len(uri)))
        else:
            found = re.search(rf"\b{re.escape(word)}\b", text)
            if not found:
                raise ValueError(f"link word {word!r} not in {text!r}")
            out.append((uri, found.start(), found.end()))
    return out


def blocks_of(document: Document) -> list[Block]:
    """One block per paragraph; an empty paragraph between two paragraphs of body text that
    the author separated without one (a word processor shows no early line end reliably)."""
    out: list[Block] = []
    for unit in units(separate_items(document.lines), document.kind == "dagsorden"):
        first = unit[0]
        text = join_lines(unit)
        role = first.role
        if role == "entry":
            bullet = BULLET_RE.match(text)
            if not first.entry_start:
                raise ValueError(f"list entry without a start: {text!r}")
            if bullet:
                role, text = "bullet", text[bullet.end() :]
            else:
                role = "numbered"
        block = Block(role, text, first.item, first.number, first.style)
        if role == "toc":
            block.toc_page = 0
        block.links = _links_in(unit, text)
        prev = out[-1] if out else None
        if (
            prev is not None
            and role == "para"
            and prev.role in ("para", "bullet", "numbered")
            and block.item == prev.item
        ):
            out.append(Block("empty", "", first.item))
        out.append(block)
    return out


def tokens(block: Block, bullet: str) -> list[str]:
    """The words a reader sees for the block, in order (list labels included)."""
    words = block.text.split()
    if block.role == "bullet":
        words = [bullet, *words]
    if block.role == "toc":
        words.append(str(block.toc_page))
    return words


# --------------------------------------------------------------------------------------------
# 2. paragraphs → ODT


@dataclass(frozen=True)
class LoStyle:
    """What one LibreOffice sample varies."""

    font: str = "Carlito"
    size: float = 11.0
    heading_size: float = 14.0
    heading_bold: bool = True  # False: headings only larger
    justify: bool = True
    hyphenate: bool = True
    margin_left: float = 2.5  # cm
    margin_right: float = 2.5
    margin_top: float = 2.0
    margin_bottom: float = 2.0
    line_height: int = 115  # percent
    header: str = "KKR Sjælland  | 21-04-2021"  # "" for none
    page_label: str = "header"  # "header": "SIDE  |  N" under it; "footer": "Side N af M"
    cover_footer: bool = False  # the page label on the cover too
    bullet: str = "–"
    colour: str = "#000000"  # headings
    bookmarks: bool = True
    numbered_lists: bool = False  # numbered entries as automatic numbering, not typed

    def page_labels(self, page_count: int) -> list[str]:
        """The page labels printed, so that the truth can forbid them in item text."""
        if self.page_label == "footer":
            first = 1 if self.cover_footer else 2
            return [f"Side {n} af {page_count}" for n in range(first, page_count + 1)]
        return [f"SIDE  |  {n}" for n in range(2, page_count + 1)]


_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0" '
    'office:version="1.3"'
)


def _text_props(style: LoStyle, size: float, bold: bool, hyphenate: bool, **extra: str) -> str:
    attrs = {
        "style:font-name": style.font,
        "fo:font-size": f"{size}pt",
        "fo:language": "da",
        "fo:country": "DK",
        "fo:hyphenate": "true" if hyphenate else "false",
        "fo:hyphenation-remain-char-count": "2",
        "fo:hyphenation-push-char-count": "3",
        "loext:hyphenation-no-caps": "true",  # KL's word processor leaves CAPITALS whole
        **extra,
    }
    if bold:
        attrs["fo:font-weight"] = "bold"
    return "<style:text-properties " + " ".join(f'{k}="{v}"' for k, v in attrs.items()) + "/>"


def _para_style(
    name: str,
    style: LoStyle,
    *,
    size: float | None = None,
    bold: bool = False,
    hyphenate: bool = False,
    align: str = "start",
    keep: bool = False,
    para: str = "",
    text: str = "",
    tabs: str = "",
    outline: int | None = None,
) -> str:
    props = f'fo:text-align="{align}" fo:line-height="{style.line_height}%" '
    props += 'fo:margin-top="0cm" fo:margin-bottom="0cm" fo:orphans="2" fo:widows="2" '
    if keep:
        props += 'fo:keep-with-next="always" '
    level = f' style:default-outline-level="{outline}"' if outline else ""
    return (
        f'<style:style style:name="{name}" style:family="paragraph"{level}>'
        f"<style:paragraph-properties {props}{para}"
        + (f'fo:hyphenation-ladder-count="no-limit">{tabs}</style:paragraph-properties>')
        + _text_props(style, size or style.size, bold, hyphenate, **_attrs(text))
        + "</style:style>"
    )


def _attrs(text: str) -> dict[str, str]:
    return dict(re.findall(r'(\S+)="([^"]*)"', text))


def _styles_xml(style: LoStyle) -> str:
    cm = style.margin_left
    width = 21.0 - style.margin_left - style.margin_right
    body_align = "justify" if style.justify else "start"
    small = 8.0
    right_tab = (
        f'<style:tab-stops><style:tab-stop style:position="{width:.3f}cm" style:type="right" '
        'style:leader-style="dotted" style:leader-text="."/></style:tab-stops>'
    )
    header_tab = (
        f'<style:tab-stops><style:tab-stop style:position="{width:.3f}cm" '
        'style:type="right"/></style:tab-stops>'
    )
    heading_colour = f'fo:color="{style.colour}"'
    toc_margin = 'fo:margin-right="1cm" '
    styles = [
        _para_style("Standard", style),
        _para_style("Body", style, hyphenate=style.hyphenate, align=body_align),
        _para_style(
            "Heading1",
            style,
            size=style.heading_size,
            bold=style.heading_bold,
            keep=True,
            para='fo:break-before="page" ',
            text=heading_colour,
            outline=1,
        ),
        _para_style(
            "Heading2",
            style,
            size=style.heading_size,
            bold=style.heading_bold,
            keep=True,
            text=heading_colour,
            outline=2,
        ),
        _para_style("Case", style, keep=True),
        _para_style(
            "Appendix",
            style,
            size=style.heading_size,
            bold=True,
            keep=True,
            para='fo:break-before="page" ',
        ),
        _para_style("Label", style, bold=True, keep=True),
        _para_style("Sub", style, bold=True, keep=True),
        _para_style("Empty", style),
        _para_style("EmptyKeep", style, keep=True),
        _para_style("ListEntry", style, hyphenate=style.hyphenate, align=body_align),
        _para_style(
            "Numbered",
            style,
            hyphenate=style.hyphenate,
            align=body_align,
            para='fo:margin-left="0.8cm" fo:text-indent="-0.8cm" ',
        ),
        # Titles wrap 1 cm before the page numbers, so that leader dots always part them.
        _para_style("Toc", style, tabs=right_tab, para=toc_margin),
        _para_style("Toc1", style, bold=True, tabs=right_tab, para=toc_margin),
        _para_style(
            "TocFirst",
            style,
            bold=True,
            tabs=right_tab,
            para=toc_margin + 'fo:break-before="page" ',
        ),
        _para_style("Cover", style, hyphenate=False),
        _para_style("CoverBold", style, bold=True),
        _para_style("CoverTitle", style, size=26.0, bold=True, text=heading_colour),
        _para_style("CoverSubtitle", style, size=16.0, bold=True, text=heading_colour),
        _para_style(
            "Header", style, size=small, align="end", tabs=header_tab, text='fo:color="#595959"'
        ),
        _para_style("Footer", style, size=small, align="end", text='fo:color="#595959"'),
    ]
    list_style = (
        '<text:list-style style:name="Bullets">'
        f'<text:list-level-style-bullet text:level="1" text:bullet-char="{escape(style.bullet)}">'
        '<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">'
        '<style:list-level-label-alignment text:label-followed-by="listtab" '
        'text:list-tab-stop-position="0.635cm" fo:text-indent="-0.635cm" '
        'fo:margin-left="0.635cm"/></style:list-level-properties>'
        f'<style:text-properties style:font-name="{style.font}"/>'
        "</text:list-level-style-bullet></text:list-style>"
    )
    header_lines = []
    if style.header:
        header_lines.append(f'<text:p text:style-name="Header">{escape(style.header)}</text:p>')
    if style.page_label == "header":
        header_lines.append(
            '<text:p text:style-name="Header">SIDE  |  '
            '<text:page-number text:select-page="current">2</text:page-number></text:p>'
        )
    footer = (
        '<style:footer><text:p text:style-name="Footer">Side '
        '<text:page-number text:select-page="current">1</text:page-number> af '
        "<text:page-count>1</text:page-count></text:p></style:footer>"
        if style.page_label == "footer"
        else ""
    )
    header = f"<style:header>{''.join(header_lines)}</style:header>" if header_lines else ""
    layout = (
        '<style:page-layout style:name="PL"><style:page-layout-properties fo:page-width="21cm" '
        f'fo:page-height="29.7cm" fo:margin-left="{cm}cm" fo:margin-right='
        f'"{style.margin_right}cm" fo:margin-top="{style.margin_top}cm" '
        f'fo:margin-bottom="{style.margin_bottom}cm" style:print-orientation="portrait"/>'
        '<style:header-style><style:header-footer-properties fo:min-height="0cm" '
        'fo:margin-bottom="0.6cm"/></style:header-style>'
        '<style:footer-style><style:header-footer-properties fo:min-height="0cm" '
        'fo:margin-top="0.6cm"/></style:footer-style></style:page-layout>'
    )
    cover_footer = footer if style.cover_footer else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f"<office:document-styles {_NS}>"
        f'<office:font-face-decls><style:font-face style:name="{style.font}" '
        f"svg:font-family=\"'{style.font}'\"/></office:font-face-decls>"
        "<office:styles>"
        '<style:default-style style:family="paragraph">'
        + _text_props(style, style.size, False, False)
        + "</style:default-style>"
        + "".join(styles)
        + list_style
        + '<style:style style:name="Url" style:family="text">'
        + '<style:text-properties fo:hyphenate="false" fo:language="zxx" fo:country="none"/>'
        + "</style:style>"
        + "</office:styles>"
        f"<office:automatic-styles>{layout}</office:automatic-styles>"
        "<office:master-styles>"
        '<style:master-page style:name="Standard" style:page-layout-name="PL">'
        f"{header}{footer}</style:master-page>"
        '<style:master-page style:name="First" style:page-layout-name="PL" '
        f'style:next-style-name="Standard">{cover_footer}</style:master-page>'
        "</office:master-styles></office:document-styles>"
    )


def _inline(block: Block) -> str:
    """The block's text as ODF inline content: links, no-break spaces before list-like tokens."""
    text = block.text
    if block.role in ("para", "bullet", "numbered"):
        words = text.split(" ")
        glued = [
            (NBSP if k and _GLUE_RE.match(w) else (" " if k else "")) + w
            for k, w in enumerate(words)
        ]
        text = "".join(glued)  # same length as before: one character per space
    out, pos = [], 0
    for uri, start, end in sorted(block.links, key=lambda link: link[1]):
        out.append(escape(text[pos:start]))
        visible = escape(text[start:end])
        if text[start:end] == uri:
            # A printed URL is not hyphenated: its language is "none", so no dictionary
            # splits it at a syllable (it may still break after a slash or at its own
            # hyphens). LibreOffice 7.4 ignores fo:hyphenate on characters.
            visible = f'<text:span text:style-name="Url">{visible}</text:span>'
        out.append(
            f'<text:a xlink:type="simple" xlink:href="{escape(uri, {chr(34): "&quot;"})}">'
            f"{visible}</text:a>"
        )
        pos = end
    out.append(escape(text[pos:]))
    if block.role == "numbered" and not block.links:
        label = re.match(r"^(\S+)\s+", text)
        assert label
        return escape(label.group(1)) + "<text:tab/>" + escape(text[label.end() :])
    if block.role == "toc":
        title = "".join(out)
        if block.toc_break:
            head, _, last = title.rpartition(" ")
            title = f"{head}<text:line-break/>{last}"
        return title + f"<text:tab/>{block.toc_page}"
    return "".join(out)


_STYLE_OF = {
    "toc": "Toc",
    "case": "Case",
    "label": "Label",
    "sub": "Sub",
    "para": "Body",
    "numbered": "Numbered",
    "empty": "Empty",
    "cover": "Cover",
    "appendix": "Appendix",
}


def _content_xml(blocks: list[Block], style: LoStyle) -> str:
    body: list[str] = []
    in_list = False
    first_toc = True
    for index, block in enumerate(blocks):
        if block.role != "bullet" and in_list:
            body.append("</text:list>")
            in_list = False
        inline = _inline(block)
        if index == 0:
            name = "FirstPage"
        elif block.role == "heading":
            level = 1 if block.level1 else 2
            body.append(
                f'<text:h text:style-name="Heading{level}" text:outline-level="{level}">'
                f"{inline}</text:h>"
            )
            continue
        elif block.role == "bullet":
            if not in_list:
                body.append('<text:list text:style-name="Bullets">')
                in_list = True
            body.append(
                f'<text:list-item><text:p text:style-name="ListEntry">{inline}'
                "</text:p></text:list-item>"
            )
            continue
        elif block.role == "toc" and first_toc:
            name, first_toc = "TocFirst", False
        elif block.role == "toc" and block.level1:
            name = "Toc1"
        elif block.role == "cover" and block.style:
            name = {"title": "CoverTitle", "subtitle": "CoverSubtitle", "bold": "CoverBold"}[
                block.style
            ]
        elif block.role == "empty" and block.keep_with_next:
            name = "EmptyKeep"
        else:
            name = _STYLE_OF[block.role]
        body.append(f'<text:p text:style-name="{name}">{inline}</text:p>')
    if in_list:
        body.append("</text:list>")
    first = blocks[0]
    first_parent = {"title": "CoverTitle", "subtitle": "CoverSubtitle", "bold": "CoverBold"}.get(
        first.style or "", "Cover"
    )
    auto = (
        '<style:style style:name="FirstPage" style:family="paragraph" '
        f'style:parent-style-name="{first_parent}" style:master-page-name="First"/>'
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f"<office:document-content {_NS}>"
        f'<office:font-face-decls><style:font-face style:name="{style.font}" '
        f"svg:font-family=\"'{style.font}'\"/></office:font-face-decls>"
        f"<office:automatic-styles>{auto}</office:automatic-styles>"
        "<office:body><office:text>" + "".join(body) + "</office:text></office:body>"
        "</office:document-content>"
    )


_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    'manifest:version="1.3">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
    '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def _meta_xml(title: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f"<office:document-meta {_NS}><office:meta>"
        f"<dc:title>{escape(title)}</dc:title><meta:initial-creator>KL</meta:initial-creator>"
        f"<dc:language>da-DK</dc:language></office:meta></office:document-meta>"
    )


def write_odt(blocks: list[Block], style: LoStyle, path: Path, title: str) -> None:
    """Write the document; same content, same bytes (fixed zip timestamps)."""
    files = [
        ("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED),
        ("META-INF/manifest.xml", _MANIFEST, zipfile.ZIP_DEFLATED),
        ("meta.xml", _meta_xml(title), zipfile.ZIP_DEFLATED),
        ("styles.xml", _styles_xml(style), zipfile.ZIP_DEFLATED),
        ("content.xml", _content_xml(blocks, style), zipfile.ZIP_DEFLATED),
    ]
    with zipfile.ZipFile(path, "w") as odt:
        for name, data, method in files:
            info = zipfile.ZipInfo(name, date_time=(2021, 1, 1, 0, 0, 0))
            info.compress_type = method
            odt.writestr(info, data.encode("utf-8"))


# --------------------------------------------------------------------------------------------
# 3. the printed PDF → where every paragraph landed


@dataclass(frozen=True)
class PdfWord:
    text: str
    page: int
    x0: float
    x1: float
    top: float
    size: float
    word: int  # index of the extracted word it is a piece of (leaders split words)
    raw: str  # that word as extracted


HEADER_FOOTER_SIZE = 8.0  # the running header and footer, and nothing else, are set in 8 pt
# Dot leaders of the TOC; when a title nearly fills the line, only two dots are left.
_LEADERS_RE = re.compile(r"\.{3,}|\.{2}(?=\d+$)")


def read_pdf(path: Path) -> tuple[list[PdfWord], int, float]:
    """Body words in reading order (header and footer left out), the page count, and the
    page width."""
    import pdfplumber

    out: list[PdfWord] = []
    with pdfplumber.open(path) as pdf:
        width = float(pdf.pages[0].width)
        for number, page in enumerate(pdf.pages, start=1):
            for k, word in enumerate(page.extract_words(extra_attrs=["size"])):
                if abs(float(word["size"]) - HEADER_FOOTER_SIZE) < 0.05:
                    continue
                text = unicodedata.normalize("NFKC", _LEADERS_RE.sub(" ", word["text"]))
                for piece in text.split():
                    out.append(
                        PdfWord(
                            piece,
                            number,
                            float(word["x0"]),
                            float(word["x1"]),
                            float(word["top"]),
                            float(word["size"]),
                            number * 100_000 + k,
                            word["text"],
                        )
                    )
            page.close()
        return out, len(pdf.pages), width


@dataclass
class Placed:
    """Where the tokens of each block were printed."""

    pages: dict[int, list[int]]  # block index → page of each token
    first: dict[int, PdfWord]
    last: dict[int, PdfWord]
    tight_toc: list[int] = field(default_factory=list)  # TOC entries run into their number
    hyphenated: list[str] = field(default_factory=list)  # words the word processor split
    own_hyphen: list[str] = field(default_factory=list)  # words broken after their own "-"


def place(blocks: list[Block], words: list[PdfWord], bullet: str) -> Placed:
    """Align the blocks' tokens with the printed words, in order; fail loudly on a mismatch.

    A printed word may be a piece of a token: a word hyphenated at a line end (``politi-`` /
    ``ske``), a word broken after one of its own hyphens (``SOSU-`` / ``uddannelserne``) or a
    URL broken after a slash.
    """
    placed = Placed({}, {}, {})
    i = 0
    for index, block in enumerate(blocks):
        if block.role == "empty":
            continue
        if block.role == "toc":
            i = _place_toc(index, block, words, i, placed)
            continue
        pages: list[int] = []
        for token in tokens(block, bullet):
            acc, first_word = "", None
            while acc != token:
                if i >= len(words):
                    raise ValueError(f"printed text ended before {token!r} of {block.text!r}")
                word = words[i]
                text = word.text
                if token.startswith(acc + text):
                    acc += text
                    if text.endswith("-") and acc != token and acc[-2:-1].isalnum():
                        placed.own_hyphen.append(token)
                elif text.endswith("-") and token.startswith(acc + text[:-1]):
                    acc += text[:-1]  # a hyphen the word processor added
                    placed.hyphenated.append(token)
                else:
                    context = " ".join(w.text for w in words[max(0, i - 8) : i + 3])
                    raise ValueError(
                        f"page {word.page}: printed {text!r} where {token!r} of "
                        f"{block.text[:60]!r} was expected; printed: {context!r}"
                    )
                first_word = first_word or word
                if index not in placed.first:
                    placed.first[index] = word
                placed.last[index] = word
                i += 1
            assert first_word is not None
            pages.append(first_word.page)
        placed.pages[index] = pages
        block.token_pages = pages
        block.page_start, block.page_end = pages[0], placed.last[index].page
    if i != len(words):
        rest = " ".join(w.text for w in words[i : i + 10])
        raise ValueError(f"printed words left over after the content: {rest!r}")
    return placed


def _place_toc(index: int, block: Block, words: list[PdfWord], i: int, placed: Placed) -> int:
    """Consume a TOC entry's printed words (leader dots dropped); note whether the title ran
    into the page number with no gap. Returns the index of the next word."""
    target = "".join(tokens(block, "")).replace(".", "")  # dots: the title's or leaders
    acc, start = "", i
    while acc != target:
        text = words[i].text.replace(".", "") if i < len(words) else None
        if text == "":
            i += 1
            continue
        if text is None or not target.startswith(acc + text):
            raise ValueError(f"TOC entry {block.text!r}: printed {acc!r} then {text!r}")
        acc += text
        i += 1
    number = words[i - 1]
    glued = i - 2 >= start and words[i - 2].word == number.word
    if number.text.strip(".") != str(block.toc_page) or (
        glued and not re.search(r"\.{2,}\d+$", number.raw)
    ):
        placed.tight_toc.append(index)
    placed.first[index], placed.last[index] = words[start], number
    block.page_start = block.page_end = number.page
    block.token_pages = [number.page]
    return i


# A paragraph break hidden by a page break is visible when the next paragraph starts lower
# than body text starts on a page (the empty paragraph went over with it), or when the last
# line before the break left room for " " + the next paragraph's first word. Closer than this
# to that threshold, the sample is ambiguous and the generator refuses it.
AMBIGUOUS_PT = 1.5


def judge_breaks(
    blocks: list[Block], placed: Placed, words: list[PdfWord], right_edge: float
) -> tuple[list[str], list[int]]:
    """Set ``break_visible`` of body paragraphs whose break falls on a page break; returns a
    note per hidden break, and the blocks where a reader could not tell (the caller keeps
    the empty paragraph before them with them, so that it shows at the top of the page)."""
    ambiguous: list[int] = []
    for block in blocks:
        block.break_visible = True
    tops: dict[int, float] = {}
    for word in words:
        tops[word.page] = min(tops.get(word.page, word.top), word.top)
    body_top = min(top for page, top in tops.items() if page > 2)
    notes: list[str] = []
    previous: int | None = None
    for index, block in enumerate(blocks):
        if block.role == "empty":
            continue
        if (
            previous is not None
            and block.role in ("para", "bullet", "numbered")
            and blocks[previous].role in ("para", "bullet", "numbered")
            and block.page_start != blocks[previous].page_end
            and any(b.role == "empty" for b in blocks[previous + 1 : index])
        ):
            last, first = placed.last[previous], placed.first[index]
            pitch = first.size * 1.2
            lower = first.top - body_top
            room = right_edge - last.x1
            need = (first.x1 - first.x0) + 0.25 * first.size
            if lower > 0.5 * pitch:
                visible = True
            elif abs(room - need) < AMBIGUOUS_PT:
                ambiguous.append(index)
                visible = True
            else:
                visible = room > need
            block.break_visible = visible or block.role != "para"
            if not block.break_visible:
                notes.append(f"p{last.page}-{first.page}: {block.text[:50]!r} reads as going on")
        previous = index
    return notes, ambiguous


# --------------------------------------------------------------------------------------------
# 4. the expected parser output


def _entry_text(block: Block) -> str:
    return f"– {block.text}" if block.role == "bullet" else block.text


def _section_blocks(blocks: list[Block]) -> list[tuple[str, list[str], list[Block]]]:
    """("para" | "sub" | "list", texts, source blocks) of one section."""
    out: list[tuple[str, list[str], list[Block]]] = []
    separated = True
    for block in blocks:
        if block.role == "empty":
            separated = True
            continue
        kind = out[-1][0] if out and not separated else None
        if block.role == "sub":
            if kind == "sub":
                raise ValueError(f"two sub-headings run together: {block.text!r}")
            out.append(("sub", [block.text], [block]))
        elif block.role in ("bullet", "numbered"):
            if kind == "list":
                out[-1][1].append(_entry_text(block))
                out[-1][2].append(block)
            else:
                out.append(("list", [_entry_text(block)], [block]))
        elif block.role == "para":
            if not block.break_visible and out and out[-1][0] in ("para", "list"):
                out[-1][1][-1] += " " + block.text  # the reader cannot see the break
                out[-1][2].append(block)
            else:
                out.append(("para", [block.text], [block]))
        else:
            raise ValueError(f"unexpected {block.role} in a section: {block.text!r}")
        separated = False
    return out


def _text(kind: str, texts: list[str]) -> str:
    return "\n".join(texts) if kind == "list" else texts[0]


def _item(blocks: list[Block], placed: Placed, bullet: str) -> dict[str, Any]:
    head = blocks[0]
    number = head.number
    assert number
    match = NUMBER_RE.match(head.text)
    assert match, head.text
    heading = match.group(2)
    case = next((CASE_RE.match(b.text) for b in blocks if b.role == "case"), None)
    groups: list[tuple[Block | None, list[Block]]] = []
    for block in blocks[1:]:
        if block.role == "case":
            continue
        if block.role == "label":
            groups.append((block, []))
        elif groups:
            groups[-1][1].append(block)
        elif block.role != "empty":
            groups.append((None, [block]))
    sections: list[dict[str, Any]] = []
    recommendations: list[str] = []
    attachments: list[str] = []
    decision = None
    for label, body in groups:
        parts = _section_blocks(body)
        text = "\n\n".join(_text(kind, texts) for kind, texts, _ in parts)
        key = LABEL_KEYS[label.text] if label else "intro"
        content = [b for b in body if b.role != "empty"]
        first = label or content[0]
        sections.append(
            {
                "key": key,
                "heading": label.text if label else None,
                "text": text,
                "page_start": first.page_start,
                "page_end": content[-1].page_end if content else first.page_end,
            }
        )
        if key == "indstilling":
            bullets = [
                b.text
                for kind, _, src in parts
                if kind == "list"
                for b in src
                if b.role == "bullet"
            ]
            recommendations = bullets or [t[0] for kind, t, _ in parts if kind == "para"]
        elif key == "beslutning":
            decision = text
        elif key == "vedlagte_bilag":
            for kind, texts, _ in parts:
                if kind == "list":
                    attachments += [BULLET_RE.sub("", t) for t in texts]
                else:
                    attachments.append(_text(kind, texts))
    content = [b for b in blocks if b.role != "empty"]
    return {
        **item_identity(number, heading, case),
        "page_start": head.page_start,
        "page_end": content[-1].page_end,
        "sections": sections,
        "recommendations": recommendations,
        "decision": decision,
        "attachments": attachments,
        "links": _links(blocks),
    }


def _links(blocks: list[Block]) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for block in blocks:
        for uri, start, end in block.links:
            if uri in found:
                continue
            token = len(block.text[:start].split()) + (1 if block.role == "bullet" else 0)
            if start and not block.text[start - 1].isspace():
                token -= 1  # the link starts inside a token ("(linket")
            page = block.token_pages[token]
            found[uri] = {"url": uri, "text": block.text[start:end], "page": page}
    return list(found.values())


def toc_entries(blocks: list[Block]) -> list[dict[str, Any]]:
    out = []
    for block in blocks:
        if block.role == "toc":
            match = NUMBER_RE.match(block.text)
            assert match and block.number
            out.append({"number": block.number, "title": match.group(2), "page": block.toc_page})
    return out


def expected(
    blocks: list[Block],
    placed: Placed,
    style: LoStyle,
    *,
    filename: str,
    page_count: int,
    meeting: dict[str, Any],
) -> dict[str, Any]:
    items: list[dict[str, Any]] = []
    current: list[Block] = []
    appended = [b for b in blocks if b.role == "appendix" or b.appendix]
    for block in blocks:
        if block.role == "appendix" or block.appendix:
            continue
        if block.role == "heading":
            if current:
                items.append(_item(current, placed, style.bullet))
            current = [block]
        elif current:
            current.append(block)
    if current:
        items.append(_item(current, placed, style.bullet))
    texts = [s["text"] for item in items for s in item["sections"]]
    forbidden = [" ".join(style.header.split())] if style.header else []
    forbidden += [" ".join(label.split()) for label in style.page_labels(page_count)]
    # Cover lines the items do not also print (a participant may be named in an item).
    forbidden += [
        b.text
        for b in blocks
        if b.role == "cover"
        and len(b.text) > 15
        and not b.style
        and not any(b.text in text for text in texts)
    ]
    forbidden += [b.text for b in appended if b.role == "appendix"]
    for bad in forbidden:
        if any(bad in text for text in texts):
            raise ValueError(f"{bad!r} is printed as item text too; it cannot be forbidden")
    return {
        "schema_version": SCHEMA_VERSION,
        "source": {"filename": filename, "page_count": page_count},
        "meeting": meeting,
        "toc": toc_entries(blocks),
        "items": items,
        "appendix": (
            {"page_start": appended[0].page_start, "page_end": appended[-1].page_end}
            if appended
            else None
        ),
        "must_not_appear": list(dict.fromkeys(forbidden)),
    }


def heading_pages(blocks: list[Block]) -> dict[str, int]:
    return {b.number: b.page_start for b in blocks if b.role == "heading" and b.number}


# --------------------------------------------------------------------------------------------
# Composed agendas (``compose.py``) as paragraphs


def _date_line(meeting: model.Meeting) -> str:
    start, end = meeting.start.replace(":", "."), meeting.end.replace(":", ".")
    return f"Dato: {compose.long_date(meeting.date)} kl. {start} - {end}"


def header_of(meeting: model.Meeting) -> str:
    """The running header, as KL prints it: ``KKR Sjælland  | 21-04-2021``."""
    return f"{meeting.body}  | {meeting.date.strftime('%d-%m-%Y')}"


def _cover(agenda: model.Agenda) -> list[Block]:
    meeting = agenda.meeting
    title = "Referat" if agenda.kind == "referat" else "Dagsorden"
    out = [
        Block("cover", title, style="title"),
        Block("cover", meeting.body, style="subtitle"),
        Block("empty", ""),
        Block("cover", _date_line(meeting)),
        Block("cover", f"Sted: {meeting.location}"),
    ]
    if agenda.kind != "referat":
        return out
    out += [Block("empty", ""), Block("cover", "Deltagere:", style="bold")]
    for person in meeting.attendance:
        if person.status == "present":
            parts = [person.name, person.role, person.municipality]
            out.append(Block("cover", ", ".join(p for p in parts if p)))
    out += [Block("empty", ""), Block("cover", "Afbud:", style="bold")]
    for person in meeting.attendance:
        if person.status == "absent":
            text = f"{person.name}, {person.municipality}"
            if person.substitute:
                text += f" (supp. {person.substitute} deltog)"
            out.append(Block("cover", text))
    return out


def meeting_of(agenda: model.Agenda) -> dict[str, Any]:
    """The meeting facts the cover and the running header print."""
    meeting = agenda.meeting
    attendance: list[dict[str, Any]] = []
    if agenda.kind == "referat":
        for person in meeting.attendance:
            if person.status == "present":
                attendance.append(
                    {"name": person.name, "role": person.role,
                     "municipality": person.municipality, "status": "present"}
                )  # fmt: skip
        for person in meeting.attendance:
            if person.status == "absent":
                attendance.append(
                    {"name": person.name, "role": None,
                     "municipality": person.municipality, "status": "absent"}
                )  # fmt: skip
                if person.substitute:
                    attendance.append(
                        {"name": person.substitute, "role": None,
                         "municipality": person.municipality, "status": "substitute"}
                    )  # fmt: skip
    return {
        "body": meeting.body,
        "date": meeting.date.isoformat(),
        "document_type": agenda.kind,
        "start_time": meeting.start,
        "end_time": meeting.end,
        "location": meeting.location,
        "attendance": attendance,
    }


def _content_blocks(blocks: tuple[model.Block, ...], item: str | None) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        previous = out[-1].role if out else None
        if isinstance(block, model.Sub):
            if previous is not None:
                out.append(Block("empty", "", item))
            out.append(Block("sub", block.text, item))
        elif isinstance(block, model.Para):
            if previous in ("para", "bullet", "numbered"):
                out.append(Block("empty", "", item))
            links = []
            for visible, uri in block.links:
                start = block.text.index(visible)
                links.append((uri, start, start + len(visible)))
            out.append(Block("para", block.text, item, links=links))
        else:
            if previous == "para":
                out.append(Block("empty", "", item))
            for entry in block.entries:
                out.append(Block("numbered" if block.numbered else "bullet", entry, item))
    return out


def blocks_of_agenda(agenda: model.Agenda) -> list[Block]:
    """Cover, TOC, items and appended documents of a composed agenda, as paragraphs."""
    out = _cover(agenda)
    for item in agenda.items:
        text = f"{item.number}. {item.heading}"
        out.append(Block("toc", text, number=item.number, toc_page=0))
    previous: model.Item | None = None
    for item in agenda.items:
        if item.level == 2 and previous is not None:
            out += [Block("empty", "", item.number), Block("empty", "", item.number)]
        heading = f"{item.number}. {item.heading}"
        out.append(Block("heading", heading, item.number, item.number))
        if item.case:
            out.append(Block("case", f"{item.case[0]} {item.case[1]}", item.number))
        for section in item.sections:
            out.append(Block("empty", "", item.number))
            out.append(Block("label", LABELS[section.key], item.number))
            out += _content_blocks(section.blocks, item.number)
        previous = item
    for appendix in agenda.appendices:
        out.append(Block("appendix", appendix.title))
        for block in _content_blocks(appendix.blocks, None):
            block.appendix = True
            out.append(block)
    return out

"""The agenda as a word-processor document: OpenDocument text that LibreOffice prints to PDF.

KL's agendas come out of a word processor, not out of a PDF library: subset fonts, automatic
hyphenation, fields in headers and footers, list labels drawn by the application. This module
writes the generator's paragraphs (``paragraphs.Block``) and a ``LoStyle`` as an ODT file (a
zip of content.xml, styles.xml, meta.xml and the manifest), which
``samples/make_libreoffice.py`` prints with ``soffice --headless --convert-to pdf``.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from .paragraphs import Block

NBSP = "\u00a0"
# A token a line must not start with, or a reader would take the line for a list entry
# ("– dog", "1. februar"): it is tied to the word before it with a no-break space.
_GLUE_RE = re.compile(r"^(?:[–-]|\d{1,2}\.|[A-Z]\.)$")


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


def _paragraph_styles(style: LoStyle) -> list[str]:
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
    return styles


def _list_style(style: LoStyle) -> str:
    return (
        '<text:list-style style:name="Bullets">'
        f'<text:list-level-style-bullet text:level="1" text:bullet-char="{escape(style.bullet)}">'
        '<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">'
        '<style:list-level-label-alignment text:label-followed-by="listtab" '
        'text:list-tab-stop-position="0.635cm" fo:text-indent="-0.635cm" '
        'fo:margin-left="0.635cm"/></style:list-level-properties>'
        f'<style:text-properties style:font-name="{style.font}"/>'
        "</text:list-level-style-bullet></text:list-style>"
    )


def _header_footer(style: LoStyle) -> tuple[str, str]:
    """The running header (header line, "SIDE  |  N") and the "Side N af M" footer."""
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
    return header, footer


def _page_layout(style: LoStyle) -> str:
    cm = style.margin_left
    return (
        '<style:page-layout style:name="PL"><style:page-layout-properties fo:page-width="21cm" '
        f'fo:page-height="29.7cm" fo:margin-left="{cm}cm" fo:margin-right='
        f'"{style.margin_right}cm" fo:margin-top="{style.margin_top}cm" '
        f'fo:margin-bottom="{style.margin_bottom}cm" style:print-orientation="portrait"/>'
        '<style:header-style><style:header-footer-properties fo:min-height="0cm" '
        'fo:margin-bottom="0.6cm"/></style:header-style>'
        '<style:footer-style><style:header-footer-properties fo:min-height="0cm" '
        'fo:margin-top="0.6cm"/></style:footer-style></style:page-layout>'
    )


def _styles_xml(style: LoStyle) -> str:
    styles = _paragraph_styles(style)
    list_style = _list_style(style)
    header, footer = _header_footer(style)
    layout = _page_layout(style)
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

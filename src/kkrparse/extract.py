"""Stage 1, extract: PDF bytes (or extractor text) → pages of words with font and position.

pdfplumber's dictionaries stay inside this module; the rest of the pipeline sees only
:class:`~kkrparse.document.RawDocument`. Pages are read one at a time and released
(``page.close()``) so memory does not grow with the page count.

Errors a caller must handle are raised here, before any parsing: not a PDF, encrypted,
damaged, too many pages.
"""

from __future__ import annotations

import functools
import io
import unicodedata
from collections.abc import Iterable
from typing import Any, Final

import regex

from kkrparse.document import LinkBox, RawDocument, RawPage, Word
from kkrparse.errors import DamagedPdfError, EncryptedPdfError, KkrParseError, NotAPdfError
from kkrparse.options import Engine

#: How far into a file the ``%PDF-`` marker may start; readers accept leading junk up to
#: 1 KiB, as Acrobat does.
PDF_HEADER_WINDOW: Final = 1024

#: Two characters with a gap wider than this share of the font size are two words. Word
#: processors often draw no space glyph at all, only a gap: a space is 0.22-0.28 em in
#: the fonts KL uses (Calibri 0.226), kerning inside a word moves glyphs by under 0.05 em.
#: pdfplumber's fixed 3 pt default merges words set in 10 pt Calibri without spaces.
WORD_GAP_RATIO: Final = 0.15

#: Font-name fragments that mean a bold face ("Carlito-Bold", "Calibri,Bold",
#: "ABCDEE+Arial-BoldMT", "SegoeUI-Semibold", "Helvetica-Black").
_BOLD_FONT = regex.compile(r"bold|black|heavy|semibold|demibold|,b$|-b$", regex.IGNORECASE)

#: Ligatures and look-alike characters replaced in every word. NFKC would do the
#: ligatures but also rewrite characters we must keep ("½", superscripts), so the table
#: is explicit.
CHAR_MAP: Final[dict[int, str]] = {
    0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl",
    0xFB05: "ft", 0xFB06: "st",
    0x00A0: " ", 0x2007: " ", 0x202F: " ", 0x2009: " ",  # no-break and thin spaces
    0x2010: "-", 0x2011: "-",  # hyphen, non-breaking hyphen
    0x200B: "", 0xFEFF: "",  # zero-width space, byte-order mark
}  # fmt: skip

# U+00AD SOFT HYPHEN is deliberately not in CHAR_MAP: it stays in the words until the
# hyphen stage has seen line ends (see hyphen.SOFT_HYPHEN).


def normalise(text: str) -> str:
    """NFC, ligatures expanded, odd spaces and hyphens made plain."""
    return unicodedata.normalize("NFC", text).translate(CHAR_MAP)


def is_bold(fontname: str) -> bool:
    return bool(_BOLD_FONT.search(fontname))


def check_header(data: bytes) -> None:
    """Raise NotAPdfError unless ``%PDF-`` starts the file (after at most 1 KiB of junk)."""
    if b"%PDF-" not in data[:PDF_HEADER_WINDOW]:
        start = data[:200].lstrip().lower()
        looks = (
            " (it looks like an HTML page)" if start.startswith((b"<!doctype", b"<html")) else ""
        )
        raise NotAPdfError(f"not a PDF: the file does not start with %PDF-{looks}")


@functools.cache
def _render_mode_device() -> Any:
    """pdfplumber's layout device, also noting each character's text render mode.

    Word processors embolden a font that has no bold face by drawing its outline as well
    as filling it (render mode 2, PDF 32000 §9.3.6): the font name then says nothing. The
    mode is stored as the ``fill``/``stroke`` attributes pdfplumber already exports for
    other objects, so it reaches the character dictionaries unchanged.
    """
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent

    class RenderModeAggregator(PDFPageAggregatorWithMarkedContent):
        _mode = 0

        def render_string(self, textstate: Any, *args: Any, **kwargs: Any) -> None:
            self._mode = int(textstate.render or 0) % 4  # 4-7: the same, plus clipping
            super().render_string(textstate, *args, **kwargs)

        def render_char(self, *args: Any, **kwargs: Any) -> float:
            adv = float(super().render_char(*args, **kwargs))
            if self.cur_item._objs:
                char: Any = self.cur_item._objs[-1]
                char.fill = self._mode in (0, 2)
                char.stroke = self._mode in (1, 2)
            return adv

    return RenderModeAggregator


def _interpret(page: Any) -> None:
    """Lay the page out once with :func:`_render_mode_device`; pdfplumber reuses it."""
    from pdfminer.pdfinterp import PDFPageInterpreter

    device = _render_mode_device()(
        page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams
    )
    PDFPageInterpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    page._layout = device.get_result()


def _words_from_plumber(page: Any) -> tuple[Word, ...]:
    _interpret(page)
    raw = page.extract_words(
        keep_blank_chars=False,
        use_text_flow=False,
        x_tolerance_ratio=WORD_GAP_RATIO,
        extra_attrs=["fontname", "size", "fill", "stroke"],
    )
    words = []
    for w in raw:
        text = normalise(w["text"]).strip()
        if not text:
            continue
        words.append(
            Word(
                text=text,
                x0=float(w["x0"]),
                x1=float(w["x1"]),
                top=float(w["top"]),
                bottom=float(w["bottom"]),
                size=round(float(w["size"]), 2),
                bold=is_bold(str(w["fontname"])) or bool(w["fill"] and w["stroke"]),
            )
        )
    return tuple(words)


def _links_from_plumber(page: Any) -> tuple[LinkBox, ...]:
    links = []
    for h in page.hyperlinks:
        uri = h.get("uri")
        if not uri:
            continue
        links.append(
            LinkBox(
                uri=str(uri).strip(),
                x0=float(h["x0"]),
                x1=float(h["x1"]),
                top=float(h["top"]),
                bottom=float(h["bottom"]),
            )
        )
    return tuple(links)


def _classify_open_error(exc: BaseException) -> KkrParseError:
    # pdfplumber wraps pdfminer's error in PdfminerException(original): look inside.
    while exc.args and isinstance(exc.args[0], BaseException):
        exc = exc.args[0]
    name = type(exc).__name__
    if "Password" in name or "Encrypt" in name:
        return EncryptedPdfError("encrypted: the PDF needs a password to open")
    return DamagedPdfError(f"damaged PDF: {name}: {exc}".rstrip(": "))


def read_pdf(data: bytes, *, engine: Engine = "auto", max_pages: int | None = None) -> RawDocument:
    """Read a PDF with the chosen engine.

    ``auto`` reads with PDFium and falls back to pdfplumber only when PDFium cannot open
    the file as a PDF (pdfminer is more forgiving of some broken files); an encrypted file
    or too many pages fail the same way with both, so they are not retried.
    """
    if engine == "pdfplumber":
        return extract_pdf(data, max_pages=max_pages)
    from kkrparse import extract_pdfium  # deferred: it imports this module

    if engine == "pdfium":
        return extract_pdfium.extract_pdf(data, max_pages=max_pages)
    try:
        return extract_pdfium.extract_pdf(data, max_pages=max_pages)
    except extract_pdfium.CannotOpenError:
        return extract_pdf(data, max_pages=max_pages)


def extract_pdf(data: bytes, *, max_pages: int | None = None) -> RawDocument:
    """Read every page's words and links with pdfplumber.

    Never calls pdfplumber's ``repair`` (it runs Ghostscript on untrusted input).
    """
    check_header(data)
    import pdfplumber  # deferred: importing pdfminer costs ~0.2 s the text path never needs

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many unrelated types for bad files
        raise _classify_open_error(exc) from exc
    pages: list[RawPage] = []
    try:
        with pdf:
            try:
                plumber_pages = pdf.pages
            except Exception as exc:
                raise _classify_open_error(exc) from exc
            if max_pages is not None and len(plumber_pages) > max_pages:
                raise DamagedPdfError(
                    f"too many pages: {len(plumber_pages)} (the limit is {max_pages})"
                )
            for index, page in enumerate(plumber_pages, start=1):
                try:
                    pages.append(
                        RawPage(
                            number=index,
                            width=float(page.width),
                            height=float(page.height),
                            words=_words_from_plumber(page),
                            links=_links_from_plumber(page),
                            has_images=bool(page.images),
                        )
                    )
                except KkrParseError:
                    raise
                except Exception as exc:
                    raise DamagedPdfError(
                        f"damaged PDF: page {index} cannot be read ({type(exc).__name__})"
                    ) from exc
                finally:
                    page.close()
    except KkrParseError:
        raise
    except Exception as exc:
        raise _classify_open_error(exc) from exc
    if not pages:
        raise DamagedPdfError("damaged PDF: no pages could be read")
    return RawDocument(pages=tuple(pages), engine="pdfplumber", fonts_known=True)


def _text_words(line: str, y: int) -> Iterable[Word]:
    for m in regex.finditer(r"\S+", line):
        yield Word(
            text=m.group(),
            x0=float(m.start()),
            x1=float(m.end()),
            top=float(y),
            bottom=float(y + 1),
            size=None,
            bold=None,
        )


def extract_text(text: str) -> RawDocument:
    """Turn ``pdftotext -layout`` style text into pages of words.

    x is the character column and y the line number, so a blank line is a gap of one line
    height, as on paper. Fonts are unknown.
    """
    text = normalise(text.replace("\r\n", "\n").replace("\r", "\n"))
    chunks = text.split("\f")
    if chunks and not chunks[-1].strip():
        chunks.pop()  # pdftotext ends every page, the last one included, with \f
    pages = []
    for index, chunk in enumerate(chunks, start=1):
        lines = chunk.split("\n")
        words = tuple(w for y, line in enumerate(lines) for w in _text_words(line, y))
        width = float(max((len(line) for line in lines), default=0))
        pages.append(RawPage(number=index, width=width, height=float(len(lines)), words=words))
    return RawDocument(pages=tuple(pages), engine="text", fonts_known=False, text_mode=True)

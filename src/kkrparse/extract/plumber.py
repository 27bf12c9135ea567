"""Stage 1, extract, with pdfplumber (pdfminer.six): the reference engine.

pdfplumber's dictionaries stay inside this module; the rest of the pipeline sees only
:class:`~kkrparse.document.RawDocument`. Pages are read one at a time and released
(``page.close()``) so memory does not grow with the page count.
"""

from __future__ import annotations

import functools
import io
from typing import Any

from kkrparse.document import LinkBox, RawDocument, RawPage, Word
from kkrparse.errors import DamagedPdfError, EncryptedPdfError, KkrParseError
from kkrparse.extract.common import (
    WORD_GAP_RATIO,
    check_header,
    is_bold,
    normalise,
    producer_fields,
)


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
        producer = producer_fields(pdf.metadata)
    except Exception:  # the hint is optional: a damaged info dictionary only loses it
        producer = ()
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
    return RawDocument(pages=tuple(pages), engine="pdfplumber", producer=producer)

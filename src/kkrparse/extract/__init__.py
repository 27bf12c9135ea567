"""Stage 1, extract: PDF bytes (or extractor text) → pages of words with font and position.

One module per engine behind one output type, :class:`~kkrparse.document.RawDocument`:

- :mod:`~kkrparse.extract.plumber`: pdfplumber, the reference;
- :mod:`~kkrparse.extract.pdfium`: PDFium, the same words many times faster;
- :mod:`~kkrparse.extract.text`: ``pdftotext -layout`` text, fonts unknown;
- :mod:`~kkrparse.extract.common`: what they share.

Errors a caller must handle are raised here, before any parsing: not a PDF, encrypted,
damaged, too many pages.
"""

from __future__ import annotations

from kkrparse.document import RawDocument
from kkrparse.errors import CannotOpenError
from kkrparse.extract import pdfium, plumber
from kkrparse.extract.text import extract_text
from kkrparse.options import Engine

__all__ = ["extract_text", "read_pdf"]


def read_pdf(data: bytes, *, engine: Engine = "auto", max_pages: int | None = None) -> RawDocument:
    """Read a PDF with the chosen engine.

    ``auto`` reads with PDFium and falls back to pdfplumber only when PDFium cannot open
    the file as a PDF (pdfminer is more forgiving of some broken files); an encrypted file
    or too many pages fail the same way with both, so they are not retried.
    """
    if engine == "pdfplumber":
        return plumber.extract_pdf(data, max_pages=max_pages)
    if engine == "pdfium":
        return pdfium.extract_pdf(data, max_pages=max_pages)
    try:
        return pdfium.extract_pdf(data, max_pages=max_pages)
    except CannotOpenError:
        return plumber.extract_pdf(data, max_pages=max_pages)

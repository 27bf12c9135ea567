"""What both PDF engines share: the ``%PDF-`` check, text normalisation, bold by font name.

Nothing here knows an engine; :mod:`kkrparse.extract.plumber` and
:mod:`kkrparse.extract.pdfium` both build on it, so neither imports the other.
"""

from __future__ import annotations

import unicodedata
from typing import Final

import regex

from kkrparse.errors import NotAPdfError

#: U+00AD SOFT HYPHEN. It is deliberately not in :data:`CHAR_MAP`: it stays in the words
#: until the hyphen stage has seen line ends (``hyphen.py`` joins at it).
SOFT_HYPHEN: Final = "\u00ad"

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


#: The info dictionary keys that name the program that made a PDF, in the order kept.
PRODUCER_KEYS: Final = ("Creator", "Producer")
#: A metadata value longer than this is not a program's name (a damaged or hostile field).
PRODUCER_MAX_CHARS: Final = 200


def producer_fields(metadata: object) -> tuple[str, ...]:
    """The Creator and Producer values of an info dictionary (a mapping), cleaned; an
    engine's odd metadata never fails the extraction: it only loses the hint."""
    if not isinstance(metadata, dict):
        return ()
    found: list[str] = []
    for key in PRODUCER_KEYS:
        value = metadata.get(key)
        if isinstance(value, bytes):
            value = value.decode("latin-1", "replace")
        if isinstance(value, str):
            text = " ".join(value.split())[:PRODUCER_MAX_CHARS]
            if text and text not in found:
                found.append(text)
    return tuple(found)

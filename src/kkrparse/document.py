"""Typed objects passed between the pipeline stages.

Everything here is immutable and knows where it came from (page, position). Coordinates
are PDF points from the top-left corner, as pdfplumber reports them; for text input they
are character columns (x) and line numbers (y), so every rule that compares positions
works for both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Literal


@dataclass(frozen=True, slots=True)
class Word:
    """A run of characters without a space, in one font."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float | None
    bold: bool | None  # None: fonts unknown (text input)


@dataclass(frozen=True, slots=True)
class LinkBox:
    """One rectangle of a URI link annotation."""

    uri: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass(frozen=True, slots=True)
class RawPage:
    """What the extract stage read from one page."""

    number: int  # physical, 1-based
    width: float
    height: float
    words: tuple[Word, ...]
    links: tuple[LinkBox, ...] = ()
    has_images: bool = False


#: What read the document: a PDF engine, or ``text`` for extractor text.
SourceEngine = Literal["pdfium", "pdfplumber", "text"]


@dataclass(frozen=True, slots=True)
class RawDocument:
    """The extract stage's output: pages of words, and what read them."""

    pages: tuple[RawPage, ...]
    engine: SourceEngine
    #: The info dictionary's Creator and Producer, as printed there (empty when absent): the
    #: program that made the PDF, a hint to the meeting system (``profiles.ranked``).
    producer: tuple[str, ...] = ()

    @property
    def fonts_known(self) -> bool:
        """False for text input, where fonts are unknown and positions are character
        columns (x) and line numbers (y) instead of points. The one fact every stage that
        treats text input differently asks for."""
        return self.engine != "text"


@dataclass(frozen=True, slots=True)
class Line:
    """A physical line of text on a page, words in reading order."""

    page: int
    words: tuple[Word, ...]
    text: str  # words joined by single spaces, Unicode normalised
    x0: float
    x1: float
    top: float
    bottom: float
    size: float | None
    bold: bool | None  # every word bold; None when fonts are unknown
    gap_before: bool = False  # a blank line (or more) separates it from the previous line
    #: Where full lines of this line's column end, when the page was read in columns (the
    #: body's right margin says nothing about a column left of it); None: the body's.
    right_edge: float | None = None


class PageKind(str, Enum):
    COVER = "cover"
    TOC = "toc"
    BODY = "body"
    EMPTY = "empty"
    APPENDIX = "appendix"  # attachments printed after the agenda ("dagsorden med bilag")


@dataclass(frozen=True, slots=True)
class Page:
    """A page after layout: running headers and footers removed, kind recognised."""

    number: int
    kind: PageKind
    lines: tuple[Line, ...]
    links: tuple[LinkBox, ...]
    header_lines: tuple[Line, ...]  # what was removed as running header/footer
    has_images: bool


#: The rule that decided a line-end hyphen (``hyphen.py`` describes each; the two slash
#: rules come from ``hyphen.join_after_slash``), as recorded in ``evidence.hyphenation``.
HyphenRule = Literal[
    "soft_hyphen_char",
    "standalone_dash",
    "url",
    "acronym_or_number",
    "capital_after",
    "one_letter_prefix",
    "suspended_compound",
    "document_hyphenated",
    "document_joined",
    "default_join",
    "url_wrap",
    "slash_wrap",
]


@dataclass(frozen=True, slots=True)
class HyphenChoice:
    """One line-end hyphen decision (kept as evidence)."""

    page: int
    left: str
    right: str
    result: str
    rule: HyphenRule
    #: The line that ends in the hyphen (None for text not read from lines), so the
    #: decision can be shown where it was made.
    line: Line | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class TocEntry:
    """One entry of the printed table of contents (the stage object behind
    :class:`kkrparse.models.TocEntry`)."""

    number: str
    title: str
    page: int | None  # as printed; None when the entry prints none
    toc_page: int  # the page the entry is printed on
    #: The line-end hyphen decisions made joining a wrapped title.
    hyphens: tuple[HyphenChoice, ...] = field(default=(), repr=False)
    #: Listed in the TOC's closed part ("Lukket referat").
    closed: bool = False


@dataclass(frozen=True, slots=True)
class Metrics:
    """Document-wide measures the text rules need, learnt from the body lines."""

    pitch: float  # usual distance between the tops of two consecutive lines
    right_edge: float  # where full lines end (the column's right margin)
    space_width: float  # usual gap between two words
    body_size: float | None
    body_top: float | None  # usual top of the first body line of a page


@dataclass(frozen=True, slots=True)
class PageSpan:
    """Physical pages ``first`` to ``last``, both included (1-based)."""

    first: int
    last: int


#: Every warning code the parser records (README, "Warning codes").
WarningCode = Literal[
    "toc_entry_without_heading",
    "heading_not_in_toc",
    "no_toc",
    "text_before_first_item",
    "page_without_text",
    "unknown_label",
    "fonts_unknown",
]


@dataclass(frozen=True, slots=True)
class WarningRecord:
    """A problem the parser recovered from (or, ``info``, a note about the input)."""

    code: WarningCode
    message: str
    page: int | None = None
    severity: Literal["warning", "info"] = "warning"  # strict mode never escalates "info"

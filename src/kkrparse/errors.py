"""Errors kkrparse raises.

The rule (after pypdf): *raise* when the caller must handle it, because no useful output
exists; *record a warning* in ``Agenda.warnings`` when we recovered. ``ParseOptions(strict=True)``
turns every recorded warning into :class:`RecoveredProblemError`.

Hierarchy::

    KkrParseError
    ├── NotAPdfError            bytes that are not a PDF (an HTML error page, say)
    ├── EmptyInputError         zero bytes, or text with nothing in it
    ├── EncryptedPdfError       needs a user password to open
    ├── DamagedPdfError         a PDF that cannot be read (truncated download, broken xref)
    │   └── CannotOpenError     PDFium cannot open it at all (``auto`` then tries pdfplumber)
    ├── NoTextLayerError        pages without any text: a scan without OCR
    ├── NotAnAgendaError        a readable document that is not a meeting's agenda or minutes
    ├── UnsupportedLayoutError  a meeting document whose items kkrparse cannot read
    └── RecoveredProblemError   strict mode: something was recovered from
"""

from __future__ import annotations

__all__ = [
    "CannotOpenError",
    "DamagedPdfError",
    "EmptyInputError",
    "EncryptedPdfError",
    "KkrParseError",
    "NoTextLayerError",
    "NotAPdfError",
    "NotAnAgendaError",
    "RecoveredProblemError",
    "UnsupportedLayoutError",
]


class KkrParseError(Exception):
    """Base of every error kkrparse raises on purpose; ``str()`` is one line for a person.

    The message says what is wrong with the input, never which file it was: the caller
    knows the name and puts it where it belongs (``PATH: REASON: MESSAGE`` in the CLI).
    """

    #: Short machine-readable reason, used by the CLI summary and the archive.
    reason = "error"


class NotAPdfError(KkrParseError):
    """The input does not start like a PDF (an HTML error page saved as .pdf, say)."""

    reason = "not_pdf"


class EmptyInputError(KkrParseError):
    """The input has no bytes, or the text has no visible characters."""

    reason = "empty"


class EncryptedPdfError(KkrParseError):
    """The PDF needs a user password to open."""

    reason = "encrypted"


class DamagedPdfError(KkrParseError):
    """The PDF is damaged or truncated and cannot be read."""

    reason = "damaged"


class CannotOpenError(DamagedPdfError):
    """PDFium could not open the file at all (the ``auto`` engine then tries pdfplumber)."""


class NoTextLayerError(KkrParseError):
    """No page has a text layer: an image-only scan without OCR."""

    reason = "no_text"


class NotAnAgendaError(KkrParseError):
    """The document is readable, but the evidence says it is no meeting's agenda or minutes."""

    reason = "not_agenda"


class UnsupportedLayoutError(KkrParseError):
    """A meeting's agenda or minutes, but printed in a layout whose items kkrparse cannot read."""

    reason = "unsupported_layout"


class RecoveredProblemError(KkrParseError):
    """Strict mode: the parser had to recover from something (the warning's code is kept)."""

    reason = "strict"

    def __init__(self, code: str, message: str, page: int | None = None) -> None:
        where = f" (page {page})" if page is not None else ""
        super().__init__(f"{code}: {message}{where}")
        self.code = code
        self.page = page

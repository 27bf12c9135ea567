"""kkrparse: KL's KKR agenda and minutes PDFs → validated JSON.

>>> import kkrparse
>>> agenda = kkrparse.parse_pdf("dagsorden.pdf")          # doctest: +SKIP
>>> [item.number for item in agenda.items]                # doctest: +SKIP
"""

from kkrparse._version import __version__
from kkrparse.api import load, parse_pdf, parse_text
from kkrparse.errors import (
    DamagedPdfError,
    EmptyInputError,
    EncryptedPdfError,
    KkrParseError,
    NotAnAgendaError,
    NotAPdfError,
    NoTextLayerError,
    RecoveredProblemError,
    UnsupportedLayoutError,
)
from kkrparse.models import (
    SCHEMA_VERSION,
    Agenda,
    Appendix,
    Attendee,
    Classification,
    Item,
    Link,
    Meeting,
    ParseWarning,
    Section,
    Source,
    TocEntry,
)
from kkrparse.options import ParseOptions

__all__ = [
    "SCHEMA_VERSION",
    "Agenda",
    "Appendix",
    "Attendee",
    "Classification",
    "DamagedPdfError",
    "EmptyInputError",
    "EncryptedPdfError",
    "Item",
    "KkrParseError",
    "Link",
    "Meeting",
    "NoTextLayerError",
    "NotAPdfError",
    "NotAnAgendaError",
    "ParseOptions",
    "ParseWarning",
    "RecoveredProblemError",
    "Section",
    "Source",
    "TocEntry",
    "UnsupportedLayoutError",
    "__version__",
    "load",
    "parse_pdf",
    "parse_text",
]

"""The one options object every entry point takes."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

#: ``pdfplumber``: the reference engine (pdfminer.six, pure Python); ``pdfium``: the same
#: words read with PDFium, many times faster; ``auto``: PDFium, and pdfplumber for a file
#: PDFium cannot open.
Engine = Literal["pdfplumber", "pdfium", "auto"]


class ParseOptions(BaseModel):
    """How to parse. Frozen: build a new one with ``options.model_copy(update={...})``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    engine: Engine = Field(
        default="auto",
        description=(
            "Text extraction engine for PDFs: pdfplumber (the reference), pdfium (the same "
            "output, much faster) or auto (pdfium; pdfplumber when PDFium cannot open a file)."
        ),
    )
    strict: bool = Field(
        default=False,
        description="Raise RecoveredProblemError instead of recording a warning.",
    )
    keep_evidence: bool = Field(
        default=True,
        description=(
            "Add an `evidence` object to the output: removed header/footer lines and every "
            "line-end hyphen decision, so a person can audit them."
        ),
    )
    max_pages: int | None = Field(
        default=None, ge=1, description="Refuse documents with more pages than this."
    )

"""The library's entry points. Thin: they normalise the input and call the pipeline."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import BinaryIO

from kkrparse import pipeline
from kkrparse.errors import EmptyInputError
from kkrparse.models import Agenda
from kkrparse.options import ParseOptions

PdfSource = str | os.PathLike[str] | bytes | BinaryIO


def printable_name(name: str) -> str:
    """A file name as valid UTF-8: bytes that are not (kept by Python as surrogates on
    POSIX) become U+FFFD, so the name can be written as JSON."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def parse_pdf(source: PdfSource, options: ParseOptions | None = None) -> Agenda:
    """Parse a KL agenda or minutes PDF given as a path, bytes or a binary file object.

    Raises a :class:`~kkrparse.errors.KkrParseError` subclass when no agenda can be produced.
    """
    options = options or ParseOptions()
    filename: str | None
    if isinstance(source, (bytes, bytearray, memoryview)):
        data, filename = bytes(source), None
    elif isinstance(source, (str, os.PathLike)):
        path = Path(source)
        data, filename = path.read_bytes(), printable_name(path.name)
    else:
        data = source.read()
        name = getattr(source, "name", None)
        filename = printable_name(Path(name).name) if isinstance(name, str) else None
    if not data:
        raise EmptyInputError("the file is empty (0 bytes)")
    return pipeline.run_pdf(data, filename=filename, options=options)


def parse_text(
    text: str, options: ParseOptions | None = None, *, filename: str | None = None
) -> Agenda:
    """Parse text from another extractor: ``pdftotext -layout`` output, ``\\f`` between pages.

    Fonts are unknown in text, so bold headings and sub-headings are inferred from the text
    alone; the output's ``warnings`` says so.
    """
    options = options or ParseOptions()
    if not text.strip():
        raise EmptyInputError("the text is empty")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return pipeline.run_text(text, filename=filename, sha256=digest, options=options)


def load(path: str | os.PathLike[str]) -> Agenda:
    """Read a JSON file written by kkrparse back into the models (validating it)."""
    return Agenda.model_validate_json(Path(path).read_bytes())

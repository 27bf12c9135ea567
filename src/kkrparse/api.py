"""The library's entry points. Thin: they normalise the input and call the pipeline."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import IO, Any, BinaryIO

from kkrparse import pipeline
from kkrparse.errors import EmptyInputError
from kkrparse.models import Agenda
from kkrparse.options import ParseOptions

PdfSource = str | os.PathLike[str] | bytes | BinaryIO
#: What :func:`load` reads: a path, the JSON itself (text or bytes), or an open file.
JsonSource = str | os.PathLike[str] | bytes | IO[bytes] | IO[str]


def _options(options: ParseOptions | None, fields: dict[str, Any]) -> ParseOptions:
    """``options``, or one built from keyword fields (``strict=True``); never both."""
    if not fields:
        return options or ParseOptions()
    if options is not None:
        raise TypeError("pass either a ParseOptions or its fields as keywords, not both")
    unknown = sorted(set(fields) - set(ParseOptions.model_fields))
    if unknown:
        valid = ", ".join(ParseOptions.model_fields)
        raise TypeError(
            f"unknown ParseOptions field{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(unknown)}; the valid fields are: {valid}"
        )
    return ParseOptions(**fields)


def printable_name(name: str) -> str:
    """A file name as valid UTF-8: bytes that are not (kept by Python as surrogates on
    POSIX) become U+FFFD, so the name can be written as JSON."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def parse_pdf(
    source: PdfSource, options: ParseOptions | None = None, **option_fields: Any
) -> Agenda:
    """Parse a KL agenda or minutes PDF given as a path, bytes or a binary file object.

    Options are a :class:`ParseOptions` or its fields as keywords (``strict=True``); an
    unknown field is a TypeError. Raises a :class:`~kkrparse.errors.KkrParseError` subclass
    when no agenda can be produced.
    """
    options = _options(options, option_fields)
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
    text: str,
    options: ParseOptions | None = None,
    *,
    filename: str | None = None,
    **option_fields: Any,
) -> Agenda:
    """Parse text from another extractor: ``pdftotext -layout`` output, ``\\f`` between pages.

    Fonts are unknown in text, so bold headings and sub-headings are inferred from the text
    alone; the output's ``warnings`` says so. Options as for :func:`parse_pdf`.
    """
    options = _options(options, option_fields)
    if not text.strip():
        raise EmptyInputError("the text is empty")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return pipeline.run_text(text, filename=filename, sha256=digest, options=options)


def load(source: JsonSource) -> Agenda:
    """Read JSON written by kkrparse back into the models (validating it).

    ``source`` is a path (``str`` or path-like), the JSON itself as text or bytes, or a file
    object open in binary or text mode. A ``str`` that starts with ``{`` (after blanks) is
    JSON; any other ``str`` is a path.
    """
    data: str | bytes
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif isinstance(source, str):
        data = source if source.lstrip().startswith("{") else Path(source).read_bytes()
    elif isinstance(source, os.PathLike):
        data = Path(source).read_bytes()
    else:
        data = source.read()
    return Agenda.model_validate_json(data)

"""Placeholder: the pipeline is being written."""

from __future__ import annotations

from kkrparse.models import Agenda
from kkrparse.options import ParseOptions


def run_pdf(data: bytes, *, filename: str | None, options: ParseOptions) -> Agenda:
    raise NotImplementedError


def run_text(text: str, *, filename: str | None, sha256: str, options: ParseOptions) -> Agenda:
    raise NotImplementedError

"""The reasons a test may be skipped, and the check that no other reason hides a test.

A skip is allowed only when something outside the repository is missing or the machine
cannot run the test at all; each allowed reason is listed in the README ("Tests"). Under
``CI=true`` a skip for any other reason fails the run (``conftest.py`` calls
:func:`unexpected`), so a fixture that quietly skips cannot hide part of the suite.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

#: Every allowed skip reason starts with one of these prefixes.
ALLOWED: Final = {
    "fonts": "needs Debian fonts",
    "poppler": "needs poppler-utils",
    "libreoffice": "needs LibreOffice",
    "chromium": "needs Debian chromium",
    "real": "needs the real documents",
    "root": "cannot run as root",
    "posix": "needs POSIX",
}


def reason(kind: str, detail: str) -> str:
    """A skip reason of an allowed kind: ``reason("poppler", "pdftotext is not installed")``."""
    return f"{ALLOWED[kind]}: {detail}"


def unexpected(reasons: Iterable[str]) -> list[str]:
    """The skip reasons that are not allowed, in the order given, each once."""
    seen: list[str] = []
    for text in reasons:
        if not text.startswith(tuple(ALLOWED.values())) and text not in seen:
            seen.append(text)
    return seen

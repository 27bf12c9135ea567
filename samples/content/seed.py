"""Read the seed: the real text layer of the KKR Sjælland agenda of 21-04-2021.

Layout of the seed (see ``data/seed/README.md``): every printed line is followed by `` \\n\\n``;
a line that is only spaces is an empty paragraph; a line starting with exactly one space and
holding text begins a new page; on pages 2, 3 and 16 the running header survived (there the
``SIDE  |  N`` line is the one with the leading space); URL lines without a trailing space,
at the end of a page, are that page's link annotations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# The repository carries its own copy of the seed: nothing here reads outside the clone.
SEED_PATH = Path(__file__).resolve().parent / "data" / "seed" / "kkr-sjaelland-2021-04-21.txt"
SEED_PAGE_COUNT = 39

# The running header as it survived on pages 2, 3 and 16.
_HEADER_RE = re.compile(r"^KKR Sjælland  \| 21-04-2021 $")
_SIDE_RE = re.compile(r"^ SIDE  \|  (\d+) $")


@dataclass
class SeedLine:
    """One printed line: leading spaces kept apart, trailing spaces dropped."""

    number: int  # 0-based line index in the seed file, for error messages
    lead: str  # leading spaces (the seed's odd indentation, e.g. "  9.  Adgang")
    text: str  # "" for an empty paragraph


@dataclass
class SeedPage:
    lines: list[SeedLine] = field(default_factory=list)
    link_uris: list[str] = field(default_factory=list)


def read_seed(path: Path = SEED_PATH) -> list[SeedPage]:
    """Split the seed into its 39 pages, without the surviving running header."""
    pages = [SeedPage()]
    for number, raw in enumerate(path.read_text(encoding="utf-8").split("\n")):
        if raw == "" or _HEADER_RE.match(raw):
            continue
        side = _SIDE_RE.match(raw)
        if side:
            pages.append(SeedPage())
            if int(side.group(1)) != len(pages):
                raise ValueError(f"seed line {number}: header says page {side.group(1)}")
            continue
        if raw.startswith("http") and not raw.endswith(" "):
            pages[-1].link_uris.append(raw)
            continue
        if raw.startswith(" ") and not raw.startswith("  ") and raw.strip():
            pages.append(SeedPage())
            raw = raw[1:]
        body = raw.rstrip(" ")
        if not body:
            pages[-1].lines.append(SeedLine(number, "", ""))
            continue
        text = body.lstrip(" ")
        pages[-1].lines.append(SeedLine(number, body[: len(body) - len(text)], text))
    if len(pages) != SEED_PAGE_COUNT:
        raise ValueError(f"seed has {len(pages)} pages, expected {SEED_PAGE_COUNT}")
    return pages

"""How well a font and column reproduce the seed's line breaks (``make_samples.py --calibrate``).

For body text: the widest seed line must fit the column; for each soft wrap (the author's
paragraph goes on) the next line's first word should not have fit after the line; for each
paragraph end without a blank line it should have. For headings: every first line fits and its
next word would not.
"""

from __future__ import annotations

import itertools

from .document import Document, Line, hyphen_kind
from .layout import Style, measure


def _pairs(document: Document) -> list[tuple[Line, Line]]:
    body = [line for line in document.lines if line.role != "cover"]
    return [
        (a, b)
        for a, b in itertools.pairwise(body)
        if a.role in ("para", "entry") and b.role in ("para", "entry") and not b.entry_start
    ]


def report(document: Document, style: Style) -> list[str]:
    def width(line: Line, text: str | None = None, font: str | None = None) -> float:
        lead = measure(line.lead, style.regular, style.size)
        return lead + measure(
            line.text if text is None else text, font or style.regular, style.size
        )

    body = [line for line in document.lines if line.role in ("para", "entry")]
    widest = max(body, key=width)
    wraps = ends = 0
    too_early: list[str] = []
    too_early_narrowest = 0  # with the column as narrow as the widest line allows
    tightest_end = 0.0
    for a, b in _pairs(document):
        if a.text.endswith("-"):
            continue
        need = width(a) + measure(" " + b.text.split()[0], style.regular, style.size)
        if a.cont:
            wraps += 1
            if need <= style.width:
                too_early.append(a.text)
            if need <= width(widest):
                too_early_narrowest += 1
        else:
            ends += 1
            tightest_end = max(tightest_end, need)
    lines = [
        f"body {style.regular} {style.size} pt, column {style.width} pt",
        f"widest seed line {width(widest):.1f} pt: {widest.text!r}",
        f"{len(too_early)} of {wraps} soft wraps end early unjustified (next word would fit); "
        f"{too_early_narrowest} with the narrowest column ({width(widest):.1f} pt)",
        f"{ends} paragraph ends without a blank line; the tightest needs {tightest_end:.1f} pt",
    ]
    heading_lines = [line for line in document.lines if line.role == "heading"]
    low, high = 0.0, float("inf")
    for a, b in zip(heading_lines, [*heading_lines[1:], None], strict=True):
        first = measure(a.text, style.bold, 1.0)
        low = max(low, first)
        if a.cont and b is not None:
            nxt = b.text.split()[0]
            joined = (
                a.text[:-1] + nxt if hyphen_kind(a.text, b.text) == "soft" else a.text + " " + nxt
            )
            high = min(high, measure(joined, style.bold, 1.0))
    lines.append(
        f"headings wrap as in the seed for column/size in [{low:.3f}, {high:.3f}]; "
        f"here {style.width / style.heading_size:.3f}"
    )
    return lines

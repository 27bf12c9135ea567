"""Build small agendas as ``pdftotext -layout`` style text, for stage tests without PDFs."""

from __future__ import annotations

from dataclasses import dataclass, field

HEADER = "                                        KKR Sjælland  | 21-04-2021"


@dataclass
class TextItem:
    number: str
    heading: str
    body: list[str] = field(default_factory=list)  # lines after the heading, "" = blank


def page(lines: list[str], number: int) -> str:
    head = [HEADER, f"                                        SIDE  |  {number}", ""]
    return "\n".join(head + lines) + "\n"


def agenda_text(items: list[TextItem], *, toc: bool = True, cover: list[str] | None = None) -> str:
    """Cover, optional TOC page, then one page per level-1 item and its sub-items."""
    groups: list[list[TextItem]] = []
    for it in items:
        if "." not in it.number or not groups:
            groups.append([])
        groups[-1].append(it)
    first_body = 3 if toc else 2
    pages_of: dict[str, int] = {}
    for k, group in enumerate(groups):
        for it in group:
            pages_of[it.number] = first_body + k
    out = [
        "\n".join(cover or ["Mission", "KL bidrager til at udvikle et stærkt lokalt demokrati."])
        + "\n"
    ]
    if toc:
        toc_lines = []
        for it in items:
            label = f"{it.number}. {it.heading} "
            toc_lines.append(label + "." * max(3, 70 - len(label)) + f" {pages_of[it.number]}")
        out.append(page(toc_lines, 2))
    for k, group in enumerate(groups):
        lines: list[str] = []
        for it in group:
            lines += [f"{it.number}. {it.heading}", *it.body, "", ""]
        out.append(page(lines, first_body + k))
    return "\f".join(out) + "\f"


STANDARD_BODY = [
    "SAG-2020-05887 adr",
    "",
    "Baggrund",
    "Godkendelse af dagsorden.",
    "",
    "Indstilling",
    "Det indstilles, at KKR Sjælland godkender dagsorden.",
    "",
    "Sagsfremstilling",
    "Dagsordenerne er opdelt i:",
    "1. Temadrøftelser",
    "2. Beslutningssager",
    "3. Orienteringssager",
]

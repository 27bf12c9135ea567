"""The expected parser output, written from what the generator placed on the pages.

Paragraph ends follow the contract a reader can check on the page: a paragraph ends at an
empty paragraph, a sub-heading, a label or a heading, where a list starts or ends, and where a
line that does not end in a hyphen leaves more room than " " + the next line's first word.
Everything else the generator knows as the author (roles, which hyphens are real).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .document import (
    CASE_RE,
    ENTRY_START_RE,
    LABEL_KEYS,
    NUMBER_RE,
    Document,
    Line,
    join_lines,
)
from .layout import Style, measure, right_of

SCHEMA_VERSION = "1.3"
_KIND_RE = re.compile(r"^(\S+): (.+)$")
BULLET_RE = re.compile(r"^[–•-]\s+")


@dataclass
class Stats:
    """How the rendered line ends compare with the author's paragraphs."""

    wraps_looking_hard: list[str] = field(default_factory=list)  # author: goes on
    ends_looking_soft: list[str] = field(default_factory=list)  # author: new paragraph


def hard_break(prev: Line, nxt: Line, style: Style) -> bool:
    """Whether a reader sees that ``prev`` ended early: the next word would have fit."""
    if prev.text.endswith("-"):
        return False
    remaining = right_of(prev, style) - (prev.x + prev.width)
    return remaining > measure(" " + nxt.text.split()[0], prev.font, prev.size)


def _entry_text(lines: list[Line]) -> str:
    text = join_lines(lines)
    bullet = BULLET_RE.match(text)
    return "– " + text[bullet.end() :] if bullet else text


def section_blocks(lines: list[Line], style: Style, stats: Stats) -> list[tuple[str, Any]]:
    """Blocks of a section: ("para", lines), ("sub", lines) or ("list", [entry lines, ...])."""
    blocks: list[tuple[str, Any]] = []
    prev: Line | None = None  # previous line, None after an empty paragraph
    for line in lines:
        if line.role == "empty":
            prev = None
            continue
        kind = blocks[-1][0] if blocks and prev is not None else None
        if line.role == "sub":
            if kind == "sub" and prev is not None and prev.cont:
                blocks[-1][1].append(line)
            else:
                blocks.append(("sub", [line]))
        elif line.entry_start:
            if kind == "list":
                blocks[-1][1].append([line])
            else:
                blocks.append(("list", [[line]]))
        else:
            assert line.role in ("para", "entry"), line
            if ENTRY_START_RE.match(line.text):
                raise ValueError(
                    f"p{line.page}: a wrapped line reads as a list entry: {line.text!r}"
                )
            joined = kind in ("para", "list") and prev is not None
            hard = joined and prev is not None and hard_break(prev, line, style)
            if kind == "list" and line.role == "entry" and line.indent and prev is not None:
                # A continuation set under the entry's text (a hanging indent) goes on
                # with the entry, whatever room the narrower list left on the line before.
                hard = not prev.cont
            if joined and prev is not None:
                if prev.cont and hard:
                    stats.wraps_looking_hard.append(f"p{prev.page}: {prev.text}")
                if not prev.cont and not hard:
                    if kind == "list" and line.role == "para":
                        raise ValueError(f"list end not visible after {prev.text!r}")
                    stats.ends_looking_soft.append(f"p{prev.page}: {prev.text}")
            if joined and not hard and kind == "para":
                blocks[-1][1].append(line)
            elif joined and not hard and kind == "list":
                blocks[-1][1][-1].append(line)
            else:
                blocks.append(("para", [line]))
        prev = line
    return blocks


def block_text(block: tuple[str, Any]) -> str:
    kind, body = block
    if kind == "list":
        return "\n".join(_entry_text(entry) for entry in body)
    return join_lines(body)


def _last_content_page(lines: list[Line], default: int) -> int:
    pages = [line.page for line in lines if line.role != "empty"]
    return pages[-1] if pages else default


def _item(lines: list[Line], style: Style, stats: Stats) -> dict[str, Any]:
    heading_lines = [line for line in lines if line.role == "heading"]
    number = heading_lines[0].number
    assert number
    head = NUMBER_RE.match(join_lines(heading_lines))
    assert head, heading_lines[0].text
    heading = head.group(2)
    case = next((CASE_RE.match(line.text) for line in lines if line.role == "case"), None)
    sections: list[dict[str, Any]] = []
    recommendations: list[str] = []
    attachments: list[str] = []
    decision = None
    groups: list[tuple[Line | None, list[Line]]] = []
    for line in lines:
        if line.role in ("heading", "case"):
            continue
        if line.role == "label":
            groups.append((line, []))
        elif groups:
            groups[-1][1].append(line)
        elif line.role != "empty":
            groups.append((None, [line]))  # text before the first label: the intro
    for label, body in groups:
        blocks = section_blocks(body, style, stats)
        text = "\n\n".join(block_text(block) for block in blocks)
        key = LABEL_KEYS[label.text] if label else "intro"
        first = label or body[0]
        sections.append(
            {
                "key": key,
                "heading": label.text if label else None,
                "text": text,
                "page_start": first.page,
                "page_end": _last_content_page(body, first.page),
            }
        )
        if key == "indstilling":
            bullets = [
                _entry_text(entry)[2:]
                for kind, body_ in blocks
                if kind == "list"
                for entry in body_
                if BULLET_RE.match(entry[0].text)
            ]
            recommendations = bullets or [block_text(b) for b in blocks if b[0] == "para"]
        elif key == "beslutning":
            decision = text
        elif key == "vedlagte_bilag":
            for kind, body_ in blocks:
                if kind == "list":
                    attachments += [BULLET_RE.sub("", _entry_text(entry)) for entry in body_]
                else:
                    attachments.append(block_text((kind, body_)))
    return {
        **item_identity(number, heading, case),
        "page_start": heading_lines[0].page,
        "page_end": _last_content_page(lines, heading_lines[0].page),
        "sections": sections,
        "recommendations": recommendations,
        "decision": decision,
        "attachments": attachments,
        "links": _links(lines),
        # The generator prints no "Følgende deltog ikke i behandlingen af punktet:" list.
        "absent": [],
        **UNPRINTED_ITEM_FIELDS,
    }


def item_identity(number: str, heading: str, case: re.Match[str] | None) -> dict[str, Any]:
    """An item's fields that follow from its number, its heading and its case line."""
    kind_match = _KIND_RE.match(heading)
    return {
        "number": number,
        "level": 2 if "." in number else 1,
        "parent": number.split(".")[0] if "." in number else None,
        "heading": heading,
        "kind": kind_match.group(1) if kind_match else None,
        "title": kind_match.group(2) if kind_match else heading,
        "case_number": case.group(1) if case else None,
        "case_officer": case.group(2) if case else None,
    }


#: The item fields of schema 1.3 that KL's layout never prints: no closed items, no
#: ``Dok.nr.``, no dated decision labels, no registry numbers, no lettered sub-points. The
#: decision's outcome class is not claimed by these truths.
UNPRINTED_ITEM_FIELDS: dict[str, Any] = {
    "closed": False,
    "document_number": None,
    "decision_history": [],
    "decision_outcome": None,
    "attachment_refs": [],
    "sub_points": [],
}


def _links(lines: list[Line]) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    previous: tuple[str, Line] | None = None
    for line in lines:
        for link in line.links:
            visible = line.text[link.start : link.end]
            if link.uri not in found:
                found[link.uri] = {"url": link.uri, "text": visible, "page": line.page}
            elif previous and previous[0] == link.uri:
                # The link text carried on over a line break: a URL at one of its own hyphens
                # (kept), a word at a hyphenation point (the reader sees it joined: "linket",
                # not "lin-ket"), or words at a space.
                before = previous[1]
                text = found[link.uri]["text"]
                if before.hyph == "soft" and text.endswith("-"):
                    found[link.uri]["text"] = text[:-1] + visible
                elif before.hyph == "keep" or not text:
                    found[link.uri]["text"] = text + visible
                else:
                    found[link.uri]["text"] = f"{text} {visible}"
            previous = (link.uri, line)
    return list(found.values())


def with_party(meeting: dict[str, Any]) -> dict[str, Any]:
    """The meeting with every attendee's ``party``: KL's covers print no party after a
    member's name, so it is null unless the generator printed one."""
    attendance = [
        {**{k: v for k, v in a.items() if k != "status"}, "party": a.get("party"),
         "status": a["status"]}
        for a in meeting["attendance"]
    ]  # fmt: skip
    return {**meeting, "attendance": attendance}


def toc_entries(document: Document) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    pending: list[Line] = []
    for line in document.lines:
        if line.role != "toc":
            continue
        pending.append(line)
        if line.toc_page is not None:
            head = NUMBER_RE.match(join_lines(pending))
            assert head and pending[0].number
            number, title = pending[0].number, head.group(2)
            entries.append({"number": number, "title": title, "page": line.toc_page})
            pending = []
    return entries


def expected(
    document: Document,
    style: Style,
    filename: str,
    page_count: int,
    meeting: dict[str, Any],
    stats: Stats,
    must_not_appear: list[str] | None = None,
    warnings: list[str] | None = None,
) -> dict[str, Any]:
    """The expected JSON. ``meeting`` holds every Meeting field (body and date included)."""
    items: list[dict[str, Any]] = []
    current: list[Line] = []
    appendix = None
    for line in document.lines:
        if line.role == "appendix":
            # Documents appended after the last item belong to no item.
            pages = [x.page for x in document.lines if x.role != "empty"]
            appendix = {"page_start": line.page, "page_end": max(pages)}
            break
        if line.role == "heading" and line.number is not None:
            if current:
                items.append(_item(current, style, stats))
            current = [line]
        elif current:
            current.append(line)
    if current:
        items.append(_item(current, style, stats))
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "source": {"filename": filename, "page_count": page_count, "profile": "kl"},
        "meeting": with_party(meeting),
        "toc": toc_entries(document),
        "items": items,
        "appendix": appendix,
        "must_not_appear": must_not_appear or [],
    }
    if warnings:
        out["warnings"] = warnings
    return out

"""The expected parser output of a LibreOffice sample: texts from the content (the
paragraphs), pages from the alignment with the printed PDF (``readback``).
"""

from __future__ import annotations

from typing import Any

from .document import CASE_RE, LABEL_KEYS, NUMBER_RE
from .odt import LoStyle
from .paragraphs import Block
from .readback import Placed
from .truth import BULLET_RE, SCHEMA_VERSION, UNPRINTED_ITEM_FIELDS, item_identity, with_party


def _entry_text(block: Block) -> str:
    return f"– {block.text}" if block.role == "bullet" else block.text


def _section_blocks(blocks: list[Block]) -> list[tuple[str, list[str], list[Block]]]:
    """("para" | "sub" | "list", texts, source blocks) of one section."""
    out: list[tuple[str, list[str], list[Block]]] = []
    separated = True
    for block in blocks:
        if block.role == "empty":
            separated = True
            continue
        kind = out[-1][0] if out and not separated else None
        if block.role == "sub":
            if kind == "sub":
                raise ValueError(f"two sub-headings run together: {block.text!r}")
            out.append(("sub", [block.text], [block]))
        elif block.role in ("bullet", "numbered"):
            if kind == "list":
                out[-1][1].append(_entry_text(block))
                out[-1][2].append(block)
            else:
                out.append(("list", [_entry_text(block)], [block]))
        elif block.role == "para":
            if not block.break_visible and out and out[-1][0] in ("para", "list"):
                out[-1][1][-1] += " " + block.text  # the reader cannot see the break
                out[-1][2].append(block)
            else:
                out.append(("para", [block.text], [block]))
        else:
            raise ValueError(f"unexpected {block.role} in a section: {block.text!r}")
        separated = False
    return out


def _text(kind: str, texts: list[str]) -> str:
    return "\n".join(texts) if kind == "list" else texts[0]


def _item(blocks: list[Block], placed: Placed, bullet: str) -> dict[str, Any]:
    head = blocks[0]
    number = head.number
    assert number
    match = NUMBER_RE.match(head.text)
    assert match, head.text
    heading = match.group(2)
    case = next((CASE_RE.match(b.text) for b in blocks if b.role == "case"), None)
    groups: list[tuple[Block | None, list[Block]]] = []
    for block in blocks[1:]:
        if block.role == "case":
            continue
        if block.role == "label":
            groups.append((block, []))
        elif groups:
            groups[-1][1].append(block)
        elif block.role != "empty":
            groups.append((None, [block]))
    sections: list[dict[str, Any]] = []
    recommendations: list[str] = []
    attachments: list[str] = []
    decision = None
    for label, body in groups:
        parts = _section_blocks(body)
        text = "\n\n".join(_text(kind, texts) for kind, texts, _ in parts)
        key = LABEL_KEYS[label.text] if label else "intro"
        content = [b for b in body if b.role != "empty"]
        first = label or content[0]
        sections.append(
            {
                "key": key,
                "heading": label.text if label else None,
                "text": text,
                "page_start": first.page_start,
                "page_end": content[-1].page_end if content else first.page_end,
            }
        )
        if key == "indstilling":
            bullets = [
                b.text
                for kind, _, src in parts
                if kind == "list"
                for b in src
                if b.role == "bullet"
            ]
            recommendations = bullets or [t[0] for kind, t, _ in parts if kind == "para"]
        elif key == "beslutning":
            decision = text
        elif key == "vedlagte_bilag":
            for kind, texts, _ in parts:
                if kind == "list":
                    attachments += [BULLET_RE.sub("", t) for t in texts]
                else:
                    attachments.append(_text(kind, texts))
    content = [b for b in blocks if b.role != "empty"]
    return {
        **item_identity(number, heading, case),
        "page_start": head.page_start,
        "page_end": content[-1].page_end,
        "sections": sections,
        "recommendations": recommendations,
        "decision": decision,
        "attachments": attachments,
        "links": _links(blocks),
        "absent": [],  # no sample prints who did not take part in an item
        **UNPRINTED_ITEM_FIELDS,
    }


def _links(blocks: list[Block]) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for block in blocks:
        for uri, start, end in block.links:
            if uri in found:
                continue
            token = len(block.text[:start].split()) + (1 if block.role == "bullet" else 0)
            if start and not block.text[start - 1].isspace():
                token -= 1  # the link starts inside a token ("(linket")
            page = block.token_pages[token]
            found[uri] = {"url": uri, "text": block.text[start:end], "page": page}
    return list(found.values())


def toc_entries(blocks: list[Block]) -> list[dict[str, Any]]:
    out = []
    for block in blocks:
        if block.role == "toc":
            match = NUMBER_RE.match(block.text)
            assert match and block.number
            out.append({"number": block.number, "title": match.group(2), "page": block.toc_page})
    return out


def expected(
    blocks: list[Block],
    placed: Placed,
    style: LoStyle,
    *,
    filename: str,
    page_count: int,
    meeting: dict[str, Any],
) -> dict[str, Any]:
    items: list[dict[str, Any]] = []
    current: list[Block] = []
    appended = [b for b in blocks if b.role == "appendix" or b.appendix]
    for block in blocks:
        if block.role == "appendix" or block.appendix:
            continue
        if block.role == "heading":
            if current:
                items.append(_item(current, placed, style.bullet))
            current = [block]
        elif current:
            current.append(block)
    if current:
        items.append(_item(current, placed, style.bullet))
    texts = [s["text"] for item in items for s in item["sections"]]
    forbidden = [" ".join(style.header.split())] if style.header else []
    forbidden += [" ".join(label.split()) for label in style.page_labels(page_count)]
    # Cover lines the items do not also print (a participant may be named in an item).
    forbidden += [
        b.text
        for b in blocks
        if b.role == "cover"
        and len(b.text) > 15
        and not b.style
        and not any(b.text in text for text in texts)
    ]
    forbidden += [b.text for b in appended if b.role == "appendix"]
    for bad in forbidden:
        if any(bad in text for text in texts):
            raise ValueError(f"{bad!r} is printed as item text too; it cannot be forbidden")
    return {
        "schema_version": SCHEMA_VERSION,
        "source": {"filename": filename, "page_count": page_count, "profile": "kl"},
        "meeting": with_party(meeting),
        "toc": toc_entries(blocks),
        "items": items,
        "appendix": (
            {"page_start": appended[0].page_start, "page_end": appended[-1].page_end}
            if appended
            else None
        ),
        "must_not_appear": list(dict.fromkeys(forbidden)),
    }

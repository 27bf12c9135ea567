"""A naive baseline: what a competent person writes in an afternoon with pdfplumber.

``parse_baseline(path)`` returns a dict shaped like kkrparse's Agenda JSON, so
``python -m kkrparse.evaluate --baseline`` can score both the same way. The recipe:

- ``page.extract_text()`` per page; a line among the first or last three of a page that
  recurs (digits aside) on at least half of the pages is a running header and is dropped;
- the table of contents: ``1.2. Title ........ 4`` lines, a title wrapped over two lines
  joined with a space;
- item headings: ``^\\d+(\\.\\d+)*\\.? Title`` lines, accepted in the order of the table of
  contents (number equal to the next entry's, title starting like it), so numbered body
  lists are not items; without a TOC, any numbered line with a capitalised title; a heading
  wrapped over lines is joined while the TOC title goes on;
- ``Kind: title``, ``SAG-yyyy-nnnnn officer`` (or ``Sagsnr.:`` / ``Sagsansvarlig:``), the
  section labels on lines of their own, bullet lines as list entries;
- meeting facts from the cover page and the running header: body, date (``21-04-2021`` or
  ``21. april 2021``), ``kl. 10.00 - 12.30``, ``Sted:``, and the ``Deltagere:`` /
  ``Afbud:`` lists;
- hyperlinks from ``page.hyperlinks``, their text from the words inside the rectangle.

Line ends are joined with a space: hyphens are not repaired, paragraphs are not kept.
This file is a benchmark, not part of kkrparse; it imports nothing from it.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pdfplumber

TOC_LINE = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(.+?)\s*\.{4,}\s*(\d+)$")
TOC_TAIL = re.compile(r"^(.*?)\s*\.{4,}\s*(\d+)$")
HEADING = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(\S.*)$")
KIND = re.compile(r"^([A-ZÆØÅ][a-zæøå]+):\s+(.+)$")
LABEL = re.compile(
    r"^(Baggrund|Indstilling|Sagsfremstilling|Beslutning|Vedlagte bilag|Bilag)\s*[:;]?$"
)
LABEL_KEYS = {
    "baggrund": "baggrund",
    "indstilling": "indstilling",
    "sagsfremstilling": "sagsfremstilling",
    "beslutning": "beslutning",
    "vedlagte bilag": "vedlagte_bilag",
    "bilag": "vedlagte_bilag",
}
CASE = re.compile(r"(?:Sagsnr\.?:?\s*)?(SAG-\d{4}-\d+)(?:\s+([a-zæøå]{2,6})\b)?")
OFFICER = re.compile(r"Sagsansvarlig:?\s*([a-zæøå]{2,6})\b")
BULLET = re.compile(r"^[–•\-▪·*]\s+")
BODY = re.compile(r"KKR (Hovedstaden|Sjælland|Syddanmark|Midtjylland|Nordjylland)")
DASH_DATE = re.compile(r"\b(\d{1,2})-(\d{1,2})-(\d{4})\b")
MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
          "september", "oktober", "november", "december"]  # fmt: skip
WORD_DATE = re.compile(r"\b(\d{1,2})\.\s*(" + "|".join(MONTHS) + r")\s+(\d{4})", re.IGNORECASE)
TIMES = re.compile(r"kl\.?\s*(\d{1,2})[.:](\d{2})(?:\s*[-–]\s*(\d{1,2})[.:](\d{2}))?")
PLACE = re.compile(r"^Sted:\s*(.+)$")
SUBSTITUTE = re.compile(r"\(supp\.?\s+(.+?)\s+deltog\)")

Line = tuple[int, str]  # page number (1-based), text


def _pages(path: Path) -> tuple[list[list[str]], list[dict[str, Any]]]:
    """Text lines per page, and every hyperlink with its page and the words it covers."""
    pages, links = [], []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            pages.append([ln.strip() for ln in (page.extract_text() or "").splitlines()])
            for link in page.hyperlinks:
                box = (
                    max(link["x0"], 0), max(link["top"], 0),
                    min(link["x1"], page.width), min(link["bottom"], page.height),
                )  # fmt: skip
                if box[0] >= box[2] or box[1] >= box[3]:
                    continue
                # crop keeps the characters the rectangle touches; same URL, same page:
                # one link (a URL wrapped over two lines has two rectangles).
                text = (page.crop(box).extract_text() or "").replace("\n", " ").strip()
                same = [x for x in links if x["url"] == link.get("uri") and x["page"] == number]
                if same:
                    glue = "" if (same[0]["text"] or "").startswith("http") else " "
                    same[0]["text"] = glue.join(filter(None, [same[0]["text"], text])) or None
                else:
                    links.append({"url": link.get("uri"), "text": text or None, "page": number})
            page.close()
    return pages, links


def _headers(pages: list[list[str]]) -> set[str]:
    """Lines near the top or bottom that recur on half of the pages, digits aside."""
    counts: Counter[str] = Counter()
    for lines in pages:
        edge = {re.sub(r"\d+", "#", ln) for ln in lines[:3] + lines[-3:] if ln}
        counts.update(edge)
    need = max(2, len(pages) / 2)
    return {text for text, n in counts.items() if n >= need}


def _toc(lines: list[Line]) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    pending = ""  # a numbered line without leaders: the first line of a wrapped entry
    for _, text in lines:
        tail = TOC_TAIL.match(text)
        match = TOC_LINE.match(text)
        if pending and tail:
            match = TOC_LINE.match(f"{pending} {text}")
        if match:
            number, title, page = match.groups()
            entries.append({"number": number, "title": title, "page": int(page)})
            pending = ""
        elif HEADING.match(text):
            pending = text
        else:
            pending = ""
    return entries


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _entries(lines: list[str]) -> list[str]:
    """Bullet entries with their continuation lines; no bullets: nothing."""
    out: list[str] = []
    for text in lines:
        if BULLET.match(text):
            out.append(BULLET.sub("", text))
        elif out:
            out[-1] += " " + text
    return out


def _item(number: str, heading: str, body: list[Line], page: int) -> dict[str, Any]:
    kind_match = KIND.match(heading)
    case_number = case_officer = None
    rest = body
    for i, (_, text) in enumerate(body[:3]):
        case = CASE.search(text)
        officer = OFFICER.search(text)
        if case or officer:
            case_number = case.group(1) if case else case_number
            case_officer = (case.group(2) if case else None) or (
                officer.group(1) if officer else case_officer
            )
            rest = body[i + 1 :]
    sections: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    chunks: list[list[Line]] = []
    for pg, text in rest:
        label = LABEL.match(text)
        if label:
            current = {"key": LABEL_KEYS[label.group(1).lower()], "heading": text, "page": pg}
            sections.append(current)
            chunks.append([])
        elif current is None:
            current = {"key": "intro", "heading": None, "page": pg}
            sections.append(current)
            chunks.append([(pg, text)])
        else:
            chunks[-1].append((pg, text))
    out_sections = []
    recommendations: list[str] = []
    attachments: list[str] = []
    decision = None
    for section, chunk in zip(sections, chunks, strict=True):
        texts = [t for _, t in chunk]
        text = " ".join(texts)
        out_sections.append(
            {
                "key": section["key"],
                "heading": section["heading"],
                "text": text,
                "page_start": section["page"],
                "page_end": chunk[-1][0] if chunk else section["page"],
            }
        )
        if section["key"] == "indstilling":
            recommendations = _entries(texts) or ([text] if text else [])
        elif section["key"] == "vedlagte_bilag":
            attachments = _entries(texts) or texts
        elif section["key"] == "beslutning" and text:
            decision = text
    last_page = body[-1][0] if body else page
    return {
        "number": number,
        "level": 1 if "." not in number else 2,
        "parent": number.rsplit(".", 1)[0] if "." in number else None,
        "heading": heading,
        "kind": kind_match.group(1) if kind_match else None,
        "title": kind_match.group(2) if kind_match else heading,
        "case_number": case_number,
        "case_officer": case_officer,
        "page_start": page,
        "page_end": last_page,
        "sections": out_sections,
        "recommendations": recommendations,
        "decision": decision,
        "attachments": attachments,
        "links": [],
    }


def _split_items(lines: list[Line], toc: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items in document order; headings accepted in TOC order when there is a TOC."""
    items: list[dict[str, Any]] = []
    current: tuple[str, str, int] | None = None
    body: list[Line] = []
    next_entry = 0
    i = 0
    while i < len(lines):
        page, text = lines[i]
        match = HEADING.match(text)
        accepted = False
        title = ""
        if match and toc and next_entry < len(toc):
            number, title = match.groups()
            # The next entry, or one of the two after it when a heading was not recognised.
            for skip, entry in enumerate(toc[next_entry : next_entry + 3]):
                if number == entry["number"] and entry["title"][:15] == title[:15]:
                    accepted, next_entry = True, next_entry + skip
                    break
        elif match and not toc:
            number, title = match.groups()
            accepted = title[:1].isupper() and len(text) <= 120 and number.count(".") <= 1
        if not accepted:
            if current is not None:
                body.append((page, text))
            i += 1
            continue
        if current is not None:
            items.append(_item(*current[:2], body, current[2]))
        if toc:
            # The heading may be wrapped: take lines while the TOC title goes on.
            full = _squash(toc[next_entry]["title"])
            while i + 1 < len(lines) and len(_squash(title)) < len(full):
                longer = f"{title} {lines[i + 1][1]}"
                if not full.startswith(_squash(longer)):
                    break
                title, i = longer, i + 1
            next_entry += 1
        current, body = (match.group(1), title, page), []
        i += 1
    if current is not None:
        items.append(_item(*current[:2], body, current[2]))
    return items


def _iso(text: str) -> str | None:
    dash = DASH_DATE.search(text)
    if dash:
        day, month, year = dash.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    words = WORD_DATE.search(text)
    if words:
        day, month, year = words.groups()
        return f"{year}-{MONTHS.index(month.lower()) + 1:02d}-{int(day):02d}"
    return None


def _person(text: str, status: str) -> list[dict[str, Any]]:
    substitute = SUBSTITUTE.search(text)
    parts = [p.strip() for p in SUBSTITUTE.sub("", text).split(",") if p.strip()]
    if not parts:
        return []
    municipality = parts[-1] if len(parts) > 1 and parts[-1].endswith("Kommune") else None
    role = parts[1] if len(parts) == 3 else None
    people = [{"name": parts[0], "role": role, "municipality": municipality, "status": status}]
    if substitute:
        people.append(
            {"name": substitute.group(1), "role": None, "municipality": municipality,
             "status": "substitute"}
        )  # fmt: skip
    return people


def _meeting(cover: list[str], header_lines: list[str]) -> dict[str, Any]:
    cover_text = "\n".join(cover)
    header_text = "\n".join(header_lines)
    body = BODY.search(cover_text) or BODY.search(header_text)
    times = TIMES.search(cover_text)
    place = next((m.group(1) for ln in cover if (m := PLACE.match(ln))), None)
    attendance: list[dict[str, Any]] = []
    status = None
    for text in cover:
        if text.startswith("Deltagere"):
            status = "present"
        elif text.startswith("Afbud"):
            status = "absent"
        elif status and text.endswith(":"):
            status = None
        elif status and text:
            attendance += _person(text, status)
    referat = re.search(r"\breferat\b", cover_text + "\n" + header_text, re.IGNORECASE)
    return {
        "body": f"KKR {body.group(1)}" if body else None,
        "date": _iso(header_text) or _iso(cover_text),
        "document_type": "referat" if referat else "dagsorden",
        "start_time": f"{int(times[1]):02d}:{times[2]}" if times else None,
        "end_time": f"{int(times[3]):02d}:{times[4]}" if times and times[3] else None,
        "location": place,
        "attendance": attendance,
    }


def parse_baseline(path: Path) -> dict[str, Any]:
    """Parse one agenda PDF the naive way into an Agenda-shaped dict."""
    pages, links = _pages(path)
    headers = _headers(pages)
    lines: list[Line] = []
    removed: list[str] = []
    for number, page in enumerate(pages, start=1):
        for index, text in enumerate(page):
            near_edge = index < 3 or index >= len(page) - 3
            if near_edge and re.sub(r"\d+", "#", text) in headers:
                removed.append(text)
            elif text:
                lines.append((number, text))
    toc = _toc(lines)
    # Pages holding TOC lines are not body text (their entries look like headings).
    toc_pages = Counter(pg for pg, text in lines if TOC_TAIL.match(text))
    body = [(pg, text) for pg, text in lines if toc_pages[pg] < 2]
    items = _split_items(body, toc)
    for link in links:
        candidates = [it for it in items if it["page_start"] <= link["page"] <= it["page_end"]]
        on_page = [
            it for it in candidates
            if any(link["text"] and link["text"][:20] in s["text"] for s in it["sections"])
        ]  # fmt: skip
        owner = (on_page or candidates or [None])[-1]
        if owner is not None and link["url"] not in {x["url"] for x in owner["links"]}:
            owner["links"].append(link)
    return {
        "schema_version": "1.1",
        "source": {
            "filename": path.name,
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "page_count": len(pages),
            "engine": "baseline",
            "parser_version": "0",
        },
        "meeting": _meeting(pages[0] if pages else [], removed),
        "toc": toc,
        "items": items,
        "appendix": None,
        "warnings": [],
    }


if __name__ == "__main__":
    import json

    for arg in sys.argv[1:]:
        print(json.dumps(parse_baseline(Path(arg)), ensure_ascii=False, indent=2))

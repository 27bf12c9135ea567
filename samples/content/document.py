"""The agenda as its author knows it: every printed line with its role.

The seed only says which characters sit on which line. What a line *is* (a heading, a section
label, a bold sub-heading, a list entry, a paragraph that goes on or ends) is knowledge the
author of the agenda has; this module writes that knowledge down, in tables checked against the
seed so that a typo here fails loudly instead of silently changing the truth.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .seed import SeedPage

# Roles of a line. "entry" is a list entry (first line or wrapped continuation).
ROLES = ("cover", "toc", "heading", "case", "label", "sub", "para", "entry", "empty")

LABEL_KEYS = {
    "Baggrund": "baggrund",
    "Indstilling": "indstilling",
    "Sagsfremstilling": "sagsfremstilling",
    "Beslutning": "beslutning",
    "Vedlagte bilag:": "vedlagte_bilag",
    "Vedlagte bilag;": "vedlagte_bilag",  # so printed in item 2.11
    # Composed samples whose labels end in a colon:
    "Baggrund:": "baggrund",
    "Indstilling:": "indstilling",
    "Sagsfremstilling:": "sagsfremstilling",
    "Beslutning:": "beslutning",
}

# Bold sub-headings inside sections: short title-like lines on their own, followed by body text.
# Keyed by item, because "1. Temadrøftelser" is a list entry the first time item 1.1 prints it
# and a sub-heading the second time, and "KKR Sjælland" is a sub-heading only in item 5.1.
SUBHEADINGS: dict[str, tuple[str, ...]] = {
    "1.1": ("1. Temadrøftelser", "2. Beslutningssager", "3. Orienteringssager", "4. Meddelelser"),
    "2.2": ("Videre proces",),
    "2.3": (
        "Fase I - status",
        "Prioritering af forslag om kollektiv trafik og grøn omstilling i Fase I",
        "Fase II",
        "Miljømæssig vurdering",
    ),
    "2.4": ("Målopfyldelse 2020", "Vision for erhvervsudvikling i Sjællandsregionen"),
    "2.5": ("Proces",),
    "2.8": ("Biotek/Biosolutions", "Femern"),
    "2.10": (
        "Igangværende og kommende DK2020-forløb",
        "Politiske og administrative styregrupper i DK2020",
        "Lokal status DK2020 Fase 1",
    ),
    "2.11": (
        "Barrierer for den markedsbaserede udrulningen af digital infrastruktur",
        "Øget opmærksomhed om de allerede etablerede digitale muligheder",
        "Digital Taskforce",
        "Fokus for Digital Aktionsforum efter COVID-19",
    ),
    "5.1": (
        "Passagerråd – følgegruppe",
        "Henvendelse om støtte til JURA på RUC",
        "Sundhedskoordinationsudvalget",
        "Møde om beskæftigelsesområdet den 3/6 2021 kl. 15-17 (virtuelt)",
        "Status for den tværkommunale understøttelse af klyngeindsatsen",
        "Regionalt kontor for klynge for byggeri & anlæg ”WeBuildDenmark”",
        "Etablering af regionale kontorer for andre klynger",
        "KKR Sjælland",
    ),
}

# Lines that end a paragraph (or a list entry) although the next line carries on with body
# text, no blank line between: the author started a new paragraph there. Every other body line
# followed by body text is a soft wrap of the same paragraph — including the seed's odd short
# line "Nedenstående 11 pejlemærker, for både land og by – dog", which ends mid-sentence.
PARAGRAPH_ENDS = frozenset(
    {
        "produktion eller forbrug af CO2.",
        "med udspillet.",
        "fokus på deres effekter på understøttelsen af den grønne omstilling.",
        "hold til Hovedstaden.",
        "sker ved en politisk proces, hvor der bl.a. kan tages afsæt i vurderingerne.",
        "indenfor digitalisering. Den digitale platform blev lanceret i september 2020.",
        "om virksomhedsrettede/brancherettede forløb.",
        "nye lærepladsaftale.",
        "nelsen med både en gymnasial eller håndværksmæssig baggrund.",
        "500 mio. kr. til arbejdet.",
        "strative opgaver.",
        "Regionsrådsformand Heino Knudsen deltager under punktet.",
        "bevilling til at oprette et Passagerråd i hver af landets fem regioner.",
    }
)

# Line-end hyphens of the seed that are real hyphens: they stay, joined without a space.
# Every other hyphen after a letter at a line end is a soft break (``politi-``/``ske``).
REAL_HYPHENS = frozenset(
    {
        ("SOSU-", "uddannelserne"),
        ("SOSU-", "assistentuddannelsen"),
        ("II-", "projekterne"),
        ("REACT-", "EU-program"),
        ("COVID-", "19"),
        ("IT-", "Branchen"),
        ("e-", "boks."),
    }
)

# A link annotation whose visible text is not the URL itself.
LINK_WORDS = {
    "https://www.trm.dk/nyheder/2021/ny-infrastrukturplan-paa-over-160-mia-kroner-skal-samle-"
    "danmark-frem-mod-2035/": "linket",
}

# A list entry starts with a bullet or with a number/letter and a dot: "– Movia", "10. Stærke",
# "A. Realisering".
ENTRY_START_RE = re.compile(r"^(?:[–•-]\s+\S|(?:\d{1,2}|[A-Z])\.\s+\S)")
CASE_RE = re.compile(r"^(SAG-\d{4}-\d{5}) (\w+)$")
NUMBER_RE = re.compile(r"^(\d+(?:\.\d+)?)\.\s+(.*)$")
_TOC_LEADERS_RE = re.compile(r"^(.*?)\s*\.{3,}\s*(\d+)$")


@dataclass
class LinkSpan:
    """A link annotation on characters ``start:end`` of a line's text."""

    uri: str
    start: int
    end: int


@dataclass
class Line:
    """One printed line and what the author knows about it."""

    text: str  # as printed, without leading indentation or trailing spaces
    role: str
    lead: str = ""  # leading spaces, rendered as an x-offset
    item: str | None = None  # number of the item the line belongs to
    number: str | None = None  # item number, on the first line of a heading or TOC entry
    entry_start: bool = False  # first line of a list entry
    cont: bool = False  # the same paragraph / entry / heading / TOC entry goes on next line
    hyph: str | None = None  # line ends in "-": "soft" (drop it), "keep" (no space), "space"
    links: list[LinkSpan] = field(default_factory=list)
    seed_page: int | None = None  # page of the seed the line is printed on
    style: str | None = None  # cover lines: "title", "subtitle", "bold" or None
    toc_page: int | None = None  # last line of a TOC entry: the page number printed
    break_before: bool = False  # the line starts a new page
    scanned: bool = False  # printed as a scanned image, without a text layer
    # Geometry beyond the column (the composed variants; defaults keep the plain column):
    indent: float = 0.0  # x shift of this line only (a list entry's hanging continuation)
    measure: float | None = None  # the line's right edge, from the column's left (None: width)
    column: int | None = None  # in a two-column run: None (full width), or 0/1 once placed
    same_line: bool = False  # a cover cell printed on the line before, at ``indent``
    letter_space: float = 0.0  # extra space after every character (a letter-spaced title)
    # Filled by the layout:
    page: int = 0
    x: float = 0.0  # left edge of the first character
    y: float = 0.0  # baseline
    width: float = 0.0  # drawn width (full column minus indent when justified)
    font: str = ""
    size: float = 0.0

    @property
    def ends_with_hyphen(self) -> bool:
        return self.text.endswith("-")


@dataclass
class Document:
    kind: str  # "dagsorden" or "referat"
    lines: list[Line]
    toc_numbers: list[str]


def collapse(text: str) -> str:
    return " ".join(text.split())


def hyphen_kind(left: str, right: str) -> str | None:
    """How the seed's line-end hyphen of ``left`` joins ``right`` (the next line)."""
    if not left.endswith("-"):
        return None
    last, first = left.split()[-1], right.split()[0]
    if last == "-":
        return "space"  # "Region Sjælland -" / "herunder"
    if last.startswith("http"):
        return "keep"  # a URL wrapped at one of its own hyphens
    if (last, first) in REAL_HYPHENS:
        return "keep"
    return "soft"


def join_lines(lines: list[Line]) -> str:
    """The lines' text as one string: hyphens repaired, whitespace collapsed."""
    out = ""
    for i, line in enumerate(lines):
        text = collapse(line.text)
        if i == 0:
            out = text
        elif lines[i - 1].hyph == "soft":
            out = out[:-1] + text
        elif lines[i - 1].hyph == "keep":
            out += text
        else:
            out += " " + text
    return out


def _toc_entries(page: SeedPage) -> tuple[list[Line], list[tuple[str, str, int]]]:
    """TOC lines (leaders and page numbers taken off) and (number, title, page) per entry."""
    lines: list[Line] = []
    entries: list[tuple[str, str, int]] = []
    pending: list[Line] = []
    for seed_line in page.lines:
        if not seed_line.text:
            lines.append(Line("", "empty", seed_page=2))
            continue
        leaders = _TOC_LEADERS_RE.match(seed_line.text)
        text = (leaders.group(1) if leaders else seed_line.text).rstrip()
        line = Line(text, "toc", seed_page=2)
        if not pending:
            number = NUMBER_RE.match(text)
            assert number, text
            line.number = number.group(1)
        if pending:
            pending[-1].cont = True
            pending[-1].hyph = hyphen_kind(pending[-1].text, text)
        pending.append(line)
        lines.append(line)
        if leaders:
            line.toc_page = int(leaders.group(2))
            head = NUMBER_RE.match(join_lines(pending))
            assert head and pending[0].number
            entries.append((pending[0].number, head.group(2), line.toc_page))
            pending = []
    return lines, entries


def _attach_links(page: SeedPage, lines: list[Line], page_no: int) -> None:
    """Put each of the page's link URIs on the visible words that carry it."""
    seen: set[str] = set()
    for uri in page.link_uris:
        if uri in seen:
            continue  # the seed lists a URI once per annotation; ours are made per line
        seen.add(uri)
        word = LINK_WORDS.get(uri)
        for i, line in enumerate(lines):
            if word is not None:
                found = re.search(rf"\b{re.escape(word)}\b", line.text)
                if found:
                    line.links.append(LinkSpan(uri, found.start(), found.end()))
                    break
                continue
            if uri in line.text:
                start = line.text.index(uri)
                line.links.append(LinkSpan(uri, start, start + len(uri)))
                break
            tokens = line.text.split()
            if tokens and tokens[-1].startswith("http") and uri.startswith(tokens[-1]):
                rest = uri[len(tokens[-1]) :]
                nxt = lines[i + 1]
                assert nxt.text.startswith(rest), (uri, nxt.text)
                start = len(line.text) - len(tokens[-1])
                line.links.append(LinkSpan(uri, start, len(line.text)))
                nxt.links.append(LinkSpan(uri, 0, len(rest)))
                break
        else:
            raise ValueError(f"page {page_no}: no visible text for link {uri}")


def build_dagsorden(pages: list[SeedPage]) -> Document:
    """The seed as the agenda's author wrote it, line for line and page for page."""
    lines: list[Line] = []
    for seed_line in pages[0].lines:
        style = "bold" if seed_line.text in ("Mission", "Vision") else None
        role = "cover" if seed_line.text else "empty"
        lines.append(Line(seed_line.text, role, seed_line.lead, seed_page=1, style=style))
    toc_lines, entries = _toc_entries(pages[1])
    lines += toc_lines
    titles = {number: title for number, title, _ in entries}
    expected = [number for number, _, _ in entries]
    flat = [(page_no, s) for page_no, page in enumerate(pages[2:], start=3) for s in page.lines]
    pending_heading: list[Line] = []
    item: str | None = None
    used_subs: set[tuple[str, str]] = set()
    used_ends: set[str] = set()
    by_page: dict[int, list[Line]] = {}
    for index, (page_no, seed_line) in enumerate(flat):
        text = seed_line.text
        line = Line(text, "para", seed_line.lead, item=item, seed_page=page_no)
        head = NUMBER_RE.match(text)
        following = next((s.text for _, s in flat[index + 1 :] if s.text), "")
        if not text:
            line.role = "empty"
        elif pending_heading:
            line.role = "heading"
        elif (
            head
            and expected
            and head.group(1) == expected[0]
            and titles[expected[0]].startswith(collapse(head.group(2)).rstrip("-"))
        ):
            item = expected.pop(0)
            line.role, line.number, line.item = "heading", item, item
        elif CASE_RE.match(text):
            line.role = "case"
        elif text in LABEL_KEYS:
            line.role = "label"
        elif (
            item
            and collapse(text) in SUBHEADINGS.get(item, ())
            and not ENTRY_START_RE.match(following)
        ):
            # A sub-heading is followed by body text; "1. Temadrøftelser" followed by
            # "2. Beslutningssager" is the first entry of a list.
            line.role = "sub"
            used_subs.add((item, collapse(text)))
        elif ENTRY_START_RE.match(text):
            line.role, line.entry_start = "entry", True
        elif lines[-1].role == "entry" and collapse(lines[-1].text) not in PARAGRAPH_ENDS:
            line.role = "entry"
        prev = lines[-1]
        if line.role == "heading":
            if pending_heading:
                prev.cont, prev.hyph = True, hyphen_kind(prev.text, text)
            pending_heading.append(line)
            joined = NUMBER_RE.match(join_lines(pending_heading))
            if joined and joined.group(2) == titles[item or ""]:
                pending_heading = []
        elif line.role in ("para", "entry") and prev.role in ("para", "entry"):
            continues = not line.entry_start and not (prev.role == "entry" and line.role == "para")
            if collapse(prev.text) in PARAGRAPH_ENDS:
                used_ends.add(collapse(prev.text))
                continues = False
            prev.cont = continues
            if continues:
                prev.hyph = hyphen_kind(prev.text, text)
        lines.append(line)
        by_page.setdefault(page_no, []).append(line)
    for page_no, page_lines in by_page.items():
        _attach_links(pages[page_no - 1], page_lines, page_no)
    if pending_heading:
        raise ValueError(f"heading not completed: {pending_heading[0].text}")
    if expected:
        raise ValueError(f"headings not found in the seed: {expected}")
    missing = {(k, s) for k, subs in SUBHEADINGS.items() for s in subs} - used_subs
    if missing:
        raise ValueError(f"sub-headings not found in the seed: {sorted(missing)}")
    if PARAGRAPH_ENDS - used_ends:
        raise ValueError(f"paragraph ends not found: {sorted(PARAGRAPH_ENDS - used_ends)}")
    return Document("dagsorden", lines, [number for number, _, _ in entries])


def toc_pages(document: Document) -> dict[str, int]:
    """The page numbers the TOC prints, by item number."""
    pages: dict[str, int] = {}
    number = None
    for line in document.lines:
        if line.role == "toc":
            number = line.number or number
            if line.toc_page is not None and number:
                pages[number] = line.toc_page
    return pages


def separate_items(lines: list[Line], blank_lines: int = 2) -> list[Line]:
    """Blank lines before each level-2 heading, as the seed has them where no page break
    stands in: once pages flow, "4. Meddelelser" / "1.2. Godkendelse af referat" would touch.
    """
    out: list[Line] = []
    for line in lines:
        if line.role == "heading" and line.number and "." in line.number:
            blanks = 0
            while blanks < len(out) and out[-1 - blanks].role == "empty":
                blanks += 1
            before = out[-1 - blanks] if blanks < len(out) else None
            if before is not None and before.role != "heading":
                out += [Line("", "empty", item=before.item) for _ in range(blank_lines - blanks)]
        out.append(line)
    return out

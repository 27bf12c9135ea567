"""Print samples the way KL's own word processor does, with LibreOffice, and write their truth.

    python samples/make_libreoffice.py [--out DIR] [--only NAME ...] [--keep-odt]

Needs ``soffice`` (Debian: libreoffice-writer-nogui), ``hyphen-da`` and the fonts named below
(fonts-crosextra-carlito, fonts-liberation, fonts-dejavu-extra). CI has none of these, so the
PDFs and their expected JSON are committed; this script is how they were made.

Each sample is the seed meeting (``samples/content/data/seed/``) as paragraphs
(``content/paragraphs.py``), written as an ODT document (``content/odt.py``) and printed with
``soffice --headless --convert-to pdf``: subset TrueType fonts, LibreOffice's own Danish
hyphenation (``hyph_da_DK``), justification by stretched spaces, list labels drawn by the
application, header/footer page fields. Pages are LibreOffice's: the script prints once with
the TOC's page numbers left at 0, reads the pages of the headings back from the PDF (the
printed words aligned with the content, ``content/readback.py``), writes those numbers into
the TOC, prints again and checks that no heading moved. Texts in the expected JSON come from
the content (``content/lo_truth.py``), pages from the printed PDF; the parser is never run.

Samples (``kkr-sjaelland-2021-04-21-<dagsorden|referat>-<axis>``), one axis each against the
first:

- ``dagsorden-lo-carlito``: Carlito 11 pt justified, auto-hyphenated, running header
  ``KKR Sjælland | 21-04-2021`` / ``SIDE | N`` on every page but the cover, PDF bookmarks;
- ``dagsorden-lo-ragged``: left-aligned (ragged right) instead of justified;
- ``dagsorden-lo-no-bookmarks``: no outline in the PDF;
- ``dagsorden-lo-headings-not-bold``: item headings only larger (16 pt regular), not bold;
- ``dagsorden-lo-synthetic-bold``: DejaVu Sans Light, a family without a bold face, so
  LibreOffice emboldens headings and labels itself (same font name, stroked glyphs);
- ``dagsorden-lo-serif``: Liberation Serif 12 pt;
- ``dagsorden-lo-narrow``: a 12 cm column: many more hyphenated line ends and pages;
- ``dagsorden-lo-footer-side-af``: page label ``Side N af M`` in a footer, header line only
  ``KKR Sjælland | 21-04-2021``;
- ``dagsorden-lo-bullets-dot``: ``•`` bullets and blue headings;
- ``dagsorden-lo-small-tight``: Carlito 10 pt at single line spacing with narrow margins;
- ``referat-lo``: the minutes (attendance on the cover, a Beslutning in every item).

Composed meetings (``content/compose.py``), in the first sample's style unless said:

- ``kkr-hovedstaden-2022-03-10-dagsorden-lo-long-case-hyphens``: 2.1-2.12, a Sagsfremstilling
  over several pages, real hyphens and suspended compounds in every paragraph
  (``SOSU-uddannelserne``, ``20-24-årige``, ``e-boks``, ``bygge- og anlægsområdet``) where
  LibreOffice may break them;
- ``kkr-nordjylland-2023-09-14-referat-lo-footer-side-af``: minutes, ragged, ``Side N af M``
  footer, Beslutning right after Indstilling;
- ``kkr-syddanmark-2020-11-25-dagsorden-lo-links-many-bilag``: items up to 2.15, visible URLs
  (wrapped by LibreOffice), links on words, an item with a long list of attachments;
- ``kkr-midtjylland-2024-06-20-dagsorden-lo-med-bilag``: Liberation Serif, two documents
  appended after the last item (``appendix`` says where);
- ``kkr-sjaelland-2022-12-01-dagsorden-lo-numbered-lists``: numbered lists in body text that
  look like agenda headings, ``•`` bullets;
- ``kkr-hovedstaden-2023-01-26-referat-lo-synthetic-bold-long-headings``: minutes in DejaVu
  Sans Light with LibreOffice's synthetic bold, headings over two lines, Beslutning last.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from content import compose, layout, lo_truth, odt, paragraphs, readback, referat
from content.document import Document, build_dagsorden
from content.model import Plan
from content.seed import read_seed
from content.words import SLUGS

STEM = "kkr-sjaelland-2021-04-21"
MEETING: dict[str, Any] = {"body": "KKR Sjælland", "date": "2021-04-21"}
DAGSORDEN_MEETING: dict[str, Any] = {
    **MEETING,
    "document_type": "dagsorden",
    "start_time": None,  # the cover's stray "met 8.00 - 9.30" is not meeting data
    "end_time": None,
    "location": None,
    "attendance": [],
}

BASE = odt.LoStyle()
# name → (dagsorden or referat, style)
SAMPLES: dict[str, tuple[str, odt.LoStyle]] = {
    "dagsorden-lo-carlito": ("dagsorden", BASE),
    "dagsorden-lo-ragged": ("dagsorden", replace(BASE, justify=False)),
    "dagsorden-lo-no-bookmarks": ("dagsorden", replace(BASE, bookmarks=False)),
    "dagsorden-lo-headings-not-bold": (
        "dagsorden",
        replace(BASE, heading_bold=False, heading_size=16.0),
    ),
    "dagsorden-lo-synthetic-bold": (
        "dagsorden",
        replace(BASE, font="DejaVu Sans Light", size=10.0, heading_size=13.0),
    ),
    "dagsorden-lo-serif": ("dagsorden", replace(BASE, font="Liberation Serif", size=12.0)),
    "dagsorden-lo-narrow": ("dagsorden", replace(BASE, margin_left=4.5, margin_right=4.5)),
    "dagsorden-lo-footer-side-af": ("dagsorden", replace(BASE, page_label="footer")),
    "dagsorden-lo-bullets-dot": ("dagsorden", replace(BASE, bullet="•", colour="#003366")),
    "dagsorden-lo-small-tight": (
        "dagsorden",
        replace(
            BASE, size=10.0, heading_size=13.0, line_height=100, margin_left=2.0, margin_right=2.0
        ),
    ),
    "referat-lo": ("referat", BASE),
}

# Composed meetings of the other KKRs (``content/compose.py``): axis → (plan, style). The
# running header names the meeting's own KKR and date.
COMPOSED: dict[str, tuple[Plan, odt.LoStyle]] = {
    "lo-long-case-hyphens": (
        Plan("Hovedstaden", dt.date(2022, 3, 10), cases=12, long_case=True,
             hyphen_words=True, seed=1),
        BASE,
    ),
    "lo-footer-side-af": (
        Plan("Nordjylland", dt.date(2023, 9, 14), kind="referat", cases=8,
             decision_place="after_indstilling", seed=2),
        replace(BASE, page_label="footer", justify=False),
    ),
    "lo-links-many-bilag": (
        Plan("Syddanmark", dt.date(2020, 11, 25), cases=15, many_bilag=True,
             urls=True, word_links=True, seed=3),
        BASE,
    ),
    "lo-med-bilag": (
        Plan("Midtjylland", dt.date(2024, 6, 20), cases=5, appendices=2, seed=4),
        replace(BASE, font="Liberation Serif", size=12.0),
    ),
    "lo-numbered-lists": (
        Plan("Sjælland", dt.date(2022, 12, 1), cases=7, numbered_lists=True, seed=5),
        replace(BASE, bullet="•"),
    ),
    "lo-synthetic-bold-long-headings": (
        Plan("Hovedstaden", dt.date(2023, 1, 26), kind="referat", cases=6,
             long_headings=True, decision_place="last", seed=6),
        replace(BASE, font="DejaVu Sans Light", size=10.0, heading_size=13.0),
    ),
}  # fmt: skip

SOFFICE_TIMEOUT = 180  # seconds; a conversion takes about 5 s
# Prints per sample: TOC numbers filled in, then perhaps once more to settle a paragraph
# break that a page break made ambiguous (and the TOC again if that moved a heading).
PRINT_ATTEMPTS = 6


def convert(odt_path: Path, outdir: Path, style: odt.LoStyle, profile: Path) -> Path:
    """Print the ODT to PDF with LibreOffice's PDF export (bookmarks as the style says)."""
    bookmarks = "true" if style.bookmarks else "false"
    options = json.dumps({"ExportBookmarks": {"type": "boolean", "value": bookmarks}})
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            f"pdf:writer_pdf_Export:{options}",
            "--outdir",
            str(outdir),
            str(odt_path),
        ],
        check=True,
        capture_output=True,
        timeout=SOFFICE_TIMEOUT,
    )
    pdf = outdir / (odt_path.stem + ".pdf")
    if not pdf.exists():
        raise RuntimeError(f"soffice wrote no PDF for {odt_path}")
    return pdf


def _print(
    blocks: list[paragraphs.Block], style: odt.LoStyle, work: Path, name: str, profile: Path
) -> tuple[Path, readback.Placed, list[readback.PdfWord], int, float]:
    path = work / f"{name}.odt"
    odt.write_odt(blocks, style, path, "Dagsorden KKR Sjælland")
    pdf = convert(path, work, style, profile)
    words, page_count, width = readback.read_pdf(pdf)
    return pdf, readback.place(blocks, words, style.bullet), words, page_count, width


def make(
    name: str,
    blocks: list[paragraphs.Block],
    meeting: dict[str, Any],
    style: odt.LoStyle,
    out: Path,
    work: Path,
    profile: Path,
) -> list[str]:
    """Print one sample until its TOC's page numbers are the headings' pages and every
    paragraph break is clear to a reader; write the PDF and its truth. Returns notes."""
    for _ in range(PRINT_ATTEMPTS):
        pdf, placed, words, page_count, width = _print(blocks, style, work, name, profile)
        if placed.tight_toc:
            print(f"  {name}: TOC entries ran into their page numbers: {placed.tight_toc}")
            for index in placed.tight_toc:
                blocks[index].toc_break = True  # as an author would, seeing it
            continue
        pages = readback.heading_pages(blocks)
        toc = {b.number: b.toc_page for b in blocks if b.role == "toc"}
        if toc != pages:
            moved = sorted(k for k in pages if toc.get(k) != pages[k])
            print(f"  {name}: TOC page numbers to fill in: {moved}")
            for block in blocks:
                if block.role == "toc":
                    assert block.number
                    block.toc_page = pages[block.number]
            continue
        right_edge = width - style.margin_right * 72 / 2.54
        notes, ambiguous = readback.judge_breaks(blocks, placed, words, right_edge)
        if not ambiguous:
            break
        print(f"  {name}: paragraph breaks a reader could not judge: {ambiguous}")
        for index in ambiguous:
            k = index - 1
            while blocks[k].role == "empty":
                blocks[k].keep_with_next = True
                k -= 1
    else:
        raise RuntimeError(f"{name}: TOC pages or paragraph breaks did not settle")
    if style.hyphenate and not placed.hyphenated:
        raise RuntimeError(f"{name}: LibreOffice hyphenated nothing: is hyphen-da installed?")
    print(
        f"{name}: {page_count} pages, {len(placed.hyphenated)} words hyphenated by "
        f"LibreOffice, {len(placed.own_hyphen)} broken after their own hyphen"
    )
    truth = lo_truth.expected(
        blocks, placed, style, filename=f"{name}.pdf", page_count=page_count, meeting=meeting
    )
    shutil.copyfile(pdf, out / f"{name}.pdf")
    text = json.dumps(truth, ensure_ascii=False, indent=2) + "\n"
    (out / f"{name}.expected.json").write_text(text, encoding="utf-8")
    return notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    parser.add_argument("--only", nargs="*", help="axis names, e.g. dagsorden-lo-ragged")
    parser.add_argument("--keep-odt", type=Path, help="also keep the ODT files here")
    args = parser.parse_args(argv)
    if shutil.which("soffice") is None:
        print("soffice not found (Debian: libreoffice-writer-nogui hyphen-da)", file=sys.stderr)
        return 1
    layout.register_fonts()  # the minutes' decisions are wrapped with reportlab's metrics
    dagsorden = build_dagsorden(read_seed())
    jobs: list[tuple[str, list[paragraphs.Block], dict[str, Any], odt.LoStyle]] = []
    for axis, (kind, style) in SAMPLES.items():
        document: Document = copy.deepcopy(dagsorden)
        meeting = DAGSORDEN_MEETING
        if kind == "referat":
            document, facts = referat.build_referat(document, layout.KL_STYLE)
            meeting = {**MEETING, **facts}
        jobs.append((f"{STEM}-{axis}", paragraphs.blocks_of(document), meeting, style))
    for axis, (plan, style) in COMPOSED.items():
        agenda = compose.compose(plan)
        slug = SLUGS[plan.region]
        name = f"kkr-{slug}-{plan.date.isoformat()}-{plan.kind}-{axis}"
        style = replace(style, header=paragraphs.header_of(agenda.meeting))
        blocks = paragraphs.blocks_of_agenda(agenda)
        jobs.append((name, blocks, paragraphs.meeting_of(agenda), style))
    with tempfile.TemporaryDirectory(prefix="kkr-lo-") as tmp:
        work, profile = Path(tmp), Path(tmp) / "profile"
        for name, blocks, meeting, style in jobs:
            if args.only and not any(name.endswith(axis) for axis in args.only):
                continue
            notes = make(name, blocks, meeting, style, args.out, work, profile)
            print(f"{name}: {len(notes)} paragraph breaks hidden by a page break")
            for note in notes:
                print(f"  {note}")
            if args.keep_odt:
                args.keep_odt.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(work / f"{name}.odt", args.keep_odt / f"{name}.odt")
    return 0


if __name__ == "__main__":
    sys.exit(main())

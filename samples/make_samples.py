"""Render the sample PDFs and write, beside each, the parser output it must give.

    python samples/make_samples.py [--out DIR] [--report]

Samples (all from the seed, ``samples/content/data/seed/kkr-sjaelland-2021-04-21.txt``):

1. ``kkr-sjaelland-2021-04-21-dagsorden``: the seed as printed, line for line, page for page;
2. ``kkr-sjaelland-2021-04-21-referat``: the same meeting as minutes, with decisions, pages
   flowing;
3. ``kkr-sjaelland-2021-04-21-dagsorden-rewrapped``: the same content in another font and
   column, re-flowed and hyphenated, pages flowing.

The expected JSON is written from what was rendered, never by running the parser, which this
generator does not import. Output is deterministic: reportlab's invariant mode, fixed content.
"""

from __future__ import annotations

import argparse
import copy
import json
import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from content import calibrate, corpus, layout, nonagenda, referat, rewrap, systems, truth
from content.document import Document, build_dagsorden, toc_pages
from content.seed import read_seed
from content.systems_meetings import MEETINGS as SYSTEM_MEETINGS

STEM = "kkr-sjaelland-2021-04-21"
DAGSORDEN_MEETING: dict[str, Any] = {
    "body": "KKR Sjælland",  # from the running header "KKR Sjælland  | 21-04-2021"
    "date": "2021-04-21",
    "document_type": "dagsorden",
    "start_time": None,  # the cover's stray "met 8.00 - 9.30" is not meeting data
    "end_time": None,
    "location": None,
    "attendance": [],
}


def heading_pages(document: Document) -> dict[str, int]:
    return {
        line.number: line.page
        for line in document.lines
        if line.role == "heading" and line.number is not None
    }


def set_toc_pages(document: Document, pages: dict[str, int]) -> None:
    number = None
    for line in document.lines:
        if line.role == "toc":
            number = line.number or number
            if line.cont is False and number:
                line.toc_page = pages[number]


def place_flow_twice(document: Document, style: layout.Style) -> int:
    """Lay out, print the headings' pages in the TOC, lay out again and check they held."""
    set_toc_pages(document, dict.fromkeys(document.toc_numbers, 0))
    layout.place_flow(document, style)
    pages = heading_pages(document)
    set_toc_pages(document, pages)
    page_count = layout.place_flow(document, style)
    if heading_pages(document) != pages:
        raise RuntimeError("TOC page numbers changed the layout")
    layout.check_visible_breaks(document, style)
    return page_count


def write(
    document: Document,
    style: layout.Style,
    out: Path,
    name: str,
    page_count: int,
    meeting: dict[str, Any],
    title: str,
) -> truth.Stats:
    stats = truth.Stats()
    running = layout.render(document, style, out / f"{name}.pdf", page_count, title)
    obj = truth.expected(
        document, style, f"{name}.pdf", page_count, meeting, stats, must_not_appear=running
    )
    for entry in obj["toc"]:
        item = next(i for i in obj["items"] if i["number"] == entry["number"])
        if entry["page"] != item["page_start"]:
            raise RuntimeError(f"{name}: TOC says {entry} but the heading is on {item}")
    text = json.dumps(obj, ensure_ascii=False, indent=2) + "\n"
    (out / f"{name}.expected.json").write_text(text, encoding="utf-8")
    return stats


SEED_NAMES = (f"{STEM}-dagsorden", f"{STEM}-referat", f"{STEM}-dagsorden-rewrapped")


def names() -> list[str]:
    """Every sample this generator writes."""
    return [*SEED_NAMES, *(spec.name for spec in corpus.SPECS),
            *(spec.name for spec in nonagenda.SPECS),
            *(meeting.name for meeting in SYSTEM_MEETINGS)]  # fmt: skip


def _one(job: tuple[str, str]) -> dict[str, truth.Stats]:
    name, out = job
    if name == "seed":
        return generate_seed(Path(out))
    printed = next((m for m in SYSTEM_MEETINGS if m.name == name), None)
    if printed is not None:  # eDoc, FirstAgenda, Acadre
        systems.write(printed, Path(out))
        return {name: truth.Stats()}
    refused = next((spec for spec in nonagenda.SPECS if spec.name == name), None)
    if refused is not None:
        nonagenda.build(refused, Path(out))
        return {name: truth.Stats()}
    spec = next(spec for spec in corpus.SPECS if spec.name == name)
    return {name: corpus.build(spec, Path(out))}


def generate(out: Path, workers: int = 1) -> dict[str, truth.Stats]:
    """Write all samples into ``out`` (``workers`` processes); per sample, how line ends
    compare with the author's paragraphs."""
    out.mkdir(parents=True, exist_ok=True)
    jobs = [("seed", str(out)), *((name, str(out)) for name in names()[len(SEED_NAMES) :])]
    stats: dict[str, truth.Stats] = {}
    if workers <= 1:
        for job in jobs:
            stats.update(_one(job))
        return stats
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=spawn) as pool:
        for result in pool.map(_one, jobs):
            stats.update(result)
    return stats


def generate_seed(out: Path) -> dict[str, truth.Stats]:
    """Write the three samples rendered from the seed."""
    layout.register_fonts()
    out.mkdir(parents=True, exist_ok=True)
    seed = read_seed()
    stats: dict[str, truth.Stats] = {}

    dagsorden = build_dagsorden(seed)
    printed = toc_pages(dagsorden)
    doc = copy.deepcopy(dagsorden)
    page_count = layout.place_fixed(doc, layout.KL_STYLE)
    if heading_pages(doc) != printed:
        raise RuntimeError("the seed's TOC page numbers do not match its headings")
    name = f"{STEM}-dagsorden"
    stats[name] = write(
        doc, layout.KL_STYLE, out, name, page_count, DAGSORDEN_MEETING, "Dagsorden KKR Sjælland"
    )

    doc, meeting = referat.build_referat(copy.deepcopy(dagsorden), layout.REFERAT_STYLE)
    meeting = {"body": "KKR Sjælland", "date": "2021-04-21", **meeting}
    page_count = place_flow_twice(doc, layout.REFERAT_STYLE)
    name = f"{STEM}-referat"
    stats[name] = write(
        doc, layout.REFERAT_STYLE, out, name, page_count, meeting, "Referat KKR Sjælland"
    )

    doc = rewrap.rewrap(copy.deepcopy(dagsorden), layout.SERIF_STYLE)
    page_count = place_flow_twice(doc, layout.SERIF_STYLE)
    name = f"{STEM}-dagsorden-rewrapped"
    stats[name] = write(
        doc, layout.SERIF_STYLE, out, name, page_count, DAGSORDEN_MEETING, "Dagsorden KKR Sjælland"
    )
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    parser.add_argument("--report", action="store_true", help="list line ends that disagree")
    parser.add_argument(
        "--calibrate", action="store_true", help="how the KL style fits the seed's line breaks"
    )
    parser.add_argument("--workers", type=int, default=2, help="processes rendering samples")
    parser.add_argument(
        "--manifest", action="store_true", help="print the composed samples' manifest rows"
    )
    args = parser.parse_args(argv)
    if args.calibrate:
        layout.register_fonts()
        for line in calibrate.report(build_dagsorden(read_seed()), layout.KL_STYLE):
            print(line)
        return 0
    if args.manifest:
        for line in [*corpus.manifest(), *nonagenda.manifest(), *systems.manifest()]:
            print(line)
        return 0
    systems.write_outcomes(SYSTEM_MEETINGS)
    for name, stat in generate(args.out, args.workers).items():
        print(
            f"{name}: {len(stat.wraps_looking_hard)} soft wraps look like hard breaks, "
            f"{len(stat.ends_looking_soft)} paragraph ends look like soft wraps"
        )
        if args.report:
            for line in stat.wraps_looking_hard:
                print(f"  wrap looks hard: {line}")
            for line in stat.ends_looking_soft:
                print(f"  end looks soft:  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Side-by-side speed of kkrparse and pdfplumber's own extract_text on the samples.

Run by hand: ``python benchmarks/speed.py [--repeat N] [PDF ...]``. Prints the median
seconds of each and their ratio; ratios, not seconds, are comparable between machines.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber

import kkrparse

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def plumber_text(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()


def median_seconds(fn: Callable[[Path], object], path: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    pdfs = args.pdfs or sorted(SAMPLES.glob("*.pdf"))
    print(f"{'file':<50} {'pages':>5} {'kkrparse s':>10} {'extract_text s':>14} {'ratio':>6}")
    for pdf in pdfs:
        pages = kkrparse.parse_pdf(pdf).source.page_count
        ours = median_seconds(kkrparse.parse_pdf, pdf, args.repeat)
        ref = median_seconds(plumber_text, pdf, args.repeat)
        print(f"{pdf.name:<50} {pages:>5} {ours:>10.2f} {ref:>14.2f} {ours / ref:>6.2f}")


if __name__ == "__main__":
    main()

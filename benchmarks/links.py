"""What many link annotations on one page cost, beside parsing the seed agenda.

    python benchmarks/links.py [--links 4000] [--many 100000] [--repeat 3]

The seed agenda (``samples/kkr-sjaelland-2021-04-21-dagsorden.pdf``) is parsed as it is,
then with ``--links`` URI link rectangles of one URI added to its first body page (each
over one of the page's lines, in turn, as a URL wrapped over line after line is drawn), and
with ``--many`` of them, which must end well inside the default timeout
(``kkrparse.runner.Limits.timeout``). CPU seconds in this process, engine pdfium, the best
of ``--repeat`` rounds; the ratio to the plain parse is what to compare between machines.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

import pikepdf

from kkrparse import ParseOptions, parse_pdf
from kkrparse.runner import Limits

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "kkr-sjaelland-2021-04-21-dagsorden.pdf"
#: The seed's first body page (0-based): page 3, item 1's heading.
PAGE = 2
#: Body lines of the seed's pages lie between these heights (PDF points from the bottom).
LOW, HIGH, PITCH = 100.0, 740.0, 14.0


def with_links(data: bytes, count: int) -> bytes:
    pdf = pikepdf.open(io.BytesIO(data))
    page = pdf.pages[PAGE]
    rows = int((HIGH - LOW) / PITCH)
    annots = pikepdf.Array()
    for k in range(count):
        y = HIGH - PITCH * (k % rows)
        annot = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Link,
            Rect=[72, y - 4, 520, y + 8],
            Border=[0, 0, 0],
            A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://www.kl.dk/")),
        )
        annots.append(pdf.make_indirect(annot))
    page.obj.Annots = pdf.make_indirect(annots)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def cpu(data: bytes, repeat: int) -> float:
    options = ParseOptions(engine="pdfium")
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        parse_pdf(data, options)
        best = min(best, time.process_time() - start)
    return best


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--links", type=int, default=4000)
    parser.add_argument("--many", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    seed = SEED.read_bytes()
    plain = cpu(seed, args.repeat)
    some = cpu(with_links(seed, args.links), args.repeat)
    many = cpu(with_links(seed, args.many), 1)
    timeout = Limits().timeout
    print(f"seed agenda: {plain:.2f} CPU s")
    print(f"{args.links:,} links on one page: {some:.2f} CPU s = {some / plain:.2f}× the seed")
    print(
        f"{args.many:,} links on one page: {many:.2f} CPU s = {many / timeout:.1%} of the "
        f"default timeout ({timeout:g} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

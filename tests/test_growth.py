"""Runtime grows near-linearly with the size of the input, wherever a hostile or merely
large document can make it grow: links on a page, lines on a page, items, TOC entries and
line-end hyphens (mistune's ``test_security_*`` tests, for a PDF parser).

Each test parses a document of size ``n`` and one of size ``8 n`` and compares the CPU time
each costs beyond a document of fixed, tiny size (start-up: options, the stages' fixed
work), so fixed costs cannot hide growth. Linear work gives a ratio near 8, quadratic work
near 64. :data:`MAX_RATIO` lies between: far enough above 8 for a noisy shared machine
(the best of :data:`ROUNDS` rounds is taken, as ``timeit`` does), far enough below 64 that
quadratic work fails. No test states seconds.

Checked by hand once: each test fails when the stage it covers is made quadratic. The link
joiner before issue 13 (every piece joined to the whole text so far) gives 45 on the links
test; a stage that keeps "already seen?" lists (``x not in seen``) over the lines, items,
TOC entries or hyphen decisions gives 43, 33, 33 and 37 on the others.
"""

from __future__ import annotations

import dataclasses
import itertools
import time
from collections.abc import Callable

from fixtures_make import agenda_pdf
from kkrparse import ParseOptions, parse_text
from kkrparse.document import LinkBox
from kkrparse.hyphen import Lexicon
from kkrparse.links import find_links
from kkrparse.paragraphs import join_texts
from kkrparse.pipeline import trace_pdf
from textdoc import STANDARD_BODY, TextItem, agenda_text

#: Sizes compared: n and GROWTH × n.
GROWTH = 8
#: Linear: about 8; quadratic: about 64. Between, with room for noise on either side.
MAX_RATIO = 20.0
#: Rounds per measurement; the fastest counts (noise only ever adds time).
ROUNDS = 3


def _cpu(work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(ROUNDS):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def growth(make: Callable[[int], Callable[[], object]], n: int) -> float:
    """CPU time beyond the tiny document, at GROWTH × n over n."""
    base = _cpu(make(1))
    small = _cpu(make(n)) - base
    large = _cpu(make(GROWTH * n)) - base
    assert small > 0, "the small size is too small to measure: raise n"
    return large / small


def _text(items: list[TextItem], **kwargs: object) -> Callable[[], object]:
    text = agenda_text(items, **kwargs)  # type: ignore[arg-type]
    return lambda: parse_text(text)


# --- links ----------------------------------------------------------------------------------


def _with_links(n: int) -> Callable[[], object]:
    """Link resolution on the made-in-code agenda with ``n`` rectangles of one URI on its
    first item's page, over its lines in turn (a URL drawn wrapped over line after line):
    the input issue 13 found quadratic."""
    trace = trace_pdf(agenda_pdf(), ParseOptions(engine="pdfium"))
    number = trace.items[0].lines[0].page
    page = next(p for p in trace.pages if p.number == number)
    boxes = tuple(
        LinkBox("https://www.kl.dk/", 0.0, 1000.0, line.top, line.bottom)
        for line in itertools.islice(itertools.cycle(page.lines), n)
    )
    pages = [dataclasses.replace(p, links=boxes) if p is page else p for p in trace.pages]
    return lambda: find_links(pages, trace.items)


def test_links_on_one_page_grow_linearly() -> None:
    assert growth(_with_links, 500) < MAX_RATIO


# --- lines, items, TOC entries, hyphens (text input: no PDF to build, every stage after
# --- extraction runs) --------------------------------------------------------------------


def _lines_on_one_page(n: int) -> Callable[[], object]:
    """One item whose page holds ``n`` body lines, in paragraphs of three."""
    body = [*STANDARD_BODY[:3]]
    for k in range(n):
        body.append(f"Linje {k} i en lang sagsfremstilling om regionens uddannelser.")
        if k % 3 == 2:
            body.append("")
    return _text([TextItem("1", "Godkendelse af dagsorden", body)])


def _items(n: int) -> Callable[[], object]:
    return _text([TextItem(str(k), f"Punkt nummer {k}", STANDARD_BODY) for k in range(1, n + 1)])


def _toc_entries(n: int) -> Callable[[], object]:
    """A TOC of ``n`` entries, of which only the first has a heading in the text."""
    items = [TextItem(str(k), f"Punkt nummer {k}", STANDARD_BODY) for k in range(1, n + 1)]
    text = agenda_text(items)
    cover, toc, *body = text.split("\f")
    return lambda: parse_text("\f".join([cover, toc, body[0]]) + "\f")


def _hyphens(n: int) -> Callable[[], object]:
    """``n`` line-end hyphens, in paragraphs of four lines."""
    body = [*STANDARD_BODY[:3]]
    for k in range(n):
        body.append(f"Punkt {k} handler om de politi-")
        body.append("ske aftaler.")
        if k % 2 == 1:
            body.append("")
    return _text([TextItem("1", "Godkendelse af dagsorden", body)])


def test_lines_on_one_page_grow_linearly() -> None:
    assert growth(_lines_on_one_page, 300) < MAX_RATIO


def test_items_grow_linearly() -> None:
    assert growth(_items, 25) < MAX_RATIO


def test_toc_entries_grow_linearly() -> None:
    assert growth(_toc_entries, 300) < MAX_RATIO


def test_line_end_hyphens_grow_linearly() -> None:
    assert growth(_hyphens, 150) < MAX_RATIO


def _one_paragraph(n: int) -> Callable[[], object]:
    """One paragraph of ``n`` lines, every other one ending in a line-end hyphen: joining
    must not copy the text so far for every line (a paragraph can run over many pages)."""
    texts = [
        f"Linje {k} i en lang sagsfremstilling om politi-" if k % 2 else f"ske aftaler nr. {k}"
        for k in range(n)
    ]
    pages = [1] * n
    lexicon = Lexicon()
    return lambda: join_texts(texts, pages, lexicon)


def test_one_long_paragraph_joins_in_linear_time() -> None:
    assert growth(_one_paragraph, 2000) < MAX_RATIO

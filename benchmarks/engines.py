"""How fast kkrparse reads PDFs with each engine, beside what the libraries alone cost.

    python benchmarks/engines.py [--repeat N] [--sizes 50,100,200,400] [--cache DIR]
                                 [--quick] [PDF ...]

In one run, on the same files, it reports pages per second and peak memory (a fresh
process per measurement, so one run's memory cannot hide in another's) for:

1. kkrparse end to end with ``engine="pdfium"`` and ``engine="pdfplumber"``;
2. pdfplumber's ``page.extract_text()`` alone (the floor for anything built on pdfplumber);
3. pypdfium2's plain text extraction alone (the floor for anything built on PDFium);
4. the naive pdfplumber + regex baseline (``benchmarks/baseline.py``, when present);

on the sample corpus (``samples/*.pdf``) and on long agendas made from the sample
generator's content (the seed's items repeated with new numbers) into a cache folder, for
``--sizes`` of 50, 100, 200 and 400 seed pages' worth of items (set flowing they fill about
three quarters as many pages: 38, 75, 148 and 294; the table shows the real count); and
``kkrparse parse DIR -o OUT --workers N`` over the samples with 1 and 2 workers. Every
figure is the median of ``--repeat`` runs of CPU time; ratios are printed because
seconds on a shared machine are not comparable between runs, ratios measured side by
side are.
"""

from __future__ import annotations

import argparse
import copy
import importlib.util
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "kkrparse-bench"
#: The ``kkrparse`` command, run with this interpreter.
KKRPARSE = [sys.executable, "-c", "from kkrparse.cli import main; main()"]


# --- what is measured; each runs in a child process ----------------------------------------


def _kkrparse(engine: str) -> Callable[[Path], int]:
    def run(path: Path) -> int:
        import kkrparse

        options = kkrparse.ParseOptions(engine=engine)  # type: ignore[arg-type]
        return kkrparse.parse_pdf(path, options).source.page_count

    return run


def _plumber_text(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
        return len(pdf.pages)


def _pdfium_text(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        for page in pdf:
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        return len(pdf)
    finally:
        pdf.close()


def _baseline(path: Path) -> int:
    spec = importlib.util.spec_from_file_location("baseline", ROOT / "benchmarks" / "baseline.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.parse_baseline(path)
    import pypdfium2 as pdfium

    return len(pdfium.PdfDocument(path))


TASKS: dict[str, Callable[[Path], int]] = {
    "kkrparse pdfium": _kkrparse("pdfium"),
    "kkrparse pdfplumber": _kkrparse("pdfplumber"),
    "pdfplumber extract_text": _plumber_text,
    "pypdfium2 text": _pdfium_text,
    "baseline (pdfplumber+regex)": _baseline,
}


def _child(task: str, paths: list[str]) -> None:
    """Run one task over the files; print seconds, pages and peak RSS as JSON."""
    fn = TASKS[task]
    fn(Path(paths[0]))  # warm up: imports and first-call costs are not per-page costs
    start, cpu_start = time.perf_counter(), time.process_time()
    pages = sum(fn(Path(p)) for p in paths)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"wall": seconds, "seconds": cpu, "pages": pages, "peak_mb": peak_kib / 1024}))


def _once(task: str, paths: list[Path]) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", task, *map(str, paths)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def measure(tasks: list[str], paths: list[Path], repeat: int) -> dict[str, dict[str, float]]:
    """Median CPU seconds (and wall seconds), pages per CPU second, peak memory, of each
    task over ``paths``.

    CPU time, not wall time, is compared: on a shared machine a process waits for a core
    as long as others keep it busy, which says nothing about the work it does. The tasks
    also take turns within each round, so what load remains hits them alike."""
    runs: dict[str, list[dict[str, float]]] = {task: [] for task in tasks}
    for _ in range(repeat):
        for task in tasks:
            runs[task].append(_once(task, paths))
    results = {}
    for task, rs in runs.items():
        seconds = statistics.median(r["seconds"] for r in rs)
        results[task] = {
            "seconds": seconds,
            "wall": statistics.median(r["wall"] for r in rs),
            "pages": rs[0]["pages"],
            "pages_per_s": rs[0]["pages"] / seconds,
            "peak_mb": max(r["peak_mb"] for r in rs),
        }
    return results


# --- long agendas, made from the sample generator's content --------------------------------

_NUMBER = re.compile(r"^(\d+)((?:\.\d+)?\.)")
#: Titles longer than this lose their last word when their number grows a digit.
LONG_TITLE = 50


def _renumber(number: str | None, offset: int) -> str | None:
    if number is None:
        return None
    top, _, rest = number.partition(".")
    return f"{int(top) + offset}" + (f".{rest}" if rest else "")


def long_agenda(pages: int, cache: Path) -> Path:
    """An agenda of about ``pages`` pages: the seed's cover, then its items again and again
    with new numbers (item 2.3 of the third copy is 16.3), and a TOC listing them all.
    Deterministic, so it is made once per size into ``cache``."""
    path = cache / f"long-agenda-{pages}.pdf"
    if path.exists():
        return path
    sys.path.insert(0, str(SAMPLES))
    from content import layout
    from content.document import Document, build_dagsorden
    from content.seed import read_seed
    from make_samples import place_flow_twice

    def renumbered(lines: list[Any], offset: int) -> list[Any]:
        out = []
        for line in lines:
            line = copy.copy(line)
            line.item = _renumber(line.item, offset)
            if line.number is not None:
                line.number = _renumber(line.number, offset)
                text = _NUMBER.sub(lambda m: f"{int(m[1]) + offset}{m[2]}", line.text)
                if len(text) > len(line.text) and len(line.text) > LONG_TITLE:
                    # A wider number pushes a long title past the column: drop its last
                    # word, in the TOC and the heading alike.
                    text = text.rsplit(" ", 1)[0]
                line.text = text
            line.links = list(line.links)
            out.append(line)
        return out

    def top(number: str | None) -> int:
        return int((number or "0").split(".")[0])

    layout.register_fonts()
    seed = build_dagsorden(read_seed())
    first_toc = next(i for i, ln in enumerate(seed.lines) if ln.role == "toc")
    cover = seed.lines[:first_toc]
    # The seed's items grouped by their level-1 number, with their TOC lines.
    toc_of: dict[int, list[Any]] = {}
    current = 0
    for ln in seed.lines:
        if ln.role == "toc":
            current = top(ln.number) if ln.number else current
            toc_of.setdefault(current, []).append(ln)
    body_of: dict[int, list[Any]] = {}
    for ln in seed.lines:
        if ln.item is not None:
            body_of.setdefault(top(ln.item), []).append(ln)
    groups = [n for n in toc_of if n in body_of]
    # Set flowing in the KL style, the seed's item lines fill about 50 pages.
    per_page = sum(len(body_of[n]) for n in groups) / 50
    toc: list[Any] = []
    body: list[Any] = []
    k = 0
    while len(body) < pages * per_page:
        n = groups[k % len(groups)]
        offset = k + 1 - n  # level-1 numbers run on across the copies: 1, 2, ... 40
        toc += renumbered(toc_of[n], offset)
        body += renumbered(body_of[n], offset)
        k += 1
    toc_numbers = [ln.number for ln in toc if ln.number]
    lines = [*cover, *toc, *body]
    document = Document(kind="dagsorden", lines=lines, toc_numbers=toc_numbers)
    page_count = place_flow_twice(document, layout.KL_STYLE)
    cache.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.pdf")
    layout.render(document, layout.KL_STYLE, tmp, page_count, "Dagsorden KKR Sjælland")
    tmp.replace(path)
    return path


# --- report --------------------------------------------------------------------------------


def _table(rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        if n == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")


def folder_speedup(paths: list[Path], repeat: int) -> str:
    probe = subprocess.run(
        [*KKRPARSE, "parse", "--help"],
        capture_output=True,
        text=True,
    )
    if "--workers" not in probe.stdout:
        return "skipped: `kkrparse parse` has no --workers option yet"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for p in paths:
            shutil.copy(p, folder / p.name)
        times = {}
        for workers in (1, 2):
            runs = []
            for _ in range(repeat):
                out = Path(tmp) / f"out{workers}"
                shutil.rmtree(out, ignore_errors=True)
                start = time.perf_counter()
                subprocess.run(
                    [*KKRPARSE, "parse", str(folder), "-o", str(out),
                     "--workers", str(workers)],
                    check=True,
                    capture_output=True,
                )  # fmt: skip
                runs.append(time.perf_counter() - start)
            times[workers] = statistics.median(runs)
    return (
        f"{len(paths)} files: 1 worker {times[1]:.1f} s, 2 workers {times[2]:.1f} s, "
        f"speed-up {times[1] / times[2]:.2f}x on {os.cpu_count()} cores"
    )


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="50,100,200,400")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument(
        "--quick", action="store_true", help="long agendas: pdfplumber once, on the largest only"
    )
    args = parser.parse_args()
    paths = args.pdfs or sorted(SAMPLES.glob("*.pdf"))
    tasks = list(TASKS)
    baseline_note = ""
    if not (ROOT / "benchmarks" / "baseline.py").exists():
        tasks.remove("baseline (pdfplumber+regex)")
        baseline_note = "baseline skipped: benchmarks/baseline.py is not there yet"

    machine = f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores"
    print(f"machine: {machine}; median of {args.repeat} runs; {time.strftime('%Y-%m-%d')}")
    print(f"load average at the start: {os.getloadavg()[0]:.1f}; times are CPU seconds")
    print()
    print(f"## Corpus: {len(paths)} files")
    res = measure(tasks, paths, args.repeat)
    ref = res["kkrparse pdfplumber"]["seconds"]
    floor = res["pypdfium2 text"]["seconds"]
    rows = [
        ("run", "pages/CPU s", "wall s", "peak MB", "÷ kkrparse pdfplumber", "÷ pypdfium2 text")
    ]
    for task, r in res.items():
        rows.append(
            (task, f"{r['pages_per_s']:.1f}", f"{r['wall']:.1f}", f"{r['peak_mb']:.0f}",
             f"{r['seconds'] / ref:.3f}", f"{r['seconds'] / floor:.2f}")
        )  # fmt: skip
    _table(rows)
    pdfium = res["kkrparse pdfium"]["seconds"]
    plumber_text = res["pdfplumber extract_text"]["seconds"]
    print()
    print(f"pdfium engine is {ref / pdfium:.1f}x faster than the pdfplumber engine (target >= 8)")
    print(f"pdfium engine takes {pdfium / floor:.1f}x pypdfium2's plain text (aim <= 3)")
    print(f"pdfplumber engine takes {ref / plumber_text:.2f}x extract_text (target <= 1.25)")
    if baseline_note:
        print(baseline_note)

    sizes = [int(s) for s in args.sizes.split(",") if s]
    if sizes:
        print()
        print("## Long agendas (the seed's items repeated with running numbers)")
        both = ["kkrparse pdfium", "kkrparse pdfplumber"]
        rows = [("pages", "engine", "CPU ms/page", "peak MB")]
        per_page: dict[str, list[float]] = {t: [] for t in both}
        for size in sizes:
            path = long_agenda(size, args.cache)
            # --quick: pdfplumber (minutes per run) only once, on the largest agenda.
            if args.quick:
                got = measure(both[:1], [path], args.repeat)
                if size == max(sizes):
                    got.update(measure(both[1:], [path], 1))
            else:
                got = measure(both, [path], args.repeat)
            for t, r in got.items():
                per_page[t].append(1000 * r["seconds"] / r["pages"])
                rows.append(
                    (f"{r['pages']:.0f}", t, f"{per_page[t][-1]:.1f}", f"{r['peak_mb']:.0f}")
                )
        _table(rows)
        for t, values in per_page.items():
            if len(values) > 1:
                print(
                    f"{t}: CPU ms/page at the largest ÷ at the smallest: "
                    f"{values[-1] / values[0]:.2f}"
                )

    print()
    print("## Folder, 1 and 2 workers")
    print(folder_speedup(paths, args.repeat))


if __name__ == "__main__":
    main()

"""The accuracy gate: score parsed samples against their expected JSON, field by field.

``python -m kkrparse.evaluate [SAMPLES_DIR]`` parses every ``*.pdf`` that has an
``*.expected.json`` beside it and prints one score per field (0..1) for the corpus and per
sample. ``--baseline`` scores the naive pdfplumber + regex baseline in
``benchmarks/baseline.py`` side by side; ``--check`` exits 1 when a field is below its floor
in ``benchmarks/accuracy_floors.json``; ``--update-floors`` raises the floors to what was
measured and refuses to lower one unless ``--allow-lower`` is given too.

How the fields are scored (every score is hits / total; the corpus score adds the hits and
the totals of all samples, so it is micro-averaged):

- items are matched by number (several produced items with one number: the one whose
  heading is closest). ``items_found`` is the share of expected items matched,
  ``items_extra`` is 1 - unmatched produced items / produced items.
- item fields (``heading``, ``kind``, ``title``, ``case_number``, ``case_officer``,
  ``page_span``, ``section_keys``, ``decision``) are scored over *matched* items only, so a
  missing item lowers ``items_found`` and nothing else. ``decision`` counts the items where
  either side has one.
- sections are paired within a matched item by key and occurrence (the second
  ``sagsfremstilling`` with the second). ``section_span`` compares their pages,
  ``section_text_exact`` their whole text, and ``section_text`` is a word-level similarity:
  difflib's ratio over the whitespace-split word lists, 2·M / (words expected + words
  produced) with M the matched words, summed over sections. It ignores where lines and
  blocks break; ``section_text_exact`` does not.
- list fields (``recommendations``, ``attachments``, ``links`` as url + text + page,
  ``attendance`` as name + role + municipality + status, ``toc`` as number + title + page)
  are compared as multisets: common entries / the longer list's length.
- ``meeting`` is six comparisons per sample (body, date, document type, start and end
  time, location), ``appendix`` one (its pages, or that there is none).
- ``must_not_appear`` is the share of samples in whose produced texts (headings, titles,
  section texts, recommendations, decisions, attachments, link texts, TOC titles) none of
  the expected file's optional ``must_not_appear`` strings occurs, no soft hyphen occurs,
  and no hyphenation residue occurs: a word ending in ``-``, a space, then a lower-case
  word (``politi- ske``), unless the expected texts contain that very sequence
  (``bygge- og anlægsområdet``).

A sample the parser refuses (or crashes on) scores zero in every field, with the reason.

This is a command module: the scoring functions are pure and never print; only ``main``
and its helpers write to the terminal.
"""

from __future__ import annotations

import concurrent.futures
import difflib
import importlib.util
import json
import math
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kkrparse import KkrParseError, ParseOptions, parse_pdf
from kkrparse.options import Engine

JsonDict = Mapping[str, Any]

#: Every field, in the order the tables show them.
FIELDS: tuple[str, ...] = (
    "items_found",
    "items_extra",
    "heading",
    "kind",
    "title",
    "case_number",
    "case_officer",
    "page_span",
    "section_keys",
    "section_span",
    "section_text",
    "section_text_exact",
    "recommendations",
    "attachments",
    "links",
    "decision",
    "attendance",
    "meeting",
    "toc",
    "appendix",
    "must_not_appear",
)
#: Fields whose floor is measured; every other field is structural and pinned at 1.0 once
#: reached (a structure is either right or a bug).
TEXT_FIELDS = frozenset({"section_text", "section_text_exact", "must_not_appear"})
STRUCTURAL_FIELDS = tuple(f for f in FIELDS if f not in TEXT_FIELDS)

MEETING_FIELDS = ("body", "date", "document_type", "start_time", "end_time", "location")
#: A line-end hyphen left in the text with the line break turned into a space, e.g.
#: "centrale politi- ske udvalg": a word ending in "-", one space, a lower-case word.
HYPHEN_RESIDUE = re.compile(r"\w+- \w+")
SOFT_HYPHEN = "\u00ad"
#: Floors are rounded down to this many decimals, so a re-run of the same parser passes.
FLOOR_DECIMALS = 4


# --- scores ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    """Hits out of a total; the score is their ratio (None when there was nothing to score)."""

    hits: float = 0.0
    total: float = 0.0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.hits + other.hits, self.total + other.total)

    @property
    def score(self) -> float | None:
        return self.hits / self.total if self.total else None


@dataclass(frozen=True)
class SampleScore:
    """One sample's tallies per field; ``error`` is the reason when the parser refused it."""

    name: str
    tallies: Mapping[str, Tally]
    error: str | None = None
    leaks: tuple[str, ...] = ()

    def score(self, name: str) -> float | None:
        return self.tallies[name].score


@dataclass
class _Tallies:
    counts: dict[str, Tally] = field(default_factory=lambda: {f: Tally() for f in FIELDS})

    def add(self, name: str, hits: float, total: float = 1.0) -> None:
        self.counts[name] = self.counts[name] + Tally(hits, total)

    def check(self, name: str, ok: bool) -> None:
        self.add(name, 1.0 if ok else 0.0)


def word_match(want: str, got: str) -> Tally:
    """difflib's ratio over word lists as a tally: 2 × matched words / all words of both."""
    a, b = want.split(), got.split()
    if a == b:
        return Tally(2.0 * len(a), 2.0 * len(a))
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return Tally(2.0 * matched, float(len(a) + len(b)))


def _hashable(value: Any) -> Any:
    try:
        hash(value)
    except TypeError:  # a list or dict where a string was due: compare its JSON
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return value


def _bag(want: Iterable[Any], got: Iterable[Any]) -> Tally:
    """Multiset agreement of two lists: common entries over the longer list's length."""
    w, g = [_hashable(x) for x in want], [_hashable(x) for x in got]
    common = Counter(w) & Counter(g)
    return Tally(float(sum(common.values())), float(max(len(w), len(g))))


def _list(obj: JsonDict, key: str) -> list[Any]:
    value = obj.get(key)
    return list(value) if isinstance(value, list) else []


def _mapping(obj: JsonDict, key: str) -> JsonDict:
    value = obj.get(key)
    return value if isinstance(value, Mapping) else {}


def _dicts(obj: JsonDict, key: str) -> list[JsonDict]:
    return [v for v in _list(obj, key) if isinstance(v, Mapping)]


def _tuples(obj: JsonDict, key: str, fields: Sequence[str]) -> list[tuple[Any, ...]]:
    return [tuple(d.get(f) for f in fields) for d in _dicts(obj, key)]


def match_items(want: Sequence[JsonDict], got: Sequence[JsonDict]) -> list[tuple[int, int]]:
    """Pairs (expected index, produced index) of items with the same number.

    When several produced items carry one number (a body list mistaken for headings), the
    one whose heading is most like the expected heading is taken; the others are extras.
    """
    by_number: dict[str, list[int]] = {}
    for index, item in enumerate(got):
        by_number.setdefault(str(item.get("number")), []).append(index)
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for w_index, w in enumerate(want):
        candidates = [i for i in by_number.get(str(w.get("number")), []) if i not in used]
        if not candidates:
            continue
        heading = str(w.get("heading") or "")

        def closeness(i: int, heading: str = heading) -> tuple[float, int]:
            tally = word_match(heading, str(got[i].get("heading") or ""))
            return (tally.score or 0.0, -i)

        best = max(candidates, key=closeness)
        used.add(best)
        pairs.append((w_index, best))
    return pairs


def _pair_sections(
    want: Sequence[JsonDict], got: Sequence[JsonDict]
) -> Iterator[tuple[JsonDict, JsonDict]]:
    """Sections with the same key and occurrence (the 2nd ``baggrund`` with the 2nd)."""

    def keyed(sections: Sequence[JsonDict]) -> dict[tuple[Any, int], JsonDict]:
        seen: Counter[Any] = Counter()
        out: dict[tuple[Any, int], JsonDict] = {}
        for section in sections:
            key = section.get("key")
            out[(key, seen[key])] = section
            seen[key] += 1
        return out

    produced = keyed(got)
    for ident, section in keyed(want).items():
        if ident in produced:
            yield section, produced[ident]


def _span(obj: JsonDict) -> tuple[Any, Any]:
    return obj.get("page_start"), obj.get("page_end")


def _item_texts(agenda: JsonDict) -> Iterator[str]:
    """Every text a person would read from the items and the TOC."""
    for entry in _dicts(agenda, "toc"):
        yield str(entry.get("title") or "")
    for item in _dicts(agenda, "items"):
        yield str(item.get("heading") or "")
        yield str(item.get("title") or "")
        yield str(item.get("decision") or "")
        yield from (str(s.get("text") or "") for s in _dicts(item, "sections"))
        yield from (str(r) for r in _list(item, "recommendations"))
        yield from (str(a) for a in _list(item, "attachments"))
        yield from (str(link.get("text") or "") for link in _dicts(item, "links"))


def find_leaks(want: JsonDict, got: JsonDict) -> tuple[str, ...]:
    """What must not appear but does: the expected file's strings, soft hyphens, residues."""
    texts = [t for t in _item_texts(got) if t]
    expected_blob = "\n".join(_item_texts(want))
    leaks: list[str] = []
    for bad in _list(want, "must_not_appear"):
        if isinstance(bad, str) and bad and any(bad in t for t in texts):
            leaks.append(bad)
    if any(SOFT_HYPHEN in t for t in texts):
        leaks.append(SOFT_HYPHEN)
    for text in texts:
        for match in HYPHEN_RESIDUE.finditer(text):
            residue = match.group(0)
            left, right = residue.split("- ", 1)
            if left[-1].isalpha() and right[0].islower() and residue not in expected_blob:
                leaks.append(residue)
    return tuple(dict.fromkeys(leaks))


def score_agenda(want: JsonDict, got: JsonDict, name: str = "") -> SampleScore:
    """Score one produced agenda dict against the expected one (both as JSON dicts)."""
    t = _Tallies()
    want_items, got_items = _dicts(want, "items"), _dicts(got, "items")
    pairs = match_items(want_items, got_items)
    t.add("items_found", len(pairs), len(want_items))
    t.add("items_extra", len(pairs), len(got_items))  # produced items that match one

    for w_index, g_index in pairs:
        w, g = want_items[w_index], got_items[g_index]
        for key in ("heading", "kind", "title", "case_number", "case_officer"):
            t.check(key, w.get(key) == g.get(key))
        t.check("page_span", _span(w) == _span(g))
        w_sections, g_sections = _dicts(w, "sections"), _dicts(g, "sections")
        t.check(
            "section_keys", [s.get("key") for s in w_sections] == [s.get("key") for s in g_sections]
        )
        for ws, gs in _pair_sections(w_sections, g_sections):
            t.check("section_span", _span(ws) == _span(gs))
            w_text, g_text = str(ws.get("text") or ""), str(gs.get("text") or "")
            t.check("section_text_exact", w_text == g_text)
            match = word_match(w_text, g_text)
            t.add("section_text", match.hits, match.total)
        for key in ("recommendations", "attachments"):
            bag = _bag(_list(w, key), _list(g, key))
            t.add(key, bag.hits, bag.total)
        links = _bag(
            _tuples(w, "links", ("url", "text", "page")),
            _tuples(g, "links", ("url", "text", "page")),
        )
        t.add("links", links.hits, links.total)
        if w.get("decision") is not None or g.get("decision") is not None:
            t.check("decision", w.get("decision") == g.get("decision"))

    w_meeting, g_meeting = _mapping(want, "meeting"), _mapping(got, "meeting")
    for key in MEETING_FIELDS:
        t.check("meeting", w_meeting.get(key) == g_meeting.get(key))
    person = ("name", "role", "municipality", "status")
    attendance = _bag(
        _tuples(w_meeting, "attendance", person), _tuples(g_meeting, "attendance", person)
    )
    t.add("attendance", attendance.hits, attendance.total)
    toc = _bag(
        _tuples(want, "toc", ("number", "title", "page")),
        _tuples(got, "toc", ("number", "title", "page")),
    )
    t.add("toc", toc.hits, toc.total)

    def appendix(agenda: JsonDict) -> tuple[Any, Any] | None:
        value = agenda.get("appendix")
        return _span(value) if isinstance(value, Mapping) else None

    t.check("appendix", appendix(want) == appendix(got))
    leaks = find_leaks(want, got)
    t.check("must_not_appear", not leaks)
    return SampleScore(name, dict(t.counts), leaks=leaks)


def refused(want: JsonDict, name: str, reason: str) -> SampleScore:
    """A sample the parser refused: zero in every field, out of what a perfect parse scores."""
    perfect = score_agenda(want, want)
    tallies = {f: Tally(0.0, max(perfect.tallies[f].total, 1.0)) for f in FIELDS}
    return SampleScore(name, tallies, error=reason)


def corpus_tallies(samples: Iterable[SampleScore]) -> dict[str, Tally]:
    """Micro-average: the hits and totals of every sample added up, per field."""
    total = {f: Tally() for f in FIELDS}
    for sample in samples:
        for f in FIELDS:
            total[f] = total[f] + sample.tallies[f]
    return total


# --- floors ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FloorFailure:
    """A field below its floor, and the samples that pulled it down."""

    field: str
    value: float
    floor: float
    samples: tuple[tuple[str, float, str | None], ...]  # name, value, refusal reason

    def describe(self) -> str:
        culprits = ", ".join(
            f"{name} {value:.4f}" + (f" ({error})" if error else "")
            for name, value, error in self.samples
        )
        return f"{self.field}: {self.value:.4f} < floor {self.floor:.4f}; samples: {culprits}"


def check_floors(floors: Mapping[str, float], samples: Sequence[SampleScore]) -> list[FloorFailure]:
    """Fields whose corpus score is below the pinned floor, each naming the samples below it."""
    corpus = corpus_tallies(samples)
    failures = []
    for name in FIELDS:
        floor = floors.get(name)
        value = corpus[name].score
        if floor is None or value is None or value >= floor:
            continue
        below = tuple(
            (s.name, score, s.error)
            for s in samples
            if (score := s.score(name)) is not None and score < floor
        )
        failures.append(FloorFailure(name, value, floor, below))
    return failures


def round_down(value: float, decimals: int = FLOOR_DECIMALS) -> float:
    scale = 10.0**decimals
    return math.floor(value * scale + 1e-9) / scale


def updated_floors(
    floors: Mapping[str, float], measured: Mapping[str, float | None], *, allow_lower: bool
) -> tuple[dict[str, float], list[str]]:
    """New floors from measured scores, and the fields that would go down.

    A text field's floor is what was measured, rounded down. A structural field is pinned
    only at 1.0: a structure is right or a bug, and a floor of 0.97 would only say which
    bugs we have got used to, so below 1.0 it has no floor. A floor goes down (or a
    structural one is dropped) only with ``allow_lower``; when any would without it, the
    old floors come back unchanged with the list of those fields, and nothing may be written.
    """
    new = dict(floors)
    lowered = []
    for name in FIELDS:
        value = measured.get(name)
        if value is None:
            continue
        candidate: float | None = round_down(value)
        if name not in TEXT_FIELDS and candidate is not None and candidate < 1.0:
            candidate = None
        old = floors.get(name)
        if old is not None and (candidate is None or candidate < old):
            lowered.append(name)
            if not allow_lower:
                continue
        if candidate is None:
            new.pop(name, None)
        else:
            new[name] = candidate
    if lowered and not allow_lower:
        return dict(floors), lowered
    return {f: new[f] for f in FIELDS if f in new}, lowered


def read_floors(path: Path) -> dict[str, float]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {str(k): float(v) for k, v in data["floors"].items()}


def write_floors(path: Path, floors: Mapping[str, float]) -> None:
    doc = {
        "about": (
            "Accuracy floors of `python -m kkrparse.evaluate samples --check`: the corpus "
            "score of each field may not fall below these. Structural fields are pinned "
            "at 1.0 once reached. Written only by --update-floors, which never lowers a "
            "floor without --allow-lower."
        ),
        "floors": {f: floors[f] for f in FIELDS if f in floors},
    }
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


# --- running the parsers ---------------------------------------------------------------------

KKRPARSE = "kkrparse"
BASELINE = "baseline"
Outcome = tuple[dict[str, Any] | None, str | None]  # the produced dict, or why there is none


def _load_baseline(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("kkrparse_baseline", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_one(job: tuple[str, str, str]) -> Outcome:
    """Parse one PDF; ``job`` is (what, engine or baseline path, pdf path). Never raises."""
    what, how, pdf = job
    try:
        if what == KKRPARSE:
            options = ParseOptions.model_validate({"engine": how})
            return parse_pdf(Path(pdf), options).model_dump(mode="json"), None
        produce: Callable[[Path], dict[str, Any]] = _load_baseline(Path(how)).parse_baseline
        return produce(Path(pdf)), None
    except KkrParseError as exc:
        return None, f"{exc.reason}: {exc}"
    except Exception as exc:  # a crash is a bug, but the table must still be printed
        return None, f"crashed: {type(exc).__name__}: {exc}"


DIED = "crashed: the parser's process died"


def _isolated(job: tuple[str, str, str]) -> Outcome:
    with concurrent.futures.ProcessPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(run_one, job).result()
        except BrokenProcessPool:
            return None, DIED


def run_jobs(jobs: Sequence[tuple[str, str, str]], workers: int) -> list[Outcome]:
    """``run_one`` over the jobs, in order, in ``workers`` processes.

    A crash in native code kills a worker and breaks the whole pool, so the jobs it took
    down are run again one process each: only the culprit is marked as died.
    """
    if workers <= 1 or len(jobs) <= 1:
        return [run_one(job) for job in jobs]
    outcomes: list[Outcome | None] = []
    try:
        with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(run_one, job) for job in jobs]
            for future in futures:
                try:
                    outcomes.append(future.result())
                except BrokenProcessPool:
                    outcomes.append(None)
    except (OSError, NotImplementedError):  # no process pools here (no /dev/shm, say)
        return [run_one(job) for job in jobs]
    pairs = zip(outcomes, jobs, strict=True)
    return [out if out is not None else _isolated(job) for out, job in pairs]


def find_samples(folder: Path) -> list[tuple[Path, Path]]:
    """(pdf, expected json) pairs: every ``X.expected.json`` with its ``X.pdf``."""
    pairs = []
    for expected in sorted(folder.glob("*.expected.json")):
        pdf = expected.with_name(expected.name.removesuffix(".expected.json") + ".pdf")
        pairs.append((pdf, expected))
    return pairs


def read_expected(samples: Sequence[tuple[Path, Path]]) -> list[dict[str, Any]]:
    """The expected JSON of every sample; a ValueError names the file that is not JSON."""
    truths = []
    for _, expected in samples:
        try:
            truth = json.loads(expected.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ValueError(f"{expected}: {exc}") from exc
        if not isinstance(truth, dict):
            raise ValueError(f"{expected}: not a JSON object")
        truths.append(truth)
    return truths


def evaluate(
    samples: Sequence[tuple[Path, Path]], runners: Sequence[tuple[str, str]], workers: int
) -> dict[str, list[SampleScore]]:
    """Scores per runner (``(KKRPARSE, engine)`` or ``(BASELINE, path)``), samples in order.

    Raises ValueError, before parsing anything, when an expected file is not JSON.
    """
    truths = read_expected(samples)
    jobs = [(what, how, str(pdf)) for what, how in runners for pdf, _ in samples]
    outcomes = run_jobs(jobs, workers)
    results: dict[str, list[SampleScore]] = {}
    for r, (what, _) in enumerate(runners):
        scores = []
        for s, ((pdf, _), want) in enumerate(zip(samples, truths, strict=True)):
            got, error = outcomes[r * len(samples) + s]
            name = pdf.name.removesuffix(".pdf")
            if not pdf.exists():
                scores.append(refused(want, name, "missing: no PDF beside the expected JSON"))
            elif got is None:
                scores.append(refused(want, name, error or "no output"))
            else:
                try:
                    scores.append(score_agenda(want, got, name))
                except Exception as exc:  # output too malformed to score is a zero, not a crash
                    scores.append(refused(want, name, f"unscorable: {type(exc).__name__}: {exc}"))
        results[what] = scores
    return results


# --- the command -----------------------------------------------------------------------------


def _fmt4(value: float | None) -> str:
    return "–" if value is None else f"{round_down(value):.4f}"


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.2f}"


def _field_table(
    results: Mapping[str, Sequence[SampleScore]], floors: Mapping[str, float]
) -> Table:
    table = Table(title="Accuracy per field (%; corpus, micro-averaged)", box=box.SIMPLE)
    table.add_column("field")
    table.add_column("kind")
    for what in results:
        table.add_column(what, justify="right")
    table.add_column("floor", justify="right")
    corpus = {what: corpus_tallies(scores) for what, scores in results.items()}
    for name in FIELDS:
        floor = floors.get(name)
        cells = []
        for what in results:
            value = corpus[what][name].score
            cell = _fmt(value)
            if what == KKRPARSE and floor is not None and value is not None and value < floor:
                cell = f"[red]{cell}[/red]"
            cells.append(cell)
        kind = "text" if name in TEXT_FIELDS else "structure"
        table.add_row(name, kind, *cells, _fmt(floor))
    return table


_SAMPLE_COLUMNS = (
    ("found", "items_found"),
    ("extra", "items_extra"),
    ("pages", "page_span"),
    ("sections", "section_keys"),
    ("text", "section_text"),
    ("exact", "section_text_exact"),
    ("clean", "must_not_appear"),
)


def _sample_table(what: str, scores: Sequence[SampleScore]) -> Table:
    table = Table(title=f"{what}: per sample (%)", box=box.SIMPLE)
    table.add_column("sample", overflow="fold")
    for header, _ in _SAMPLE_COLUMNS:
        table.add_column(header, justify="right")
    table.add_column("other fields below 100 %", overflow="fold")
    shown = {f for _, f in _SAMPLE_COLUMNS}
    for sample in scores:
        if sample.error:
            cells = ["0.00"] * len(_SAMPLE_COLUMNS)
            note = f"[red]refused: {escape(sample.error)}[/red]"
        else:
            cells = [_fmt(sample.score(f)) for _, f in _SAMPLE_COLUMNS]
            below = [
                f"{f} {_fmt(v)}"
                for f in FIELDS
                if f not in shown and (v := sample.score(f)) is not None and v < 1
            ]
            note = ", ".join(below)
            if sample.leaks:
                leaks = ", ".join(repr(x) for x in sample.leaks[:5])
                note += ("; " if note else "") + "leaks: " + escape(leaks)
        table.add_row(escape(sample.name), *cells, note)
    return table


def _as_json(
    results: Mapping[str, Sequence[SampleScore]],
    floors: Mapping[str, float],
    failures: Sequence[FloorFailure],
) -> dict[str, Any]:
    def tallies(t: Mapping[str, Tally]) -> dict[str, Any]:
        return {f: {"score": t[f].score, "hits": t[f].hits, "total": t[f].total} for f in FIELDS}

    return {
        "fields": list(FIELDS),
        "structural": list(STRUCTURAL_FIELDS),
        "floors": dict(floors),
        "results": {
            what: {
                "corpus": tallies(corpus_tallies(scores)),
                "samples": [
                    {
                        "name": s.name,
                        "error": s.error,
                        "leaks": list(s.leaks),
                        "fields": tallies(s.tallies),
                    }
                    for s in scores
                ],
            }
            for what, scores in results.items()
        },
        "below_floor": [
            {
                "field": f.field,
                "value": f.value,
                "floor": f.floor,
                "samples": [{"name": n, "value": v, "error": e} for n, v, e in f.samples],
            }
            for f in failures
        ],
    }


def _repo_path(relative: str) -> Path:
    """A project file: under the working directory, else beside the source checkout."""
    here = Path.cwd() / relative
    if here.exists():
        return here
    checkout = Path(__file__).resolve().parents[2] / relative
    return checkout if checkout.exists() else here


app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)


@app.command()
def main(
    samples_dir: Annotated[
        Path, typer.Argument(help="Folder of X.pdf + X.expected.json pairs.")
    ] = Path("samples"),
    engine: Annotated[Engine, typer.Option(help="kkrparse's PDF engine.")] = "auto",
    baseline: Annotated[
        bool, typer.Option("--baseline", help="Score benchmarks/baseline.py side by side.")
    ] = False,
    check: Annotated[
        bool, typer.Option("--check", help="Exit 1 when a field is below its floor.")
    ] = False,
    update_floors: Annotated[
        bool, typer.Option("--update-floors", help="Pin the floors at the measured scores.")
    ] = False,
    allow_lower: Annotated[
        bool, typer.Option("--allow-lower", help="Let --update-floors lower a floor.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON, not tables.")] = False,
    floors_file: Annotated[
        Path | None,
        typer.Option("--floors", help="Floors file (default: benchmarks/accuracy_floors.json)."),
    ] = None,
    baseline_file: Annotated[
        Path | None,
        typer.Option("--baseline-file", help="Baseline module (default: benchmarks/baseline.py)."),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="Parallel parser processes.")] = 2,
) -> None:
    """Score every sample against its expected JSON, per field and per sample."""
    err = Console(stderr=True, highlight=False)
    samples = find_samples(samples_dir)
    if not samples:
        err.print(f"error: no *.expected.json in {samples_dir}")
        raise typer.Exit(2)
    floors_path = floors_file or _repo_path("benchmarks/accuracy_floors.json")
    runners = [(KKRPARSE, str(engine))]
    if baseline:
        baseline_path = baseline_file or _repo_path("benchmarks/baseline.py")
        if not baseline_path.exists():
            err.print(f"error: no baseline at {baseline_path}")
            raise typer.Exit(2)
        runners.append((BASELINE, str(baseline_path)))
    if check and not update_floors and not floors_path.exists():
        err.print(f"error: no floors file at {floors_path} (make one with --update-floors)")
        raise typer.Exit(2)

    try:
        results = evaluate(samples, runners, workers)
    except ValueError as exc:
        err.print(f"error: {exc}", soft_wrap=True)
        raise typer.Exit(2) from None
    ours = results[KKRPARSE]
    floors = read_floors(floors_path) if floors_path.exists() else {}
    status = 0
    if update_floors:
        measured = {f: t.score for f, t in corpus_tallies(ours).items()}
        new, lowered = updated_floors(floors, measured, allow_lower=allow_lower)
        if lowered and not allow_lower:
            err.print(
                "refused: these floors would go down (add --allow-lower to mean it): "
                + ", ".join(f"{f} {floors[f]:.4f} → {_fmt4(measured[f])}" for f in lowered)
            )
            status = 1
        else:
            write_floors(floors_path, new)
            floors = new
            err.print(f"floors written to {floors_path}")
    failures = check_floors(floors, ours) if check else []

    if as_json:
        print(json.dumps(_as_json(results, floors, failures), ensure_ascii=False, indent=2))
    else:
        out = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
        out.print(_field_table(results, floors))
        for what, scores in results.items():
            out.print(_sample_table(what, scores))
    for sample in ours:
        if sample.error:
            err.print(f"{sample.name}: refused: {sample.error}", soft_wrap=True)
    for failure in failures:
        err.print(f"below floor: {failure.describe()}", soft_wrap=True)
    if failures:
        status = 1
    raise typer.Exit(status)

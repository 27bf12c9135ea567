"""``python -m kkrparse.evaluate [SAMPLES_DIR]``: the accuracy gate's command.

Parses every sample that has an expected file, scores it with :mod:`kkrparse.evaluate`, and
prints one table per field and one per sample (or ``--json``). kkrparse's side is parsed by
the worker runner (:func:`kkrparse.runner.run`), with its time and memory limits, exactly as
``kkrparse parse`` parses a folder. The baseline (``benchmarks/baseline.py``) is a plain
module, not a kkrparse parse: it runs in a process pool of ``--workers`` (in this process
with one worker), where a process that dies is one refused sample.

``--real DIR`` also scores the real documents: the PDFs in ``DIR`` (``../shared/real``,
kept outside the repository) against the truths in ``tests/real/``, as a table of their own
with floors of their own (``benchmarks/accuracy_floors_real.json``). When ``DIR`` is absent
the real table is skipped with a note, except under ``CI=true``, where that fails the run:
the gate must not pass by not running.

Exit status: 0 scored (and with ``--check``, no field below its floor), 1 a field below its
floor, ``--update-floors`` refused to lower one, or the real documents missing under
``CI=true``; 2 usage error.
"""

from __future__ import annotations

import concurrent.futures
import importlib.util
import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kkrparse import KkrParseError, ParseOptions, parse_pdf, runner
from kkrparse.cli import common
from kkrparse.cli.common import ExitCode
from kkrparse.evaluate import (
    FIELDS,
    STRUCTURAL_FIELDS,
    TEXT_FIELDS,
    FloorFailure,
    SampleScore,
    Tally,
    check_floors,
    corpus_tallies,
    find_samples,
    read_expected,
    read_floors,
    round_down,
    score_sample,
    updated_floors,
    write_floors,
)
from kkrparse.options import Engine

KKRPARSE = "kkrparse"
BASELINE = "baseline"
Outcome = tuple[dict[str, Any] | None, str | None]  # the produced dict, or why there is none
REAL = "real documents"
MISSING = "missing: no PDF beside the expected JSON"
DIED = "crashed: the parser's process died"


# --- kkrparse, through the runner ------------------------------------------------------------


def _parse_here(pdf: Path, options: ParseOptions) -> Outcome:
    """Where the runner's workers are not supported (Windows): parse in this process."""
    try:
        return parse_pdf(pdf, options).model_dump(mode="json"), None
    except Exception as exc:
        outcome, reason = runner.outcome_of(exc)
        return None, f"{outcome}: {reason}"


def run_kkrparse(pdfs: Sequence[Path], engine: Engine, workers: int) -> dict[Path, Outcome]:
    """kkrparse's output for every PDF, each parsed in a worker process with the runner's
    default limits. A refusal, timeout or crash is ``(None, "OUTCOME: REASON")``.

    Raises :class:`kkrparse.runner.RunnerError` when workers cannot start at all.
    """
    options = ParseOptions(engine=engine)
    if not runner.SUPPORTED:
        return {pdf: _parse_here(pdf, options) for pdf in pdfs}
    jobs = [runner.Job(str(index), pdf) for index, pdf in enumerate(pdfs)]
    outcomes: dict[Path, Outcome] = {}
    for result in runner.run(jobs, options, runner.Limits(), workers):
        pdf = pdfs[int(result.key)]
        if result.outcome == "ok" and result.agenda_json is not None:
            outcomes[pdf] = json.loads(result.agenda_json), None
        else:
            outcomes[pdf] = None, f"{result.outcome}: {result.reason}"
    return outcomes


# --- the baseline, in a process pool ---------------------------------------------------------


def _load_baseline(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("kkrparse_baseline", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_baseline_one(job: tuple[str, str]) -> Outcome:
    """The baseline on one PDF; ``job`` is (baseline path, pdf path). Never raises."""
    baseline, pdf = job
    try:
        produce: Callable[[Path], dict[str, Any]] = _load_baseline(Path(baseline)).parse_baseline
        return produce(Path(pdf)), None
    except KkrParseError as exc:
        return None, f"{exc.reason}: {exc}"
    except Exception as exc:  # a crash is a bug, but the table must still be printed
        return None, f"crashed: {type(exc).__name__}: {exc}"


def _isolated(job: tuple[str, str]) -> Outcome:
    with concurrent.futures.ProcessPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(run_baseline_one, job).result()
        except BrokenProcessPool:
            return None, DIED


def run_baseline(baseline: Path, pdfs: Sequence[Path], workers: int) -> dict[Path, Outcome]:
    """The baseline's output for every PDF, in ``workers`` processes.

    A crash in native code kills a worker and breaks the whole pool, so the jobs it took
    down are run again one process each: only the culprit is marked as died.
    """
    jobs = [(str(baseline), str(pdf)) for pdf in pdfs]
    if workers <= 1 or len(jobs) <= 1:
        return {pdf: run_baseline_one(job) for pdf, job in zip(pdfs, jobs, strict=True)}
    outcomes: list[Outcome | None] = []
    try:
        with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(run_baseline_one, job) for job in jobs]
            for future in futures:
                try:
                    outcomes.append(future.result())
                except BrokenProcessPool:
                    outcomes.append(None)
    except (OSError, NotImplementedError):  # no process pools here (no /dev/shm, say)
        return {pdf: run_baseline_one(job) for pdf, job in zip(pdfs, jobs, strict=True)}
    triples = zip(pdfs, outcomes, jobs, strict=True)
    return {pdf: out if out is not None else _isolated(job) for pdf, out, job in triples}


# --- scoring ---------------------------------------------------------------------------------


def evaluate(
    samples: Sequence[tuple[Path, Path]], runners: Sequence[tuple[str, str]], workers: int
) -> dict[str, list[SampleScore]]:
    """Scores per runner (``(KKRPARSE, engine)`` or ``(BASELINE, path)``), samples in order.

    Raises ValueError, before parsing anything, when an expected file is not JSON.
    """
    truths = read_expected(samples)
    present = [pdf for pdf, _ in samples if pdf.exists()]
    results: dict[str, list[SampleScore]] = {}
    for what, how in runners:
        if what == KKRPARSE:
            engine: Engine = ParseOptions.model_validate({"engine": how}).engine
            produced = run_kkrparse(present, engine, workers)
        else:
            produced = run_baseline(Path(how), present, workers)
        results[what] = [
            score_sample(want, pdf.name.removesuffix(".pdf"), *produced.get(pdf, (None, MISSING)))
            for (pdf, _), want in zip(samples, truths, strict=True)
        ]
    return results


# --- output ----------------------------------------------------------------------------------


def _fmt4(value: float | None) -> str:
    return "–" if value is None else f"{round_down(value):.4f}"


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.2f}"


def _field_table(
    results: Mapping[str, Sequence[SampleScore]],
    floors: Mapping[str, float],
    title: str = "Accuracy per field (%; corpus, micro-averaged)",
) -> Table:
    table = Table(title=title, box=box.SIMPLE)
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


def _sample_note(sample: SampleScore) -> str:
    """The fields below 100 % that have no column of their own, and the leaks."""
    shown = {f for _, f in _SAMPLE_COLUMNS}
    below = [
        f"{f} {_fmt(v)}"
        for f in FIELDS
        if f not in shown and (v := sample.score(f)) is not None and v < 1
    ]
    note = ", ".join(below)
    if sample.leaks:
        leaks = ", ".join(repr(x) for x in sample.leaks[:5])
        note += ("; " if note else "") + "leaks: " + escape(leaks)
    return note


def _sample_table(what: str, scores: Sequence[SampleScore]) -> Table:
    table = Table(title=f"{what}: per sample (%)", box=box.SIMPLE)
    table.add_column("sample", overflow="fold")
    for header, _ in _SAMPLE_COLUMNS:
        table.add_column(header, justify="right")
    table.add_column("other fields below 100 %", overflow="fold")
    for sample in scores:
        refusal = sample.tallies["refusals"]
        if refusal.total:
            cells = ["–"] * len(_SAMPLE_COLUMNS)
            note = f"[red]{escape(sample.error)}[/red]" if sample.error else "refused, as expected"
        elif sample.error:
            cells = ["0.00"] * len(_SAMPLE_COLUMNS)
            note = f"[red]refused: {escape(sample.error)}[/red]"
        else:
            cells = [_fmt(sample.score(f)) for _, f in _SAMPLE_COLUMNS]
            note = _sample_note(sample)
        table.add_row(escape(sample.name), *cells, note)
    return table


def _tallies_json(t: Mapping[str, Tally]) -> dict[str, Any]:
    return {f: {"score": t[f].score, "hits": t[f].hits, "total": t[f].total} for f in FIELDS}


def unscored(scores: Sequence[SampleScore]) -> list[str]:
    """Every truth field no score read, over a set of samples, in first-seen order."""
    return list(dict.fromkeys(key for s in scores for key in s.unscored))


def as_json(
    results: Mapping[str, Sequence[SampleScore]],
    floors: Mapping[str, float],
    failures: Sequence[FloorFailure],
) -> dict[str, Any]:
    """Everything ``--json`` prints for one set of samples, for machines."""
    return {
        "fields": list(FIELDS),
        "structural": list(STRUCTURAL_FIELDS),
        "floors": dict(floors),
        "results": {
            what: {
                "corpus": _tallies_json(corpus_tallies(scores)),
                "unscored": unscored(scores),
                "samples": [
                    {
                        "name": s.name,
                        "error": s.error,
                        "leaks": list(s.leaks),
                        "unscored": list(s.unscored),
                        "fields": _tallies_json(s.tallies),
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


@dataclass(frozen=True)
class _Gated:
    """One scored set (the corpus, or the real documents) with its floors and failures."""

    results: Mapping[str, Sequence[SampleScore]]
    floors: Mapping[str, float]
    failures: Sequence[FloorFailure]


def _print_results(corpus: _Gated, real: _Gated | None, as_json_output: bool, err: Console) -> None:
    if as_json_output:
        doc = as_json(corpus.results, corpus.floors, corpus.failures)
        if real is not None:
            doc["real"] = as_json(real.results, real.floors, real.failures)
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        out = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
        out.print(_field_table(corpus.results, corpus.floors))
        for what, scores in corpus.results.items():
            out.print(_sample_table(what, scores))
        if real is not None:
            title = "Real documents: accuracy per field (%; micro-averaged)"
            out.print(_field_table(real.results, real.floors, title))
            out.print(_sample_table(f"{REAL}: {KKRPARSE}", real.results[KKRPARSE]))
            fields = unscored(real.results[KKRPARSE])
            if fields:
                out.print("Not scored (truth fields the parser does not produce yet): "
                          + ", ".join(fields), soft_wrap=True)  # fmt: skip
    for label, gated in (("", corpus), (f"{REAL}: ", real)):
        if gated is None:
            continue
        for sample in gated.results[KKRPARSE]:
            if sample.error:
                err.print(f"{label}{sample.name}: refused: {sample.error}", soft_wrap=True)
        for failure in gated.failures:
            err.print(f"{label}below floor: {failure.describe()}", soft_wrap=True)


# --- the command -----------------------------------------------------------------------------


def _repo_path(relative: str) -> Path:
    """A project file: under the working directory, else beside the source checkout."""
    here = Path.cwd() / relative
    if here.exists():
        return here
    checkout = Path(__file__).resolve().parents[3] / relative  # src/kkrparse/cli/evaluate.py
    return checkout if checkout.exists() else here


def _usage(err: Console, message: str, soft_wrap: bool = False) -> typer.Exit:
    err.print(f"error: {message}", soft_wrap=soft_wrap)
    return typer.Exit(ExitCode.USAGE)


def _update_floors(
    floors_path: Path,
    floors: dict[str, float],
    ours: Sequence[SampleScore],
    allow_lower: bool,
    err: Console,
    real: bool = False,
) -> tuple[dict[str, float], bool]:
    """Pin the floors at what was measured: the floors now, and whether that was refused."""
    measured = {f: t.score for f, t in corpus_tallies(ours).items()}
    new, lowered = updated_floors(floors, measured, allow_lower=allow_lower)
    if lowered and not allow_lower:
        err.print(
            f"refused: these {REAL + ' ' if real else ''}floors would go down "
            "(add --allow-lower to mean it): "
            + ", ".join(f"{f} {floors[f]:.4f} → {_fmt4(measured[f])}" for f in lowered)
        )
        return floors, True
    if real:
        write_floors(floors_path, new, "samples --real ../shared/real --check", REAL)
    else:
        write_floors(floors_path, new)
    err.print(f"floors written to {floors_path}")
    return new, False


app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)


def _real_samples(
    real: Path | None, truth_dir: Path | None, err: Console
) -> list[tuple[Path, Path]] | None:
    """The real documents to score (None when not asked, or absent outside CI).

    Raises typer.Exit: the real PDFs are missing under ``CI=true`` (exit 1), or there are
    no truths (usage error).
    """
    if real is None:
        return None
    truths = truth_dir or _repo_path("tests/real")
    samples = find_samples(truths, real)
    if not samples:
        raise _usage(err, f"no *.expected.json in {truths}")
    if not real.is_dir():
        if os.environ.get("CI") == "true":
            common.error_line(err, f"{real}: the real documents are missing (CI=true)")
            raise typer.Exit(ExitCode.FAILED)
        err.print(f"skipped the {REAL}: {real} is absent", soft_wrap=True)
        return None
    return samples


def _gate(
    results: dict[str, list[SampleScore]],
    floors_path: Path,
    options: tuple[bool, bool, bool],
    err: Console,
    real: bool = False,
) -> tuple[_Gated, bool]:
    """Floors read (and with ``--update-floors`` moved) and checked for one scored set; and
    whether moving them was refused."""
    check, update_floors, allow_lower = options
    floors = read_floors(floors_path) if floors_path.exists() else {}
    refused_update = False
    if update_floors:
        floors, refused_update = _update_floors(
            floors_path, floors, results[KKRPARSE], allow_lower, err, real
        )
    failures = check_floors(floors, results[KKRPARSE]) if check else []
    return _Gated(results, floors, failures), refused_update


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
    as_json_output: Annotated[bool, typer.Option("--json", help="Print JSON, not tables.")] = False,
    floors_file: Annotated[
        Path | None,
        typer.Option("--floors", help="Floors file (default: benchmarks/accuracy_floors.json)."),
    ] = None,
    baseline_file: Annotated[
        Path | None,
        typer.Option("--baseline-file", help="Baseline module (default: benchmarks/baseline.py)."),
    ] = None,
    real: Annotated[
        Path | None,
        typer.Option("--real", help="Folder of the real PDFs: score them as a table of their own."),
    ] = None,
    real_truth: Annotated[
        Path | None,
        typer.Option("--real-truth", help="Truths of the real PDFs (default: tests/real)."),
    ] = None,
    real_floors_file: Annotated[
        Path | None,
        typer.Option(
            "--real-floors", help="Their floors (default: benchmarks/accuracy_floors_real.json)."
        ),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="Parallel parser processes.")] = 2,
) -> None:
    """Score every sample against its expected JSON, per field and per sample."""
    err = common.stderr_console()
    samples = find_samples(samples_dir)
    if not samples:
        raise _usage(err, f"no *.expected.json in {samples_dir}")
    floors_path = floors_file or _repo_path("benchmarks/accuracy_floors.json")
    real_floors = real_floors_file or _repo_path("benchmarks/accuracy_floors_real.json")
    runners = [(KKRPARSE, str(engine))]
    if baseline:
        baseline_path = baseline_file or _repo_path("benchmarks/baseline.py")
        if not baseline_path.exists():
            raise _usage(err, f"no baseline at {baseline_path}")
        runners.append((BASELINE, str(baseline_path)))
    real_samples = _real_samples(real, real_truth, err)
    for path in (floors_path, real_floors if real_samples is not None else None):
        if path is not None and check and not update_floors and not path.exists():
            raise _usage(err, f"no floors file at {path} (make one with --update-floors)")
    try:
        results = evaluate(samples, runners, workers)
        real_results = (
            evaluate(real_samples, runners[:1], workers) if real_samples is not None else None
        )
    except ValueError as exc:
        raise _usage(err, str(exc), soft_wrap=True) from None
    except runner.RunnerError as exc:  # the installation, not a sample, is broken
        common.error_line(err, str(exc))
        raise typer.Exit(ExitCode.FAILED) from None
    options = (check, update_floors, allow_lower)
    corpus, refused_update = _gate(results, floors_path, options, err)
    gated_real = None
    if real_results is not None:
        gated_real, refused_real = _gate(real_results, real_floors, options, err, real=True)
        refused_update = refused_update or refused_real
    _print_results(corpus, gated_real, as_json_output, err)
    failed = refused_update or corpus.failures or (gated_real and gated_real.failures)
    raise typer.Exit(ExitCode.FAILED if failed else ExitCode.OK)

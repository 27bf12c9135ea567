"""Seeded mutation fuzzing through the batch runner: damaged copies of real samples end
with exactly one outcome each, never ``crashed``, and every ``ok`` is valid JSON.

The mutants are those a download, a disk or a careless producer makes: bytes flipped,
the file cut short, a chunk deleted or duplicated, bytes flipped inside a content stream
(damaged compression) and inside the cross-reference table. The seed is fixed, so a
failure replays exactly: save the mutant (``mutants(...)``) to ``fixtures/replay/`` once
it is understood. Bounded to about a minute on two cores.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kkrparse import Agenda, ParseOptions
from kkrparse.runner import OUTCOMES, Job, Limits, run

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
#: Several producers: reportlab and LibreOffice, agendas and minutes, 32–48 KB each.
SOURCES = (
    "kkr-hovedstaden-2023-01-26-referat-lo-synthetic-bold-long-headings.pdf",
    "kkr-nordjylland-2022-01-20-dagsorden-few-items.pdf",
    "kkr-sjaelland-2022-12-01-dagsorden-lo-numbered-lists.pdf",
    "kkr-syddanmark-2023-03-02-dagsorden-empty-items.pdf",
)
SEED = 13
PER_SOURCE = 60  # mutants of each source: 240 in all
#: Per mutant; a damaged file either fails fast or parses like its source (well under 1 s).
LIMITS = Limits(timeout=20.0, memory=512 * 1024**2)

Mutation = Callable[[bytes, random.Random], bytes]


def _flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data))]


def _delete(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randint(1, 4096) :]


def _duplicate(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    chunk = data[start : start + rng.randint(1, 4096)]
    at = rng.randrange(len(data))
    return data[:at] + chunk + data[at:]


def _inside(data: bytes, rng: random.Random, opening: bytes, closing: bytes) -> bytes:
    """Bytes flipped between one ``opening`` and the next ``closing`` (or anywhere)."""
    starts = [k for k in range(len(data)) if data.startswith(opening, k)][:500]
    if not starts:
        return _flip(data, rng)
    start = rng.choice(starts) + len(opening)
    stop = data.find(closing, start)
    stop = stop if stop > start else min(len(data), start + 64)
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        out[rng.randrange(start, max(start + 1, stop))] ^= 0xFF
    return bytes(out)


def _stream(data: bytes, rng: random.Random) -> bytes:
    return _inside(data, rng, b"stream", b"endstream")


def _xref(data: bytes, rng: random.Random) -> bytes:
    return _inside(data, rng, b"xref", b"trailer")


MUTATIONS: tuple[Mutation, ...] = (_flip, _truncate, _delete, _duplicate, _stream, _xref)


def mutants(source: bytes, count: int, rng: random.Random) -> Iterator[tuple[str, bytes]]:
    for n in range(count):
        mutate = MUTATIONS[n % len(MUTATIONS)]
        yield f"{n:03d}-{mutate.__name__.strip('_')}", mutate(source, rng)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("fuzz")
    rng = random.Random(SEED)
    made = []
    for k, name in enumerate(SOURCES):
        for label, data in mutants((SAMPLES / name).read_bytes(), PER_SOURCE, rng):
            path = folder / f"s{k}-{label}.pdf"
            path.write_bytes(data)
            made.append(path)
    return made


def test_every_mutant_ends_with_one_outcome_and_none_crashes(corpus: list[Path]) -> None:
    jobs = [Job(path.name, path) for path in corpus]
    results = list(run(jobs, ParseOptions(), LIMITS, workers=2))
    assert sorted(r.key for r in results) == sorted(j.key for j in jobs)  # one each
    outcomes = Counter(r.outcome for r in results)
    assert set(outcomes) <= set(OUTCOMES) - {"crashed"}, [
        (r.key, r.reason, r.details[-500:]) for r in results if r.outcome == "crashed"
    ]
    for result in results:
        assert "Traceback" not in result.reason
        if result.outcome == "ok":
            assert result.agenda_json is not None
            Agenda.model_validate_json(result.agenda_json)
        else:
            assert result.reason
    # The mutants are not all fatal, nor all harmless: both kinds are exercised.
    assert outcomes["ok"] and outcomes.total() - outcomes["ok"]

"""Accuracy floors: the corpus score each field may not fall below, and how they move.

``benchmarks/accuracy_floors.json`` holds them. A text field's floor is what was measured,
rounded down; a structural field is pinned only at 1.0. :func:`updated_floors` never lowers a
floor unless told to, so a lower floor is always a deliberate, reviewed change.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from kkrparse.evaluate.score import FIELDS, TEXT_FIELDS, SampleScore, corpus_tallies

#: Floors are rounded down to this many decimals, so a re-run of the same parser passes.
FLOOR_DECIMALS = 4


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


def write_floors(
    path: Path, floors: Mapping[str, float], gate: str = "samples --check", scope: str = "corpus"
) -> None:
    """Write the floors; ``gate`` and ``scope`` name the command and the set they hold for."""
    doc = {
        "about": (
            f"Accuracy floors of `python -m kkrparse.evaluate {gate}`: the {scope} "
            "score of each field may not fall below these. Structural fields are pinned "
            "at 1.0 once reached. Written only by --update-floors, which never lowers a "
            "floor without --allow-lower."
        ),
        "floors": {f: floors[f] for f in FIELDS if f in floors},
    }
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

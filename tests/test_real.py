"""The real documents (``../shared/real/``, beside the repository, never in it): every
meeting document is accepted, and every other document is refused with the outcome its
hand-written truth (``tests/real/*.expected.json``) expects, for the evidence it names.

The fields of the accepted ones are scored by the accuracy gate's real table
(``python -m kkrparse.evaluate samples --real ../shared/real --check``), not here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import kkrparse
import skips

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "real"
TRUTHS = sorted((ROOT / "tests" / "real").glob("*.expected.json"))

pytestmark = pytest.mark.skipif(
    not REAL.is_dir(), reason=skips.reason("real", f"{REAL} is absent (it stays outside the repository)")
)


def _truth(path: Path) -> dict[str, Any]:
    truth: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return truth


def _pdf(truth_path: Path) -> Path:
    return REAL / (truth_path.name.removesuffix(".expected.json") + ".pdf")


MEETINGS = [p for p in TRUTHS if _truth(p)["expect"] == "ok"]
REFUSED = [p for p in TRUTHS if _truth(p)["expect"] != "ok"]


def test_the_truths_cover_both_kinds() -> None:
    assert len(MEETINGS) >= 9 and len(REFUSED) >= 6


@pytest.mark.parametrize("truth", MEETINGS, ids=lambda p: p.name.removesuffix(".expected.json"))
def test_every_meeting_document_is_accepted(truth: Path) -> None:
    agenda = kkrparse.parse_pdf(_pdf(truth))
    assert agenda.classification is not None
    assert agenda.classification.kind == "meeting_document"
    assert agenda.classification.score > 0
    assert [i.number for i in agenda.items] == [i["number"] for i in _truth(truth)["items"]]


@pytest.mark.parametrize("truth", REFUSED, ids=lambda p: p.name.removesuffix(".expected.json"))
def test_every_other_document_is_refused_with_the_expected_reason(truth: Path) -> None:
    expect = _truth(truth)["expect"]
    with pytest.raises(kkrparse.KkrParseError) as info:
        kkrparse.parse_pdf(_pdf(truth))
    assert info.value.reason == expect, str(info.value)
    if expect == "not_agenda":
        assert str(info.value).startswith("not a meeting document: a ")

"""The skip policy: only the README's reasons may skip a test (``skips.py``)."""

from __future__ import annotations

import pytest

import skips


@pytest.mark.parametrize("kind", sorted(skips.ALLOWED))
def test_every_allowed_kind_makes_an_allowed_reason(kind: str) -> None:
    assert skips.unexpected([skips.reason(kind, "detail")]) == []


def test_other_reasons_are_reported_once_in_order() -> None:
    reasons = [
        "could not import 'pandas': No module named 'pandas'",
        skips.reason("poppler", "pdftotext is not installed"),
        "the seed is missing",
        "could not import 'pandas': No module named 'pandas'",
    ]
    assert skips.unexpected(reasons) == [
        "could not import 'pandas': No module named 'pandas'",
        "the seed is missing",
    ]


def test_a_reason_must_start_with_the_prefix() -> None:
    assert skips.unexpected(["this needs poppler-utils: somewhere inside"]) != []

"""case_key: one key per case, whatever the label, padding or spacing; schemes kept apart."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kkrparse.cases import case_key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("SAG-2020-05887", "sag:SAG-2020-5887"),
        ("Sag: SAG-2020-5887", "sag:SAG-2020-5887"),
        ("Sagsnr.: SAG - 2020 - 05887", "sag:SAG-2020-5887"),
        ("Sagsnr.: 2011-29298", "year_serial:2011-29298"),
        ("Sagsnr. 12/12345", "short:12/12345"),
        ("Sagsnr.: 12 / 012345", "short:12/12345"),
        ("EMN-2020-000123", "emn:EMN-2020-123"),
        ("Sag: EMN-2020-123", "emn:EMN-2020-123"),
        ("KLE 00.01.00-A00-1-21", "kle:0.1.0-A0-1-21"),
        ("00.01.00-A00-01-21", "kle:0.1.0-A0-1-21"),
    ],
)
def test_case_key_drops_labels_spaces_and_padding(text: str, key: str) -> None:
    assert case_key(text) == key


@pytest.mark.parametrize("text", [None, "", "Ingen sag", "Telefon 12345678", "2.3"])
def test_no_case_number_gives_none(text: str | None) -> None:
    assert case_key(text) is None


def test_schemes_never_match_each_other() -> None:
    # The same digits under KL's scheme and eDoc's are two cases.
    assert case_key("SAG-2011-29298") != case_key("Sagsnr.: 2011-29298")
    assert case_key("EMN-2020-5887") != case_key("SAG-2020-5887")


def test_a_serial_is_not_read_from_inside_a_longer_number() -> None:
    assert case_key("Sagsnr.: 112/12345") is None


_SCHEMES = st.sampled_from(["SAG-{y}-{s}", "EMN-{y}-{s}", "{y}-{s}", "{yy}/{s}"])


@given(
    form=_SCHEMES,
    year=st.integers(2000, 2099),
    serial=st.integers(100, 9999),
    pad=st.integers(0, 3),
    label=st.sampled_from(["", "Sag: ", "Sagsnr.: ", "Sagsnr. "]),
)
def test_zero_padding_and_labels_do_not_matter(
    form: str, year: int, serial: int, pad: int, label: str
) -> None:
    plain = form.format(y=year, yy=f"{year % 100:02d}", s=serial)
    padded = form.format(y=year, yy=f"{year % 100:02d}", s="0" * pad + str(serial))
    key = case_key("Sagsnr.: " + plain)
    assert key is not None
    assert case_key(label + padded) == key


@given(st.text(max_size=60))
def test_a_key_is_its_own_key(text: str) -> None:
    key = case_key(text)
    if key is not None:
        assert case_key(key) == key

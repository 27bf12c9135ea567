"""A case number reduced to a key, so one case is found in every document that names it.

Councils print the same case number in different ways: with or without a label
(``Sag: SAG-2020-5887``, ``Sagsnr.: 2011-29298``), with or without zero padding
(``SAG-2020-05887``), with spaces around the dashes. :func:`case_key` keeps what identifies
the case and drops the rest. The scheme (``CASE_SCHEMES`` in :mod:`kkrparse.profiles`) stays
as a prefix, so numbers of two schemes that happen to share digits never match:
``year_serial:2011-29298`` is eDoc's, ``sag:SAG-2011-29298`` is KL's.
"""

from __future__ import annotations

from typing import Final

import regex

from kkrparse.profiles import CASE_SCHEMES

__all__ = ["case_key"]

#: A separator with spaces around it: "SAG - 2020 - 5887", "12 / 12345"   (typed, mostly)
_SPACED_SEPARATOR: Final = regex.compile(r"\s*([-/.–])\s*")
#: A run of digits with its leading zeros: "05887" in "SAG-2020-05887".
_DIGITS: Final = regex.compile(r"\d+")
#: Each scheme, searched anywhere in the text, never inside a longer number.
_SCHEMES: Final = tuple(
    (name, regex.compile(rf"(?<![\p{{L}}\d]){pattern}(?!\d)"))
    for name, pattern in CASE_SCHEMES.items()
)
#: A key already made: "sag:SAG-2020-5887".
_KEY: Final = regex.compile(rf"^(?P<scheme>{'|'.join(CASE_SCHEMES)}):(?P<number>\S+)$")


def _unpadded(number: str) -> str:
    return _DIGITS.sub(lambda m: str(int(m[0])), number)


def case_key(text: str | None) -> str | None:
    """``"scheme:NUMBER"`` for the first case number in ``text``, or ``None``.

    ``case_key("Sag: SAG-2020-05887") == case_key("SAG-2020-5887") == "sag:SAG-2020-5887"``;
    a key is its own key.
    """
    if not text:
        return None
    if m := _KEY.match(text.strip()):
        return f"{m['scheme']}:{_unpadded(m['number'].upper())}"
    compact = _SPACED_SEPARATOR.sub(r"\1", text.replace("\x00", " ")).replace("–", "-").upper()
    # The schemes are tried in CASE_SCHEMES's order, most distinctive first: "2020-05887"
    # is part of "SAG-2020-05887", which is KL's.
    for name, pattern in _SCHEMES:
        if found := pattern.search(compact):
            return f"{name}:{_unpadded(found[0])}"
    return None

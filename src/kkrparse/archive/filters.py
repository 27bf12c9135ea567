"""What a search or listing is narrowed to: a council, a kind of item, a span of dates.

:class:`Filters` turns what a person types (``--body``, ``--kind``, ``--from``, ``--to``)
into SQL conditions over ``meetings`` and ``items``. The conditions use nothing but SQLite's
own functions (``lower``, ``replace``, ``LIKE``), so the same query runs in Datasette, which
knows no function kkrparse might register.

- ``body`` matches part of a council's name, without case; ``ae``, ``oe`` and ``aa`` also
  match ``æ``, ``ø`` and ``å`` (a keyboard without them types ``Sjaelland`` for
  ``Sjælland``), and ``æ``, ``ø``, ``å`` match themselves.
- ``kind`` matches the printed kind in any case and either grammatical number:
  ``beslutningssager`` finds ``Beslutningssag``, ``Orienteringssag`` finds
  ``Orienteringssager``.
- ``date_from`` and ``date_to`` take a year, a month or a day (``2021``, ``2021-04``,
  ``2021-04-21``) and become inclusive ISO dates: ``--to 2021-02`` ends on 2021-02-28.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

import regex

from kkrparse.errors import KkrParseError

__all__ = ["BadFilterError", "Filters", "fold", "fold_sql", "kind_variants"]


class BadFilterError(KkrParseError):
    """A filter a person typed cannot be read (a date that is no year, month or day)."""

    reason = "bad_filter"


#: The Danish letters and what a keyboard without them types instead.
_FOLDS: Final = (("æ", "ae"), ("ø", "oe"), ("å", "aa"))

#: A date bound as typed: "2021", "2021-04", "2021-04-21" (also with "/" or "." between).
_DATE_BOUND: Final = regex.compile(
    r"^(?P<year>\d{4})(?:[-/.](?P<month>\d{1,2})(?:[-/.](?P<day>\d{1,2}))?)?$"
)

#: LIKE's wildcards and its escape character, escaped so a typed "%" or "_" is a letter.
_LIKE_ESCAPE: Final = "\\"


def fold(text: str) -> str:
    """Lower case, with æ, ø and å written as ae, oe and aa: ``"KKR Sjælland"`` →
    ``"kkr sjaelland"``. Whitespace runs become one space."""
    folded = " ".join(text.lower().split())
    for letter, spelled in _FOLDS:
        folded = folded.replace(letter, spelled)
    return folded


def fold_sql(column: str) -> str:
    """The SQL expression that computes :func:`fold` of ``column`` (bar whitespace runs).

    SQLite's ``lower`` folds ASCII letters only, so the upper-case Danish letters are
    replaced before it.
    """
    expr = column
    for letter, spelled in _FOLDS:
        expr = f"replace(replace({expr}, '{letter.upper()}', '{spelled}'), '{letter}', '{spelled}')"
    return f"lower({expr})"


def _kind_stem(folded: str) -> str:
    # Danish nouns make their plural with -r, -er or -e: "sag"/"sager", "meddelelse"/
    # "meddelelser", "punkt"/"punkter". Dropping a final "r", then a final "e", gives one
    # stem for both numbers.
    return folded.removesuffix("r").removesuffix("e")


def kind_variants(kind: str) -> tuple[str, ...]:
    """The folded spellings of ``kind`` in either number, one of which the printed kind
    (folded) equals: ``"Beslutningssager"`` → ``("beslutningssag", "beslutningssage",
    "beslutningssagr", "beslutningssager")``."""
    stem = _kind_stem(fold(kind))
    return tuple(stem + ending for ending in ("", "e", "r", "er"))


def _like_pattern(text: str) -> str:
    escaped = text.replace(_LIKE_ESCAPE, _LIKE_ESCAPE * 2).replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _bound(value: str, *, end: bool, name: str) -> str:
    m = _DATE_BOUND.match(value.strip())
    if m is None:
        raise BadFilterError(f"{name} {value!r} is no date: write YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(m["year"])
    month = int(m["month"]) if m["month"] else (12 if end else 1)
    try:
        last = calendar.monthrange(year, month)[1]
        day = int(m["day"]) if m["day"] else (last if end else 1)
        return dt.date(year, month, day).isoformat()
    except ValueError:
        raise BadFilterError(f"{name} {value!r} is no date in the calendar") from None


def _text(value: str | None) -> str | None:
    """A filter's text with whitespace collapsed; an empty one is no filter."""
    if value is None:
        return None
    cleaned = " ".join(value.replace("\x00", " ").split())
    return cleaned or None


@dataclass(frozen=True)
class Filters:
    """What to narrow to; ``None`` means anything. Build it with :meth:`parse`."""

    body: str | None = None
    kind: str | None = None
    date_from: str | None = None  # an ISO date, inclusive
    date_to: str | None = None  # an ISO date, inclusive

    @classmethod
    def parse(
        cls,
        *,
        body: str | None = None,
        kind: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
    ) -> Filters:
        """Filters from what a person typed; a date that cannot be read raises
        :class:`BadFilterError`."""
        low = _text(date_from)
        high = _text(date_to)
        filters = cls(
            body=_text(body),
            kind=_text(kind),
            date_from=_bound(low, end=False, name="--from") if low else None,
            date_to=_bound(high, end=True, name="--to") if high else None,
        )
        if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
            raise BadFilterError(
                f"--from {date_from} comes after --to {date_to}: no date can be in both"
            )
        return filters

    @property
    def empty(self) -> bool:
        return not (self.body or self.kind or self.date_from or self.date_to)

    def where(self, meetings: str = "meetings", items: str = "items") -> tuple[str, dict[str, Any]]:
        """SQL conditions (joined by AND; ``"1"`` when there are none) and their named
        parameters, over the tables (or aliases) ``meetings`` and ``items``.

        The parameters are named ``filter_*``, so they do not meet the caller's own.
        """
        conditions: list[str] = []
        params: dict[str, Any] = {}
        if self.body:
            conditions.append(
                f"{fold_sql(f'{meetings}.body')} LIKE :filter_body ESCAPE '{_LIKE_ESCAPE}'"
            )
            params["filter_body"] = _like_pattern(fold(self.body))
        if self.kind:
            names = []
            for n, variant in enumerate(kind_variants(self.kind)):
                names.append(f":filter_kind{n}")
                params[f"filter_kind{n}"] = variant
            conditions.append(f"{fold_sql(f'{items}.kind')} IN ({', '.join(names)})")
        if self.date_from:
            conditions.append(f"{meetings}.date >= :filter_from")
            params["filter_from"] = self.date_from
        if self.date_to:
            conditions.append(f"{meetings}.date <= :filter_to")
            params["filter_to"] = self.date_to
        return " AND ".join(conditions) or "1", params

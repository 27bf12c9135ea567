"""Danish line-end hyphen repair (used by stage 4, segment, through ``paragraphs.py``).

A line that ends in ``-`` was either broken by the typesetter inside a word (a soft break:
``politi-``/``ske`` → ``politiske``) or ends in a hyphen that belongs to the text. The
rules, first match wins:

1. ``soft_hyphen_char``: the producer marked the break with U+00AD → join.
2. ``standalone_dash``: a dash standing alone after a space (``Sjælland -``/``herunder``)
   → keep it, with its spaces.
3. ``url``: the word is a URL (``…sjaelland-den-``/``1-februar-2021.pdf``) → keep the
   hyphen, no space: URLs never contain soft breaks.
4. ``acronym_or_number``: the part before the hyphen, or the first part after it, is an
   acronym or a number (``SOSU-``/``uddannelserne``, ``COVID-``/``19``, ``REACT-``/
   ``EU-program``, ``Fase II-``/``projekterne``, ``20-``/``24-årige``) → keep.
5. ``capital_after``: the next line starts with a capital (``IT-``/``Branchen``,
   ``Ahlefeldt-``/``Laurvig``): hyphenation never leaves a capital after a soft break
   inside a word → keep.
6. ``one_letter_prefix``: one letter before the hyphen (``e-``/``boks``): Danish
   hyphenation never leaves one letter behind → keep.
7. ``suspended_compound``: the next word is og/eller/samt/til (``bygge-``/``og
   anlægsområdet``) → keep the hyphen and the space — unless the joined word occurs
   elsewhere in the document (``ind-``/``til`` when ``indtil`` is used elsewhere).
8. ``document_hyphenated`` / ``document_joined``: the document itself uses the hyphenated
   or the joined form elsewhere, mid-line → follow the more frequent form.
9. ``default_join``: otherwise a soft break → join.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final

from kkrparse.document import HyphenRule
from kkrparse.extract.common import SOFT_HYPHEN
from kkrparse.patterns import SUSPENSION_WORDS, rule

# SOFT_HYPHEN (U+00AD): at a line end it marks a break the producer chose (a soft break);
# anywhere else it is invisible and dropped from the joined text.

DASHES: Final = ("-", "–", "—")
#: Opening brackets and quotes a word may start with ("(Bio-", "”Danmark").
OPENING: Final = "([{\"'„“”‘’»«"


def _core(word: str) -> str:
    return rule("edge_punct").sub("", word)


@dataclass
class Lexicon:
    """Words the document uses away from line ends, lower-cased, edge punctuation removed."""

    counts: Counter[str] = field(default_factory=Counter)

    def add_line_words(self, words: Iterable[str]) -> None:
        for w in words:
            core = _core(w).lower()
            if core:
                self.counts[core] += 1

    def count(self, word: str) -> int:
        return self.counts.get(_core(word).lower(), 0)


@dataclass(frozen=True, slots=True)
class Join:
    """How two words around a line end become text."""

    text: str
    rule: HyphenRule


def join_after_slash(left: str, right: str) -> Join | None:
    """A line that ends after a slash and goes on, with no space, at the next one.

    Word processors may break after any slash (``øvrige/``/``nye``,
    ``elektrificering/``/``batteridrift``); Danish never puts a space after a slash
    between two words (``slash_wrap``). URLs are judged by :func:`url_continues`
    (``url_wrap``).
    """
    stripped = left.lstrip(OPENING)
    if not stripped.endswith("/"):
        return None
    if stripped.endswith("://") or rule("url").match(stripped) or len(stripped) < 2:
        return Join(left + right, "url_wrap") if url_continues(left, right) else None
    if stripped[-2].isalpha() and right[:1].isalpha():
        return Join(left + right, "slash_wrap")
    return None


def url_continues(left: str, right: str) -> bool:
    """Does a URL that ends a line go on at the start of the next one, with no space?

    Word processors wrap a long URL after a slash (``https://``/``www.kl.dk/…``). A scheme
    alone is never a whole URL; after any other slash the next word must itself look like
    the rest of a path (``kkr-sjaelland/``/``Blandt de fora`` is a URL, then a sentence).
    """
    stripped = left.lstrip(OPENING)
    if not stripped.endswith("/"):
        return False
    if stripped.endswith("://"):
        return bool(rule("url").match(stripped + right))
    return bool(rule("url").match(stripped)) and bool(rule("url_rest").match(right))


def spaced_hyphen(before: str, right: str, lexicon: Lexicon) -> Join | None:
    """A hyphen standing alone at a line end that belongs to the word before it.

    LibreOffice sets its automatic hyphen a little apart from the word in justified text,
    and extractors that turn gaps into spaces (``pdftotext -layout``) print it as
    ``sammen -``/``hængende``. Text alone cannot tell that from a dash standing alone
    (``Sjælland -``/``herunder``), so it is joined only when the document uses the joined
    word elsewhere. (In a PDF the gap itself decides: see ``layout.LINE_END_HYPHEN_GAP``.)
    """
    joined = before + right
    if before[-1:].isalpha() and right[:1].islower() and lexicon.count(joined):
        return Join(joined, "document_joined")
    return None


def ends_with_hyphen(word: str) -> bool:
    return word.endswith(("-", SOFT_HYPHEN))


def join_at_hyphen(left: str, right: str, lexicon: Lexicon | None = None) -> Join:
    """Join ``left`` (the last word of a line, ending in a hyphen) and ``right``."""
    if left.endswith(SOFT_HYPHEN):
        return Join(left.rstrip(SOFT_HYPHEN).rstrip("-") + right, "soft_hyphen_char")
    if left in DASHES:
        return Join(f"{left} {right}", "standalone_dash")
    stripped = left.lstrip(OPENING)
    stem = stripped[:-1]
    if rule("url").match(stripped):
        return Join(left + right, "url")
    last_part = stem.replace("/", "-").split("-")[-1]
    right_core = right.lstrip(OPENING)
    first_part = _core(right_core.split("-")[0])
    acronym = rule("acronym_or_number")
    # Hyphenation never splits next to a digit: "9.30-" / "12.30", "2022-" / "2026".
    digit = stem[-1:].isdigit() or right_core[:1].isdigit()
    if (
        digit
        or (last_part and acronym.match(last_part))
        or (first_part and acronym.match(first_part))
    ):
        return Join(left + right, "acronym_or_number")
    if right_core[:1].isupper():
        return Join(left + right, "capital_after")
    if len(last_part) == 1 and last_part.isalpha():
        return Join(left + right, "one_letter_prefix")
    joined = left[:-1] + right
    if _core(right).lower() in SUSPENSION_WORDS:
        if lexicon is not None and lexicon.count(joined) > 0:
            return Join(joined, "document_joined")
        return Join(f"{left} {right}", "suspended_compound")
    if lexicon is not None:
        hyphenated = lexicon.count(left + right)
        plain = lexicon.count(joined)
        if hyphenated > plain:
            return Join(left + right, "document_hyphenated")
        if plain > hyphenated:
            return Join(joined, "document_joined")
    return Join(joined, "default_join")

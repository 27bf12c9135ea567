"""Greedy line breaking, optionally hyphenated with pyphen's Danish patterns.

A line breaks where the next word (or the largest piece of it that a hyphenation point or one
of its own hyphens allows) would not fit: so every line that ends early ends a paragraph, as
the contract's hard-break rule reads it. Each produced line says how its end joins the next:
``"soft"`` (a hyphen we inserted: dropped on join), ``"keep"`` (a real hyphen inside a word or a
URL: kept, no space), ``"space"`` (a suspended compound, "erhvervs-" / "og": kept, with space).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pyphen

NBSP = "\u00a0"
# Tokens a line must not start with, because a reader would take them for a list entry:
# a dash ("– dog") or a number or letter with a dot ("1. februar"). They are glued to the word
# before them.
_GLUE_RE = re.compile(r"^(?:[–-]|\d{1,2}\.|[A-Z]\.)$")
_WORDCORE_RE = re.compile(r"^([^\wÆØÅæøå]*)([A-Za-zÆØÅæøåÉéÖöÜü]+)([^\wÆØÅæøå]*)$")
MIN_HYPHENATE = 6  # letters; shorter words are never split

_DIC: pyphen.Pyphen | None = None


def _dic() -> pyphen.Pyphen:
    global _DIC
    if _DIC is None:
        _DIC = pyphen.Pyphen(lang="da_DK", left=2, right=3)
    return _DIC


@dataclass
class WrappedLine:
    text: str
    hyph: str | None  # how the line end joins the next line, see the module docstring


def tokens_of(text: str) -> list[str]:
    """Words of ``text``, with line-start-unsafe tokens glued to the word before."""
    out: list[str] = []
    for word in text.split():
        if out and _GLUE_RE.match(word):
            out[-1] += NBSP + word
        else:
            out.append(word)
    return out


def _breaks(token: str, hyphenate: bool) -> list[tuple[str, str, str]]:
    """Ways to split a token: (head printed at the line end, rest, join kind)."""
    out: list[tuple[str, str, str]] = []
    first = token.split(NBSP)[0]
    is_url = first.startswith("http")
    for match in re.finditer(r"-", first):
        cut = match.end()
        head, rest = token[:cut], token[cut:]
        if rest and head[:-1] and (is_url or head[-2].isalnum()) and rest[0].isalnum():
            out.append((head, rest, "keep"))
    if hyphenate and not is_url:
        offset = 0
        for part in re.split(r"(-)", first):
            core = _WORDCORE_RE.match(part)
            # KL's word processor never hyphenates an all-caps word ("CONCITO", "COVID").
            if (
                part != "-"
                and core
                and len(core.group(2)) >= MIN_HYPHENATE
                and not core.group(2).isupper()
            ):
                start = offset + len(core.group(1))
                for pos in _dic().positions(core.group(2)):
                    cut = start + pos
                    out.append((token[:cut] + "-", token[cut:], "soft"))
            offset += len(part)
    return out


def wrap(
    text: str,
    width: float,
    measure: Callable[[str], float],
    hyphenate: bool = False,
    first_width: float | None = None,
) -> list[WrappedLine]:
    """Break ``text`` into lines no wider than ``width`` (``first_width`` for the first)."""
    lines: list[WrappedLine] = []
    current = ""
    limit = first_width if first_width is not None else width
    pending = tokens_of(text)
    while pending:
        token = pending.pop(0)
        candidate = f"{current} {token}" if current else token
        if measure(candidate.replace(NBSP, " ")) <= limit:
            current = candidate
            continue
        fits = [
            (head, rest, kind)
            for head, rest, kind in _breaks(token, hyphenate)
            if measure((f"{current} {head}" if current else head).replace(NBSP, " ")) <= limit
        ]
        if fits:
            head, rest, kind = max(fits, key=lambda b: len(b[0]))
            lines.append(WrappedLine(f"{current} {head}" if current else head, kind))
            pending.insert(0, rest)
        elif current:
            kind = "space" if current.endswith("-") else None
            lines.append(WrappedLine(current, kind))
            pending.insert(0, token)
        else:
            raise ValueError(f"cannot fit {token!r} in {limit} pt")
        current = ""
        limit = width
    lines.append(WrappedLine(current, None))
    return [WrappedLine(line.text.replace(NBSP, " "), line.hyph) for line in lines]

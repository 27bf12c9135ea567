"""Full-text search of the archive: what a person types, read as a query over items.

An item is found by all its texts at once (heading, sections, decision: the rows of
``item_texts``), so the boolean words mean what they say about the *item*:

- words in a row are all required (``SOSU forhandling``), ``OR`` takes either;
- ``NOT`` excludes an item when *any* of its texts has the word: ``SOSU NOT forhandling``
  leaves out an item with "Forhandling" in its heading and SOSU in a section;
- ``"…"`` is a phrase (the words next to each other, in that order); a quote left open
  runs to the end;
- ``word*`` is a prefix: ``forhandling*`` finds ``Forhandlingsprocessen``;
- precedence is FTS5's: NOT binds tightest, then AND (or nothing), then OR.

Nothing typed raises: operators in a row count once (the first), an operator with no word
on one side is dropped, a lone ``*`` is nothing, control characters (a NUL, say) separate
words. ``AND``, ``OR`` and ``NOT`` are operators only in capitals, as in FTS5.

The words are matched by SQLite's FTS5 with the archive's tokenizer (see
:mod:`kkrparse.archive.db`): case folded, hyphens split words, æ, ø and å kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

import regex
import sqlite_utils

from kkrparse.archive.filters import Filters

__all__ = ["HIT_END", "HIT_START", "Hit", "fts_query", "search"]

#: Marks around matched words in search snippets; control characters never occur in
#: extracted text, so a renderer can replace them without escaping anything.
HIT_START: Final = "\x02"
HIT_END: Final = "\x03"

#: Words of a snippet around the match.
SNIPPET_WORDS: Final = 16

_OPERATORS: Final = frozenset({"AND", "OR", "NOT"})
#: C0 controls, DEL and C1 controls: never part of a word a person means to find.
_CONTROL: Final = {code: " " for code in [*range(0x20), *range(0x7F, 0xA0)]}
#: One token of a typed query: a phrase in quotes (its end quote optional, then an optional
#: prefix star) or a bare word: «"ny femårig" forhandling* OR SOSU-uddannelserne»
_TOKEN: Final = regex.compile(r'"(?P<phrase>[^"]*)"?(?P<star>\*?)|(?P<word>[^\s"]+)')


@dataclass(frozen=True)
class Hit:
    """One search result: an item, with the best-matching snippet among its texts."""

    meeting_sha256: str
    body: str | None  # the council
    date: str | None
    document_type: str | None
    number: str
    heading: str
    kind: str | None
    snippet: str  # matched words between HIT_START and HIT_END
    rank: float  # bm25 of the best text: lower is better
    item_id: int
    title: str | None
    case_number: str | None
    page: int | None  # the page of the item's heading
    filename: str | None  # the source file's name

    def as_json(self) -> dict[str, Any]:
        """The fields ``search --json`` prints, by name; the snippet's marks as ``**``."""
        return {
            "council": self.body,
            "date": self.date,
            "document_type": self.document_type,
            "number": self.number,
            "heading": self.heading,
            "title": self.title,
            "kind": self.kind,
            "case_number": self.case_number,
            "page": self.page,
            "filename": self.filename,
            "sha256": self.meeting_sha256,
            "item_id": self.item_id,
            "snippet": self.snippet.replace(HIT_START, "**").replace(HIT_END, "**"),
        }


def _phrase(core: str, prefix: bool) -> str | None:
    core = " ".join(core.split())
    if core.endswith("*"):
        core, prefix = core.rstrip("*").rstrip(), True
    if not core:
        return None
    return '"' + core.replace('"', '""') + '"' + ("*" if prefix else "")


def _tokens(text: str) -> Iterator[str]:
    """Operators and FTS5 phrases, in the order typed; nothing in between is lost."""
    for m in _TOKEN.finditer(text.translate(_CONTROL)):
        word = m["word"]
        if word is not None and word in _OPERATORS:
            yield word
            continue
        term = _phrase(m["phrase"], bool(m["star"])) if word is None else _phrase(word, False)
        if term is not None:
            yield term


def _parts(text: str) -> list[str]:
    """The tokens with operators kept only between two phrases (the first of a row)."""
    parts: list[str] = []
    for token in _tokens(text):
        if token in _OPERATORS:
            if parts and parts[-1] not in _OPERATORS:
                parts.append(token)
            continue
        parts.append(token)
    while parts and parts[-1] in _OPERATORS:
        parts.pop()
    return parts


def fts_query(text: str) -> str:
    """What a person typed as one FTS5 query that cannot be a syntax error (per text)."""
    return " ".join(_parts(text))


@dataclass(frozen=True)
class _Query:
    """A typed query as SQL over ``items i``: the condition, its phrases, the positive ones."""

    condition: str
    params: dict[str, str]
    positive: list[str]


def _compile(parts: list[str]) -> _Query:
    # OR of groups; a group is an AND of chains; a chain is one phrase NOT others.
    params: dict[str, str] = {}
    positive: list[str] = []

    def has(term: str) -> str:
        name = f"q{len(params)}"
        params[name] = term
        return (
            "i.id IN (SELECT t.item_id FROM item_texts_fts JOIN item_texts t "
            f"ON t.id = item_texts_fts.rowid WHERE item_texts_fts MATCH :{name})"
        )

    groups: list[list[str]] = [[]]
    negate = False
    for part in parts:
        if part == "OR":
            groups.append([])
        elif part == "NOT":
            negate = True
        elif part != "AND":
            if negate:
                groups[-1][-1] += f" AND NOT {has(part)}"
            else:
                positive.append(part)
                groups[-1].append(has(part))
            negate = False
    condition = " OR ".join("(" + " AND ".join(group) + ")" for group in groups if group)
    return _Query(condition or "0", params, positive)


_SQL: Final = """
    WITH chosen AS (
        SELECT i.id FROM items i JOIN meetings m ON m.sha256 = i.meeting_sha256
        WHERE ({match}) AND ({filters})
    ),
    matched AS MATERIALIZED (
        -- On its own: bm25 and snippet work only in a plain scan of the index.
        SELECT rowid, bm25(item_texts_fts) AS rank,
               snippet(item_texts_fts, -1, :start, :end, '…', :words) AS snippet
        FROM item_texts_fts WHERE item_texts_fts MATCH :positive
    ),
    hits AS (
        SELECT t.item_id, matched.rank, matched.snippet
        FROM matched JOIN item_texts t ON t.id = matched.rowid
        WHERE t.item_id IN (SELECT id FROM chosen)
    ),
    best AS (
        -- SQLite takes the bare column snippet from the row that has min(rank).
        SELECT item_id, min(rank) AS rank, snippet FROM hits GROUP BY item_id
    )
    SELECT m.sha256, m.body, m.date, m.document_type, i.number, i.heading, i.kind,
           best.snippet, best.rank, i.id, i.title, i.case_number, i.page_start, m.filename
    FROM best JOIN items i ON i.id = best.item_id JOIN meetings m ON m.sha256 = i.meeting_sha256
    ORDER BY best.rank, m.date DESC, i.position
    LIMIT :limit
"""


def search(
    db: sqlite_utils.Database,
    query: str,
    *,
    filters: Filters | None = None,
    limit: int = 20,
) -> list[Hit]:
    """Items that match ``query`` (see the module docstring) and ``filters``, best first."""
    compiled = _compile(_parts(query))
    if not compiled.positive:
        return []
    where, filter_params = (filters or Filters()).where("m", "i")
    args: dict[str, Any] = {
        **compiled.params,
        **filter_params,
        "positive": " OR ".join(compiled.positive),
        "start": HIT_START,
        "end": HIT_END,
        "words": SNIPPET_WORDS,
        "limit": limit,
    }
    sql = _SQL.format(match=compiled.condition, filters=where)
    return [Hit(*row) for row in db.execute(sql, args).fetchall()]

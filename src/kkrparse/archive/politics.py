"""Following the politics in the archive: a case across meetings, agenda ↔ minutes pairs, and
saved searches (watches).

The database objects this module owns: the view, created by :func:`ensure_schema` (which
:func:`kkrparse.archive.db.ensure_schema` calls, so every archive has it), and the watch
tables, created by :func:`ensure_watch_tables` when a watch is first used:

- the view ``case_appearances``: every item that prints a case number, with its meeting's
  body, date, document type, file and PDF copy — one row per appearance of a case;
- the table ``watches``: saved searches (name, query, filters, when last reported);
- the table ``watch_seen``: per watch, the hits already reported and the decision each had
  then, so the next report lists only new hits and hits whose decision changed;
- the table ``meeting_pairs``: the stored diff of every agenda/minutes pair
  (:func:`store_pair_diffs`, made by ``kkrparse diff --archive DIR --store``).

Case numbers are compared by :func:`kkrparse.cases.case_key` (label, spaces and zero
padding do not matter; different schemes never match). Items without a case number are
linked by title similarity within the same body, as *possible* matches with their score
(:data:`POSSIBLE_MATCH_THRESHOLD`), never merged with the case.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Final

import sqlite_utils

from kkrparse.archive.filters import Filters
from kkrparse.archive.search import search
from kkrparse.cases import case_key
from kkrparse.compare import diff, title_similarity
from kkrparse.models import Agenda

__all__ = [
    "POSSIBLE_MATCH_THRESHOLD",
    "Appearance",
    "Watch",
    "WatchHit",
    "add_watch",
    "case_appearances",
    "ensure_schema",
    "ensure_watch_tables",
    "find_pairs",
    "list_watches",
    "remove_watch",
    "store_pair_diffs",
    "watch_report",
]

#: An item without a case number is shown as a possible appearance of the case when its
#: title's difflib ratio to a title of the case, in the same body, reaches this. 0.75: the
#: same item printed again at a later meeting with a changed word ("Rammeaftale om
#: danskuddannelse" → "Rammeaftale om danskuddannelse – status") scores 0.8 and over, while
#: the standing items every meeting has ("Godkendelse af dagsorden" against "Godkendelse af
#: referat") score 0.7 and stay out.
POSSIBLE_MATCH_THRESHOLD: Final = 0.75

_VIEW_SQL: Final = """CREATE VIEW case_appearances AS
SELECT i.id AS item_id, i.meeting_sha256, m.body, m.date, m.document_type, i.position,
       i.number, i.parent, i.kind, i.title, i.case_number, i.case_key, i.decision,
       i.decision_outcome, i.page_start, m.filename, m.pdf_path, m.json_path
FROM items i JOIN meetings m ON m.sha256 = i.meeting_sha256"""

_WATCH_COLUMNS: Final[dict[str, type]] = {
    "name": str,
    "query": str,
    "body": str,
    "kind": str,
    "date_from": str,
    "date_to": str,
    "created_at": str,
    "reported_at": str,
}
_SEEN_COLUMNS: Final[dict[str, type]] = {
    "watch": str,
    "hit": str,  # the item's id (items.id, stable across re-parses)
    "decision": str,
    "reported_at": str,
}


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create the view ``case_appearances`` (every archive has it: ``db.ensure_schema``
    calls this). A view of an older definition is replaced; a current one is left alone."""
    row = db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'view' AND name = 'case_appearances'"
    ).fetchone()
    if row is not None and row[0] == _VIEW_SQL:
        return
    with db.conn:
        db.execute("DROP VIEW IF EXISTS case_appearances")
        db.execute(_VIEW_SQL)


def ensure_watch_tables(db: sqlite_utils.Database) -> None:
    """Create the tables ``watches`` and ``watch_seen``, on the first use of a watch (an
    archive without watches has no such tables, and ``export`` lists only the content)."""
    ensure_schema(db)
    db.table("watches").create(_WATCH_COLUMNS, pk="name", if_not_exists=True)
    db.table("watch_seen").create(
        _SEEN_COLUMNS,
        pk=("watch", "hit"),
        if_not_exists=True,
        foreign_keys=[("watch", "watches", "name")],
    )


# --- a case across meetings ---------------------------------------------------------------------


@dataclass(frozen=True)
class Appearance:
    """One item of one meeting that belongs to the case (or possibly does: ``score``)."""

    body: str | None
    date: str | None
    document_type: str | None
    number: str
    title: str
    kind: str | None
    case_number: str | None
    outcome: str | None  # the decision's class, when the parser gave one
    decision: str | None
    filename: str | None
    page: int | None
    sha256: str
    pdf_path: str
    score: float | None = None  # None for a case-number match; the title ratio otherwise

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "possible": self.score is not None}


def _rows(db: sqlite_utils.Database, where: str, args: list[Any]) -> list[dict[str, Any]]:
    ensure_schema(db)
    cursor = db.execute(
        f"SELECT * FROM case_appearances WHERE {where} "
        "ORDER BY date, document_type, meeting_sha256, position",
        args,
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def _appearance(row: dict[str, Any], score: float | None) -> Appearance:
    return Appearance(
        body=row["body"],
        date=row["date"],
        document_type=row["document_type"],
        number=row["number"],
        title=row["title"] or "",
        kind=row["kind"],
        case_number=row["case_number"],
        outcome=row["decision_outcome"],
        decision=row["decision"],
        filename=row["filename"],
        page=row["page_start"],
        sha256=row["meeting_sha256"],
        pdf_path=row["pdf_path"],
        score=score,
    )


def case_appearances(
    db: sqlite_utils.Database, case: str, *, possible: bool = True
) -> list[Appearance]:
    """Every appearance of ``case``, in date order; then, with ``possible``, the items without
    a case number whose title is like one of the case's in the same body (best first)."""
    key = case_key(case)
    if key is None:
        return []
    found = _rows(db, "case_key = ?", [key])
    out = [_appearance(row, None) for row in found]
    if not possible or not found:
        return out
    titles = {(row["body"], row["title"]) for row in found}
    bodies = sorted({row["body"] for row in found if row["body"]})
    marks = ", ".join("?" for _ in bodies)
    rows = _rows(db, f"case_number IS NULL AND body IN ({marks})", bodies)
    # A heading that only groups sub-items ("6 Punkter til næste møde" over "6.1
    # Dagsordenspunkter til næste møde") is no appearance of anything.
    groups = _group_headings(db, {row["meeting_sha256"] for row in rows})
    maybe: list[tuple[float, dict[str, Any]]] = []
    for row in rows:
        if (row["meeting_sha256"], row["number"]) in groups:
            continue
        score = max(
            (title_similarity(row["title"] or "", t) for b, t in titles if b == row["body"]),
            default=0.0,
        )
        if score >= POSSIBLE_MATCH_THRESHOLD:
            maybe.append((score, row))
    maybe.sort(key=lambda m: (-m[0], m[1]["date"] or "", m[1]["position"]))
    return out + [_appearance(row, round(s, 3)) for s, row in maybe]


def _group_headings(db: sqlite_utils.Database, shas: set[str]) -> set[tuple[str, str]]:
    """``(meeting sha256, number)`` of the items that are another item's parent."""
    if not shas:
        return set()
    marks = ", ".join("?" for _ in shas)
    rows = db.execute(
        f"SELECT DISTINCT meeting_sha256, parent FROM items "
        f"WHERE parent IS NOT NULL AND meeting_sha256 IN ({marks})",
        sorted(shas),
    ).fetchall()
    return {(sha, parent) for sha, parent in rows}


# --- agenda ↔ minutes pairs ---------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    """An agenda and the minutes of the same meeting (same body and date)."""

    body: str
    date: str
    agenda_sha256: str
    minutes_sha256: str
    agenda_filename: str | None
    minutes_filename: str | None
    agenda_json: str
    minutes_json: str


def find_pairs(db: sqlite_utils.Database) -> list[Pair]:
    """Every agenda with the minutes of the same body and date, by date."""
    rows = db.execute(
        """SELECT a.body, a.date, a.sha256, r.sha256, a.filename, r.filename,
                  a.json_path, r.json_path
           FROM meetings a JOIN meetings r ON r.body = a.body AND r.date = a.date
           WHERE a.document_type = 'dagsorden' AND r.document_type = 'referat'
           ORDER BY a.date, a.body, a.sha256, r.sha256"""
    ).fetchall()
    return [Pair(*row) for row in rows]


def json_by_prefix(db: sqlite_utils.Database, prefix: str) -> list[tuple[str, str]]:
    """``(sha256, json_path)`` of the archived documents whose SHA-256 starts with ``prefix``."""
    pattern = prefix.lower().replace("%", "").replace("_", "") + "%"
    rows = db.execute(
        "SELECT sha256, json_path FROM meetings WHERE sha256 LIKE ? ORDER BY sha256", [pattern]
    ).fetchall()
    return [(row[0], row[1]) for row in rows]


#: The counts of a stored diff, one column each (the verdicts as :meth:`MeetingDiff.counts`).
_PAIR_COUNTS: Final = (
    "kept", "added", "withdrawn", "renumbered", "retitled",
    "as_recommended", "with_changes", "other", "no_decision", "no_recommendation",
)  # fmt: skip


def store_pair_diffs(db: sqlite_utils.Database, root: Path, now: str) -> int:
    """Compute the diff of every agenda/minutes pair and store it in the table
    ``meeting_pairs`` (made on first use), replacing what an earlier call stored, so the
    table follows re-parsed documents. Returns the number of pairs stored."""
    columns: dict[str, type] = {
        "agenda_sha256": str,
        "minutes_sha256": str,
        "body": str,
        "date": str,
        **dict.fromkeys(_PAIR_COUNTS, int),
        "diff": str,  # the JSON of ``kkrparse diff --json``
        "computed_at": str,
    }
    db.table("meeting_pairs").create(
        columns, pk=("agenda_sha256", "minutes_sha256"), if_not_exists=True
    )
    rows = []
    for pair in find_pairs(db):
        agenda = Agenda.model_validate_json((root / pair.agenda_json).read_bytes())
        minutes = Agenda.model_validate_json((root / pair.minutes_json).read_bytes())
        result = diff(agenda, minutes).to_dict()
        rows.append(
            {
                "agenda_sha256": pair.agenda_sha256,
                "minutes_sha256": pair.minutes_sha256,
                "body": pair.body,
                "date": pair.date,
                **{name: result["counts"][name] for name in _PAIR_COUNTS},
                "diff": json.dumps(result, ensure_ascii=False),
                "computed_at": now,
            }
        )
    with db.conn:
        db.execute("DELETE FROM meeting_pairs")
        db.table("meeting_pairs").insert_all(rows)
    return len(rows)


# --- watches ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Watch:
    """A saved search: words to find and the filters of ``kkrparse search``."""

    name: str
    query: str
    body: str | None = None
    kind: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    created_at: str | None = None
    reported_at: str | None = None


@dataclass(frozen=True)
class WatchHit:
    """A hit of a watch that is new since its last report, or whose decision changed."""

    watch: str
    body: str | None
    date: str | None
    document_type: str | None
    number: str
    heading: str
    kind: str | None
    decision: str | None
    sha256: str
    archived_at: str
    changed: bool  # reported before, with another decision

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class WatchError(Exception):
    """A watch that does not exist, or a name already taken."""


def add_watch(db: sqlite_utils.Database, watch: Watch, now: str) -> None:
    ensure_watch_tables(db)
    if db.execute("SELECT 1 FROM watches WHERE name = ?", [watch.name]).fetchone():
        raise WatchError(f"a watch named {watch.name!r} exists; remove it first")
    with db.conn:
        db.table("watches").insert({**asdict(watch), "created_at": now, "reported_at": None})


def list_watches(db: sqlite_utils.Database) -> list[Watch]:
    ensure_watch_tables(db)
    cursor = db.execute(f"SELECT {', '.join(_WATCH_COLUMNS)} FROM watches ORDER BY name")
    return [Watch(*row) for row in cursor]


def remove_watch(db: sqlite_utils.Database, name: str) -> None:
    ensure_watch_tables(db)
    if not db.execute("SELECT 1 FROM watches WHERE name = ?", [name]).fetchone():
        raise WatchError(f"no watch named {name!r}")
    with db.conn:
        db.execute("DELETE FROM watch_seen WHERE watch = ?", [name])
        db.execute("DELETE FROM watches WHERE name = ?", [name])


#: Every hit of a watch is looked at; more than this many are not a watch but a query.
_WATCH_LIMIT: Final = 10_000


def _hits(db: sqlite_utils.Database, watch: Watch) -> list[dict[str, Any]]:
    filters = Filters(watch.body, watch.kind, watch.date_from, watch.date_to)
    out = []
    for hit in search(db, watch.query, filters=filters, limit=_WATCH_LIMIT):
        row = db.execute(
            """SELECT i.decision, m.archived_at FROM items i JOIN meetings m
               ON m.sha256 = i.meeting_sha256 WHERE i.id = ?""",
            [hit.item_id],
        ).fetchone()
        decision, archived_at = row if row else (None, "")
        out.append({"hit": hit, "decision": decision, "archived_at": archived_at})
    return out


def watch_report(
    db: sqlite_utils.Database,
    now: str,
    since: str | None = None,
    names: Sequence[str] = (),
) -> list[WatchHit]:
    """The new hits of every watch (or of ``names``) since its last report, and record that
    they were reported. A watch finds what ``kkrparse search`` finds
    (:func:`kkrparse.archive.search.search` with the watch's :class:`Filters`).

    New: a hit not reported before, or reported with another decision (the minutes came, a
    re-parse read it differently). ``since`` (an ISO date or time) instead lists every hit
    whose document was archived at or after it, reported before or not."""
    ensure_watch_tables(db)
    watches = [w for w in list_watches(db) if not names or w.name in names]
    out: list[WatchHit] = []
    with db.conn:
        for watch in watches:
            seen = dict(
                db.execute(
                    "SELECT hit, decision FROM watch_seen WHERE watch = ?", [watch.name]
                ).fetchall()
            )
            for found in _hits(db, watch):
                hit = found["hit"]
                key = str(hit.item_id)  # derived from the document, so it survives a re-parse
                decision = found["decision"]
                changed = key in seen and seen[key] != decision
                fresh = key not in seen or changed
                if since is not None:
                    fresh = found["archived_at"] >= since
                if fresh:
                    out.append(_watch_hit(watch.name, hit, decision, found["archived_at"], changed))
                db.execute(
                    "INSERT OR REPLACE INTO watch_seen (watch, hit, decision, reported_at) "
                    "VALUES (?, ?, ?, ?)",
                    [watch.name, key, decision, now],
                )
            db.execute("UPDATE watches SET reported_at = ? WHERE name = ?", [now, watch.name])
    # By watch, then as a person reads the archive: by date, agenda before minutes, item order.
    out.sort(
        key=lambda h: (h.watch, h.date or "", h.document_type or "", h.sha256, _natural(h.number))
    )
    return out


def _natural(number: str) -> tuple[int, ...]:
    """``"2.10"`` after ``"2.9"``."""
    return tuple(int(part) if part.isdigit() else 0 for part in number.split("."))


def _watch_hit(
    name: str, hit: Any, decision: str | None, archived_at: str, changed: bool
) -> WatchHit:
    return WatchHit(
        watch=name,
        body=hit.body,
        date=hit.date,
        document_type=hit.document_type,
        number=hit.number,
        heading=hit.heading,
        kind=hit.kind,
        decision=decision,
        sha256=hit.meeting_sha256,
        archived_at=archived_at,
        changed=changed,
    )


def dumps(row: dict[str, Any]) -> str:
    """One JSON Lines line."""
    return json.dumps(row, ensure_ascii=False, sort_keys=False)

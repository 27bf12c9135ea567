"""Agenda ↔ minutes: what changed between a meeting's agenda and its minutes.

Pure functions over :class:`kkrparse.models.Agenda`; nothing here reads a file or a database.

1. :func:`match_items` pairs the agenda's items with the minutes' items by title similarity
   and case number, never by number alone: an item printed as 2.4 in the agenda and 2.5 in
   the minutes (one was added before it) is the same item, *renumbered*; an agenda item
   without a partner was *withdrawn*, a minutes item without one was *added*.
2. :func:`decision_verdict` says, per paired item, whether the minutes adopted the agenda's
   Indstilling as recommended, with changes, or did something else, from the decision's
   class (``decision_outcome``, when the parser gave one) and its wording (:data:`VERDICT_RULES`).
3. :func:`compare_attendance` sets the minutes' attendance against the members the agenda
   invited.

:func:`diff` runs the three; :meth:`MeetingDiff.to_dict` is the JSON form.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any, Final, Literal

from kkrparse.cases import case_key
from kkrparse.errors import KkrParseError
from kkrparse.models import Agenda, Item

__all__ = [
    "MATCH_THRESHOLD",
    "VERDICT_RULES",
    "AttendanceDiff",
    "DecisionVerdict",
    "ItemChange",
    "MeetingDiff",
    "NotAPairError",
    "compare_attendance",
    "decision_verdict",
    "diff",
    "match_items",
    "title_similarity",
]

#: Two items are the same item when their score reaches this. The score is the titles'
#: difflib ratio, plus :data:`CASE_BONUS` when both print the same case number, minus it when
#: both print different ones. 0.6 was chosen on the KKR Sjælland agenda and minutes of
#: 21-04-2021 and on retitled items made by hand: a reworded title ("Rammeaftale om
#: danskuddannelse" → "Rammeaftale om danskuddannelse for voksne") scores 0.8 and over,
#: while two different items of one meeting ("Godkendelse af dagsorden" and "Godkendelse af
#: referat", which share their case number) score 0.7, 1.0 with the case bonus, and lose to
#: their real partners, which score 1.3.
MATCH_THRESHOLD: Final = 0.6
#: What a shared case number adds to the title similarity (and a different one takes away).
CASE_BONUS: Final = 0.3

Verdict = Literal["as_recommended", "with_changes", "other", "no_decision", "no_recommendation"]
Change = Literal["kept", "added", "withdrawn"]
#: Every verdict, in the order ``counts`` lists them.
VERDICTS: Final[tuple[Verdict, ...]] = (
    "as_recommended", "with_changes", "other", "no_decision", "no_recommendation"
)  # fmt: skip


class NotAPairError(KkrParseError):
    """The two documents are not the agenda and the minutes of one meeting."""

    reason = "not_a_pair"


# --- case numbers and titles --------------------------------------------------------------------

def _title_key(title: str) -> str:
    folded = unicodedata.normalize("NFKC", title).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", folded).split())


def title_similarity(a: str, b: str) -> float:
    """difflib's ratio of two titles, case, punctuation and spacing ignored (0 to 1)."""
    left, right = _title_key(a), _title_key(b)
    if left == right:
        return 1.0
    return SequenceMatcher(None, left, right, autojunk=False).ratio()


def _score(a: Item, b: Item) -> float:
    score = title_similarity(a.title, b.title)
    key_a, key_b = case_key(a.case_number), case_key(b.case_number)
    if key_a and key_b:
        score += CASE_BONUS if key_a == key_b else -CASE_BONUS
    return score


# --- matching items -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionVerdict:
    """Whether the minutes adopted the agenda's Indstilling: the verdict and why."""

    verdict: Verdict
    evidence: str | None  # the rule or decision class that decided it
    decision: str | None  # the minutes' decision text


@dataclass(frozen=True)
class ItemChange:
    """One item of the meeting: in both documents (``kept``), or in one of them only."""

    change: Change
    agenda: Item | None
    minutes: Item | None
    score: float | None  # the match score; None for an added or withdrawn item
    decision: DecisionVerdict | None = None

    @property
    def renumbered(self) -> bool:
        return bool(self.agenda and self.minutes and self.agenda.number != self.minutes.number)

    @property
    def retitled(self) -> bool:
        if not (self.agenda and self.minutes):
            return False
        return _title_key(self.agenda.title) != _title_key(self.minutes.title)

    def to_dict(self) -> dict[str, Any]:
        item = self.minutes or self.agenda
        assert item is not None
        return {
            "change": self.change,
            "agenda_number": self.agenda.number if self.agenda else None,
            "minutes_number": self.minutes.number if self.minutes else None,
            "agenda_title": self.agenda.title if self.agenda else None,
            "minutes_title": self.minutes.title if self.minutes else None,
            "case_number": item.case_number,
            "score": None if self.score is None else round(self.score, 3),
            "renumbered": self.renumbered,
            "retitled": self.retitled,
            "verdict": self.decision.verdict if self.decision else None,
            "evidence": self.decision.evidence if self.decision else None,
            "decision": self.decision.decision if self.decision else None,
        }


def match_items(
    agenda: list[Item], minutes: list[Item]
) -> list[tuple[Item | None, Item | None, float | None]]:
    """Pair items of the two lists, best score first; each item is used once.

    Returns ``(agenda item, minutes item, score)`` in the minutes' order, with withdrawn
    agenda items (``(item, None, None)``) placed after the paired item that came before them
    in the agenda.
    """
    # Best score first; of equal scores, the pair with the same number (then the earliest).
    candidates = sorted(
        (
            (_score(a, m), a.number != m.number, i, j)
            for i, a in enumerate(agenda)
            for j, m in enumerate(minutes)
        ),
        key=lambda c: (-c[0], c[1], c[2], c[3]),
    )
    partner_of_minutes: dict[int, tuple[int, float]] = {}
    used: set[int] = set()
    for score, _, i, j in candidates:
        if score < MATCH_THRESHOLD:
            break
        if i in used or j in partner_of_minutes:
            continue
        used.add(i)
        partner_of_minutes[j] = (i, score)
    return _in_order(agenda, minutes, partner_of_minutes)


def _in_order(
    agenda: list[Item], minutes: list[Item], partners: dict[int, tuple[int, float]]
) -> list[tuple[Item | None, Item | None, float | None]]:
    withdrawn_after: dict[int, list[int]] = {}  # agenda index of the last paired item → withdrawn
    last = -1
    paired = {i for i, _ in partners.values()}
    for i in range(len(agenda)):
        if i in paired:
            last = i
        else:
            withdrawn_after.setdefault(last, []).append(i)
    out: list[tuple[Item | None, Item | None, float | None]] = [
        (agenda[i], None, None) for i in withdrawn_after.get(-1, [])
    ]
    for j, item in enumerate(minutes):
        if j not in partners:
            out.append((None, item, None))
            continue
        i, score = partners[j]
        out.append((agenda[i], item, score))
        out += [(agenda[k], None, None) for k in withdrawn_after.get(i, [])]
    return out


# --- decisions ----------------------------------------------------------------------------------

_BODY: Final = r"[\wÆØÅæøå .\-]{2,60}?"

#: The wording rules, tried in order; the first that matches decides. Each regex is matched
#: case-insensitively against the decision text with its whitespace collapsed.
VERDICT_RULES: Final[tuple[tuple[str, Verdict, re.Pattern[str]], ...]] = (
    # "Godkendt med de faldne bemærkninger." / "Indstillingen blev godkendt med følgende ændring"
    (
        "with_remarks",
        "with_changes",
        re.compile(
            r"\bmed (?:de |den |følgende |disse |en )?(?:faldne )?"
            r"(?:bemærkning|ændring|tilføjelse|præcisering)",
            re.I,
        ),
    ),
    # "KKR Sjælland tog orienteringen til efterretning og bad om et forslag til ny tovholder"
    ("noted_and_more", "with_changes", re.compile(r"\btil efterretning,? og \w+", re.I)),
    # "KKR Sjælland tog sagen til efterretning og lagde vægt på, at finansieringen …"
    ("added_weight", "with_changes", re.compile(r"\blagde vægt på\b|\bbad om\b|\bdog\b", re.I)),
    # "Sagen blev udsat." / "Indstillingen blev ikke godkendt."
    (
        "not_adopted",
        "other",
        re.compile(
            r"\budsat\b|\budsættes\b|\bikke godkendt\b|\bgodkendte ikke\b|\bafvist\b|\bforkastet\b",
            re.I,
        ),
    ),
    # "Godkendt." / "Indstillingen blev godkendt." / "Godkendt som indstillet."
    (
        "approved",
        "as_recommended",
        re.compile(
            r"^(?:indstillingen (?:blev )?)?(?:godkendt|tiltrådt|vedtaget)(?: som indstillet)?\.",
            re.I,
        ),
    ),
    # "Indstillingen godkendes." / "… godkendte indstillingen."
    (
        "as_recommended",
        "as_recommended",
        re.compile(
            r"\bsom indstillet\b|\bindstillingen (?:blev )?(?:godkendt|tiltrådt|godkendes)\b|"
            r"\bgodkendte indstillingen\b",
            re.I,
        ),
    ),
    # "KKR Sjælland tog orienteringen til efterretning."
    (
        "noted",
        "as_recommended",
        re.compile(
            rf"^{_BODY} tog (?:orienteringen|sagen|meddelelsen|meddelelserne) til efterretning\.?$",
            re.I,
        ),
    ),
)

#: Decision classes (``decision_outcome``) that settle the verdict before the wording.
_CLASS_VERDICTS: Final[dict[str, Verdict]] = {"rejected": "other", "postponed": "other"}
#: Classes that, when no wording rule decides, mean the Indstilling was followed: a KKR
#: "recommends" what it was asked to approve when the municipal councils decide.
_ADOPTING_CLASSES: Final = frozenset({"approved", "recommended", "noted"})


def outcome_class(item: Item) -> str | None:
    """The decision's class from ``item.decision_outcome``: ``None`` when there is none.

    The class is read as ``class_`` (its JSON key ``class``) or, in JSON of schema 1.3
    before the rename, ``outcome``."""
    outcome = getattr(item, "decision_outcome", None)
    if outcome is None:
        return None
    value = getattr(outcome, "class_", None) or getattr(outcome, "outcome", None)
    return str(value) if value is not None else None


def decision_verdict(agenda_item: Item | None, minutes_item: Item) -> DecisionVerdict:
    """Indstilling (the agenda's recommendations) against Beslutning (the minutes' decision)."""
    text = " ".join((minutes_item.decision or "").split())
    if not text:
        return DecisionVerdict("no_decision", None, None)
    recommended = (
        agenda_item.recommendations if agenda_item else []
    ) or minutes_item.recommendations
    if not recommended:
        return DecisionVerdict("no_recommendation", None, minutes_item.decision)
    cls = outcome_class(minutes_item)
    outcome = getattr(minutes_item, "decision_outcome", None)
    if outcome is not None and getattr(outcome, "amended", False):
        return DecisionVerdict("with_changes", f"class {cls}, amended", minutes_item.decision)
    if cls in _CLASS_VERDICTS:
        return DecisionVerdict(_CLASS_VERDICTS[cls], f"class {cls}", minutes_item.decision)
    for name, verdict, pattern in VERDICT_RULES:
        if pattern.search(text):
            return DecisionVerdict(verdict, name, minutes_item.decision)
    if cls in _ADOPTING_CLASSES:
        return DecisionVerdict("as_recommended", f"class {cls}", minutes_item.decision)
    return DecisionVerdict("other", f"class {cls}" if cls else None, minutes_item.decision)


# --- attendance ---------------------------------------------------------------------------------


def _name_key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


@dataclass(frozen=True)
class AttendanceDiff:
    """The minutes' attendance against the agenda's invited members (names as printed)."""

    invited: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    substitutes: list[str] = field(default_factory=list)
    #: present or substituting, but not among the invited (empty when the agenda lists nobody)
    not_invited: list[str] = field(default_factory=list)
    #: invited, but the minutes name them neither present nor absent
    unaccounted: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, list[str]]:
        return {
            "invited": self.invited,
            "present": self.present,
            "absent": self.absent,
            "substitutes": self.substitutes,
            "not_invited": self.not_invited,
            "unaccounted": self.unaccounted,
        }


def compare_attendance(agenda: Agenda, minutes: Agenda) -> AttendanceDiff:
    """Who the agenda invited, who the minutes say came, stayed away or substituted."""
    invited = [a.name for a in agenda.meeting.attendance if a.status in ("invited", "present")]
    people = minutes.meeting.attendance
    present = [a.name for a in people if a.status == "present"]
    absent = [a.name for a in people if a.status == "absent"]
    substitutes = [a.name for a in people if a.status == "substitute"]
    invited_keys = {_name_key(n) for n in invited}
    named = {_name_key(a.name) for a in people}
    not_invited = (
        [n for n in present + substitutes if _name_key(n) not in invited_keys] if invited else []
    )
    unaccounted = [n for n in invited if _name_key(n) not in named]
    return AttendanceDiff(invited, present, absent, substitutes, not_invited, unaccounted)


# --- the whole diff -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingDiff:
    """What changed between one meeting's agenda and its minutes."""

    agenda: Agenda
    minutes: Agenda
    items: list[ItemChange]
    attendance: AttendanceDiff

    def counts(self) -> dict[str, int]:
        """How many items were kept, added, withdrawn, renumbered and retitled, and the verdicts."""
        out = dict.fromkeys(("kept", "added", "withdrawn", "renumbered", "retitled"), 0)
        out.update(dict.fromkeys(VERDICTS, 0))
        for change in self.items:
            out[change.change] += 1
            out["renumbered"] += change.renumbered
            out["retitled"] += change.retitled
            if change.decision is not None:
                out[change.decision.verdict] += 1
        return out

    def to_dict(self) -> dict[str, Any]:
        meeting = self.minutes.meeting
        return {
            "body": meeting.body,
            "date": meeting.date.isoformat() if meeting.date else None,
            "agenda": {
                "sha256": self.agenda.source.sha256,
                "filename": self.agenda.source.filename,
            },
            "minutes": {
                "sha256": self.minutes.source.sha256,
                "filename": self.minutes.source.filename,
            },
            "counts": self.counts(),
            "items": [change.to_dict() for change in self.items],
            "attendance": self.attendance.to_dict(),
        }


def _check_pair(agenda: Agenda, minutes: Agenda) -> None:
    a, m = agenda.meeting, minutes.meeting
    if a.document_type != "dagsorden" or m.document_type != "referat":
        raise NotAPairError(
            f"need an agenda and minutes, got {a.document_type or 'unknown'} and "
            f"{m.document_type or 'unknown'}"
        )
    if (a.body, a.date) != (m.body, m.date):
        raise NotAPairError(f"not the same meeting: {a.body} {a.date} and {m.body} {m.date}")


def diff(agenda: Agenda, minutes: Agenda, *, check: bool = True) -> MeetingDiff:
    """Compare a meeting's agenda with its minutes.

    ``check``: raise :class:`NotAPairError` unless the first is an agenda, the second minutes,
    of the same body and date."""
    if check:
        _check_pair(agenda, minutes)
    changes: list[ItemChange] = []
    for a, m, score in match_items(agenda.items, minutes.items):
        if a is not None and m is not None:
            changes.append(ItemChange("kept", a, m, score, decision_verdict(a, m)))
        elif m is not None:
            changes.append(ItemChange("added", None, m, None, decision_verdict(None, m)))
        else:
            changes.append(ItemChange("withdrawn", a, None, None))
    return MeetingDiff(agenda, minutes, changes, compare_attendance(agenda, minutes))

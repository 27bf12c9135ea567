"""Scoring: a produced agenda against its expected one, field by field, as plain JSON dicts.

Every function here is pure (JSON dicts in, tallies out) apart from :func:`find_samples` and
:func:`read_expected`, which read the corpus of truths. How each field is scored is
described in :mod:`kkrparse.evaluate`.
"""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kkrparse.patterns import SUSPENSION_WORDS

JsonDict = Mapping[str, Any]

#: Every field, in the order the tables show them.
FIELDS: tuple[str, ...] = (
    "items_found",
    "items_extra",
    "heading",
    "kind",
    "title",
    "case_number",
    "case_officer",
    "document_number",
    "closed",
    "page_span",
    "section_keys",
    "section_span",
    "section_text",
    "section_text_exact",
    "recommendations",
    "attachments",
    "attachment_refs",
    "sub_points",
    "links",
    "decision",
    "decision_history",
    "decision_outcome",
    "attendance",
    "meeting",
    "toc",
    "appendix",
    "must_not_appear",
    "refusals",
)
#: Fields whose floor is measured; every other field is structural and pinned at 1.0 once
#: reached (a structure is either right or a bug).
TEXT_FIELDS = frozenset({"section_text", "section_text_exact", "must_not_appear"})
STRUCTURAL_FIELDS = tuple(f for f in FIELDS if f not in TEXT_FIELDS)

MEETING_FIELDS = ("body", "date", "document_type", "start_time", "end_time", "location")
#: The outcomes a truth may expect instead of ``ok`` (``expect``): a correct refusal scores
#: in ``refusals`` and nothing else.
REFUSAL_OUTCOMES = frozenset({"not_agenda", "unsupported_layout", "no_text"})
#: Truth keys that describe the truth, not the output, or follow from what is scored
#: (``level`` and ``parent`` from the number): never scored, never listed as unscored.
_NOT_ACCURACY = frozenset(
    {"expect", "profile", "why", "schema_version", "source", "warnings", "level", "parent"}
)
#: What is scored, by where it stands in a truth; a truth key outside these is listed in
#: ``SampleScore.unscored`` (a field the parser does not produce yet, or one named another way).
_SCORED_TOP = frozenset({"meeting", "toc", "items", "appendix", "must_not_appear"})
_ITEM_SCALARS = (
    "heading", "kind", "title", "case_number", "case_officer", "document_number", "closed"
)  # fmt: skip
_SCORED_ITEM = frozenset(
    {"number", *_ITEM_SCALARS, "page_start", "page_end", "sections", "section_keys",
     "recommendations", "attachments", "attachment_refs", "sub_points", "links", "decision",
     "decision_history", "decision_outcome", "absent"}
)  # fmt: skip
_PERSON = ("name", "role", "municipality", "status")
_SCORED_MEETING = frozenset({*MEETING_FIELDS, "attendance"})
#: A line-end hyphen left in the text with the line break turned into a space, e.g.
#: "centrale politi- ske udvalg": a word ending in "-", one space, a lower-case word.
HYPHEN_RESIDUE = re.compile(r"\w+- \w+")
SOFT_HYPHEN = "\u00ad"


# --- scores ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    """Hits out of a total; the score is their ratio (None when there was nothing to score)."""

    hits: float = 0.0
    total: float = 0.0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.hits + other.hits, self.total + other.total)

    @property
    def score(self) -> float | None:
        return self.hits / self.total if self.total else None


@dataclass(frozen=True)
class SampleScore:
    """One sample's tallies per field; ``error`` is the reason when the parser refused it."""

    name: str
    tallies: Mapping[str, Tally]
    error: str | None = None
    leaks: tuple[str, ...] = ()
    #: Truth fields that were not scored (``items[].document_number``): see ``unscored_keys``.
    unscored: tuple[str, ...] = ()

    def score(self, name: str) -> float | None:
        return self.tallies[name].score


@dataclass
class _Tallies:
    counts: dict[str, Tally] = field(default_factory=lambda: {f: Tally() for f in FIELDS})
    #: The fields scored at all (an empty list scored is 0 of 0, but it was scored).
    touched: set[str] = field(default_factory=set)

    def add(self, name: str, hits: float, total: float = 1.0) -> None:
        self.counts[name] = self.counts[name] + Tally(hits, total)
        self.touched.add(name)

    def check(self, name: str, ok: bool) -> None:
        self.add(name, 1.0 if ok else 0.0)


def word_match(want: str, got: str) -> Tally:
    """difflib's ratio over word lists as a tally: 2 × matched words / all words of both."""
    a, b = want.split(), got.split()
    if a == b:
        return Tally(2.0 * len(a), 2.0 * len(a))
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return Tally(2.0 * matched, float(len(a) + len(b)))


def _hashable(value: Any) -> Any:
    try:
        hash(value)
    except TypeError:  # a list or dict where a string was due: compare its JSON
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return value


def _bag(want: Iterable[Any], got: Iterable[Any]) -> Tally:
    """Multiset agreement of two lists: common entries over the longer list's length."""
    w, g = [_hashable(x) for x in want], [_hashable(x) for x in got]
    common = Counter(w) & Counter(g)
    return Tally(float(sum(common.values())), float(max(len(w), len(g))))


def _list(obj: JsonDict, key: str) -> list[Any]:
    value = obj.get(key)
    return list(value) if isinstance(value, list) else []


def _mapping(obj: JsonDict, key: str) -> JsonDict:
    value = obj.get(key)
    return value if isinstance(value, Mapping) else {}


def _dicts(obj: JsonDict, key: str) -> list[JsonDict]:
    return [v for v in _list(obj, key) if isinstance(v, Mapping)]


def _tuples(obj: JsonDict, key: str, fields: Sequence[str]) -> list[tuple[Any, ...]]:
    return [tuple(d.get(f) for f in fields) for d in _dicts(obj, key)]


def match_items(want: Sequence[JsonDict], got: Sequence[JsonDict]) -> list[tuple[int, int]]:
    """Pairs (expected index, produced index) of items with the same number.

    When several produced items carry one number (a body list mistaken for headings), the
    one whose heading is most like the expected heading is taken; the others are extras.
    """
    by_number: dict[str, list[int]] = {}
    for index, item in enumerate(got):
        by_number.setdefault(str(item.get("number")), []).append(index)
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for w_index, w in enumerate(want):
        candidates = [i for i in by_number.get(str(w.get("number")), []) if i not in used]
        if not candidates:
            continue
        heading = str(w.get("heading") or "")

        def closeness(i: int, heading: str = heading) -> tuple[float, int]:
            tally = word_match(heading, str(got[i].get("heading") or ""))
            return (tally.score or 0.0, -i)

        best = max(candidates, key=closeness)
        used.add(best)
        pairs.append((w_index, best))
    return pairs


def _pair_sections(
    want: Sequence[JsonDict], got: Sequence[JsonDict]
) -> Iterator[tuple[JsonDict, JsonDict]]:
    """Sections with the same key and occurrence (the 2nd ``baggrund`` with the 2nd)."""

    def keyed(sections: Sequence[JsonDict]) -> dict[tuple[Any, int], JsonDict]:
        seen: Counter[Any] = Counter()
        out: dict[tuple[Any, int], JsonDict] = {}
        for section in sections:
            key = section.get("key")
            out[(key, seen[key])] = section
            seen[key] += 1
        return out

    produced = keyed(got)
    for ident, section in keyed(want).items():
        if ident in produced:
            yield section, produced[ident]


def _span(obj: JsonDict) -> tuple[Any, Any]:
    return obj.get("page_start"), obj.get("page_end")


def _item_texts(agenda: JsonDict) -> Iterator[str]:
    """Every text a person would read from the items and the TOC."""
    for entry in _dicts(agenda, "toc"):
        yield str(entry.get("title") or "")
    for item in _dicts(agenda, "items"):
        yield str(item.get("heading") or "")
        yield str(item.get("title") or "")
        yield str(item.get("decision") or "")
        yield from (str(s.get("text") or "") for s in _dicts(item, "sections"))
        yield from (str(r) for r in _list(item, "recommendations"))
        yield from (str(a) for a in _list(item, "attachments"))
        yield from (str(link.get("text") or "") for link in _dicts(item, "links"))


def find_leaks(want: JsonDict, got: JsonDict) -> tuple[str, ...]:
    """What must not appear but does: the expected file's strings, soft hyphens, residues."""
    texts = [t for t in _item_texts(got) if t]
    expected_blob = "\n".join(_item_texts(want))
    # A suspended compound ("bygge- og anlægsområdet") is told from a hyphen left in the
    # text only by the expected text; a truth without section texts cannot tell them apart.
    has_text = any(_dicts(item, "sections") for item in _dicts(want, "items"))
    leaks: list[str] = []
    for bad in _list(want, "must_not_appear"):
        if isinstance(bad, str) and bad and any(bad in t for t in texts):
            leaks.append(bad)
    if any(SOFT_HYPHEN in t for t in texts):
        leaks.append(SOFT_HYPHEN)
    for text in texts:
        for match in HYPHEN_RESIDUE.finditer(text):
            residue = match.group(0)
            left, right = residue.split("- ", 1)
            if right in SUSPENSION_WORDS and not has_text:
                continue  # "Sundheds- og": without the expected text it cannot be judged
            if left[-1].isalpha() and right[0].islower() and residue not in expected_blob:
                leaks.append(residue)
    return tuple(dict.fromkeys(leaks))


def _score_item(t: _Tallies, w: JsonDict, g: JsonDict) -> None:
    """The item fields and the sections of one matched pair of items; a field the expected
    item leaves out is not scored."""
    for key in _ITEM_SCALARS:
        if key in w:
            t.check(key, w.get(key) == g.get(key))
    if "page_start" in w or "page_end" in w:
        t.check("page_span", _span(w) == _span(g))
    if "sections" in w:
        _score_sections(t, _dicts(w, "sections"), _dicts(g, "sections"))
    elif "section_keys" in w:
        # A hand-written truth lists the printed labels only: the intro has none.
        labelled = [s.get("key") for s in _dicts(g, "sections") if s.get("heading") is not None]
        t.check("section_keys", _list(w, "section_keys") == labelled)
    if "attachment_refs" in w:
        refs = _bag([_ref(r) for r in _list(w, "attachment_refs")],
                    [_ref(r) for r in _list(g, "attachment_refs")])  # fmt: skip
        t.add("attachment_refs", refs.hits, refs.total)
    if "sub_points" in w:
        points = _bag([_point(p) for p in _dicts(w, "sub_points")],
                      [_point(p) for p in _dicts(g, "sub_points")])  # fmt: skip
        t.add("sub_points", points.hits, points.total)
    if "decision_history" in w:
        history = _bag(_tuples(w, "decision_history", ("date", "body", "text")),
                       _tuples(g, "decision_history", ("date", "body", "text")))  # fmt: skip
        t.add("decision_history", history.hits, history.total)
    if isinstance(w.get("decision_outcome"), Mapping):
        t.check("decision_outcome", _outcome_agrees(w["decision_outcome"], g))
    if "absent" in w:
        t.check("attendance", sorted(_list(w, "absent")) == sorted(_list(g, "absent")))
    for key in ("recommendations", "attachments"):
        if key in w:
            bag = _bag(_list(w, key), _list(g, key))
            t.add(key, bag.hits, bag.total)
    if "links" in w:
        links = _bag(
            _tuples(w, "links", ("url", "text", "page")),
            _tuples(g, "links", ("url", "text", "page")),
        )
        t.add("links", links.hits, links.total)
    if "decision" in w and (w.get("decision") is not None or g.get("decision") is not None):
        t.check("decision", w.get("decision") == g.get("decision"))


def _outcome_agrees(want: JsonDict, got_item: JsonDict) -> bool:
    """A decision's outcome against the truth's: every key the truth gives (``class``, and
    ``evidence``, ``referred_to``, ``amended``, ``votes`` when given) must agree. A null
    truth claims no outcome and is not scored."""
    got = _mapping(got_item, "decision_outcome")
    return bool(got) and all(got.get(key) == value for key, value in want.items())


def _ref(ref: Any) -> Any:
    """A registry number: a hand-written truth lists the numbers, the output objects."""
    return ref.get("number") if isinstance(ref, Mapping) else ref


def _point(point: JsonDict) -> tuple[Any, ...]:
    """A sub-point by what a truth claims of it: letter, title, attachments, numbers."""
    refs = tuple(_ref(r) for r in _list(point, "attachment_refs"))
    return (point.get("letter"), point.get("title"), tuple(_list(point, "attachments")), refs)


def _score_sections(t: _Tallies, w_sections: list[JsonDict], g_sections: list[JsonDict]) -> None:
    t.check(
        "section_keys", [s.get("key") for s in w_sections] == [s.get("key") for s in g_sections]
    )
    for ws, gs in _pair_sections(w_sections, g_sections):
        t.check("section_span", _span(ws) == _span(gs))
        w_text, g_text = str(ws.get("text") or ""), str(gs.get("text") or "")
        t.check("section_text_exact", w_text == g_text)
        match = word_match(w_text, g_text)
        t.add("section_text", match.hits, match.total)


def _appendix(agenda: JsonDict) -> tuple[Any, Any] | None:
    value = agenda.get("appendix")
    return _span(value) if isinstance(value, Mapping) else None


def _score_document(t: _Tallies, want: JsonDict, got: JsonDict) -> None:
    """The fields of the document as a whole: meeting, attendance, TOC, appendix; each only
    when the expected document gives it."""
    w_meeting, g_meeting = _mapping(want, "meeting"), _mapping(got, "meeting")
    for key in MEETING_FIELDS:
        if key in w_meeting:
            t.check("meeting", w_meeting.get(key) == g_meeting.get(key))
    if "attendance" in w_meeting:
        attendance = _bag(
            _tuples(w_meeting, "attendance", _PERSON), _tuples(g_meeting, "attendance", _PERSON)
        )
        t.add("attendance", attendance.hits, attendance.total)
    if "toc" in want:
        toc = _bag(
            _tuples(want, "toc", ("number", "title", "page")),
            _tuples(got, "toc", ("number", "title", "page")),
        )
        t.add("toc", toc.hits, toc.total)
    if "appendix" in want:
        t.check("appendix", _appendix(want) == _appendix(got))


def unscored_keys(want: JsonDict) -> tuple[str, ...]:
    """The truth's fields that no score reads, as paths (``items[].document_number``,
    ``meeting.attendance[].party``): fields the parser does not produce yet, or names it
    does not use. Reported, so that a truth's field is never silently ignored."""
    found: list[str] = [k for k in want if k not in _SCORED_TOP | _NOT_ACCURACY]
    meeting = _mapping(want, "meeting")
    found += [f"meeting.{k}" for k in meeting if k not in _SCORED_MEETING]
    for person in _dicts(meeting, "attendance"):
        found += [f"meeting.attendance[].{k}" for k in person if k not in _PERSON]
    for item in _dicts(want, "items"):
        found += [f"items[].{k}" for k in item if k not in _SCORED_ITEM | _NOT_ACCURACY]
    return tuple(dict.fromkeys(found))


def score_agenda(want: JsonDict, got: JsonDict, name: str = "") -> SampleScore:
    """Score one produced agenda dict against the expected one (both as JSON dicts)."""
    t, leaks = _score(want, got)
    return SampleScore(name, dict(t.counts), leaks=leaks, unscored=unscored_keys(want))


def _score(want: JsonDict, got: JsonDict) -> tuple[_Tallies, tuple[str, ...]]:
    t = _Tallies()
    if "items" in want:
        want_items, got_items = _dicts(want, "items"), _dicts(got, "items")
        pairs = match_items(want_items, got_items)
        t.add("items_found", len(pairs), len(want_items))
        t.add("items_extra", len(pairs), len(got_items))  # produced items that match one
        for w_index, g_index in pairs:
            _score_item(t, want_items[w_index], got_items[g_index])
    _score_document(t, want, got)
    leaks = find_leaks(want, got)
    t.check("must_not_appear", not leaks)
    return t, leaks


def refused(want: JsonDict, name: str, reason: str) -> SampleScore:
    """A sample the parser refused: zero in every field, out of what a perfect parse scores
    (a field the truth leaves out stays unscored)."""
    perfect, _ = _score(want, want)
    tallies = {
        f: Tally(0.0, max(perfect.counts[f].total, 1.0)) if f in perfect.touched else Tally()
        for f in FIELDS
    }
    return SampleScore(name, tallies, error=reason, unscored=unscored_keys(want))


def expected_refusal(want: JsonDict) -> str | None:
    """The outcome a truth expects instead of an agenda (``expect: not_agenda``), or None."""
    expect = want.get("expect")
    return str(expect) if expect in REFUSAL_OUTCOMES else None


def score_refusal(
    want: JsonDict, name: str, got: JsonDict | None, error: str | None
) -> SampleScore:
    """A truth that expects a refusal: one hit in ``refusals`` when the parser refused it
    with that outcome (``error`` is ``"OUTCOME: REASON"``), a miss otherwise; no other field
    is scored, so a right refusal does not zero the table."""
    expect = expected_refusal(want)
    outcome = error.split(":", 1)[0].strip() if error else None
    tallies = {f: Tally() for f in FIELDS}
    tallies["refusals"] = Tally(1.0 if got is None and outcome == expect else 0.0, 1.0)
    if got is not None:
        problem: str | None = f"accepted as an agenda; expected {expect}"
    elif outcome != expect:
        problem = f"expected {expect}, got {error}"
    else:
        problem = None
    return SampleScore(name, tallies, error=problem)


def corpus_tallies(samples: Iterable[SampleScore]) -> dict[str, Tally]:
    """Micro-average: the hits and totals of every sample added up, per field."""
    total = {f: Tally() for f in FIELDS}
    for sample in samples:
        for f in FIELDS:
            total[f] = total[f] + sample.tallies[f]
    return total


def score_sample(want: JsonDict, name: str, got: JsonDict | None, error: str | None) -> SampleScore:
    """One sample's score from what the parser produced, or why it produced nothing.

    Output too malformed to score is a zero with the reason, not a crash. A truth that
    expects a refusal is scored by :func:`score_refusal`.
    """
    if expected_refusal(want) is not None:
        return score_refusal(want, name, got, error)
    if got is None:
        return refused(want, name, error or "no output")
    try:
        return score_agenda(want, got, name)
    except Exception as exc:
        return refused(want, name, f"unscorable: {type(exc).__name__}: {exc}")


# --- the corpus ------------------------------------------------------------------------------


def find_samples(folder: Path, pdfs: Path | None = None) -> list[tuple[Path, Path]]:
    """(pdf, expected json) pairs: every ``X.expected.json`` in ``folder`` with its ``X.pdf``
    beside it, or in ``pdfs`` (the real documents stay outside the repository)."""
    pairs = []
    for expected in sorted(folder.glob("*.expected.json")):
        name = expected.name.removesuffix(".expected.json") + ".pdf"
        pairs.append(((pdfs or folder) / name, expected))
    return pairs


def read_expected(samples: Sequence[tuple[Path, Path]]) -> list[dict[str, Any]]:
    """The expected JSON of every sample; a ValueError names the file that is not JSON."""
    truths = []
    for _, expected in samples:
        try:
            truth = json.loads(expected.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ValueError(f"{expected}: {exc}") from exc
        if not isinstance(truth, dict):
            raise ValueError(f"{expected}: not a JSON object")
        truths.append(truth)
    return truths

"""What a decision did: its class, the words that say so, where it was sent, the votes.

``decision_outcome`` reads a Beslutning text with the rule table ``RULES`` (name → regex,
each with a real Danish example) and never guesses: wording that decides nothing gives the
class ``other`` with the words seen.

1. Whitespace is collapsed, so a phrase broken over lines is one phrase.
2. Clauses that belong to something else are masked first: an exception (``med undtagelse
   af punkt 3``, which makes the decision ``amended``), an amendment that fell
   (``Ændringsforslaget faldt``: the amendment, not the decision), and a recommendation
   or referral to another body up to its sentence's end (``anbefaler Kommunalbestyrelsen
   at godkende``: the approving is the other body's).
3. Each class rule is matched; a match with ``ikke`` just before it (``blev ikke
   godkendt``) or just after its verb (``godkendte ikke``) is negated: a negated approval
   or recommendation is a rejection, another negated act decides nothing.
4. The strongest act found wins, in ``PRECEDENCE`` order; ``besluttede`` alone counts as
   an approval only when no other act is named (``besluttede at udsætte sagen`` is a
   postponement).
"""

from __future__ import annotations

from typing import Final, Literal

import regex

from kkrparse import models

_F = regex.VERSION1 | regex.UNICODE | regex.IGNORECASE

#: The strongest final act first: when several are printed, the first in this order wins.
PRECEDENCE: Final[tuple[models.OutcomeClass, ...]] = (
    "rejected", "approved", "recommended", "referred", "postponed", "noted", "discussed",
)  # fmt: skip

#: A body's name as printed: "Økonomiudvalget", "kommunalbestyrelserne", "KKR Sjælland",
#: "Børne- og Ungeudvalget", "Økonomiudvalget og Kommunalbestyrelsen".
_ONE_BODY = r"(?:\p{L}+-\s+(?:og|eller)\s+)?\p{L}[\p{L}\-]*(?:\s+(?-i:\p{Lu})[\p{L}\-]*)*"
_BODY = rf"(?P<body>{_ONE_BODY}(?:\s+(?:og|samt)\s+(?-i:(?=\p{{Lu}})){_ONE_BODY})?)"
#: A body named without a preposition: a capital ("Kommunalbestyrelsen") or a council's
#: word ("kommunalbestyrelserne", "regionsrådet"), so "anbefaler dette at" names none.
_NAMED = r"(?:(?-i:(?=\p{Lu}))|(?=\p{L}*(?:udvalg|bestyrelse|råd|kommuner|region)))"
#: What a case is sent "til … i" before the body: "til behandling i", "til godkendelse i".
_PURPOSE = (
    r"(?:(?:videre\s+|endelig\s+)?(?:behandling|godkendelse|beslutning|orientering|udtalelse)"
    r"\s+(?:i|hos)\s+)"
)
#: The rest of the sentence: up to a full stop before a capital (not "2. at-punkt"), or the end.
_REST = r"(?:[^.]|\.(?!\s+(?-i:\p{Lu})|\s*$))*"

RuleName = Literal[
    "exception",
    "amendment_fell",
    "recommended",
    "referred",
    "rejected",
    "approved",
    "postponed",
    "noted",
    "discussed",
    "decided",
    "negation_before",
    "negation_after",
    "amended",
    "vote",
    "vote_number",
    "vote_party",
]

RULES: Final[dict[RuleName, regex.Pattern[str]]] = {
    # "Indstillingen godkendt med undtagelse af 2. at-punkt, som ikke blev godkendt."
    # "Godkendt, bortset fra forslaget om åbningstider."  "Godkendt, idet punkt 3 ikke
    # godkendes."  (an "idet" clause only when it negates; to the sentence's end; at the
    # start of a sentence, to its first comma: "Med undtagelse af punkt 3, godkendt.")
    "exception": regex.compile(
        rf"(?:(?<=^|\.\s+)(?:med\s+undtagelse\s+af|bortset\s+fra|undtagen)\b[^,.]*,?"
        rf"|\b(?:med\s+undtagelse\s+af|bortset\s+fra|undtagen|dog\s+ikke)\b{_REST}"
        rf"|,\s*idet\b(?=[^.]{{0,200}}?\bikke\b){_REST})",
        _F,
    ),
    # "Ændringsforslaget faldt med 3 stemmer mod 18."  "Forslaget fra Enhedslisten om
    # gratis parkering blev forkastet."  (a motion put against the recommendation; its
    # verb within 200 characters, so a text of many motions costs linear time)
    "amendment_fell": regex.compile(
        r"\b(?:ændringsforslag\w*|forslag(?:et)?\s+fra\b)[^.]{0,200}?"
        r"\b(?:faldt|forkastet|forkastedes|nedstemt)\b",
        _F,
    ),
    # "Anbefales over for Kommunalbestyrelsen."  "Indstilles til godkendelse"
    # "Udvalget anbefaler Kommunalbestyrelsen at godkende forslaget."  "Anbefales godkendt."
    # Not the noun or the adjective: "anbefalingerne", "Den anbefalede model blev godkendt."
    "recommended": regex.compile(
        rf"\b(?:(?<!\b(?:den|det|de|en|et)\s)anbefal(?:es|er|ede|et)\b"
        rf"(?:\s+(?:over\s+for|til)\s+{_BODY}|\s+{_NAMED}{_BODY}(?=\s*,?\s+(?:at|til)\b))?"
        rf"|indstille[sr]\s+(?:godkendt\b|til\s+(?:godkendelse(?:\s+(?:i|hos)\s+{_BODY})?"
        rf"|{_NAMED}{_BODY}))){_REST}",
        _F,
    ),
    # "Rammeaftalen sendes til behandling i kommunalbestyrelserne."  "Sagen fremsendes til
    # Økonomiudvalget til godkendelse."  "Oversendes til Kommunalbestyrelsen."
    "referred": regex.compile(
        rf"\b(?:(?:frem|over|videre)?send(?:es|t|te)|henvis(?:es|t|te)|oversendt)"
        rf"(?:\s+videre)?\s+til\s+(?:{_PURPOSE}|videre\s+behandling\s+(?:i|hos)\s+)?"
        rf"{_BODY}{_REST}"
        rf"|\bsendes\s+i\s+høring(?:\s+(?:hos|i)\s+{_BODY})?{_REST}",
        _F,
    ),
    # "Ikke godkendt."  "Forslaget blev forkastet."  "Indstillingen faldt."  "Ansøgningen
    # afvises."  (a negated approval is a rejection too: "godkendte ikke")
    "rejected": regex.compile(
        r"\bforkast(?:et|ede|es|edes)\b|\bnedstemt\b|\bafvis(?:t|te|es)\b"
        r"|\b(?:forslag|indstilling)\w*(?:\s+[^\s.]+){0,8}?\s+faldt\b|\bfaldt\s+med\s+\d",
        _F,
    ),
    # "Godkendt."  "Indstillingen godkendt"  "KKR Sjælland godkendte forhandlingsmandatet."
    # "Vedtaget."  "Tiltrådt."  "KKR Midtjylland bakkede op om etableringen af uddannelsen."
    # "Ansøgningen imødekommes."  "Indstillingen blev fulgt."  Not the adjective: "KKR
    # drøftede de godkendte planer."
    "approved": regex.compile(
        r"(?:\bindstilling\w*\s+(?:blev\s+)?)?"
        r"\b(?:godkend(?:t|tes|es|er|e)|(?<!\b(?:den|det|de)\s)(?:godkendte|tiltrådte)"
        r"|vedt(?:aget|og|ages|ager)|tiltr(?:ådt|ædes|æder)"
        r"|bifald(?:t|es)|imødekom(?:mes|met|)|bak(?:kede|ker|kes)\s+op\s+(?:om|bag)"
        r"|støttede|tilsluttede\s+sig)\b"
        r"|\bindstilling\w*\s+(?:blev\s+)?(?:fulgt|følges)\b",
        _F,
    ),
    # "Udsat."  "Punktet blev udsat til næste møde."  "Sagen udsættes."  "Udvalget udsatte
    # sagen."  Not "udsatte børn", "socialt udsatte" or "udsat for støj".
    "postponed": regex.compile(
        r"(?<!\b(?:en|et|den|de|mest|særligt?|socialt|meget|mere)\s)"
        r"\b(?:udsat(?!\s+for\b)(?!\w)|udsættes|udsætter|udsætte"
        r"|udsatte(?=\s+(?:sagen|punktet|behandlingen|beslutningen|den|det|spørgsmålet)\b))",
        _F,
    ),
    # "Taget til efterretning."  "KKR Sjælland tog orienteringen til efterretning."
    # "Orienteringen tages til orientering."  "Udvalget blev orienteret."
    "noted": regex.compile(
        r"(?:\b(?:tog|tager|tages|taget)\s+(?:[^\s.]+\s+){0,6}?)?\btil\s+(?:efterretning|orientering)\b"
        r"|\bblev\s+orienteret\b|^orienteret\b",
        _F,
    ),
    # "KKR Nordjylland drøftede sagen."  "Drøftet."  "Sagen blev drøftet."
    "discussed": regex.compile(
        r"\bdrøft(?:et|ede|es|er)\b|\bder\s+var\s+en\s+drøftelse\b|\bdebatter(?:et|ede)\b", _F
    ),
    # "KKR Sjælland drøftede sagen og besluttede: – at intensivere interessevaretagelsen …"
    "decided": regex.compile(r"\bbesluttede\b|\bbesluttes\b|\bblev\s+besluttet\b|^besluttet\b", _F),
    # "Indstillingen blev ikke godkendt."  "kan ikke anbefales"  (ikke up to two words
    # before the verb, in the same clause)
    "negation_before": regex.compile(r"\b(?:ikke|ej)\s+(?:[^\s,.;:]+\s+){0,2}$", _F),
    # "Udvalget godkendte ikke indstillingen."  "Anbefales ikke."
    "negation_after": regex.compile(r"^\s+(?:ikke|ej)\b", _F),
    # "Godkendt med de faldne bemærkninger."  "Godkendt med følgende ændring: …"
    # "Indstillingen godkendt med denne bemærkning: …"  "Ændringsforslaget blev vedtaget."
    "amended": regex.compile(
        r"\bmed\s+(?:(?:de|den|det|denne|disse|følgende|enkelte|mindre|få)\s+)?(?:\w+\s+)?"
        r"(?:bemærkning|ændring|tilføjelse|præcisering|justering|rettelse)\w*"
        r"|\bændringsforslag\w*\s+(?:blev\s+)?(?:godkendt|vedtaget|tiltrådt)\b",
        _F,
    ),
    # "For stemte: A, V (18)"  "Imod stemte: Ø (3)"  "Undlod at stemme: F (1)"
    "vote": regex.compile(
        r"\b(?P<option>for\s+stemte|imod\s+stemte|undlod\s+at\s+stemme|hverken\s+for\s+eller"
        r"\s+imod(?:\s+stemte)?|stemmer\s+for|stemmer\s+imod|(?-i:For|Imod)(?=\s*:))"
        r"\s*:?\s*(?P<payload>(?:[\s,]*(?:og\s+)?(?:(?-i:[\p{Lu}]{1,2})(?![\p{L}\d])"
        r"|\(\s*\d+\s*\)|\d+(?![\d.,]\d)|\((?-i:[\p{Lu}]{1,2})(?:[\s,]+(?-i:[\p{Lu}]{1,2}))*\)))*)",
        _F,
    ),
    # The count in a vote's payload: "(18)"  "18"
    "vote_number": regex.compile(r"\d+", _F),
    # The party letters in a vote's payload: "A, V"  "Ø"
    "vote_party": regex.compile(r"(?-i:[\p{Lu}]{1,2})(?![\p{L}\d])", _F),
}

_OPTIONS: Final[dict[str, Literal["for", "against", "abstain"]]] = {
    "for stemte": "for", "stemmer for": "for", "for": "for",
    "imod stemte": "against", "stemmer imod": "against", "imod": "against",
}  # fmt: skip

#: One act found in a decision: its class, the words that say so, the body it names.
_Act = tuple[models.OutcomeClass, str, str | None]
#: The class rules matched after the clauses are taken out, and the class each gives.
_CLASS_RULES: Final[tuple[tuple[RuleName, models.OutcomeClass], ...]] = (
    ("rejected", "rejected"), ("approved", "approved"), ("postponed", "postponed"),
    ("noted", "noted"), ("discussed", "discussed"),
)  # fmt: skip
#: The acts before which ``besluttede`` alone is no approval.
_STRONG: Final[frozenset[str]] = frozenset(PRECEDENCE[:5])
#: Words a referral's "til" may name that are no body: "sendes til høring".
_NO_BODY = frozenset({"høring", "behandling", "godkendelse", "orientering", "beslutning", "videre"})
#: The longest evidence given for ``other``: the first sentence, cut at a word.
OTHER_EVIDENCE_CHARS = 160


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the spans (in order, not overlapping) blanked out, so later rules
    cannot match inside them; built once, so many spans cost linear time."""
    out, at = [], 0
    for start, end in spans:
        out += [text[at:start], " " * (end - start)]
        at = end
    return "".join([*out, text[at:]])


def _negated(text: str, start: int, end: int) -> bool:
    return bool(
        RULES["negation_before"].search(text[max(0, start - 40) : start])
        or RULES["negation_after"].match(text[end : end + 8])
    )


def _body(match: regex.Match[str]) -> str | None:
    body = match.groupdict().get("body")
    if not body or body.split()[0].lower() in _NO_BODY:
        return None
    return body


def _votes(text: str) -> list[models.VoteCount]:
    votes = []
    for m in RULES["vote"].finditer(text):
        label = " ".join(m["option"].lower().split())
        option = _OPTIONS.get(label, "abstain")
        payload = m["payload"]
        number = RULES["vote_number"].search(payload)
        parties = RULES["vote_party"].findall(payload)
        if number is None and not parties:
            continue
        count = int(number.group(0)) if number else None
        votes.append(models.VoteCount(option=option, count=count, parties=parties))
    return votes


def _other_evidence(text: str) -> str:
    first = regex.split(r"(?<=\.)\s+(?=\p{Lu})", text, maxsplit=1)[0]
    if len(first) <= OTHER_EVIDENCE_CHARS:
        return first
    return first[:OTHER_EVIDENCE_CHARS].rsplit(" ", 1)[0]


def _strip_clauses(text: str) -> tuple[str, bool, list[_Act]]:
    """Mask exceptions and fallen amendments; take out recommendations and referrals with
    the rest of their sentence. Returns the masked text, whether an exception was made,
    and the acts found (class, evidence, body)."""
    exceptions = [m.span() for m in RULES["exception"].finditer(text)]
    text = _mask(text, exceptions)
    text = _mask(text, [m.span() for m in RULES["amendment_fell"].finditer(text)])
    acts: list[_Act] = []
    forward: tuple[tuple[RuleName, models.OutcomeClass], ...] = (
        ("recommended", "recommended"), ("referred", "referred"),
    )  # fmt: skip
    for name, cls in forward:
        spans = []
        for m in RULES[name].finditer(text):
            negated = _negated(text, *m.span())
            head = m.group(0).split(",")[0].strip()
            if negated and cls == "recommended":
                acts.append(("rejected", _with_negation(text, m.start(), head), None))
            elif not negated:
                acts.append((cls, head, _body(m)))
            spans.append(m.span())
        text = _mask(text, spans)
    amended = bool(exceptions)
    return text, amended, acts


def _with_negation(text: str, start: int, phrase: str) -> str:
    """The evidence of a negated act: the phrase with the ``ikke`` before it."""
    before = RULES["negation_before"].search(text[max(0, start - 40) : start])
    return (before.group(0) + phrase).strip() if before else phrase


def decision_outcome(text: str) -> models.DecisionOutcome | None:
    """The outcome of one decision text; None for an empty text."""
    flat = " ".join(text.split())
    if not flat:
        return None
    masked, amended, acts = _strip_clauses(flat)
    decided: list[str] = []
    negated_seen: list[str] = []
    for name, cls in _CLASS_RULES:
        for m in RULES[name].finditer(masked):
            phrase = flat[m.start() : m.end()]
            if not _negated(masked, m.start(), m.end()):
                acts.append((cls, phrase, None))
                continue
            evidence = _after_negation(masked, m.end(), _with_negation(masked, m.start(), phrase))
            if cls == "approved":
                acts.append(("rejected", evidence, None))
            else:
                negated_seen.append(evidence)
    for m in RULES["decided"].finditer(masked):
        if not _negated(masked, m.start(), m.end()):
            decided.append(flat[m.start() : m.end()])
    if decided and not {c for c, _, _ in acts} & _STRONG:
        acts.append(("approved", decided[0], None))
    amended = amended or bool(RULES["amended"].search(flat))
    votes = _votes(flat)
    referred_to = next((b for _, _, b in acts if b), None)
    for cls in PRECEDENCE:
        found = next((e for c, e, _ in acts if c == cls), None)
        if found is not None:
            return _outcome(cls, found, referred_to, amended, votes)
    evidence = negated_seen[0] if negated_seen else _other_evidence(flat)
    return _outcome("other", evidence, referred_to, amended, votes)


def _after_negation(text: str, end: int, evidence: str) -> str:
    """The evidence with an ``ikke`` printed right after the verb: "godkendte ikke"."""
    after = RULES["negation_after"].match(text[end : end + 8])
    return evidence + after.group(0) if after else evidence


def _outcome(
    cls: models.OutcomeClass,
    evidence: str,
    referred_to: str | None,
    amended: bool,
    votes: list[models.VoteCount],
) -> models.DecisionOutcome:
    return models.DecisionOutcome.model_validate(
        {"class": cls, "evidence": evidence, "referred_to": referred_to, "amended": amended,
         "votes": votes}
    )  # fmt: skip

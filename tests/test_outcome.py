"""Decision outcomes: the class a decision's wording gives, its evidence, the body it names,
whether it was amended, and the votes printed.

Three tables: decisions written the way Danish councils print them, with every field
expected; the decisions of every committed truth (samples and real documents), labelled by
hand in ``fixtures/decision_labels.json``, scored for accuracy with zero contradictions
allowed; and hypothesis properties (no text raises, a negated approval is never approved).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kkrparse
from kkrparse.models import DecisionOutcome, VoteCount
from kkrparse.outcome import PRECEDENCE, RULES, decision_outcome
from textdoc import STANDARD_BODY, TextItem, agenda_text

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "fixtures" / "decision_labels.json"
TRUTHS = sorted((ROOT / "samples").glob("*.expected.json")) + sorted(
    (ROOT / "tests" / "real").glob("*.expected.json")
)
#: The share of labelled decisions that must get their label.
MIN_ACCURACY = 0.95

# text, class, evidence, referred_to, amended
CASES: list[tuple[str, str, str, str | None, bool]] = [
    # approved, in its inflections
    ("Godkendt.", "approved", "Godkendt", None, False),
    ("Indstillingen godkendt", "approved", "Indstillingen godkendt", None, False),
    ("Indstillingen blev godkendt.", "approved", "Indstillingen blev godkendt", None, False),
    ("KKR Sjælland godkendte forhandlingsmandatet.", "approved", "godkendte", None, False),
    ("Referatet godkendes.", "approved", "godkendes", None, False),
    ("Vedtaget.", "approved", "Vedtaget", None, False),
    ("Kommunalbestyrelsen vedtog budgettet.", "approved", "vedtog", None, False),
    ("Tiltrådt.", "approved", "Tiltrådt", None, False),
    ("Økonomiudvalget tiltrådte indstillingen.", "approved", "tiltrådte", None, False),
    ("Indstillingen tiltrædes.", "approved", "Indstillingen tiltrædes", None, False),
    ("Ansøgningen imødekommes.", "approved", "imødekommes", None, False),
    ("Indstillingen blev fulgt.", "approved", "Indstillingen blev fulgt", None, False),
    ("KKR Midtjylland bakkede op om etableringen af uddannelsen.", "approved",
     "bakkede op om", None, False),
    # amended: remarks, changes, additions, exceptions, an adopted amendment
    ("Godkendt med de faldne bemærkninger.", "approved", "Godkendt", None, True),
    ("Godkendt med følgende ændring: Tilskuddet nedsættes til 50.000 kr.", "approved",
     "Godkendt", None, True),
    ("Indstillingen godkendt med den tilføjelse, at forvaltningen årligt gør status.",
     "approved", "Indstillingen godkendt", None, True),
    ("Indstillingen godkendt med denne bemærkning: Lokalerne åbnes også for de unge.",
     "approved", "Indstillingen godkendt", None, True),
    ("Indstillingen godkendt med undtagelse af 2. at-punkt, som ikke blev godkendt.",
     "approved", "Indstillingen godkendt", None, True),
    ("Godkendt, bortset fra forslaget om lukning af Solvej 6, som ikke godkendes.",
     "approved", "Godkendt", None, True),
    ("Ændringsforslaget blev vedtaget. Indstillingen godkendt som ændret.", "approved",
     "vedtaget", None, True),
    ("Godkendt, idet punkt 3 ikke godkendes.", "approved", "Godkendt", None, True),
    ("Godkendt, idet udvalget lagde vægt på dialogen.", "approved", "Godkendt", None, False),
    # recommended to another body, which decides
    ("Anbefales over for Kommunalbestyrelsen.", "recommended",
     "Anbefales over for Kommunalbestyrelsen", "Kommunalbestyrelsen", False),
    ("Udvalget anbefaler Kommunalbestyrelsen at godkende forslaget.", "recommended",
     "anbefaler Kommunalbestyrelsen at godkende forslaget", "Kommunalbestyrelsen", False),
    ("Anbefales godkendt.", "recommended", "Anbefales godkendt", None, False),
    ("Indstilles til godkendelse", "recommended", "Indstilles til godkendelse", None, False),
    ("Indstilles til godkendelse i Kommunalbestyrelsen.", "recommended",
     "Indstilles til godkendelse i Kommunalbestyrelsen", "Kommunalbestyrelsen", False),
    ("Indstillingen anbefales over for Økonomiudvalget med følgende ændring: Puljen "
     "fordeles efter indbyggertal.", "recommended",
     "anbefales over for Økonomiudvalget med følgende ændring: Puljen fordeles efter "
     "indbyggertal", "Økonomiudvalget", True),
    ("KKR Sjælland anbefaler kommunalbestyrelserne at godkende rammeaftalen.", "recommended",
     "anbefaler kommunalbestyrelserne at godkende rammeaftalen", "kommunalbestyrelserne",
     False),
    ("Den anbefalede model blev godkendt.", "approved", "godkendt", None, False),
    ("Udvalget tog anbefalingerne til efterretning.", "noted",
     "tog anbefalingerne til efterretning", None, False),
    ("KKR Syddanmark drøftede de godkendte planer.", "discussed", "drøftede", None, False),
    # referred: sent on to be dealt with by another body
    ("Sagen fremsendes til Økonomiudvalget til godkendelse.", "referred",
     "fremsendes til Økonomiudvalget til godkendelse", "Økonomiudvalget", False),
    ("Oversendes til Børne- og Ungeudvalget.", "referred",
     "Oversendes til Børne- og Ungeudvalget", "Børne- og Ungeudvalget", False),
    ("Rammeaftalen sendes til behandling i kommunalbestyrelserne.", "referred",
     "sendes til behandling i kommunalbestyrelserne", "kommunalbestyrelserne", False),
    ("Sagen henvises til behandling i Økonomiudvalget og Kommunalbestyrelsen.", "referred",
     "henvises til behandling i Økonomiudvalget og Kommunalbestyrelsen",
     "Økonomiudvalget og Kommunalbestyrelsen", False),
    # an approval sent on: approved wins, the body is kept
    ("Godkendt. Rammeaftalen sendes til behandling i kommunalbestyrelserne.", "approved",
     "Godkendt", "kommunalbestyrelserne", False),
    # postponed, and the adjective "udsatte" that is no postponement
    ("Udsat.", "postponed", "Udsat", None, False),
    ("Punktet blev udsat til næste møde.", "postponed", "udsat", None, False),
    ("Sagen udsættes.", "postponed", "udsættes", None, False),
    ("Udvalget udsatte sagen til næste møde.", "postponed", "udsatte", None, False),
    ("KKR Sjælland besluttede at udsætte sagen.", "postponed", "udsætte", None, False),
    # noted
    ("Taget til efterretning.", "noted", "Taget til efterretning", None, False),
    ("KKR Sjælland tog orienteringen til efterretning.", "noted",
     "tog orienteringen til efterretning", None, False),
    ("Orienteringen tages til efterretning.", "noted", "tages til efterretning", None, False),
    ("Udvalget blev orienteret.", "noted", "blev orienteret", None, False),
    ("Til orientering.", "noted", "Til orientering", None, False),
    # discussed, and nothing stronger
    ("KKR Nordjylland drøftede sagen.", "discussed", "drøftede", None, False),
    ("Drøftet.", "discussed", "Drøftet", None, False),
    ("Sagen blev drøftet.", "discussed", "drøftet", None, False),
    ("KKR Hovedstaden drøftede sagen og bakkede op om den foreslåede prioritering.",
     "approved", "bakkede op om", None, False),
    ("KKR Sjælland drøftede sagen og besluttede:\n\n– at intensivere interessevaretagelsen",
     "approved", "besluttede", None, False),
    # rejected: explicit, negated, in every word order
    ("Ikke godkendt.", "rejected", "Ikke godkendt", None, False),
    ("Indstillingen blev ikke godkendt.", "rejected", "ikke godkendt", None, False),
    ("Udvalget godkendte ikke indstillingen.", "rejected", "godkendte ikke", None, False),
    ("Forslaget kunne ikke godkendes.", "rejected", "ikke godkendes", None, False),
    ("Ikke tiltrådt.", "rejected", "Ikke tiltrådt", None, False),
    ("Forslaget blev forkastet.", "rejected", "forkastet", None, False),
    ("Indstillingen faldt.", "rejected", "Indstillingen faldt", None, False),
    ("Kan ikke anbefales.", "rejected", "ikke anbefales", None, False),
    ("Ansøgningen afvises.", "rejected", "afvises", None, False),
    ("Godkendt. Forslaget om en ny skole blev forkastet.", "rejected", "forkastet", None,
     False),
    # a fallen amendment is not the decision's fate
    ("Ændringsforslaget faldt. Indstillingen blev herefter godkendt.", "approved",
     "godkendt", None, False),
    ("Forslaget fra Enhedslisten om gratis parkering blev forkastet. Indstillingen "
     "godkendt.", "approved", "Indstillingen godkendt", None, False),
    # wording that does not decide: other, with the words seen
    ("Formanden orienterede om mødet med ministeren.", "other",
     "Formanden orienterede om mødet med ministeren.", None, False),
    ("Der blev lagt vægt på indsatsen for socialt udsatte børn.", "other",
     "Der blev lagt vægt på indsatsen for socialt udsatte børn.", None, False),
    ("Sagen blev ikke drøftet.", "other", "ikke drøftet", None, False),
    ("Ændringsforslaget faldt.", "other", "Ændringsforslaget faldt.", None, False),
]  # fmt: skip


@pytest.mark.parametrize(
    "text, cls, evidence, referred_to, amended", CASES, ids=[c[0][:48] for c in CASES]
)
def test_a_decision_gets_its_class_evidence_body_and_amendment(
    text: str, cls: str, evidence: str, referred_to: str | None, amended: bool
) -> None:
    got = decision_outcome(text)
    assert got is not None
    assert (got.class_, got.evidence, got.referred_to, got.amended) == (
        cls, evidence, referred_to, amended
    )  # fmt: skip


def test_the_evidence_is_printed_in_the_decision() -> None:
    for text, *_ in CASES:
        got = decision_outcome(text)
        assert got is not None and got.evidence is not None
        assert got.evidence in " ".join(text.split()), text


def test_an_empty_decision_has_no_outcome() -> None:
    assert decision_outcome("") is None
    assert decision_outcome(" \n\n ") is None


def test_printed_votes_are_read_option_by_option() -> None:
    got = decision_outcome(
        "For stemte: A, V (18)\nImod stemte: Ø (3)\nUndlod at stemme: F (1)\n\n"
        "Indstillingen blev godkendt."
    )
    assert got is not None
    assert got.class_ == "approved"
    assert got.votes == [
        VoteCount(option="for", count=18, parties=["A", "V"]),
        VoteCount(option="against", count=3, parties=["Ø"]),
        VoteCount(option="abstain", count=1, parties=["F"]),
    ]


def test_votes_without_a_count_keep_the_parties_and_decide_nothing() -> None:
    got = decision_outcome("For stemte: A, C og V. Imod stemte: Ø.")
    assert got is not None
    assert got.class_ == "other"  # who voted how says nothing of what was voted on
    assert got.votes == [
        VoteCount(option="for", count=None, parties=["A", "C", "V"]),
        VoteCount(option="against", count=None, parties=["Ø"]),
    ]


def test_for_at_the_start_of_a_sentence_is_no_vote() -> None:
    got = decision_outcome("For at sikre fremdriften godkendte udvalget tidsplanen.")
    assert got is not None
    assert got.votes == []
    assert got.class_ == "approved"


def test_every_rule_has_a_danish_example_in_its_comment() -> None:
    source = (ROOT / "src" / "kkrparse" / "outcome.py").read_text(encoding="utf-8")
    table = source[source.index("RULES: Final") :]
    for name in RULES:
        before = table[: table.index(f'    "{name}": regex.compile(')].rstrip().split("\n")
        comment = []
        while before and before[-1].strip().startswith("#"):
            comment.append(before.pop())
        assert any('"' in line for line in comment), name


def test_the_precedence_is_the_issues_order() -> None:
    assert PRECEDENCE == (
        "rejected", "approved", "recommended", "referred", "postponed", "noted", "discussed"
    )  # fmt: skip


# --- the committed truths' decisions, labelled by hand ---------------------------------------


def _labels() -> dict[str, str]:
    labels: dict[str, str] = json.loads(LABELS.read_text(encoding="utf-8"))
    return labels


def _truth_decisions() -> list[str]:
    found = []
    for path in TRUTHS:
        truth = json.loads(path.read_text(encoding="utf-8"))
        found += [i["decision"] for i in truth.get("items", []) if i.get("decision")]
    return found


def test_every_truths_decision_is_labelled() -> None:
    decisions = _truth_decisions()
    assert len(decisions) >= 100
    assert set(decisions) == set(_labels())


def test_labelled_decisions_are_classed_right_and_never_contradicted() -> None:
    labels = _labels()
    got = {text: decision_outcome(text) for text in labels}
    classes = {text: o.class_ if o else None for text, o in got.items()}
    right = [t for t, want in labels.items() if classes[t] == want]
    assert len(right) / len(labels) >= MIN_ACCURACY, {
        t: (labels[t], classes[t]) for t in labels if t not in right
    }
    contradictions = [
        t for t, want in labels.items()
        if {want, classes[t]} == {"approved", "rejected"}
    ]  # fmt: skip
    assert contradictions == []
    # The same over every decision as printed, repeats included.
    decisions = _truth_decisions()
    hits = sum(classes[d] == labels[d] for d in decisions)
    assert hits / len(decisions) >= MIN_ACCURACY


# --- properties ------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_no_text_makes_it_raise(text: str) -> None:
    got = decision_outcome(text)
    assert got is None or isinstance(got, DecisionOutcome)
    assert (got is None) == (not text.split())


_SUBJECTS = ["", "Indstillingen ", "Udvalget ", "KKR Sjælland ", "Forslaget ", "Sagen "]
#: Approvals, each negated the ways Danish negates it: "ikke" before a participle or an
#: auxiliary's infinitive, "ikke" after a finite verb.
_NEGATED = [
    "ikke godkendt", "blev ikke godkendt", "kunne ikke godkendes", "godkendte ikke",
    "godkendes ikke", "godkender ikke", "ikke vedtaget", "vedtog ikke", "blev ikke vedtaget",
    "ikke tiltrådt", "tiltrådte ikke", "tiltrædes ikke", "ønskede ikke at godkende",
    "kan ikke tiltræde", "kan ikke anbefale", "anbefales ikke", "imødekommes ikke",
    "bakkede ikke op om",
]  # fmt: skip
_TAILS = ["", ".", " indstillingen.", " forslaget", " planen i sin nuværende form."]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_SUBJECTS), st.sampled_from(_NEGATED), st.sampled_from(_TAILS),
       st.booleans())  # fmt: skip
def test_a_negated_approval_is_never_approved(
    subject: str, negated: str, tail: str, capital: bool
) -> None:
    phrase = subject + negated + tail
    text = phrase[0].upper() + phrase[1:] if capital else phrase
    got = decision_outcome(text)
    assert got is not None
    assert got.class_ != "approved", text


# --- in the parser's output ------------------------------------------------------------------


def test_a_parsed_decision_carries_its_outcome_as_class_in_json(tmp_path: Path) -> None:
    body = [*STANDARD_BODY, "", "Beslutning", "Indstillingen blev ikke godkendt."]
    text = agenda_text([TextItem("1", "Sager"), TextItem("1.1", "Godkendelse", body)])
    agenda = kkrparse.parse_text(text)
    item = next(i for i in agenda.items if i.number == "1.1")
    assert item.decision == "Indstillingen blev ikke godkendt."
    assert item.decision_outcome is not None
    assert item.decision_outcome.class_ == "rejected"
    dumped = json.loads(agenda.to_json())
    outcome = next(i for i in dumped["items"] if i["number"] == "1.1")["decision_outcome"]
    assert outcome["class"] == "rejected" and "class_" not in outcome
    assert agenda.model_dump()["items"][1]["decision_outcome"]["class"] == "rejected"
    path = tmp_path / "x.json"
    path.write_text(agenda.to_json(), encoding="utf-8")
    assert kkrparse.load(path) == agenda  # load() reads "class" back
    # An item without a decision has none.
    assert next(i for i in agenda.items if i.number == "1").decision_outcome is None


def test_class_is_read_back_from_json_and_by_its_python_name() -> None:
    from_json = DecisionOutcome.model_validate_json('{"class": "noted", "evidence": "Taget"}')
    by_name = DecisionOutcome.model_validate({"class_": "noted", "evidence": "Taget"})
    assert from_json.class_ == by_name.class_ == "noted"
    schema = DecisionOutcome.model_json_schema()
    assert "class" in schema["properties"] and "class" in schema["required"]
    with pytest.raises(ValueError):
        DecisionOutcome.model_validate({"class": "maybe", "evidence": None})


@pytest.mark.parametrize(
    "unit",
    ["forslag fra A og ", "ændringsforslaget ", "Godkendt, idet ", "ikke godkendt ",
     "Anbefales. ", "Ændringsforslaget faldt. ", "Oversendes til KB. "],
)  # fmt: skip
def test_runtime_grows_near_linearly_on_repeated_phrases(unit: str) -> None:
    """A rule that scans to the sentence's end from every occurrence was quadratic (4,000
    repeats of "ændringsforslaget " took 8 s), and so was masking one span at a time."""
    import time

    def cost(n: int) -> float:
        start = time.process_time()
        decision_outcome(unit * n)
        return time.process_time() - start

    small, large = cost(500), cost(4000)
    assert large < 0.5 or large < 20 * max(small, 0.005)  # linear ≈ 8, quadratic ≈ 64

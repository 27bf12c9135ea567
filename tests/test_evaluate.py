"""The accuracy gate's scoring: each kind of mistake lowers the field it should, and only it.

The scoring works on plain JSON dicts, so most tests change one thing in a copy of a small
expected agenda and look at which fields dropped below 1.0. The command is run on a tiny
corpus written in the test.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from fixtures_make import agenda_pdf, letter_pdf
from kkrparse import parse_pdf
from kkrparse.cli.evaluate import app
from kkrparse.evaluate import (
    FIELDS,
    STRUCTURAL_FIELDS,
    TEXT_FIELDS,
    SampleScore,
    Tally,
    check_floors,
    corpus_tallies,
    find_leaks,
    match_items,
    refused,
    score_agenda,
    score_sample,
    unscored_keys,
    updated_floors,
    word_match,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


def _section(key: str, heading: str | None, text: str, start: int, end: int) -> dict[str, Any]:
    return {"key": key, "heading": heading, "text": text, "page_start": start, "page_end": end}


def _item(number: str, heading: str, start: int, end: int, **extra: Any) -> dict[str, Any]:
    kind, _, title = heading.partition(": ") if ": " in heading else (None, "", heading)
    item = {
        "number": number,
        "level": 1 if "." not in number else 2,
        "parent": number.rsplit(".", 1)[0] if "." in number else None,
        "heading": heading,
        "kind": kind,
        "title": title,
        "case_number": None,
        "case_officer": None,
        "page_start": start,
        "page_end": end,
        "sections": [],
        "recommendations": [],
        "decision": None,
        "attachments": [],
        "links": [],
        "closed": False,
        "document_number": None,
        "attachment_refs": [],
        "sub_points": [],
        "decision_history": [],
    }
    item.update(extra)
    return item


SAGSFREMSTILLING = (
    "KKR Sjællands udpegninger fremgår af blå bog. Bygge- og anlægsområdet drøftes "
    "i de centrale politiske udvalg.\n\n– Sundhedskoordinationsudvalget\n– Praksisplanudvalget"
)


def truth() -> dict[str, Any]:
    """A small expected agenda in which every field has something to score."""
    return {
        "schema_version": "1.1",
        "source": {
            "filename": "x.pdf",
            "sha256": "0" * 64,
            "page_count": 41,
            "engine": "pdfplumber",
            "parser_version": "0.1.0",
        },
        "meeting": {
            "body": "KKR Sjælland",
            "date": "2021-04-21",
            "document_type": "referat",
            "start_time": "10:00",
            "end_time": "12:30",
            "location": "Sørup Herregaard, Sørupvej 26, 4100 Ringsted",
            "attendance": [
                {
                    "name": "Niels Hörup",
                    "role": "formand",
                    "municipality": "Solrød Kommune",
                    "status": "present",
                },
                {
                    "name": "Birgitte Dahl",
                    "role": None,
                    "municipality": "Odsherred Kommune",
                    "status": "absent",
                },
            ],
        },
        "toc": [
            {"number": "1", "title": "Godkendelse af dagsorden og referat", "page": 3},
            {"number": "1.1", "title": "Godkendelse af dagsorden", "page": 3},
            {"number": "2.1", "title": "Orienteringssag: Meddelelser fra KKR-udpegede", "page": 5},
        ],
        "items": [
            _item("1", "Godkendelse af dagsorden og referat", 3, 3),
            _item(
                "1.1",
                "Godkendelse af dagsorden",
                3,
                4,
                case_number="SAG-2020-05887",
                case_officer="adr",
                document_number="2020-118817",
                decision_history=[
                    {"date": "2021-03-03", "body": "KKR Sjælland", "text": "Udsat."}
                ],
                sections=[
                    _section("baggrund", "Baggrund", "Godkendelse af dagsorden.", 3, 3),
                    _section("beslutning", "Beslutning", "Godkendt.", 4, 4),
                ],
                decision="Godkendt.",
                decision_outcome={
                    "class": "approved",
                    "evidence": "Godkendt",
                    "referred_to": None,
                    "amended": False,
                    "votes": [],
                },
            ),
            _item(
                "2.1",
                "Orienteringssag: Meddelelser fra KKR-udpegede",
                5,
                6,
                case_number="SAG-2020-05887",
                case_officer="jebj",
                sections=[
                    _section(
                        "indstilling",
                        "Indstilling",
                        "– Det indstilles, at KKR Sjælland tager orienteringen til efterretning.",
                        5,
                        5,
                    ),
                    _section("sagsfremstilling", "Sagsfremstilling", SAGSFREMSTILLING, 5, 6),
                    _section("vedlagte_bilag", "Vedlagte bilag:", "– Faktaark – Kalundborg", 6, 6),
                ],
                recommendations=[
                    "Det indstilles, at KKR Sjælland tager orienteringen til efterretning."
                ],
                attachments=["Faktaark – Kalundborg", "Notat om praksisplan"],
                attachment_refs=[{"number": "2021-4410", "title": "Notat om praksisplan"}],
                sub_points=[
                    {
                        "letter": "a",
                        "title": "Praksisplan",
                        "text": "Udvalget orienteres.",
                        "attachments": ["Notat om praksisplan"],
                        "attachment_refs": [
                            {"number": "2021-4410", "title": "Notat om praksisplan"}
                        ],
                        "page_start": 6,
                    }
                ],
                links=[{"url": "https://ehsj.dk/cases/0/2", "text": "linket", "page": 6}],
            ),
        ],
        "appendix": {"page_start": 40, "page_end": 41},
        "warnings": [],
        "must_not_appear": ["KKR Sjælland | 21-04-2021", "SIDE | 5"],
    }


def lowered(got: dict[str, Any], want: dict[str, Any] | None = None) -> set[str]:
    """The fields whose score fell below 1.0."""
    scores = score_agenda(want or truth(), got)
    return {f for f in FIELDS if (v := scores.score(f)) is not None and v < 1.0}


def changed(edit: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    got = copy.deepcopy(truth())
    edit(got)
    return got


def test_a_perfect_copy_scores_one_everywhere() -> None:
    scores = score_agenda(truth(), copy.deepcopy(truth()))
    assert {f: scores.score(f) for f in FIELDS} == {**dict.fromkeys(FIELDS, 1.0), "refusals": None}
    assert scores.leaks == ()


@pytest.mark.parametrize("expected", sorted(SAMPLES.glob("*.expected.json")), ids=lambda p: p.name)
def test_every_committed_expected_file_scores_one_against_itself(expected: Path) -> None:
    want = json.loads(expected.read_text(encoding="utf-8"))
    if "expect" in want:
        # A sample that is no agenda: refused for its reason, it is one right refusal.
        right = score_sample(want, expected.name, None, f"{want['expect']}: refused")
        assert right.score("refusals") == 1.0 and right.error is None
        wrong = score_sample(want, expected.name, {"items": []}, None)
        assert wrong.score("refusals") == 0.0
        return
    scores = score_agenda(want, copy.deepcopy(want))
    assert {f for f in FIELDS if scores.score(f) not in (1.0, None)} == set()
    assert scores.score("items_found") == 1.0


@pytest.mark.parametrize(
    "edit, field",
    [
        (lambda a: a["items"][1].update(closed=True), "closed"),
        (lambda a: a["items"][1].update(document_number="2020-1"), "document_number"),
        (lambda a: a["items"][1].update(decision_history=[]), "decision_history"),
        (lambda a: a["items"][2].update(attachment_refs=[]), "attachment_refs"),
        (lambda a: a["items"][2]["sub_points"][0].update(title="Plan"), "sub_points"),
    ],
    ids=["closed", "document_number", "decision_history", "attachment_refs", "sub_points"],
)
def test_a_wrong_meeting_system_field_lowers_that_field_only(
    edit: Callable[[dict[str, Any]], object], field: str
) -> None:
    assert lowered(changed(edit)) == {field}


@pytest.mark.parametrize(
    "outcome",
    [
        {"class": "rejected", "evidence": "Godkendt", "referred_to": None, "amended": False,
         "votes": []},
        {"class": "approved", "evidence": "Godkendt", "referred_to": None, "amended": True,
         "votes": []},
        None,
    ],
    ids=["class", "amended", "missing"],
)  # fmt: skip
def test_a_wrong_decision_outcome_lowers_decision_outcome_only(
    outcome: dict[str, Any] | None,
) -> None:
    assert lowered(changed(lambda a: a["items"][1].update(decision_outcome=outcome))) == {
        "decision_outcome"
    }


def test_a_truth_claims_only_the_outcome_keys_it_gives() -> None:
    """A hand-written truth may give the class alone; a null outcome claims nothing (the
    generated samples write null for every item)."""
    want = changed(lambda a: a["items"][1].update(decision_outcome={"class": "approved"}))
    scores = score_agenda(want, truth())
    assert scores.tallies["decision_outcome"] == Tally(1.0, 1.0)
    wrong = changed(lambda a: a["items"][1]["decision_outcome"].update({"class": "noted"}))
    assert score_agenda(want, wrong).score("decision_outcome") == 0.0
    unclaimed = changed(lambda a: a["items"][1].update(decision_outcome=None))
    scores = score_agenda(unclaimed, truth())
    assert scores.score("decision_outcome") is None
    assert "items[].decision_outcome" not in scores.unscored


def test_a_dropped_item_lowers_items_found_only() -> None:
    got = changed(lambda a: a["items"].pop(1))
    assert lowered(got) == {"items_found"}
    assert score_agenda(truth(), got).score("items_found") == pytest.approx(2 / 3)


def test_an_extra_item_lowers_items_extra_only() -> None:
    extra = _item("3", "Udpegninger", 7, 7)
    got = changed(lambda a: a["items"].append(extra))
    assert lowered(got) == {"items_extra"}
    assert score_agenda(truth(), got).score("items_extra") == pytest.approx(3 / 4)


def test_a_numbered_body_line_taken_for_an_item_is_an_extra_not_a_swap() -> None:
    """Two produced items '1': the one whose heading matches is the item, the other extra."""
    fake = _item("1", "Temadrøftelser", 3, 3)
    got = changed(lambda a: a["items"].insert(0, fake))
    assert match_items(truth()["items"], got["items"])[0] == (0, 1)
    assert lowered(got) == {"items_extra"}


def test_a_changed_page_span_lowers_page_span_only() -> None:
    got = changed(lambda a: a["items"][2].update(page_end=7))
    assert lowered(got) == {"page_span"}


def test_a_changed_section_page_lowers_section_span_only() -> None:
    got = changed(lambda a: a["items"][2]["sections"][1].update(page_end=7))
    assert lowered(got) == {"section_span"}


def test_a_split_word_lowers_the_text_fields() -> None:
    """'politiske' left as 'politi- ske': the text differs and a residue leaked."""

    def split(agenda: dict[str, Any]) -> None:
        section = agenda["items"][2]["sections"][1]
        section["text"] = section["text"].replace("politiske", "politi- ske")

    got = changed(split)
    assert lowered(got) == {"section_text", "section_text_exact", "must_not_appear"}
    assert score_agenda(truth(), got).leaks == ("politi- ske",)


def test_a_leaked_running_header_lowers_the_text_fields() -> None:
    def leak(agenda: dict[str, Any]) -> None:
        section = agenda["items"][2]["sections"][1]
        section["text"] = section["text"].replace("blå bog.", "blå bog. KKR Sjælland | 21-04-2021")

    got = changed(leak)
    assert lowered(got) == {"section_text", "section_text_exact", "must_not_appear"}
    assert score_agenda(truth(), got).leaks == ("KKR Sjælland | 21-04-2021",)


def test_a_changed_line_break_is_not_a_word_error_but_not_exact() -> None:
    def rewrap(agenda: dict[str, Any]) -> None:
        section = agenda["items"][2]["sections"][1]
        section["text"] = section["text"].replace("\n\n", " ")

    assert lowered(changed(rewrap)) == {"section_text_exact"}


@pytest.mark.parametrize(
    ("field", "edit"),
    [
        ("heading", lambda a: a["items"][1].update(heading="Godkendelse af")),
        ("kind", lambda a: a["items"][2].update(kind=None)),
        ("title", lambda a: a["items"][2].update(title="Meddelelser")),
        ("case_number", lambda a: a["items"][1].update(case_number=None)),
        ("case_officer", lambda a: a["items"][2].update(case_officer="adr")),
        ("section_keys", lambda a: a["items"][1]["sections"].pop(0)),
        ("recommendations", lambda a: a["items"][2].update(recommendations=[])),
        ("attachments", lambda a: a["items"][2]["attachments"].append("Kortlægning")),
        ("links", lambda a: a["items"][2]["links"][0].update(text="https://ehsj.dk/cases/0/2")),
        ("decision", lambda a: a["items"][1].update(decision="Godkendt")),
        ("attendance", lambda a: a["meeting"]["attendance"][1].update(status="present")),
        ("meeting", lambda a: a["meeting"].update(start_time="08:00")),
        ("toc", lambda a: a["toc"][2].update(page=6)),
        ("appendix", lambda a: a.update(appendix=None)),
    ],
)
def test_each_structural_mistake_lowers_its_own_field(
    field: str, edit: Callable[[dict[str, Any]], object]
) -> None:
    assert lowered(changed(edit)) == {field}


def test_word_match_is_difflib_ratio_over_words() -> None:
    assert word_match("a b c", "a b c").score == 1.0
    assert word_match("a b c", "a c").score == pytest.approx(2 * 2 / 5)
    assert word_match("politiske udvalg", "politi- ske udvalg").score == pytest.approx(2 / 5)
    assert word_match("", "").score is None


def test_suspended_compounds_of_the_expected_text_are_not_residues() -> None:
    want = truth()
    got = copy.deepcopy(want)
    assert find_leaks(want, got) == ()  # 'Bygge- og' is in the expected text too
    got["items"][2]["sections"][1]["text"] += " IT- Branchen, COVID- 19"  # no lower case after
    got["items"][2]["decision"] = "velfærds- og serviceområderne"  # not in the expected text
    assert find_leaks(want, got) == ("velfærds- og",)


def test_malformed_output_scores_low_without_raising() -> None:
    got = {"items": [{"number": "1", "sections": "oops", "attachments": [["a"]]}, "x"],
           "meeting": None, "toc": [{"number": "1", "title": ["x"]}]}  # fmt: skip
    scores = score_agenda(truth(), got)
    assert scores.score("items_found") == pytest.approx(1 / 3)
    assert scores.score("meeting") == 0.0 and scores.score("toc") == 0.0


def test_a_soft_hyphen_is_a_leak() -> None:
    got = changed(lambda a: a["items"][1].update(title="Godkendelse af dags\u00adorden"))
    assert "\u00ad" in score_agenda(truth(), got).leaks


def test_must_not_appear_is_optional() -> None:
    want = truth()
    del want["must_not_appear"]
    assert score_agenda(want, copy.deepcopy(want)).score("must_not_appear") == 1.0


def test_a_refused_sample_scores_zero_in_every_field() -> None:
    scores = refused(truth(), "x", "not_pdf: no %PDF- header")
    assert {f: scores.score(f) for f in FIELDS} == {**dict.fromkeys(FIELDS, 0.0), "refusals": None}
    assert scores.error == "not_pdf: no %PDF- header"


NOT_AGENDA = {"expect": "not_agenda", "why": "a letter"}


def test_a_right_refusal_counts_in_refusals_only() -> None:
    scores = score_sample(NOT_AGENDA, "letter", None, "not_agenda: not a meeting document: …")
    assert scores.score("refusals") == 1.0 and scores.error is None
    assert {f for f in FIELDS if scores.score(f) is not None} == {"refusals"}
    assert corpus_tallies([scores, score_agenda(truth(), truth())])["items_found"].score == 1.0


@pytest.mark.parametrize(
    "got, error, problem",
    [
        ({"items": [{"number": "1"}]}, None, "accepted as an agenda; expected not_agenda"),
        (None, "no_text: no text layer", "expected not_agenda, got no_text: no text layer"),
        (None, "unsupported_layout: …", "expected not_agenda, got unsupported_layout: …"),
    ],
)
def test_a_wrong_refusal_or_an_acceptance_misses_refusals(
    got: dict[str, Any] | None, error: str | None, problem: str
) -> None:
    scores = score_sample(NOT_AGENDA, "letter", got, error)
    assert scores.score("refusals") == 0.0
    assert scores.error == problem


def test_fields_a_truth_leaves_out_are_not_scored_and_new_names_are_listed() -> None:
    want = {
        "expect": "ok",
        "meeting": {"date": "2012-12-04", "attendance": [
            {"name": "A", "role": None, "municipality": None, "status": "present", "party": "A"}]},
        "items": [{"number": "1", "title": "Meddelelser", "dok_id": "2012-1",
                   "label_names": ["bilag"]}],
    }  # fmt: skip
    got = changed(lambda a: a["meeting"].update(date="2012-12-04"))
    scores = score_agenda(want, got)
    scored = {f for f in FIELDS if scores.score(f) is not None}
    assert scored == {"items_found", "items_extra", "title", "meeting", "attendance",
                      "must_not_appear"}  # fmt: skip
    assert scores.tallies["meeting"].total == 1  # the date only
    assert unscored_keys(want) == (
        "meeting.attendance[].party", "items[].dok_id", "items[].label_names"
    )  # fmt: skip
    assert scores.unscored == unscored_keys(want)


def test_a_refused_truth_that_leaves_fields_out_zeroes_only_what_it_gives() -> None:
    want = {"items": [{"number": "1", "title": "Meddelelser"}]}
    scores = refused(want, "x", "damaged: truncated")
    assert {f for f in FIELDS if scores.score(f) is not None} == {
        "items_found", "items_extra", "title", "must_not_appear"
    }  # fmt: skip


def test_a_suspended_compound_is_no_residue_even_when_the_truth_has_no_text() -> None:
    want = {"items": [{"number": "1"}]}
    got = {"items": [{"number": "1", "decision": "Sundheds- og Forebyggelsesudvalget, politi- ske"}]}
    assert find_leaks(want, got) == ("politi- ske",)


def test_the_corpus_score_is_micro_averaged() -> None:
    a = SampleScore("a", {**{f: Tally(1, 1) for f in FIELDS}, "heading": Tally(1, 1)})
    b = SampleScore("b", {**{f: Tally(1, 1) for f in FIELDS}, "heading": Tally(0, 3)})
    assert corpus_tallies([a, b])["heading"].score == pytest.approx(1 / 4)


def test_text_and_structural_fields_split_the_fields() -> None:
    assert set(STRUCTURAL_FIELDS) | TEXT_FIELDS == set(FIELDS)
    assert {"section_text", "section_text_exact", "must_not_appear"} == TEXT_FIELDS


# --- floors ----------------------------------------------------------------------------------


def _sample(name: str, **scores: float) -> SampleScore:
    tallies = {f: Tally(1, 1) for f in FIELDS}
    tallies.update({f: Tally(v, 1) for f, v in scores.items()})
    return SampleScore(name, tallies)


def test_check_names_the_field_the_sample_and_the_value() -> None:
    samples = [_sample("good"), _sample("bad", page_span=0.0)]
    failures = check_floors({"page_span": 1.0, "section_text": 0.9}, samples)
    assert [(f.field, f.value) for f in failures] == [("page_span", 0.5)]
    assert failures[0].samples == (("bad", 0.0, None),)
    assert "page_span" in failures[0].describe() and "bad 0.0000" in failures[0].describe()


def test_check_passes_at_the_floor() -> None:
    assert check_floors({"section_text": 0.75}, [_sample("a", section_text=0.75)]) == []


def test_floors_go_up_and_text_floors_are_rounded_down() -> None:
    new, lowered_fields = updated_floors(
        {"section_text": 0.9}, {"section_text": 0.987654, "toc": 1.0}, allow_lower=False
    )
    assert new == {"section_text": 0.9876, "toc": 1.0}
    assert lowered_fields == []


def test_a_structural_field_is_pinned_only_at_one() -> None:
    new, lowered_fields = updated_floors({}, {"toc": 0.95, "links": 1.0}, allow_lower=False)
    assert new == {"links": 1.0}
    assert lowered_fields == []


def test_floors_refuse_to_go_down_without_allow_lower() -> None:
    old = {"section_text": 0.99, "toc": 1.0}
    measured = {"section_text": 0.95, "toc": 0.95}
    new, lowered_fields = updated_floors(old, measured, allow_lower=False)
    assert new == old
    assert lowered_fields == ["section_text", "toc"]
    new, lowered_fields = updated_floors(old, measured, allow_lower=True)
    assert new == {"section_text": 0.95}  # the structural floor is dropped, not lowered
    assert lowered_fields == ["section_text", "toc"]


def test_an_unmeasured_field_keeps_its_floor() -> None:
    new, _ = updated_floors({"links": 1.0}, {"links": None}, allow_lower=False)
    assert new == {"links": 1.0}


# --- the command -----------------------------------------------------------------------------


def run(*args: str | Path) -> Result:
    runner = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "200"})
    result = runner.invoke(app, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """One small agenda PDF; its expected file is kkrparse's own output.

    That checks the command's plumbing, not the parser: the parser's accuracy is measured on
    samples whose expected files were written from the rendered content.
    """
    folder = tmp_path / "samples"
    folder.mkdir()
    pdf = folder / "agenda.pdf"
    pdf.write_bytes(agenda_pdf())
    expected = parse_pdf(pdf).model_dump(mode="json")
    expected["must_not_appear"] = ["SIDE  |"]
    (folder / "agenda.expected.json").write_text(json.dumps(expected), encoding="utf-8")
    return folder


def test_the_command_pins_floors_checks_and_refuses_to_lower(corpus: Path, tmp_path: Path) -> None:
    floors = tmp_path / "floors.json"
    common = ["--workers", "1", "--floors", floors]

    result = run(corpus, "--update-floors", *common)
    assert result.exit_code == 0, result.output
    pinned = json.loads(floors.read_text(encoding="utf-8"))["floors"]
    assert pinned["items_found"] == 1.0 and pinned["section_text"] == 1.0
    assert "items_found" in result.stdout and "agenda" in result.stdout

    assert run(corpus, "--check", *common).exit_code == 0

    # A sample the parser refuses: zero everywhere, named with its reason; the table is printed.
    (corpus / "broken.pdf").write_bytes(b"<html>not found</html>")
    (corpus / "broken.expected.json").write_bytes((corpus / "agenda.expected.json").read_bytes())
    result = run(corpus, "--check", "--json", *common)
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    broken = report["results"]["kkrparse"]["samples"][1]
    assert broken["name"] == "broken" and broken["error"].startswith("not_pdf")
    assert {f["field"] for f in report["below_floor"]} == set(pinned)
    assert "below floor: items_found: 0.5000 < floor 1.0000; samples: broken 0.0000" in (
        result.stderr
    )

    result = run(corpus, "--update-floors", *common)
    assert result.exit_code == 1
    assert "refused" in result.stderr and "--allow-lower" in result.stderr
    assert json.loads(floors.read_text(encoding="utf-8"))["floors"] == pinned

    assert run(corpus, "--update-floors", "--allow-lower", *common).exit_code == 0
    lowered_floors = json.loads(floors.read_text(encoding="utf-8"))["floors"]
    assert "items_found" not in lowered_floors  # structural: 1.0 or no floor
    assert lowered_floors["section_text"] == 0.5


def test_the_command_scores_the_baseline_side_by_side(corpus: Path) -> None:
    result = run(
        corpus,
        "--baseline",
        "--json",
        "--workers",
        "1",
        "--baseline-file",
        ROOT / "benchmarks" / "baseline.py",
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report["results"]) == {"kkrparse", "baseline"}
    baseline = report["results"]["baseline"]["samples"][0]
    assert baseline["error"] is None
    assert baseline["fields"]["items_found"]["score"] > 0


def test_the_command_without_samples_is_a_usage_error(tmp_path: Path) -> None:
    assert run(tmp_path, "--workers", "1").exit_code == 2


def test_check_without_a_floors_file_is_a_usage_error(corpus: Path, tmp_path: Path) -> None:
    result = run(corpus, "--check", "--workers", "1", "--floors", tmp_path / "none.json")
    assert result.exit_code == 2


def test_an_expected_file_that_is_not_json_is_a_usage_error(corpus: Path) -> None:
    (corpus / "bad.expected.json").write_text("{not json", encoding="utf-8")
    result = run(corpus, "--workers", "1")
    assert result.exit_code == 2
    assert "bad.expected.json" in result.stderr


CRASHING_BASELINE = """
import os
from pathlib import Path

def parse_baseline(path: Path) -> dict:
    if path.name == "crash.pdf":
        os._exit(3)  # a crash in native code: the process is gone, no exception
    return {"items": []}
"""


def test_a_parser_process_that_dies_is_one_refused_sample(corpus: Path, tmp_path: Path) -> None:
    (corpus / "crash.pdf").write_bytes((corpus / "agenda.pdf").read_bytes())
    (corpus / "crash.expected.json").write_bytes((corpus / "agenda.expected.json").read_bytes())
    baseline = tmp_path / "crashing.py"
    baseline.write_text(CRASHING_BASELINE, encoding="utf-8")
    result = run(corpus, "--baseline", "--baseline-file", baseline, "--json", "--workers", "2")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    errors = {s["name"]: s["error"] for s in report["results"]["baseline"]["samples"]}
    assert errors == {"agenda": None, "crash": "crashed: the parser's process died"}
    assert [s["error"] for s in report["results"]["kkrparse"]["samples"]] == [None, None]


@pytest.fixture
def real(tmp_path: Path) -> tuple[Path, Path]:
    """A folder of "real" PDFs and, apart from it, their truths: an agenda and a letter the
    truth says must be refused."""
    pdfs, truths = tmp_path / "shared-real", tmp_path / "truths"
    pdfs.mkdir()
    truths.mkdir()
    (pdfs / "agenda.pdf").write_bytes(agenda_pdf())
    (pdfs / "letter.pdf").write_bytes(letter_pdf())
    want = {"expect": "ok", "items": [{"number": "1", "title": "Godkendelse af dagsorden"}]}
    (truths / "agenda.expected.json").write_text(json.dumps(want), encoding="utf-8")
    (truths / "letter.expected.json").write_text(json.dumps(NOT_AGENDA), encoding="utf-8")
    return pdfs, truths


def test_the_command_scores_the_real_documents_as_a_table_of_their_own(
    corpus: Path, real: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    pdfs, truths = real
    floors, real_floors = tmp_path / "floors.json", tmp_path / "real-floors.json"
    common = ["--workers", "1", "--floors", floors, "--real-truth", truths]
    common += ["--real", pdfs, "--real-floors", real_floors]
    result = run(corpus, "--update-floors", "--json", *common)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    samples = {s["name"]: s for s in report["real"]["results"]["kkrparse"]["samples"]}
    assert samples["letter"]["fields"]["refusals"]["score"] == 1.0
    assert report["real"]["results"]["kkrparse"]["corpus"]["refusals"]["score"] == 1.0
    assert [s["name"] for s in report["results"]["kkrparse"]["samples"]] == ["agenda"]
    pinned = json.loads(real_floors.read_text(encoding="utf-8"))["floors"]
    assert pinned["refusals"] == 1.0 and "section_keys" not in pinned
    assert run(corpus, "--check", *common).exit_code == 0

    # The gate can fail: a non-agenda the parser accepts is a missed refusal.
    (pdfs / "letter.pdf").write_bytes(agenda_pdf())
    result = run(corpus, "--check", *common)
    assert result.exit_code == 1
    assert "real documents: below floor: refusals: 0.0000 < floor 1.0000" in result.stderr


def test_missing_real_documents_skip_with_a_note_but_fail_under_ci(
    corpus: Path, real: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, truths = real
    args = [corpus, "--workers", "1", "--real", tmp_path / "absent", "--real-truth", truths]
    monkeypatch.delenv("CI", raising=False)
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert "skipped the real documents" in result.stderr
    monkeypatch.setenv("CI", "true")
    result = run(*args)
    assert result.exit_code == 1
    assert "the real documents are missing (CI=true)" in result.stderr

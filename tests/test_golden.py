"""Whole documents: every committed sample PDF against the expected JSON its generator
wrote from the content it rendered (never from a parser run).

A failure here means the parser or the sample is wrong; find which. Never rewrite an
expected file to make this pass.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

import kkrparse
import skips

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
TRUTHS = sorted(p for p in SAMPLES.glob("*.pdf") if p.with_suffix(".expected.json").exists())


def _refusal(pdf: Path) -> str | None:
    want = json.loads(pdf.with_suffix(".expected.json").read_text(encoding="utf-8"))
    return want.get("expect")


#: Samples that are agendas or minutes, compared field by field.
PDFS = [p for p in TRUTHS if _refusal(p) is None]
#: Samples that are no agenda (a report, a memo, …): the parser must refuse them.
REFUSED = [p for p in TRUTHS if _refusal(p) is not None]
#: The error each expected refusal is raised as.
REFUSAL_ERRORS: dict[str, type[kkrparse.KkrParseError]] = {
    "not_agenda": kkrparse.NotAnAgendaError,
    "unsupported_layout": kkrparse.UnsupportedLayoutError,
}
#: Strings that must never appear in any text kkrparse outputs.
FORBIDDEN = ["SIDE |", "SIDE  |", "| 21-04-2021", "\u00ad", "politi- ske", "politiske-"]


def expected(pdf: Path) -> dict[str, Any]:
    return json.loads(pdf.with_suffix(".expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=PDFS, ids=[p.stem for p in PDFS])
def case(request: pytest.FixtureRequest) -> tuple[dict[str, Any], dict[str, Any]]:
    pdf: Path = request.param
    got = kkrparse.parse_pdf(pdf).model_dump(mode="json")
    return got, expected(pdf)


def test_there_are_samples() -> None:
    assert len(PDFS) >= 40
    assert len(REFUSED) >= 5


@pytest.mark.parametrize("pdf", REFUSED, ids=[p.stem for p in REFUSED])
def test_documents_that_are_no_agenda_are_refused_for_their_reason(pdf: Path) -> None:
    """A report, a memo, an invitation, a meeting summary, a list of cases: never an
    agenda with chapters or points as items, but the refusal the truth expects."""
    reason = _refusal(pdf)
    assert reason in REFUSAL_ERRORS, reason
    with pytest.raises(REFUSAL_ERRORS[reason]) as info:
        kkrparse.parse_pdf(pdf)
    assert info.value.reason == reason
    assert str(info.value)  # the message names the deciding evidence


def test_source(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    got, want = case
    assert got["source"]["filename"] == want["source"]["filename"]
    assert got["source"]["page_count"] == want["source"]["page_count"]


def test_meeting(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    got, want = case
    assert got["meeting"] == want["meeting"]


def test_toc(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    got, want = case
    assert got["toc"] == want["toc"]


def test_appendix(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    got, want = case
    assert got["appendix"] == want["appendix"]


def test_item_numbers(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    got, want = case
    assert [i["number"] for i in got["items"]] == [i["number"] for i in want["items"]]


def test_items_field_by_field(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    got, want = case
    by_number = {i["number"]: i for i in got["items"]}
    for w in want["items"]:
        g = by_number.get(w["number"])
        assert g is not None, f"item {w['number']} missing"
        for field in w:
            if field == "sections":
                continue
            if field == "decision_outcome" and w[field] is None:
                continue  # the generator does not claim an outcome class (samples/content/truth.py)
            assert g[field] == w[field], f"item {w['number']}: {field}"
        assert [s["key"] for s in g["sections"]] == [s["key"] for s in w["sections"]], w["number"]
        for gs, ws in zip(g["sections"], w["sections"], strict=True):
            assert gs == ws, f"item {w['number']} section {ws['key']}"


def test_no_warnings_on_clean_samples(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    got, want = case
    codes = [w["code"] for w in got["warnings"]]
    assert codes == want.get("warnings", []), codes


def test_nothing_forbidden_leaks_into_text(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    """Neither the known page furniture nor what this sample's generator printed as such
    (running header and footer lines, page labels, cover boilerplate) reaches any text."""
    got, want = case
    texts = [s["text"] for i in got["items"] for s in i["sections"]]
    texts += [i["heading"] for i in got["items"]] + [t["title"] for t in got["toc"]]
    texts += [r for i in got["items"] for r in i["recommendations"]]
    texts += [a for i in got["items"] for a in i["attachments"]]
    for text in texts:
        for bad in [*FORBIDDEN, *want.get("must_not_appear", [])]:
            assert bad not in text


@pytest.mark.skipif(
    shutil.which("pdftotext") is None and not os.environ.get("CI"),
    reason=skips.reason("poppler", "pdftotext is not installed (CI installs it and runs this test)"),
)
@pytest.mark.parametrize("pdf", PDFS, ids=[p.stem for p in PDFS])
def test_pdftotext_layout_text_gives_the_same_structure(pdf: Path) -> None:
    """Text from another extractor goes through the same pipeline, fonts unknown.

    Without fonts, sub-headings and links cannot be known, so the comparison covers the
    structure: items, headings, kinds, case lines, page spans, section keys and labels,
    recommendations, attachments, decision, and the meeting facts.
    """
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    got = kkrparse.parse_text(text, filename=pdf.name).model_dump(mode="json")
    want = expected(pdf)
    assert got["meeting"] == want["meeting"]
    assert got["toc"] == want["toc"]
    keys = ["number", "heading", "kind", "title", "case_number", "case_officer",
            "page_start", "page_end", "attachments", "recommendations", "decision"]  # fmt: skip
    for g, w in zip(got["items"], want["items"], strict=True):
        assert {k: g[k] for k in keys} == {k: w[k] for k in keys}
        assert [(s["key"], s["heading"]) for s in g["sections"]] == [
            (s["key"], s["heading"]) for s in w["sections"]
        ]


def without_toc(pdf: Path, tmp_path: Path) -> Path:
    """The sample with its table-of-contents pages (between the cover and the first item's
    page) taken out."""
    import pikepdf

    first = min(item["page_start"] for item in expected(pdf)["items"])
    with pikepdf.open(pdf) as doc:
        for index in reversed(range(1, first - 1)):
            del doc.pages[index]
        out = tmp_path / pdf.name
        doc.save(out)
    return out


@pytest.mark.parametrize("pdf", PDFS, ids=[p.stem for p in PDFS])
def test_without_a_toc_fonts_and_numbering_find_the_same_items(pdf: Path, tmp_path: Path) -> None:
    got = kkrparse.parse_pdf(without_toc(pdf, tmp_path))
    want = expected(pdf)
    # Warnings the sample expects anyway (a scanned page) come too, in the parser's order.
    others = [code for code in want.get("warnings", []) if code != "no_toc"]
    assert sorted(w.code for w in got.warnings) == sorted(["no_toc", *others])
    assert [(i.number, i.heading) for i in got.items] == [
        (i["number"], i["heading"]) for i in want["items"]
    ]
    for g, w in zip(got.items, want["items"], strict=True):
        assert [(s.key, s.text) for s in g.sections] == [
            (s["key"], s["text"]) for s in w["sections"]
        ]


@pytest.mark.skipif(
    shutil.which("pdftotext") is None and not os.environ.get("CI"),
    reason=skips.reason("poppler", "pdftotext is not installed (CI installs it and runs this test)"),
)
@pytest.mark.parametrize("pdf", PDFS, ids=[p.stem for p in PDFS])
def test_text_without_fonts_or_toc_still_finds_the_items(pdf: Path, tmp_path: Path) -> None:
    """The weakest evidence there is: case lines, numbering, empty lines."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(without_toc(pdf, tmp_path)), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    got = kkrparse.parse_text(text)
    want = expected(pdf)
    assert [(i.number, i.heading, i.case_number) for i in got.items] == [
        (i["number"], i["heading"], i["case_number"]) for i in want["items"]
    ]

"""The committed samples are what ``samples/make_samples.py`` writes, and their truth holds
together.

The generator is the author of truth for the golden tests: this file checks that the
committed PDFs and expected JSON are reproducible from the seed and the composed content, and
that every expected JSON — those of samples printed elsewhere too (LibreOffice, which CI does
not install, so those are not regenerated here) — is consistent in itself, with its PDF and
with the output models. PDFs are compared by what a reader extracts (text, fonts, links per
page), not by bytes, which change with font and library versions.
"""

from __future__ import annotations

import importlib.util
import json
import multiprocessing
import os
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import skips
from kkrparse.models import Agenda, Attendee, Item, Link, Meeting, Section, TocEntry

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
TOP_LEVEL_KEYS = {
    "schema_version", "source", "meeting", "toc", "items", "appendix", "must_not_appear",
}  # fmt: skip
#: How a meeting system prints an item heading, where it is not "N. Title".
HEADING_FORMS = {"firstagenda": "Punkt {number}: {heading}"}
#: Warning codes a sample may expect (a scan page, a document without TOC).
EXPECTABLE_WARNINGS = {"no_toc", "page_without_text"}

PageSignature = tuple[str, list[tuple[str, float]], list[tuple[str, tuple[float, ...]]]]


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_samples.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_samples"] = module
    spec.loader.exec_module(module)
    return module


NAMES: list[str] = _generator().names()
#: Samples with a truth that this generator does not write (printed with LibreOffice).
OTHERS = sorted(
    p.name.removesuffix(".expected.json")
    for p in SAMPLES.glob("*.expected.json")
    if p.name.removesuffix(".expected.json") not in NAMES
)
ALL = sorted([*NAMES, *OTHERS])
#: Outcomes a truth may expect instead of an agenda, and the keys such a truth holds.
REFUSALS = {"not_agenda", "unsupported_layout"}
REFUSAL_KEYS = {"expect", "why", "source"}


def _expects_refusal(name: str) -> bool:
    truth = json.loads((SAMPLES / f"{name}.expected.json").read_text(encoding="utf-8"))
    return "expect" in truth


#: Samples whose truth is an agenda (or minutes), and samples that must be refused.
AGENDAS = [n for n in ALL if not _expects_refusal(n)]
REFUSED = [n for n in ALL if _expects_refusal(n)]


def pdf_signature(path: str) -> list[PageSignature]:
    """Per page: extracted text (whitespace collapsed), fonts used (without subset prefix),
    link URIs + rectangles. pdfium reads the text (pdfplumber would take minutes for the
    whole corpus), pikepdf the font resources and link annotations.
    """
    import pikepdf
    import pypdfium2

    texts: list[str] = []
    document = pypdfium2.PdfDocument(path)
    try:
        for page in document:
            textpage = page.get_textpage()
            texts.append(" ".join(textpage.get_text_bounded().split()))
            textpage.close()
            page.close()
    finally:
        document.close()
    pages: list[PageSignature] = []
    with pikepdf.open(path) as pdf:
        for text, page in zip(texts, pdf.pages, strict=True):
            resources = page.obj.get("/Resources")
            fonts_dict = resources.get("/Font") if resources is not None else None
            fonts = sorted(
                {
                    (str(fonts_dict[key].get("/BaseFont", "")).split("+")[-1], 0.0)
                    for key in (fonts_dict.keys() if fonts_dict is not None else [])
                }
            )
            links = sorted(
                (
                    str(annot.A.URI),
                    tuple(round(float(v), 1) for v in annot.Rect),
                )
                for annot in page.obj.get("/Annots", [])
                if annot.get("/Subtype") == "/Link" and "/A" in annot
            )
            pages.append((text, fonts, links))
    return pages


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    generator = _generator()
    missing = [f for f in generator.layout.FONT_FILES.values() if not Path(f).exists()]
    if missing:
        reason = skips.reason(
            "fonts", f"re-rendering the samples needs fonts-crosextra-carlito, fonts-liberation: {missing}"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)  # CI installs them; a skip there would hide a broken setup
        pytest.skip(reason)
    out = tmp_path_factory.mktemp("samples")
    generator.generate(out, workers=2)
    return out


def _same_bytes(regenerated: Path, name: str) -> bool:
    return (regenerated / f"{name}.pdf").read_bytes() == (SAMPLES / f"{name}.pdf").read_bytes()


@pytest.fixture(scope="module")
def signatures(regenerated: Path) -> dict[tuple[str, str], list[PageSignature]]:
    """Signatures of the committed PDFs, and of the regenerated ones whose bytes differ
    (identical bytes have identical content), extracted two at a time.
    """
    jobs = {("committed", name): str(SAMPLES / f"{name}.pdf") for name in ALL}
    for name in NAMES:
        if not _same_bytes(regenerated, name):
            jobs["regenerated", name] = str(regenerated / f"{name}.pdf")
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=spawn) as pool:
        results = dict(zip(jobs, pool.map(pdf_signature, jobs.values()), strict=True))
    return results


def expected(name: str) -> dict[str, Any]:
    return json.loads((SAMPLES / f"{name}.expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", NAMES)
def test_expected_json_is_reproduced_exactly(regenerated: Path, name: str) -> None:
    committed = (SAMPLES / f"{name}.expected.json").read_bytes()
    assert (regenerated / f"{name}.expected.json").read_bytes() == committed


@pytest.mark.parametrize("name", NAMES)
def test_pdf_content_is_reproduced(
    regenerated: Path, signatures: dict[tuple[str, str], list[PageSignature]], name: str
) -> None:
    if _same_bytes(regenerated, name):
        return  # same reportlab and fonts as when committed
    committed, fresh = signatures["committed", name], signatures["regenerated", name]
    assert len(fresh) == len(committed)
    for number, (got, want) in enumerate(zip(fresh, committed, strict=True), start=1):
        assert got == want, f"{name} page {number}"


def test_every_generated_sample_is_committed() -> None:
    missing = [n for n in NAMES if not (SAMPLES / f"{n}.pdf").exists()]
    assert not missing, "run python samples/make_samples.py and commit the result"
    assert len(ALL) >= 40


@pytest.mark.parametrize("name", AGENDAS)
def test_pdf_agrees_with_its_expected_json(
    signatures: dict[tuple[str, str], list[PageSignature]], name: str
) -> None:
    """Page count, link URIs and their pages, and headings on their pages as the JSON says."""
    pages = signatures["committed", name]
    want = expected(name)
    assert want["source"]["page_count"] == len(pages)
    for item in want["items"]:
        for link in item["links"]:
            assert link["url"] in {uri for uri, _ in pages[link["page"] - 1][2]}
        # KL, eDoc and Acadre print "N. Title"; FirstAgenda "Punkt N: Title".
        printed = "{number}. {heading}"
        if f"Punkt {item['number']}: " in pages[item["page_start"] - 1][0]:
            printed = HEADING_FORMS["firstagenda"]
        first_line = printed.format(**item).split(" ")[:3]
        assert " ".join(first_line) in pages[item["page_start"] - 1][0], item["number"]
    uris = {uri for page in pages for uri, _ in page[2]}
    assert uris == {link["url"] for item in want["items"] for link in item["links"]}


@pytest.mark.parametrize("name", AGENDAS)
def test_what_must_not_appear_is_printed_and_is_not_content(
    signatures: dict[tuple[str, str], list[PageSignature]], name: str
) -> None:
    """Running headers, page labels and cover boilerplate are on the pages, but no item text,
    heading or TOC title of the truth contains them."""
    want = expected(name)
    printed = " ".join(page[0] for page in signatures["committed", name])
    texts = [entry["title"] for entry in want["toc"]]
    for item in want["items"]:
        texts += [item["heading"], *(section["text"] for section in item["sections"])]
    for bad in want["must_not_appear"]:
        assert bad and bad in printed, f"{bad!r} is in must_not_appear but printed nowhere"
        assert not any(bad in text for text in texts), bad


@pytest.mark.parametrize("name", AGENDAS)
def test_appendix_follows_the_last_item(name: str) -> None:
    want = expected(name)
    appendix = want["appendix"]
    if appendix is None:
        return
    assert 1 <= appendix["page_start"] <= appendix["page_end"] <= want["source"]["page_count"]
    for item in want["items"]:
        assert item["page_end"] < appendix["page_start"], item["number"]


@pytest.mark.parametrize("name", AGENDAS)
def test_toc_pages_are_the_headings_pages(name: str) -> None:
    """Printed TOC numbers are the headings' pages, less one offset for unnumbered pages."""
    want = expected(name)
    starts = {item["number"]: item["page_start"] for item in want["items"]}
    if not want["toc"]:
        return
    assert [entry["number"] for entry in want["toc"]] == list(starts)
    offsets = {starts[entry["number"]] - entry["page"] for entry in want["toc"]}
    assert len(offsets) == 1 and offsets <= {0, 1, 2}, offsets


@pytest.mark.parametrize("name", AGENDAS)
def test_expected_json_validates_against_the_models(name: str) -> None:
    want = expected(name)
    source = {**want["source"], "sha256": "0" * 64, "engine": "pdfplumber", "parser_version": "0"}
    # "warnings" holds the expected warning codes only; the models' warnings are objects.
    Agenda.model_validate({**{k: v for k, v in want.items() if k != "warnings"}, "source": source})
    # The models allow extra fields when reading; the truth must not carry any.
    assert set(want) - {"warnings"} == TOP_LEVEL_KEYS
    assert set(want.get("warnings", [])) <= EXPECTABLE_WARNINGS
    assert all(isinstance(text, str) for text in want["must_not_appear"])
    assert want["source"]["filename"] == f"{name}.pdf"
    assert set(want["meeting"]) == set(Meeting.model_fields)
    for attendee in want["meeting"]["attendance"]:
        assert set(attendee) == set(Attendee.model_fields)
    for entry in want["toc"]:
        assert set(entry) == set(TocEntry.model_fields)
    for item in want["items"]:
        assert set(item) == set(Item.model_fields)
        for section in item["sections"]:
            assert set(section) == set(Section.model_fields)
        for link in item["links"]:
            assert set(link) == set(Link.model_fields)


@pytest.mark.parametrize("name", REFUSED)
def test_a_refusal_truth_names_its_outcome_and_its_pdf(
    signatures: dict[tuple[str, str], list[PageSignature]], name: str
) -> None:
    """A sample that is no agenda: its truth says which refusal, why, and which PDF (with
    its page count); nothing else, so no agenda field is claimed for it."""
    want = expected(name)
    assert set(want) == REFUSAL_KEYS
    assert want["expect"] in REFUSALS
    assert isinstance(want["why"], str) and want["why"]
    assert want["source"] == {
        "filename": f"{name}.pdf",
        "page_count": len(signatures["committed", name]),
    }


def test_the_corpus_has_documents_to_refuse() -> None:
    assert len(REFUSED) >= 5
    assert {expected(n)["expect"] for n in REFUSED} <= REFUSALS


#: Samples printed as another meeting system prints (``samples/content/systems*.py``):
#: ``<municipality>-<yyyy-mm-dd>-<dagsorden|referat>-<system>-<axis>``.
SYSTEM_NAME = re.compile(
    r"^[a-zæøå]+-(\d{4}-\d{2}-\d{2})-(dagsorden|referat)-(edoc|firstagenda|acadre)-[a-z0-9-]+$"
)
SYSTEMS = [n for n in ALL if SYSTEM_NAME.match(n)]


@pytest.mark.parametrize("name", [n for n in ALL if "-referat" in n and n not in SYSTEMS])
def test_minutes_carry_decisions_and_attendance(name: str) -> None:
    want = expected(name)
    assert want["meeting"]["document_type"] == "referat"
    statuses = [a["status"] for a in want["meeting"]["attendance"]]
    assert statuses.count("substitute") == 1
    assert "absent" in statuses and "present" in statuses
    with_content = [item for item in want["items"] if item["sections"]]
    assert all(item["decision"] for item in with_content)
    assert all(item["decision"] is None for item in want["items"] if not item["sections"])


def test_names_say_what_they_test() -> None:
    """kkr-<region>-<yyyy-mm-dd>-<dagsorden|referat>[-<axis>], dates matching the truth."""
    import re

    pattern = re.compile(
        r"^kkr-(hovedstaden|sjaelland|syddanmark|midtjylland|nordjylland)-"
        r"(\d{4}-\d{2}-\d{2})-(dagsorden|referat|not-agenda)(-[a-z0-9-]+)?$"
    )
    for name in ALL:
        if name in SYSTEMS:
            continue  # test_system_samples_say_their_system_date_and_kind
        found = pattern.match(name)
        assert found, name
        want = expected(name)
        if found.group(3) == "not-agenda":
            # kkr-<region>-<date>-not-agenda-<what>: refused, so no meeting to agree with.
            assert want["expect"] == "not_agenda" and found.group(4), name
            continue
        assert want["meeting"]["date"] == found.group(2), name
        assert want["meeting"]["document_type"] == found.group(3), name


def test_there_are_samples_of_every_meeting_system() -> None:
    systems = [SYSTEM_NAME.match(n).group(3) for n in SYSTEMS]  # type: ignore[union-attr]
    assert all(systems.count(s) >= 2 for s in ("edoc", "firstagenda", "acadre")), systems


@pytest.mark.parametrize("name", SYSTEMS)
def test_system_samples_say_their_system_date_and_kind(name: str) -> None:
    """The name's system is the truth's profile; its date and kind the meeting's."""
    found = SYSTEM_NAME.match(name)
    assert found
    want = expected(name)
    assert want["source"]["profile"] == found.group(3)
    assert want["meeting"]["date"] == found.group(1)
    assert want["meeting"]["document_type"] == found.group(2)


@pytest.mark.parametrize("name", SYSTEMS)
def test_system_samples_hold_together(name: str) -> None:
    """Minutes carry a decision in every item, agendas none; a closed item is marked so
    ("Lukket" as its kind); registry numbers belong to listed attachments, sub-points'
    too; this meeting's decision is not in the history, which runs oldest first."""
    want = expected(name)
    minutes = want["meeting"]["document_type"] == "referat"
    for item in want["items"]:
        assert bool(item["decision"]) == minutes, item["number"]
        assert (item["kind"] == "Lukket") == item["closed"], item["number"]
        titles = [r["title"] for r in item["attachment_refs"]]
        assert set(titles) <= set(item["attachments"]), item["number"]
        for point in item["sub_points"]:
            assert set(point["attachments"]) <= set(item["attachments"]), item["number"]
        dates = [r["date"] for r in item["decision_history"]]
        assert dates == sorted(dates), item["number"]
        assert want["meeting"]["date"] not in dates, item["number"]
        beslutning = [s["text"] for s in item["sections"] if s["key"] == "beslutning"]
        if item["decision"]:
            assert item["decision"] in beslutning, item["number"]


def test_system_outcome_labels_name_decided_items() -> None:
    """``decision_labels_systems.json``: an outcome class for items that carry a decision."""
    labels = json.loads(
        (SAMPLES / "content" / "data" / "decision_labels_systems.json").read_text(encoding="utf-8")
    )
    classes = {"approved", "recommended", "noted", "discussed", "referred", "postponed",
               "rejected", "other"}  # fmt: skip
    for name, by_item in labels.items():
        want = expected(name)
        decided = {i["number"] for i in want["items"] if i["decision"]}
        assert set(by_item) == decided, name
        assert set(by_item.values()) <= classes, name


def test_the_generator_never_imports_the_parser() -> None:
    """The generator is an independent author of truth: nothing under samples/ imports
    kkrparse, directly or by a relative path."""
    import ast

    offenders = []
    for path in sorted(SAMPLES.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            else:
                continue
            offenders += [f"{path.name}: {m}" for m in modules if m.split(".")[0] == "kkrparse"]
    assert offenders == []


def test_every_data_file_is_described() -> None:
    """samples/content/data/README.md names every file the generator reads its words from."""
    data = SAMPLES / "content" / "data"
    readme = (data / "README.md").read_text(encoding="utf-8")
    files = [p.name for p in data.glob("*.json")]
    assert files
    assert [name for name in files if f"`{name}`" not in readme] == []
    for path in data.glob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))  # every one is valid JSON


def test_every_sample_is_in_a_manifest() -> None:
    """Ours in MANIFEST.md by full name; samples printed elsewhere at least by their
    ``<kind>-<axis>`` in MANIFEST.md or in the docstring of the script that printed them."""
    manifest = (SAMPLES / "MANIFEST.md").read_text(encoding="utf-8")
    assert [n for n in NAMES if f"`{n}`" not in manifest] == []
    scripts = manifest + "".join(p.read_text(encoding="utf-8") for p in SAMPLES.glob("*.py"))
    axes = [n.split("-", 5)[-1] for n in OTHERS]  # kkr-region-yyyy-mm-dd-<kind-axis>
    assert [a for a in axes if a not in scripts] == []

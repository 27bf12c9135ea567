"""The committed samples are what ``samples/make_samples.py`` writes, and their truth holds
together.

The generator is the author of truth for the golden tests: this file checks that the
committed PDFs and expected JSON are reproducible from the seed, and that the expected JSON
is consistent in itself and with the output models. PDFs are compared by what a reader
extracts (text, fonts, links per page), not by bytes, which change with font and library
versions.
"""

from __future__ import annotations

import importlib.util
import json
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from kkrparse.models import Agenda, Attendee, Item, Link, Meeting, Section, TocEntry

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
STEM = "kkr-sjaelland-2021-04-21"
NAMES = [f"{STEM}-dagsorden", f"{STEM}-referat", f"{STEM}-dagsorden-rewrapped"]

PageSignature = tuple[str, list[tuple[str, float]], list[tuple[str, tuple[float, ...]]]]


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_samples.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_samples"] = module
    spec.loader.exec_module(module)
    return module


def pdf_signature(path: str) -> list[PageSignature]:
    """Per page: extracted text, (font without subset prefix, size) pairs, link URIs + rects."""
    import pdfplumber

    pages: list[PageSignature] = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            fonts = sorted(
                {(c["fontname"].split("+")[-1], round(float(c["size"]), 1)) for c in page.chars}
            )
            links = sorted(
                (
                    str(link["uri"]),
                    tuple(round(float(link[k]), 1) for k in ("x0", "top", "x1", "bottom")),
                )
                for link in page.hyperlinks
            )
            pages.append((page.extract_text(), fonts, links))
    return pages


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    generator = _generator()
    missing = [f for f in generator.layout.FONT_FILES.values() if not Path(f).exists()]
    if missing:
        reason = f"re-rendering the samples needs fonts-crosextra-carlito and fonts-liberation: {missing}"
        if os.environ.get("CI"):
            pytest.fail(reason)  # CI installs them; a skip there would hide a broken setup
        pytest.skip(reason)
    out = tmp_path_factory.mktemp("samples")
    generator.generate(out)
    return out


def _same_bytes(regenerated: Path, name: str) -> bool:
    return (regenerated / f"{name}.pdf").read_bytes() == (SAMPLES / f"{name}.pdf").read_bytes()


@pytest.fixture(scope="module")
def signatures(regenerated: Path) -> dict[tuple[str, str], list[PageSignature]]:
    """Signatures of the committed PDFs, and of the regenerated ones whose bytes differ
    (identical bytes have identical content; pdfplumber takes seconds per PDF), extracted
    two at a time.
    """
    jobs = {("committed", name): str(SAMPLES / f"{name}.pdf") for name in NAMES}
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


@pytest.mark.parametrize("name", NAMES)
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
        first_line = f"{item['number']}. {item['heading']}".split(" ")[:3]
        assert " ".join(first_line) in pages[item["page_start"] - 1][0], item["number"]
    uris = {uri for page in pages for uri, _ in page[2]}
    assert uris == {link["url"] for item in want["items"] for link in item["links"]}


@pytest.mark.parametrize("name", NAMES)
def test_toc_pages_are_the_headings_pages(name: str) -> None:
    want = expected(name)
    starts = {item["number"]: item["page_start"] for item in want["items"]}
    assert [entry["number"] for entry in want["toc"]] == list(starts)
    for entry in want["toc"]:
        assert entry["page"] == starts[entry["number"]], entry


@pytest.mark.parametrize("name", NAMES)
def test_expected_json_validates_against_the_models(name: str) -> None:
    want = expected(name)
    source = {**want["source"], "sha256": "0" * 64, "engine": "pdfplumber", "parser_version": "0"}
    Agenda.model_validate({**want, "source": source})
    # The models allow extra fields when reading; the truth must not carry any.
    assert set(want) == {"schema_version", "source", "meeting", "toc", "items", "appendix"}
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


def test_minutes_carry_decisions_and_attendance() -> None:
    want = expected(f"{STEM}-referat")
    assert want["meeting"]["document_type"] == "referat"
    statuses = [a["status"] for a in want["meeting"]["attendance"]]
    assert statuses.count("substitute") == 1
    with_content = [item for item in want["items"] if item["sections"]]
    assert all(item["decision"] for item in with_content)
    assert all(item["decision"] is None for item in want["items"] if not item["sections"])

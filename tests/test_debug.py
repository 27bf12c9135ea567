"""Looking at what the parser saw: ``kkrparse debug`` pictures and ``show --text``.

Checked on the committed samples, never pixel by pixel: image sizes, the HTML's legend and
pages, and the number of boxes of each class against what the parse reports for that page
(read from the JSON output or from the PDF itself wherever possible, not from the drawing
code's own source).
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

import kkrparse
from fixtures_make import AGENDA_ITEM_NUMBERS, MakeFile, RunCli, agenda_text
from kkrparse import ParseOptions, pipeline
from kkrparse.debug import CLASSES, PageView, html_report, render_pages, trace_boxes
from kkrparse.document import PageKind

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
#: Samples whose truth is an agenda or minutes (the others must be refused).
PDFS = sorted(
    p
    for p in SAMPLES.glob("*.pdf")
    if "expect" not in json.loads(p.with_suffix(".expected.json").read_text(encoding="utf-8"))
)
DAGSORDEN = SAMPLES / "kkr-sjaelland-2021-04-21-dagsorden.pdf"
#: Low, so that drawing every page of a sample stays quick; sizes scale with it exactly.
LOW_RES = 30


@cache
def traced(pdf: Path) -> pipeline.Trace:
    return pipeline.trace_pdf(pdf.read_bytes(), ParseOptions())


@cache
def parsed(pdf: Path) -> kkrparse.Agenda:
    return kkrparse.parse_pdf(pdf)


@pytest.fixture(scope="module", params=PDFS, ids=[p.stem for p in PDFS])
def sample(request: pytest.FixtureRequest) -> tuple[Path, pipeline.Trace, kkrparse.Agenda]:
    pdf: Path = request.param
    return pdf, traced(pdf), parsed(pdf)


@pytest.fixture(scope="module")
def views(sample: tuple[Path, pipeline.Trace, kkrparse.Agenda]) -> list[PageView]:
    pdf, trace, _ = sample
    return list(render_pages(pdf.read_bytes(), trace, resolution=LOW_RES))


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    with pdfplumber.open(pdf) as doc:
        return [(float(p.width), float(p.height)) for p in doc.pages]


def link_annotations(pdf: Path) -> list[int]:
    """URI link rectangles per page, read straight from the PDF."""
    with pdfplumber.open(pdf) as doc:
        return [sum(1 for h in p.hyperlinks if h.get("uri")) for p in doc.pages]


def assert_image_size(png: bytes, width_pt: float, height_pt: float, resolution: float) -> None:
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        w, h = image.size
    assert abs(w - width_pt * resolution / 72) <= 1, (w, width_pt)
    assert abs(h - height_pt * resolution / 72) <= 1, (h, height_pt)


# --- the trace is what the output is built from ----------------------------------------------


def test_trace_holds_the_items_and_evidence_of_the_output(
    sample: tuple[Path, pipeline.Trace, kkrparse.Agenda],
) -> None:
    _, trace, agenda = sample
    assert [p.heading.number for p in trace.items] == [i.number for i in agenda.items]
    assert len(trace.pages) == agenda.source.page_count
    assert agenda.evidence is not None
    removed = [(ln.page, ln.text) for p in trace.pages for ln in p.header_lines]
    assert removed == [(r.page, r.text) for r in agenda.evidence.removed_lines]
    assert Counter((h.left, h.right, h.result) for h in trace.hyphens) == Counter(
        (h.left, h.right, h.result) for h in agenda.evidence.hyphenation
    )


def test_a_letter_is_traced_without_items_instead_of_refused(make_bad: MakeFile) -> None:
    letter = make_bad("letter")
    with pytest.raises(kkrparse.NotAnAgendaError):
        kkrparse.parse_pdf(letter)
    trace = pipeline.trace_pdf(letter.read_bytes(), ParseOptions())
    assert trace.items == ()
    assert trace.pages


def test_text_input_is_traced_too() -> None:
    trace = pipeline.trace_text(agenda_text())
    assert [p.heading.number for p in trace.items] == AGENDA_ITEM_NUMBERS
    assert trace.engine == "text" and not trace.fonts_known


# --- page images -----------------------------------------------------------------------------


@pytest.mark.parametrize("resolution", [36, 100])
def test_png_has_the_page_size_at_the_resolution(resolution: int) -> None:
    trace = traced(DAGSORDEN)
    (view,) = render_pages(DAGSORDEN.read_bytes(), trace, [5], resolution)
    width, height = page_sizes(DAGSORDEN)[4]
    assert_image_size(view.png, width, height, resolution)
    assert (view.width, view.height) == Image.open(io.BytesIO(view.png)).size


def test_every_page_is_drawn_and_released(
    sample: tuple[Path, pipeline.Trace, kkrparse.Agenda],
    views: list[PageView],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pdf, trace, _ = sample
    sizes = page_sizes(pdf)
    assert [v.number for v in views] == list(range(1, len(sizes) + 1))
    for view, (w, h) in zip(views, sizes, strict=True):
        assert_image_size(view.png, w, h, LOW_RES)

    # Each page is closed once drawn, before the next one is read, not at the end.
    closed: list[int] = []
    original = pdfplumber.page.Page.close

    def close(self: pdfplumber.page.Page) -> None:
        closed.append(self.page_number)
        original(self)

    monkeypatch.setattr(pdfplumber.page.Page, "close", close)
    # Two pages after the first where the sample has them (a one-item extract has one).
    wanted = [n for n in (2, 3) if n <= len(sizes)] or [1]
    for view in render_pages(pdf.read_bytes(), trace, wanted, LOW_RES):
        assert closed == list(range(wanted[0], view.number + 1))


def test_a_page_that_does_not_exist_is_refused() -> None:
    trace = traced(DAGSORDEN)
    with pytest.raises(ValueError, match="no page 0"):
        list(render_pages(DAGSORDEN.read_bytes(), trace, [0]))


# --- boxes per class against the output --------------------------------------------------------


def test_box_counts_per_page_match_the_output(
    sample: tuple[Path, pipeline.Trace, kkrparse.Agenda], views: list[PageView]
) -> None:
    pdf, _, agenda = sample
    assert agenda.evidence is not None
    links = link_annotations(pdf)
    for view in views:
        n, counts = view.number, view.counts()
        items = [i for i in agenda.items if i.page_start == n]
        labels = [s for i in agenda.items for s in i.sections if s.heading and s.page_start == n]
        removed = [r for r in agenda.evidence.removed_lines if r.page == n]
        assert counts["item_heading"] == len(items), n
        assert counts["section_label"] == len(labels), n
        assert counts["header_footer"] == len(removed), n
        assert counts["link"] == links[n - 1], n
        assert set(counts) <= {c.name for c in CLASSES}


def test_every_hyphen_in_the_text_is_drawn_once(
    sample: tuple[Path, pipeline.Trace, kkrparse.Agenda], views: list[PageView]
) -> None:
    """Drawn: every line-end decision of the body. Not drawn: those inside TOC titles,
    which are read from the TOC's text, not from lines that could be outlined."""
    _, trace, agenda = sample
    assert agenda.evidence is not None
    toc_pages = {p.number for p in trace.pages if p.kind == PageKind.TOC}
    wanted = Counter(
        f"{h.left}|{h.right} → {h.result} ({h.rule})"
        for h in agenda.evidence.hyphenation
        if h.page not in toc_pages
    )
    drawn = Counter(b.note for v in views for b in v.boxes if b.cls.startswith("hyphen_"))
    assert drawn == wanted


def test_a_wrapped_url_keeps_its_hyphen_and_is_drawn_as_kept() -> None:
    trace = traced(DAGSORDEN)
    kept = [b for b in trace_boxes(trace) if b.cls == "hyphen_kept"]
    joined = [b for b in trace_boxes(trace) if b.cls == "hyphen_joined"]
    assert any(b.note.startswith("https://") and "(url)" in b.note for b in kept)
    assert any(b.note.startswith("politi-|ske → politiske") for b in joined)
    assert not any("(url)" in b.note or "(acronym_or_number)" in b.note for b in joined)


def test_every_section_line_lies_in_one_block_box(
    sample: tuple[Path, pipeline.Trace, kkrparse.Agenda],
) -> None:
    """Paragraphs, sub-headings and list entries cover the sections' text, without overlap."""
    _, trace, _ = sample
    blocks = [b for b in trace_boxes(trace) if b.cls in ("paragraph", "subheading", "list_entry")]
    for item in trace.items:
        for section in item.sections:
            for line in section.lines:
                mid_x, mid_y = (line.x0 + line.x1) / 2, (line.top + line.bottom) / 2
                inside = [
                    b
                    for b in blocks
                    if b.page == line.page and b.x0 <= mid_x <= b.x1 and b.top <= mid_y <= b.bottom
                ]
                assert len(inside) == 1, (line.page, line.text, [b.note for b in inside])


# --- the HTML report --------------------------------------------------------------------------


def test_html_has_the_legend_and_one_image_per_page(
    sample: tuple[Path, pipeline.Trace, kkrparse.Agenda], views: list[PageView]
) -> None:
    pdf, trace, _ = sample
    page = html_report(trace, views, pdf.name)
    assert page.startswith("<!DOCTYPE html>")
    assert 'class="legend"' in page
    for cls in CLASSES:
        assert f"<td>{cls.label}</td>" in page
    images = re.findall(r'<img src="data:image/png;base64,', page)
    assert len(images) == len(views) == len(page_sizes(pdf))
    ids = [int(n) for n in re.findall(r'<section class="page" id="page-(\d+)"', page)]
    assert ids == list(range(1, len(views) + 1))
    # Self-contained: every src and href is inline data or a link inside the page.
    assert all(
        ref.startswith(("data:", "#")) for ref in re.findall(r'(?:src|href)="([^"]*)"', page)
    )


def test_html_counts_per_page_are_the_boxes_drawn() -> None:
    trace = traced(DAGSORDEN)
    view = next(render_pages(DAGSORDEN.read_bytes(), trace, [5], LOW_RES))
    page = html_report(trace, [view], DAGSORDEN.name)
    section = page[page.index('id="page-5"') :]
    for cls in CLASSES:
        count = view.counts()[cls.name]
        if count:
            assert re.search(
                rf"<td>{re.escape(cls.label)}</td><td class=\"n\">{count}</td>", section
            )


# --- the CLI ----------------------------------------------------------------------------------


# The CLI tests use the small agenda of fixtures_make (4 pages: cover, TOC, items 1-1.2,
# items 2-2.1): the samples above already cover what is drawn, these cover the command.


def test_cli_debug_page_writes_the_png(run_cli: RunCli, make_good: MakeFile) -> None:
    pdf = make_good("pdf")
    out = pdf.parent / "page.png"
    result = run_cli("debug", pdf, "--page", "3", "-o", out, "--resolution", "50")
    assert result.exit_code == 0, result.stderr
    width, height = page_sizes(pdf)[2]
    assert_image_size(out.read_bytes(), width, height, 50)
    assert result.stdout == ""
    # Page 3 holds items 1, 1.1 and 1.2 and their four labels, under a two-line header.
    assert f"{out}: page 3: " in result.stderr
    for count in ("item heading 3", "section label 4", "removed header/footer 2"):
        assert count in result.stderr


def test_cli_debug_html_writes_every_page(run_cli: RunCli, make_good: MakeFile) -> None:
    pdf = make_good("pdf")
    out = pdf.parent / "report.html"
    result = run_cli("debug", pdf, "--html", "-o", out, "--resolution", "20")
    assert result.exit_code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert page.count("<img ") == len(page_sizes(pdf)) == 4
    assert 'class="legend"' in page
    assert f"{out}: 4 pages: " in result.stderr


def test_cli_debug_html_of_one_page(run_cli: RunCli, make_good: MakeFile) -> None:
    pdf = make_good("pdf")
    out = pdf.parent / "report.html"
    result = run_cli("debug", pdf, "--html", "--page", "4", "-o", out, "--resolution", "20")
    assert result.exit_code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert page.count("<img ") == 1 and 'id="page-4"' in page


def test_cli_debug_default_output_name(
    run_cli: RunCli, make_good: MakeFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pdf = make_good("pdf", folder=tmp_path / "in")
    monkeypatch.chdir(tmp_path)
    assert run_cli("debug", pdf, "-p", "2", "--resolution", "20").exit_code == 0
    assert run_cli("debug", pdf, "--html", "--resolution", "20").exit_code == 0
    assert (tmp_path / "agenda.p2.png").is_file()
    assert (tmp_path / "agenda.debug.html").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--page", "5"], "debug draws on PDF pages; a .txt file has none"),
        ([], "say what to draw"),
    ],
)
def test_cli_debug_usage_errors(
    run_cli: RunCli, make_good: MakeFile, args: list[str], message: str
) -> None:
    path = make_good("txt") if args else make_good("pdf")
    result = run_cli("debug", path, *args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr


def test_cli_debug_page_out_of_range(run_cli: RunCli, make_good: MakeFile, tmp_path: Path) -> None:
    result = run_cli("debug", make_good("pdf"), "--page", "5", "-o", tmp_path / "x.png")
    assert result.exit_code == 2
    assert "has 4 pages: there is no page 5" in result.stderr
    assert not (tmp_path / "x.png").exists()


def test_cli_debug_failures_are_one_line(
    run_cli: RunCli, make_bad: MakeFile, tmp_path: Path
) -> None:
    for kind, reason in [("html", "not_pdf"), ("empty", "empty"), ("scan", "no_text")]:
        path = make_bad(kind)
        result = run_cli("debug", path, "--page", "1", "-o", tmp_path / "x.png")
        assert result.exit_code == 1
        assert result.stderr.startswith(f"{path}: {reason}: "), result.stderr
    missing = tmp_path / "nope.pdf"
    result = run_cli("debug", missing, "--page", "1")
    assert result.exit_code == 1 and result.stderr.startswith(f"{missing}: missing: ")


def test_cli_debug_draws_a_letter_and_says_no_items_were_found(
    run_cli: RunCli, make_bad: MakeFile, tmp_path: Path
) -> None:
    letter = make_bad("letter")
    out = tmp_path / "letter.png"
    result = run_cli("debug", letter, "--page", "1", "-o", out, "--resolution", "20")
    assert result.exit_code == 0, result.stderr
    assert "no agenda items found" in result.stderr
    assert out.is_file()


# --- show --text ------------------------------------------------------------------------------


def assert_in_order(text: str, parts: list[str]) -> None:
    at = 0
    for part in parts:
        found = text.find(part, at)
        assert found >= 0, f"{part!r} missing after offset {at}"
        at = found + len(part)


@pytest.mark.parametrize("pdf", PDFS, ids=[p.stem for p in PDFS])
def test_show_text_prints_every_item_in_reading_order(
    run_cli: RunCli, pdf: Path, tmp_path: Path
) -> None:
    agenda = parsed(pdf)
    saved = tmp_path / "agenda.json"
    saved.write_text(agenda.to_json(), encoding="utf-8")
    result = run_cli("show", "--text", saved)
    assert result.exit_code == 0, result.stderr
    parts: list[str] = []
    for item in agenda.items:
        parts += [f"{item.number}.", item.heading]
        if item.case_number:
            parts.append(item.case_number)
        for section in item.sections:
            if section.heading:
                parts.append(section.heading)
            parts += section.text.split("\n") if section.text else []
        parts += [link.url for link in item.links]
    assert_in_order(result.stdout, parts)
    # Piped output is not wrapped: a long paragraph stays one line.
    longest = max((s.text for i in agenda.items for s in i.sections), key=len)
    assert max(longest.split("\n"), key=len) in result.stdout.splitlines()


def test_show_text_from_a_pdf_matches_show_text_from_its_json(
    run_cli: RunCli, tmp_path: Path
) -> None:
    saved = tmp_path / "agenda.json"
    saved.write_text(parsed(DAGSORDEN).to_json(), encoding="utf-8")
    from_pdf = run_cli("show", "--text", DAGSORDEN)
    from_json = run_cli("show", "--text", saved)
    assert from_pdf.exit_code == from_json.exit_code == 0
    assert from_pdf.stdout == from_json.stdout
    assert "Baggrund" in from_pdf.stdout

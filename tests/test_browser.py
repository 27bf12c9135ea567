"""The archive in a real browser: ``kkrparse serve`` driven by headless Chromium.

Loads the items page, runs the search, follows a meeting link and opens its PDF, reads the
case timeline, and saves a screenshot of the items page to ``docs/datasette-items.png``
(committed: the README shows it). Skipped when no Chromium is installed, except under CI,
which installs Debian's ``chromium`` and must run it.
"""

from __future__ import annotations

import json
import os
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest

import skips
from cdp import Browser, find_browser
from serving import ROOT, make_archive, serving

pytest.importorskip("datasette")

BROWSER = find_browser()
if BROWSER is None and not os.environ.get("CI"):
    pytest.skip(
        skips.reason("chromium", "no Chromium on PATH (CI installs it and runs this test)"),
        allow_module_level=True,
    )

SCREENSHOT = ROOT / "docs" / "datasette-items.png"
COUNCILS = ("KKR Hovedstaden", "KKR Midtjylland")


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    archive = make_archive(tmp_path_factory.mktemp("browser"))
    with serving(archive) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    assert BROWSER is not None, "CI runs the browser tests: apt-get install chromium"
    page = Browser(BROWSER, tmp_path_factory.mktemp("profile"))
    try:
        yield page
    finally:
        page.close()


def _metadata(base: str) -> dict[str, object]:
    with urllib.request.urlopen(base + "/-/metadata.json", timeout=30) as response:
        data: dict[str, object] = json.loads(response.read())
        return data


def test_the_items_page_shows_councils_and_facets_and_is_saved_as_a_screenshot(
    base: str, browser: Browser
) -> None:
    browser.open(f"{base}/archive/items_view")
    text = browser.text()
    for council in COUNCILS:
        assert council in text
    facets = browser.run("[...document.querySelectorAll('.facet-info')].map(f => f.dataset.column)")
    assert set(facets) == {"council", "document_type", "year", "kind"}
    # The column descriptions fill the top of the page; the picture is of the rows.
    browser.run("document.querySelector('h3').scrollIntoView()")
    SCREENSHOT.parent.mkdir(exist_ok=True)
    browser.screenshot(SCREENSHOT)
    assert SCREENSHOT.read_bytes().startswith(b"\x89PNG")
    assert SCREENSHOT.stat().st_size > 20_000  # a rendered page, not a blank one


def test_a_search_from_the_form_lists_items_with_their_council(
    base: str, browser: Browser
) -> None:
    browser.open(f"{base}/archive/search")
    browser.act_and_wait(
        "document.querySelector('input[name=q]').value = 'SOSU';"
        "document.querySelector('form.sql input[type=submit]').click()"
    )
    assert "q=SOSU" in browser.url()
    text = browser.text()
    assert "SOSU" in text
    assert "KKR Hovedstaden" in text
    # The hit's archived PDF is one click away from the result too.
    assert browser.run("document.querySelectorAll('a[href*=\"/-/pdf/\"]').length") >= 1


def test_a_meeting_link_leads_to_the_meeting_and_its_pdf(base: str, browser: Browser) -> None:
    browser.open(f"{base}/archive/items_view")
    browser.act_and_wait("document.querySelector('a[href*=\"/archive/meetings/\"]').click()")
    assert "/archive/meetings/" in browser.url()
    assert any(council in browser.text() for council in COUNCILS)
    first_bytes = browser.run(
        "fetch(document.querySelector('a[href*=\"/-/pdf/\"]').href)"
        ".then(r => r.arrayBuffer())"
        ".then(b => String.fromCharCode(...new Uint8Array(b.slice(0, 5))))"
    )
    assert first_bytes == "%PDF-"


def test_the_case_timeline_lists_a_case_in_date_order(base: str, browser: Browser) -> None:
    queries = _metadata(base)["databases"]["archive"]["queries"]  # type: ignore[index]
    assert "case_timeline" in queries
    with urllib.request.urlopen(
        base + "/archive.json?_shape=array&sql="
        + urllib.parse.quote("SELECT case_key FROM items_view WHERE case_key IS NOT NULL LIMIT 1"),
        timeout=30,
    ) as response:
        (row,) = json.loads(response.read())
    query = urllib.parse.urlencode({"case": row["case_key"]})
    browser.open(f"{base}/archive/case_timeline?{query}")
    dates = browser.run(
        "[...document.querySelectorAll('td.col-date')].map(td => td.innerText.trim())"
    )
    assert dates and dates == sorted(dates)
    assert any(council in browser.text() for council in COUNCILS)

"""Datasette over an archive: as is, and as ``kkrparse serve`` sets it up.

As is (plain ``datasette archive.sqlite``), Datasette finds the full-text indexes by itself
(``items_fts`` and ``sections_fts`` are FTS5 tables whose content tables are ``items`` and
``sections``), so its table pages get a search box, and its search uses the archive's
tokenizer (case folded, æøå kept).

With kkrparse's metadata and plugin (:mod:`kkrparse.archive.datasette`,
:mod:`kkrparse.archive.datasette_plugin`): every column described, foreign keys shown as
labels, default facets, one search that returns items, and the archived PDF one click from
its meeting, served only from the archive's PDF store.
"""

from __future__ import annotations

import asyncio
import urllib.parse
from pathlib import Path
from typing import Any

import pytest

from kkrparse.archive import db as dbm
from test_db import _agenda, _stored

datasette_app = pytest.importorskip("datasette.app")

from kkrparse.archive import datasette as meta  # noqa: E402
from kkrparse.archive import datasette_plugin as plugin  # noqa: E402

SHA = "a" * 64
PDF_BYTES = b"%PDF-1.4\n% a stand-in for the archived copy\n%%EOF\n"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive folder: its database with one meeting, and that meeting's PDF copy."""
    root = tmp_path_factory.mktemp("ds")
    db = dbm.open_db(root / "archive.sqlite")
    with db.atomic():
        dbm.put_meeting(db, _agenda(SHA), _stored(SHA), "2026-01-01T00:00:00+00:00")
    db.close()
    pdf = root / _stored(SHA).pdf
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(PDF_BYTES)
    return root


@pytest.fixture(scope="module")
def database(archive: Path) -> Path:
    return archive / "archive.sqlite"


def served(archive: Path, url: str) -> Any:
    """GET ``url`` from the Datasette ``kkrparse serve`` runs over ``archive``."""

    async def fetch() -> Any:
        return await plugin.make_datasette(archive).client.get(url)

    return asyncio.run(fetch())


def get(database: Path, url: str) -> Any:
    async def fetch() -> Any:
        ds = datasette_app.Datasette([str(database)])
        return await ds.client.get(url)

    return asyncio.run(fetch())


def test_datasette_serves_the_tables(database: Path) -> None:
    response = get(database, "/archive.json")
    assert response.status_code == 200
    tables = {table["name"]: table for table in response.json()["tables"]}
    for name in ("meetings", "items", "sections", "attachments", "links", "failures"):
        assert name in tables
    assert tables["items"]["fts_table"] == "items_fts"
    assert tables["sections"]["fts_table"] == "sections_fts"


def test_datasette_search_finds_an_item(database: Path) -> None:
    response = get(database, "/archive/items.json?_search=SOSU&_shape=array")
    assert response.status_code == 200
    assert [row["number"] for row in response.json()] == ["2.6"]
    sections = get(database, "/archive/sections.json?_search=Århus&_shape=array").json()
    assert len(sections) == 1
    assert get(database, "/archive/sections.json?_search=arhus&_shape=array").json() == []


def test_datasette_table_page_has_a_search_box_and_the_hit(database: Path) -> None:
    response = get(database, "/archive/items?_search=lærepladsaftale")
    assert response.status_code == 200
    assert 'name="_search"' in response.text
    assert "Forhandling af ny femårig lærepladsaftale" in response.text


# --- as kkrparse serve sets it up ---------------------------------------------------------


def test_every_column_of_every_table_and_view_is_described(database: Path) -> None:
    schema = meta.live_schema(database)
    assert {"meetings", "items", "sections", "failures"} <= schema.keys()
    assert meta.missing_descriptions(schema) == []
    tables = meta.metadata(database, database.parent)["databases"]["archive"]["tables"]
    assert tables.keys() == schema.keys()
    for name, columns in schema.items():
        assert list(tables[name]["columns"]) == columns
        assert all(text.strip() for text in tables[name]["columns"].values()), name
        assert tables[name]["description"].strip()


def test_an_unknown_column_is_reported_missing() -> None:
    # The check above can fail: a column added to the schema without words is caught.
    assert meta.missing_descriptions({"items": ["id", "mood"]}) == ["items.mood"]
    assert meta.missing_descriptions({"new_table": ["id"]}) == ["new_table.id"]


def test_datasette_shows_the_descriptions(archive: Path) -> None:
    page = served(archive, "/archive/items")
    assert page.status_code == 200
    assert "The agenda items of every document" in page.text
    assert "The case officer (sagsbehandler) as printed." in page.text
    assert "KKR archive" in served(archive, "/").text


def test_foreign_keys_show_labels(archive: Path) -> None:
    sections = served(archive, "/archive/sections.json?_shape=array&_labels=on").json()
    assert sections[0]["item_id"]["label"].startswith("Beslutningssag: Forhandling")
    items = served(archive, "/archive/items.json?_shape=array&_labels=on").json()
    assert items[0]["meeting_sha256"]["label"] == "KKR Sjælland · 21-04-2021 · dagsorden"
    assert items[0]["parent_id"] is None or "label" in items[0]["parent_id"]


def test_a_sub_item_shows_its_parent_by_heading(tmp_path: Path) -> None:
    agenda = _agenda(
        SHA,
        items=[
            ("2", "Regionale sager", None, "Indledning."),
            ("2.1", "Beslutningssag: SOSU", "Beslutningssag", "Tekst."),
        ],
    )
    db = dbm.open_db(tmp_path / "archive.sqlite")
    with db.atomic():
        dbm.put_meeting(db, agenda, _stored(SHA), "2026")
    db.close()
    rows = served(tmp_path, "/archive/items.json?_shape=array&_labels=on&number=2.1").json()
    assert rows[0]["parent_id"]["label"] == "Regionale sager"


def test_search_results_link_the_item_the_meeting_and_the_pdf(archive: Path) -> None:
    (hit,) = served(archive, "/archive/search.json?q=SOSU&_shape=array").json()
    page = served(archive, "/archive/search?q=SOSU")
    assert f'<a href="/archive/items/{hit["item_id"]}">{hit["item_id"]}</a>' in page.text
    assert f'<a href="/archive/meetings/{SHA}">KKR Sjælland · 21-04-2021 · dagsorden</a>' in page.text
    assert f'<a href="/-/pdf/{SHA}.pdf">PDF</a>' in page.text
    assert served(archive, f"/archive/items/{hit['item_id']}.json").status_code == 200


def test_items_view_links_the_meeting(archive: Path) -> None:
    page = served(archive, "/archive/items_view")
    assert page.status_code == 200
    link = f'<a href="/archive/meetings/{SHA}">KKR Sjælland · 21-04-2021 · dagsorden</a>'
    assert link in page.text
    assert f'<a href="/-/pdf/{SHA}.pdf">PDF</a>' in page.text


def test_default_facets(archive: Path) -> None:
    items = served(archive, "/archive/items.json").json()
    assert "kind" in items["facet_results"]
    meetings = served(archive, "/archive/meetings.json").json()
    assert {"body", "document_type"} <= meetings["facet_results"].keys()
    buckets = meetings["facet_results"]["body"]["results"]
    assert [(b["value"], b["count"]) for b in buckets] == [("KKR Sjælland", 1)]


def test_one_search_returns_items_from_headings_and_sections(archive: Path) -> None:
    heading = served(archive, "/archive/search.json?q=SOSU&_shape=array").json()
    assert [(r["number"], r["council"]) for r in heading] == [("2.6", "KKR Sjælland")]
    # "Smitten" is only in item 2.7's section text, never in a heading: still an item.
    section = served(archive, "/archive/search.json?q=smitten&_shape=array").json()
    assert [r["number"] for r in section] == ["2.7"]
    assert section[0]["heading"] == "Orienteringssag: Status på COVID-19"
    assert "[Smitten]" in section[0]["snippet"]
    assert section[0]["meeting_title"] == "KKR Sjælland · 21-04-2021 · dagsorden"
    assert served(archive, "/archive/search.json?q=arhus&_shape=array").json() == []


@pytest.mark.parametrize(
    ("typed", "numbers"),
    [
        ("sosu OR OR smitten", ["2.6", "2.7"]),  # operators in a row count once
        ('"SOSU', ["2.6"]),  # an unbalanced quote is part of a word, no syntax error
        ("forhandling*", ["2.6"]),  # a prefix
        ("smitten NOT regionen", []),
        # Words are per item, as in kkrparse search: SOSU is in 2.6's heading, Køge in its
        # section text.
        ("SOSU Køge", ["2.6"]),
        ("SOSU NOT Køge", []),
        ('"slutter i Århus"', ["2.6"]),
        ("", []),
        ("OR", []),
    ],
)
def test_the_search_reads_what_a_person_types(
    archive: Path, typed: str, numbers: list[str]
) -> None:
    query = urllib.parse.urlencode({"q": typed, "_shape": "array"})
    response = served(archive, f"/archive/search.json?{query}")
    assert response.status_code == 200, response.text
    assert sorted(r["number"] for r in response.json()) == numbers


def test_the_meeting_row_links_its_pdf(archive: Path) -> None:
    page = served(archive, "/archive/meetings")
    link = f'<a href="/-/pdf/{SHA}.pdf">PDF</a>'
    assert link in page.text
    pdf = served(archive, f"/-/pdf/{SHA}.pdf")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content == PDF_BYTES


def test_the_pdf_route_serves_only_archived_documents(archive: Path) -> None:
    assert served(archive, f"/-/pdf/{'b' * 64}.pdf").status_code == 404
    escape = served(archive, "/-/pdf/..%2Farchive.sqlite")
    assert escape.status_code != 200  # no route matches: Datasette redirects elsewhere
    assert b"SQLite format" not in escape.content
    assert served(archive, f"/-/pdf/{SHA[:10]}.pdf").status_code == 404


def test_safe_pdf_refuses_paths_out_of_the_store(tmp_path: Path) -> None:
    store = tmp_path / "pdf" / "aa"
    store.mkdir(parents=True)
    (store / "x.pdf").write_bytes(PDF_BYTES)
    (tmp_path / "archive.sqlite").write_bytes(b"secret")
    (tmp_path / "outside.pdf").write_bytes(PDF_BYTES)
    (store / "link.pdf").symlink_to(tmp_path / "outside.pdf")
    assert plugin.safe_pdf(tmp_path, "pdf/aa/x.pdf") == (store / "x.pdf").resolve()
    assert plugin.safe_pdf(tmp_path, "pdf/../archive.sqlite") is None
    assert plugin.safe_pdf(tmp_path, "/etc/passwd") is None
    assert plugin.safe_pdf(tmp_path, "pdf/aa/link.pdf") is None
    assert plugin.safe_pdf(tmp_path, "pdf/aa/missing.pdf") is None
    assert plugin.safe_pdf(tmp_path, "pdf/aa") is None


def test_a_row_pointing_out_of_the_store_gets_404(tmp_path: Path) -> None:
    db = dbm.open_db(tmp_path / "archive.sqlite")
    with db.atomic():
        dbm.put_meeting(
            db, _agenda(SHA), dbm.StoredPaths(pdf="archive.sqlite", json="x.json"), "2026"
        )
    db.close()
    assert served(tmp_path, f"/-/pdf/{SHA}.pdf").status_code == 404


def test_case_timeline_lists_a_case_in_date_order(tmp_path: Path) -> None:
    """The canned query reads items_view (council, date, case_key, …), oldest first."""
    db = dbm.open_db(tmp_path / "archive.sqlite")
    with db.atomic():
        for sha, body, date in [
            ("c" * 64, "KKR Sjælland", "2022-06-01"),
            ("d" * 64, "KKR Nordjylland", "2021-04-21"),
        ]:
            dbm.put_meeting(db, _agenda(sha, body=body, date=date), _stored(sha), "2026")
    if "items_view" not in db.view_names():
        # A stand-in with the view's documented columns, until the schema has it.
        db.execute(
            """CREATE VIEW items_view AS SELECT i.id, i.meeting_sha256, m.body AS council,
            m.date, substr(m.date, 1, 4) AS year, m.document_type, i.number, i.heading,
            i.kind, i.title, i.case_number, lower(i.case_number) AS case_key, i.page_start,
            i.page_end, NULL AS decision_outcome, m.filename, m.pdf_path
            FROM items i JOIN meetings m ON m.sha256 = i.meeting_sha256"""
        )
    key = db.execute("SELECT case_key FROM items_view LIMIT 1").fetchone()[0]
    db.close()
    queries = meta.metadata(tmp_path / "archive.sqlite", tmp_path)["databases"]["archive"]
    assert "case_timeline" in queries["queries"]
    rows = served(tmp_path, f"/archive/case_timeline.json?case={key}&_shape=array").json()
    assert [(r["date"], r["council"], r["number"]) for r in rows] == [
        ("2021-04-21", "KKR Nordjylland", "2.6"),
        ("2021-04-21", "KKR Nordjylland", "2.7"),
        ("2022-06-01", "KKR Sjælland", "2.6"),
        ("2022-06-01", "KKR Sjælland", "2.7"),
    ]
    assert set(rows[0]) >= {"kind", "title", "document_type", "decision_outcome", "page_start"}
    assert rows[0]["pdf_path"] == _stored("d" * 64).pdf
    assert served(tmp_path, "/archive/case_timeline.json?case=none&_shape=array").json() == []


@pytest.mark.parametrize(
    ("name", "ascii_name"),
    [
        ("kkr-sjælland-2021.pdf", "kkr-sj_lland-2021.pdf"),
        ('a"b\r\nX-Evil: 1.pdf', "a_b__X-Evil_ 1.pdf"),
    ],
)
def test_the_pdf_keeps_its_file_name_safely(name: str, ascii_name: str) -> None:
    header = plugin.content_disposition(name)
    assert header.startswith(f'inline; filename="{ascii_name}"; filename*=UTF-8\'\'')
    assert "\r" not in header and "\n" not in header
    assert urllib.parse.unquote(header.split("''", 1)[1]) == name


def test_a_datasette_not_started_by_serve_serves_no_file(database: Path) -> None:
    # The plugin is registered for the whole process; without serve's archive it serves none.
    plugin.register()
    assert get(database, f"/-/pdf/{SHA}.pdf").status_code == 404

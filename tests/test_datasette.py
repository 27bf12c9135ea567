"""The archive database is browsable as is with Datasette: no metadata file, no plugin.

Datasette finds the full-text indexes by itself (``items_fts`` and ``sections_fts`` are FTS5
tables whose content tables are ``items`` and ``sections``), so its table pages get a search
box, and its search uses the archive's tokenizer (case folded, æøå kept).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from kkrparse.archive import db as dbm
from test_db import _agenda, _stored

datasette_app = pytest.importorskip("datasette.app")


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ds") / "archive.sqlite"
    db = dbm.open_db(path)
    with db.atomic():
        dbm.put_meeting(db, _agenda("a" * 64), _stored("a" * 64), "2026-01-01T00:00:00+00:00")
    db.close()
    return path


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

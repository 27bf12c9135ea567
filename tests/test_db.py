"""The archive database: schema, one transaction per document, Danish full-text search, export.

Documents are built from the models directly, so these tests need no parser and no PDF.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kkrparse import Agenda, Item, Meeting, Section, Source
from kkrparse.archive import db as dbm
from kkrparse.archive import export


def _agenda(
    sha: str,
    *,
    body: str = "KKR Sjælland",
    date: str = "2021-04-21",
    items: list[tuple[str, str, str | None, str]] | None = None,
) -> Agenda:
    """An agenda whose items are (number, heading, kind, section text)."""
    items = items or [
        (
            "2.6",
            "Beslutningssag: Forhandling af ny femårig lærepladsaftale for SOSU-uddannelserne",
            "Beslutningssag",
            "Forhandlingsprocessen begynder i Køge og slutter i Århus.",
        ),
        (
            "2.7",
            "Orienteringssag: Status på COVID-19",
            "Orienteringssag",
            "Smitten falder i hele regionen; arbejdet fortsætter.",
        ),
    ]
    return Agenda(
        source=Source(
            filename=f"{sha[:4]}.pdf",
            sha256=sha,
            page_count=5,
            engine="pdfplumber",
            parser_version="0.1.0",
        ),
        meeting=Meeting(body=body, date=date, document_type="dagsorden"),
        items=[
            Item(
                number=number,
                level=2,
                parent=number.split(".")[0],
                heading=heading,
                kind=kind,
                title=heading.split(": ", 1)[-1],
                case_number="SAG-2021-00001",
                page_start=3,
                page_end=4,
                sections=[
                    Section(
                        key="sagsfremstilling",
                        heading="Sagsfremstilling",
                        text=text,
                        page_start=3,
                        page_end=4,
                    )
                ],
                attachments=["Bilag 1"],
            )
            for number, heading, kind, text in items
        ],
    )


def _stored(sha: str) -> dbm.StoredPaths:
    return dbm.StoredPaths(pdf=f"pdf/{sha[:2]}/{sha}.pdf", json=f"json/{sha[:2]}/{sha}.json")


@pytest.fixture
def database(tmp_path: Path) -> sqlite_utils.Database:
    db = dbm.open_db(tmp_path / "archive.sqlite")
    with db.atomic():
        dbm.put_meeting(db, _agenda("a" * 64), _stored("a" * 64), "2026-01-01T00:00:00+00:00")
    return db


def _numbers(db: sqlite_utils.Database, query: str, **filters: object) -> list[str]:
    return [hit.number for hit in dbm.search(db, query, **filters)]  # type: ignore[arg-type]


def test_a_whole_word_does_not_find_a_longer_word_but_a_prefix_query_does(
    database: sqlite_utils.Database,
) -> None:
    # "Forhandling" is a word in 2.6's heading, "Forhandlingsprocessen" one in its text.
    hits = dbm.search(database, "forhandling")
    assert [h.number for h in hits] == ["2.6"]
    assert "Forhandlingsprocessen" not in hits[0].snippet.replace(dbm.HIT_START, "")
    assert f"{dbm.HIT_START}Forhandling{dbm.HIT_END} af" in hits[0].snippet
    assert _numbers(database, "forhandlingsproces") == []
    assert _numbers(database, "forhandlingsproces*") == ["2.6"]


def test_case_is_folded_and_hyphenated_words_are_found_by_their_parts(
    database: sqlite_utils.Database,
) -> None:
    assert _numbers(database, "SOSU") == ["2.6"]
    assert _numbers(database, "sosu") == ["2.6"]
    assert _numbers(database, "uddannelserne") == ["2.6"]
    assert _numbers(database, "SOSU-uddannelserne") == ["2.6"]
    assert _numbers(database, "covid-19") == ["2.7"]


def test_danish_letters_are_kept_not_folded_to_ascii(database: sqlite_utils.Database) -> None:
    assert _numbers(database, "Århus") == ["2.6"]
    assert _numbers(database, "århus") == ["2.6"]
    assert _numbers(database, "KØGE") == ["2.6"]
    # With diacritics removed, å would fold to a; ø has no decomposition but is checked too.
    assert _numbers(database, "arhus") == []
    assert _numbers(database, "koge") == []
    assert _numbers(database, "femårig") == ["2.6"]
    assert _numbers(database, "femarig") == []


@pytest.mark.parametrize(
    "query",
    [
        *['"', "(", "AND", "NOT", "foo AND", "a:b", "*", "^x", "kl. 9.30-12.30", "OR OR", "'"],
        # Issue 13: operators in a row, and a NUL ("unterminated string").
        *["a OR OR b", "a AND AND b", "a OR NOT b", "a NOT NOT b", "NOT a", "a\x00b", "\x00"],
        *['a "b\x00c" d', "-a", "--", "a - b", "a\nOR\tb", "\x7f\x9b", "a* OR *", '"*"'],
    ],
)
def test_whatever_a_person_types_is_never_an_fts_syntax_error(
    database: sqlite_utils.Database, query: str
) -> None:
    dbm.search(database, query)  # raises sqlite3.OperationalError on a syntax error


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["AND", "OR", "NOT", "*", '"', "-", "(", ")", ":", "^", "\x00", "+"]),
            st.text(max_size=6),
        ),
        max_size=8,
    )
)
def test_no_typed_query_raises(database: sqlite_utils.Database, words: list[str]) -> None:
    dbm.search(database, " ".join(words))


def test_operators_in_a_row_count_once(database: sqlite_utils.Database) -> None:
    assert dbm.fts_query("a OR OR b") == '"a" OR "b"'
    assert dbm.fts_query("a OR NOT b") == '"a" OR "b"'
    assert dbm.fts_query("a\x00b") == '"a" "b"'
    assert sorted(_numbers(database, "Køge OR OR smitten")) == ["2.6", "2.7"]
    assert _numbers(database, "regionen NOT NOT Køge") == ["2.7"]


def test_boolean_words_keep_their_meaning(database: sqlite_utils.Database) -> None:
    assert sorted(_numbers(database, "Køge OR smitten")) == ["2.6", "2.7"]
    assert _numbers(database, "regionen NOT Køge") == ["2.7"]
    assert _numbers(database, "regionen Køge") == []  # all words are required


def test_filters_by_body_date_and_kind(database: sqlite_utils.Database) -> None:
    other = _agenda("b" * 64, body="KKR Hovedstaden", date="2022-03-01")
    with database.atomic():
        dbm.put_meeting(database, other, _stored("b" * 64), "2026-01-01T00:00:00+00:00")
    assert len(dbm.search(database, "smitten")) == 2
    hits = dbm.search(database, "smitten", bodies=["kkr hovedstaden"])
    assert [(h.body, h.date) for h in hits] == [("KKR Hovedstaden", "2022-03-01")]
    assert [h.date for h in dbm.search(database, "smitten", date_from="2022-01-01")] == [
        "2022-03-01"
    ]
    assert [h.date for h in dbm.search(database, "smitten", date_to="2021-12-31")] == ["2021-04-21"]
    assert dbm.search(database, "smitten", kinds=["beslutningssag"]) == []
    assert len(dbm.search(database, "smitten", kinds=["Orienteringssag"])) == 2


def test_storing_a_document_again_replaces_it_and_its_search_index(
    database: sqlite_utils.Database,
) -> None:
    before = dbm.counts(database)
    changed = _agenda(
        "a" * 64, items=[("1.1", "Godkendelse af dagsorden", None, "Ny tekst om Roskilde.")]
    )
    with database.atomic():
        dbm.put_meeting(database, changed, _stored("a" * 64), "2026-01-02T00:00:00+00:00")
    after = dbm.counts(database)
    assert after["meetings"] == before["meetings"] == 1
    assert after["items"] == 1
    assert _numbers(database, "Køge") == []  # the old text left the index with its rows
    assert _numbers(database, "Roskilde") == ["1.1"]
    fts_rows = database.execute("SELECT count(*) FROM sections_fts").fetchone()[0]
    assert fts_rows == after["sections"]


def test_a_document_is_stored_whole_or_not_at_all(database: sqlite_utils.Database) -> None:
    before = dbm.counts(database)
    with pytest.raises(RuntimeError), database.atomic():
        dbm.put_meeting(database, _agenda("c" * 64), _stored("c" * 64), "t")
        raise RuntimeError("killed half way")
    assert dbm.counts(database) == before
    assert _numbers(database, "smitten") == ["2.7"]


def test_foreign_keys_tie_every_row_to_its_meeting(database: sqlite_utils.Database) -> None:
    assert database.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with pytest.raises(sqlite3.IntegrityError):
        database.execute(
            "INSERT INTO items (meeting_sha256, number, heading) VALUES ('nope', '1', 'x')"
        )
    fks = {(fk.column, fk.other_table) for fk in database["sections"].foreign_keys}
    assert fks == {("meeting_sha256", "meetings"), ("item_id", "items")}


def test_indexes_on_body_date_kind_and_case_number(database: sqlite_utils.Database) -> None:
    indexed = {
        (table, tuple(index.columns))
        for table in ("meetings", "items")
        for index in database[table].indexes  # type: ignore[union-attr]
    }
    for wanted in [
        ("meetings", ("body",)),
        ("meetings", ("date",)),
        ("items", ("kind",)),
        ("items", ("case_number",)),
    ]:
        assert wanted in indexed


def test_opening_again_keeps_the_data_and_the_wal_journal(tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite"
    db = dbm.open_db(path)
    with db.atomic():
        dbm.put_meeting(db, _agenda("a" * 64), _stored("a" * 64), "t")
    db.close()
    db = dbm.open_db(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert dbm.counts(db)["items"] == 2
    assert _numbers(db, "SOSU") == ["2.6"]


def test_a_file_that_is_not_a_database_is_unusable(tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite"
    path.write_bytes(b"this is not SQLite, just bytes " * 200)
    with pytest.raises(dbm.DatabaseUnusableError):
        dbm.open_db(path)


def test_failures_count_attempts(database: sqlite_utils.Database) -> None:
    for seen in ("t1", "t2"):
        with database.atomic():
            dbm.put_failure(
                database,
                sha256="d" * 64,
                path="/x.pdf",
                outcome="timeout",
                reason="slow",
                quarantined=True,
                parser_version="0.1.0",
                seen_at=seen,
            )
    row = database["failures"].get("d" * 64)
    assert (row["attempts"], row["first_seen"], row["last_seen"], row["quarantined"]) == (
        2,
        "t1",
        "t2",
        1,
    )


def _export(db: sqlite_utils.Database, table: str) -> list[dict[str, object]]:
    _, rows = export.records(db, export.Query(table))
    return list(rows)


def test_export_items_carry_their_meeting(database: sqlite_utils.Database) -> None:
    rows = _export(database, "items")
    assert [(r["body"], r["date"], r["number"]) for r in rows] == [
        ("KKR Sjælland", "2021-04-21", "2.6"),
        ("KKR Sjælland", "2021-04-21", "2.7"),
    ]
    assert rows[0]["recommendations"] == []
    sections = _export(database, "sections")
    assert [s["item_number"] for s in sections] == ["2.6", "2.7"]


def test_export_rows_read_back_as_csv(database: sqlite_utils.Database) -> None:
    rows = _export(database, "sections")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    back = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert back[0]["text"] == "Forhandlingsprocessen begynder i Køge og slutter i Århus."


def test_export_refuses_an_unknown_table(database: sqlite_utils.Database) -> None:
    with pytest.raises(export.ExportError, match="unknown table"):
        _export(database, "sqlite_master")


# --- typed rows -------------------------------------------------------------------------------


def _schema(db: sqlite_utils.Database) -> list[tuple[str, str, str]]:
    return db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY rowid").fetchall()


def test_ensure_schema_again_changes_nothing(database: sqlite_utils.Database) -> None:
    before = _schema(database)
    dbm.ensure_schema(database)
    assert _schema(database) == before
    tables = [name for kind, name, _ in before if kind == "table" and "_fts" not in name]
    assert tables == list(dbm.EXPORT_TABLES)


def test_a_file_row_reads_back_with_named_fields(database: sqlite_utils.Database) -> None:
    assert dbm.get_file(database, "/src/a.pdf") is None
    with database.atomic():
        dbm.put_file(database, "/src/a.pdf", "a" * 64, 123, 456, "ok", "t")
        dbm.put_file(database, "/src/fifo.pdf", None, None, None, "unreadable", "t")
    row = dbm.get_file(database, "/src/a.pdf")
    assert row == dbm.FileRow(sha256="a" * 64, size=123, mtime_ns=456, outcome="ok")
    assert dbm.get_file(database, "/src/fifo.pdf") == dbm.FileRow(None, None, None, "unreadable")
    dbm.forget_file(database, "/src/a.pdf")
    database.commit()
    assert dbm.get_file(database, "/src/a.pdf") is None
    with pytest.raises(AttributeError):
        row.size = 1  # type: ignore[misc]


def test_a_meeting_row_and_the_archived_documents(database: sqlite_utils.Database) -> None:
    assert dbm.get_meeting(database, "a" * 64) == dbm.MeetingRow("a" * 64, "0.1.0")
    assert dbm.get_meeting(database, "b" * 64) is None
    assert dbm.archived_shas(database) == {"a" * 64}


def test_other_parser_versions_are_counted(database: sqlite_utils.Database) -> None:
    assert dbm.other_versions(database, "0.1.0") == []
    with database.atomic():
        dbm.put_meeting(database, _agenda("b" * 64), _stored("b" * 64), "t")
    assert dbm.other_versions(database, "0.2.0") == [dbm.VersionCount("0.1.0", 2)]


def test_a_failure_row_reads_back_with_named_fields(database: sqlite_utils.Database) -> None:
    key = dbm.failure_key(None, "/src/x.pdf")
    assert key == "path:/src/x.pdf"
    assert dbm.get_failure(database, key) is None
    with database.atomic():
        dbm.put_failure(
            database,
            sha256=None,
            path="/src/x.pdf",
            outcome="unreadable",
            reason="a symlink loop",
            quarantined=False,
            parser_version="0.1.0",
            seen_at="t1",
        )
    assert dbm.get_failure(database, key) == dbm.FailureRow(
        outcome="unreadable",
        reason="a symlink loop",
        quarantined=False,
        parser_version="0.1.0",
        attempts=1,
        first_seen="t1",
    )


def test_open_for_reading_checks_it_is_an_archive(tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite"
    dbm.open_db(path).close()
    dbm.open_for_reading(path).close()
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).close()
    with pytest.raises(sqlite3.OperationalError):
        dbm.open_for_reading(other)


# --- schema 2: ids from the document, parents, case keys, texts, the items view ---------------


def _items(db: sqlite_utils.Database) -> list[dict[str, object]]:
    return list(db.query("SELECT * FROM items ORDER BY meeting_sha256, position"))


def test_item_ids_come_from_the_document_not_a_counter(database: sqlite_utils.Database) -> None:
    rows = _items(database)
    assert [r["id"] for r in rows] == [
        dbm.item_id("a" * 64, "2.6", 0),
        dbm.item_id("a" * 64, "2.7", 0),
    ]
    for row in rows:
        assert 0 <= int(str(row["id"])) < 2**53  # exact as a JSON/JavaScript number
    # A number printed twice gets two ids, told apart by which printing it is.
    twice = _agenda("b" * 64, items=[("3", "Eventuelt", None, "x"), ("3", "Eventuelt", None, "y")])
    assert dbm.item_ids("b" * 64, twice.items) == [
        dbm.item_id("b" * 64, "3", 0),
        dbm.item_id("b" * 64, "3", 1),
    ]
    assert len(set(dbm.item_ids("b" * 64, twice.items))) == 2


def test_storing_a_document_again_keeps_every_id(database: sqlite_utils.Database) -> None:
    def ids() -> list[tuple[str, int]]:
        return [
            (name, row[0])
            for name in ("items", "sections", "attachments", "item_texts")
            for row in database.execute(f"SELECT id FROM [{name}] ORDER BY id").fetchall()
        ]

    before = ids()
    with database.atomic():
        dbm.put_meeting(database, _agenda("b" * 64), _stored("b" * 64), "t")
        dbm.put_meeting(database, _agenda("a" * 64), _stored("a" * 64), "t2")
    after = [pair for pair in ids() if pair in before]
    assert sorted(after) == sorted(before)


def test_an_items_parent_is_linked_and_its_case_keyed(database: sqlite_utils.Database) -> None:
    agenda = _agenda("c" * 64, items=[("2", "Sager", None, "a"), ("2.1", "Sag: B", "Sag", "b")])
    with database.atomic():
        dbm.put_meeting(database, agenda, _stored("c" * 64), "t")
    rows = {
        r["number"]: r
        for r in database.query("SELECT * FROM items WHERE meeting_sha256 = ?", ["c" * 64])
    }
    assert rows["2.1"]["parent_id"] == rows["2"]["id"]
    assert rows["2.1"]["parent"] == "2"
    assert rows["2"]["parent_id"] is None  # its parent "2" is itself: no link to itself
    assert rows["2.1"]["case_key"] == "sag:SAG-2021-1"
    fks = {(fk.column, fk.other_table) for fk in database["items"].foreign_keys}
    assert {("meeting_sha256", "meetings"), ("parent_id", "items")} <= fks
    for child in ("sections", "attachments", "links", "item_texts"):
        assert ("item_id", "items") in {
            (fk.column, fk.other_table) for fk in database[child].foreign_keys
        }


def test_the_13_columns_are_stored(database: sqlite_utils.Database) -> None:
    row = _items(database)[0]
    assert row["closed"] == 0
    assert row["document_number"] is None
    assert row["decision_outcome"] is None
    assert json.loads(str(row["decision_history"])) == []
    assert json.loads(str(row["attachment_refs"])) == []
    assert json.loads(str(row["sub_points"])) == []


def test_the_meeting_title_reads_body_date_and_type(database: sqlite_utils.Database) -> None:
    title = database.execute("SELECT title FROM meetings").fetchone()[0]
    assert title == "KKR Sjælland · 21-04-2021 · dagsorden"
    assert dbm.meeting_title(None, "2021-04-21", None) == "21-04-2021"


def test_item_texts_hold_heading_and_sections_under_one_index(
    database: sqlite_utils.Database,
) -> None:
    rows = database.execute(
        "SELECT t.source, t.section_key, i.number FROM item_texts_fts "
        "JOIN item_texts t ON t.rowid = item_texts_fts.rowid JOIN items i ON i.id = t.item_id "
        "WHERE item_texts_fts MATCH ? ORDER BY i.number, t.source",
        ['"Århus" OR "SOSU"'],
    ).fetchall()
    assert rows == [("heading", None, "2.6"), ("section", "sagsfremstilling", "2.6")]


def test_the_items_view_has_one_row_per_item_with_its_meeting(
    database: sqlite_utils.Database,
) -> None:
    rows = list(database.query("SELECT * FROM items_view ORDER BY number"))
    assert [r["number"] for r in rows] == ["2.6", "2.7"]
    assert rows[0]["meeting_title"] == "KKR Sjælland · 21-04-2021 · dagsorden"
    assert (rows[0]["council"], rows[0]["year"], rows[0]["document_type"]) == (
        "KKR Sjælland",
        "2021",
        "dagsorden",
    )
    assert rows[0]["case_key"] == "sag:SAG-2021-1"
    assert rows[0]["id"] == dbm.item_id("a" * 64, "2.6", 0)
    assert rows[0]["pdf_path"] == _stored("a" * 64).pdf


FIXTURE_V1 = Path(__file__).parent / "fixtures" / "archive_v1.sql"


def _old_archive(path: Path) -> None:
    """An archive as kkrparse 0.1.0 left it: the committed rows, with its two full-text
    indexes rebuilt the way that version built them."""
    con = sqlite3.connect(path)
    con.executescript(FIXTURE_V1.read_text())
    con.close()
    old = sqlite_utils.Database(path)
    for name, columns in (("items", ["heading", "title"]), ("sections", ["heading", "text"])):
        old[name].enable_fts(columns, tokenize=dbm.TOKENIZE, create_triggers=True)
    old.close()


def test_an_archive_of_the_first_schema_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite"
    _old_archive(path)
    old = sqlite3.connect(path)
    assert [r[0] for r in old.execute("SELECT id FROM items ORDER BY id")] == [1, 2, 3, 4]
    old_sections = old.execute("SELECT count(*) FROM sections").fetchone()[0]
    old.close()

    db = dbm.open_db(path)
    a, b = "a" * 64, "b" * 64
    rows = _items(db)
    assert [(r["meeting_sha256"], r["number"], r["id"]) for r in rows] == [
        (a, "2.6", dbm.item_id(a, "2.6", 0)),
        (a, "2.7", dbm.item_id(a, "2.7", 0)),
        (b, "3", dbm.item_id(b, "3", 0)),
        (b, "3", dbm.item_id(b, "3", 1)),
    ]
    assert rows[0]["case_key"] == "sag:SAG-2021-1"
    assert rows[0]["heading"].startswith("Beslutningssag: Forhandling")
    # The rows under the items follow them to their new ids.
    assert db.execute("SELECT count(*) FROM sections").fetchone()[0] == old_sections
    sections = db.execute("SELECT id, item_id, position FROM sections ORDER BY item_id").fetchall()
    assert all(id_ == dbm.child_id(item, pos) for id_, item, pos in sections)
    assert {item for _, item, _ in sections} == {r["id"] for r in rows}
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("SELECT title FROM meetings WHERE sha256 = ?", [b]).fetchone() == (
        "KKR Nordjylland · 02-11-2020 · dagsorden",
    )
    # Search and Datasette's indexes see the migrated rows.
    assert sorted(_numbers(db, "Århus")) == ["2.6", "3"]
    assert db.execute("SELECT count(*) FROM items_fts WHERE items_fts MATCH 'SOSU'").fetchone() == (
        1,
    )
    assert "items_view" in db.view_names()
    assert [name for name in db.table_names() if name.endswith("_v1")] == []
    # Storing a document again now gives the ids the migration gave.
    with db.atomic():
        dbm.put_meeting(db, _agenda(a), _stored(a), "t")
    assert [r["id"] for r in _items(db)] == [r["id"] for r in rows]
    db.close()
    again = dbm.open_db(path)  # a migrated archive is current: nothing moves again
    assert [r["id"] for r in _items(again)] == [r["id"] for r in rows]


def test_a_migration_that_fails_leaves_the_old_rows_and_is_done_next_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kkrparse.archive import migrate

    path = tmp_path / "archive.sqlite"
    _old_archive(path)

    def dies(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(migrate, "_move_children", dies)
    with pytest.raises(OSError, match="disk full"):
        dbm.open_db(path)
    old = sqlite3.connect(path)
    assert [r[0] for r in old.execute("SELECT id FROM items ORDER BY id")] == [1, 2, 3, 4]
    assert old.execute("PRAGMA user_version").fetchone() == (0,)
    assert "items_v1" not in {r[0] for r in old.execute("SELECT name FROM sqlite_master")}
    old.close()
    monkeypatch.undo()
    db = dbm.open_db(path)
    assert _items(db)[0]["id"] == dbm.item_id("a" * 64, "2.6", 0)
    assert sorted(_numbers(db, "Århus")) == ["2.6", "3"]

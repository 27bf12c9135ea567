"""``kkrparse watch``: saved searches in the archive's database, and a report of what is
new for them since the last report (new meetings, changed decisions)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kkrparse.archive import politics
from kkrparse.archive import store as arch
from politics_fixtures import AGENDA, MINUTES, put, truth
from politics_fixtures import kkrparse_cli as _kkrparse

ROOT = Path(__file__).resolve().parent.parent



@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """An archive holding the samples' agenda of 21-04-2021 (the minutes come later)."""
    root = tmp_path / "arc"
    put(root, truth(AGENDA), "2021-04-22T08:00:00+00:00")
    return root


def _hits(out: str) -> list[tuple[str, str, str, bool]]:
    rows = [json.loads(line) for line in out.splitlines()]
    return [(r["watch"], r["document_type"], r["number"], r["changed"]) for r in rows]


def test_add_and_list(archive: Path) -> None:
    done = _kkrparse("watch", "add", "sosu", "SOSU", "--archive", archive)
    assert (done.returncode, done.stderr) == (0, "watch sosu saved\n")
    args = ["--kind", "Beslutningssag", "--from", "2021-01-01", "--body", "KKR Sjælland"]
    assert (
        _kkrparse("watch", "add", "udd", "uddannelse*", *args, "--archive", archive).returncode == 0
    )
    done = _kkrparse("watch", "list", "--archive", archive)
    assert (done.returncode, done.stderr) == (0, "2 watches\n")
    assert done.stdout == LIST


LIST = """\
 name   query         body           kind             from         to   last report 
────────────────────────────────────────────────────────────────────────────────────
 sosu   SOSU                                                                        
 udd    uddannelse*   KKR Sjælland   Beslutningssag   2021-01-01                    
"""  # noqa: W291 (rich pads its cells)


def test_a_name_is_saved_once_and_a_bad_date_is_refused(archive: Path) -> None:
    assert _kkrparse("watch", "add", "sosu", "SOSU", "--archive", archive).returncode == 0
    done = _kkrparse("watch", "add", "sosu", "andet", "--archive", archive)
    assert done.returncode == 2
    assert "a watch named 'sosu' exists; remove it first" in done.stderr
    done = _kkrparse("watch", "add", "x", "y", "--from", "2021-13-01", "--archive", archive)
    assert done.returncode == 2
    assert "--from '2021-13-01' is no date in the calendar" in done.stderr


def test_a_year_or_a_month_is_stored_as_its_first_and_last_day(archive: Path) -> None:
    args = ["--from", "2021", "--to", "2021-02", "--archive", archive]
    assert _kkrparse("watch", "add", "x", "y", *args).returncode == 0
    with arch.open_database(archive) as db:
        (watch,) = politics.list_watches(db)
    assert (watch.date_from, watch.date_to) == ("2021-01-01", "2021-02-28")


def test_a_report_shows_only_what_is_new_since_the_last(archive: Path) -> None:
    _kkrparse("watch", "add", "sosu", "SOSU", "--archive", archive)
    _kkrparse(
        "watch", "add", "udd", "uddannelse*", "--kind", "Beslutningssag", "--archive", archive
    )
    first = _kkrparse("watch", "report", "--archive", archive)
    assert (first.returncode, first.stdout, first.stderr) == (0, FIRST, "3 new hits\n")
    again = _kkrparse("watch", "report", "--json", "--archive", archive)
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "0 new hits\n")

    put(archive, truth(MINUTES), "2021-04-29T08:00:00+00:00")  # the minutes arrive
    done = _kkrparse("watch", "report", "--json", "--archive", archive)
    assert done.stdout == MINUTES_JSON


FIRST = """\
sosu  KKR Sjælland 2021-04-21 dagsorden  2.6. Beslutningssag: Forhandling af ny femårig lærepladsaftale for SOSU-uddannelserne
udd  KKR Sjælland 2021-04-21 dagsorden  2.6. Beslutningssag: Forhandling af ny femårig lærepladsaftale for SOSU-uddannelserne
udd  KKR Sjælland 2021-04-21 dagsorden  2.7. Beslutningssag: Etablering af uddannelsen til maskinmester
"""

MINUTES_JSON = """\
{"watch": "sosu", "body": "KKR Sjælland", "date": "2021-04-21", "document_type": "referat", "number": "2.6", "heading": "Beslutningssag: Forhandling af ny femårig lærepladsaftale for SOSU-uddannelserne", "kind": "Beslutningssag", "decision": "KKR Sjælland tog sagen til efterretning og lagde vægt på, at finansieringen af oplæringsopgaven indgår i forhandlingerne om en ny lærepladsaftale.", "sha256": "33a726668ef674a33c2f0005ba33a833d78715a16221d6aaff1ad4296383fe3a", "archived_at": "2021-04-29T08:00:00+00:00", "changed": false}
{"watch": "udd", "body": "KKR Sjælland", "date": "2021-04-21", "document_type": "referat", "number": "2.6", "heading": "Beslutningssag: Forhandling af ny femårig lærepladsaftale for SOSU-uddannelserne", "kind": "Beslutningssag", "decision": "KKR Sjælland tog sagen til efterretning og lagde vægt på, at finansieringen af oplæringsopgaven indgår i forhandlingerne om en ny lærepladsaftale.", "sha256": "33a726668ef674a33c2f0005ba33a833d78715a16221d6aaff1ad4296383fe3a", "archived_at": "2021-04-29T08:00:00+00:00", "changed": false}
{"watch": "udd", "body": "KKR Sjælland", "date": "2021-04-21", "document_type": "referat", "number": "2.7", "heading": "Beslutningssag: Etablering af uddannelsen til maskinmester", "kind": "Beslutningssag", "decision": "KKR Sjælland bakkede op om det videre arbejde med etablering af maskinmesteruddannelsen i Region Sjælland.", "sha256": "33a726668ef674a33c2f0005ba33a833d78715a16221d6aaff1ad4296383fe3a", "archived_at": "2021-04-29T08:00:00+00:00", "changed": false}
"""


def test_a_changed_decision_is_reported_again(archive: Path) -> None:
    minutes = truth(MINUTES)
    put(archive, minutes, "2021-04-29T08:00:00+00:00")
    _kkrparse("watch", "add", "sosu", "SOSU", "--archive", archive)
    assert _hits(_kkrparse("watch", "report", "--json", "--archive", archive).stdout) == [
        ("sosu", "dagsorden", "2.6", False),
        ("sosu", "referat", "2.6", False),
    ]
    items = [
        i.model_copy(update={"decision": "Sagen blev udsat."}) if i.number == "2.6" else i
        for i in minutes.items
    ]
    put(archive, minutes.model_copy(update={"items": items}), "2021-05-03T08:00:00+00:00")
    done = _kkrparse("watch", "report", "--json", "--archive", archive)
    assert _hits(done.stdout) == [("sosu", "referat", "2.6", True)]
    assert json.loads(done.stdout)["decision"] == "Sagen blev udsat."


def test_since_lists_the_documents_archived_since_whatever_was_reported(archive: Path) -> None:
    _kkrparse("watch", "add", "sosu", "SOSU", "--archive", archive)
    _kkrparse("watch", "report", "--archive", archive)
    put(archive, truth(MINUTES), "2021-04-29T08:00:00+00:00")
    done = _kkrparse("watch", "report", "--json", "--since", "2021-04-01", "--archive", archive)
    assert _hits(done.stdout) == [
        ("sosu", "dagsorden", "2.6", False),
        ("sosu", "referat", "2.6", False),
    ]
    done = _kkrparse("watch", "report", "--json", "--since", "2021-04-23", "--archive", archive)
    assert _hits(done.stdout) == [("sosu", "referat", "2.6", False)]


def test_remove_forgets_a_watch_and_what_it_reported(archive: Path) -> None:
    _kkrparse("watch", "add", "sosu", "SOSU", "--archive", archive)
    _kkrparse("watch", "report", "--archive", archive)
    done = _kkrparse("watch", "remove", "sosu", "--archive", archive)
    assert (done.returncode, done.stderr) == (0, "watch sosu removed\n")
    with arch.open_database(archive) as db:
        assert politics.list_watches(db) == []
        assert db.execute("SELECT count(*) FROM watch_seen").fetchone() == (0,)
    done = _kkrparse("watch", "remove", "sosu", "--archive", archive)
    assert done.returncode == 1
    assert "no watch named 'sosu'" in done.stderr


def test_a_filter_that_matches_no_meeting_reports_nothing(archive: Path) -> None:
    with arch.open_database(archive) as db:
        politics.add_watch(db, politics.Watch("h", "SOSU", body="KKR Hovedstaden"), "t0")
        politics.add_watch(db, politics.Watch("o", "SOSU", kind="Orienteringssag"), "t0")
        politics.add_watch(db, politics.Watch("late", "SOSU", date_from="2022-01-01"), "t0")
        assert politics.watch_report(db, "t1") == []
        (watch, *_) = politics.list_watches(db)
        assert watch.reported_at == "t1"


def test_without_an_archive_exits_3(tmp_path: Path) -> None:
    done = _kkrparse("watch", "list", "--archive", tmp_path / "none")
    assert done.returncode == 3
    assert "no archive here" in done.stderr


@pytest.mark.parametrize(
    "command", ["case", "diff", "watch", "watch add", "watch list", "watch remove", "watch report"]
)
def test_dash_h_is_help_and_reads_without_type_tags(command: str) -> None:
    done = _kkrparse(*command.split(), "-h")
    assert done.returncode == 0, done.stderr
    assert f"Usage: kkrparse {command}" in done.stdout
    for tag in ("<bool>", "<list", "<int", "<path>", "{"):
        assert tag not in done.stdout, tag


def test_the_watch_and_pair_tables_arrive_described_for_datasette(archive: Path) -> None:
    from kkrparse.archive import datasette as meta

    put(archive, truth(MINUTES), "2021-04-29T08:00:00+00:00")
    assert _kkrparse("watch", "add", "sosu", "SOSU", "--archive", archive).returncode == 0
    assert _kkrparse("diff", "--archive", archive, "--store").returncode == 0
    schema = meta.live_schema(archive / arch.DATABASE)
    assert {"case_appearances", "watches", "watch_seen", "meeting_pairs"} <= schema.keys()
    assert meta.missing_descriptions(schema) == []

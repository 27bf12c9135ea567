"""Agenda ↔ minutes (kkrparse.compare and ``kkrparse diff``): items matched by title and
case number, not by number; each decision against its Indstilling; attendance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kkrparse import compare
from kkrparse.cases import case_key
from kkrparse.compare import NotAPairError, diff
from politics_fixtures import AGENDA, MINUTES, agenda, item, truth
from politics_fixtures import kkrparse_cli as _kkrparse

ROOT = Path(__file__).resolve().parent.parent


def test_the_samples_meeting_keeps_every_item_and_judges_each_decision() -> None:
    result = diff(truth(AGENDA), truth(MINUTES))
    assert result.counts() == {
        "kept": 23,
        "added": 0,
        "withdrawn": 0,
        "renumbered": 0,
        "retitled": 0,
        "no_decision": 8,
        "as_recommended": 9,
        "with_changes": 4,
        "other": 2,
        "no_recommendation": 0,
    }
    verdicts = {
        c.minutes.number: (c.decision.verdict, c.decision.evidence)
        for c in result.items
        if c.minutes and c.decision
    }
    assert verdicts["1.1"] == ("as_recommended", "approved")  # "Godkendt."
    assert verdicts["2.1"] == ("as_recommended", "noted")  # "… tog orienteringen til efterretning."
    # "… tog sagen til efterretning og lagde vægt på, at …"
    assert verdicts["2.6"] == ("with_changes", "noted_and_more")
    # "KKR Sjælland bakkede op om …" against "… behandler og drøfter sagen": no rule says
    assert verdicts["2.7"] == ("other", None)
    assert verdicts["1"] == ("no_decision", None)  # a group heading
    assert result.attendance.present[:2] == ["Niels Hörup", "Lone Kjærgaard"]
    assert result.attendance.absent == ["Søren Stavnskær", "Birgitte Dahl"]
    assert result.attendance.substitutes == ["Christian Ahlefeldt-Laurvig"]
    assert result.attendance.invited == result.attendance.unaccounted == []


MEETING = [
    item("1", "Godkendelse af dagsorden", case_number="SAG-2022-00001",
         recommendations=["Det indstilles, at dagsordenen godkendes."]),
    item("2", "Rammeaftale om danskuddannelse", case_number="SAG-2022-00002",
         recommendations=["Det indstilles, at rammeaftalen godkendes."]),
    item("3", "Status på DK2020", case_number="SAG-2022-00003",
         recommendations=["Det indstilles, at orienteringen tages til efterretning."]),
    item("4", "Eventuelt"),
]  # fmt: skip


def _minutes(items: list[dict[str, object]], **kw: object) -> compare.Agenda:
    return agenda("referat", items, **kw)  # type: ignore[arg-type]


def test_an_item_added_before_others_renumbers_them_and_a_reworded_one_is_retitled() -> None:
    minutes = [
        item("1", "Godkendelse af dagsorden", case_number="SAG-2022-1", decision="Godkendt."),
        item("2", "Ny sag om busdrift", case_number="SAG-2022-00009", decision="Godkendt."),
        item("3", "Rammeaftale om danskuddannelse for voksne", case_number="SAG-2022-00002",
             decision="Godkendt med de faldne bemærkninger."),
        item("4", "Status på DK2020", case_number="SAG 2022 00003",
             decision="Sagen blev udsat."),
        item("5", "Eventuelt"),
    ]  # fmt: skip
    result = diff(agenda("dagsorden", MEETING), _minutes(minutes))
    rows = [
        (c.change, c.agenda and c.agenda.number, c.minutes and c.minutes.number,
         c.renumbered, c.retitled, c.decision and c.decision.verdict)
        for c in result.items
    ]  # fmt: skip
    assert rows == [
        ("kept", "1", "1", False, False, "as_recommended"),
        ("added", None, "2", False, False, "no_recommendation"),
        ("kept", "2", "3", True, True, "with_changes"),
        ("kept", "3", "4", True, False, "other"),
        ("kept", "4", "5", True, False, "no_decision"),
    ]


def test_a_withdrawn_item_stays_where_the_agenda_had_it() -> None:
    minutes = [
        item("1", "Godkendelse af dagsorden", case_number="SAG-2022-00001", decision="Godkendt."),
        item("2", "Status på DK2020", case_number="SAG-2022-00003",
             decision="KKR tog orienteringen til efterretning."),
        item("3", "Eventuelt"),
    ]  # fmt: skip
    result = diff(agenda("dagsorden", MEETING), _minutes(minutes))
    rows = [
        (c.change, c.agenda and c.agenda.number, c.minutes and c.minutes.number)
        for c in result.items
    ]
    assert rows == [
        ("kept", "1", "1"),
        ("withdrawn", "2", None),
        ("kept", "3", "2"),
        ("kept", "4", "3"),
    ]
    assert result.items[2].decision is not None
    assert result.items[2].decision.verdict == "as_recommended"


def test_the_same_number_with_another_title_is_not_the_same_item() -> None:
    """Matching by number alone would call item 2 retitled; it is a new item in its place."""
    minutes = [
        item("1", "Godkendelse af dagsorden", case_number="SAG-2022-00001"),
        item("2", "Udpegning til Vækstforum", case_number="SAG-2022-00042"),
    ]
    result = diff(agenda("dagsorden", MEETING[:2]), _minutes(minutes))
    assert [c.change for c in result.items] == ["kept", "withdrawn", "added"]


def test_the_decision_class_decides_before_the_wording() -> None:
    outcome = {"class": "approved", "evidence": "godkendt", "amended": True}
    minutes = [item("1", "Godkendelse af dagsorden", case_number="SAG-2022-00001",
                    decision="Godkendt.", decision_outcome=outcome)]  # fmt: skip
    (change,) = diff(agenda("dagsorden", MEETING[:1]), _minutes(minutes)).items
    assert change.decision == compare.DecisionVerdict(
        "with_changes", "class approved, amended", "Godkendt."
    )


def test_attendance_against_the_invited_members() -> None:
    invited = [{"name": n, "status": "invited"} for n in ("Anne Berg", "Bo Dahl", "Carl Eske")]
    came = [
        {"name": "Anne  Berg", "status": "present"},
        {"name": "Bo Dahl", "status": "absent"},
        {"name": "Dorte Friis", "status": "substitute"},
    ]
    result = diff(
        agenda("dagsorden", MEETING[:1], attendance=invited),
        _minutes(MEETING[:1], attendance=came),
    )
    assert result.attendance.to_dict() == {
        "invited": ["Anne Berg", "Bo Dahl", "Carl Eske"],
        "present": ["Anne  Berg"],
        "absent": ["Bo Dahl"],
        "substitutes": ["Dorte Friis"],
        "not_invited": ["Dorte Friis"],
        "unaccounted": ["Carl Eske"],
    }


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        ("dagsorden", "dagsorden", "need an agenda and minutes, got dagsorden and dagsorden"),
        ("referat", "dagsorden", "need an agenda and minutes, got referat and dagsorden"),
    ],
)
def test_two_documents_that_are_not_a_pair_are_refused(
    first: str, second: str, message: str
) -> None:
    with pytest.raises(NotAPairError, match=message):
        diff(agenda(first, MEETING), agenda(second, MEETING))
    with pytest.raises(NotAPairError, match="not the same meeting"):
        diff(agenda("dagsorden", MEETING), agenda("referat", MEETING, date="2022-03-02"))


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("SAG-2020-05887", "Sag: SAG-2020-5887", True),
        ("SAG-2020-05887", "sag-2020-05887 ", True),
        ("Sagsnr.: 2011-29298", "2011-29298", True),
        ("2011-29298", "12/29298", False),
        ("SAG-2020-05887", "EMN-2020-05887", False),
    ],
)
def test_case_numbers_compare_normalised(a: str, b: str, same: bool) -> None:
    assert (case_key(a) == case_key(b)) is same



def _pair(tmp_path: Path) -> tuple[Path, Path]:
    minutes = [
        item("1", "Godkendelse af dagsorden", case_number="SAG-2022-00001", decision="Godkendt."),
        item("2", "Rammeaftale om danskuddannelse for voksne", case_number="SAG-2022-00002",
             decision="Godkendt med de faldne bemærkninger."),
        item("3", "Eventuelt"),
    ]  # fmt: skip
    a, m = tmp_path / "a.json", tmp_path / "m.json"
    a.write_text(agenda("dagsorden", MEETING).to_json(), encoding="utf-8")
    m.write_text(_minutes(minutes).to_json(), encoding="utf-8")
    return a, m


def test_diff_prints_a_table_a_person_reads(tmp_path: Path) -> None:
    done = _kkrparse("diff", *_pair(tmp_path))
    assert done.returncode == 0, done.stderr
    assert done.stdout == EXPECTED_TABLE


EXPECTED_TABLE = """\
KKR Syddanmark 2022-03-01: items 3 kept, 0 added, 1 withdrawn, 1 renumbered, 1 retitled
 agenda   minutes   title                                               change       decision       
────────────────────────────────────────────────────────────────────────────────────────────────────
 1        1         Godkendelse af dagsorden                            kept         as recommended 
 2        2         Rammeaftale om danskuddannelse → Rammeaftale om     retitled     with changes   
                    danskuddannelse for voksne                                                      
 3                  Status på DK2020                                    withdrawn                   
 4        3         Eventuelt                                           renumbered   no decision    
invited (0): none listed
present (0): none listed
"""  # noqa: W291 (rich pads its cells)


def test_diff_json_is_exact(tmp_path: Path) -> None:
    a, m = _pair(tmp_path)
    done = _kkrparse("diff", a, m, "--json")
    assert done.returncode == 0, done.stderr
    assert done.stdout == EXPECTED_JSON


EXPECTED_JSON = """\
{
  "body": "KKR Syddanmark",
  "date": "2022-03-01",
  "agenda": {
    "sha256": "7a0692ea381c3b7dcf37cb56d160cae982bd3e3d46dc760d2ca8851c55022fed",
    "filename": "syddanmark-2022-03-01-dagsorden.pdf"
  },
  "minutes": {
    "sha256": "50a2a4849e3caaa6906734a3f6307ccda67a173f7c1be8219b8ada7ace4db6bd",
    "filename": "syddanmark-2022-03-01-referat.pdf"
  },
  "counts": {
    "kept": 3,
    "added": 0,
    "withdrawn": 1,
    "renumbered": 1,
    "retitled": 1,
    "as_recommended": 1,
    "with_changes": 1,
    "other": 0,
    "no_decision": 1,
    "no_recommendation": 0
  },
  "items": [
    {
      "change": "kept",
      "agenda_number": "1",
      "minutes_number": "1",
      "agenda_title": "Godkendelse af dagsorden",
      "minutes_title": "Godkendelse af dagsorden",
      "case_number": "SAG-2022-00001",
      "score": 1.3,
      "renumbered": false,
      "retitled": false,
      "verdict": "as_recommended",
      "evidence": "approved",
      "decision": "Godkendt."
    },
    {
      "change": "kept",
      "agenda_number": "2",
      "minutes_number": "2",
      "agenda_title": "Rammeaftale om danskuddannelse",
      "minutes_title": "Rammeaftale om danskuddannelse for voksne",
      "case_number": "SAG-2022-00002",
      "score": 1.145,
      "renumbered": false,
      "retitled": true,
      "verdict": "with_changes",
      "evidence": "with_remarks",
      "decision": "Godkendt med de faldne bemærkninger."
    },
    {
      "change": "withdrawn",
      "agenda_number": "3",
      "minutes_number": null,
      "agenda_title": "Status på DK2020",
      "minutes_title": null,
      "case_number": "SAG-2022-00003",
      "score": null,
      "renumbered": false,
      "retitled": false,
      "verdict": null,
      "evidence": null,
      "decision": null
    },
    {
      "change": "kept",
      "agenda_number": "4",
      "minutes_number": "3",
      "agenda_title": "Eventuelt",
      "minutes_title": "Eventuelt",
      "case_number": null,
      "score": 1.0,
      "renumbered": true,
      "retitled": false,
      "verdict": "no_decision",
      "evidence": null,
      "decision": null
    }
  ],
  "attendance": {
    "invited": [],
    "present": [],
    "absent": [],
    "substitutes": [],
    "not_invited": [],
    "unaccounted": []
  }
}
"""


def test_diff_of_two_agendas_fails_with_the_reason(tmp_path: Path) -> None:
    a, _ = _pair(tmp_path)
    done = _kkrparse("diff", a, a)
    assert (done.returncode, done.stdout) == (1, "")
    assert "not_a_pair: need an agenda and minutes, got dagsorden and dagsorden" in done.stderr


def test_diff_finds_archived_documents_by_sha256_prefix(tmp_path: Path) -> None:
    from politics_fixtures import put

    root = tmp_path / "arc"
    first, second = truth(AGENDA), truth(MINUTES)
    put(root, first, "2021-04-22T08:00:00+00:00")
    put(root, second, "2021-04-29T08:00:00+00:00")
    done = _kkrparse(
        "diff", first.source.sha256[:10], second.source.sha256[:10], "--archive", root, "--json"
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == diff(first, second).to_dict()
    done = _kkrparse("diff", "ffffffffff", second.source.sha256[:10], "--archive", root)
    assert done.returncode == 2
    assert "ffffffffff: no archived document's SHA-256 starts so" in done.stderr


def test_diff_with_only_an_archive_lists_its_pairs(tmp_path: Path) -> None:
    from politics_fixtures import put

    root = tmp_path / "arc"
    first, second = truth(AGENDA), truth(MINUTES)
    put(root, first, "2021-04-22T08:00:00+00:00")
    put(root, second, "2021-04-29T08:00:00+00:00")
    put(root, agenda("dagsorden", MEETING, body="KKR Sjælland"), "2021-04-30T08:00:00+00:00")
    done = _kkrparse("diff", "--archive", root)
    assert (done.returncode, done.stderr) == (0, "1 pair\n")
    assert done.stdout == (
        f"2021-04-21  KKR Sjælland  {first.source.sha256[:12]} {second.source.sha256[:12]}  "
        "kkr-sjaelland-2021-04-21-dagsorden.pdf ↔ kkr-sjaelland-2021-04-21-referat.pdf\n"
    )


def test_diff_store_keeps_every_pairs_diff_in_the_archive(tmp_path: Path) -> None:
    import sqlite_utils

    from politics_fixtures import put

    root = tmp_path / "arc"
    first, second = truth(AGENDA), truth(MINUTES)
    put(root, first, "2021-04-22T08:00:00+00:00")
    put(root, second, "2021-04-29T08:00:00+00:00")
    for _ in range(2):  # a second run replaces, never adds
        done = _kkrparse("diff", "--archive", root, "--store")
        assert done.returncode == 0, done.stderr
        assert done.stderr == "1 pair\n1 diff stored in meeting_pairs\n"
    db = sqlite_utils.Database(root / "archive.sqlite")
    (row,) = db["meeting_pairs"].rows
    assert (row["agenda_sha256"], row["minutes_sha256"]) == (
        first.source.sha256,
        second.source.sha256,
    )
    assert (row["kept"], row["added"], row["as_recommended"], row["with_changes"]) == (23, 0, 9, 4)
    assert json.loads(row["diff"]) == diff(first, second).to_dict()
    db.close()


_TITLES = ["Godkendelse af dagsorden", "Busplan", "Busplan for Sjælland", "Eventuelt", "Vejplan"]


@given(
    st.lists(
        st.tuples(st.sampled_from(_TITLES), st.sampled_from([None, "SAG-2022-1"])), max_size=6
    ),
    st.lists(
        st.tuples(st.sampled_from(_TITLES), st.sampled_from([None, "SAG-2022-1"])), max_size=6
    ),
)
def test_every_item_of_both_documents_is_in_the_diff_once(
    first: list[tuple[str, str | None]], second: list[tuple[str, str | None]]
) -> None:
    a = agenda("dagsorden", [item(str(n + 1), t, case_number=c) for n, (t, c) in enumerate(first)])
    m = agenda("referat", [item(str(n + 1), t, case_number=c) for n, (t, c) in enumerate(second)])
    result = diff(a, m)
    # In the minutes' order; an agenda item moved in the minutes moves with it.
    numbers = [c.agenda.number for c in result.items if c.agenda]
    assert sorted(numbers, key=int) == [i.number for i in a.items]
    assert [c.minutes.number for c in result.items if c.minutes] == [i.number for i in m.items]
    assert all(c.score is None or c.score >= compare.MATCH_THRESHOLD for c in result.items)


@pytest.mark.parametrize(
    ("decision", "verdict", "rule"),
    [
        ("Godkendt.", "as_recommended", "approved"),
        ("Godkendt. Rammeaftalen sendes til behandling i kommunalbestyrelserne.", "as_recommended",
         "approved"),
        ("Indstillingen blev godkendt.", "as_recommended", "approved"),
        ("Godkendt som indstillet.", "as_recommended", "approved"),
        ("KKR godkendte indstillingen.", "as_recommended", "as_recommended"),
        ("KKR Sjælland tog orienteringen til efterretning.", "as_recommended", "noted"),
        ("Godkendt med de faldne bemærkninger.", "with_changes", "with_remarks"),
        ("Indstillingen blev godkendt med følgende ændring: datoen er 1. maj.", "with_changes",
         "with_remarks"),
        ("KKR Sjælland tog orienteringen til efterretning og bad om et forslag til ny tovholder.",
         "with_changes", "noted_and_more"),
        ("KKR Sjælland drøftede sagen og lagde vægt på, at finansieringen indgår.", "with_changes",
         "added_weight"),
        ("Sagen blev udsat.", "other", "not_adopted"),
        ("Indstillingen blev ikke godkendt.", "other", "not_adopted"),
        ("KKR Sjælland bakkede op om det videre arbejde.", "other", None),
    ],
)  # fmt: skip
def test_the_wording_rules(decision: str, verdict: compare.Verdict, rule: str | None) -> None:
    minutes = compare.Item.model_validate(item("1", "Sag", decision=decision))
    recommended = compare.Item.model_validate(item("1", "Sag", recommendations=["Det indstilles."]))
    assert compare.decision_verdict(recommended, minutes) == compare.DecisionVerdict(
        verdict,
        rule,
        decision,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("cls", "verdict", "evidence"),
    [
        ("recommended", "as_recommended", "class recommended"),
        ("noted", "as_recommended", "class noted"),
        ("discussed", "other", "class discussed"),
        ("rejected", "other", "class rejected"),
    ],
)
def test_a_class_decides_what_no_wording_rule_does(cls: str, verdict: str, evidence: str) -> None:
    decision = "KKR bakkede op om det videre arbejde."  # no wording rule knows it
    outcome = {"class": cls, "evidence": "bakkede op", "amended": False}
    minutes = compare.Item.model_validate(
        item("1", "Sag", decision=decision, decision_outcome=outcome)
    )
    recommended = compare.Item.model_validate(item("1", "Sag", recommendations=["Det indstilles."]))
    got = compare.decision_verdict(recommended, minutes)
    assert (got.verdict, got.evidence) == (verdict, evidence)

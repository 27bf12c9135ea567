"""The public surface: exported names, the schema file, load(), errors and strict mode."""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path

import pytest
from tests.textdoc import STANDARD_BODY, TextItem, agenda_text

import kkrparse
import skips
from kkrparse.models import Agenda, Meeting

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "schemas" / "agenda.schema.json"


def test_exported_names_are_exactly_the_public_api() -> None:
    # Sorted the way ruff keeps it (RUF022): constants, then classes, then the rest.
    def isort_key(name: str) -> tuple[int, str]:
        return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)

    assert kkrparse.__all__ == sorted(kkrparse.__all__, key=isort_key)
    public = {
        "SCHEMA_VERSION", "Agenda", "Appendix", "Attendee", "Classification", "DamagedPdfError",
        "EmptyInputError",
        "EncryptedPdfError", "Item", "KkrParseError", "Link", "Meeting", "NoTextLayerError",
        "NotAPdfError", "NotAnAgendaError", "ParseOptions", "ParseWarning",
        "RecoveredProblemError", "Section", "Source", "TocEntry", "UnsupportedLayoutError",
        "__version__", "load",
        "parse_pdf", "parse_text",
    }  # fmt: skip
    assert set(kkrparse.__all__) == public


def current_schema() -> str:
    return json.dumps(Agenda.model_json_schema(), ensure_ascii=False, indent=2) + "\n"


def test_committed_schema_matches_the_models() -> None:
    """Regenerate on purpose with KKRPARSE_UPDATE_SCHEMA=1 and review the diff."""
    if os.environ.get("KKRPARSE_UPDATE_SCHEMA") == "1":
        SCHEMA.write_text(current_schema(), encoding="utf-8")
    assert SCHEMA.read_text(encoding="utf-8") == current_schema(), (
        "schemas/agenda.schema.json drifted from the models: run the tests with "
        "KKRPARSE_UPDATE_SCHEMA=1 and commit the reviewed change"
    )


def small_agenda() -> str:
    return agenda_text(
        [TextItem("1", "Sager"), TextItem("1.1", "Godkendelse af dagsorden", STANDARD_BODY)]
    )


def test_json_round_trip_through_load(tmp_path: Path) -> None:
    agenda = kkrparse.parse_text(small_agenda(), filename="x.txt")
    path = tmp_path / "x.json"
    path.write_text(agenda.to_json(), encoding="utf-8")
    assert "ø" in path.read_text(encoding="utf-8")  # ensure_ascii is off
    assert kkrparse.load(path) == agenda


def test_source_describes_text_input() -> None:
    agenda = kkrparse.parse_text(small_agenda())
    assert agenda.schema_version == "1.3"
    assert agenda.source.filename is None
    assert agenda.source.engine == "text"
    assert len(agenda.source.sha256) == 64


def test_strict_mode_raises_on_a_recovered_problem_and_ignores_notes() -> None:
    text = agenda_text([TextItem("1", "Sager"), TextItem("1.1", "Meddelelser", STANDARD_BODY)])
    broken = text.replace("1.1. Meddelelser\n", "Meddelelser\n")
    lenient = kkrparse.parse_text(broken)
    assert [w.code for w in lenient.warnings] == ["fonts_unknown", "toc_entry_without_heading"]
    with pytest.raises(kkrparse.RecoveredProblemError, match="toc_entry_without_heading"):
        kkrparse.parse_text(broken, kkrparse.ParseOptions(strict=True))
    # A clean text parses in strict mode: the fonts_unknown note is not a problem.
    kkrparse.parse_text(small_agenda(), kkrparse.ParseOptions(strict=True))


def test_options_are_frozen_and_reject_unknown_fields() -> None:
    options = kkrparse.ParseOptions()
    with pytest.raises(ValueError):
        kkrparse.ParseOptions(stritc=True)  # type: ignore[call-arg]
    with pytest.raises(ValueError):
        options.strict = True  # type: ignore[misc]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", kkrparse.EmptyInputError),
        (b"<!DOCTYPE html><html><body>404</body></html>", kkrparse.NotAPdfError),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog", kkrparse.DamagedPdfError),
    ],
)
def test_bad_bytes_raise_typed_errors(data: bytes, error: type[Exception]) -> None:
    with pytest.raises(error) as info:
        kkrparse.parse_pdf(data)
    assert "\n" not in str(info.value)
    assert isinstance(info.value, kkrparse.KkrParseError)


def test_empty_text_is_an_error() -> None:
    with pytest.raises(kkrparse.EmptyInputError):
        kkrparse.parse_text(" \n\f\n")


def test_error_messages_do_not_carry_the_file_name(tmp_path: Path) -> None:
    """The caller knows the name and prints it; a name inside the message is printed twice."""
    empty = tmp_path / "tom.pdf"
    empty.write_bytes(b"")
    with pytest.raises(kkrparse.EmptyInputError) as info:
        kkrparse.parse_pdf(empty)
    assert str(info.value) == "the file is empty (0 bytes)"
    with pytest.raises(kkrparse.EmptyInputError) as info:
        kkrparse.parse_text(" ", filename="tom.txt")
    assert str(info.value) == "the text is empty"
    with pytest.raises(kkrparse.NotAnAgendaError) as info:
        kkrparse.parse_text("Kære borgmester\n\nTak for dit brev.\n", filename="brev.txt")
    assert str(info.value) == (
        "not a meeting document: a 1-page document: a letter's salutation or closing; "
        "no case numbers, section labels or meeting words"
    )


@pytest.mark.skipif(os.name != "posix", reason=skips.reason("posix", "the test needs file names that are bytes"))
def test_a_file_name_that_is_not_utf8_still_gives_json(tmp_path: Path) -> None:
    from tests.pdfdoc import build_pdf
    from tests.test_issues import COVER, ITEM_12, TOC, body

    path = Path(os.fsdecode(bytes(tmp_path) + b"/dagsorden-\xe6.pdf"))  # Latin-1 "æ"
    path.write_bytes(build_pdf([COVER, TOC, body("* Baggrund", "Tekst."), ITEM_12]))
    agenda = kkrparse.parse_pdf(path)
    assert agenda.source.filename == "dagsorden-\ufffd.pdf"
    assert json.loads(agenda.to_json())["source"]["filename"] == "dagsorden-\ufffd.pdf"


def test_load_still_validates_committed_1_1_json(tmp_path: Path) -> None:
    """1.2 added ``classification``; JSON written before it (1.1) loads, without one."""
    agenda = kkrparse.parse_text(small_agenda())
    assert agenda.classification is not None
    assert agenda.classification.kind == "meeting_document"
    old = json.loads(agenda.to_json())
    del old["classification"]
    old["schema_version"] = "1.1"
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    loaded = kkrparse.load(path)
    assert loaded.schema_version == "1.1" and loaded.classification is None
    assert loaded.items == agenda.items


# --- a notebook's view: short reprs, items by number, dates as dates ------------------------


def sample_agenda() -> Agenda:
    return kkrparse.parse_pdf(ROOT / "samples" / "kkr-sjaelland-2021-04-21-referat-lo.pdf")


def test_reprs_are_one_short_line() -> None:
    """Issue: repr(agenda) of one real agenda was 127,760 characters in a notebook cell."""
    agenda = sample_agenda()
    meeting = agenda.meeting
    assert meeting.body and meeting.date and meeting.document_type == "referat"
    count = len(agenda.items)
    assert repr(agenda) == f"<Agenda KKR Sjælland 2021-04-21 referat: {count} items>"
    assert str(agenda) == repr(agenda)
    assert repr(meeting) == (
        f"<Meeting KKR Sjælland 2021-04-21 referat: {len(meeting.attendance)} attendees>"
    )
    item = next(item for item in agenda.items if item.sections)
    assert repr(item).startswith(f"<Item {item.number} ")
    assert repr(item).endswith(f": {len(item.sections)} sections>")
    section = item.sections[0]
    assert repr(section).startswith(f"<Section {section.key} p. {section.page_start}")
    assert repr(section).endswith(f": {len(section.text):,} chars>")
    for shown in (agenda, meeting, *agenda.items, *(s for i in agenda.items for s in i.sections)):
        assert len(repr(shown)) < 100 and "\n" not in repr(shown), repr(shown)


def test_item_by_number() -> None:
    agenda = kkrparse.parse_text(small_agenda())
    assert agenda.item("1.1") is agenda.items[1]
    assert agenda.item("1.1").title == "Godkendelse af dagsorden"
    with pytest.raises(KeyError, match=r"9\.9"):
        agenda.item("9.9")


def test_meeting_date_is_a_date_and_iso_in_json() -> None:
    agenda = kkrparse.parse_text(small_agenda())
    assert agenda.meeting.date == datetime.date(2021, 4, 21)
    assert json.loads(agenda.to_json())["meeting"]["date"] == "2021-04-21"
    date_schema = Agenda.model_json_schema()["$defs"]["Meeting"]["properties"]["date"]
    assert {"type": "string", "format": "date"} in date_schema["anyOf"]


def test_committed_sample_meetings_still_load() -> None:
    """Every committed truth file's meeting (schema 1.0 to 1.3) validates as a Meeting."""
    truths = sorted((ROOT / "samples").glob("*.expected.json"))
    loaded = 0
    for truth in truths:
        data = json.loads(truth.read_text(encoding="utf-8"))
        if "meeting" in data:
            meeting = Meeting.model_validate(data["meeting"])
            assert meeting.date is None or meeting.date.isoformat() == data["meeting"]["date"]
            loaded += 1
    assert loaded >= 60


# --- options as keywords, load from anything ----------------------------------------------


def test_parse_takes_option_fields_as_keywords() -> None:
    text = agenda_text([TextItem("1", "Sager"), TextItem("1.1", "Meddelelser", STANDARD_BODY)])
    broken = text.replace("1.1. Meddelelser\n", "Meddelelser\n")
    with pytest.raises(kkrparse.RecoveredProblemError):
        kkrparse.parse_text(broken, strict=True)
    pdf = ROOT / "samples" / "kkr-sjaelland-2021-04-21-referat-lo.pdf"
    assert kkrparse.parse_pdf(pdf, keep_evidence=False).evidence is None


def test_an_unknown_option_keyword_names_the_valid_fields() -> None:
    with pytest.raises(TypeError, match="ParseOptions") as info:
        kkrparse.parse_pdf(b"%PDF-", stritc=True)
    message = str(info.value)
    assert "stritc" in message
    for field in kkrparse.ParseOptions.model_fields:
        assert field in message


def test_options_and_option_keywords_together_are_an_error() -> None:
    with pytest.raises(TypeError, match="not both"):
        kkrparse.parse_pdf(b"%PDF-", kkrparse.ParseOptions(), strict=True)


def test_load_takes_a_path_text_bytes_or_a_file(tmp_path: Path) -> None:
    agenda = kkrparse.parse_text(small_agenda(), filename="x.txt")
    text = agenda.to_json()
    path = tmp_path / "x.json"
    path.write_text(text, encoding="utf-8")
    with path.open("rb") as binary, path.open(encoding="utf-8") as textfile:
        sources: list[object] = [path, str(path), text, text.encode("utf-8"), binary, textfile]
        for source in sources:
            assert kkrparse.load(source) == agenda, type(source)  # type: ignore[arg-type]


# --- the schema documents every field ----------------------------------------------------

#: Another part of the project describes these two; every other model is checked here.
UNDESCRIBED_HERE = {"DecisionOutcome", "VoteCount"}


def test_every_schema_property_has_a_description() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    missing = [
        f"{name}.{prop}"
        for name, definition in {"Agenda": schema, **schema["$defs"]}.items()
        if name not in UNDESCRIBED_HERE
        for prop, body in definition.get("properties", {}).items()
        if not body.get("description")
    ]
    assert missing == []

"""The public surface: exported names, the schema file, load(), errors and strict mode."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from tests.textdoc import STANDARD_BODY, TextItem, agenda_text

import kkrparse
import skips
from kkrparse.models import Agenda

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

"""The PDFium engine against the pdfplumber engine: the same JSON, the same words, the same
errors.

pdfplumber is the reference. A difference here is a bug in the PDFium engine (or a known
limit of PDFium's API, marked as such), never something to tolerate in the comparison.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.pdfdoc import (
    build_columns_pdf,
    build_letter_spaced_pdf,
    build_pdf,
    build_scaled_matrix_pdf,
    toc_page,
)

import kkrparse
from fixtures_make import BAD_INPUTS, bad_input_bytes, encrypted_pdf
from kkrparse.document import RawDocument, Word
from kkrparse.errors import CannotOpenError
from kkrparse.extract import pdfium as extract_pdfium
from kkrparse.extract import plumber as extract
from kkrparse.extract.pdfium import words_from_pieces
from kkrparse.options import ParseOptions

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "samples").glob("*.pdf"))

#: How far apart the two engines may put a word (points). PDFium keeps a font's /Widths
#: as whole thousandths of an em, pdfminer as written. reportlab writes fractional widths
#: (``774.9023``), so PDFium's text position drifts by up to half a thousandth of an em
#: per character: about 0.55 pt after 100 characters at 11 pt. Word and LibreOffice write
#: whole widths, where the engines agree to float precision.
POSITION_TOLERANCE = 1.0


def parsed(data: bytes, engine: str) -> dict[str, Any]:
    agenda = kkrparse.parse_pdf(data, ParseOptions(engine=engine))  # type: ignore[arg-type]
    out: dict[str, Any] = json.loads(agenda.to_json())
    assert out["source"].pop("engine") == engine
    return out


def assert_same_json(data: bytes) -> None:
    assert parsed(data, "pdfium") == parsed(data, "pdfplumber")


def outcome(data: bytes, engine: str) -> dict[str, Any] | tuple[str, str]:
    """The JSON, or the refusal's reason and message (a sample that is no agenda)."""
    try:
        return parsed(data, engine)
    except kkrparse.KkrParseError as exc:
        return exc.reason, str(exc)


def assert_same_words(a: RawDocument, b: RawDocument) -> None:
    assert len(a.pages) == len(b.pages)
    for pa, pb in zip(a.pages, b.pages, strict=True):
        assert (pa.width, pa.height, pa.has_images) == pytest.approx(
            (pb.width, pb.height, pb.has_images), abs=0.01
        ), pa.number

        def key(w: Word) -> tuple[int, float]:
            return round(w.top), w.x0

        wa, wb = sorted(pa.words, key=key), sorted(pb.words, key=key)
        assert [w.text for w in wa] == [w.text for w in wb], pa.number
        for x, y in zip(wa, wb, strict=True):
            assert (x.size, x.bold) == (y.size, y.bold), (pa.number, x, y)
            assert (x.x0, x.x1, x.top, x.bottom) == pytest.approx(
                (y.x0, y.x1, y.top, y.bottom), abs=POSITION_TOLERANCE
            ), (pa.number, x, y)
        la = [(link.uri, link.x0, link.x1, link.top, link.bottom) for link in pa.links]
        lb = [(link.uri, link.x0, link.x1, link.top, link.bottom) for link in pb.links]
        assert [u for u, *_ in la] == [u for u, *_ in lb], pa.number
        for (_, *ra), (_, *rb) in zip(la, lb, strict=True):
            assert ra == pytest.approx(rb, abs=0.01), pa.number


# --- the committed samples ----------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_samples_give_identical_json(path: Path) -> None:
    """Identical JSON, or, for the samples that are no agenda, the same refusal."""
    data = path.read_bytes()
    assert outcome(data, "pdfium") == outcome(data, "pdfplumber")


def test_sample_words_agree() -> None:
    data = SAMPLES[0].read_bytes()
    assert_same_words(extract.extract_pdf(data), extract_pdfium.extract_pdf(data))


# --- small PDFs made in code, one per problem ----------------------------------------------

COVER = ["# Dagsorden", "KKR Sjælland"]
TOC = toc_page(
    [
        ("1", "Sager", 3),
        ("1.1", "Beslutningssag: Rammeaftale om danskuddannelse", 3),
        ("1.2", "Godkendelse af referat", 4),
    ]
)
ITEM_12 = ["# 1.2. Godkendelse af referat", "SAG-2021-00002 jebj", "", "* Baggrund", "Referat."]


def agenda(*lines: str, second: tuple[str, ...] = (), **kw: Any) -> bytes:
    item = ["# 1. Sager", "", "# 1.1. Beslutningssag: Rammeaftale om danskuddannelse"]
    pages = [COVER, TOC, [*item, "SAG-2021-00001 adr", "", *lines], [*second, "", *ITEM_12]]
    return build_pdf(pages, **kw)


MADE: dict[str, bytes] = {}


def made(name: str) -> bytes:
    """The documents are built once per test session (reportlab is not free)."""
    if name not in MADE:
        MADE[name] = {
            "links": lambda: agenda(
                "* Baggrund",
                "Læs {https://www.kl.dk/kkr/|materialet} og se oplægget via",
                "{https://www.kl.dk/media/kkr-sjaelland-|https://www.kl.dk/media/kkr-sjaelland-}",
                "{https://www.kl.dk/media/kkr-sjaelland-|oplaeg.pdf} inden mødet.",
            ),
            "spaces_as_gaps": lambda: agenda(
                "* Indstilling",
                "Det indstilles, at KKR Sjælland godkender rammeaftalen for 2021-2022",
                "for de 17 kommuner i regionen.",
                spaces_as_gaps=True,
            ),
            "unicode_font": lambda: agenda(
                "* Baggrund",
                "De ﬁre kommuner ﬂytter opgaven. Kom\u00admunerne aftaler det næste år.",
                "Kommunerne har drøftet de politi-",
                second=("ske prioriteter og SOSU-", "uddannelserne i regionen."),
                unicode_font=True,
            ),
            "hyphens": lambda: agenda(
                "* Sagsfremstilling",
                "KKR Sjælland har drøftet de politi-",
                "ske prioriteter for SOSU-",
                "uddannelserne, COVID-",
                "19 og bygge- og anlægsområdet fra kl. 9.30-",
                "12.30 med IT-",
                "Branchen og e-",
                "boks.",
            ),
            "synthetic_bold": lambda: agenda(
                "* Baggrund",
                "Tekst om baggrund.",
                "* Indstilling",
                "Det indstilles, at KKR tager sagen til efterretning.",
                synthetic_bold=True,
            ),
            "bold_label_regular_colon": lambda: agenda(
                "* Vedlagte bilag",
                "– Faktaark – Kalundborg. 16. december 2020",
                "* Beslutning",
                "Godkendt.",
            ),
        }[name]()
    return MADE[name]


MADE_NAMES = [
    "links",
    "spaces_as_gaps",
    "unicode_font",
    "hyphens",
    "synthetic_bold",
    "bold_label_regular_colon",
]


@pytest.mark.parametrize("name", MADE_NAMES)
def test_made_pdfs_give_identical_json(name: str) -> None:
    assert_same_json(made(name))


@pytest.mark.parametrize("name", MADE_NAMES)
def test_made_pdfs_give_the_same_words(name: str) -> None:
    data = made(name)
    assert_same_words(extract.extract_pdf(data), extract_pdfium.extract_pdf(data))


def test_text_set_at_one_point_in_a_scaled_matrix_has_the_matrix_size() -> None:
    """InDesign sets "1 Tf" inside a "10 0 0 10 Tm" matrix: 10 pt text. Read as 1 pt, every
    kerning gap split a word ("s amt", "K L") and boxes sat 7 pt too low."""
    data = build_scaled_matrix_pdf(["Kommunerne samt KL styrker samarbejdet."])
    a, b = extract_pdfium.extract_pdf(data), extract.extract_pdf(data)
    assert_same_words(a, b)
    assert [(w.text, w.size) for w in a.pages[0].words] == [
        ("Kommunerne", 10.0), ("samt", 10.0), ("KL", 10.0), ("styrker", 10.0),
        ("samarbejdet.", 10.0),
    ]  # fmt: skip


def test_columns_and_letter_spacing_give_the_same_lines() -> None:
    """Columns and letter spacing are read in the layout stage, from the words: the same
    words give the same lines with both engines."""
    for data in (
        build_columns_pdf([["Ord i den første spalte her"] * 6, ["Ord i den anden spalte"] * 6]),
        build_letter_spaced_pdf("Det nære sundhedsvæsen", ["Brødtekst i almindelig sats."]),
    ):
        assert_same_words(extract_pdfium.extract_pdf(data), extract.extract_pdf(data))


def test_line_end_hyphen_marks_read_as_hyphens() -> None:
    """PDFium turns a line-end hyphen it finds soft into U+0002 and joins the lines; the
    engine must give the hyphen back, at the end of its own line."""
    raw = extract_pdfium.extract_pdf(made("hyphens"))
    texts = [w.text for p in raw.pages for w in p.words]
    assert {"politi-", "SOSU-", "COVID-", "9.30-", "IT-", "e-"} <= set(texts)
    assert not any("\x02" in t or "\ufffe" in t for t in texts)


def test_soft_hyphen_at_a_line_end_agrees_in_the_text() -> None:
    data = agenda(
        "* Baggrund",
        "Kommunerne har drøftet de politi\u00ad",
        "ske prioriteter.",
        unicode_font=True,
    )
    a, b = parsed(data, "pdfium"), parsed(data, "pdfplumber")
    assert a["items"] == b["items"]


def test_soft_hyphen_and_hyphen_at_line_ends_are_told_apart() -> None:
    """PDFium reports both as one mark; a font that encodes U+00AD sends the engine to
    pdfplumber for those characters, so 'SOSU\u00ad' is still a soft break and 'COVID-'
    a real hyphen, in one document and one font."""
    data = agenda(
        "* Baggrund",
        "Det er en SOSU\u00ad",
        "uddannelse i regi af kommunerne under COVID-",
        "19 og de politi-",
        "ske prioriteter.",
        unicode_font=True,
    )
    assert_same_json(data)
    text = parsed(data, "pdfium")["items"][1]["sections"][0]["text"]
    assert "SOSUuddannelse" in text
    assert "COVID-19" in text


# --- bad input: the same error, whichever engine reads it ------------------------------------


@pytest.mark.parametrize("kind", sorted(BAD_INPUTS))
@pytest.mark.parametrize("engine", ["pdfium", "auto"])
def test_bad_inputs_fail_the_same_way(kind: str, engine: str) -> None:
    _name, reason = BAD_INPUTS[kind]
    data = bad_input_bytes(kind)
    errors = []
    for e in ("pdfplumber", engine):
        with pytest.raises(kkrparse.KkrParseError) as info:
            kkrparse.parse_pdf(data, ParseOptions(engine=e))  # type: ignore[arg-type]
        errors.append(info.value)
    assert errors[0].reason == errors[1].reason == reason
    assert isinstance(errors[1], type(errors[0]))


def test_owner_password_only_opens_with_pdfium() -> None:
    assert_same_json(encrypted_pdf("", "o"))


def test_too_many_pages_is_refused_before_reading() -> None:
    with pytest.raises(kkrparse.DamagedPdfError, match="too many pages"):
        kkrparse.parse_pdf(made("links"), ParseOptions(engine="pdfium", max_pages=2))


# --- auto ------------------------------------------------------------------------------------


def test_auto_reads_with_pdfium() -> None:
    agenda_ = kkrparse.parse_pdf(made("links"), ParseOptions(engine="auto"))
    assert agenda_.source.engine == "pdfium"


def test_auto_falls_back_to_pdfplumber_when_pdfium_cannot_open(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def cannot_open(data: bytes, *, max_pages: int | None = None) -> RawDocument:
        raise CannotOpenError("damaged PDF: PDFium cannot open it")

    monkeypatch.setattr(extract_pdfium, "extract_pdf", cannot_open)
    agenda_ = kkrparse.parse_pdf(made("links"), ParseOptions(engine="auto"))
    assert agenda_.source.engine == "pdfplumber"
    with pytest.raises(CannotOpenError):
        kkrparse.parse_pdf(made("links"), ParseOptions(engine="pdfium"))


# --- grouping pieces into words, without a PDF -------------------------------------------------


def piece(text: str, x0: float, x1: float, top: float = 100.0, font: str = "Carlito") -> Any:
    return (text, x0, x1, top, top + 10.0, font, 10.0, True, x0)


def test_pieces_split_at_gaps_wider_than_the_ratio_of_the_size() -> None:
    words = words_from_pieces(
        [piece("Kom", 10, 30), piece("munerne", 31.4, 60), piece("og", 61.6, 70)]
    )
    assert [w.text for w in words] == ["Kommunerne", "og"]
    assert (words[0].x0, words[0].x1) == (10, 60)


def test_pieces_split_at_spaces_fonts_and_lines() -> None:
    words = words_from_pieces(
        [
            piece("Beslutning", 10, 60, font="Carlito-Bold"),
            piece(":", 60, 62),
            piece(" ", 62, 62),
            piece("Godkendt", 64, 100),
            piece("næste", 10, 40, top=114.0),
            piece("linje", 40, 60, top=114.0),
        ]
    )
    assert [(w.text, w.bold) for w in words] == [
        ("Beslutning", True),
        (":", False),
        ("Godkendt", False),
        ("næstelinje", False),
    ]


def test_pieces_are_read_left_to_right_whatever_the_drawing_order() -> None:
    words = words_from_pieces([piece("dagsorden", 50, 90), piece("Godkendelse", 0, 45)])
    assert [w.text for w in words] == ["Godkendelse", "dagsorden"]

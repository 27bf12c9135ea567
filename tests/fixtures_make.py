"""Builders for the files the CLI tests feed in: one small agenda and one file per problem.

Everything is made in code (reportlab, pikepdf), so the tests need no files from outside.
The agenda is kept as a list of styled lines, rendered both as ``pdftotext -layout``-style
text and as a PDF, so the two inputs say the same thing.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pikepdf
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas
from typer.testing import Result

from kkrparse import Agenda, Item, Link, Meeting, ParseWarning, Section, Source

MakeFile = Callable[..., Path]  # the make_good / make_bad fixtures
RunCli = Callable[..., Result]  # the run_cli fixture

# Line styles: H bold heading, B body text, R running header, "" an empty line.
H, B, R = "H", "B", "R"
Line = tuple[str, str]


def _header(page: int) -> list[Line]:
    return [(R, "KKR Sjælland  | 21-04-2021"), (R, f"SIDE  |  {page}"), ("", "")]


AGENDA_PAGES: list[list[Line]] = [
    [
        (H, "Dagsorden"),
        (B, "KKR Sjælland"),
        ("", ""),
        (H, "Mission"),
        (B, "KL bidrager til at udvikle og fastholde et stærkt lokalt demokrati."),
    ],
    [
        *_header(2),
        (B, "1. Godkendelse af dagsorden og referat ................................ 3"),
        (B, "1.1. Godkendelse af dagsorden ............................................ 3"),
        (B, "1.2. Godkendelse af referat .............................................. 3"),
        (B, "2. Regionalpolitiske sager ............................................... 4"),
        (B, "2.1. Beslutningssag: Rammeaftale om danskuddannelse ....................... 4"),
    ],
    [
        *_header(3),
        (H, "1. Godkendelse af dagsorden og referat"),
        ("", ""),
        (H, "1.1. Godkendelse af dagsorden"),
        (B, "SAG-2020-05887 adr"),
        ("", ""),
        (H, "Baggrund"),
        (B, "Godkendelse af dagsorden."),
        ("", ""),
        (H, "Indstilling"),
        (B, "Det indstilles, at KKR Sjælland godkender dagsorden."),
        ("", ""),
        (H, "1.2. Godkendelse af referat"),
        (B, "SAG-2020-05887 adr"),
        ("", ""),
        (H, "Baggrund"),
        (B, "Referat fra møde den 1. februar 2021 blev udsendt den 5. februar 2021."),
        ("", ""),
        (H, "Indstilling"),
        (B, "Det indstilles, at KKR Sjælland godkender referat fra mødet den 1. februar"),
        (B, "2021."),
    ],
    [
        *_header(4),
        (H, "2. Regionalpolitiske sager"),
        ("", ""),
        (H, "2.1. Beslutningssag: Rammeaftale om danskuddannelse"),
        (B, "SAG-2021-01234 jebj"),
        ("", ""),
        (H, "Baggrund"),
        (B, "Kommunerne i KKR Sjælland skal indgå en ny rammeaftale om danskuddannelse"),
        (B, "for voksne udlændinge."),
        ("", ""),
        (H, "Indstilling"),
        (B, "Det indstilles, at KKR Sjælland godkender rammeaftalen."),
        ("", ""),
        (H, "Sagsfremstilling"),
        (B, "Den nuværende aftale udløber ved årets udgang. Forslaget til en ny aftale"),
        (B, "er udarbejdet af en arbejdsgruppe med deltagelse af alle 17 kommuner."),
        ("", ""),
        (H, "Vedlagte bilag:"),
        (B, "– Udkast til rammeaftale om danskuddannelse"),
    ],
]


#: The item numbers a correct parse of the agenda above finds.
def write_file(path: Path, data: bytes | str) -> Path:
    """Write ``data`` (text as UTF-8) at ``path``, making its folders; return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


AGENDA_ITEM_NUMBERS = ["1", "1.1", "1.2", "2", "2.1"]

LETTER_LINES: list[Line] = [
    (B, "Aarhus Kommune"),
    (B, "Borgerservice"),
    (B, "Rådhuspladsen 2, 8000 Aarhus C"),
    ("", ""),
    (B, "3. marts 2021"),
    ("", ""),
    (B, "Kære Anne Hansen"),
    ("", ""),
    (B, "Tak for din henvendelse om beboerparkering i Frederiksbjerg. Vi har behandlet"),
    (B, "din ansøgning, og licensen gælder fra 1. april 2021."),
    ("", ""),
    (B, "Med venlig hilsen"),
    ("", ""),
    (B, "Jens Jensen"),
    (B, "Sagsbehandler"),
]

HTML_ERROR_PAGE = """<!DOCTYPE html>
<html lang="da">
<head><title>404 Siden blev ikke fundet</title></head>
<body><h1>Siden blev ikke fundet</h1><p>Prøv igen senere.</p></body>
</html>
"""


def agenda_text() -> str:
    """The agenda as ``pdftotext -layout`` writes it: ``\\f`` between pages."""
    return "\f".join("\n".join(text for _, text in page) + "\n" for page in AGENDA_PAGES)


def _render(pages: list[list[Line]]) -> bytes:
    buf = io.BytesIO()
    # invariant: no creation date or random document id, so the bytes are reproducible.
    pdf = canvas.Canvas(buf, pagesize=A4, invariant=True)
    width, height = A4
    for page in pages:
        y = height - 60
        for style, text in page:
            if style == R:
                pdf.setFont("Helvetica", 8)
                pdf.drawRightString(width - 60, y, text)
                y -= 11
                continue
            pdf.setFont("Helvetica-Bold" if style == H else "Helvetica", 10)
            pdf.drawString(70, y, text)
            y -= 14
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


@cache
def agenda_pdf() -> bytes:
    """The agenda as a text PDF, headings in Helvetica-Bold."""
    return _render(AGENDA_PAGES)


@cache
def letter_pdf() -> bytes:
    """A readable one-page Danish letter: a PDF, but not an agenda."""
    return _render([LETTER_LINES])


@cache
def paragraph_minutes_pdf() -> bytes:
    """Minutes whose items are printed ``§ N Title``, a numbering no profile's heading rule
    reads: a meeting document in a layout the parser cannot read."""
    cover: list[Line] = [
        (H, "Referat"),
        (B, "Økonomiudvalget"),
        (B, "Mødedato: 4. december 2012"),
        (B, "Mødested: Rådhuset, mødelokale 1"),
    ]
    items = [
        [
            (H, f"§ {n} {title}"),
            (B, f"Sagsnr.: {case}"),
            ("", ""),
            (H, "Sagsfremstilling"),
            (B, "Sagen forelægges udvalget til beslutning."),
            ("", ""),
            (H, "Beslutning"),
            (B, "Godkendt."),
        ]
        for n, title, case in (
            (1, "Godkendelse af dagsorden", "2012-4411"),
            (2, "Budget 2013", "2012-17520"),
        )
    ]
    return _render([cover, *items])


@cache
def scan_pdf() -> bytes:
    """An image-only page, like a scan without OCR: grey bars where lines of text would be."""
    image = Image.new("L", (400, 560), color=255)
    for row in range(40, 520, 24):
        image.paste(90, (30, row, 370 - (row * 7) % 120, row + 10))
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4, invariant=True)
    pdf.drawImage(ImageReader(image), 60, 120, width=470, height=660)
    pdf.rect(50, 110, 490, 680, stroke=1, fill=0)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def truncated_pdf() -> bytes:
    """The agenda PDF cut at half its length, like an interrupted download."""
    data = agenda_pdf()
    return data[: len(data) // 2]


@cache
def encrypted_pdf(user: str, owner: str) -> bytes:
    """The agenda PDF encrypted. With ``user=""`` it opens without a password."""
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(agenda_pdf())) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(user=user, owner=owner))
    return out.getvalue()


# kind → (file name, the KkrParseError.reason it must fail with)
BAD_INPUTS: dict[str, tuple[str, str]] = {
    "empty": ("empty.pdf", "empty"),
    "html": ("error-page.pdf", "not_pdf"),
    "truncated": ("truncated.pdf", "damaged"),
    "user_password": ("password.pdf", "encrypted"),
    "scan": ("scan.pdf", "no_text"),
    "letter": ("letter.pdf", "not_agenda"),
    "paragraph_minutes": ("paragraf-referat.pdf", "unsupported_layout"),
}


def bad_input_bytes(kind: str) -> bytes:
    builders: dict[str, Callable[[], bytes]] = {
        "empty": lambda: b"",
        "html": lambda: HTML_ERROR_PAGE.encode("utf-8"),
        "truncated": truncated_pdf,
        "user_password": lambda: encrypted_pdf("u", "o"),
        "scan": scan_pdf,
        "letter": letter_pdf,
        "paragraph_minutes": paragraph_minutes_pdf,
    }
    return builders[kind]()


def handmade_agenda(filename: str = "dagsorden.pdf") -> Agenda:
    """An Agenda built from the models directly, for tests that must not need the pipeline."""
    sections = [
        Section(
            key="baggrund",
            heading="Baggrund",
            text="Godkendelse af dagsorden.",
            page_start=3,
            page_end=3,
        ),
        Section(
            key="indstilling",
            heading="Indstilling",
            text="Det indstilles, at KKR Sjælland godkender dagsorden.",
            page_start=3,
            page_end=3,
        ),
    ]
    return Agenda(
        source=Source(
            filename=filename, sha256="0" * 64, page_count=4, engine="text", parser_version="0.1.0"
        ),
        meeting=Meeting(body="KKR Sjælland", date="2021-04-21", document_type="dagsorden"),
        items=[
            Item(
                number="1",
                level=1,
                parent=None,
                heading="1. Godkendelse af dagsorden og referat",
                kind=None,
                title="Godkendelse af dagsorden og referat",
                page_start=3,
                page_end=3,
            ),
            Item(
                number="1.1",
                level=2,
                parent="1",
                heading="1.1. Godkendelse af dagsorden",
                kind=None,
                title="Godkendelse af dagsorden",
                case_number="SAG-2020-05887",
                page_start=3,
                page_end=3,
                sections=sections,
                recommendations=["KKR Sjælland godkender dagsorden."],
                links=[Link(url="https://www.kl.dk/", text="linket", page=3)],
            ),
            Item(
                number="2.1",
                level=2,
                parent="2",
                heading="Beslutningssag: [vigtig] aftale",
                kind="Beslutningssag",
                title="[vigtig] aftale",
                page_start=4,
                page_end=5,
            ),
        ],
        warnings=[
            ParseWarning(code="odd_page", message="page number missing", page=4),
            ParseWarning(code="text_input", message="fonts unknown in text input", severity="info"),
        ],
    )

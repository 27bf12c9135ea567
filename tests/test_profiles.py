"""The meeting-system profiles: every form against the lines it was written for, and the
choice of a profile by what a document prints."""

from __future__ import annotations

import pytest

from kkrparse import profiles
from kkrparse.profiles import PROFILES, choose

HEADINGS = [
    # (profile, line, number, title)
    ("kl", "2.3. Temadrøftelse: Sjælland baner vejen frem", "2.3", "Temadrøftelse: Sjælland baner vejen frem"),
    ("kl", "3. Udpegninger", "3", "Udpegninger"),
    ("edoc", "2.   Bygningsvedligeholdelse 2013 - anlægsbevilling", "2", "Bygningsvedligeholdelse 2013 - anlægsbevilling"),
    ("firstagenda", "Punkt 3: Godkendelse af dagsorden", "3", "Godkendelse af dagsorden"),
    ("firstagenda", "Punkt 12. Budget 2025", "12", "Budget 2025"),
    ("firstagenda", "4. Orientering fra formanden", "4", "Orientering fra formanden"),
    ("acadre", "715. Lokalplan 1203 for boliger ved Ågade", "715", "Lokalplan 1203 for boliger ved Ågade"),
    ("acadre", "1203. Budgetopfølgning", "1203", "Budgetopfølgning"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "line", "number", "title"), HEADINGS)
def test_heading_forms(name: profiles.ProfileName, line: str, number: str, title: str) -> None:
    m = PROFILES[name].heading(line)
    assert m is not None
    minor = m.groupdict().get("minor")
    assert m["major"] + (f".{minor}" if minor else "") == number
    assert m["title"] == title


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("kl", "Punkt 3: Godkendelse af dagsorden"),  # not KL's form
        ("kl", "715. Lokalplan"),  # three digits: a running number, not KL's
        ("acadre", "2024 blev et godt år"),  # a year opening a sentence has no dot
        ("firstagenda", "Punktet blev udsat"),
    ],
)
def test_heading_forms_refuse(name: profiles.ProfileName, line: str) -> None:
    assert PROFILES[name].heading(line) is None


CASES = [
    ("kl", "SAG-2020-05887 jebj", "SAG-2020-05887", "jebj"),
    ("edoc", "Sagsnr.: 2012-28504", "2012-28504", None),
    ("firstagenda", "EMN-2024-000123", "EMN-2024-000123", None),
    ("firstagenda", "Sagsnr.: SAG-2024-01234", "SAG-2024-01234", None),
    ("firstagenda", "00.01.00-A00-1-24", "00.01.00-A00-1-24", None),
    ("acadre", "Sagsnr. 24/01234", "24/01234", None),
    ("acadre", "Sagsnr.: 24/01234", "24/01234", None),
]


@pytest.mark.parametrize(("name", "line", "case", "officer"), CASES)
def test_case_lines(name: profiles.ProfileName, line: str, case: str, officer: str | None) -> None:
    m = PROFILES[name].case(line)
    assert m is not None
    assert (m["case"], m.groupdict().get("officer")) == (case, officer)


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("edoc", "2012-28504"),  # a year and a serial needs its label
        ("acadre", "24/01234"),  # so does the short scheme
        ("kl", "Sagsnr.: 2012-28504"),  # not a scheme KL prints
        ("firstagenda", "Se sag EMN-2024-000123 fra sidste møde"),  # a number in a sentence
    ],
)
def test_case_lines_refuse(name: profiles.ProfileName, line: str) -> None:
    assert PROFILES[name].case(line) is None


def test_dated_decision_labels_name_the_body_in_the_nominative_and_the_date() -> None:
    edoc = PROFILES["edoc"].decision(
        "Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 2"
    )
    assert edoc is not None
    assert (edoc["body"], edoc["date"]) == ("Sundheds- og Forebyggelsesudvalget", "04.12.2012")
    acadre = PROFILES["acadre"].decision("Beslutning i Teknik- og Miljøudvalget den 05-02-2024")
    assert acadre is not None
    assert (acadre["body"], acadre["date"]) == ("Teknik- og Miljøudvalget", "05-02-2024")
    assert PROFILES["acadre"].decision("Beslutning") is None
    assert PROFILES["kl"].decision("Byrådets beslutning den 04.12.2012") is None


def test_labels_map_to_the_schema_keys() -> None:
    edoc = PROFILES["edoc"]
    assert edoc.label("Sammendrag") == "resume"
    assert edoc.label("Økonomiske konsekvenser og finansiering") == "okonomi"
    assert edoc.label("Beslutningen træffes af") == "beslutningen_traeffes_af"
    assert edoc.label("Bilag") == "vedlagte_bilag"
    first = PROFILES["firstagenda"]
    assert first.label("Beslutningspunkter:") == "beslutningspunkter"
    assert first.label("Sagsforløb") == "sagsforloeb"
    assert first.label("Beslutninger") == "beslutning"
    assert PROFILES["kl"].label("Sammendrag") is None  # KL prints no such label


@pytest.mark.parametrize(
    ("line", "number", "title"),
    [
        ("2012-200782 - Bygningsliste og prioriteringssystem", "2012-200782", "Bygningsliste og prioriteringssystem"),
        ("2012–200292 - Notat om kronikerindsats", "2012–200292", "Notat om kronikerindsats"),
    ],
)  # fmt: skip
def test_attachment_refs(line: str, number: str, title: str) -> None:
    m = profiles.ATTACHMENT_REF.match(line)
    assert m is not None and (m["number"], m["title"]) == (number, title)
    assert profiles.ATTACHMENT_REF.match("Bygningsliste 2013 - planlagte arbejder") is None


def test_closed_titles_and_parts() -> None:
    forms = profiles.CLOSED_TITLE_FORMS
    for title in ("Lukket: Salg af grund", "Salg af grund (Lukket)", "Salg af grund - Lukket punkt"):
        m = next((f.match(title) for f in forms if f.match(title)), None)
        assert m is not None and m["title"] == "Salg af grund"
    assert not any(f.match("Lukning af skolen") for f in forms)
    assert profiles.CLOSED_PART.match("Lukket referat")
    assert profiles.OPEN_PART.match("Åbent referat")
    assert not profiles.CLOSED_PART.match("Lukket for ansøgninger")


def test_earlier_treatment_line() -> None:
    m = profiles.EARLIER_TREATMENT.match("Kommunalbestyrelsen den 30. januar 2012 Punkt 5")
    assert m is not None and (m["body"], m["date"]) == ("Kommunalbestyrelsen", "30. januar 2012")


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["KKR Sjælland | 21-04-2021", "SAG-2020-05887 jebj", "Baggrund"], "kl"),
        (["Sagsnr.: 2012-28504", "Dok.nr.: 2012-203438",
          "Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 2"], "edoc"),
        (["Punkt 1: Godkendelse af dagsorden", "EMN-2024-000123", "Beslutningspunkter"],
         "firstagenda"),
        (["Punkt nr. Titel Side", "715. Lokalplan", "Sagsnr. 24/01234",
          "Beslutning i Byrådet den 05-02-2024"], "acadre"),
        (["Indholdsfortegnelse", "1. Godkendelse af dagsorden"], "kl"),  # nothing speaks
    ],
)  # fmt: skip
def test_choose_by_printed_signatures(lines: list[str], expected: str) -> None:
    choice = choose(lines)
    assert choice.profile.name == expected
    assert choice.evidence  # a person can see why


def test_a_long_document_does_not_win_by_volume() -> None:
    """Signatures count at most SIGNATURE_CAP times: one KL case line per item in a long
    agenda does not outweigh another system's distinctive lines."""
    kl = ["SAG-2020-05887 jebj"] * 40
    edoc = ["Dok.nr.: 2012-203438"] * 3 + [
        "Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 2"
    ] * 3
    assert choose(kl + edoc).profile.name == "edoc"


def test_a_producer_naming_the_system_breaks_a_tie_and_is_shown() -> None:
    # "1. Godkendelse" with a plain case line: eDoc's and Acadre's year_serial read alike;
    # the Creator names the system, and only then does it lead.
    lines = ["Sagsnr.: 2012-28504", "Beslutning i Byrådet den 05-02-2024"]
    plain = choose(lines)
    hinted = choose(lines, producer=("Microsoft Word", "Acadre Dagsorden 7.1"))
    assert hinted.profile.name == "acadre"
    assert any("producer names it" in e and "Acadre" in e for e in hinted.evidence)
    assert plain.score < hinted.score


def test_a_producer_does_not_outweigh_printed_signatures() -> None:
    printed = ["Punkt 1: Godkendelse af dagsorden", "EMN-2024-000123"]
    assert choose(printed, producer=("eDoc 4.2",)).profile.name == "firstagenda"
    # A program that names no system adds nothing.
    assert choose(printed, producer=("Microsoft® Word 2010",)).evidence == choose(printed).evidence


def test_the_producer_fields_are_read_and_cleaned() -> None:
    from kkrparse.extract.common import producer_fields

    meta = {"Creator": "  FirstAgenda\n Publisher ", "Producer": b"iText 5", "Title": "x"}
    assert producer_fields(meta) == ("FirstAgenda Publisher", "iText 5")
    assert producer_fields(None) == () and producer_fields({"Creator": 3}) == ()
    assert producer_fields({"Creator": "A", "Producer": "A"}) == ("A",)


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_both_engines_read_the_producer(engine: str) -> None:
    from pathlib import Path

    from kkrparse import extract

    pdf = Path(__file__).resolve().parents[1] / "samples" / "kkr-sjaelland-2021-04-21-dagsorden.pdf"
    raw = extract.read_pdf(pdf.read_bytes(), engine=engine)  # type: ignore[arg-type]
    assert raw.producer == ("kkrparse samples", "ReportLab PDF Library - (opensource)")


def test_firstagenda_minutes_with_the_cover_above_the_toc() -> None:
    """FirstAgenda prints the meeting's fields above the TOC on its first page, the start
    and end as fields of their own, and a closed item as 'Lukket - Title'."""
    import kkrparse
    from pdfdoc import build_pdf

    cover = ["# REFERAT", "* Økonomiudvalget", "Mødedato: 14. marts 2023",
             "Mødested: Rådhuset, mødelokale 2", "Starttidspunkt: 16:00",
             "Sluttidspunkt: 17:30", "", "# Indholdsfortegnelse",
             "Punkt 1: Godkendelse af dagsorden ........ 2",
             "Punkt 2: Budgetopfølgning ........ 3", "Punkt 3: Lukket - Salg af grund ........ 4"]
    items = [
        ["# Punkt 1: Godkendelse af dagsorden", "EMN-2023-000123", "", "* Beslutning",
         "Godkendt.", "", "* Sagsfremstilling", "Dagsordenen forelægges til godkendelse."],
        ["# Punkt 2: Budgetopfølgning", "SAG-2023-01234", "", "* Beslutningspunkter",
         "At 1) budgetopfølgningen tages til efterretning", "", "* Sagsfremstilling",
         "Forbruget er som forventet.", "", "* Beslutning", "Taget til efterretning."],
        ["# Punkt 3: Lukket - Salg af grund", "00.01.00-A00-1-23", "", "* Beslutning",
         "Godkendt."],
    ]  # fmt: skip
    pdf = build_pdf([cover, *items], unicode_font=True, header="Økonomiudvalget - Referat",
                    page_label="Side {n}")  # fmt: skip
    agenda = kkrparse.parse_pdf(pdf)
    m = agenda.meeting
    assert agenda.source.profile == "firstagenda"
    assert (m.body, str(m.date), m.start_time, m.end_time, m.location) == (
        "Økonomiudvalget", "2023-03-14", "16:00", "17:30", "Rådhuset, mødelokale 2"
    )
    assert [(i.number, i.case_number, i.decision) for i in agenda.items] == [
        ("1", "EMN-2023-000123", "Godkendt."),
        ("2", "SAG-2023-01234", "Taget til efterretning."),
        ("3", "00.01.00-A00-1-23", "Godkendt."),
    ]
    closed = agenda.items[2]
    assert (closed.closed, closed.kind, closed.title) == (True, "Lukket", "Salg af grund")


ACADRE_MINUTES = """Referat
Teknik- og Miljøudvalget
Ordinært møde
Tirsdag den 5. marts 2024
Kl. 16.00
Rådhuset, Torvegade 1, mødelokale 3

Medlemmer
Anne Hansen (A)             Bo Jensen (V)
Fraværende
Erik Poulsen (O)
\f
Referat - Teknik- og Miljøudvalget                                   Side 2 af 4
Punkt nr.   Titel                                                         Side
714.        Godkendelse af dagsorden                                      3
715.        Lokalplan for boligområde ved Søvej                           4
\f
Referat - Teknik- og Miljøudvalget                                   Side 3 af 4
714. Godkendelse af dagsorden
Sagsnr. 24/01234

Beslutning
Godkendt.
\f
Referat - Teknik- og Miljøudvalget                                   Side 4 af 4
715. Lokalplan for boligområde ved Søvej
Sagsnr. 23/18822

Sagsfremstilling
Forvaltningen har udarbejdet forslag til lokalplan.

Beslutning i Teknik- og Miljøudvalget den 06-02-2024
Udsat.

Beslutning i Teknik- og Miljøudvalget den 05-03-2024
Godkendt.
"""


def test_acadre_minutes_as_text() -> None:
    """The year's running numbers, 'YY/N' case numbers, the time and the address on lines
    of their own under the date, and an item that came back with its earlier decision;
    from extractor text, where a decision on the same line of two short pages is no
    running line."""
    import kkrparse

    agenda = kkrparse.parse_text(ACADRE_MINUTES)
    m = agenda.meeting
    assert agenda.source.profile == "acadre"
    assert (str(m.date), m.start_time, m.location) == (
        "2024-03-05", "16:00", "Rådhuset, Torvegade 1, mødelokale 3"
    )
    assert [(i.number, i.case_number, i.decision) for i in agenda.items] == [
        ("714", "24/01234", "Godkendt."),
        ("715", "23/18822", "Godkendt."),
    ]
    history = agenda.items[1].decision_history
    assert [(str(h.date), h.body, h.text) for h in history] == [
        ("2024-02-06", "Teknik- og Miljøudvalget", "Udsat.")
    ]


def test_firstagenda_agenda_with_a_toc_of_titles_cut_short() -> None:
    """A TOC of titles without numbers under the cover's fields, one title cut short with
    '...', the item's heading wrapping onto a second line before its case number."""
    import kkrparse
    from pdfdoc import build_pdf

    cover = ["# DAGSORDEN", "* Byrådet", "Mødedato: Torsdag den 14. marts 2023",
             "Mødetidspunkt: 17:00 - 21:00", "Mødested: Byrådssalen", "",
             "# Indholdsfortegnelse", "Godkendelse af dagsorden ........ 2",
             "Budgetopfølgning pr. 28. februar 2023 for alle udvalg og ... ........ 3",
             "Salg af grund (Lukket) ........ 4"]
    items = [
        ["# 1. Godkendelse af dagsorden", "Sagsnr.: SAG-2023-01234", "", "* Indstilling",
         "Det indstilles, at dagsordenen godkendes."],
        ["# 2. Budgetopfølgning pr. 28. februar 2023 for alle udvalg og",
         "# fagområder i kommunen", "EMN-2023-000456", "", "* Resume",
         "Byrådet orienteres om budgetopfølgningen.", "", "* Sagsforløb",
         "Økonomiudvalget 1. marts 2023.", "", "* Bilag", "Budgetopfølgning februar 2023"],
        ["# 3. Salg af grund (Lukket)", "00.01.00-A00-1-23"],
    ]  # fmt: skip
    pdf = build_pdf([cover, *items], unicode_font=True,
                    header="Byrådet - Dagsorden - 14. marts 2023", page_label="Side {n} af 4")  # fmt: skip
    agenda = kkrparse.parse_pdf(pdf)
    m = agenda.meeting
    assert (m.body, str(m.date), m.start_time, m.end_time, m.location) == (
        "Byrådet", "2023-03-14", "17:00", "21:00", "Byrådssalen"
    )
    assert [e.title for e in agenda.toc] == [
        "Godkendelse af dagsorden",
        "Budgetopfølgning pr. 28. februar 2023 for alle udvalg og",
        "Salg af grund (Lukket)",
    ]
    got = [(i.number, i.title, i.case_number, i.closed) for i in agenda.items]
    assert got == [
        ("1", "Godkendelse af dagsorden", "SAG-2023-01234", False),
        ("2", "Budgetopfølgning pr. 28. februar 2023 for alle udvalg og fagområder i kommunen",
         "EMN-2023-000456", False),
        ("3", "Salg af grund", "00.01.00-A00-1-23", True),
    ]  # fmt: skip
    assert [s.key for s in agenda.items[1].sections] == ["resume", "sagsforloeb", "vedlagte_bilag"]
    assert agenda.warnings == []

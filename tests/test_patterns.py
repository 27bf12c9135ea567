"""Table-driven tests of the named rules in kkrparse.patterns: each rule, lines it must
match (with the groups it must capture) and lines it must not match."""

from __future__ import annotations

from typing import get_args

import pytest

from kkrparse.patterns import RULES, RuleName, rule

MATCHES: list[tuple[str, str, dict[str, str | None]]] = [
    ("heading", "2.3. Temadrøftelse: Sjælland baner vejen frem – Fase I og Fase",
     {"major": "2", "minor": "3", "title": "Temadrøftelse: Sjælland baner vejen frem – Fase I og Fase"}),
    ("heading", "3. Udpegninger", {"major": "3", "minor": None, "title": "Udpegninger"}),
    ("heading", "2.10. Orienteringssag: Etablering af DK2020", {"major": "2", "minor": "10"}),
    ("toc_start", "2.10. Orienteringssag: Etablering af DK2020 ........ 26", {"number": "2.10"}),
    ("toc_page", "udvalg ..................................................5", {"page": "5"}),
    ("toc_page", "2.7. Beslutningssag: Etablering af uddannelsen til maskinmester............... 20",
     {"page": "20"}),
    ("case_line", "SAG-2020-05887 jebj", {"case": "SAG-2020-05887", "officer": "jebj"}),
    ("case_line", "SAG-2020-05887", {"case": "SAG-2020-05887", "officer": None}),
    ("label", "Baggrund", {"label": "Baggrund"}),
    ("label", "Vedlagte bilag:", {"label": "Vedlagte bilag"}),
    ("label", "Vedlagte bilag;", {"label": "Vedlagte bilag"}),
    ("label", "Bilag:", {"label": "Bilag"}),
    ("label", "Beslutning:", {"label": "Beslutning"}),
    ("label_inline", "Beslutning: Godkendt.", {"label": "Beslutning"}),
    ("appendix_title", "Bilag 2.1.1: Faktaark til punkt 2.1",
     {"number": "2.1.1", "title": "Faktaark til punkt 2.1"}),
    ("appendix_title", "Bilag 3: Notat om rammeaftalen", {"number": "3"}),
    ("appendix_title", "Bilag 2.3 Høringssvar", {"number": "2.3", "title": "Høringssvar"}),
    ("bullet", "– Sundhedskoordinationsudvalget", {"bullet": "–", "text": "Sundhedskoordinationsudvalget"}),
    ("bullet", "- Også for produktionserhvervene – i alle dele af landet", {"bullet": "-"}),
    ("bullet", "• Movia", {"bullet": "•", "text": "Movia"}),
    ("numbered", "1. Adgang til erhvervs- og velfærdsuddannelser i hele landet", {"num": "1"}),
    ("numbered", "A. Realisering af Den sjællandske timemodel", {"num": "A"}),
    ("numbered", "2) Gode boliger til alle", {"num": "2"}),
    ("numbered", "b) at KKR Sjælland drøfter sagen", {"num": "b"}),
    ("bullet", "\uf0b7 Movia", {"bullet": "\uf0b7", "text": "Movia"}),
    ("date_start", "9. april 2021 og anbefaler, at", {}),
    ("date_numeric", "KKR Sjælland | 21-04-2021", {"d": "21", "m": "04", "y": "2021"}),
    ("date_iso", "Mødedato 2021-04-21", {"y": "2021", "m": "04", "d": "21"}),
    ("edge_punct", "(Bio-", {}),
    ("date_long", "Dato: 21. april 2021 kl. 10.00", {"d": "21", "month": "april", "y": "2021"}),
    ("time_range", "kl. 10.00 - 12.30", {"h1": "10", "m1": "00", "h2": "12", "m2": "30"}),
    ("time_range", "kl. 15-17 (virtuelt)", {"h1": "15", "m1": None, "h2": "17"}),
    ("cover_time", "Mødetidspunkt: 09:30 - 12:00", {"h1": "09", "m1": "30", "h2": "12", "m2": "00"}),
    ("cover_time_field", "Starttidspunkt: 16:00", {"field": "Starttidspunkt", "h1": "16"}),
    ("cover_time_field", "Sluttidspunkt: kl. 17.30", {"field": "Sluttidspunkt", "m1": "30"}),
    ("cover_time_line", "Kl. 16.00", {}),
    ("cover_address", "Rådhuset, Torvegade 1, mødelokale 3",
     {"place": "Rådhuset, Torvegade 1, mødelokale 3"}),
    ("cover_address", "Byrådssalen, Søvej 2, 8600 Silkeborg", {}),
    ("cover_time_line", "kl. 9.30 - 12.00", {}),
    ("cover_place", "Sted: Sørup Herregaard, Sørupvej 26, 4100 Ringsted",
     {"place": "Sørup Herregaard, Sørupvej 26, 4100 Ringsted"}),
    ("cover_date", "Dato: 21. april 2021 kl. 10.00 - 12.30", {"rest": "21. april 2021 kl. 10.00 - 12.30"}),
    ("present_header", "Deltagere:", {}),
    ("present_header", "Tilstede", {}),
    ("present_header", "Til stede:", {}),
    ("present_header", "Deltagerfortegnelse", {}),
    ("members_header", "Medlemmer:", {}),
    ("absent_header", "Afbud:", {}),
    ("absent_header", "Afbud/Fraværende", {}),
    ("absent_header", "Fraværende", {}),
    ("staff_header", "Sekretær", {"role": "Sekretær"}),
    ("others_header", "Øvrige deltagere:", {}),
    ("others_header", "Desuden deltog", {}),
    ("attendee", "Lolan Ottesen (A) - formand", {"name": "Lolan Ottesen"}),
    ("attendee", "Niels Hörup, formand, Solrød Kommune", {"name": "Niels Hörup"}),
    ("attendee", "Christian Ahlefeldt-Laurvig", {"name": "Christian Ahlefeldt-Laurvig"}),
    ("attendee", "Karl Vilhelm Nielsen (V)", {"name": "Karl Vilhelm Nielsen"}),
    ("attendee", "Anne K. Holm, Køge Kommune", {"name": "Anne K. Holm"}),
    ("party", "Lolan Ottesen (A) - formand", {"party": "A"}),
    ("party", "Jens Jensen (SF)", {"party": "SF"}),
    ("attendee_role", "næstformand", {}),
    ("item_absent", "Følgende deltog ikke i behandlingen af punktet:", {"rest": ""}),
    ("item_absent", "Følgende deltog ikke i behandlingen af punktet: Per Mortensen (A)",
     {"rest": "Per Mortensen (A)"}),
    ("cover_date_line", "tirsdag den 4. december 2012, kl. 13:00",
     {"date": "4. december 2012", "time": "kl. 13:00"}),
    ("cover_date_line", "21. april 2021", {"date": "21. april 2021", "time": None}),
    ("cover_place_in", "i Mødecenter C, Lokale 32 på Ballerup Rådhus",
     {"place": "Mødecenter C, Lokale 32 på Ballerup Rådhus"}),
    ("substitute", "Søren Stavnskær, Holbæk Kommune (supp. Christian Ahlefeldt-Laurvig deltog)",
     {"name": "Christian Ahlefeldt-Laurvig"}),
    ("municipality", "Solrød Kommune", {}),
    ("municipality", "Region Sjælland", {}),
    ("body", "KKR Sjælland | 21-04-2021", {"region": "Sjælland"}),
    ("council", "Sundheds- og Forebyggelsesudvalget", {}),
    ("council", "Byrådet", {}),
    ("council", "Teknisk Udvalg", {}),
    ("council", "Kommunalbestyrelsen", {}),
    ("minutes_title", "Referat", {}),
    ("kind_prefix", "Temadrøftelse: Sjælland baner vejen frem", {"kind": "Temadrøftelse"}),
    ("url", "https://www.kl.dk/politik/kkr/kkr-sjaelland/", {}),
    ("url_rest", "26427/referat-til-moede-i-kkr-sjaelland-den-1-februar-2021.pdf", {}),
    ("url_rest", "referat.pdf", {}),
    ("page_number", "SIDE | 3", {}),
    ("page_number", "Side 3 af 39", {}),
    ("page_number", "- 3 -", {}),
    ("acronym_or_number", "SOSU", {}),
    ("acronym_or_number", "DK2020", {}),
    ("acronym_or_number", "II", {}),
    ("acronym_or_number", "20", {}),
    ("meeting_word", "Åbent referat", {"word": "referat"}),
    ("meeting_word", "Afbud/Fraværende", {"word": "Afbud"}),
    ("meeting_word", "Til stede:", {"word": "Til stede"}),
    ("colophon", "ISBN 978-87-7909-000-0", {}),
    ("colophon", "© KL 2012", {}),
    ("letter", "Kære borgmester og udvalgsformand", {}),
    ("letter", "Med venlig hilsen", {}),
    ("mail_header", "Subject: Nyt", {}),
    ("mail_header", "Fra: Servicedesk", {}),
    ("case_marker", "Sagsnr.: 2011-29298", {}),
    ("case_marker", "SAG-2020-05887 jebj", {}),
    ("case_marker", "Sagsnr. 12/34567", {}),
    ("case_marker", "EMN-2021-012345", {}),
    ("section_marker", "Beslutninger", {}),
    ("section_marker", "Økonomi:", {}),
    ("section_marker", "Resumé", {}),
    ("punkt_heading", "Punkt 12: Budget", {}),
]  # fmt: skip

NON_MATCHES: list[tuple[str, str]] = [
    ("heading", "2021. Det indstilles"),  # a wrapped year, not an item number
    ("heading", "SAG-2020-05887 adr"),
    ("toc_page", "Der er indkommet materiale fra 10"),  # a number ending a sentence
    ("case_line", "Sagen indledes af medlem af Kultur-, Erhverv- og Planudvalget"),
    ("label", "Baggrund for sagen er, at"),  # a sentence starting with a label word
    ("label", "Vedlagte bilag med fremskrivning"),
    ("label", "Bilag."),  # a sentence's last word wrapped onto its own line
    ("label_inline", "Beslutning:"),  # nothing after the label: a whole-line label
    ("url_rest", "Blandt"),  # a sentence going on after a URL that ends a line
    ("url_rest", "dk."),
    ("appendix_title", "Bilag:"),  # a section label, not an attachment's title
    ("appendix_title", "Bilag 2 viser fordelingen"),  # a sentence
    ("label_inline", "Baggrund for sagen: se bilag"),
    ("bullet", "-eller ligger som en forudsætning"),  # no space after the dash
    ("numbered", "2021. Det"),
    ("numbered", "f. eks. i form af"),  # a lower-case letter needs a bracket
    ("numbered", "At 1) budgetopfølgningen tages til efterretning"),  # a paragraph of its own
    ("date_start", "9. Adgang til hurtigt internet"),
    ("kind_prefix", "Sjælland baner vejen frem – Fase I"),
    ("kind_prefix", "Erhvervshus Sjælland: status"),  # two words before the colon
    ("page_number", "KKR Sjælland | 21-04-2021"),
    ("acronym_or_number", "Sjæl"),
    ("municipality", "formand"),
    ("present_header", "Deltagerne drøftede sagen"),  # a sentence, not a heading
    ("members_header", "Medlemmer af udvalget"),
    ("absent_header", "Afbud fra borgmesteren blev meddelt"),
    ("staff_header", "Sekretæren orienterede"),
    ("others_header", "Øvrige punkter"),
    # KL's mission text on KKR covers, and the cover's other lines, are not people.
    ("attendee", "KL bidrager til at udvikle og fastholde et stærkt lokalt"),
    ("attendee", "Mission"),
    ("attendee", "Åbent referat"),
    ("attendee", "Dato: 04.12.2012"),
    ("attendee", "KKR Midtjylland"),
    ("party", "Lolan Ottesen (formand)"),
    ("party", "(supp. Lise Lund deltog)"),
    ("attendee_role", "Solrød Kommune"),
    ("item_absent", "Følgende deltog i behandlingen af punktet:"),
    ("cover_date_line", "Dato: 21. april 2021"),  # a labelled line: cover_date reads it
    ("cover_date_line", "4. december 2012 godkendte udvalget planen"),
    ("cover_place_in", "i øvrigt henvises til bilag"),
    ("council", "KKR Sjælland"),
    ("council", "Sagen forelægges for udvalget"),
    ("meeting_word", "OS2dagsorden"),  # a product name
    ("meeting_word", "Dagsordenssamleren"),  # a longer word
    ("colophon", "Isbjørn"),
    ("mail_header", "Tilstede"),
    ("case_marker", "Sagsfremstilling"),
    ("section_marker", "Beslutningen træffes af Kommunalbestyrelsen"),
    ("punkt_heading", "Punktet blev udsat"),
    ("cover_time_field", "Starttidspunkt for projektet: 2024"),
    ("cover_time_line", "Kl. 16.00 mødes udvalget på rådhuset"),
    ("cover_address", "Mødested: Rådhuset"),  # a labelled line: cover_place reads it
    ("cover_address", "Ordinært møde"),
]


@pytest.mark.parametrize(("name", "line", "groups"), MATCHES)
def test_rule_matches(name: str, line: str, groups: dict[str, str | None]) -> None:
    m = rule(name).search(line)
    assert m, f"{name} should match {line!r}"
    for group, value in groups.items():
        assert m.group(group) == value


@pytest.mark.parametrize(("name", "line"), NON_MATCHES)
def test_rule_does_not_match(name: str, line: str) -> None:
    pattern = rule(name)
    assert not (pattern.match(line) if name != "body" else pattern.search(line))


def test_every_rule_is_tested() -> None:
    tested = {name for name, _, _ in MATCHES}
    untested = set(RULES) - tested
    assert not untested, f"rules without a table entry: {sorted(untested)}"


def test_the_rule_names_type_names_every_rule() -> None:
    """``rule()`` takes a ``RuleName``, so the type must list exactly the table's rules."""
    assert list(get_args(RuleName)) == list(RULES)

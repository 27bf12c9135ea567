"""Every Danish text pattern kkrparse uses, once, by name.

Each rule has a comment with a real line it was written for (from KL's agenda for KKR
Sjælland, 21-04-2021, unless said otherwise). ``tests/test_patterns.py`` runs a table of
matching and non-matching lines against each rule. Patterns decide what a line *could*
be; the stages decide what it *is* from position, font and the table of contents.
"""

from __future__ import annotations

from typing import Final, Literal

import regex

_F = regex.VERSION1 | regex.UNICODE

MONTHS: Final[dict[str, int]] = {
    "januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6,
    "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip
_MONTH_ALT = "|".join(MONTHS)

#: Conjunctions after which a line-end hyphen marks a suspended compound, kept with its
#: space: "bygge-" / "og anlægsområdet", "erhvervs-" / "eller".
SUSPENSION_WORDS: Final[frozenset[str]] = frozenset({"og", "eller", "samt", "til"})

#: The name of every rule, so that a misspelt name fails type-checking, not a run.
RuleName = Literal[
    "heading",
    "toc_start",
    "toc_page",
    "case_line",
    "label",
    "appendix_title",
    "label_inline",
    "bullet",
    "numbered",
    "date_start",
    "date_numeric",
    "date_long",
    "date_iso",
    "cover_date",
    "time_range",
    "cover_time",
    "cover_time_field",
    "cover_time_line",
    "cover_place",
    "present_header",
    "members_header",
    "absent_header",
    "staff_header",
    "others_header",
    "attendee",
    "party",
    "attendee_role",
    "item_absent",
    "cover_date_line",
    "cover_place_in",
    "cover_address",
    "substitute",
    "municipality",
    "body",
    "council",
    "minutes_title",
    "kind_prefix",
    "url",
    "url_rest",
    "page_number",
    "acronym_or_number",
    "edge_punct",
    "meeting_word",
    "colophon",
    "letter",
    "mail_header",
    "case_marker",
    "section_marker",
    "punkt_heading",
]

RULES: Final[dict[RuleName, regex.Pattern[str]]] = {
    # "2.3. Temadrøftelse: Sjælland baner vejen frem – Fase I og Fase"   "3. Udpegninger"
    "heading": regex.compile(
        r"^(?P<major>\d{1,2})\.(?:(?P<minor>\d{1,2})\.?)?\s+(?P<title>\S.*)$", _F
    ),
    # "2.10. Orienteringssag: Etablering af DK2020 - status på fase 1 ........ 26"
    "toc_start": regex.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,2})?)\.?\s+(?P<rest>\S.*)$", _F),
    # "udvalg .............................................5"  (dot leaders, then the page)
    # Searched from the line's end ((?r)): the match is anchored there, and a forward search
    # retries the leaders from every dot of a line that does not end in a page number,
    # quadratic in the leader's length (a TOC of thousands of such lines took seconds).
    "toc_page": regex.compile(r"(?r)(?:\s*(?:\.\s?){3,}|\s*…+)\s*(?P<page>\d{1,3})\s*$", _F),
    # "SAG-2020-05887 jebj"
    "case_line": regex.compile(
        r"^(?:Sags?nr\.?:?\s*)?(?P<case>SAG-\d{4}-\d{3,6})(?:\s+(?P<officer>[\p{Ll}]{2,8}))?\s*$",
        _F,
    ),
    # "Baggrund"   "Vedlagte bilag:"   "Vedlagte bilag;"   "Bilag:"   "Beslutning:"   "BILAG"
    # (a capital first letter is checked by the segment stage: "bilag." ends a sentence)
    "label": regex.compile(
        r"^(?P<label>Baggrund|Indstilling|Sagsfremstilling|Beslutning|Vedlagte\s+bilag|Bilag)"
        r"\s*[:;]?$",
        _F | regex.IGNORECASE,
    ),
    # "Bilag 2.1.1: Faktaark til punkt 2.1"   "Bilag 3: Notat om rammeaftalen"
    # (the title an attachment gets when a meeting system appends it to the agenda; a
    # single number needs a colon or dash: "Bilag 2 viser fordelingen" is a sentence)
    "appendix_title": regex.compile(
        r"^Bilag\s+(?:(?P<number>\d{1,2}(?:\.\d{1,2}){1,3})\.?\s*[:\-–]?"
        r"|(?P<number>\d{1,2})\.?\s*[:\-–])\s+(?P<title>\S.*)$",
        _F,
    ),
    # "Beslutning: Godkendt."  (a label with its text on the same line)
    "label_inline": regex.compile(
        r"^(?P<label>Baggrund|Indstilling|Sagsfremstilling|Beslutning|Vedlagte\s+bilag|Bilag)"
        r"\s*[:;](?=\s+\S)",
        _F | regex.IGNORECASE,
    ),
    # "– Sundhedskoordinationsudvalget"   "- Også for produktionserhvervene"   "• …"
    # Word draws list bullets in Symbol/Wingdings, whose glyphs extract as private-use
    # characters: U+F0B7 (Symbol bullet), U+F0A7 (Wingdings square), U+F02D (Symbol dash).
    "bullet": regex.compile(
        r"^(?P<bullet>[–—\-•▪◦●·∙\uf0b7\uf0a7\uf02d\uf076\uf0d8])\s+(?P<text>\S.*)$", _F
    ),
    # "1. Adgang til erhvervs- og velfærdsuddannelser"   "A. Realisering af Den sjællandske …"
    # "1) Adgang til …"   "a) at KKR Sjælland …"   (FirstAgenda's "At 1) …" points are
    # paragraphs of their own: profiles.AT_POINT)
    "numbered": regex.compile(
        r"^(?:(?P<num>\d{1,2}|[A-Z])[.)]|(?P<num>[a-z])\))\s+(?P<text>\S.*)$", _F
    ),
    # A numbered-looking line that is a wrapped date: "9. april 2021 og anbefaler …"
    "date_start": regex.compile(rf"^\d{{1,2}}\.\s+(?:{_MONTH_ALT})\b", _F | regex.IGNORECASE),
    # "21-04-2021"   "21.04.2021"
    "date_numeric": regex.compile(r"\b(?P<d>\d{1,2})[-./](?P<m>\d{1,2})[-./](?P<y>\d{4})\b", _F),
    # "21. april 2021"
    "date_long": regex.compile(
        rf"\b(?P<d>\d{{1,2}})\.\s*(?P<month>{_MONTH_ALT})\s+(?P<y>\d{{4}})\b",
        _F | regex.IGNORECASE,
    ),
    # "2021-04-21"
    "date_iso": regex.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b", _F),
    # "Dato: 21. april 2021 kl. 10.00 - 12.30"  (minutes' cover)
    "cover_date": regex.compile(r"^(?:Dato|Mødedato)\s*:\s*(?P<rest>.+)$", _F | regex.IGNORECASE),
    # "kl. 10.00 - 12.30"   "kl. 9.30-12.30"   "kl. 15-17"
    "time_range": regex.compile(
        r"\bkl\.?\s*(?P<h1>\d{1,2})(?:[.:](?P<m1>\d{2}))?"
        r"(?:\s*[-–]\s*(?:kl\.?\s*)?(?P<h2>\d{1,2})(?:[.:](?P<m2>\d{2}))?)?",
        _F | regex.IGNORECASE,
    ),
    # "Mødetidspunkt: 09:30 - 12:00"  (a cover's own time line, no "kl." needed)
    "cover_time": regex.compile(
        r"^(?:Tid|Tidspunkt|Mødetidspunkt|Klokkeslæt)\s*:\s*(?:kl\.?\s*)?"
        r"(?P<h1>\d{1,2})[.:](?P<m1>\d{2})(?:\s*[-–]\s*(?P<h2>\d{1,2})[.:](?P<m2>\d{2}))?",
        _F | regex.IGNORECASE,
    ),
    # "Starttidspunkt: 16:00"   "Sluttidspunkt: 17.30"  (FirstAgenda's cover fields: the
    # field's name says whether it is the start or the end)
    "cover_time_field": regex.compile(
        r"^(?P<field>Starttidspunkt|Mødestart|Sluttidspunkt|Mødeslut)\s*:\s*(?:kl\.?\s*)?"
        r"(?P<h1>\d{1,2})[.:](?P<m1>\d{2})\s*$",
        _F | regex.IGNORECASE,
    ),
    # "Kl. 16.00"   "kl. 9.30 - 12.00"  (a cover's time on a line of its own: Acadre)
    "cover_time_line": regex.compile(
        r"^(?:Kl\.?|Klokken)\s*\d{1,2}[.:]\d{2}(?:\s*[-–]\s*\d{1,2}[.:]\d{2})?\s*$",
        _F | regex.IGNORECASE,
    ),
    # "Sted: Sørup Herregaard, Sørupvej 26, 4100 Ringsted"
    "cover_place": regex.compile(r"^(?:Sted|Mødested)\s*:\s*(?P<place>.+)$", _F | regex.IGNORECASE),
    # "Deltagere:"   "Til stede:"   "Tilstede"  (Ballerup, 2012)   "Deltagerfortegnelse"
    "present_header": regex.compile(
        r"^(?:Deltagere|Deltagerfortegnelse|Mødedeltagere|Til\s*stede|Tilstedeværende)\s*:?\s*$",
        _F | regex.IGNORECASE,
    ),
    # "Medlemmer:"  (the members: in an agenda, who is invited; in minutes, who came)
    "members_header": regex.compile(
        r"^(?:Medlemmer|Udvalgets\s+medlemmer)\s*:?\s*$", _F | regex.IGNORECASE
    ),
    # "Afbud:"   "Fraværende:"   "Afbud/Fraværende"  (Ballerup, 2012)
    "absent_header": regex.compile(
        r"^(?:Afbud|Fraværende)(?:\s*/\s*(?:Afbud|Fraværende)|\s+med\s+afbud)?\s*:?\s*$",
        _F | regex.IGNORECASE,
    ),
    # "Sekretær"  (Ballerup, 2012: the committee's secretary, a municipal employee)
    # "Referent:"  — the heading names the role of the people under it
    "staff_header": regex.compile(
        r"^(?P<role>Sekretær|Mødesekretær|Udvalgssekretær|Referent)\s*:?\s*$",
        _F | regex.IGNORECASE,
    ),
    # "Øvrige deltagere:"   "Desuden deltog:"  (staff and guests, not members)
    "others_header": regex.compile(
        r"^(?:Øvrige\s+deltagere|Andre\s+deltagere|(?:Desuden|Endvidere|Derudover)\s+deltog"
        r"|Fra\s+administrationen(?:\s+deltog)?)\s*:?\s*$",
        _F | regex.IGNORECASE,
    ),
    # A participant entry starts with a person's name, two to seven capitalised words
    # (initials and "af", "von", "de" allowed inside), then the end, a comma, a bracket or
    # a spaced dash: "Lolan Ottesen (A) - formand" (Ballerup, 2012)   "Niels Hörup, formand,
    # Solrød Kommune". Cover boilerplate ("KL bidrager til at udvikle …", "Mission") is not.
    "attendee": regex.compile(
        r"^(?P<name>(?:\p{Lu}\p{Ll}[\p{L}'’-]*|\p{Lu}\.)"
        r"(?:\s+(?:\p{Lu}\p{Ll}[\p{L}'’-]*|\p{Lu}\.|af|von|van|de|du|la|le|zu)){0,5}"
        r"\s+\p{Lu}\p{Ll}[\p{L}'’-]*)\s*(?=$|[,(]|[-–]\s)",
        _F,
    ),
    # A party's letters in brackets after the name: "Lolan Ottesen (A) - formand" → "A"
    # (Ballerup, 2012)   "Jens Jensen (SF)"
    "party": regex.compile(r"\(\s*(?P<party>\p{Lu}{1,3})\s*\)", _F),
    # A role printed in a column of its own or after the name: "formand"   "næstformand"
    # "Borgmester"   "sekretær"
    "attendee_role": regex.compile(
        r"^(?:(?:næst)?formand|medlem|borgmester|rådmand|sekretær|referent|(?:\w+)?direktør"
        r"|(?:\w+)?chef|konsulent|(?:\w+)?koordinator)$",
        _F | regex.IGNORECASE,
    ),
    # "Følgende deltog ikke i behandlingen af punktet:"  (eDoc minutes, Ballerup 2012: the
    # label under each item; the names of who did not take part follow it)
    "item_absent": regex.compile(
        r"^Følgende\s+deltog\s+ikke\s+i\s+behandlingen\s+af\s+(?:punktet|sagen)\s*:?\s*"
        r"(?P<rest>.*)$",
        _F | regex.IGNORECASE,
    ),
    # A cover's date line without a label, the weekday and time around it:
    # "tirsdag den 4. december 2012, kl. 13:00"  (Ballerup, 2012)   "21. april 2021"
    "cover_date_line": regex.compile(
        r"^(?:(?:man|tirs|ons|tors|fre|lør|søn)dag\s*,?\s+)?(?:den\s+)?"
        rf"(?P<date>\d{{1,2}}\.\s*(?:{_MONTH_ALT})\s+\d{{4}}|\d{{1,2}}[-./]\d{{1,2}}[-./]\d{{4}})"
        r"(?:\s*,?\s*(?P<time>kl\.?\s*\d{1,2}(?:[.:]\d{2})?"
        r"(?:\s*[-–]\s*(?:kl\.?\s*)?\d{1,2}(?:[.:]\d{2})?)?))?\s*\.?$",
        _F | regex.IGNORECASE,
    ),
    # The place printed under the date line, with its preposition:
    # "i Mødecenter C, Lokale 32 på Ballerup Rådhus"  (Ballerup, 2012)
    "cover_place_in": regex.compile(r"^(?:i|på)\s+(?P<place>\p{Lu}.*\S)\s*$", _F),
    # "Rådhuset, Torvegade 1, mødelokale 3"   "Byrådssalen, Søvej 2, 8600 Silkeborg"  (an
    # address on its own line under the cover's date or time: Acadre). An address names a
    # town hall, a meeting room, a street with its number or a postcode; no label, no colon.
    "cover_address": regex.compile(
        r"^(?P<place>(?=[^:]*(?:\b(?:Rådhus|Byrådssal|Mødelokale|Møderum|Mødesal)\w*"
        r"|\p{L}(?:vej|gade|torv|plads|allé|stræde)\s+\d|\b\d{4}\s+\p{Lu}))\p{Lu}[^:]*\S)\s*$",
        _F | regex.IGNORECASE,
    ),
    # "Søren Stavnskær, Holbæk Kommune (supp. Christian Ahlefeldt-Laurvig deltog)"
    "substitute": regex.compile(
        r"\(\s*(?:supp|suppl|suppleant)\.?\s+(?P<name>[^()]+?)\s+deltog\s*\)",
        _F | regex.IGNORECASE,
    ),
    # "Solrød Kommune"   "Region Sjælland"   "Københavns Kommune"
    "municipality": regex.compile(r"^(?:\S.*\s)?(?:Kommune|Region\s+\S+)$|^Region\s", _F),
    # "KKR Sjælland  | 21-04-2021"  → body "KKR Sjælland"
    "body": regex.compile(r"\bKKR\s+(?P<region>\p{Lu}[\p{Ll}]+)", _F),
    # A council or committee named on its own line, capitalised words joined by "og", the
    # last one a council's word: "Sundheds- og Forebyggelsesudvalget" (Ballerup, 2012)
    # "Byrådet"   "Kommunalbestyrelsen"   "Social-, Sundheds- og Ældreudvalget"
    # "Teknisk Udvalg"  (a FirstAgenda cover)
    "council": regex.compile(
        r"^\p{Lu}[\p{L}-]*,?(?:\s+(?:og|\p{Lu}[\p{L}-]*,?)){0,5}"
        r"(?<=udvalg|udvalget|Udvalg|råd|rådet|bestyrelse|bestyrelsen|nævn|nævnet|komité|komitéen"
        r"|forum|repræsentantskab|repræsentantskabet)$",
        _F,
    ),
    # Cover title of minutes: "Referat"   "REFERAT"
    "minutes_title": regex.compile(r"\breferat\b", _F | regex.IGNORECASE),
    # "Temadrøftelse: Sjælland baner vejen frem"  (one word, then ": ")
    "kind_prefix": regex.compile(r"^(?P<kind>\p{Lu}[\p{L}-]*):\s+(?P<title>\S.*)$", _F),
    # "https://www.kl.dk/politik/kkr/kkr-sjaelland/"   "www.kl.dk"
    "url": regex.compile(r"(?:https?://|www\.)\S+", _F | regex.IGNORECASE),
    # "26427/referat-til-moede.pdf"   "politik/kkr/"   (what a URL wrapped after "/" goes on
    # with: a path that has a slash or a file suffix of its own, not a sentence's next word)
    "url_rest": regex.compile(
        r"^[\w.~%+=&?#-]*(?:/|\.(?:pdf|html?|aspx?|php|docx?|xlsx?|pptx?)\b)\S*$",
        _F | regex.IGNORECASE,
    ),
    # Normalised running header/footer text that is only a page number:
    # "SIDE  |  3"  "Side 3 af 39"  "3"  "- 3 -"
    "page_number": regex.compile(
        r"^(?:[-–]\s*)?(?:side\s*\|?\s*)?\d{1,4}(?:\s*(?:af|/|of)\s*\d{1,4})?(?:\s*[-–])?$",
        _F | regex.IGNORECASE,
    ),
    # The part of a word that decides if a line-end hyphen is real: an acronym or number,
    # "SOSU", "COVID", "IT", "II", "DK2020", "20"
    "acronym_or_number": regex.compile(r"^(?:[\p{Lu}\d]{2,}|\d+)$", _F),
    # Punctuation around a word, ignored when a word is compared: "(Bio-"  "”Danmark"
    "edge_punct": regex.compile(
        r"^[\p{Ps}\p{Pi}\p{Pf}\"'„“”‘’]+|[\p{Pe}\p{Pi}\p{Pf}\"'„“”‘’.,;:!?]+$", _F
    ),
    # The classify stage's evidence (``classify.py``): what meeting documents print and
    # other documents do not, and the reverse. Wider than the rules above on purpose: they
    # read KL's layout, these recognise any meeting system's.
    # "Dagsorden"  "Åbent referat"  "Mødedato: 21-04-2021"  "Afbud/Fraværende"  (eDoc,
    # Ballerup 04.12.2012)  "Beslutningsprotokol"; not "OS2dagsorden" (a product name)
    "meeting_word": regex.compile(
        r"(?<![\p{L}\d])(?P<word>dagsorden|referat|beslutningsprotokol|mødedato|mødested"
        r"|mødetidspunkt|mødelokale|tilstede|til\s+stede|afbud|fraværende|deltagere"
        r"|deltagerfortegnelse|mødedeltagere)(?![\p{L}\d])",
        _F | regex.IGNORECASE,
    ),
    # "ISBN 978-87-7909-xxx-x"  "© KL 2012"  (KL's report "Det nære sundhedsvæsen")
    "colophon": regex.compile(
        r"(?<![\p{L}\d])(?:ISBN|ISSN)(?![\p{L}])|^©|^Copyright\b", _F | regex.IGNORECASE
    ),
    # "Kære borgmester og udvalgsformand"  "Med venlig hilsen"  (KKR Hovedstaden's invitation)
    "letter": regex.compile(
        r"^(?:Kære\s+\p{L}|Med\s+venlig\s+hilsen|Venlig\s+hilsen)", _F | regex.IGNORECASE
    ),
    # "From: …"  "Sent: …"  "Subject: …"  "Fra: …"  "Emne: …"  (a printed e-mail, Middelfart)
    "mail_header": regex.compile(
        r"^(?:From|Sent|To|Subject|Cc|Fra|Sendt|Til|Emne)\s*:", _F | regex.IGNORECASE
    ),
    # "Sagsnr.: 2011-29298" (eDoc)  "SAG-2020-05887 jebj" (KL)  "Sagsnr. 12/34567" (Acadre)
    # "EMN-2021-012345" (FirstAgenda)
    "case_marker": regex.compile(
        r"^(?:Sags?\s*n(?:umme)?r\.?\s*:?\s*\S|Sag\s*:\s*\S|(?:SAG|EMN)-\d{4}-\d{3,6}\b)",
        _F | regex.IGNORECASE,
    ),
    # "Sagsfremstilling"  "Indstilling"  "Beslutning"  "Bilag"  "Økonomi"  "Resumé" (a
    # label on a line of its own, as any meeting system prints it)
    "section_marker": regex.compile(
        r"^(?:Sagsfremstilling|Indstilling|Beslutning(?:er)?|Bilag|Vedlagte\s+bilag|Baggrund"
        r"|Resume|Resumé|Sammendrag|Økonomi|Beslutningspunkter|Sagsforløb)\s*[:;]?$",
        _F | regex.IGNORECASE,
    ),
    # "Punkt 3: Godkendelse af dagsorden"  (FirstAgenda)
    "punkt_heading": regex.compile(r"^Punkt\s+\d{1,4}\s*[:.]\s*\S", _F | regex.IGNORECASE),
}


def rule(name: RuleName) -> regex.Pattern[str]:
    """The compiled rule called ``name`` (a misspelt name is a type error)."""
    return RULES[name]

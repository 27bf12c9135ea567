"""How each meeting system prints: one table per system, read by the one pipeline.

A :class:`Profile` is data: the forms of an item heading and a TOC entry, how item numbers
run, the case- and document-number lines under a heading, the section labels and the key
each maps to, the dated decision labels, how a closed item is marked, the lettered
sub-points and the registry numbers of attachments. The stages (``toc.py``,
``segment.py``, ``build.py``, ``meeting.py``) ask the active profile; none of them knows a
system by name.

The profile is chosen by what the document prints (:func:`choose`): each profile lists
signatures, lines only its system prints, with a weight; the profile whose signatures weigh
most wins, and KL's is the default when nothing speaks for another. The signatures found
are kept as evidence (``source.profile_evidence``).

Every pattern has a real line it was written for (the eDoc lines are from Ballerup's
Sundheds- og Forebyggelsesudvalget, 04.12.2012; the others from the forms the systems
print, as described in the README's "Meeting systems").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final, Literal

import regex

from kkrparse.models import SectionKey

_F = regex.VERSION1 | regex.UNICODE
_I = _F | regex.IGNORECASE

ProfileName = Literal["kl", "edoc", "firstagenda", "acadre"]

_MONTHS = (
    "januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december"
)
#: A printed date: "04.12.2012"  "05-02-2024"  "4. december 2012"
DATE: Final = rf"\d{{1,2}}[-./]\d{{1,2}}[-./]\d{{4}}|\d{{1,2}}\.\s*(?:{_MONTHS})\s+\d{{4}}"

# -- item headings and TOC entries --------------------------------------------------------
# Each heading form has the groups major, minor (optional) and title; each TOC form number
# and rest.
HEADING_FORMS: Final[dict[str, regex.Pattern[str]]] = {
    # "2.3. Temadrøftelse: Sjælland baner vejen frem"   "3. Udpegninger"   (KL, eDoc)
    "number_dot": regex.compile(
        r"^(?P<major>\d{1,2})\.(?:(?P<minor>\d{1,2})\.?)?\s+(?P<title>\S.*)$", _F
    ),
    # "Punkt 3: Godkendelse af dagsorden"   (FirstAgenda)
    "punkt": regex.compile(r"^Punkt\s+(?P<major>\d{1,4})\s*[:.]\s*(?P<title>\S.*)$", _I),
    # "715. Lokalplan 1203 for boliger ved Ågade"   (Acadre: the year's running number)
    "running_number": regex.compile(r"^(?P<major>\d{1,4})\.\s+(?P<title>\S.*)$", _F),
}
TOC_FORMS: Final[dict[str, regex.Pattern[str]]] = {
    # "2.10. Orienteringssag: Etablering af DK2020 - status på fase 1 ........ 26"
    "number_dot": regex.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,2})?)\.?\s+(?P<rest>\S.*)$", _F),
    # "Punkt 3: Godkendelse af dagsorden ........ 4"
    "punkt": regex.compile(r"^Punkt\s+(?P<number>\d{1,4})\s*[:.]\s*(?P<rest>\S.*)$", _I),
    # "715 Lokalplan 1203 for boliger ved Ågade    3"   "716. Budgetopfølgning …  5"
    "running_number": regex.compile(r"^(?P<number>\d{1,4})\.?\s+(?P<rest>\S.*)$", _F),
}
#: Any form of any profile: the layout stage's test for "a page with an item heading on it"
#: runs before a profile is chosen.
#: A TOC's title or column heads, not an entry: "Indholdsfortegnelse"  "Punkt nr. Titel Side"
#: (Acadre)  "Dagsordenpunkter"
TOC_HEAD: Final = regex.compile(
    r"^(?:Indhold(?:sfortegnelse)?|Dagsorden(?:punkter)?|Punkt\s*nr\.?|Punkt|Titel|Side|Nr\.?)"
    r"(?:\s+(?:Titel|Side|Emne|Sag|Punkt))*\s*:?\s*$",
    regex.IGNORECASE,
)
#: A TOC's own title, which no cover prints ("Dagsorden" alone may be the document type):
#: "Indholdsfortegnelse"  "Indhold"  "Punkt nr.  Titel  Side"  "Dagsordenpunkter"
TOC_TITLE: Final = regex.compile(
    r"^(?:Indhold(?:sfortegnelse)?|Dagsordenpunkter|Punkt\s*nr\.?(?:\s+\S+)*)\s*:?\s*$",
    regex.IGNORECASE,
)
ANY_HEADING: Final = regex.compile(
    "|".join(f"(?:{p.pattern})" for p in HEADING_FORMS.values()), _I
)

# -- case and document numbers ------------------------------------------------------------
#: The label before a case number: "Sagsnr.:"  "Sags nr."  "Sagsnummer:"  "Sag:"  "Sags-id:"
CASE_LABEL: Final = r"(?:Sags?\s*n(?:umme)?r\.?|Sags?-?id|Sag)\s*:?\s*"
#: The start of a KLE-style case number (``00.01.00-A00-1-21``), for a profile's signature.
_KLE_START: Final = r"\d{2}\.\d{2}\.\d{2}-\p{Lu}\d{2}-"
CASE_SCHEMES: Final[dict[str, str]] = {
    # "SAG-2020-05887"   (KL's, and some FirstAgenda municipalities')
    "sag": r"SAG-\d{4}-\d{3,7}",
    # "EMN-2024-000123"   (FirstAgenda)
    "emn": r"EMN-\d{4}-\d{3,7}",
    # "00.01.00-A00-1-24"   (a KLE journal number: subject, facet, serial, year)
    "kle": r"\d{2}\.\d{2}\.\d{2}-[\p{Lu}]\d{2}-\d{1,6}-\d{2}",
    # "2011-29298"   (eDoc, after "Sagsnr.:")
    "year_serial": r"\d{4}-\d{3,7}",
    # "24/01234"   (Acadre, after "Sagsnr.")
    "short": r"\d{2}/\d{3,7}",
}
#: Schemes distinctive enough to stand on a line without a label; the others need one (a
#: year and a serial is also a phone number, an amount, a range of years).
UNLABELLED_SCHEMES: Final = frozenset({"sag", "emn", "kle"})
#: "Dok.nr.: 2012-203438"  "Dokumentnr.: 2012-203438"   (eDoc)
DOCUMENT_LINE: Final = regex.compile(
    r"^Dok(?:ument)?\.?\s*n(?:umme)?r\.?\s*:?\s*(?P<document>\d{4}[-–]\d{3,7}|\S+)\s*$", _I
)

# -- decisions ----------------------------------------------------------------------------
DECISION_FORMS: Final[dict[str, regex.Pattern[str]]] = {
    # "Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 2"   (eDoc: the
    # body in the genitive; the group leaves its "s" out)
    "genitive_dated": regex.compile(
        rf"^(?P<body>\p{{Lu}}.*?[^\s-])s\s+beslutning\s+(?:den\s+)?(?P<date>{DATE})"
        r"(?:\s+Punkt\s+\d{1,4})?\s*:?\s*$",
        _F,
    ),
    # "Beslutning i Teknik- og Miljøudvalget den 05-02-2024"   (Acadre, FirstAgenda)
    "dated": regex.compile(
        rf"^Beslutning(?:er)?\s+(?:i|fra)\s+(?P<body>\p{{Lu}}.*?)\s+den\s+(?P<date>{DATE})"
        r"\s*:?\s*$",
        _F,
    ),
}
#: A line under a heading naming an earlier treatment of the case, with no decision text:
#: "Kommunalbestyrelsen den 30. januar 2012 Punkt 5"   (eDoc)
EARLIER_TREATMENT: Final = regex.compile(
    rf"^(?P<body>\p{{Lu}}[\p{{L}}\s-]*?)\s+den\s+(?P<date>{DATE})\s+Punkt\s+\d{{1,4}}\s*$", _F
)

# -- closed items -------------------------------------------------------------------------
CLOSED_TITLE_FORMS: Final[tuple[regex.Pattern[str], ...]] = (
    # "Lukket: Salg af grund"   "Lukket punkt: Personalesag"   (FirstAgenda)
    # "Lukket - Salg af grund"   "LUKKET – Personalesag"
    regex.compile(r"^Lukket(?:\s+punkt)?\s*(?::|\s[-–])\s*(?P<title>\S.*)$", _I),
    # "Salg af grund (Lukket)"   "Køb af ejendom - Lukket punkt"
    regex.compile(r"^(?P<title>\S.*?)\s*\((?:Lukket|Lukket\s+punkt)\)$", _I),
    regex.compile(r"^(?P<title>\S.*?)\s+[-–]\s+Lukket(?:\s+punkt)?$", _I),
)
#: A TOC line or running line that opens the closed (or open) part of a meeting:
#: "Lukket referat"   "Åbent referat"   "Lukkede punkter"   (eDoc)
CLOSED_PART: Final = regex.compile(
    r"^(?:Lukket|Lukkede)\s+(?:referat|dagsorden|punkter|punkt|møde|sager|del)\b", _I
)
OPEN_PART: Final = regex.compile(
    r"^(?:Åben|Åbent|Åbne)\s+(?:referat|dagsorden|punkter|punkt|møde|sager|del)\b", _I
)

# -- sub-points and attachments -------------------------------------------------------------
#: "a.   Møder og konferencer"   "b.   Konference den 23. januar 2012 - …"   (eDoc)
SUB_POINT: Final = regex.compile(r"^(?P<letter>[a-zæøå])\.\s+(?P<title>\S.*)$", _F)
#: "2012-200782 - Bygningsliste og prioriteringssystem"   "2012–200292 - Notat"   (eDoc)
ATTACHMENT_REF: Final = regex.compile(
    r"^(?P<number>\d{4}[-–]\d{3,8})\s+[-–]\s+(?P<title>\S.*)$", _F
)
#: "At 1) trafiksikkerhedsplanen godkendes"  (FirstAgenda: each point of the
#: Beslutningspunkter starts a paragraph of its own, however full the line before it)
AT_POINT: Final = regex.compile(r"^At\s+\d{1,2}\)\s+\S", _F)
#: "Ingen"  (a Bilag label with nothing attached)
NO_ATTACHMENT: Final = regex.compile(r"^(?:Ingen|Ingen\s+bilag|-)\.?$", _I)


def label_key(text: str) -> str:
    """A label as the tables spell it: lower case, single spaces, no colon."""
    return " ".join(text.strip().rstrip(":;").lower().split())


@dataclass(frozen=True, slots=True)
class Profile:
    """One meeting system's way of printing (see the module docstring)."""

    name: ProfileName
    #: The item heading forms, tried in order (``HEADING_FORMS`` keys).
    headings: tuple[str, ...]
    #: The TOC entry forms (``TOC_FORMS`` keys); a TOC may also print no numbers.
    toc_forms: tuple[str, ...]
    #: "consecutive": each level-1 number is the last plus one; "increasing": numbers
    #: only grow (a running number of the year leaves gaps and starts anywhere).
    numbering: Literal["consecutive", "increasing"]
    #: Case-number schemes (``CASE_SCHEMES`` keys) this system prints under a heading.
    case_schemes: tuple[str, ...]
    #: Printed labels (as ``label_key`` spells them) → section key.
    labels: Mapping[str, SectionKey]
    #: Dated decision-label forms (``DECISION_FORMS`` keys).
    decisions: tuple[str, ...] = ()
    #: Does the system print lettered sub-points (``a.``) inside an item?
    sub_points: bool = False
    #: Printed lines only this system prints, each with its weight, to choose the profile.
    signatures: tuple[tuple[str, float, regex.Pattern[str]], ...] = ()
    #: The system naming itself in the PDF's Creator or Producer: a hint that only breaks a
    #: tie (:data:`PRODUCER_WEIGHT`), since a PDF re-saved by another program loses it and
    #: printed signatures decide.
    producers: regex.Pattern[str] | None = None

    def heading(self, text: str) -> regex.Match[str] | None:
        for form in self.headings:
            if m := HEADING_FORMS[form].match(text):
                return m
        return None

    def toc_start(self, text: str) -> regex.Match[str] | None:
        for form in self.toc_forms:
            if m := TOC_FORMS[form].match(text):
                return m
        return None

    def case(self, text: str) -> regex.Match[str] | None:
        """A case-number line: ``case`` and, when printed after it, ``officer``."""
        return _case_rules(self.case_schemes).match(text.strip())

    def label(self, text: str) -> SectionKey | None:
        return self.labels.get(label_key(text))

    def decision(self, text: str) -> regex.Match[str] | None:
        for form in self.decisions:
            if m := DECISION_FORMS[form].match(text.strip()):
                return m
        return None


_CASE_CACHE: dict[tuple[str, ...], regex.Pattern[str]] = {}


def _case_rules(schemes: tuple[str, ...]) -> regex.Pattern[str]:
    if schemes not in _CASE_CACHE:
        every = "|".join(CASE_SCHEMES[s] for s in schemes)
        bare = "|".join(CASE_SCHEMES[s] for s in schemes if s in UNLABELLED_SCHEMES) or "(?!)"
        _CASE_CACHE[schemes] = regex.compile(
            rf"^(?:{CASE_LABEL}(?P<case>{every})|(?P<case>{bare}))"
            r"(?:\s+(?P<officer>[\p{Ll}]{2,8}))?\s*$",
            _I,
        )
    return _CASE_CACHE[schemes]


_COMMON_LABELS: Final[dict[str, SectionKey]] = {
    "baggrund": "baggrund",
    "indstilling": "indstilling",
    "sagsfremstilling": "sagsfremstilling",
    "beslutning": "beslutning",
    "vedlagte bilag": "vedlagte_bilag",
    "bilag": "vedlagte_bilag",
}


def _labels(**extra: SectionKey) -> dict[str, SectionKey]:
    return {**_COMMON_LABELS, **{k.replace("_", " "): v for k, v in extra.items()}}


def _sig(what: str, weight: float, pattern: str) -> tuple[str, float, regex.Pattern[str]]:
    return what, weight, regex.compile(pattern, _I)


_DATED_EDOC = DECISION_FORMS["genitive_dated"].pattern
_DATED = DECISION_FORMS["dated"].pattern

PROFILES: Final[dict[ProfileName, Profile]] = {
    "kl": Profile(
        name="kl",
        headings=("number_dot",),
        toc_forms=("number_dot",),
        numbering="consecutive",
        case_schemes=("sag",),
        labels=_labels(),
        signatures=(
            # "SAG-2020-05887 jebj": KL's case line, the case officer's initials after it
            _sig("KL case lines", 2.0, r"^SAG-\d{4}-\d{3,7}\s+[\p{Ll}]{2,8}$"),
            # "KKR Sjælland  | 21-04-2021"
            _sig("a KKR named", 1.0, r"\bKKR\s+\p{Lu}"),
        ),
    ),
    "edoc": Profile(
        name="edoc",
        headings=("number_dot",),
        toc_forms=("number_dot",),
        numbering="consecutive",
        case_schemes=("year_serial", "sag"),
        labels=_labels(
            sammendrag="resume",
            resume="resume",
            resumé="resume",
            økonomi="okonomi",
            økonomiske_konsekvenser="okonomi",
            økonomiske_konsekvenser_og_finansiering="okonomi",
            beslutningen_træffes_af="beslutningen_traeffes_af",
        ),
        decisions=("genitive_dated", "dated"),
        sub_points=True,
        # "eDoc 4.2"  (a Creator that names the system)
        producers=regex.compile(r"\beDoc\b", _I),
        signatures=(
            _sig("'Dok.nr.' lines", 2.0, r"^Dok\.?\s*nr\.?\s*:"),
            _sig("'Sagsnr.: YYYY-N' lines", 1.5, r"^Sagsnr\.?\s*:\s*\d{4}-\d"),
            _sig("dated decision labels in the genitive", 3.0, _DATED_EDOC),
            _sig("'Følgende deltog ikke' lines", 2.0, r"^Følgende\s+deltog\s+ikke\s+i"),
            _sig("'Beslutningen træffes af' labels", 2.0, r"^Beslutningen\s+træffes\s+af$"),
        ),
    ),
    "firstagenda": Profile(
        name="firstagenda",
        headings=("punkt", "number_dot"),
        toc_forms=("punkt", "number_dot"),
        numbering="consecutive",
        case_schemes=("emn", "sag", "kle", "year_serial"),
        labels=_labels(
            resume="resume",
            resumé="resume",
            beslutningspunkter="beslutningspunkter",
            beslutninger="beslutning",
            økonomi="okonomi",
            sagsforløb="sagsforloeb",
        ),
        decisions=("dated",),
        # "FirstAgenda Publisher"  "First Agenda"
        producers=regex.compile(r"\bFirst\s*Agenda\b", _I),
        signatures=(
            _sig("'Punkt N:' headings", 3.0, r"^Punkt\s+\d{1,4}\s*:\s*\S"),
            _sig("EMN case numbers", 3.0, r"^(?:" + CASE_LABEL + r")?EMN-\d{4}-\d"),
            _sig("KLE case numbers", 2.0, r"^(?:" + CASE_LABEL + r")?" + _KLE_START),
            _sig("'Beslutningspunkter' labels", 2.0, r"^Beslutningspunkter\s*:?$"),
            _sig("'At N)' points", 1.0, r"^At\s+\d{1,2}\)\s"),
            _sig("'Starttidspunkt' fields", 1.0, r"^(?:Starttidspunkt|Sluttidspunkt)\s*:"),
            # "Mødedato: 16.04.2024 kl. 14:00 - 16:00"   "Mødested: Rådhuset, Byrådssalen"
            _sig("'Mødedato'/'Mødested' fields", 1.0, r"^(?:Mødedato|Mødested)\s*:"),
            # "Beslutning i Økonomiudvalget den 16-04-2024": FirstAgenda prints the form
            # Acadre prints, and wins the tie
            _sig("dated decision labels", 1.5, _DATED),
        ),
    ),
    "acadre": Profile(
        name="acadre",
        headings=("running_number",),
        toc_forms=("running_number",),
        numbering="increasing",
        case_schemes=("short", "year_serial", "kle"),
        labels=_labels(resume="resume", resumé="resume", økonomi="okonomi"),
        decisions=("dated",),
        # "Acadre MM"  "Acadre Dagsorden"
        producers=regex.compile(r"\bAcadre\b", _I),
        signatures=(
            _sig("'Sagsnr. YY/N' lines", 3.0, r"^Sagsnr\.?\s*:?\s*\d{2}/\d{3,7}\s*$"),
            _sig("'Punkt nr.' TOC heads", 2.0, r"^Punkt\s*nr\.?(?:\s|$)"),
            _sig("dated decision labels", 1.5, _DATED),
            _sig("three- or four-digit item numbers", 1.0, r"^\d{3,4}\.\s+\p{Lu}"),
        ),
    ),
}
DEFAULT: Final[ProfileName] = "kl"
#: A signature counts at most this many times: a long document must not win by volume.
SIGNATURE_CAP: Final = 3
#: The weight of a producer naming the system: half the lightest printed signature (1.0),
#: so it decides only between profiles whose printed evidence weighs the same.
PRODUCER_WEIGHT: Final = 0.5


@dataclass(frozen=True, slots=True)
class Choice:
    """The chosen profile and the evidence behind it, for a person."""

    profile: Profile
    evidence: tuple[str, ...]
    score: float


def ranked(lines: Iterable[str], producer: Iterable[str] = ()) -> list[Choice]:
    """Every profile with the weight of its printed signatures in ``lines`` (and the hint
    of a ``producer`` naming it), heaviest first; KL's leads when nothing names a system."""
    texts = [t.strip() for t in lines]
    made_by = [p for p in producer if p]
    choices: list[Choice] = []
    for profile in PROFILES.values():
        score, seen = 0.0, []
        for what, weight, pattern in profile.signatures:
            count = sum(1 for t in texts if pattern.search(t))
            if count:
                score += weight * min(count, SIGNATURE_CAP)
                seen.append(f"{count} {what}")
        named = [p for p in made_by if profile.producers and profile.producers.search(p)]
        if named:
            score += PRODUCER_WEIGHT
            seen.append(f"the PDF's producer names it ({named[0]!r})")
        choices.append(Choice(profile, tuple(seen), score))
    choices.sort(key=lambda c: (-c.score, c.profile.name != DEFAULT))
    if choices[0].score == 0:
        choices[0] = Choice(PROFILES[DEFAULT], ("no signature of any system: KL's layout",), 0.0)
    return choices


def choose(lines: Iterable[str], producer: Iterable[str] = ()) -> Choice:
    """The profile whose printed signatures weigh most in ``lines`` (KL's when none does)."""
    return ranked(lines, producer)[0]

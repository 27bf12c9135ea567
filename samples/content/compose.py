"""Composed agendas: realistic KKR meetings in KL's style, as structured content.

The seed is one meeting of one KKR. This module writes further meetings the way KL writes
them — for all five KKRs, other dates and years, 5–25 items, level-1 items without sub-items,
items without content, long case presentations, many attachments, numbered lists in body text
— as plain data that says nothing about fonts or pages. Any typesetter (reportlab here, a
word processor elsewhere) prints it; the expected parser output follows from the content and
where the typesetter put it.

Everything is deterministic: ``compose(Plan(...))`` returns the same agenda every time (a
``random.Random`` seeded from the plan picks topics, names and case numbers).

Text conventions (what the typesetter must keep):

- a ``Para`` is one paragraph; ``links`` maps visible text inside it (a word, or a URL printed
  in it) to the link's URI;
- a ``Sub`` is a bold sub-heading inside a section;
- a ``Bullets`` block is a list; ``numbered`` entries carry their number in the text
  (``"1. Adgang til uddannelse"``), bullet entries carry none (the typesetter prints the
  bullet, the truth writes ``"– "``).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field, replace

# --------------------------------------------------------------------------------------------
# The content model


@dataclass(frozen=True)
class Para:
    text: str
    links: tuple[tuple[str, str], ...] = ()  # (visible text in ``text``, uri)


@dataclass(frozen=True)
class Sub:
    text: str


@dataclass(frozen=True)
class Bullets:
    entries: tuple[str, ...]
    numbered: bool = False


Block = Para | Sub | Bullets

# Section keys in the order KL prints them, and the label each is printed with.
LABELS = {
    "baggrund": "Baggrund",
    "indstilling": "Indstilling",
    "sagsfremstilling": "Sagsfremstilling",
    "beslutning": "Beslutning",
    "vedlagte_bilag": "Vedlagte bilag:",
}


@dataclass(frozen=True)
class Section:
    key: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Item:
    number: str  # "2.3"
    heading: str  # as printed after the number, kind prefix included
    case: tuple[str, str] | None = None  # ("SAG-2023-01234", "mkh")
    sections: tuple[Section, ...] = ()

    @property
    def level(self) -> int:
        return 2 if "." in self.number else 1


@dataclass(frozen=True)
class Attendee:
    name: str
    role: str | None
    municipality: str
    status: str  # present | absent | substitute
    substitute: str | None = None  # absent: who attended instead ("supp. … deltog")


@dataclass(frozen=True)
class Meeting:
    region: str  # "Hovedstaden"
    date: dt.date
    start: str  # "10:00"
    end: str
    location: str
    attendance: tuple[Attendee, ...]

    @property
    def body(self) -> str:
        return f"KKR {self.region}"


@dataclass(frozen=True)
class Appendix:
    """A document printed after the last item ("dagsorden med bilag")."""

    title: str  # "Bilag 2.3.1: Faktaark …"
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Agenda:
    kind: str  # dagsorden | referat
    meeting: Meeting
    items: tuple[Item, ...]
    appendices: tuple[Appendix, ...] = ()


@dataclass(frozen=True)
class Plan:
    """What to compose. ``cases`` is the number of level-2 items under 2 (up to 15)."""

    region: str
    date: dt.date
    kind: str = "dagsorden"
    cases: int = 6
    seed: int = 0
    long_case: bool = False  # one Sagsfremstilling over several pages
    many_bilag: bool = False  # one item with a long list of attachments
    numbered_lists: bool = False  # body lists "1. …" that look like agenda headings
    long_headings: bool = False  # headings that need two lines
    empty_items: bool = True  # level-1 items "Udpegninger" and "Eventuelt" without content
    decision_place: str = "after_sagsfremstilling"  # | after_indstilling | last | first
    appendices: int = 0  # documents appended after the last item
    hyphen_words: bool = False  # real hyphens and suspended compounds in every paragraph
    urls: bool = False  # long visible URLs in the text
    word_links: bool = False  # links on ordinary words


# --------------------------------------------------------------------------------------------
# Regions: municipalities that exist in each, meeting places, members (invented names)

MUNICIPALITIES = {
    "Hovedstaden": (
        "Albertslund", "Allerød", "Ballerup", "Bornholm", "Brøndby", "Dragør", "Egedal",
        "Fredensborg", "Frederiksberg", "Frederikssund", "Furesø", "Gentofte", "Gladsaxe",
        "Glostrup", "Gribskov", "Halsnæs", "Helsingør", "Herlev", "Hillerød", "Hvidovre",
        "Høje-Taastrup", "Hørsholm", "Ishøj", "København", "Lyngby-Taarbæk", "Rudersdal",
        "Rødovre", "Tårnby", "Vallensbæk",
    ),
    "Sjælland": (
        "Faxe", "Greve", "Guldborgsund", "Holbæk", "Kalundborg", "Køge", "Lejre", "Lolland",
        "Næstved", "Odsherred", "Ringsted", "Roskilde", "Slagelse", "Solrød", "Sorø", "Stevns",
        "Vordingborg",
    ),
    "Syddanmark": (
        "Aabenraa", "Assens", "Billund", "Esbjerg", "Faaborg-Midtfyn", "Fanø", "Fredericia",
        "Haderslev", "Kerteminde", "Kolding", "Langeland", "Middelfart", "Nordfyns", "Nyborg",
        "Odense", "Svendborg", "Sønderborg", "Tønder", "Varde", "Vejen", "Vejle", "Ærø",
    ),
    "Midtjylland": (
        "Favrskov", "Hedensted", "Herning", "Holstebro", "Horsens", "Ikast-Brande", "Lemvig",
        "Norddjurs", "Odder", "Randers", "Ringkøbing-Skjern", "Samsø", "Silkeborg",
        "Skanderborg", "Skive", "Struer", "Syddjurs", "Viborg", "Aarhus",
    ),
    "Nordjylland": (
        "Brønderslev", "Frederikshavn", "Hjørring", "Jammerbugt", "Læsø", "Mariagerfjord",
        "Morsø", "Rebild", "Thisted", "Vesthimmerland", "Aalborg",
    ),
}  # fmt: skip

PLACES = {
    "Hovedstaden": "Hillerød Rådhus, Trollesmindealle 27, 3400 Hillerød",
    "Sjælland": "Sørup Herregaard, Sørupvej 26, 4100 Ringsted",
    "Syddanmark": "Kolding Rådhus, Akseltorv 1, 6000 Kolding",
    "Midtjylland": "Silkeborg Rådhus, Søvej 1, 8600 Silkeborg",
    "Nordjylland": "Comwell Rebild Bakker, Rebildvej 36, 9520 Skørping",
}

# Lower-case slug for file names.
SLUGS = {
    "Hovedstaden": "hovedstaden",
    "Sjælland": "sjaelland",
    "Syddanmark": "syddanmark",
    "Midtjylland": "midtjylland",
    "Nordjylland": "nordjylland",
}

_FIRST = (
    "Anne", "Bo", "Camilla", "Dorthe", "Erik", "Flemming", "Gitte", "Hans", "Ida", "Jens",
    "Karina", "Lars", "Mette", "Niels", "Ole", "Pia", "Rasmus", "Susanne", "Thomas", "Ulla",
    "Vibeke", "Søren", "Jørgen", "Birthe", "Kasper", "Louise", "Mads", "Tina",
)  # fmt: skip
_LAST = (
    "Andersen", "Bech", "Christensen", "Dahl", "Eriksen", "Frandsen", "Holm", "Iversen",
    "Juhl", "Kjærgaard", "Lund", "Mortensen", "Nygaard", "Overgaard", "Pedersen", "Rasmussen",
    "Skov", "Thomsen", "Vestergaard", "Østergaard", "Bøgh Nielsen", "Krogh Jensen", "Damgaard",
)  # fmt: skip
_INITIALS = ("mkh", "jebj", "adr", "lrs", "tbn", "kmo", "sol", "hnp", "ave", "cbr", "dsj", "nib")

MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
    "oktober", "november", "december",
)  # fmt: skip


def long_date(day: dt.date) -> str:
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def _people(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        if name not in names:
            names.append(name)
    return names


def _attendance(rng: random.Random, region: str) -> tuple[Attendee, ...]:
    towns = list(MUNICIPALITIES[region])
    rng.shuffle(towns)
    towns = towns[:10]
    names = _people(rng, len(towns) + 2)
    out: list[Attendee] = []
    for n, town in enumerate(towns[:8]):
        role = "formand" if n == 0 else "næstformand" if n == 1 else None
        out.append(Attendee(names[n], role, f"{town} Kommune", "present"))
    out.append(Attendee(names[8], None, f"{towns[8]} Kommune", "absent", names[10]))
    out.append(Attendee(names[9], None, f"{towns[9]} Kommune", "absent"))
    return tuple(out)


# --------------------------------------------------------------------------------------------
# Text: sentences in the register of the seed, with {kkr}, {region}, {kom}, {kom2}, {year}


@dataclass(frozen=True)
class Topic:
    kind: str  # Orienteringssag | Beslutningssag | Temadrøftelse
    title: str
    baggrund: tuple[str, ...]
    indstilling: tuple[str, ...]  # one: a paragraph; more: a bullet list
    body: tuple[str, ...]  # paragraphs of the Sagsfremstilling
    subs: tuple[str, ...] = ()  # sub-headings that may open later paragraphs
    bilag: tuple[str, ...] = ()
    decision: str = "Godkendt."
    long_title: str = ""  # a heading that needs two lines


TOPICS: tuple[Topic, ...] = (
    Topic(
        "Orienteringssag",
        "Meddelelser fra KKR-udpegede i centrale politiske udvalg",
        ("Under dette punkt orienteres om evt. nyt fra KKR-udpegede i centrale politiske "
         "udvalg.",),
        ("Det indstilles, at {kkr} tager orienteringen til efterretning.",),
        ("{kkr}s udpegninger fremgår af blå bog, der kan findes på KKR's side på kl.dk.",
         "Formanden for Sundhedssamarbejdsudvalget orienterer om arbejdet med den nye "
         "sundhedsaftale og om status for de fælles indsatser for borgere med kroniske "
         "sygdomme i {region}."),
        decision="{kkr} tog orienteringen til efterretning.",
    ),
    Topic(
        "Beslutningssag",
        "Rammeaftale {year} for det specialiserede socialområde",
        ("Kommunerne i {region} skal hvert år indgå en rammeaftale om det specialiserede "
         "social- og specialundervisningsområde. Rammeaftalen består af en udviklingsstrategi "
         "og en styringsaftale, som skal godkendes i alle kommunalbestyrelser og i "
         "regionsrådet.",),
        ("Det indstilles, at {kkr} godkender rammeaftalen for {year}",
         "Det indstilles, at {kkr} anbefaler kommunalbestyrelserne at godkende "
         "styringsaftalen."),
        ("Udviklingsstrategien sætter i {year} særligt fokus på borgere med komplekse "
         "problemstillinger, herunder de 20-24-årige med psykiatriske diagnoser, som i "
         "stigende grad efterspørger højt specialiserede tilbud.",
         "Styringsaftalen fastlægger rammerne for kapacitetstilpasning, prisstruktur og "
         "takstberegning. Taksterne for {year} må højst stige med pris- og lønfremskrivningen "
         "fratrukket 1 procent, svarende til den aftalte effektiviseringsramme.",
         "Kommunaldirektørkredsen har behandlet udkastet på sit møde og anbefaler, at "
         "rammeaftalen godkendes. Der er enighed om, at {kom} Kommune fortsat varetager "
         "koordinationsopgaven for de sikrede institutioner."),
        ("Videre proces",),
        ("Rammeaftale {year} – Udviklingsstrategi", "Rammeaftale {year} – Styringsaftale"),
        "Godkendt. Rammeaftalen sendes til behandling i kommunalbestyrelserne.",
        "Rammeaftale {year} for det specialiserede social- og specialundervisningsområde "
        "i {region} – udviklingsstrategi og styringsaftale",
    ),
    Topic(
        "Temadrøftelse",
        "Infrastruktur og mobilitet i {region}",
        ("Kommunerne og regionen har i fællesskab prioriteret en række infrastrukturprojekter, "
         "som skal styrke sammenhængen mellem by og land og understøtte den grønne omstilling "
         "af transporten.",),
        ("Det indstilles, at {kkr} drøfter forslag om prioritering af "
         "infrastrukturprojekter",
         "Det indstilles, at {kkr} drøfter den videre interessevaretagelse over for "
         "Folketinget."),
        ("Der er sendt breve til transportministeren og til transportordførerne med "
         "opdaterede faktaark om de højest prioriterede projekter. Særligt betydeligt er, at "
         "kommuner, region, virksomheder og arbejdstagere står sammen om prioriteringen.",
         "Forslagene om kollektiv trafik og grøn omstilling er ikke indbyrdes konkurrenter, "
         "men nogle af forslagene er mere konsoliderede end andre, og en prioritering vil give "
         "en klarere kommunikation.",
         "Ministeren har ved flere lejligheder fremhævet de fælles prioriteter og den "
         "politiske enighed mellem {kom} Kommune, {kom2} Kommune og regionen."),
        ("Prioritering af forslag om kollektiv trafik", "Miljømæssig vurdering"),
        ("Faktaark – motorvejsprojekter", "Budskabspapir om kollektiv trafik og grøn "
         "omstilling"),
        "{kkr} drøftede sagen og bakkede op om den foreslåede prioritering.",
        "Infrastruktur og mobilitet i {region} – prioritering af motorvejsprojekter og "
        "kollektiv trafik frem mod 2035",
    ),
    Topic(
        "Beslutningssag",
        "Forhandling af ny lærepladsaftale for SOSU-uddannelserne",
        ("Aftalen om dimensionering af social- og sundhedsuddannelserne udløber med "
         "udgangen af {year}, og der skal derfor forhandles en ny femårig aftale.",),
        ("Det indstilles, at {kkr} godkender forhandlingsmandatet for den nye "
         "lærepladsaftale.",),
        ("Rekrutteringsudfordringen på området er stor. Frem mod 2030 forventes der at mangle "
         "mere end 1.000 social- og sundhedsmedarbejdere i {region}, og mange af de "
         "nuværende medarbejdere går på pension i de kommende år.",
         "Kommunerne har de seneste år øget antallet af praktikpladser, men frafaldet på "
         "SOSU-uddannelserne er fortsat højt, særligt blandt de 20-24-årige elever.",
         "Det foreslås, at finansieringen af oplæringsopgaven indgår i forhandlingerne, og at "
         "{kom} Kommune fortsat er tovholder for den tværkommunale koordinering."),
        ("Proces for forhandlingerne",),
        ("Dimensioneringsaftale for SOSU-uddannelserne {year}",),
        "{kkr} godkendte forhandlingsmandatet.",
    ),
    Topic(
        "Orienteringssag",
        "Status for DK2020 – klimaplaner i kommunerne",
        ("Alle kommuner i {region} deltager i DK2020 og udarbejder klimaplaner, der lever op "
         "til Parisaftalens mål om CO2-neutralitet senest i 2050.",),
        ("Det indstilles, at {kkr} tager orienteringen til efterretning.",),
        ("Kommunerne i første og anden runde har fået godkendt deres klimaplaner af CONCITO. "
         "De øvrige kommuner forventer at færdiggøre planerne inden udgangen af {year}.",
         "Der er nedsat politiske og administrative styregrupper, som følger arbejdet og "
         "sikrer videndeling på tværs af kommunerne.",
         "Erfaringerne viser, at de største udfordringer ligger i transport- samt bygge- og "
         "anlægsområdet, hvor kommunerne kun har begrænset indflydelse på udledningerne."),
        ("Lokal status",),
        ("Oversigt over klimaplaner i {region}",),
        "{kkr} tog orienteringen til efterretning.",
    ),
    Topic(
        "Beslutningssag",
        "Erhvervshus {name} – resultatkontrakt {year}",
        ("Erhvervshuset afrapporterer årligt på resultatkontrakten med KKR. Afrapporteringen "
         "viser, at målene for vejledning af virksomheder er opfyldt.",),
        ("Det indstilles, at {kkr} godkender afrapporteringen",
         "Det indstilles, at {kkr} drøfter fokus for resultatkontrakten for det kommende år."),
        ("Erhvervshuset har i alt gennemført mere end 2.400 vejledningsforløb, heraf en stor "
         "andel med virksomheder inden for IT-branchen og fremstillingsindustrien.",
         "Tilfredsheden blandt virksomhederne er høj, og samarbejdet med den lokale "
         "erhvervsservice i {kom} Kommune fremhæves som et eksempel til efterfølgelse.",
         "Kontrakten for det kommende år lægger vægt på grøn omstilling, digitalisering og "
         "kvalificeret arbejdskraft."),
        ("Målopfyldelse", "Vision for erhvervsudvikling"),
        ("Afrapportering på resultatkontrakt {year}", "Udkast til resultatkontrakt"),
        "Godkendt.",
    ),
    Topic(
        "Orienteringssag",
        "Rekruttering og fastholdelse af medarbejdere",
        ("Kommunerne oplever stigende vanskeligheder med at rekruttere medarbejdere til "
         "ældreplejen, dagtilbuddene og specialundervisningen.",),
        ("Det indstilles, at {kkr} tager orienteringen til efterretning.",),
        ("En undersøgelse blandt kommunerne viser, at fire ud af fem har ubesatte stillinger "
         "inden for social- og sundhedsområdet. Borgerne modtager nu breve om jobtilbud via "
         "e-boks, og flere kommuner tilbyder fuldtid til alle nyansatte.",
         "Der arbejdes med en fælles kampagne, som skal synliggøre de mange karriereveje i "
         "velfærds- og serviceområderne."),
        ("Fælles indsatser",),
        (),
        "{kkr} tog orienteringen til efterretning.",
    ),
    Topic(
        "Beslutningssag",
        "Etablering af uddannelsen til maskinmester",
        ("Der er i dag ingen maskinmesteruddannelse i landsdelen, og virksomhederne efterspørger "
         "kvalificeret arbejdskraft med tekniske kompetencer.",),
        ("Det indstilles, at {kkr} bakker op om etableringen af uddannelsen.",),
        ("Erhvervsakademiet har søgt om godkendelse af et nyt udbud i {kom}. Uddannelsen "
         "henvender sig til unge med både en gymnasial og en håndværksmæssig baggrund.",
         "Et nyt udbud vil styrke rekrutteringen til virksomhederne og bidrage til, at flere "
         "unge bliver i landsdelen efter endt uddannelse."),
        (),
        ("Ansøgning om udbud af maskinmesteruddannelsen",),
        "{kkr} bakkede op om etableringen af uddannelsen.",
    ),
    Topic(
        "Orienteringssag",
        "Sundhedssamarbejdet i {region}",
        ("Sundhedssamarbejdsudvalget har vedtaget en ny sundhedsaftale, som skal styrke "
         "sammenhængen for borgerne mellem hospital, kommune og almen praksis.",),
        ("Det indstilles, at {kkr} tager orienteringen til efterretning.",),
        ("Aftalen sætter fokus på tidlig opsporing, mental sundhed og et tættere samarbejde "
         "om borgere med flere kroniske sygdomme.",
         "Implementeringen sker i de lokale klynger omkring hospitalerne. {kom} Kommune og "
         "{kom2} Kommune har påtaget sig at afprøve en fælles model for udskrivning."),
        ("Klyngernes arbejde",),
        ("Sundhedsaftale {year}",),
        "{kkr} tog orienteringen til efterretning.",
    ),
    Topic(
        "Temadrøftelse",
        "Digital infrastruktur og mobildækning",
        ("Mange borgere og virksomheder i landdistrikterne har fortsat ikke adgang til "
         "tidssvarende bredbånd og mobildækning.",),
        ("Det indstilles, at {kkr} drøfter den fælles indsats for bedre digital "
         "infrastruktur.",),
        ("Der er identificeret en række barrierer for den markedsbaserede udrulning, "
         "herunder høje gravepriser og manglende adgang til master.",
         "Digital Taskforce har kortlagt dækningen i alle kommuner og peger på, at der er "
         "behov for en målrettet pulje til de områder, hvor markedet ikke leverer."),
        ("Barrierer for udrulningen", "Digital Taskforce"),
        ("Kortlægning af mobildækning",),
        "{kkr} drøftede sagen.",
    ),
    Topic(
        "Beslutningssag",
        "Rammeaftale om danskuddannelse",
        ("Kommunerne har siden {year} samarbejdet om et fælles udbud af danskuddannelse for "
         "voksne udlændinge.",),
        ("Det indstilles, at {kkr} godkender rammeaftalen om danskuddannelse.",),
        ("Rammeaftalen sikrer ensartede vilkår, fælles kvalitetskrav og en mere effektiv "
         "administration på tværs af kommunerne.",
         "Udbuddet gennemføres af {kom} Kommune på vegne af alle kommunerne i {region}."),
        (),
        ("Udkast til rammeaftale om danskuddannelse",),
        "Godkendt.",
    ),
    Topic(
        "Orienteringssag",
        "Turismens udvikling og Udviklingsplan for turisme",
        ("Turismen er et vigtigt erhverv i landsdelen, og kommunerne har sammen med "
         "destinationsselskaberne udarbejdet en fælles udviklingsplan.",),
        ("Det indstilles, at {kkr} tager orienteringen til efterretning.",),
        ("Planen prioriterer kyst- og naturturisme, erhvervsturisme og bæredygtig udvikling "
         "af overnatningskapaciteten.",
         "Styregruppen har fulgt op på de første indsatser og vurderer, at planen er godt på "
         "vej."),
        ("Styregruppens opfølgning",),
        ("Udviklingsplan for turisme",),
        "{kkr} tog orienteringen til efterretning.",
    ),
    Topic(
        "Beslutningssag",
        "Praksisplan for almen praksis",
        ("Praksisplanudvalget har udarbejdet et udkast til en ny praksisplan, som skal sikre "
         "lægedækning i hele regionen.",),
        ("Det indstilles, at {kkr} godkender udkastet til praksisplan.",),
        ("Flere områder har i dag lægemangel, og udkastet peger på nye klinikformer og "
         "delepraksis som mulige løsninger.",
         "Planen har været i høring i kommunerne, og høringssvarene er indarbejdet."),
        (),
        ("Udkast til praksisplan", "Høringssvar fra kommunerne"),
        "Godkendt.",
    ),
    Topic(
        "Temadrøftelse",
        "Grøn omstilling af den kollektive trafik",
        ("Trafikselskabet har fremlagt en plan for omstilling af busdriften til el og andre "
         "fossilfri drivmidler.",),
        ("Det indstilles, at {kkr} drøfter planen for den grønne omstilling af busdriften.",),
        ("Omstillingen forudsætter investeringer i ladeinfrastruktur og nye udbud, som "
         "kommunerne og regionen skal finansiere i fællesskab.",
         "Erfaringerne fra {kom} viser, at elbusser kan køre på alle bylinjer allerede i dag."),
        ("Finansiering",),
        ("Plan for fossilfri busdrift",),
        "{kkr} drøftede planen.",
    ),
    Topic(
        "Orienteringssag",
        "Uddannelsesområdet – webinarer og temadage",
        ("KKR har i det forløbne år afholdt en række webinarer om uddannelse og "
         "beskæftigelse.",),
        ("Det indstilles, at {kkr} tager orienteringen til efterretning.",),
        ("Webinarerne har haft mere end 400 deltagere fra kommuner, uddannelsesinstitutioner "
         "og virksomheder, og evalueringerne er positive.",),
        (),
        (),
        "{kkr} tog orienteringen til efterretning.",
    ),
)  # fmt: skip

# Padding sentences for a Sagsfremstilling that runs over several pages.
FILLER = (
    "Kommunerne har i de seneste år styrket samarbejdet på tværs, og erfaringerne viser, at "
    "fælles løsninger giver bedre kvalitet og lavere omkostninger.",
    "Der er fortsat stor forskel på, hvordan kommunerne organiserer opgaven, og det "
    "vanskeliggør en direkte sammenligning af udgifterne.",
    "KL følger udviklingen tæt og vil vende tilbage med en samlet vurdering, når de "
    "nationale tal foreligger.",
    "Borgerne skal opleve en sammenhængende indsats, uanset hvilken kommune de bor i, og "
    "uanset om opgaven løses af kommunen, regionen eller en privat leverandør.",
    "Analysen bygger på data fra Danmarks Statistik og på interview med ledere og "
    "medarbejdere i {kom} Kommune og {kom2} Kommune.",
    "Den økonomiske ramme for arbejdet er fastlagt i økonomiaftalen, og der er ikke afsat "
    "yderligere midler til formålet.",
    "Det er vurderingen, at indsatsen kan gennemføres inden for den eksisterende ramme, hvis "
    "kommunerne prioriterer de fælles projekter.",
    "Sekretariatet har udarbejdet et notat, som beskriver mulighederne nærmere, og som kan "
    "danne grundlag for den videre drøftelse.",
    "Forslaget har været drøftet i kommunaldirektørkredsen, som bakker op om den foreslåede "
    "model og anbefaler, at der følges op om et år.",
    "Arbejdet skal ses i sammenhæng med de nationale initiativer på området, herunder den "
    "kommende reform af erhvervsuddannelserne.",
)

# Sentences with real hyphens and suspended compounds (they must stay as written).
HYPHEN_SENTENCES = (
    "Frafaldet på SOSU-uddannelserne er størst blandt de 20-24-årige elever.",
    "Borgerne modtager et brev i e-boks, når sagen er behandlet.",
    "Udfordringerne er størst inden for bygge- og anlægsområdet og i transportsektoren.",
    "Indsatsen omfatter både velfærds- og serviceområderne og den tekniske forvaltning.",
    "Kultur-, Erhverv- og Planudvalget har behandlet sagen på sit seneste møde.",
    "Projektet er finansieret af REACT-EU-programmet og af COVID-19-puljen.",
    "Virksomhederne i IT-Branchen efterspørger flere praktikpladser.",
    "Aftalen om Næstved-Slagelse-Kalundborg-forbindelsen blev indgået i foråret.",
)

URLS = (
    "https://www.kl.dk/kommunale-opgaver/beskaeftigelse-og-integration/"
    "rekruttering-og-fastholdelse/",
    "https://www.regeringen.dk/nyheder/2022/aftale-om-en-groen-omstilling-af-dansk-landbrug/",
    "https://www.ft.dk/samling/20221/lovforslag/l10/index.htm",
)
WORD_LINKS = (
    ("rapporten", "https://www.kl.dk/media/rapport-om-rekruttering-og-fastholdelse.pdf"),
    ("hjemmesiden", "https://www.kl.dk/politik/kkr/"),
    ("aftaleteksten", "https://fm.dk/udgivelser/aftale-om-kommunernes-oekonomi/"),
)


def _fill(text: str, values: dict[str, str]) -> str:
    return text.format(**values)


def _values(rng: random.Random, plan: Plan) -> dict[str, str]:
    towns = rng.sample(MUNICIPALITIES[plan.region], 2)
    return {
        "kkr": f"KKR {plan.region}",
        "region": f"Region {plan.region}",
        "kom": towns[0],
        "kom2": towns[1],
        "year": str(plan.date.year),
        "name": plan.region,
    }


def _case(rng: random.Random, year: int) -> tuple[str, str]:
    """A case number (never one already used in the agenda) and the officer's initials."""
    while True:
        number = f"SAG-{year - rng.choice((0, 0, 1))}-{rng.randrange(100, 9999):05d}"
        if number not in _USED:
            _USED.add(number)
            return number, rng.choice(_INITIALS)


_USED: set[str] = set()


def _numbered_list(values: dict[str, str]) -> Bullets:
    return Bullets(
        (
            "1. Adgang til uddannelse i hele landet",
            "2. Bedre mobilitet og kollektiv trafik",
            _fill("3. Digital infrastruktur i {region}", values),
            "4. Stærke erhvervsklynger",
        ),
        numbered=True,
    )


def _case_item(rng: random.Random, plan: Plan, number: str, topic: Topic, index: int) -> Item:
    v = _values(rng, plan)
    title = topic.long_title if plan.long_headings and topic.long_title else topic.title
    heading = f"{topic.kind}: {_fill(title, v)}"
    body: list[Block] = []
    for n, sentence in enumerate(topic.body):
        if topic.subs and n == len(topic.body) - 1:
            body.append(Sub(_fill(topic.subs[0], v)))
        text = _fill(sentence, v)
        if plan.hyphen_words:
            text += " " + HYPHEN_SENTENCES[(index + n) % len(HYPHEN_SENTENCES)]
        body.append(Para(text))
    if plan.numbered_lists and index % 2 == 0:
        body.insert(1, Para("Udspillet er bygget op om fire pejlemærker:"))
        body.insert(2, _numbered_list(v))
        body.append(Sub("2. Bedre mobilitet og kollektiv trafik"))
        body.append(Para(_fill(FILLER[index % len(FILLER)], v)))
    if plan.long_case and index == 1:
        paragraphs = [_fill(s, v) for s in FILLER] * 4
        for k, text in enumerate(paragraphs):
            if k % 7 == 3:
                body.append(Sub(f"{_fill(topic.subs[-1] if topic.subs else 'Status', v)} {k}"))
            body.append(Para(text + " " + _fill(FILLER[(k + 3) % len(FILLER)], v)))
    if plan.urls and index < len(URLS):
        url = URLS[index]
        body.append(
            Para(
                f"Yderligere oplysninger findes på {url} sammen med baggrundsnotatet.",
                ((url, url),),
            )
        )
    if plan.word_links and index < len(WORD_LINKS):
        word, uri = WORD_LINKS[index]
        body.append(
            Para(
                _fill(FILLER[index], v) + f" Der henvises til {word}, som beskriver forløbet "
                "nærmere, og til de øvrige notater fra sekretariatet.",
                ((word, uri),),
            )
        )
    rec = tuple(_fill(r, v) for r in topic.indstilling)
    indstilling: Block = Para(rec[0]) if len(rec) == 1 else Bullets(rec)
    sections = [
        Section("baggrund", tuple(Para(_fill(s, v)) for s in topic.baggrund)),
        Section("indstilling", (indstilling,)),
        Section("sagsfremstilling", tuple(body)),
    ]
    bilag = [_fill(b, v) for b in topic.bilag]
    if plan.many_bilag and index == 0:
        bilag += [f"Høringssvar fra {town} Kommune" for town in MUNICIPALITIES[plan.region]]
    if bilag:
        sections.append(Section("vedlagte_bilag", (Bullets(tuple(bilag)),)))
    if plan.kind == "referat":
        sections = _with_decision(sections, _fill(topic.decision, v), plan.decision_place)
    return Item(number, heading, _case(rng, plan.date.year), tuple(sections))


def _with_decision(sections: list[Section], text: str, place: str) -> list[Section]:
    decision = Section("beslutning", (Para(text),))
    keys = [s.key for s in sections]
    if place == "first":
        at = 0
    elif place == "after_indstilling":
        at = keys.index("indstilling") + 1
    elif place == "last" or "vedlagte_bilag" not in keys:
        at = len(sections)
    else:
        at = keys.index("vedlagte_bilag")
    return [*sections[:at], decision, *sections[at:]]


def _standing(
    rng: random.Random,
    plan: Plan,
    number: str,
    heading: str,
    text: str,
    decision: str,
    indstilling: str,
) -> Item:
    v = _values(rng, plan)
    sections = [
        Section("baggrund", (Para(_fill(text, v)),)),
        Section("indstilling", (Para(_fill(indstilling, v)),)),
    ]
    if plan.kind == "referat":
        sections = _with_decision(sections, decision, plan.decision_place)
    return Item(number, heading, _case(rng, plan.date.year), tuple(sections))


def compose(plan: Plan) -> Agenda:
    """The agenda (or minutes) ``plan`` describes."""
    if not 1 <= plan.cases <= 15:
        raise ValueError("2.1 … 2.15 at most")
    rng = random.Random(f"{plan.region}-{plan.date}-{plan.kind}-{plan.seed}")
    _USED.clear()
    items: list[Item] = [
        Item("1", "Godkendelse af dagsorden og referat"),
        _standing(rng, plan, "1.1", "Godkendelse af dagsorden",
                  "Dagsordenen for mødet fremgår af denne sag.", "Godkendt.",
                  "Det indstilles, at {kkr} godkender dagsordenen."),
        _standing(rng, plan, "1.2", "Godkendelse af referat",
                  "Referatet fra sidste møde er udsendt til medlemmerne.", "Godkendt.",
                  "Det indstilles, at {kkr} godkender referatet fra sidste møde."),
        Item("2", "Regionalpolitiske sager"),
    ]  # fmt: skip
    order = list(range(len(TOPICS)))
    rng.shuffle(order)
    for k in range(plan.cases):
        topic = TOPICS[order[k % len(TOPICS)]]
        items.append(_case_item(rng, plan, f"2.{k + 1}", topic, k))
    if plan.empty_items:
        items.append(Item("3", "Udpegninger"))
    n = 4 if plan.empty_items else 3
    items.append(Item(str(n), "Siden sidst"))
    items.append(
        _standing(rng, plan, f"{n}.1", "Meddelelser fra KKR-formandskabet",
                  "Formandskabet orienterer om aktuelle sager, herunder samarbejdet med "
                  "{region} og møder med {kom} Kommune.",
                  "Taget til efterretning.",
                  "Det indstilles, at {kkr} tager orienteringen til efterretning.")
    )  # fmt: skip
    if plan.empty_items:
        items.append(Item(str(n + 1), "Eventuelt"))
    appendices = tuple(_appendix(rng, plan, k) for k in range(plan.appendices))
    meeting = Meeting(
        plan.region,
        plan.date,
        rng.choice(("09:00", "09:30", "10:00", "13:00")),
        "",
        PLACES[plan.region],
        _attendance(rng, plan.region),
    )
    start_hour = int(meeting.start[:2])
    meeting = replace(meeting, end=f"{start_hour + 2:02d}:{meeting.start[3:]}")
    return Agenda(plan.kind, meeting, tuple(items), appendices)


def _appendix(rng: random.Random, plan: Plan, k: int) -> Appendix:
    v = _values(rng, plan)
    title = ("Faktaark", "Notat", "Høringssvar")[k % 3]
    blocks: list[Block] = [Sub(_fill(f"{title} fra {{kom}} Kommune", v))]
    blocks += [Para(_fill(s, v)) for s in FILLER[k : k + 6]]
    return Appendix(f"Bilag 2.{k + 1}.1: {title} til punkt 2.{k + 1}", tuple(blocks))


@dataclass(frozen=True)
class Composed:
    """A plan and its agenda, with the sample name the plan implies."""

    plan: Plan
    agenda: Agenda
    axis: str
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        slug = SLUGS[self.plan.region]
        return f"kkr-{slug}-{self.plan.date.isoformat()}-{self.plan.kind}-{self.axis}"

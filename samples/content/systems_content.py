"""The meetings printed as eDoc and FirstAgenda print them (``systems``); Acadre's, and the
list of all, are in ``systems_meetings``.

Invented meetings in the systems' printed forms; names, numbers and places are made up.
Each meeting's ``outcomes`` (each decision's intended class) is written to
``data/decision_labels_systems.json`` for a later scorer.
"""

from __future__ import annotations

from .systems import Decision, Item, Person, Section, Style, SubPoint
from .words import load

SENTENCES: tuple[str, ...] = tuple(load("systems.json")["sentences"])


def prose(start: int, *sizes: int) -> tuple[str, ...]:
    """Paragraphs of ``sizes[k]`` sentences each from the pool, from sentence ``start`` on."""
    out, k = [], start
    for n in sizes:
        out.append(" ".join(SENTENCES[(k + i) % len(SENTENCES)] for i in range(n)))
        k += n
    return tuple(out)


SANS = Style("LiberationSans", "LiberationSans-Bold", size=10, leading=13, heading_size=12)
CARLITO = Style("Carlito", "Carlito-Bold", size=11, leading=14, heading_size=13, top=760)
SERIF = Style(
    "LiberationSerif", "LiberationSerif-Bold", size=11, leading=14, heading_size=13, top=770
)

SFU = "Social- og Sundhedsudvalget"
SFU_GEN = "Social- og Sundhedsudvalgets"
_B1 = "Bilag"


def _edoc_decision(number: str, text: str) -> Decision:
    return Decision(
        f"{SFU_GEN} beslutning den 07.03.2023 Punkt {number}", "2023-03-07", SFU, (text,)
    )


DEJAVU = Style("DejaVuSans", "DejaVuSans-Bold", size=9, leading=12, heading_size=11, width=460)
CARLITO_EDOC = Style("Carlito", "Carlito-Bold", size=11, leading=14, heading_size=13)
SERIF_EDOC = Style("LiberationSerif", "LiberationSerif-Bold", size=11, leading=14, heading_size=12)


def _sec(label: str, key: str, paras: tuple[str, ...], entries: bool = False) -> Section:
    return Section(label, key, paras, entries)


# -- eDoc ----------------------------------------------------------------------------------

EDOC_ITEMS = (
    Item(
        "1",
        "Meddelelser",
        case="2023-01187",
        document="2023-040212",
        sub_points=(
            SubPoint("a", "Møder og konferencer"),
            SubPoint(
                "b",
                "Temadag den 20. april 2023 om det nære sundhedsvæsen i kommunerne",
                bilag=(("2023-039921", "Program for temadagen"),),
            ),
            SubPoint(
                "c",
                "Orientering om ventelister til genoptræning",
                paras=prose(11, 2),
                bilag=(
                    ("2023-038804", "Notat om ventelister"),
                    ("2023-038810", "Oversigt over ventetider fordelt på hold"),
                ),
            ),
            SubPoint("d", "Status på rekruttering af social- og sundhedsassistenter"),
        ),
        decisions=(_edoc_decision("1", "Taget til efterretning"),),
        absent_line=True,
    ),
    Item(
        "2",
        "Kvalitetsstandard for personlig og praktisk hjælp 2023",
        case="2022-31540",
        document="2023-035177",
        sections=(
            _sec("Sammendrag", "resume", prose(0, 2, 1)),
            _sec("Sagsfremstilling", "sagsfremstilling", prose(2, 3, 3, 2, 3)),
            _sec("Økonomiske konsekvenser", "okonomi", prose(7, 2)),
            _sec("Beslutningen træffes af", "beslutningen_traeffes_af", ("Kommunalbestyrelsen",)),
            _sec(
                "Bilag",
                "vedlagte_bilag",
                (
                    "2023-035180 - Kvalitetsstandard for personlig og praktisk hjælp 2023",
                    "2023-035184 - Høringssvar fra Ældrerådet",
                ),
                entries=True,
            ),
            _sec(
                "Indstilling",
                "indstilling",
                (
                    "Direktionen indstiller, at udvalget godkender kvalitetsstandarden og sender "
                    "den i høring.",
                ),
            ),
        ),
        decisions=(_edoc_decision("2", "Indstillingen godkendt"),),
        absent_line=True,
        absent=("Anders Holm (V)",),
    ),
    Item(
        "3",
        "Ældrepolitik 2023-2026 - udkast til høring",
        case="2022-29981",
        document="2023-037702",
        sections=(
            _sec("Sammendrag", "resume", prose(12, 2)),
            _sec("Sagsfremstilling", "sagsfremstilling", prose(14, 3, 2, 3, 3, 2)),
            _sec(
                "Beslutningen træffes af",
                "beslutningen_traeffes_af",
                ("Social- og Sundhedsudvalget",),
            ),
            _sec(
                "Bilag",
                "vedlagte_bilag",
                ("2023-037715 - Udkast til ældrepolitik 2023-2026",),
                entries=True,
            ),
            _sec(
                "Indstilling",
                "indstilling",
                ("Direktionen indstiller, at udkastet sendes i høring i seks uger.",),
            ),
        ),
        decisions=(_edoc_decision("3", "Drøftet. Sagen genoptages på næste møde"),),
    ),
    Item(
        "4",
        "Lukning af aktivitetscenter på Skolevej",
        closed=True,
        kind="Lukket",
        case="2023-00412",
        document="2023-036650",
        decisions=(_edoc_decision("4", "Udsat til næste møde"),),
    ),
)

EDOC_PEOPLE = (
    Person("Lene Kjær", "A", "formand"),
    Person("Mikkel Dahl", "A", "næstformand"),
    Person("Birgitte Frost", "F"),
    Person("Anders Holm", "V"),
    Person("Sofie Lauridsen", "C"),
    Person("Jens Brink", "O", status="absent"),
)

KFU = "Klima- og Forsyningsudvalget"
EDOC_AGENDA_ITEMS = (
    Item(
        "1",
        "Meddelelser",
        case="2023-02210",
        document="2023-061190",
        sub_points=(
            SubPoint(
                "a",
                "Orientering om vandløbsregulativer",
                bilag=(("2023-060021", "Tidsplan for revision af regulativer"),),
            ),
            SubPoint(
                "b",
                "Status på klimatilpasning ved Harrestrup Å og de nye bassiner i "
                "den nordlige del af kommunen",
                paras=prose(17, 2),
            ),
        ),
    ),
    Item(
        "2",
        "Klimaplan 2030 - første statusrapport",
        case="2021-17765",
        document="2023-058113",
        earlier=(
            (
                "Kommunalbestyrelsen den 30. januar 2023 Punkt 5",
                "2023-01-30",
                "Kommunalbestyrelsen",
            ),
        ),
        sections=(
            _sec("Sammendrag", "resume", prose(3, 2)),
            _sec("Sagsfremstilling", "sagsfremstilling", prose(5, 3, 3, 2, 3, 2)),
            _sec("Økonomi", "okonomi", prose(18, 2)),
            _sec("Beslutningen træffes af", "beslutningen_traeffes_af", (KFU,)),
            _sec(
                "Indstilling",
                "indstilling",
                ("Direktionen indstiller, at statusrapporten tages til efterretning.",),
            ),
        ),
    ),
    Item(
        "3",
        "Takster for vand og spildevand 2024",
        case="2023-11802",
        document="2023-059954",
        sections=(
            _sec("Sagsfremstilling", "sagsfremstilling", prose(9, 3, 3, 2)),
            _sec("Beslutningen træffes af", "beslutningen_traeffes_af", ("Kommunalbestyrelsen",)),
            _sec(
                "Bilag",
                "vedlagte_bilag",
                (
                    "2023-059960 - Takstblad for vand 2024",
                    "2023-059961 - Takstblad for spildevand 2024",
                ),
                entries=True,
            ),
            _sec(
                "Indstilling",
                "indstilling",
                (
                    "Direktionen indstiller, at udvalget anbefaler Kommunalbestyrelsen at "
                    "godkende taksterne.",
                ),
            ),
        ),
    ),
    Item(
        "4",
        "Erstatningssag vedrørende oversvømmelse",
        closed=True,
        kind="Lukket",
        case="2023-09981",
        document="2023-060500",
    ),
    Item(
        "5",
        "Kontrakt om slamhåndtering",
        closed=True,
        kind="Lukket",
        case="2023-10002",
        document="2023-060733",
    ),
)

EDOC_EXTRACT_ITEM = Item(
    "6",
    "Budgetopfølgning pr. 31. marts 2023 for Social- og Sundhedsudvalget",
    case="2023-04417",
    document="2023-044120",
    sections=(
        _sec("Sammendrag", "resume", prose(18, 2)),
        _sec("Sagsfremstilling", "sagsfremstilling", prose(19, 3, 3, 3, 2)),
        _sec("Økonomiske konsekvenser", "okonomi", prose(7, 1)),
        _sec(
            "Beslutningen træffes af", "beslutningen_traeffes_af", ("Social- og Sundhedsudvalget",)
        ),
        _sec(
            "Indstilling",
            "indstilling",
            ("Direktionen indstiller, at budgetopfølgningen tages til efterretning.",),
        ),
    ),
    decisions=(
        Decision(
            f"{SFU_GEN} beslutning den 25.04.2023 Punkt 6",
            "2023-04-25",
            SFU,
            ("Taget til efterretning",),
        ),
    ),
)

# -- FirstAgenda ---------------------------------------------------------------------------

FA_ITEMS = (
    Item(
        "1",
        "Godkendelse af dagsorden",
        case="EMN-2024-000118",
        sections=(_sec("Resume", "resume", ("Dagsordenen forelægges til godkendelse.",)),),
        decisions=(Decision("Beslutning", "", "", ("Godkendt.",)),),
        decision_first=True,
    ),
    Item(
        "2",
        "Trafiksikkerhedsplan 2024-2027 for veje og stier i hele kommunen efter høringen",
        case="EMN-2023-004512",
        sections=(
            _sec("Resume", "resume", prose(20, 2)),
            _sec(
                "Beslutningspunkter",
                "beslutningspunkter",
                (
                    "At 1) trafiksikkerhedsplanen godkendes med de ændringer, der fremgår af "
                    "høringsnotatet",
                    "At 2) der afsættes 2,5 mio. kr. til de første projekter i 2024",
                ),
                entries=True,
            ),
            _sec("Sagsfremstilling", "sagsfremstilling", prose(21, 3, 3, 2, 3)),
            _sec("Økonomi", "okonomi", prose(18, 2)),
            _sec("Sagsforløb", "sagsforloeb", prose(9, 1)),
            _sec(
                "Bilag",
                "vedlagte_bilag",
                ("Trafiksikkerhedsplan 2024-2027", "Høringsnotat"),
                entries=True,
            ),
        ),
        decisions=(
            Decision(
                "Beslutning",
                "",
                "",
                ("Godkendt med den ændring, at projektet ved Bakkeskolen udføres først.",),
            ),
        ),
        decision_first=True,
    ),
    Item(
        "3",
        "Udbud af vintertjeneste på kommunens veje 2024-2028",
        case="EMN-2023-003981",
        sections=(
            _sec("Resume", "resume", prose(12, 2)),
            _sec(
                "Beslutningspunkter",
                "beslutningspunkter",
                ("At 1) udbudsmaterialet godkendes",),
                entries=True,
            ),
            _sec("Sagsfremstilling", "sagsfremstilling", prose(0, 3, 3, 2)),
        ),
        decisions=(Decision("Beslutning", "", "", ("Udsat til næste møde.",)),),
        decision_first=True,
    ),
    Item(
        "4",
        "Lukket: Køb af areal til regnvandsbassin",
        kind="Lukket",
        title="Køb af areal til regnvandsbassin",
        closed=True,
        case="EMN-2024-000077",
        decisions=(Decision("Beslutning", "", "", ("Godkendt.",)),),
        decision_first=True,
    ),
)

FA_AGENDA_ITEMS = (
    Item(
        "1",
        "Orientering fra formanden",
        case="SAG-2024-00412",
        sections=(_sec("Resume", "resume", ("Formanden orienterer om aktuelle sager.",)),),
    ),
    Item(
        "2",
        "Handleplan for skolernes trivselsindsats efter den nationale trivselsmåling",
        case="SAG-2024-00388",
        sections=(
            _sec("Resume", "resume", prose(3, 2)),
            _sec(
                "Indstilling",
                "indstilling",
                ("Det indstilles, at Børne- og Skoleudvalget godkender handleplanen.",),
            ),
            _sec("Sagsfremstilling", "sagsfremstilling", prose(4, 3, 3, 3, 2)),
            _sec("Økonomi", "okonomi", prose(7, 1)),
            _sec(
                "Bilag",
                "vedlagte_bilag",
                ("Handleplan for trivsel 2024", "Resultater af trivselsmålingen"),
                entries=True,
            ),
        ),
    ),
    Item(
        "3",
        "Skolestruktur i den sydlige del af kommunen",
        case="SAG-2023-05521",
        sections=(
            _sec("Resume", "resume", prose(13, 2)),
            _sec(
                "Indstilling",
                "indstilling",
                ("Det indstilles, at forslaget sendes i høring i skolebestyrelserne.",),
            ),
            _sec("Sagsfremstilling", "sagsfremstilling", prose(14, 3, 2, 3)),
            _sec("Sagsforløb", "sagsforloeb", prose(10, 1)),
        ),
    ),
    Item(
        "4",
        "Personalesag (Lukket)",
        kind="Lukket",
        title="Personalesag",
        closed=True,
        case="SAG-2024-00107",
    ),
)

FA_KLE_ITEMS = (
    Item(
        "1",
        "Godkendelse af dagsorden",
        case="00.01.00-A00-1-23",
        decisions=(Decision("Beslutninger", "", "", ("Godkendt.",)),),
    ),
    Item(
        "2",
        "Lokalplan 112 for et nyt boligområde ved Stensballe Strand med tilhørende "
        "kommuneplantillæg",
        case="01.02.05-P16-3-23",
        sections=(
            _sec("Resume", "resume", prose(21, 2)),
            _sec(
                "Beslutningspunkter",
                "beslutningspunkter",
                (
                    "At 1) forslaget til lokalplan 112 vedtages",
                    "At 2) forslaget sendes i offentlig høring i otte uger",
                ),
                entries=True,
            ),
            _sec("Sagsfremstilling", "sagsfremstilling", prose(22, 3, 3, 2, 3, 2)),
            _sec("Økonomi", "okonomi", prose(18, 1)),
        ),
        decisions=(Decision("Beslutninger", "", "", ("Anbefales over for Byrådet.",)),),
    ),
    Item(
        "3",
        "Årsrapport for byggesagsbehandlingen",
        case="02.00.00-A00-4-23",
        sections=(
            _sec("Resume", "resume", prose(11, 2)),
            _sec("Sagsfremstilling", "sagsfremstilling", prose(11, 3, 3, 2)),
        ),
        decisions=(Decision("Beslutninger", "", "", ("Taget til efterretning.",)),),
    ),
)

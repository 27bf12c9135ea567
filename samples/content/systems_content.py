"""The meetings printed as eDoc, FirstAgenda and Acadre print them (``systems``).

Invented meetings in the systems' printed forms; names, numbers and places are made up.
``OUTCOMES`` is each decision's intended outcome class, written to
``data/decision_labels_systems.json`` for a later scorer.
"""

from __future__ import annotations

from .systems import Decision, Item, Meeting, Person, Section, Style, SubPoint

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
                paras=("Ventetiden er faldet fra otte til fem uger siden sommeren.",),
                bilag=(
                    ("2023-038804", "Notat om ventelister"),
                    ("2023-038810", "Oversigt over ventetider fordelt på hold"),
                ),
            ),
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
            Section(
                "Sammendrag",
                "resume",
                (
                    "Forvaltningen har revideret kvalitetsstandarden for personlig og praktisk "
                    "hjælp, så den følger de nye regler om fleksibel hjemmehjælp.",
                    "Standarden sendes i høring i Ældrerådet og Handicaprådet inden den endelige "
                    "godkendelse i Kommunalbestyrelsen.",
                ),
            ),
            Section(
                "Sagsfremstilling",
                "sagsfremstilling",
                (
                    "Kommunalbestyrelsen skal hvert år godkende kvalitetsstandarden for personlig "
                    "og praktisk hjælp. Den reviderede standard beskriver, hvilken hjælp borgeren "
                    "kan få, hvordan visitationen foregår, og hvilke krav der stilles til "
                    "leverandørerne.",
                    "De væsentligste ændringer er, at borgeren selv kan vælge at bytte en ydelse "
                    "til en anden af samme omfang, og at rengøring som udgangspunkt gives hver "
                    "anden uge.",
                ),
            ),
            Section(
                "Økonomiske konsekvenser",
                "okonomi",
                ("Ændringerne kan gennemføres inden for den nuværende budgetramme.",),
            ),
            Section(
                "Beslutningen træffes af", "beslutningen_traeffes_af", ("Kommunalbestyrelsen",)
            ),
            Section(
                "Bilag",
                "vedlagte_bilag",
                (
                    "2023-035180 - Kvalitetsstandard for personlig og praktisk hjælp 2023",
                    "2023-035184 - Høringssvar fra Ældrerådet",
                ),
                entries=True,
            ),
            Section(
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
        "Lukning af aktivitetscenter på Skolevej",
        closed=True,
        kind="Lukket",
        case="2023-00412",
        document="2023-036650",
        decisions=(_edoc_decision("3", "Udsat til næste møde"),),
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

FA_ITEMS = (
    Item(
        "1",
        "Godkendelse af dagsorden",
        case="EMN-2024-000118",
        sections=(Section("Resume", "resume", ("Dagsordenen forelægges til godkendelse.",)),),
        decisions=(Decision("Beslutning", "", "", ("Godkendt.",)),),
        decision_first=True,
    ),
    Item(
        "2",
        "Trafiksikkerhedsplan 2024-2027 for veje og stier i hele kommunen efter høringen",
        case="EMN-2023-004512",
        sections=(
            Section(
                "Resume",
                "resume",
                (
                    "Forslaget til trafiksikkerhedsplan har været i høring i otte uger. Der er "
                    "kommet 41 høringssvar, som forvaltningen har samlet i et notat.",
                ),
            ),
            Section(
                "Beslutningspunkter",
                "beslutningspunkter",
                (
                    "At 1) trafiksikkerhedsplanen godkendes med de ændringer, der fremgår af "
                    "høringsnotatet",
                    "At 2) der afsættes 2,5 mio. kr. til de første projekter i 2024",
                ),
                entries=True,
            ),
            Section(
                "Sagsfremstilling",
                "sagsfremstilling",
                (
                    "Planen peger på 23 steder, hvor der er sket flere uheld end forventet, og "
                    "foreslår tiltag som hævede flader, bedre belysning og nye krydsningsheller.",
                    "De fleste høringssvar handler om skolevejene, og forvaltningen foreslår "
                    "derfor, at tre projekter ved skoler rykkes frem til 2024.",
                ),
            ),
            Section(
                "Økonomi", "okonomi", ("Pengene findes i anlægsbudgettet for trafiksikkerhed.",)
            ),
            Section(
                "Bilag",
                "vedlagte_bilag",
                (
                    "Trafiksikkerhedsplan 2024-2027",
                    "Høringsnotat",
                ),
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
        "Lukket: Køb af areal til regnvandsbassin",
        kind="Lukket",
        title="Køb af areal til regnvandsbassin",
        closed=True,
        case="EMN-2024-000077",
        decisions=(Decision("Beslutning", "", "", ("Godkendt.",)),),
        decision_first=True,
    ),
)

AC_ITEMS = (
    Item(
        "715",
        "Lokalplan 1203 for boliger ved Ågade",
        case="24/01234",
        sections=(
            Section(
                "Sagsfremstilling",
                "sagsfremstilling",
                (
                    "Udvalget udsatte sagen på sit møde i april for at få belyst trafikken ved "
                    "den nye boligbebyggelse. Forvaltningen har nu fået lavet en trafiktælling.",
                    "Tællingen viser, at vejen kan bære den ekstra trafik, hvis udkørslen flyttes "
                    "fem meter mod nord.",
                ),
            ),
            Section(
                "Indstilling",
                "indstilling",
                (
                    "Forvaltningen indstiller, at forslaget til lokalplan 1203 vedtages og sendes "
                    "i offentlig høring i otte uger.",
                ),
            ),
            Section(
                "Bilag",
                "vedlagte_bilag",
                (
                    "Forslag til lokalplan 1203",
                    "Trafiktælling Ågade, marts 2024",
                ),
                entries=True,
            ),
        ),
        decisions=(
            Decision(
                "Beslutning i Teknik- og Miljøudvalget den 15-04-2024",
                "2024-04-15",
                "Teknik- og Miljøudvalget",
                ("Udsat.",),
            ),
            Decision(
                "Beslutning i Teknik- og Miljøudvalget den 13-05-2024",
                "2024-05-13",
                "Teknik- og Miljøudvalget",
                ("Indstillingen godkendt.",),
            ),
        ),
    ),
    Item(
        "716",
        "Budgetopfølgning pr. 30. april 2024",
        case="24/00871",
        sections=(
            Section(
                "Sagsfremstilling",
                "sagsfremstilling",
                (
                    "Udvalget forventer et mindreforbrug på 1,2 mio. kr. på driften, primært på "
                    "vintertjenesten.",
                ),
            ),
            Section(
                "Indstilling",
                "indstilling",
                ("Forvaltningen indstiller, at budgetopfølgningen tages til efterretning.",),
            ),
        ),
        decisions=(
            Decision(
                "Beslutning i Teknik- og Miljøudvalget den 13-05-2024",
                "2024-05-13",
                "Teknik- og Miljøudvalget",
                ("Taget til efterretning.",),
            ),
        ),
    ),
)


MEETINGS = (
    Meeting(
        "ballerup-2023-03-07-referat-edoc-subpoints",
        "edoc",
        "referat",
        SFU,
        "2023-03-07",
        "tirsdag",
        "16:00",
        None,
        "Mødelokale 2 på Ballerup Rådhus",
        SANS,
        EDOC_ITEMS,
        people=EDOC_PEOPLE,
        secretary="Hanne Vestergaard",
        axis="eDoc minutes: running block, cover lists, TOC with open and closed part, "
        "sub-points with their own Bilag, Dok.nr., dated decision labels, a closed item",
        outcomes={"1": "noted", "2": "approved", "3": "postponed"},
    ),
    Meeting(
        "aarhus-2024-02-05-referat-firstagenda-decision-first",
        "firstagenda",
        "referat",
        "Teknisk Udvalg",
        "2024-02-05",
        "mandag",
        "16:00",
        "18:00",
        "Rådhuset, mødelokale 1",
        CARLITO,
        FA_ITEMS,
        axis="FirstAgenda minutes: 'Punkt N:' headings, EMN case line after the heading, the "
        "decision before the text, 'At 1)' points, a wrapped title, a 'Lukket:' item",
        outcomes={"1": "approved", "2": "approved", "3": "approved"},
    ),
    Meeting(
        "odense-2024-05-13-referat-acadre-history",
        "acadre",
        "referat",
        "Teknik- og Miljøudvalget",
        "2024-05-13",
        "mandag",
        "15:00",
        "17:30",
        "Mødelokale 1, Rådhuset",
        SERIF,
        AC_ITEMS,
        meeting_name="Ordinært møde",
        footer="af",
        axis="Acadre minutes: running numbers from 715, 'Sagsnr. YY/NNNNN', TOC with column "
        "heads, an item that came back with an earlier dated decision",
        outcomes={"715": "approved", "716": "noted"},
    ),
)

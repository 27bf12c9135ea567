"""The meetings as Acadre prints them, more of each system, and the list of them all.

Continues ``systems_content`` (its helpers, styles and the eDoc and FirstAgenda items).
``MEETINGS`` is every sample ``make_samples.py`` writes through ``systems``.
"""

from __future__ import annotations

from .systems import Decision, Item, Meeting, Person, Style, SubPoint
from .systems_content import (
    CARLITO,
    CARLITO_EDOC,
    DEJAVU,
    EDOC_AGENDA_ITEMS,
    EDOC_EXTRACT_ITEM,
    EDOC_ITEMS,
    EDOC_PEOPLE,
    FA_AGENDA_ITEMS,
    FA_ITEMS,
    FA_KLE_ITEMS,
    KFU,
    SANS,
    SERIF,
    SERIF_EDOC,
    SFU,
    _sec,
    prose,
)

# -- Acadre --------------------------------------------------------------------------------

TMU = "Teknik- og Miljøudvalget"


def _ac_decision(date: str, text: str, body: str = TMU) -> Decision:
    y, m, d = date.split("-")
    return Decision(f"Beslutning i {body} den {d}-{m}-{y}", date, body, (text,))


AC_ITEMS = (
    Item(
        "715",
        "Lokalplan 1203 for boliger ved Ågade",
        case="24/01234",
        sections=(
            _sec(
                "Sagsfremstilling",
                "sagsfremstilling",
                (
                    "Udvalget udsatte sagen på sit møde i april for at få belyst trafikken ved "
                    "den nye boligbebyggelse. Forvaltningen har nu fået lavet en trafiktælling.",
                    "Tællingen viser, at vejen kan bære den ekstra trafik, hvis udkørslen flyttes "
                    "fem meter mod nord.",
                    *prose(17, 3, 2, 3),
                ),
            ),
            _sec(
                "Indstilling",
                "indstilling",
                (
                    "Forvaltningen indstiller, at forslaget til lokalplan 1203 vedtages og sendes "
                    "i offentlig høring i otte uger.",
                ),
            ),
            _sec(
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
            _ac_decision("2024-04-15", "Udsat."),
            _ac_decision("2024-05-13", "Indstillingen godkendt."),
        ),
    ),
    Item(
        "716",
        "Budgetopfølgning pr. 30. april 2024",
        case="24/00871",
        sections=(
            _sec("Sagsfremstilling", "sagsfremstilling", prose(7, 3, 3, 2)),
            _sec(
                "Indstilling",
                "indstilling",
                ("Forvaltningen indstiller, at budgetopfølgningen tages til efterretning.",),
            ),
        ),
        decisions=(_ac_decision("2024-05-13", "Taget til efterretning."),),
    ),
    Item(
        "717",
        "Salg af grund ved Havnegade (Lukket)",
        kind="Lukket",
        title="Salg af grund ved Havnegade",
        closed=True,
        case="24/01502",
        decisions=(_ac_decision("2024-05-13", "Godkendt."),),
    ),
)

AC_AGENDA_ITEMS = (
    Item(
        "1003",
        "Godkendelse af dagsorden",
        case="23/00012",
        sections=(
            _sec(
                "Indstilling",
                "indstilling",
                ("Forvaltningen indstiller, at dagsordenen godkendes.",),
            ),
        ),
    ),
    Item(
        "1004",
        "Ny affaldsordning for sommerhusområderne",
        case="23/14877",
        sections=(
            _sec("Sagsfremstilling", "sagsfremstilling", prose(0, 3, 3, 3, 2, 3)),
            _sec("Økonomi", "okonomi", prose(18, 2)),
            _sec(
                "Indstilling",
                "indstilling",
                (
                    "Forvaltningen indstiller, at udvalget anbefaler Byrådet at godkende den nye "
                    "ordning.",
                ),
            ),
            _sec(
                "Bilag",
                "vedlagte_bilag",
                ("Beskrivelse af ordningen", "Takstoversigt"),
                entries=True,
            ),
        ),
    ),
    Item(
        "1005",
        "Opfølgning på vandhandleplanen",
        case="22/09120",
        sections=(
            _sec("Sagsfremstilling", "sagsfremstilling", prose(12, 3, 2, 3)),
            _sec(
                "Indstilling",
                "indstilling",
                ("Forvaltningen indstiller, at orienteringen tages til efterretning.",),
            ),
        ),
    ),
)
AC_PEOPLE = (
    Person("Hans Kirk", "V", "formand", status="invited"),
    Person("Mette Lau", "A", "næstformand", status="invited"),
    Person("Ole Ravn", "C", status="invited"),
    Person("Tina Krogh", "F", status="invited"),
    Person("Bo Skov", "Ø", status="absent"),
)


# -- more of each system -------------------------------------------------------------------

BU = "Beskæftigelsesudvalget"
BU_GEN = "Beskæftigelsesudvalgets"


def _bu_decision(number: str, text: str) -> Decision:
    return Decision(f"{BU_GEN} beslutning den 29.11.2022 Punkt {number}", "2022-11-29", BU, (text,))


EDOC_SERIF_ITEMS = (
    Item(
        "1",
        "Meddelelser",
        case="2022-20012",
        document="2022-301144",
        sub_points=(
            SubPoint(
                "a",
                "Ledighedstal for oktober 2022",
                paras=prose(11, 1),
                bilag=(("2022-300871", "Ledighedsstatistik oktober 2022"),),
            ),
            SubPoint("b", "Jobmesse i Herlev Hallen den 12. januar 2023"),
        ),
        decisions=(_bu_decision("1", "Taget til efterretning"),),
        absent_line=True,
    ),
    Item(
        "2",
        "Beskæftigelsesplan 2023",
        case="2022-18870",
        document="2022-299310",
        earlier=(("Beskæftigelsesudvalget den 25. oktober 2022 Punkt 4", "2022-10-25", BU),),
        sections=(
            _sec("Sammendrag", "resume", prose(4, 2)),
            _sec("Sagsfremstilling", "sagsfremstilling", prose(6, 3, 3, 3, 2)),
            _sec("Økonomiske konsekvenser", "okonomi", prose(18, 1)),
            _sec("Beslutningen træffes af", "beslutningen_traeffes_af", ("Kommunalbestyrelsen",)),
            _sec(
                "Bilag", "vedlagte_bilag", ("2022-299322 - Beskæftigelsesplan 2023",), entries=True
            ),
            _sec(
                "Indstilling",
                "indstilling",
                (
                    "Direktionen indstiller, at udvalget anbefaler Kommunalbestyrelsen at godkende "
                    "beskæftigelsesplanen.",
                ),
            ),
        ),
        decisions=(_bu_decision("2", "Anbefales godkendt"),),
        absent_line=True,
        absent=("Kim Bach (O)", "Lise Holt (B)"),
    ),
    Item(
        "3",
        "Virksomhedsrettet indsats for unge ledige",
        case="2022-21345",
        document="2022-300002",
        sections=(
            _sec("Sagsfremstilling", "sagsfremstilling", prose(13, 3, 3, 2)),
            _sec("Beslutningen træffes af", "beslutningen_traeffes_af", (BU,)),
            _sec(
                "Indstilling",
                "indstilling",
                ("Direktionen indstiller, at indsatsen godkendes som beskrevet.",),
            ),
        ),
        decisions=(_bu_decision("3", "Afvist"),),
    ),
    Item(
        "4",
        "Klagesag vedrørende sygedagpenge",
        closed=True,
        kind="Lukket",
        case="2022-22110",
        document="2022-301500",
        decisions=(_bu_decision("4", "Oversendt til Kommunalbestyrelsen"),),
    ),
)
EDOC_SERIF_PEOPLE = (
    Person("Ulla Winther", "A", "formand"),
    Person("Kim Bach", "O", "næstformand"),
    Person("Lise Holt", "B"),
    Person("Tage Mose", "V"),
    Person("Rikke Aagaard", "F"),
    Person("Søren Dyhr", "C", status="absent"),
)

OKU = "Økonomiudvalget"


def _oku_decision(text: str) -> Decision:
    return Decision(f"Beslutning i {OKU} den 16-04-2024", "2024-04-16", OKU, (text,))


FA_DATED_ITEMS = (
    Item(
        "1",
        "Meddelelser",
        case="SAG-2024-01120",
        sections=(_sec("Resume", "resume", prose(17, 2)),),
        decisions=(_oku_decision("Taget til efterretning."),),
    ),
    Item(
        "2",
        "Anlægsregnskab for renovering af Søholt Skole",
        case="SAG-2023-08812",
        sections=(
            _sec("Resume", "resume", prose(19, 2)),
            _sec("Indstilling", "indstilling", ("Det indstilles, at anlægsregnskabet godkendes.",)),
            _sec("Sagsfremstilling", "sagsfremstilling", prose(0, 3, 3, 2, 3)),
            _sec("Økonomi", "okonomi", prose(7, 2)),
            _sec("Bilag", "vedlagte_bilag", ("Anlægsregnskab Søholt Skole",), entries=True),
        ),
        decisions=(_oku_decision("Godkendt."),),
    ),
    Item(
        "3",
        "Ansøgning om tilskud til kulturhus i Them",
        case="SAG-2024-00311",
        sections=(
            _sec("Resume", "resume", prose(21, 2)),
            _sec(
                "Indstilling",
                "indstilling",
                ("Det indstilles, at sagen sendes videre til Kultur- og Fritidsudvalget.",),
            ),
            _sec("Sagsfremstilling", "sagsfremstilling", prose(5, 3, 2)),
        ),
        decisions=(_oku_decision("Sendt videre til Kultur- og Fritidsudvalget."),),
    ),
)

AC_SANS_ITEMS = (
    Item(
        "301",
        "Udbygning af Tåsinge Skole",
        case="23/18811",
        sections=(
            _sec("Sagsfremstilling", "sagsfremstilling", prose(2, 3, 3, 2, 3)),
            _sec(
                "Indstilling",
                "indstilling",
                ("Forvaltningen indstiller, at udvalget godkender projektforslaget.",),
            ),
            _sec("Bilag", "vedlagte_bilag", ("Projektforslag", "Tidsplan"), entries=True),
        ),
        decisions=(
            _ac_decision("2024-01-15", "Udsat.", "Børne- og Ungeudvalget"),
            _ac_decision(
                "2024-02-12", "Drøftet. Forvaltningen vender tilbage.", "Børne- og Ungeudvalget"
            ),
            _ac_decision("2024-03-11", "Godkendt.", "Børne- og Ungeudvalget"),
        ),
    ),
    Item(
        "302",
        "Kvalitetsrapport for skoleåret 2022-2023",
        case="23/20145",
        sections=(
            _sec("Sagsfremstilling", "sagsfremstilling", prose(14, 3, 3, 2)),
            _sec("Økonomi", "okonomi", prose(18, 1)),
            _sec(
                "Indstilling",
                "indstilling",
                ("Forvaltningen indstiller, at kvalitetsrapporten tages til efterretning.",),
            ),
        ),
        decisions=(
            _ac_decision("2024-03-11", "Taget til efterretning.", "Børne- og Ungeudvalget"),
        ),
    ),
    Item(
        "304",
        "Elevfordeling til 10. klasse",
        case="24/00233",
        sections=(
            _sec("Sagsfremstilling", "sagsfremstilling", prose(9, 3, 2)),
            _sec(
                "Indstilling",
                "indstilling",
                (
                    "Forvaltningen indstiller, at udvalget anbefaler Byrådet at godkende "
                    "fordelingen.",
                ),
            ),
        ),
        decisions=(_ac_decision("2024-03-11", "Anbefales.", "Børne- og Ungeudvalget"),),
    ),
)
AC_SANS_PEOPLE = (
    Person("Jonna Præst", "A", "formand"),
    Person("Per Nørgaard", "V"),
    Person("Anne Løkke", "F"),
    Person("Bent Nyholm", "C", status="absent"),
)

AC_DEJAVU_ITEMS = (
    Item(
        "1210",
        "Godkendelse af dagsorden",
        case="24/00002",
        sections=(
            _sec(
                "Indstilling",
                "indstilling",
                ("Forvaltningen indstiller, at dagsordenen godkendes.",),
            ),
        ),
    ),
    Item(
        "1211",
        "Strategi for grøn omstilling af kommunens bygninger frem mod 2030 og de "
        "første konkrete projekter",
        case="24/03377",
        sections=(
            _sec("Sagsfremstilling", "sagsfremstilling", prose(1, 3, 3, 3, 2, 3)),
            _sec("Økonomi", "okonomi", prose(18, 2)),
            _sec(
                "Indstilling",
                "indstilling",
                ("Forvaltningen indstiller, at strategien sendes i høring.",),
            ),
            _sec(
                "Bilag",
                "vedlagte_bilag",
                ("Strategi for grøn omstilling", "Liste over projekter"),
                entries=True,
            ),
        ),
    ),
    Item(
        "1213",
        "Køb af ejendom (Lukket)",
        kind="Lukket",
        title="Køb af ejendom",
        closed=True,
        case="24/03901",
    ),
)
AC_DEJAVU_PEOPLE = (
    Person("Karen Dam", "A", "formand", status="invited"),
    Person("Henrik Bro", "V", "næstformand", status="invited"),
    Person("Pia Kjeldsen", "F", status="invited"),
    Person("Jan Hald", "C", status="invited"),
    Person("Mona Vinther", "Ø", status="invited"),
    Person("Erik Sand", "O", status="invited"),
    Person("Lone Lund", "B", status="invited"),
    Person("Finn Bak", "V", status="absent"),
)


def _edoc(
    name: str,
    date: str,
    kind: str,
    body: str,
    style: Style,
    items: tuple[Item, ...],
    axis: str,
    outcomes: dict[str, str],
    **more: object,
) -> Meeting:
    return Meeting(
        name,
        "edoc",
        kind,
        body,
        date,
        "",
        "16:00",
        None,
        "Mødelokale 2 på Ballerup Rådhus",
        style,
        items,
        axis=axis,
        outcomes=outcomes,
        **more,
    )  # type: ignore[arg-type]


MEETINGS = (
    _edoc(
        "ballerup-2023-03-07-referat-edoc-subpoints",
        "2023-03-07",
        "referat",
        SFU,
        SANS,
        EDOC_ITEMS,
        people=EDOC_PEOPLE,
        secretary="Hanne Vestergaard",
        axis="eDoc minutes (Liberation Sans): running block, cover lists, TOC with open and "
        "closed part, sub-points with their own Bilag, Dok.nr., dated decision labels, "
        "per-item absence, a closed item",
        outcomes={"1": "noted", "2": "approved", "3": "discussed", "4": "postponed"},
    ),
    _edoc(
        "ballerup-2023-04-18-dagsorden-edoc-closed-part",
        "2023-04-18",
        "dagsorden",
        KFU,
        DEJAVU,
        EDOC_AGENDA_ITEMS,
        axis="eDoc agenda (DejaVu Sans 9): two closed items in the TOC's closed part, a line "
        "naming an earlier treatment under Dok.nr., a sub-point title over two lines",
        outcomes={},
    ),
    _edoc(
        "ballerup-2023-04-25-referat-edoc-extract",
        "2023-04-25",
        "referat",
        SFU,
        CARLITO_EDOC,
        (EDOC_EXTRACT_ITEM,),
        cover=False,
        axis="one eDoc item exported on its own (Carlito): no cover, no TOC, no running "
        "block; body and date only from the dated decision label",
        outcomes={"6": "noted"},
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
        axis="FirstAgenda minutes (Carlito): 'Punkt N:' headings, EMN case line after the "
        "heading, the decision before the text, 'At 1)' points, a wrapped title, Sagsforløb, "
        "a 'Lukket:' item",
        outcomes={"1": "approved", "2": "approved", "3": "postponed", "4": "approved"},
    ),
    Meeting(
        "aarhus-2024-03-04-dagsorden-firstagenda-toc-no-numbers",
        "firstagenda",
        "dagsorden",
        "Børne- og Skoleudvalget",
        "2024-03-04",
        "mandag",
        "15:00",
        "17:00",
        "Rådhuset, mødelokale 3",
        SANS,
        FA_AGENDA_ITEMS,
        toc_numbers=False,
        axis="FirstAgenda agenda (Liberation Sans): TOC of titles without numbers, SAG case "
        "numbers, 'Det indstilles' recommendations, a closed item marked '(Lukket)'",
        outcomes={},
    ),
    Meeting(
        "horsens-2023-09-12-referat-firstagenda-kle",
        "firstagenda",
        "referat",
        "Plan- og Miljøudvalget",
        "2023-09-12",
        "tirsdag",
        "08:00",
        "10:30",
        "Rådhuset, Udvalgsværelse 1",
        DEJAVU,
        FA_KLE_ITEMS,
        axis="FirstAgenda minutes (DejaVu Sans 9): KLE case numbers, decisions under "
        "'Beslutninger' after the text, a title wrapping over two lines",
        outcomes={"1": "approved", "2": "recommended", "3": "noted"},
    ),
    Meeting(
        "odense-2024-05-13-referat-acadre-history",
        "acadre",
        "referat",
        TMU,
        "2024-05-13",
        "mandag",
        "15:00",
        "17:30",
        "Mødelokale 1, Rådhuset",
        SERIF,
        AC_ITEMS,
        meeting_name="Ordinært møde",
        footer="af",
        axis="Acadre minutes (Liberation Serif): running numbers from 715, 'Sagsnr. YY/NNNNN', "
        "TOC with column heads, an item back with an earlier dated decision, 'Side N af M', "
        "a closed item",
        outcomes={"715": "approved", "716": "noted", "717": "approved"},
    ),
    Meeting(
        "vejle-2023-11-20-dagsorden-acadre-n-of-m",
        "acadre",
        "dagsorden",
        TMU,
        "2023-11-20",
        "mandag",
        "16:00",
        "18:00",
        "Byrådssalen, Vejle Rådhus, Skolegade 1",
        CARLITO,
        AC_AGENDA_ITEMS,
        meeting_name="Ordinært møde",
        footer="of",
        people=AC_PEOPLE,
        axis="Acadre agenda (Carlito): four-digit running numbers from 1003, members and "
        "'Fraværende' on the cover, 'N of M' in the running header",
        outcomes={},
    ),
    _edoc(
        "herlev-2022-11-29-referat-edoc-serif-absent",
        "2022-11-29",
        "referat",
        BU,
        SERIF_EDOC,
        EDOC_SERIF_ITEMS,
        people=EDOC_SERIF_PEOPLE,
        secretary="Maja Toft",
        axis="eDoc minutes (Liberation Serif): 'Følgende deltog ikke' with names under two "
        "items, an earlier treatment line beside this meeting's decision, a rejected item, a "
        "closed item",
        outcomes={"1": "noted", "2": "recommended", "3": "rejected", "4": "referred"},
    ),
    Meeting(
        "silkeborg-2024-04-16-referat-firstagenda-number-dot",
        "firstagenda",
        "referat",
        OKU,
        "2024-04-16",
        "tirsdag",
        "14:00",
        "16:00",
        "Rådhuset, Byrådssalen",
        SERIF,
        FA_DATED_ITEMS,
        punkt=False,
        axis="FirstAgenda minutes (Liberation Serif): 'N. Title' headings and TOC, SAG case "
        "numbers, decisions under 'Beslutning i Økonomiudvalget den 16-04-2024' after the "
        "text",
        outcomes={"1": "noted", "2": "approved", "3": "referred"},
    ),
    Meeting(
        "svendborg-2024-03-11-referat-acadre-three-decisions",
        "acadre",
        "referat",
        "Børne- og Ungeudvalget",
        "2024-03-11",
        "mandag",
        "16:30",
        "19:00",
        "Mødelokale 3, Ramsherred 5",
        SANS,
        AC_SANS_ITEMS,
        meeting_name="Ordinært møde",
        footer="af",
        people=AC_SANS_PEOPLE,
        axis="Acadre minutes (Liberation Sans): numbers from 301 with a gap, three dated "
        "decisions under one item (two go to the history), members and 'Fraværende'",
        outcomes={"301": "approved", "302": "noted", "304": "recommended"},
    ),
    Meeting(
        "kolding-2024-06-03-dagsorden-acadre-two-columns",
        "acadre",
        "dagsorden",
        "Klima- og Miljøudvalget",
        "2024-06-03",
        "mandag",
        "08:30",
        "10:00",
        "Udvalgsværelse 2, Kolding Rådhus, Akseltorv 1",
        DEJAVU,
        AC_DEJAVU_ITEMS,
        meeting_name="Ordinært møde",
        footer="af",
        people=AC_DEJAVU_PEOPLE,
        two_columns=True,
        axis="Acadre agenda (DejaVu Sans 9): members in two columns, 'Fraværende', running "
        "numbers from 1210 with a gap, a heading over two lines, a closed item",
        outcomes={},
    ),
)

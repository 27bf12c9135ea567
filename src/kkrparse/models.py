"""The output contract: pydantic models for one parsed agenda or set of minutes.

These models are the only shape kkrparse promises to its users. The JSON Schema in
``schemas/agenda.schema.json`` is generated from them (``kkrparse schema``), and a test fails
when the committed schema drifts from the models.

Conventions:

- scalars are ``None`` when the document does not say; lists are ``[]`` when empty;
- pages are physical, 1-based page indexes of the PDF (or ``\\f``-separated text);
- texts are as printed, with line-end hyphens repaired and whitespace collapsed.
"""

from __future__ import annotations

import datetime
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field

#: 1.2 added ``classification``, ``Attendee.party``, the ``invited`` and ``other`` statuses and
#: ``Item.absent``. 1.3 added the meeting system's profile (``Source.profile``), the download
#: address (``Source.url``), ``Item.closed``, ``document_number``, ``decision_history``,
#: ``decision_outcome``, ``attachment_refs`` and ``sub_points``, and the section keys
#: ``resume``, ``beslutningspunkter``, ``okonomi``, ``sagsforloeb``,
#: ``beslutningen_traeffes_af`` and ``other``. Earlier JSON (without them) still loads.
SCHEMA_VERSION = "1.3"

DocumentType = Literal["dagsorden", "referat"]
#: ``invited``: listed as a member in an agenda, before the meeting (who came is not known
#: yet); ``other``: not a member but there, such as the secretary or other staff.
AttendanceStatus = Literal["present", "absent", "substitute", "invited", "other"]
SectionKey = Literal[
    "intro", "resume", "baggrund", "indstilling", "beslutningspunkter", "sagsfremstilling",
    "okonomi", "sagsforloeb", "beslutningen_traeffes_af", "beslutning", "vedlagte_bilag",
    "other",
]  # fmt: skip
#: A decision's class (``DecisionOutcome.class_``, ``"class"`` in JSON), strongest final act
#: first.
OutcomeClass = Literal[
    "rejected", "approved", "recommended", "referred", "postponed", "noted", "discussed", "other"
]


class _Model(BaseModel):
    # Extra fields are welcome when *reading* JSON written by a newer kkrparse.
    model_config = ConfigDict(extra="allow", frozen=True)


#: The longest title a short repr shows; a notebook cell shows a list of items one per line.
_REPR_TITLE: Final = 50


def _short(text: str | None, limit: int = _REPR_TITLE) -> str:
    if text is None:
        return "?"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class Source(_Model):
    """Where the document came from and what read it."""

    filename: str | None = Field(
        description="File name of the input; null for text given as a string."
    )
    sha256: str = Field(description="SHA-256 of the PDF bytes, or of the UTF-8 text.")
    page_count: int = Field(ge=0, description="Pages in the PDF (or text pages).")
    engine: str = Field(description='Extraction engine: "pdfplumber", "pdfium" or "text".')
    parser_version: str = Field(description="The kkrparse version that wrote this JSON.")
    url: str | None = Field(
        default=None,
        description="The address the PDF was downloaded from, after redirects; null for a "
        "file. (Added in 1.3.)",
    )
    profile: str | None = Field(
        default=None,
        description='The meeting system whose way of printing was read: "kl", "edoc", '
        '"firstagenda" or "acadre"; null for JSON older than 1.3. (Added in 1.3.)',
    )
    profile_evidence: list[str] = Field(
        default_factory=list,
        description="What chose the profile, for a person: the printed signatures found and "
        "the PDF's producer when it hinted. (Added in 1.3.)",
    )


class Attendee(_Model):
    """One person of the cover's participant lists."""

    name: str = Field(description='The name as printed, e.g. "Lolan Ottesen".')
    role: str | None = Field(default=None, description='Role as printed, e.g. "formand".')
    municipality: str | None = Field(
        default=None, description='The municipality printed with the name, e.g. "Lolland".'
    )
    party: str | None = Field(
        default=None,
        description='Party letters printed in brackets after the name, e.g. "A" for '
        '"Lolan Ottesen (A) - formand"; null when none is printed. (Added in 1.2.)',
    )
    status: AttendanceStatus = Field(
        description='"present", "absent", "substitute" (came for an absent member), '
        '"invited" (a member listed in an agenda, before the meeting) or "other" (the '
        "secretary, staff and guests). invited and other were added in 1.2."
    )


class Meeting(_Model):
    """Meeting facts, read from the cover and the running header only, never from item text."""

    body: str | None = Field(description='The council, e.g. "KKR Sjælland".')
    date: datetime.date | None = Field(
        description="The meeting's date; ISO YYYY-MM-DD in JSON (a datetime.date in Python)."
    )
    document_type: DocumentType | None = Field(
        description='"dagsorden" (an agenda) or "referat" (minutes), from the cover.'
    )
    start_time: str | None = Field(default=None, description="HH:MM, 24 h.")
    end_time: str | None = Field(default=None, description="HH:MM, 24 h.")
    location: str | None = Field(default=None, description="Where the meeting is held.")
    attendance: list[Attendee] = Field(
        default_factory=list, description="The cover's participant lists, in printed order."
    )

    def _label(self) -> str:
        date = self.date.isoformat() if self.date else "no date"
        return f"{self.body or 'no body'} {date} {self.document_type or 'no type'}"

    def __repr__(self) -> str:
        # The pydantic repr lists every attendee: too much for a notebook cell.
        return f"<Meeting {self._label()}: {_plural(len(self.attendance), 'attendee')}>"

    __str__ = __repr__


class TocEntry(_Model):
    """One entry of the printed table of contents."""

    number: str = Field(description='The item number the entry points to: "2.3".')
    title: str = Field(description="Title as printed in the TOC, kind prefix included.")
    page: int | None = Field(description="The page number printed in the TOC.")


class Section(_Model):
    """A labelled part of an item (Baggrund, Indstilling, ...)."""

    key: SectionKey = Field(
        description="What the label means, the same for every meeting system: "
        '"Sammendrag" and "Resume" are "resume", "Bilag" is "vedlagte_bilag". "other" is a '
        "label that recurs in the document but no profile knows; its heading says which."
    )
    heading: str | None = Field(description="The label as printed; null for the intro section.")
    text: str = Field(description="The section's text: paragraphs separated by blank lines.")
    page_start: int = Field(description="Page of the label (or first line).")
    page_end: int = Field(description="Page of the last line.")

    def __repr__(self) -> str:
        pages = f"p. {self.page_start}" + (
            f"-{self.page_end}" if self.page_end != self.page_start else ""
        )
        return f"<Section {self.key} {pages}: {len(self.text):,} chars>"

    __str__ = __repr__


class AttachmentRef(_Model):
    """A registry number printed with an attachment's title: ``2012-208960 - Title``."""

    number: str = Field(description="The registry (document) number as printed.")
    title: str = Field(description="The attachment's title, as in ``attachments``.")


class SubPoint(_Model):
    """A lettered point inside an item (``a.``, ``b.``), as eDoc prints them."""

    letter: str = Field(description='The letter without its dot: "a".')
    title: str = Field(description="The point's title as printed after its letter.")
    text: str = Field(description="The point's text, without its attachment list.")
    attachments: list[str] = Field(
        default_factory=list, description="Attachment titles listed under the point."
    )
    attachment_refs: list[AttachmentRef] = Field(
        default_factory=list, description="Registry numbers printed with those attachments."
    )
    page_start: int = Field(description="Page of the point's letter.")


class DecisionRecord(_Model):
    """A dated decision printed under an item, from this or an earlier meeting."""

    date: str | None = Field(description="ISO date of the decision's label.")
    body: str | None = Field(description="The body named in the label, in the nominative.")
    text: str | None = Field(
        description="The decision's text; null for a line that only names an earlier "
        'treatment ("Kommunalbestyrelsen den 30. januar 2012 Punkt 5").'
    )


class VoteCount(_Model):
    """One option of a recorded vote: ``For stemte: A, V (18)``."""

    option: Literal["for", "against", "abstain"] = Field(
        description='"for" (For stemte), "against" (Imod stemte) or "abstain" (Undlod at stemme).'
    )
    count: int | None = Field(
        description="The number of votes printed; null when only the parties are printed."
    )
    parties: list[str] = Field(default_factory=list, description="Party letters as printed.")


class DecisionOutcome(_Model):
    """What the decision did, read from its wording by the rule table in ``outcome``.

    The class is ``"class"`` in JSON and ``class_`` in Python (``class`` is a keyword);
    both names are accepted when reading.
    """

    model_config = ConfigDict(
        extra="allow", frozen=True, validate_by_alias=True, validate_by_name=True,
        serialize_by_alias=True,
    )  # fmt: skip

    class_: OutcomeClass = Field(
        alias="class",
        description="approved, recommended, noted, discussed, referred, postponed, rejected "
        "or other; other when the wording does not decide. Several acts: the strongest, in "
        "the order rejected, approved, recommended, referred, postponed, noted, discussed.",
    )
    evidence: str | None = Field(
        description="The phrase as printed that decided the class; for other, the words seen."
    )
    referred_to: str | None = Field(
        default=None,
        description="The body the decision sends the case on to or recommends it to, as "
        'printed ("Økonomiudvalget", "kommunalbestyrelserne"); null when none is named.',
    )
    amended: bool = Field(
        default=False,
        description="Adopted or sent on with changes, remarks, an amendment or an exception "
        '("med de faldne bemærkninger", "med følgende ændring", "med undtagelse af").',
    )
    votes: list[VoteCount] = Field(default_factory=list, description="The votes printed.")


class Link(_Model):
    """A hyperlink annotation, attached to the item whose text it sits on."""

    url: str = Field(description="The link's target address, as in the PDF.")
    text: str | None = Field(description="The visible words the link sits on.")
    page: int = Field(description="The page the link annotation sits on.")


class Item(_Model):
    """A numbered agenda item ("2.3")."""

    number: str = Field(
        description='The item number as printed, bare: "3", "715", "2.3" (no "Punkt", no dot).'
    )
    level: Literal[1, 2] = Field(description='1 for "2", 2 for "2.3".')
    parent: str | None = Field(description='The parent item\'s number ("2" for "2.3"), or null.')
    heading: str = Field(description="The heading as printed without the number.")
    kind: str | None = Field(
        description='The kind printed before a colon ("Beslutningssag" in "Beslutningssag: '
        'Title"), "Lukket" for a closed item without one, or null.'
    )
    title: str = Field(description="The heading without its kind.")
    closed: bool = Field(
        default=False,
        description="A closed item (lukket punkt): marked Lukket or listed in the closed "
        "part of the agenda. (Added in 1.3.)",
    )
    case_number: str | None = Field(
        default=None,
        description="The case reference where the meeting system prints it under the heading "
        '("SAG-2020-05887", "2011-29298", "12/34567"), without its label.',
    )
    case_officer: str | None = Field(
        default=None, description='Initials printed after the case number ("jebj").'
    )
    document_number: str | None = Field(
        default=None, description='The "Dok.nr." printed under the heading. (Added in 1.3.)'
    )
    page_start: int = Field(description="Page of the heading.")
    page_end: int = Field(description="Page of the item's last line.")
    sections: list[Section] = Field(
        default_factory=list, description="The item's labelled parts, in printed order."
    )
    recommendations: list[str] = Field(
        default_factory=list,
        description="The points of Indstilling (or Beslutningspunkter): list entries, else "
        "paragraphs.",
    )
    decision: str | None = Field(
        default=None,
        description="This meeting's decision: the one dated on the meeting's date, else the "
        "last one printed.",
    )
    decision_history: list[DecisionRecord] = Field(
        default_factory=list,
        description="Earlier dated decisions printed under the item, oldest first. (Added in 1.3.)",
    )
    decision_outcome: DecisionOutcome | None = Field(
        default=None, description="What the decision did; null without a decision. (Added in 1.3.)"
    )
    attachments: list[str] = Field(
        default_factory=list,
        description="Attachment titles, those listed under sub-points included, in order.",
    )
    attachment_refs: list[AttachmentRef] = Field(
        default_factory=list,
        description="Registry numbers printed with attachments, in order. (Added in 1.3.)",
    )
    sub_points: list[SubPoint] = Field(
        default_factory=list, description="Lettered points inside the item. (Added in 1.3.)"
    )
    links: list[Link] = Field(
        default_factory=list, description="Hyperlinks on the item's text, in page order."
    )
    absent: list[str] = Field(
        default_factory=list,
        description="Names printed under the item as not taking part in it "
        '("Følgende deltog ikke i behandlingen af punktet:"). (Added in 1.2.)',
    )

    def __repr__(self) -> str:
        return (
            f"<Item {self.number} {_short(self.heading)}: {_plural(len(self.sections), 'section')}>"
        )

    __str__ = __repr__


class ParseWarning(_Model):
    """Something kkrparse recovered from; ``code`` is one of the documented codes."""

    code: str = Field(description='One of the documented warning codes, e.g. "fonts_unknown".')
    message: str = Field(description="What was recovered from, for a person.")
    page: int | None = Field(default=None, description="The page concerned, or null.")
    severity: Literal["warning", "info"] = Field(
        default="warning", description='"info" notes are never escalated by strict mode.'
    )


class RemovedLine(_Model):
    """A line the layout stage dropped (running header, footer, page number)."""

    page: int = Field(description="The page the line was removed from.")
    text: str = Field(description="The line as printed.")
    reason: str = Field(description='Why it was dropped: "running_header_or_footer".')


class HyphenDecision(_Model):
    """How one line-end hyphen was resolved, and by which rule."""

    page: int = Field(description="The page of the hyphenated line end.")
    left: str = Field(description="The word ending in a hyphen at the line end.")
    right: str = Field(description="The first word of the next line.")
    result: str = Field(description="What the two became in the text.")
    rule: str = Field(description="The hyphenation rule that decided.")


class Evidence(_Model):
    """Raw decisions kept so a person can audit them (``ParseOptions.keep_evidence``)."""

    removed_lines: list[RemovedLine] = Field(
        default_factory=list, description="Running headers, footers and page labels dropped."
    )
    hyphenation: list[HyphenDecision] = Field(
        default_factory=list, description="Every line-end hyphen and how it was resolved."
    )


class Appendix(_Model):
    """Pages printed after the last item ("dagsorden med bilag"); they belong to no item."""

    page_start: int = Field(description="The first appended page.")
    page_end: int = Field(description="The last appended page.")


class ClassificationFinding(_Model):
    """One piece of evidence the classifier weighed: what was seen, and its weight."""

    signal: str = Field(description='What kind of evidence: "meeting_words", "item_structure", …')
    weight: float = Field(description="Positive speaks for a meeting document, negative against.")
    detail: str = Field(description="What was seen, for a person.")


class Classification(_Model):
    """Why the document was taken for the agenda or minutes of a meeting."""

    kind: Literal["meeting_document", "not_meeting_document"] = Field(
        description="The verdict: the agenda or minutes of a meeting, or not."
    )
    score: float = Field(description="The sum of the evidence's weights.")
    evidence: list[ClassificationFinding] = Field(
        default_factory=list, description="The findings weighed, strongest first."
    )


class Agenda(_Model):
    """One parsed KKR agenda (dagsorden) or set of minutes (referat)."""

    schema_version: str = Field(
        default=SCHEMA_VERSION, description='The version of this output contract, e.g. "1.3".'
    )
    source: Source = Field(description="The input: its name, hash, pages, address and engine.")
    meeting: Meeting = Field(description="The meeting: body, date, type, time, place, attendance.")
    toc: list[TocEntry] = Field(
        default_factory=list, description="The printed table of contents; [] when none."
    )
    items: list[Item] = Field(default_factory=list, description="Every numbered item, in order.")
    appendix: Appendix | None = Field(
        default=None,
        description="Where attachment pages appended after the last item start and end.",
    )
    classification: Classification | None = Field(
        default=None, description="The evidence that this is a meeting document (since 1.2)."
    )
    warnings: list[ParseWarning] = Field(
        default_factory=list, description="What the parser recovered from, with codes."
    )
    evidence: Evidence | None = Field(
        default=None, description="The audit trail (ParseOptions.keep_evidence); null when off."
    )

    def __repr__(self) -> str:
        # The pydantic repr of one real agenda is over 100,000 characters.
        return f"<Agenda {self.meeting._label()}: {_plural(len(self.items), 'item')}>"

    __str__ = __repr__

    def item(self, number: str) -> Item:
        """The item numbered ``number`` as printed, bare (``"2.3"``); KeyError if none is."""
        for item in self.items:
            if item.number == number:
                return item
        raise KeyError(f"no item {number!r} in this document")

    def to_json(self, indent: int | None = 2) -> str:
        """UTF-8 friendly JSON (no ASCII escapes), as the CLI writes it."""
        return self.model_dump_json(indent=indent, ensure_ascii=False)

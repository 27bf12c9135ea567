"""``kkrparse show``: a document's structure as a tree, or its text, for a person to read.

A PDF or .txt is parsed in a worker process under ``--timeout`` and ``--memory``, as
``kkrparse parse`` does; a saved .json is ours and read here. Text from the document reaches
the terminal through :func:`kkrparse.cli.common.printable`: a PDF may hold control
characters (an escape sequence in a heading would be a command to the terminal).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Final

import typer
from rich.console import Console
from rich.text import Text
from rich.tree import Tree

from kkrparse import Agenda, Attendee, Item, Meeting, ParseOptions, runner
from kkrparse.cli import common, remote
from kkrparse.cli.common import DEBUG_HELP, STRICT_HELP, ExitCode, printable


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _add_item(parent: Tree, item: Item) -> Tree:
    first, last = item.page_start, item.page_end
    pages = f"p. {first}" if first == last else f"pp. {first}–{last}"
    heading = printable(common.numbered(item.number, item.heading, separator=" "))
    label = Text.assemble((heading, "bold"), "  ", (pages, "dim"))
    if item.case_number:
        label.append(f"  {printable(item.case_number)}", style="cyan")
    node = parent.add(label)
    for section in item.sections:
        node.add(Text.assemble(section.key, "  ", (f"{len(section.text)} characters", "dim")))
    if item.sections or item.recommendations or item.attachments:  # not on bare group headings
        counts = [
            _plural(len(item.recommendations), "recommendation"),
            _plural(len(item.attachments), "attachment"),
        ]
        node.add(Text(", ".join(counts), style="dim"))
    for link in item.links:
        shown = (printable(link.text or ""), "italic"), " → ", (printable(link.url), "blue")
        node.add(Text.assemble("link ", *shown))
    return node


def _add_warnings(tree: Tree, agenda: Agenda) -> None:
    # "info" entries are notes (strict mode never fails on them), so they are counted apart.
    notes = sum(warning.severity == "info" for warning in agenda.warnings)
    counts = [(len(agenda.warnings) - notes, "warning"), (notes, "note")]
    label = ", ".join(_plural(count, word) for count, word in counts if count)
    branch = tree.add(Text(label, style="yellow"))
    for warning in agenda.warnings:
        where = f" (page {warning.page})" if warning.page is not None else ""
        style = "dim" if warning.severity == "info" else ""
        branch.add(Text(f"{warning.code}{where}: {printable(warning.message)}", style=style))


def _meeting_facts(meeting: Meeting) -> list[str]:
    """Body, date, type, time and place, as far as the document says."""
    facts = [
        meeting.body or "unknown body",
        meeting.date.isoformat() if meeting.date else "no date",
        meeting.document_type or "unknown type",
    ]
    if meeting.start_time:
        facts.append(meeting.start_time + (f"–{meeting.end_time}" if meeting.end_time else ""))
    if meeting.location:
        facts.append(meeting.location)
    return facts


#: How ``show --text`` heads each attendance group, in this order.
_STATUS_LABELS: Final = {
    "present": "Present",
    "substitute": "Substitutes",
    "absent": "Absent",
    "invited": "Members",
    "other": "Also present",
}


def _attendee(person: Attendee) -> str:
    name = person.name + (f" ({person.party})" if person.party else "")
    return ", ".join(part for part in (name, person.municipality, person.role) if part)


def _tree(agenda: Agenda) -> Tree:
    meeting = agenda.meeting
    facts = [*_meeting_facts(meeting), f"attendance {len(meeting.attendance)}"]
    tree = Tree(Text(printable(" · ".join(facts)), style="bold"))
    nodes: dict[str, Tree] = {}
    for item in agenda.items:
        # A sub-item hangs under its parent; one whose parent is not there stays at the top.
        nodes[item.number] = _add_item(nodes.get(item.parent or "", tree), item)
    if agenda.warnings:
        _add_warnings(tree, agenda)
    return tree


def _reading(agenda: Agenda) -> list[tuple[str, str]]:
    """Every item as a person reads it: ``(line, style)`` pairs, blank lines between parts.

    First the meeting (body, date, type, time, place) and its attendance by status; then
    for each item its heading, case line and pages, each section's label as printed and its
    text as in the JSON (paragraphs apart, list entries one per line), and its links.
    """
    out: list[tuple[str, str]] = [(" · ".join(_meeting_facts(agenda.meeting)), "bold")]
    for status, label in _STATUS_LABELS.items():
        people = [_attendee(p) for p in agenda.meeting.attendance if p.status == status]
        if people:
            out += [("", ""), (label, "bold"), *((person, "") for person in people)]
    for item in agenda.items:
        first, last = item.page_start, item.page_end
        where = [item.case_number or "", item.case_officer or ""]
        where.append(f"p. {first}" if first == last else f"pp. {first}–{last}")
        heading = common.numbered(item.number, item.heading)
        out += [("", ""), (heading, "bold"), (" · ".join(w for w in where if w), "dim")]
        for section in item.sections:
            out.append(("", ""))
            if section.heading:
                out.append((section.heading, "bold"))
            out += [(line, "") for line in section.text.split("\n")] if section.text else []
        if item.links:
            out.append(("", ""))
            for link in item.links:
                shown = f"{link.text} → " if link.text and link.text != link.url else ""
                out.append((f"link: {shown}{link.url}", "dim"))
    return out


def _read(
    file: str, options: ParseOptions, limits: runner.Limits, err: Console, debug: bool
) -> Agenda | None:
    """The document ``file`` names: a path, ``-`` (a PDF on stdin) or an address to download."""
    if not remote.is_remote(file):
        return common.read_limited(Path(file), options, limits, err, debug)
    with tempfile.TemporaryDirectory(prefix="kkrparse-") as folder:
        try:
            fetched = remote.fetch(file, Path(folder), limits.max_bytes, limits.timeout)
        except remote.FetchError as exc:
            common.report(err, file, exc.reason, str(exc), exc, debug)
            return None
        agenda = common.read_limited(fetched.path, options, limits, err, debug, label=file)
    return None if agenda is None else remote.with_origin(agenda, fetched)


def show(
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            help="A PDF, a .txt or a .json written by kkrparse; - for a PDF on stdin; an "
            "http:// or https:// address to download.",
            show_default=False,
        ),
    ],
    text: Annotated[
        bool, typer.Option("--text", help="Print every item's sections as text, in order.")
    ] = False,
    strict: Annotated[bool, typer.Option("--strict", help=STRICT_HELP)] = False,
    debug: Annotated[bool, typer.Option("--debug", help=DEBUG_HELP)] = False,
    timeout: common.Timeout = common.DEFAULT_TIMEOUT,
    memory: common.Memory = common.DEFAULT_MEMORY,
) -> None:
    """Show a document's structure as a tree (or its text), for a person to read.

    A PDF or .txt is parsed in a worker process under --timeout and --memory."""
    err = common.stderr_console()
    options = ParseOptions(strict=strict)
    agenda = _read(file, options, common.limits(timeout, memory), err, debug)
    if agenda is None:
        raise typer.Exit(ExitCode.FAILED)
    out = Console(highlight=False)
    if not text:
        out.print(_tree(agenda))
        return
    # Wrapped to the width of a terminal; piped, each paragraph stays on one line.
    for line, style in _reading(agenda):
        out.print(Text(printable(line), style=style), soft_wrap=not out.is_terminal)

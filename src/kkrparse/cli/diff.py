"""``kkrparse diff AGENDA MINUTES``: what changed between a meeting's agenda and its minutes.

AGENDA and MINUTES are files (a PDF, parsed in a worker as ``show`` does, or a .json written
by kkrparse) or, with ``--archive``, SHA-256 prefixes of archived documents. The comparison
is :func:`kkrparse.compare.diff`; this module only finds the two documents and renders.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from kkrparse import Agenda, ParseOptions
from kkrparse.archive import ArchiveError
from kkrparse.cli import common
from kkrparse.cli.common import ExitCode, printable
from kkrparse.compare import ItemChange, MeetingDiff, NotAPairError
from kkrparse.compare import diff as compare_diff

_VERDICT_STYLE = {"as_recommended": "green", "with_changes": "yellow", "other": "red"}


def _from_archive(root: Path, prefix: str) -> Agenda:
    from kkrparse.archive import politics
    from kkrparse.archive.store import open_database

    with open_database(root) as db:
        found = politics.json_by_prefix(db, prefix)
    if not found:
        raise common.usage_error(f"{prefix}: no archived document's SHA-256 starts so")
    if len(found) > 1:
        raise common.usage_error(f"{prefix}: {len(found)} archived documents start so; say more")
    return Agenda.model_validate_json((root / found[0][1]).read_bytes())


def _read(ref: str, root: Path | None, timeout: float, memory: int) -> Agenda:
    path = Path(ref)
    err = common.stderr_console()
    if root is not None and not common.exists(path):
        try:
            return _from_archive(root, ref)
        except ArchiveError as exc:
            common.error_line(err, str(exc))
            raise typer.Exit(ExitCode.ARCHIVE) from None
    agenda = common.read_limited(path, ParseOptions(), common.limits(timeout, memory), err, False)
    if agenda is None:
        raise typer.Exit(ExitCode.FAILED)
    return agenda


def _pairs(root: Path, as_json: bool, store: bool) -> None:
    from datetime import datetime, timezone

    from kkrparse.archive import politics
    from kkrparse.archive.store import open_database

    try:
        with open_database(root) as db:
            pairs = politics.find_pairs(db)
            if store:
                now = datetime.now(timezone.utc).isoformat(timespec="seconds")
                stored = politics.store_pair_diffs(db, root, now)
    except ArchiveError as exc:
        common.error_line(common.stderr_console(), str(exc))
        raise typer.Exit(ExitCode.ARCHIVE) from None
    out = Console(highlight=False)
    for pair in pairs:
        if as_json:
            row = {k: v for k, v in vars(pair).items() if not k.endswith("_json")}
            common.write_stdout(json.dumps(row, ensure_ascii=False))
        else:
            line = f"{pair.date}  {pair.body}  {pair.agenda_sha256[:12]} {pair.minutes_sha256[:12]}"
            files = f"  {pair.agenda_filename} ↔ {pair.minutes_filename}"
            out.print(Text.assemble(printable(line), (printable(files), "dim")), soft_wrap=True)
    common.stderr_console().print(f"{len(pairs)} pair{'s' if len(pairs) != 1 else ''}", style="dim")
    if store:
        common.stderr_console().print(
            f"{stored} diff{'s' if stored != 1 else ''} stored in meeting_pairs", style="dim"
        )


def _change(change: ItemChange) -> str:
    if change.change != "kept":
        return change.change
    what = [
        w for w, yes in (("renumbered", change.renumbered), ("retitled", change.retitled)) if yes
    ]
    return ", ".join(what) or "kept"


def _title(change: ItemChange) -> Text:
    a, m = change.agenda, change.minutes
    if a and m and change.retitled:
        return Text.assemble((printable(a.title), "strike"), " → ", printable(m.title))
    item = m or a
    assert item is not None
    return Text(printable(item.title))


def _table(result: MeetingDiff) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    for name in ("agenda", "minutes", "title", "change", "decision"):
        table.add_column(name, no_wrap=name != "title")
    for change in result.items:
        verdict = change.decision.verdict if change.decision else ""
        style = {"added": "green", "withdrawn": "red"}.get(change.change)
        table.add_row(
            change.agenda.number if change.agenda else "",
            change.minutes.number if change.minutes else "",
            _title(change),
            Text(_change(change), style=style or ("yellow" if _change(change) != "kept" else "")),
            Text(verdict.replace("_", " "), style=_VERDICT_STYLE.get(verdict, "dim")),
        )
    return table


def _summary(result: MeetingDiff) -> str:
    meeting = result.minutes.meeting
    counts = result.counts()
    parts = [f"{counts[k]} {k}" for k in ("kept", "added", "withdrawn", "renumbered", "retitled")]
    return f"{meeting.body or 'unknown body'} {meeting.date or 'no date'}: items " + ", ".join(
        parts
    )


def _attendance(out: Console, result: MeetingDiff) -> None:
    att = result.attendance
    lines = [
        ("invited", att.invited),
        ("present", att.present),
        ("absent", att.absent),
        ("substitutes", att.substitutes),
        ("came, not invited", att.not_invited),
        ("invited, not in the minutes", att.unaccounted),
    ]
    for label, names in lines:
        if names or label in ("invited", "present"):
            shown = ", ".join(printable(n) for n in names) or "none listed"
            out.print(Text.assemble((f"{label} ({len(names)}): ", "bold"), shown), soft_wrap=True)


def diff(
    agenda: Annotated[
        str | None, typer.Argument(help="The agenda: a PDF, a .json, or a SHA-256 prefix.")
    ] = None,
    minutes: Annotated[
        str | None, typer.Argument(help="The minutes: a PDF, a .json, or a SHA-256 prefix.")
    ] = None,
    archive_dir: Annotated[
        Path | None,
        typer.Option(
            "--archive", metavar="DIR", file_okay=False, help="Find SHA-256 prefixes here."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the diff as JSON.")] = False,
    store: Annotated[
        bool,
        typer.Option(
            "--store", help="With --archive alone: store every pair's diff in meeting_pairs."
        ),
    ] = False,
    timeout: common.Timeout = common.DEFAULT_TIMEOUT,
    memory: common.Memory = common.DEFAULT_MEMORY,
) -> None:
    """Compare a meeting's agenda with its minutes: items added, withdrawn, renumbered or
    retitled, each decision against its Indstilling, and the attendance.

    With --archive and no documents: list the archive's pairs (an agenda and the minutes of
    the same body and date), with the SHA-256 prefixes to give."""
    if agenda is None or minutes is None:
        if archive_dir is None or agenda is not None:
            raise common.usage_error("give AGENDA and MINUTES, or --archive alone to list pairs")
        _pairs(archive_dir, as_json, store)
        return
    first = _read(agenda, archive_dir, timeout, memory)
    second = _read(minutes, archive_dir, timeout, memory)
    try:
        result = compare_diff(first, second)
    except NotAPairError as exc:
        common.error_line(common.stderr_console(), f"{exc.reason}: {exc}")
        raise typer.Exit(ExitCode.FAILED) from None
    if as_json:
        common.write_stdout(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    out = Console(highlight=False)
    out.print(Text(printable(_summary(result)), style="bold"), soft_wrap=True)
    out.print(_table(result))
    _attendance(out, result)

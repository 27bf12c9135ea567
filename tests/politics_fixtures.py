"""Agendas and archives for the politics tests (case, diff, watch), made without parsing.

The committed samples' truth files are the parser output they must give, so an Agenda made
from one is what the parser makes of the PDF; building archives from them keeps these
tests fast. Hand-made agendas cover what no sample shows (added, withdrawn, renumbered).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from kkrparse import Agenda
from kkrparse.archive import db as dbm
from kkrparse.archive import store as arch

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
AGENDA = "kkr-sjaelland-2021-04-21-dagsorden"
MINUTES = "kkr-sjaelland-2021-04-21-referat"


def truth(name: str) -> Agenda:
    """The sample's truth as an Agenda, its source as the parser would write it."""
    data = json.loads((SAMPLES / f"{name}.expected.json").read_text(encoding="utf-8"))
    data.pop("must_not_appear", None)
    pdf = (SAMPLES / f"{name}.pdf").read_bytes()
    source = {"sha256": hashlib.sha256(pdf).hexdigest(), "engine": "pdfium"}
    data["source"] = {**data["source"], **source, "parser_version": "test"}
    return Agenda.model_validate(data)


def item(number: str, title: str, **extra: Any) -> dict[str, Any]:
    """One item as JSON: level and parent from the number, page 1 unless told."""
    parent = number.rsplit(".", 1)[0] if "." in number else None
    return {
        "number": number,
        "level": 2 if parent else 1,
        "parent": parent,
        "heading": title,
        "kind": None,
        "title": title,
        "page_start": 1,
        "page_end": 1,
        **extra,
    }


def agenda(
    document_type: str,
    items: list[dict[str, Any]],
    *,
    body: str = "KKR Syddanmark",
    date: str = "2022-03-01",
    attendance: list[dict[str, Any]] | None = None,
    name: str | None = None,
) -> Agenda:
    """A hand-made agenda or minutes; its SHA-256 is made from its content."""
    filename = name or f"{body.split()[-1].lower()}-{date}-{document_type}.pdf"
    meeting = {"body": body, "date": date, "document_type": document_type}
    content = json.dumps([filename, meeting, items], sort_keys=True).encode()
    return Agenda.model_validate(
        {
            "source": {
                "filename": filename,
                "sha256": hashlib.sha256(content).hexdigest(),
                "page_count": 1,
                "engine": "pdfium",
                "parser_version": "test",
            },
            "meeting": {**meeting, "attendance": attendance or []},
            "items": items,
        }
    )


def put(root: Path, document: Agenda, archived_at: str) -> None:
    """Archive ``document`` as a run would have (its JSON, a PDF copy, its rows)."""
    sha = document.source.sha256
    with arch.Archive(root) as store:
        for path, data in (
            (store.pdf_path(sha), b"%PDF-1.4 stand-in"),
            (store.json_path(sha), document.to_json().encode()),
        ):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        stored = dbm.StoredPaths(
            pdf=store.pdf_path(sha).relative_to(root).as_posix(),
            json=store.json_path(sha).relative_to(root).as_posix(),
        )
        with store.db.atomic():
            dbm.put_meeting(store.db, document, stored, archived_at)


def kkrparse_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a subprocess on this checkout, 100 columns wide and without colour, so
    its output can be compared exactly."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "100", "NO_COLOR": "1"}
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "kkrparse", *map(str, args)],
        capture_output=True, text=True, encoding="utf-8", env=env, check=False,
    )  # fmt: skip

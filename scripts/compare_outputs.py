"""Check that a refactor changed no output: parse every sample with the code of REV and
with the working tree, and compare the JSON byte for byte.

    python scripts/compare_outputs.py HEAD~3            # samples/, both engines
    python scripts/compare_outputs.py main --engine pdfium --samples samples

REV's code is checked out into a temporary git worktree and imported from there in a
subprocess (``PYTHONPATH``), so the two runs share nothing but the sample files. Both runs
use only the public API that every version has (``kkrparse.parse_pdf`` with
``ParseOptions(engine=...)``), and ``parse_text`` on the sample's ``pdftotext -layout``
output when poppler is installed. Exit status 0: identical; 1: a difference (listed).

``--ignore-field NAME`` (repeatable) drops every object key NAME, at any depth, from both
outputs before comparing, together with ``schema_version``: how to check that a change
added fields and changed nothing else (``--ignore-field party --ignore-field absent``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Runs inside the subprocess: parse every PDF given and print one JSON object per line,
# keyed by file and engine, with the document's JSON (or the error's reason).
_DUMP = r"""
import json, shutil, subprocess, sys
import kkrparse
from kkrparse import ParseOptions
engines = sys.argv[1].split(",")
for path in sys.argv[2:]:
    for engine in engines:
        try:
            out = kkrparse.parse_pdf(path, ParseOptions(engine=engine)).to_json()
        except kkrparse.KkrParseError as exc:
            out = "error: " + type(exc).__name__ + ": " + str(exc)
        print(json.dumps({"file": path, "engine": engine, "json": out}))
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True,
                              check=True).stdout.decode("utf-8")
        try:
            out = kkrparse.parse_text(text).to_json()
        except kkrparse.KkrParseError as exc:
            out = "error: " + type(exc).__name__ + ": " + str(exc)
        print(json.dumps({"file": path, "engine": "text", "json": out}))
"""


def _dump(src: Path, engines: str, pdfs: list[str]) -> dict[tuple[str, str], str]:
    env = dict(os.environ, PYTHONPATH=str(src))
    proc = subprocess.run(
        [sys.executable, "-c", _DUMP, engines, *pdfs],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"parsing with {src} failed:\n{proc.stderr[-4000:]}")
    out: dict[tuple[str, str], str] = {}
    for line in proc.stdout.splitlines():
        rec = json.loads(line)
        out[(rec["file"], rec["engine"])] = rec["json"]
    return out


def _without(value: object, fields: frozenset[str]) -> object:
    if isinstance(value, dict):
        return {k: _without(v, fields) for k, v in value.items() if k not in fields}
    if isinstance(value, list):
        return [_without(v, fields) for v in value]
    return value


def _strip(out: str | None, fields: frozenset[str]) -> str | None:
    """The JSON without the ignored fields (error lines and missing outputs as they are)."""
    if not fields or out is None or out.startswith("error: "):
        return out
    return json.dumps(_without(json.loads(out), fields | {"schema_version"}), sort_keys=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("rev", help="the git revision whose output is the reference")
    ap.add_argument("--samples", default="samples", help="folder of sample PDFs")
    ap.add_argument("--engine", default="pdfium,pdfplumber", help="comma-separated engines")
    ap.add_argument(
        "--ignore-field",
        action="append",
        default=[],
        metavar="NAME",
        help="leave this key out of both outputs (repeatable), and schema_version with it",
    )
    args = ap.parse_args()
    ignored = frozenset(args.ignore_field)

    pdfs = sorted(str(p.relative_to(ROOT)) for p in (ROOT / args.samples).glob("*.pdf"))
    tmp = Path(tempfile.mkdtemp(prefix="kkrparse-compare-"))
    try:
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(tmp / "ref"), args.rev],
            cwd=ROOT, check=True, capture_output=True,
        )
        before = _dump(tmp / "ref" / "src", args.engine, pdfs)
        after = _dump(ROOT / "src", args.engine, pdfs)
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tmp / "ref")],
                       cwd=ROOT, check=False, capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)

    differ = sorted(
        k
        for k in before.keys() | after.keys()
        if _strip(before.get(k), ignored) != _strip(after.get(k), ignored)
    )
    for file, engine in differ:
        print(f"differs: {file} [{engine}]")
    leaving = f" (without {', '.join(sorted(ignored))}, schema_version)" if ignored else ""
    print(f"{len(before)} outputs compared against {args.rev}{leaving}: {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())

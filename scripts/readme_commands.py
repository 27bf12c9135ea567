"""Print one of the two commands of the README's Quick start.

    python scripts/readme_commands.py run    # (1) install and run the main job on samples/
    python scripts/readme_commands.py test   # (2) install and pass the tests

The first ```bash block under "## Quick start" holds exactly these two lines; CI runs the
second one as written, so the README cannot drift from what CI checks.
"""

from __future__ import annotations

import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def quick_start(text: str) -> list[str]:
    """The command lines of the first ```bash block after the Quick start heading."""
    section = text.split("\n## Quick start\n", 1)[1]
    block = section.split("```bash\n", 1)[1].split("\n```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def main() -> int:
    which = sys.argv[1:] or [""]
    commands = quick_start(README.read_text(encoding="utf-8"))
    if len(commands) != 2 or which[0] not in ("run", "test"):
        print(__doc__, file=sys.stderr)
        return 2
    print(commands[0] if which[0] == "run" else commands[1])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

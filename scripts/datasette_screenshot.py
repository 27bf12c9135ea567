"""Take a screenshot of a Datasette search result page over a kkrparse archive.

Serves the archive's database with Datasette on a free local port, opens a full-text search
of the ``items`` table in headless Chromium, and saves a PNG. It shows that the archive is
browsable as is: no metadata file, no plugin.

Needs Datasette (``pip install -e '.[archive]'``) and Chromium (Debian: ``apt-get install
chromium``)::

    kkrparse archive samples/ --archive /tmp/kkr-archive
    python scripts/datasette_screenshot.py /tmp/kkr-archive/archive.sqlite SOSU -o search.png

Options: ``--table sections`` searches section texts instead of item headings;
``--chromium PATH`` names the browser binary.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
WINDOW = "1280,1000"
START_TIMEOUT = 60.0  # seconds for Datasette to start serving


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_serving(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"datasette exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"datasette did not answer at {url} within {START_TIMEOUT:.0f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database", type=Path, help="the archive's archive.sqlite")
    parser.add_argument("query", help="full-text search, e.g. SOSU")
    parser.add_argument("-o", "--output", type=Path, default=Path("datasette-search.png"))
    parser.add_argument("--table", default="items", choices=["items", "sections"])
    parser.add_argument("--chromium", help="the browser binary (default: found on PATH)")
    args = parser.parse_args(argv)
    browser = args.chromium or next(filter(None, map(shutil.which, BROWSERS)), None)
    if browser is None:
        print("no Chromium found: apt-get install chromium, or pass --chromium", file=sys.stderr)
        return 2
    if not args.database.is_file():
        print(f"{args.database}: no such database", file=sys.stderr)
        return 2
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", str(args.database), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until_serving(base + "/-/versions.json", server)
        name = args.database.stem
        query = urllib.parse.urlencode({"_search": args.query})
        url = f"{base}/{urllib.parse.quote(name)}/{args.table}?{query}"
        output = args.output.resolve()
        subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",  # running as root in a container needs it
                "--disable-gpu",
                "--hide-scrollbars",
                f"--window-size={WINDOW}",
                f"--screenshot={output}",
                url,
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=120,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"{url} -> {output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

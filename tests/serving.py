"""Start ``kkrparse serve`` in a subprocess on a free port, and archive a few samples.

Shared by ``test_serve.py`` and ``test_browser.py``: both talk to the real command over
HTTP, as a person's browser does.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"

#: Samples archived for the served tests: two councils, an agenda and minutes, and the
#: SOSU item the search tests look for.
ARCHIVED_SAMPLES = (
    "kkr-hovedstaden-2022-03-10-dagsorden-kl-style.pdf",
    "kkr-hovedstaden-2023-01-26-referat-lo-synthetic-bold-long-headings.pdf",
    "kkr-midtjylland-2023-03-16-referat-hanging-indent-bilag.pdf",
)

START_TIMEOUT = 60.0  # seconds for the server to answer; a busy 2-core machine is slow


def environment() -> dict[str, str]:
    """This process's environment with this checkout's src first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    return env


def kkrparse(*args: str | Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run ``python -m kkrparse ARGS`` and capture its output as text."""
    command = [sys.executable, "-m", "kkrparse", *map(str, args)]
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        command, capture_output=True, text=True, env=environment(), timeout=300, **kwargs
    )


def make_archive(folder: Path) -> Path:
    """An archive of :data:`ARCHIVED_SAMPLES` in ``folder``/archive."""
    sources = folder / "sources"
    sources.mkdir()
    for name in ARCHIVED_SAMPLES:
        (sources / name).write_bytes((SAMPLES / name).read_bytes())
    archive = folder / "archive"
    done = kkrparse("archive", sources, "--archive", archive, "--workers", "1")
    assert done.returncode == 0, done.stderr
    return archive


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(archive: Path, host: str | None = None) -> Iterator[str]:
    """``kkrparse serve --archive ARCHIVE --port N [--host HOST]`` running; yields its base
    URL (on 127.0.0.1 unless ``host`` says otherwise)."""
    port = free_port()
    where = ["--host", host] if host else []
    server = subprocess.Popen(
        [
            sys.executable,
            *("-m", "kkrparse", "serve", "--archive", str(archive), "--port", str(port)),
            *where,
        ],
        env=environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://{host or '127.0.0.1'}:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if server.poll() is not None:
                raise AssertionError(f"serve exited {server.returncode}: {server.stderr!r}")
            try:
                with urllib.request.urlopen(base + "/-/versions.json", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stderr is not None:
            server.stderr.close()

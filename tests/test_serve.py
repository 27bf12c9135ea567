"""``kkrparse serve``: Datasette over an archive, on localhost, and a clear word without it."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

import skips
from serving import environment, kkrparse, make_archive, serving

pytest.importorskip("datasette")

#: Runs the CLI with Datasette made unimportable, as in an installation without the extra.
WITHOUT_DATASETTE = (
    "import sys; sys.modules['datasette'] = None; "
    "from kkrparse.cli import main; sys.argv[0] = 'kkrparse'; main()"
)


def _without_datasette(*args: str) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_DATASETTE, *args],
        capture_output=True,
        text=True,
        env=environment(),
        timeout=120,
    )
    return done.returncode, done.stderr


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_archive(tmp_path_factory.mktemp("serve"))


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return bytes(response.read())


def test_serve_without_datasette_says_how_to_install_it(tmp_path: Path) -> None:
    status, stderr = _without_datasette("serve", "--archive", str(tmp_path))
    assert status == 2
    assert "pip install 'kkrparse[archive]'" in stderr
    # The other commands do not need it.
    assert _without_datasette("--version")[0] == 0


def test_serve_without_an_archive_exits_3(tmp_path: Path) -> None:
    done = kkrparse("serve", "--archive", tmp_path / "none", "--port", "1")
    assert done.returncode == 3
    assert "no archive here" in done.stderr


def test_serve_has_a_help_line() -> None:
    done = kkrparse("serve", "--help")
    assert done.returncode == 0
    assert "--archive" in done.stdout and "--port" in done.stdout and "--host" in done.stdout
    assert "127.0.0.1" in done.stdout


def test_serve_serves_the_archive_with_its_metadata_on_localhost(archive: Path) -> None:
    with serving(archive) as base:
        assert base.startswith("http://127.0.0.1:")
        metadata = json.loads(_get(base + "/-/metadata.json"))
        assert metadata["title"] == "KKR archive"
        assert "search" in metadata["databases"]["archive"]["queries"]
        rows = json.loads(_get(base + "/archive/meetings.json?_shape=array"))
        assert {row["body"] for row in rows} == {"KKR Hovedstaden", "KKR Midtjylland"}
        pdf = _get(base + f"/-/pdf/{rows[0]['sha256']}.pdf")
        assert pdf.startswith(b"%PDF")
        assert pdf == (archive / rows[0]["pdf_path"]).read_bytes()


@pytest.mark.skipif(
    not sys.platform.startswith("linux"),
    reason=skips.reason("posix", "127.0.0.2 answers as loopback on Linux only"),
)
def test_serve_listens_where_told_and_only_there(archive: Path) -> None:
    # 127.0.0.2 is loopback too on Linux: --host moves the server off the default address.
    with serving(archive, host="127.0.0.2") as base:
        assert json.loads(_get(base + "/-/versions.json"))
        port = base.rsplit(":", 1)[1]
        with pytest.raises(OSError):
            _get(f"http://127.0.0.1:{port}/-/versions.json")

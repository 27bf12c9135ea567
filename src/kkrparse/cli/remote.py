"""Inputs that are not files: ``-`` (a PDF on stdin) and ``http://`` / ``https://`` addresses.

Each is copied into a temporary folder first, and the copy is parsed like any file, through
the same isolated runner: the bytes are no more trusted for having come from the network.
The copy is refused as ``too_large`` past the runner's byte limit (``Limits.max_bytes``),
while it arrives, so a server cannot fill the disk. A download follows redirects, gives up
after the command's ``--timeout`` without a byte, and keeps the final address for
``Source.url``. A download that fails is one failure line, ``URL: download_failed: WHY``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Final
from urllib.parse import unquote, urlsplit

import httpx

from kkrparse import Agenda
from kkrparse._version import __version__

STDIN: Final = "-"
#: The schemes downloaded; any other ``x://`` is a file name like any other.
SCHEMES: Final = ("http://", "https://")
_CHUNK: Final = 1024 * 1024
#: A name for the copy when the address or stdin gives none; the runner reads by suffix.
_FALLBACK_NAME: Final = "download.pdf"


class FetchError(Exception):
    """A download or stdin read that gave no file to parse; ``reason`` is the failure code."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Fetched:
    """The local copy of a remote input, and where it came from."""

    path: Path  # the copy, in the caller's temporary folder
    url: str | None  # the final address after redirects; None for stdin
    filename: str | None  # what Source.filename says: the address's last part; None for stdin


def is_remote(arg: str) -> bool:
    """Whether ``arg`` names stdin or an address rather than a file."""
    return arg == STDIN or arg.lower().startswith(SCHEMES)


def name_of(arg: str) -> str | None:
    """The file name an address ends in (``…/dagsorden.pdf`` → ``dagsorden.pdf``), if any."""
    if arg == STDIN:
        return None
    name = PurePosixPath(unquote(urlsplit(arg).path)).name
    return name or None


def output_name(arg: str) -> Path:
    """Where a remote input's JSON goes under OUTDIR, before the suffix becomes .json."""
    if arg == STDIN:
        return Path("stdin.pdf")
    name = name_of(arg)
    return Path(name if name and name not in {".", ".."} else _FALLBACK_NAME)


def _copy(chunks: Iterator[bytes], target: Path, max_bytes: int) -> None:
    size = 0
    with target.open("wb") as out:
        for chunk in chunks:
            size += len(chunk)
            if size > max_bytes:
                raise FetchError("too_large", f"more than {max_bytes:,} bytes; not parsed")
            out.write(chunk)


def _stdin_chunks() -> Iterator[bytes]:
    stream = sys.stdin.buffer
    while chunk := stream.read(_CHUNK):
        yield chunk


def fetch(arg: str, folder: Path, max_bytes: int, timeout: float) -> Fetched:
    """Copy stdin or download ``arg`` into ``folder``; raise :class:`FetchError` on failure."""
    name = output_name(arg).name
    target = folder / f"{len(list(folder.iterdir()))}-{name}"
    if arg == STDIN:
        try:
            _copy(_stdin_chunks(), target, max_bytes)
        except OSError as exc:
            raise FetchError("unreadable", f"stdin: {exc.strerror or exc}") from None
        return Fetched(target, None, None)
    headers = {"User-Agent": f"kkrparse/{__version__}"}
    try:
        with (
            httpx.Client(follow_redirects=True, timeout=timeout, headers=headers) as client,
            client.stream("GET", arg) as response,
        ):
            if response.status_code >= 400:
                phrase = f" {response.reason_phrase}" if response.reason_phrase else ""
                raise FetchError("download_failed", f"HTTP {response.status_code}{phrase}")
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError("too_large", f"{int(declared):,} bytes; not downloaded")
            _copy(response.iter_bytes(_CHUNK), target, max_bytes)
            final = str(response.url)
    except httpx.TimeoutException:
        raise FetchError("download_failed", f"no answer within {timeout:g} s") from None
    except httpx.TooManyRedirects:
        raise FetchError("download_failed", "too many redirects") from None
    except httpx.HTTPError as exc:  # connection refused, DNS, TLS, a broken transfer
        detail = str(exc) or type(exc).__name__
        raise FetchError("download_failed", detail) from None
    return Fetched(target, final, name_of(final) or name_of(arg))


def with_origin(agenda: Agenda, fetched: Fetched) -> Agenda:
    """The agenda with ``Source`` saying where its bytes came from, not the copy's name."""
    source = agenda.source.model_copy(update={"url": fetched.url, "filename": fetched.filename})
    return agenda.model_copy(update={"source": source})

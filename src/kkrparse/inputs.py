"""Opening an input file safely: never blocking on a FIFO, never reading more than a limit.

Both the runner's workers (which read a document whole) and the archive (which copies a
source while hashing it) open files a person or a download job put in a folder, so anything
may have a ``.pdf`` name: a FIFO (opening it for reading would wait for a writer forever), a
socket, a directory, a symlink loop, a file without permission, or one that grows while it
is read. :func:`open_regular` and :func:`read_limited` refuse those with
:class:`InputRefused`, whose ``problem`` says which case it is; each caller turns that into
its own outcome and wording.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from typing import Final, Literal

__all__ = ["CHUNK", "InputRefused", "Problem", "open_regular", "read_limited"]

#: Read in pieces this size: large enough for throughput, small for memory.
CHUNK: Final = 1 << 20

#: Why an input was refused. ``missing``, ``loop`` and ``error`` come from opening it
#: (``reason`` is then the system's message); the others from looking at what was opened.
Problem = Literal["missing", "loop", "error", "directory", "special", "too_large"]


class InputRefused(Exception):
    """An input that is not read: ``problem`` (see :data:`Problem`) and a one-line reason."""

    def __init__(self, problem: Problem, reason: str) -> None:
        super().__init__(reason)
        self.problem: Problem = problem
        self.reason = reason


def _problem_of(exc: OSError) -> Problem:
    if isinstance(exc, FileNotFoundError):
        return "missing"
    if exc.errno == errno.ELOOP:
        return "loop"
    return "error"


def open_regular(path: os.PathLike[str] | str, max_bytes: int) -> tuple[int, os.stat_result]:
    """Open a regular file of at most ``max_bytes`` for reading: its descriptor (the caller
    closes it) and its ``fstat``. Blocking reads are switched back on once it is open.

    Raises :class:`InputRefused` when it cannot be opened or is not a regular file of at
    most ``max_bytes``; an :class:`OSError` from looking at an opened file goes through
    (the descriptor is closed either way).
    """
    try:
        # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise InputRefused(_problem_of(exc), exc.strerror or str(exc)) from exc
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputRefused("directory", "a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise InputRefused("special", "not a regular file (a FIFO, socket or device)")
        if info.st_size > max_bytes:
            raise InputRefused("too_large", f"{info.st_size} bytes (the limit is {max_bytes})")
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd, info


def read_limited(fd: int, max_bytes: int, chunk: int = CHUNK) -> Iterator[bytes]:
    """The bytes of an open file, in pieces of at most ``chunk``; :class:`InputRefused`
    (``too_large``) as soon as there are more than ``max_bytes`` (it grew since it was
    opened). The descriptor is left open.

    In pieces: ``read(n)`` would reserve all n bytes up front, whatever the file's size. One
    byte more than the limit is asked for, so a file that grows while read is caught.
    """
    left = max_bytes + 1
    while left > 0:
        piece = os.read(fd, min(left, chunk))
        if not piece:
            return
        left -= len(piece)
        if left <= 0:
            raise InputRefused("too_large", f"more than {max_bytes} bytes (the limit)")
        yield piece

"""Files that survive a crash whole or not at all: written to a temporary name beside the
target, fsynced, renamed into place, and the rename made durable by fsyncing the folder.

The temporary file is opened with mode "x" rather than by mkstemp so it gets the umask's
permissions, not 0600. Its name, ``.NAME.PID.HEX.tmp``, lets a later run recognise and
remove what a killed one left behind.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def tmp_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")


def fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable. Windows cannot open a folder for fsync (NTFS
    journals the rename itself), so there it does nothing."""
    if os.name == "nt":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_durable(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target``: after return it survives a crash, whole or not at all."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = tmp_name(target)
    try:
        with tmp.open("xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)


def move_durable(source: Path, target: Path) -> None:
    """Rename a file (already fsynced) into place and make the rename durable."""
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, target)
    fsync_dir(target.parent)

"""The archive's names that every part of it shares: where it lives, its files, its tables,
and its error. Imports nothing, so any module of the package (and the package itself) can
import it without a cycle."""

from __future__ import annotations

from pathlib import Path
from typing import Final

#: Where ``kkrparse archive``, ``search`` and ``export`` look when not told.
DEFAULT_ARCHIVE: Final = Path("kkr-archive")
#: The database file inside an archive folder.
DATABASE: Final = "archive.sqlite"
#: The writer's lock file inside an archive folder.
LOCK: Final = "lock"

#: Tables ``export`` can write, in the order a person would read about them.
EXPORT_TABLES: Final = (
    "meetings",
    "items",
    "sections",
    "attachments",
    "links",
    "item_texts",
    "attendance",
    "warnings",
    "files",
    "failures",
)


class ArchiveError(Exception):
    """The archive cannot be used: not writable, a corrupt database, or locked by another run."""

"""The archive: every agenda and set of minutes ever fed to it, kept once, searchable.

- :mod:`kkrparse.archive.store` runs an archive job and keeps the files (its docstring
  describes the layout on disk and why a killed run loses nothing);
- :mod:`kkrparse.archive.db` holds the database's schema, writes and queries;
- :mod:`kkrparse.archive.export` writes tables as files and data frames
  (:func:`to_dataframe` here is its front door).

This module itself is light: it imports neither of them, nor sqlite-utils, so the command
line starts fast. Import ``Archive``, ``ArchiveOptions`` and ``open_database`` from
:mod:`kkrparse.archive.store`.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any, Final

__all__ = [
    "DATABASE",
    "DEFAULT_ARCHIVE",
    "EXPORT_TABLES",
    "LOCK",
    "ArchiveError",
    "to_dataframe",
]

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


def __getattr__(name: str) -> Any:
    """``to_dataframe`` (from :mod:`kkrparse.archive.export`), imported when first used.

    Lazy, so this package stays light, and by name: the export module imports this
    package's names, and a plain import here would make the two import each other.
    """
    if name == "to_dataframe":
        return importlib.import_module("kkrparse.archive.export").to_dataframe
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

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

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kkrparse.archive.names import (
    DATABASE,
    DEFAULT_ARCHIVE,
    EXPORT_TABLES,
    LOCK,
    ArchiveError,
)

if TYPE_CHECKING:
    import sqlite_utils

__all__ = [
    "DATABASE",
    "DEFAULT_ARCHIVE",
    "EXPORT_TABLES",
    "LOCK",
    "ArchiveError",
    "to_dataframe",
]


def to_dataframe(
    table: str = "items",
    *,
    archive: Path | str | sqlite_utils.Database,
    where: str = "",
    params: dict[str, Any] | Sequence[Any] | None = None,
) -> Any:  # a pandas.DataFrame (pandas is optional, and has no stubs here)
    """One archive table as a pandas data frame with typed columns: see
    :func:`kkrparse.archive.export.to_dataframe`, imported when called so that this package
    stays light."""
    from kkrparse.archive.export import to_dataframe as typed_frame

    return typed_frame(table, archive=archive, where=where, params=params)

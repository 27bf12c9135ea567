"""The archive: every agenda and set of minutes ever fed to it, kept once, searchable.

:mod:`kkrparse.archive.store` runs an archive job and keeps the files;
:mod:`kkrparse.archive.db` holds the database's schema, writes and queries.
"""

from kkrparse.archive.store import (
    DEFAULT_ARCHIVE,
    Archive,
    ArchiveError,
    ArchiveOptions,
    Event,
    Summary,
    open_database,
    walk,
)

__all__ = [
    "DEFAULT_ARCHIVE",
    "Archive",
    "ArchiveError",
    "ArchiveOptions",
    "Event",
    "Summary",
    "open_database",
    "walk",
]

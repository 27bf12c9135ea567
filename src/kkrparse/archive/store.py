"""The archive: every KKR agenda and set of minutes ever fed to it, kept once, searchable.

An archive run walks source folders for PDFs, identifies each by the SHA-256 of its bytes,
parses what is new (or was parsed by another parser version) in isolated worker processes
(:mod:`kkrparse.runner`), and stores the result. Run it every night on a folder a download
job fills: it never loses or duplicates a document and never stops because one file is bad.

On disk (``kkr-archive/`` by default)::

    kkr-archive/
      lock                      the writer's lock (an OS file lock; holds the writer's pid)
      archive.sqlite            the database, WAL mode (plus -wal and -shm while in use)
      pdf/ab/abcdef….pdf        a copy of each archived source PDF, named by its SHA-256
      json/ab/abcdef….json      the parsed document (Agenda.to_json()), same name
      quarantine/ab/abcdef….pdf a copy of each file that hung or crashed a worker
      tmp/                      work in progress; emptied when a run starts

``ab`` is the first two hex digits of the hash, so no folder holds more than 1/256 of the
archive. The database (:mod:`kkrparse.archive.db`, which holds every SQL statement and
hands this module typed rows) says which documents are archived; the
``failures`` table lists what gave no agenda, ``quarantined = 1`` for the files that hung or
crashed a worker. Those are not retried on later runs unless asked (``retry_failed``), and
their copies are the files to turn into regression fixtures. Every other failure is tried
again by a new parser version; a document it refuses (``not_agenda``,
``unsupported_layout``) loses the rows an earlier version stored, in the transaction that
records the failure, so a report once taken for an agenda is no longer found as one.

Each source file ends a run with exactly one outcome from :data:`kkrparse.runner.OUTCOMES`
(``duplicate`` is decided here: bytes already archived under another path, or seen earlier
in the same run) and one status: ``new``, ``updated`` (re-parsed: another parser version,
``reparse``, or a repair), ``unchanged`` (skipped: same bytes, same parser version,
including known failures), ``duplicate`` or ``failed``.

Crash safety. A run may be killed at any moment, ``kill -9`` included. The argument:

1. One writer per archive: ``lock`` is held with ``flock`` for the whole run. The kernel
   releases it when the holder dies, so a killed run never leaves the archive locked; a
   second run started meanwhile exits at once and says so.
2. A source is first copied (and hashed while copying) into ``tmp/``; the worker parses
   the copy, so the bytes parsed are the bytes hashed and kept, even if the source changes.
   Sources are opened as :mod:`kkrparse.inputs` opens them: a FIFO never blocks the run.
3. For a parsed document, in this order: the PDF copy is fsynced and renamed into
   ``pdf/``; the JSON is written to a temporary name beside its target, fsynced, renamed,
   and the directory fsynced; only then one database transaction replaces the document's
   rows (meeting, items, sections, …, the source path, clearing any old failure). The
   database row is the commit point: a document is archived exactly when its row exists,
   and by then its files are durable.
4. A kill before the commit leaves at most: files in ``tmp/``, a temporary ``.…tmp`` file,
   or a PDF/JSON without a row (or a JSON newer than its row). The next run empties
   ``tmp/``, deletes temporary files, and deletes PDF and JSON files no row refers to; the
   source is still in its folder, so it is parsed again and completed. A JSON newer than its
   row carries the new parser version while the row carries the old one, so it is re-parsed
   too. A row whose files have gone missing is re-parsed when its source is next seen.
5. SQLite (WAL, ``synchronous=FULL``) makes each transaction atomic and durable, so the
   database never holds half a document and never two copies of one (``sha256`` is the key).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import secrets
import shutil
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Final, Literal

import sqlite_utils

from kkrparse._version import __version__
from kkrparse.archive import DATABASE, LOCK, ArchiveError
from kkrparse.archive import db as dbm
from kkrparse.durable import move_durable, write_durable
from kkrparse.inputs import InputRefused, open_regular, read_limited
from kkrparse.models import Agenda
from kkrparse.options import ParseOptions
from kkrparse.runner import Job, Limits, Result, run

#: Outcomes that mean the file hung or crashed a worker: quarantined, not retried unasked.
QUARANTINE: Final = frozenset({"timeout", "crashed", "out_of_memory"})
#: Outcomes in which the parser judged the document itself: it is no agenda it can read.
#: A document an earlier version archived loses its rows and files when one is recorded
#: (a timeout or a crash says nothing about the document, so its old rows stay).
REFUSALS: Final = frozenset({"not_agenda", "unsupported_layout"})
#: Outcomes that are not failures.
GOOD: Final = frozenset({"ok", "duplicate"})

Status = Literal["new", "updated", "unchanged", "duplicate", "failed"]


@dataclass(frozen=True)
class ArchiveOptions:
    """How to run: what to re-do, the runner's limits and worker count."""

    reparse: bool = False  # parse every document again, whatever parser wrote it
    retry_failed: bool = False  # retry known failures, quarantined ones included
    limits: Limits = field(default_factory=Limits)
    workers: int | None = None  # default: the number of CPUs
    parse_options: ParseOptions = field(default_factory=ParseOptions)


@dataclass(frozen=True)
class Event:
    """What happened to one source file in this run."""

    path: str
    status: Status
    outcome: str
    reason: str = ""
    sha256: str | None = None


@dataclass
class Summary:
    """Counts for the run's closing table."""

    found: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)  # by outcome, this run only
    known_failures: int = 0  # skipped because they failed before (counted as unchanged)
    parser_version: str = __version__
    outdated: int = 0  # archived documents an older (or newer) parser version wrote
    outdated_versions: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.failed


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# --- sources ---------------------------------------------------------------------------------


def walk(sources: Sequence[Path]) -> list[Path]:
    """Every ``*.pdf`` (any letter case) under the source folders, sorted, each once.

    A file given directly is taken as it is. Directory symlinks are not followed (no loops);
    a directory named ``x.pdf`` is searched like any folder. Whatever else has a .pdf name (a
    FIFO, a symlink loop, a file without permission) is listed, and fails as ``unreadable``
    when it is read.
    """
    found: dict[str, Path] = {}
    for source in sources:
        if not source.is_dir():
            found.setdefault(os.path.abspath(source), source)
            continue
        for dirpath, dirnames, filenames in os.walk(source):
            dirnames.sort()
            for name in sorted(filenames):
                if name.lower().endswith(".pdf"):
                    path = Path(dirpath, name)
                    found.setdefault(os.path.abspath(path), path)
    return list(found.values())


@dataclass(frozen=True)
class _Copied:
    sha256: str
    size: int
    mtime_ns: int
    copy: Path


class _Unusable(Exception):
    """A source that cannot be read: ``outcome`` and a one-line reason."""

    def __init__(self, outcome: str, reason: str) -> None:
        super().__init__(reason)
        self.outcome = outcome
        self.reason = reason


def _open_source(path: Path, max_bytes: int) -> tuple[int, os.stat_result]:
    """Open a source for reading without blocking on a FIFO; refuse what is not a file."""
    try:
        return open_regular(path, max_bytes)
    except InputRefused as exc:
        if exc.problem == "too_large":
            raise _Unusable("too_large", exc.reason) from exc
        if exc.problem == "loop":
            raise _Unusable("unreadable", "a symlink loop") from exc
        if exc.problem == "directory":
            raise _Unusable("unreadable", "not a regular file (a FIFO, socket or device)") from exc
        raise _Unusable("unreadable", exc.reason) from exc


def _copy_hashing(fd: int, target: Path, max_bytes: int) -> tuple[str, int]:
    """Copy an open file to ``target`` (fsynced), returning its SHA-256 and size. Closes
    ``fd``."""
    digest = hashlib.sha256()
    size = 0
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("xb") as dst:
            for chunk in read_limited(fd, max_bytes):
                size += len(chunk)
                digest.update(chunk)
                dst.write(chunk)
            dst.flush()
            os.fsync(dst.fileno())
    except InputRefused as exc:  # it grew while we read
        raise _Unusable("too_large", exc.reason) from exc
    finally:
        os.close(fd)
    return digest.hexdigest(), size


# --- the archive -----------------------------------------------------------------------------


class Archive:
    """An open archive: the lock held, stale work cleaned up, the database ready.

    Use as a context manager; :meth:`run` archives sources. Raises :class:`ArchiveError`
    when the archive cannot be used.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock: IO[str] | None = None
        try:
            root.mkdir(parents=True, exist_ok=True)
            self._lock = self._acquire_lock()
        except OSError as exc:
            raise ArchiveError(f"{root}: cannot create or write the archive: {exc}") from exc
        try:
            self._clean_stale()
            self.db = dbm.open_db(root / DATABASE)
            self._remove_orphans()
        except dbm.DatabaseUnusableError as exc:
            self.close()
            if isinstance(exc.__cause__, sqlite3.OperationalError):  # a full disk, not damage
                raise ArchiveError(f"cannot write to the archive's database: {exc}") from exc
            raise ArchiveError(f"the database is unusable: {exc}") from exc
        except OSError as exc:
            self.close()
            raise ArchiveError(f"{root}: cannot clean up the archive: {exc}") from exc

    # -- opening and closing

    def _acquire_lock(self) -> IO[str]:
        fh = (self.root / LOCK).open("a+", encoding="utf-8")
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "unknown"
            fh.close()
            raise ArchiveError(
                f"{self.root} is in use by another run (pid {holder}); "
                "try again when it has finished"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        return fh

    def close(self) -> None:
        if getattr(self, "db", None) is not None:
            self.db.close()
        if self._lock is not None:
            self._lock.close()  # closing the descriptor releases the flock
            self._lock = None

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- paths

    @staticmethod
    def _sharded(folder: str, sha256: str, suffix: str) -> str:
        return f"{folder}/{sha256[:2]}/{sha256}{suffix}"

    def pdf_path(self, sha256: str) -> Path:
        return self.root / self._sharded("pdf", sha256, ".pdf")

    def json_path(self, sha256: str) -> Path:
        return self.root / self._sharded("json", sha256, ".json")

    def quarantine_path(self, sha256: str) -> Path:
        return self.root / self._sharded("quarantine", sha256, ".pdf")

    # -- repair at start

    def _clean_stale(self) -> None:
        """Remove what a killed run left behind: ``tmp/`` and temporary files."""
        shutil.rmtree(self.root / "tmp", ignore_errors=True)
        for folder in ("pdf", "json", "quarantine"):
            for tmp in (self.root / folder).glob("*/.*.tmp"):
                tmp.unlink(missing_ok=True)

    def _remove_orphans(self) -> None:
        """Delete PDF and JSON files that no database row refers to (a run killed before
        its commit); their sources are parsed again when next seen."""
        archived = dbm.archived_shas(self.db)
        for folder in ("pdf", "json"):
            for path in (self.root / folder).glob("*/*"):
                if path.stem not in archived:
                    path.unlink(missing_ok=True)

    # -- the run

    def run(
        self,
        sources: Sequence[Path],
        options: ArchiveOptions = ArchiveOptions(),
        on_found: Callable[[int], None] | None = None,
        on_event: Callable[[Event], None] | None = None,
    ) -> Summary:
        """Archive every PDF under ``sources``; call ``on_event`` once per file."""
        summary = Summary()
        versions = dbm.other_versions(self.db, __version__)
        summary.outdated = sum(v.count for v in versions)
        summary.outdated_versions = tuple(sorted(v.version for v in versions))
        paths = walk(sources)
        summary.found = len(paths)
        if on_found is not None:
            on_found(len(paths))

        def emit(event: Event) -> None:
            summary.statuses[event.status] += 1
            if event.status == "failed":
                summary.failed[event.outcome] += 1
            if on_event is not None:
                on_event(event)

        pending: dict[str, _Pending] = {}
        jobs = self._jobs(paths, options, pending, emit, summary)
        try:
            for result in run(jobs, options.parse_options, options.limits, options.workers):
                emit(self._store(result, pending.pop(result.key)))
        except OSError as exc:  # the disk is full, the archive went read-only, ...
            raise ArchiveError(f"{self.root}: cannot write to the archive: {exc}") from exc
        except sqlite3.Error as exc:
            # The same for the database ("database or disk is full", "attempt to write a
            # readonly database", "disk I/O error"). The transaction of the document being
            # stored is rolled back; its files, already written, are orphans the next run
            # removes, and the document itself is archived again then: nothing is lost.
            raise ArchiveError(
                f"{self.root}: cannot write to the archive's database: {exc}"
            ) from exc
        finally:
            shutil.rmtree(self.root / "tmp", ignore_errors=True)
        return summary

    def _jobs(
        self,
        paths: Iterable[Path],
        options: ArchiveOptions,
        pending: dict[str, _Pending],
        emit: Callable[[Event], None],
        summary: Summary,
    ) -> Iterator[Job]:
        """Decide for each path; yield a job for what must be parsed, emit the rest at once."""
        seen: set[str] = set()  # hashes met in this run
        for path in paths:
            key = os.path.abspath(path)
            try:
                decision = self._decide(key, path, options, seen)
            except _Unusable as exc:
                before = dbm.get_failure(self.db, dbm.failure_key(None, key))
                # Tried again every run (a permission may be fixed), but a file that fails
                # the same way as last time is a known failure, not news.
                again = before is not None and (before.outcome, before.reason) == (
                    exc.outcome,
                    exc.reason,
                )
                if again:
                    summary.known_failures += 1
                else:
                    self._record_failure(key, None, None, exc.outcome, exc.reason)
                emit(Event(key, "unchanged" if again else "failed", exc.outcome, exc.reason))
                continue
            if isinstance(decision, Event):
                if decision.status == "unchanged" and decision.outcome not in GOOD:
                    summary.known_failures += 1
                emit(decision)
                continue
            pending[key] = decision
            yield Job(key=key, path=decision.copied.copy)

    def _decide(
        self, key: str, path: Path, options: ArchiveOptions, seen: set[str]
    ) -> _Pending | Event:
        """What to do with one source: an event when it needs no parsing, else the job."""
        max_bytes = options.limits.max_bytes
        known = dbm.get_file(self.db, key)
        fd, info = _open_source(path, max_bytes)
        copied: _Copied | None = None
        if (
            known is not None
            and known.sha256 is not None
            and (known.size, known.mtime_ns) == (info.st_size, info.st_mtime_ns)
            and not options.reparse
        ):
            # Same size and modification time as when it was hashed: the same bytes (the
            # rule rsync and git use), so a nightly run does not re-read the whole folder.
            os.close(fd)
            sha = known.sha256
        else:
            copied = self._copy(fd, info, path, max_bytes)
            sha = copied.sha256
        meeting = dbm.get_meeting(self.db, sha)
        skip = self._why_skip(sha, known, meeting, options, seen)
        if skip is not None:
            if copied is not None:
                shutil.rmtree(copied.copy.parent, ignore_errors=True)
            status, outcome, reason = skip
            # Written only when something changed, so a run with nothing new writes nothing.
            if known != dbm.FileRow(sha, info.st_size, info.st_mtime_ns, outcome):
                with self.db.atomic():
                    dbm.put_file(self.db, key, sha, info.st_size, info.st_mtime_ns, outcome, _now())
            return Event(key, status, outcome, reason, sha)
        if copied is None:  # trusted the size and mtime, but now the bytes are needed
            fd, info = _open_source(path, max_bytes)
            copied = self._copy(fd, info, path, max_bytes)
            if copied.sha256 != sha:  # changed after all: decide again on the new bytes
                shutil.rmtree(copied.copy.parent, ignore_errors=True)
                seen.discard(sha)
                dbm.forget_file(self.db, key)
                self.db.commit()
                return self._decide(key, path, options, seen)
        return _Pending(key, copied, "updated" if meeting is not None else "new")

    def _copy(self, fd: int, info: os.stat_result, path: Path, max_bytes: int) -> _Copied:
        """Copy an opened source into ``tmp/``, hashing it; closes ``fd``."""
        copy = self.root / "tmp" / secrets.token_hex(8) / path.name
        try:
            sha, size = _copy_hashing(fd, copy, max_bytes)
        except OSError as exc:
            raise _Unusable("unreadable", exc.strerror or str(exc)) from exc
        return _Copied(sha, size, info.st_mtime_ns, copy)

    def _why_skip(
        self,
        sha: str,
        known: dbm.FileRow | None,
        meeting: dbm.MeetingRow | None,
        options: ArchiveOptions,
        seen: set[str],
    ) -> tuple[Status, str, str] | None:
        """Why the document ``sha`` needs no parsing: (status, outcome, reason); None when
        it must be parsed. Adds it to ``seen``."""
        files_present = meeting is not None and (
            self.pdf_path(sha).is_file() and self.json_path(sha).is_file()
        )
        current = meeting is not None and meeting.parser_version == __version__ and files_present
        same_path = known is not None and known.sha256 == sha
        if current and not options.reparse and known is not None and same_path:
            seen.add(sha)
            return "unchanged", "duplicate" if known.outcome == "duplicate" else "ok", ""
        if sha in seen:
            return "duplicate", "duplicate", "same bytes as another file in this run"
        seen.add(sha)
        if current and not options.reparse:
            return "duplicate", "duplicate", "same bytes as a document already archived"
        if options.reparse or options.retry_failed:
            return None
        failure = dbm.get_failure(self.db, dbm.failure_key(sha, ""))
        if failure is not None and (failure.quarantined or failure.parser_version == __version__):
            # Known to fail with this parser (or to hang or crash a worker: never retried
            # unasked, whatever the version).
            return "unchanged", failure.outcome, failure.reason
        return None

    # -- storing results

    def _store(self, result: Result, job: _Pending) -> Event:
        sha = job.copied.sha256
        try:
            if result.outcome == "ok" and result.agenda_json is not None:
                return self._store_ok(result.agenda_json, job)
            quarantined = result.outcome in QUARANTINE
            if quarantined:
                move_durable(job.copied.copy, self.quarantine_path(sha))
            self._record_failure(
                job.key, sha, job.copied, result.outcome, result.reason, quarantined
            )
            return Event(job.key, "failed", result.outcome, result.reason, sha)
        finally:
            shutil.rmtree(job.copied.copy.parent, ignore_errors=True)

    def _store_ok(self, agenda_json: str, job: _Pending) -> Event:
        copied = job.copied
        agenda = Agenda.model_validate_json(agenda_json)
        sha = copied.sha256
        if agenda.source.sha256 != sha:  # cannot happen: the worker parsed our copy
            raise ArchiveError(f"{job.key}: parsed bytes differ from the archived copy")
        pdf, json_file = self.pdf_path(sha), self.json_path(sha)
        if pdf.is_file():
            copied.copy.unlink()
        else:
            move_durable(copied.copy, pdf)
        text = agenda_json if agenda_json.endswith("\n") else agenda_json + "\n"
        write_durable(json_file, text.encode("utf-8"))
        stored = dbm.StoredPaths(
            pdf=pdf.relative_to(self.root).as_posix(),
            json=json_file.relative_to(self.root).as_posix(),
        )
        with self.db.atomic():
            dbm.put_meeting(self.db, agenda, stored, _now())
            dbm.put_file(self.db, job.key, sha, copied.size, copied.mtime_ns, "ok", _now())
            dbm.clear_failure(self.db, sha, job.key)
            dbm.clear_failure(self.db, None, job.key)
        return Event(job.key, job.status, "ok", "", sha)

    def _record_failure(
        self,
        key: str,
        sha: str | None,
        copied: _Copied | None,
        outcome: str,
        reason: str,
        quarantined: bool = False,
    ) -> None:
        with self.db.atomic():
            dbm.put_failure(
                self.db,
                sha256=sha,
                path=key,
                outcome=outcome,
                reason=reason,
                quarantined=quarantined,
                parser_version=__version__,
                seen_at=_now(),
                refused=outcome in REFUSALS,
            )
            dbm.put_file(
                self.db,
                key,
                sha,
                copied.size if copied else None,
                copied.mtime_ns if copied else None,
                outcome,
                _now(),
            )
        if sha is not None and outcome in REFUSALS:
            # Its rows went with the failure, so its copies are orphans: remove them now (a
            # kill before this leaves them to the next run's clean-up, as any orphan).
            self.json_path(sha).unlink(missing_ok=True)
            self.pdf_path(sha).unlink(missing_ok=True)


@dataclass(frozen=True)
class _Pending:
    key: str
    copied: _Copied
    status: Status  # what success will be called: new or updated


@contextlib.contextmanager
def open_database(root: Path) -> Iterator[sqlite_utils.Database]:
    """Open an archive's database for reading (search, export); no lock is needed."""
    path = root / DATABASE
    if not path.is_file():
        raise ArchiveError(f"{root}: no archive here (no {DATABASE}); run `kkrparse archive`")
    try:
        db = dbm.open_for_reading(path)
    except Exception as exc:
        raise ArchiveError(f"the database is unusable: {path}: {exc}") from exc
    try:
        yield db
    finally:
        db.close()

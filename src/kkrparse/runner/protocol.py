"""The messages between the parent and a worker, and their wire format.

A worker is started as ``python -m kkrparse.runner OPTIONS_JSON LIMITS_JSON``
(:class:`WorkerArgs`). Then each side writes one JSON object per line, in ASCII, so a file
name that is not UTF-8 travels as surrogate escapes and arrives intact:

- parent to worker, on the worker's stdin: :class:`Assign` ``{"path": …, "draw": …}``, one
  per job (``draw`` is null unless the job draws: :class:`~kkrparse.runner.jobs.Draw`);
- worker to parent, on the worker's stdout: :class:`Ready` ``{"ready": true}`` once, when
  it can take jobs; then per job :class:`Started` ``{"started": true, "sha256": …,
  "pages": …}`` once the file is read (absent when it could not be), and :class:`Done`
  ``{"done": true, "outcome": …, "reason": …, …}`` (a drawing job's ``drawn`` carries its
  payload in base64).

Every message is a frozen dataclass with explicit ``to_json`` and ``from_json``;
:func:`decode_reply` and :func:`decode_assign` raise :class:`ProtocolError` for a line that
is not such a message, which the parent takes to mean a broken worker.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias, TypeVar

from kkrparse.options import ParseOptions
from kkrparse.runner.jobs import OUTCOMES, Draw, Drawn, Limits, Outcome

__all__ = [
    "Assign",
    "Done",
    "ProtocolError",
    "Ready",
    "Reply",
    "Started",
    "WorkerArgs",
    "decode_assign",
    "decode_reply",
    "encode",
]


class ProtocolError(ValueError):
    """A line that is not a message of the protocol."""


_T = TypeVar("_T")


def _required(data: Mapping[str, Any], name: str, kind: type[_T]) -> _T:
    """``data[name]``, checked to be a ``kind``."""
    if name not in data:
        raise ProtocolError(f"no {name!r} in the message")
    value = data[name]
    # bool is an int to Python, but never a count or a name here.
    if not isinstance(value, kind) or isinstance(value, bool):
        raise ProtocolError(f"{name!r} is {value!r}, not {kind.__name__}")
    return value


def _optional(data: Mapping[str, Any], name: str, kind: type[_T]) -> _T | None:
    """``data[name]`` checked to be a ``kind``, or None when it is None or missing."""
    return None if data.get(name) is None else _required(data, name, kind)


@dataclass(frozen=True)
class WorkerArgs:
    """What a worker is started with: how to parse, and its limits."""

    options: ParseOptions
    limits: Limits

    def to_argv(self) -> list[str]:
        return [self.options.model_dump_json(), json.dumps(dataclasses.asdict(self.limits))]

    @classmethod
    def from_argv(cls, argv: Sequence[str]) -> WorkerArgs:
        options = ParseOptions.model_validate_json(argv[0])
        return cls(options, Limits(**json.loads(argv[1])))


def _draw_from_json(data: Mapping[str, Any]) -> Draw:
    pages = _optional(data, "pages", list)
    if pages is not None and not all(type(n) is int for n in pages):
        raise ProtocolError(f"'pages' is {pages!r}, not a list of page numbers")
    html = data.get("html")
    if not isinstance(html, bool):
        raise ProtocolError(f"'html' is {html!r}, not a bool")
    return Draw(
        pages=None if pages is None else tuple(pages),
        html=html,
        resolution=_required(data, "resolution", int),
        title=_required(data, "title", str),
    )


def _drawn_to_json(drawn: Drawn) -> dict[str, Any]:
    return {**dataclasses.asdict(drawn), "payload": base64.b64encode(drawn.payload).decode()}


def _drawn_from_json(data: Mapping[str, Any]) -> Drawn:
    try:
        payload = base64.b64decode(_required(data, "payload", str), validate=True)
    except binascii.Error as exc:
        raise ProtocolError(f"'payload' is not base64: {exc}") from exc
    counts = _required(data, "counts", dict)
    if not all(isinstance(k, str) and type(v) is int for k, v in counts.items()):
        raise ProtocolError(f"'counts' is {counts!r}, not counts per class")
    return Drawn(
        payload=payload,
        pages=_required(data, "pages", int),
        items=_required(data, "items", int),
        views=_required(data, "views", int),
        counts=counts,
    )


@dataclass(frozen=True)
class Assign:
    """Parent to worker: parse this file (or draw it, when ``draw`` is given)."""

    path: Path
    draw: Draw | None = None

    def to_json(self) -> dict[str, Any]:
        draw = None if self.draw is None else dataclasses.asdict(self.draw)
        return {"path": os.fspath(self.path), "draw": draw}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Assign:
        draw = _optional(data, "draw", dict)
        return cls(
            Path(_required(data, "path", str)),
            None if draw is None else _draw_from_json(draw),
        )


@dataclass(frozen=True)
class Ready:
    """Worker to parent: started, the parser imported, the limits set; send a job."""

    def to_json(self) -> dict[str, Any]:
        return {"ready": True}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Ready:
        return cls()


@dataclass(frozen=True)
class Started:
    """Worker to parent: the file is read and about to be parsed."""

    sha256: str
    pages: int | None  # from walking the page tree; None for text or an unwalkable tree

    def to_json(self) -> dict[str, Any]:
        return {"started": True, "sha256": self.sha256, "pages": self.pages}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Started:
        return cls(_required(data, "sha256", str), _optional(data, "pages", int))


@dataclass(frozen=True)
class Done:
    """Worker to parent: the job's outcome. ``sha256`` and ``pages`` are None when the file
    could not be read."""

    outcome: Outcome
    reason: str
    sha256: str | None = None
    pages: int | None = None
    agenda_json: str | None = None  # Agenda.to_json() when the outcome is ok
    details: str = ""  # the traceback of an exception the parser raised
    drawn: Drawn | None = None  # what a drawing job drew, when the outcome is ok

    def to_json(self) -> dict[str, Any]:
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        fields["drawn"] = None if self.drawn is None else _drawn_to_json(self.drawn)
        return {"done": True, **fields}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Done:
        outcome = _required(data, "outcome", str)
        if outcome not in OUTCOMES:
            raise ProtocolError(f"unknown outcome {outcome!r}")
        drawn = _optional(data, "drawn", dict)
        return cls(
            outcome=outcome,  # narrowed to an Outcome by the check above
            reason=_required(data, "reason", str),
            sha256=_optional(data, "sha256", str),
            pages=_optional(data, "pages", int),
            agenda_json=_optional(data, "agenda_json", str),
            details=_optional(data, "details", str) or "",
            drawn=None if drawn is None else _drawn_from_json(drawn),
        )


Reply: TypeAlias = Ready | Started | Done
_REPLIES: dict[str, type[Ready] | type[Started] | type[Done]] = {
    "ready": Ready,
    "started": Started,
    "done": Done,
}


def encode(message: Assign | Reply) -> bytes:
    """One line of the wire format, newline included."""
    # ASCII: file names that are not UTF-8 travel as surrogate escapes, losslessly.
    return json.dumps(message.to_json()).encode("ascii") + b"\n"


def _object(line: bytes) -> dict[str, Any]:
    try:
        data = json.loads(line)
    except ValueError as exc:
        raise ProtocolError(f"not JSON: {line[:100]!r}") from exc
    if not isinstance(data, dict):
        raise ProtocolError(f"not a JSON object: {line[:100]!r}")
    return data


def decode_reply(line: bytes) -> Reply:
    """A worker's message, from one line without its newline."""
    data = _object(line)
    for tag, kind in _REPLIES.items():
        if data.get(tag) is True:
            return kind.from_json(data)
    raise ProtocolError(f"not a worker's message: {line[:100]!r}")


def decode_assign(line: bytes) -> Assign:
    """The parent's message, from one line (a trailing newline is allowed)."""
    return Assign.from_json(_object(line))

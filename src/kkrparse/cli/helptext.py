"""Help that reads as sentences: the command classes every kkrparse command is made with.

typer's defaults print a type tag beside every flag (``<bool>``), arguments as
``{IN}...`` and a docstring's line breaks where the source wrapped it. These classes keep
typer's rich layout and fix those three things.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from typing import Any

from typer.core import TyperArgument, TyperCommand, TyperGroup


def _plain(params: Sequence[Any]) -> None:
    """Help that reads as sentences: a flag has no type beside it (``<bool>``), an option's
    value is named (``PAGE``, or its choices ``jsonl|csv``) rather than typed
    (``<int range>``), an argument shows only its name."""
    for param in params:
        if isinstance(param, TyperArgument):
            param.display_type_rich = _no_type  # type: ignore[method-assign]
        elif getattr(param, "metavar", "") is None:
            if getattr(param, "is_flag", False):
                param.metavar = ""  # a flag takes no value
            else:
                desc = getattr(param, "type_descriptor", None)
                choices = desc.choices if desc is not None and desc.is_choice else None
                name = (param.name or "value").upper()
                values = [str(getattr(choice, "value", choice)) for choice in choices or ()]
                param.metavar = "|".join(values) if values else name


def _no_type(ctx: Any) -> str | None:
    return None


class Group(TyperGroup):
    """The root: its options (``--version``, completion, help) without type tags."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        _plain(params)
        return params


class Command(TyperCommand):
    """A command whose help reads as sentences (:func:`_plain`), whose docstring's source
    line breaks do not show, and whose usage line is in click's own form, ``INPUT...``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A docstring's line breaks are where the source wrapped, not where the terminal
        # should: each paragraph becomes one line, which rich wraps to the terminal.
        paragraphs = inspect.cleandoc(self.help or "").split("\n\n")
        self.help = "\n\n".join(" ".join(p.split()) for p in paragraphs) or None

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        _plain(params)
        return params

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                name = param.metavar or (param.name or "ARG").upper()
                if param.nargs != 1 and not name.endswith("..."):
                    name += "..."
                pieces.append(name if param.required else f"[{name}]")
        return pieces

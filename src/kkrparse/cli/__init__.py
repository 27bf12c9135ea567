"""The ``kkrparse`` command: parse, show, debug, schema, archive, search, export, case, diff
and watch.

The CLI parses arguments, finds input files, calls the library, renders the result and maps
failures to exit codes. Text for a person goes to stderr; stdout carries only JSON (``parse``,
``schema``, ``export``), the tree or text a person asked for (``show``) or search hits;
``debug`` writes images or HTML to the file named by ``-o``.

One module per command (``parse``, ``show``, ``debug``, ``archive`` for ``archive`` and
``search``, ``export``, ``case``, ``diff``, ``watch`` for following a case, a meeting and
saved searches);
:mod:`kkrparse.cli.common` holds the exit codes (:class:`~kkrparse.cli.common.ExitCode`), the
stderr console and the failure line ``PATH: REASON: MESSAGE``. ``python -m kkrparse.evaluate``
is :mod:`kkrparse.cli.evaluate`, a command of its own.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from kkrparse import Agenda
from kkrparse._version import __version__
from kkrparse.cli import archive, case, debug, diff, export, parse, show, watch
from kkrparse.cli.common import ExitCode

app = typer.Typer(
    help="Turn KL's KKR agenda and minutes PDFs into validated JSON.",
    add_completion=False,
    no_args_is_help=True,
    # Failures are reported per file; a traceback that still reaches the top is a bug.
    pretty_exceptions_enable=False,
)


def schema() -> None:
    """Print the JSON Schema of the output."""
    # The serialisation schemas/agenda.schema.json is written with, so they compare exactly.
    print(json.dumps(Agenda.model_json_schema(), ensure_ascii=False, indent=2))


def _print_version(value: bool) -> None:
    if value:
        print(f"kkrparse {__version__}")
        raise typer.Exit(ExitCode.OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Turn KL's KKR agenda and minutes PDFs into validated JSON."""


app.command("parse")(parse.parse)
app.command("show")(show.show)
app.command("debug")(debug.debug_command)
app.command("schema")(schema)
app.command("archive")(archive.archive)
app.command("search", context_settings=archive.SEARCH_CONTEXT)(archive.search)
app.command("export")(export.export)
app.command("list")(archive.list_command)
app.command("case")(case.case)
app.command("diff")(diff.diff)
app.add_typer(watch.app, name="watch")


def main() -> None:
    app(prog_name="kkrparse")

"""The ``kkrparse`` command: parse, show, debug, schema, archive, search, export, serve, case,
diff and watch.

The CLI parses arguments, finds input files, calls the library, renders the result and maps
failures to exit codes. Text for a person goes to stderr; stdout carries only JSON (``parse``,
``schema``, ``export``), the tree or text a person asked for (``show``) or search hits;
``debug`` writes images or HTML to the file named by ``-o``.

One module per command (``parse``, ``show``, ``debug``, ``archive`` for ``archive``,
``search`` and ``list``, ``export``, ``serve``, and ``case``, ``diff``, ``watch`` for
following a case, a meeting and saved searches);
:mod:`kkrparse.cli.common` holds the exit codes (:class:`~kkrparse.cli.common.ExitCode`), the
stderr console and the failure line ``PATH: REASON: MESSAGE``; :mod:`kkrparse.cli.remote`
reads ``-`` (stdin) and downloads ``http(s)://`` inputs; :mod:`kkrparse.cli.helptext` makes
the help read as sentences. ``python -m kkrparse.evaluate`` is :mod:`kkrparse.cli.evaluate`,
a command of its own.

Every command ends quietly with status 0 when the reader of its stdout goes away
(``kkrparse parse … | head``): see :func:`pipe_safe`. ``-h`` is ``--help`` everywhere.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from typing import Annotated, Final, ParamSpec, TypeVar

import typer

from kkrparse import Agenda
from kkrparse._version import __version__
from kkrparse.cli import archive, case, debug, diff, export, parse, serve, show, watch
from kkrparse.cli.common import ExitCode
from kkrparse.cli.helptext import Command, Group

#: -h as well as --help, on every command (click passes it down to each command's context).
CONTEXT: Final = {"help_option_names": ["-h", "--help"]}

app = typer.Typer(
    help="Turn KL's KKR agenda and minutes PDFs into validated JSON.",
    add_completion=True,
    no_args_is_help=True,
    cls=Group,
    context_settings=CONTEXT,
    # Help as rich text: paragraphs stay paragraphs, options sit in a table.
    rich_markup_mode="rich",
    # Failures are reported per file; a traceback that still reaches the top is a bug.
    pretty_exceptions_enable=False,
)


P = ParamSpec("P")
R = TypeVar("R")


def _silence_stdout() -> None:
    """The reader of stdout went away (``kkrparse parse … | head``): not a failure.

    As the Python docs on SIGPIPE advise, stdout is pointed at devnull so the interpreter's
    last flush at exit cannot fail a second time.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # a stdout with no file descriptor (a test's capture)
        pass


def pipe_safe(command: Callable[P, R]) -> Callable[P, R]:
    """``command``, ending quietly with exit status 0 when stdout's reader has gone.

    Caught here, inside click: click itself turns a broken pipe into exit status 1.
    """

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            try:
                return command(*args, **kwargs)
            finally:  # what is still buffered fails here, not in the interpreter's exit
                sys.stdout.flush()
        except BrokenPipeError:
            _silence_stdout()
            raise typer.Exit(ExitCode.OK) from None
        except SystemExit as exc:
            # rich's Console ends the process with status 1 on a broken pipe, after pointing
            # stdout at devnull (Console.on_broken_pipe): the same event, so the same end.
            if exc.code == ExitCode.FAILED and _stdout_is_devnull():
                raise typer.Exit(ExitCode.OK) from None
            raise

    return run


def _stdout_is_devnull() -> bool:
    try:
        here, null = os.fstat(sys.stdout.fileno()), os.stat(os.devnull)
    except (OSError, ValueError):
        return False
    return (here.st_dev, here.st_ino) == (null.st_dev, null.st_ino)


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


app.command("parse", cls=Command)(pipe_safe(parse.parse))
app.command("show", cls=Command)(pipe_safe(show.show))
app.command("debug", cls=Command)(pipe_safe(debug.debug_command))
app.command("schema", cls=Command)(pipe_safe(schema))
app.command("archive", cls=Command)(pipe_safe(archive.archive))
app.command("search", cls=Command, context_settings={**CONTEXT, **archive.SEARCH_CONTEXT})(
    pipe_safe(archive.search)
)
app.command("export", cls=Command)(pipe_safe(export.export))
app.command("list", cls=Command)(pipe_safe(archive.list_command))
app.command("serve", cls=Command)(pipe_safe(serve.serve))
app.command("case", cls=Command)(pipe_safe(case.case))
app.command("diff", cls=Command)(pipe_safe(diff.diff))
_watch = typer.Typer(
    help=watch.HELP, no_args_is_help=True, cls=Group, context_settings=CONTEXT,
    rich_markup_mode="rich",
)  # fmt: skip
for _name, _command in watch.COMMANDS:
    _watch.command(_name, cls=Command)(pipe_safe(_command))
app.add_typer(_watch, name="watch")


def main() -> None:
    try:
        app(prog_name="kkrparse")
    except BrokenPipeError:  # stdout closed outside any command: end with status 0
        _silence_stdout()

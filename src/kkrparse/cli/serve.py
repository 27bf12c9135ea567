"""``kkrparse serve``: browse and search an archive in Datasette.

Datasette is an optional extra. Without it the command says how to install it and exits
2; with it, it serves the archive's database with kkrparse's metadata (descriptions,
labels, facets, the ``search`` and ``case_timeline`` queries) and the plugin that opens a
meeting's archived PDF (:mod:`kkrparse.archive.datasette_plugin`). It listens on
127.0.0.1 unless ``--host`` says otherwise: the archive is not meant for the network.
"""

from __future__ import annotations

from typing import Annotated, Final

import typer

from kkrparse.archive import DATABASE, DEFAULT_ARCHIVE
from kkrparse.cli import common
from kkrparse.cli.archive import ArchiveDir
from kkrparse.cli.common import ExitCode

INSTALL: Final = "pip install 'kkrparse[archive]'"
DEFAULT_PORT: Final = 8001  # Datasette's own default


def serve(
    archive_dir: ArchiveDir = DEFAULT_ARCHIVE,
    port: Annotated[int, typer.Option(min=0, max=65535, help="The port to listen on.")] = (
        DEFAULT_PORT
    ),
    host: Annotated[
        str, typer.Option(help="The address to listen on (0.0.0.0: every interface).")
    ] = "127.0.0.1",
) -> None:
    """Browse and search an archive in Datasette (the 'archive' extra)."""
    err = common.stderr_console()
    try:
        import uvicorn

        from kkrparse.archive.datasette_plugin import make_datasette
    except ImportError:
        common.error_line(err, f"serve needs Datasette: {INSTALL}")
        raise typer.Exit(ExitCode.USAGE) from None
    database = archive_dir / DATABASE
    if not database.is_file():
        common.error_line(err, f"{common.shown(archive_dir)}: no archive here ({DATABASE})")
        raise typer.Exit(ExitCode.ARCHIVE)
    app = make_datasette(archive_dir).app()
    err.print(f"serving {common.shown(database)} at http://{host}:{port}/", soft_wrap=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")

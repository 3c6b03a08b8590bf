"""The ``netz`` command line: ``app`` and its commands, grouped by what they do.

The modules of this package do not use ``from __future__ import annotations``: Typer reads
every command's annotations at start-up, and as strings each one is compiled and evaluated
again (measured: 31 ms for all commands, 9 ms without it).
"""

from netzwerk_cli.cli import lesen, pruefen, schreiben  # noqa: F401  (registers commands)
from netzwerk_cli.cli.app import app, main
from netzwerk_cli.cli.export import gruppe as _export_gruppe
from netzwerk_cli.cli.kontakt import gruppe as _kontakt_gruppe

app.add_typer(_kontakt_gruppe, name="kontakt", cls=app.info.cls)
app.add_typer(_export_gruppe, name="export", cls=app.info.cls)

__all__ = ["app", "main"]

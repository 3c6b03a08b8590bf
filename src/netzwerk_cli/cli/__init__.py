"""The ``netz`` command line: ``app`` and its commands, grouped by what they do.

The modules of this package do not use ``from __future__ import annotations``: Typer reads
every command's annotations at start-up, and as strings each one is compiled and evaluated
again (measured: 31 ms for all commands, 9 ms without it).
"""

from netzwerk_cli.cli import lesen  # noqa: F401  (registers the read commands)
from netzwerk_cli.cli.app import app, main

# The write, export and check commands are loaded on first use: see app.SPAETER_GELADEN.

__all__ = ["app", "main"]

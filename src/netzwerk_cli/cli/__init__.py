"""The ``netz`` command line: ``app`` and its commands, one module per concern.

The modules of this package do not use ``from __future__ import annotations``: Typer reads
every command's annotations, and as strings each one is compiled and evaluated again
(measured: 31 ms for all commands, 9 ms without it). Which module holds which command is
declared in ``app.LAZY_COMMANDS``.
"""

from netzwerk_cli.cli.app import app, main

__all__ = ["app", "main"]

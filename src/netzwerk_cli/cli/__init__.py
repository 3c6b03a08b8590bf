"""The ``netz`` command line: ``app`` and its commands, grouped by what they do."""

from netzwerk_cli.cli import lesen  # noqa: F401  (registers the read commands)
from netzwerk_cli.cli.app import app, main

__all__ = ["app", "main"]

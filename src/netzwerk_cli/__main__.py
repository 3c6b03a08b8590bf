"""Allow ``python -m netzwerk_cli``."""

from netzwerk_cli.cli import main

main()

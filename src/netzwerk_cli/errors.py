"""The project's own error types.

Core modules raise these with a German message that is ready to show; the CLI turns them into
output on stderr and an exit code in one place, so no core function prints or exits.
"""

from __future__ import annotations

from netzwerk_cli.text import count


class NetzError(Exception):
    """A problem the user can fix; ``str(error)`` is the German message shown to them."""

    exit_code = 1


class InputError(NetzError):
    """A value given on the command line is not valid (a usage error, exit code 2)."""

    exit_code = 2


class RegistryError(NetzError):
    """The registry file is missing, unreadable or invalid; lists every problem found."""

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        shown = problems[:20]
        more = len(problems) - len(shown)
        lines = [f"Das Register {path} ist ungültig:"]
        lines += [f"  - {problem}" for problem in shown]
        if more:
            lines.append(f"  … und {count(more, 'weiteres Problem', 'weitere Probleme')}.")
        super().__init__("\n".join(lines) if len(problems) > 1 else f"{path}: {problems[0]}")

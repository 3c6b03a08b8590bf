"""Plain address lists: one per line, or one line to paste into Outlook's To/BCC field."""

from __future__ import annotations

from netzwerk_cli.export.selection import Recipient

# Characters that make a display name need quotes in an address header (RFC 5322 specials).
_SPECIALS = set('()<>[]:;@\\,."')


def to_text(recipients: list[Recipient]) -> str:
    """One address per line."""
    return "".join(f"{r.email}\n" for r in recipients)


def to_outlook(recipients: list[Recipient]) -> str:
    """``Name <addr>; …`` on one line: Outlook's To/BCC field and contact groups take it."""
    return "; ".join(f"{_display_name(r.name)} <{r.email}>" if r.name else r.email
                     for r in recipients) + "\n"


def _display_name(name: str) -> str:
    if _SPECIALS & set(name):
        return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return name

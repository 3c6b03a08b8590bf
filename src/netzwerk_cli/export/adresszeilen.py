"""Plain address lists: one per line, or one line to paste into Outlook's To/BCC field."""

from __future__ import annotations

from netzwerk_cli.export import Empfaenger

# Characters that make a display name need quotes in an address header (RFC 5322 specials).
_SONDERZEICHEN = set('()<>[]:;@\\,."')


def als_text(empfaenger: list[Empfaenger]) -> str:
    """One address per line."""
    return "".join(f"{e.email}\n" for e in empfaenger)


def als_outlook(empfaenger: list[Empfaenger]) -> str:
    """``Name <addr>; …`` on one line: Outlook's To/BCC field and contact groups take it."""
    return "; ".join(f"{_anzeigename(e.name)} <{e.email}>" if e.name else e.email
                     for e in empfaenger) + "\n"


def _anzeigename(name: str) -> str:
    if _SONDERZEICHEN & set(name):
        return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return name

"""``mailto:`` links that open a new message with the list in BCC.

Outlook on Windows opens links only up to about 2,000 characters; longer lists are split into
several links of at most ``MAX_LAENGE`` characters, each opening its own message.
"""

from __future__ import annotations

from urllib.parse import quote

from netzwerk_cli.export import Empfaenger

MAX_LAENGE = 1900


def mailto_links(empfaenger: list[Empfaenger], max_laenge: int = MAX_LAENGE) -> list[str]:
    """As few ``mailto:?bcc=a,b`` links as possible, each no longer than ``max_laenge``."""
    links: list[str] = []
    adressen: list[str] = []
    for e in empfaenger:
        adresse = quote(e.email, safe="@")
        if adressen and len(_link([*adressen, adresse])) > max_laenge:
            links.append(_link(adressen))
            adressen = []
        adressen.append(adresse)
    if adressen:
        links.append(_link(adressen))
    return links


def _link(adressen: list[str]) -> str:
    return "mailto:?bcc=" + ",".join(adressen)

"""``mailto:`` links that open a new message with the list in BCC.

Outlook on Windows opens links only up to about 2,000 characters; longer lists are split into
several links of at most ``MAX_LENGTH`` characters, each opening its own message.
"""

from __future__ import annotations

from urllib.parse import quote

from netzwerk_cli.export.selection import Recipient

MAX_LENGTH = 1900


def mailto_links(recipients: list[Recipient], max_length: int = MAX_LENGTH) -> list[str]:
    """As few ``mailto:?bcc=a,b`` links as possible, each no longer than ``max_length``."""
    links: list[str] = []
    addresses: list[str] = []
    for r in recipients:
        address = quote(r.email, safe="@")
        if addresses and len(_link([*addresses, address])) > max_length:
            links.append(_link(addresses))
            addresses = []
        addresses.append(address)
    if addresses:
        links.append(_link(addresses))
    return links


def _link(addresses: list[str]) -> str:
    return "mailto:?bcc=" + ",".join(addresses)

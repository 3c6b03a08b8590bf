"""E-mail drafts: an ``.eml`` file that a mail program opens ready to send, the same text to
paste into any mail program, and ``mailto:`` links.

A ``Draft`` is plain data – subject, text, To and Bcc (``selection.Recipient``), attachments –
so every draft netz writes goes through here: the meeting invitation (``invitation.py``) and the
yearly check round's requests.

The ``.eml`` carries ``X-Unsent: 1``, exactly so: Thunderbird (and classic Outlook) then open
it as an editable draft, not as a received mail. It has no From, Date or Message-ID – the mail
program adds the sender's own. Headers are written with ``email.policy.SMTP`` (CRLF, non-ASCII
names RFC 2047-encoded); a domain with umlauts is written in its ASCII form (IDNA), and only an
address whose local part itself is not ASCII makes the whole message UTF-8 (RFC 6532). ``Bcc``
stays in the file: Thunderbird fills its Bcc field from it; whether Outlook does is unverified,
which is why drafts go To the senders themselves and Bcc the list.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import quote

from netzwerk_cli.errors import InputError
from netzwerk_cli.export.address_lines import to_outlook
from netzwerk_cli.export.mailto import MAX_LENGTH
from netzwerk_cli.export.selection import Recipient, one_line

if TYPE_CHECKING:
    from email.message import EmailMessage


class Attachment(NamedTuple):
    """A text file attached to a draft: ``text/<subtype>``, UTF-8, with Content-Type
    parameters (an iCalendar file: ``method``)."""

    filename: str
    text: str
    subtype: str
    params: tuple[tuple[str, str], ...] = ()


class Draft(NamedTuple):
    """An e-mail ready to be opened, checked and sent by a person."""

    subject: str
    text: str
    to: Sequence[Recipient] = ()
    bcc: Sequence[Recipient] = ()
    attachments: Sequence[Attachment] = ()


class MailtoLinks(NamedTuple):
    """The links, and whether the text had to be left out (too long for a link)."""

    links: list[str]
    without_text: bool


def to_message(draft: Draft) -> EmailMessage:
    """The draft as an ``EmailMessage`` with ``X-Unsent: 1``."""
    from email import policy
    from email.message import EmailMessage

    addresses = [*draft.to, *draft.bcc]
    ascii_only = all(_ascii_address(r.email) is not None for r in addresses)
    message = EmailMessage(policy=policy.SMTP if ascii_only else policy.SMTPUTF8)
    for header, recipients in (("To", draft.to), ("Bcc", draft.bcc)):
        if recipients:
            message[header] = (_addresses(recipients) if ascii_only
                               else ", ".join(_address_text(r) for r in recipients))
    # A line break in a header value would start a header of its own ("Bcc: …"): the exports
    # give one-line values already (``selection.exportable``); a draft built otherwise too.
    message["Subject"] = one_line(draft.subject)
    message["X-Unsent"] = "1"
    message.set_content(draft.text, cte="quoted-printable")
    for attachment in draft.attachments:
        message.add_attachment(attachment.text, subtype=attachment.subtype, charset="utf-8",
                               cte="base64", filename=attachment.filename,
                               params=dict(attachment.params))
    return message


def to_eml(draft: Draft) -> bytes:
    """The ``.eml`` file: the message with CRLF line ends."""
    return to_message(draft).as_bytes()


def to_text(draft: Draft) -> str:
    """The draft to paste into any mail program: the address fields (``; ``-separated, as
    Outlook's fields and contact groups take them), the subject, then the text."""
    lines = []
    if draft.to:
        lines.append(f"An: {to_outlook(list(draft.to)).rstrip()}")
    if draft.bcc:
        lines.append(f"Bcc: {to_outlook(list(draft.bcc)).rstrip()}")
    lines += [f"Betreff: {draft.subject}", "", draft.text.rstrip("\n"), ""]
    return "\n".join(lines)


def to_mailto(draft: Draft, max_length: int = MAX_LENGTH) -> MailtoLinks:
    """``mailto:`` links (RFC 6068) that open the draft: To, subject and text in each, the Bcc
    addresses spread so that no link is longer than ``max_length`` (Outlook on Windows opens
    links only up to about 2,000 characters). Everything is percent-encoded. When the text
    leaves no room for even one Bcc address, the links carry the subject only."""
    to = ",".join(_mailto_address(r.email) for r in draft.to)
    bcc = [_mailto_address(r.email) for r in draft.bcc]
    fields = [f"subject={_encoded(draft.subject)}"]
    with_text = [*fields, f"body={_encoded(draft.text.replace(chr(10), chr(13) + chr(10)))}"]
    shortest = min(bcc, key=len, default="")
    fits = len(_mailto(to, with_text, [shortest] if shortest else [])) <= max_length
    chosen = with_text if fits else fields
    links: list[str] = []
    batch: list[str] = []
    for address in bcc:
        if batch and len(_mailto(to, chosen, [*batch, address])) > max_length:
            links.append(_mailto(to, chosen, batch))
            batch = []
        batch.append(address)
    if batch or not links:
        links.append(_mailto(to, chosen, batch))
    return MailtoLinks(links, without_text=not fits)


def _mailto(to: str, fields: list[str], bcc: list[str]) -> str:
    query = [*fields, *([f"bcc={','.join(bcc)}"] if bcc else [])]
    return f"mailto:{to}?{'&'.join(query)}"


def _encoded(text: str) -> str:
    """A header or body value for a mailto link: everything but unreserved characters
    percent-encoded (a space as %20, never +)."""
    return quote(text, safe="")


def _mailto_address(email: str) -> str:
    return quote(_ascii_address(email) or email, safe="@")


def _ascii_address(email: str) -> str | None:
    """The address in ASCII (a domain with umlauts in its IDNA form), or None when its local
    part is not ASCII."""
    if email.isascii():
        return email
    from email_validator import EmailNotValidError, validate_email

    try:
        result = validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return None
    return result.ascii_email


def _addresses(recipients: Sequence[Recipient]) -> list[object]:
    from email.headerregistry import Address

    addresses: list[object] = []
    for r in recipients:
        try:
            addresses.append(Address(display_name=one_line(r.name),
                                     addr_spec=_ascii_address(r.email) or r.email))
        except ValueError:  # a hand-edited file may hold anything ("a@b.de Bcc: c@d.de")
            raise _not_an_address(r) from None
    return addresses


def _not_an_address(recipient: Recipient) -> InputError:
    from netzwerk_cli.text import shortened

    return InputError(f"„{shortened(recipient.email)}“ ist keine gültige E-Mail-Adresse "
                      f"(„{shortened(one_line(recipient.name))}“); bitte mit `netz kontakt "
                      "edit ID --email …` korrigieren. `netz check` zeigt alle solchen Werte.")


def _address_text(recipient: Recipient) -> str:
    """``Name <address>`` for a UTF-8 header, the name quoted where it must be."""
    return to_outlook([recipient._replace(name=one_line(recipient.name))]).rstrip()

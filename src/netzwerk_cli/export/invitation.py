"""The invitation to a meeting as an e-mail draft (``eml.Draft``).

To: the network's coordinators (members with the role ``koordination``) – they send it, so it
goes to themselves –, else its Ansprechpartner; Bcc: everyone else on the network's verteiler
(members and Ansprechpartner, ``selection.collect_verteiler``), so no member sees the others'
addresses. The text comes from ``templates/einladung.txt.j2``; the meeting's calendar entry is
attached as ``<treffen-id>.ics`` (METHOD:PUBLISH, the MIME ``method`` the same).
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from netzwerk_cli.export import ics
from netzwerk_cli.export.eml import Attachment, Draft
from netzwerk_cli.export.meeting_facts import (
    INFO_WALL,
    ON_TIME,
    MeetingFacts,
    meeting_facts,
    render_template,
)
from netzwerk_cli.export.selection import (
    ExportKontakt,
    KontaktSelection,
    Recipient,
    collect_kontakte,
    collect_verteiler,
)
from netzwerk_cli.model import Registry

KOORDINATION = "koordination"
ANSPRECHPARTNER = "ansprechpartner"


class Invitation(NamedTuple):
    """The draft, where its To came from, and who on the verteiler has no address."""

    draft: Draft
    meeting: MeetingFacts
    # "koordination", "ansprechpartner", or "" when nobody of either has an address.
    to_from: str
    without_email: list[ExportKontakt]


def invitation(registry: Registry, treffen_id: str, today: dt.date,
               with_attachment: bool = True) -> Invitation:
    """The invitation to the meeting ``treffen_id``; with ``with_attachment`` its .ics."""
    meeting = meeting_facts(registry, treffen_id)
    to, to_from = senders(registry, meeting.netzwerk_id)
    chosen = [(meeting.netzwerk_id, registry.netzwerke[meeting.netzwerk_id])]
    everyone, without_email = collect_verteiler(collect_kontakte(registry, chosen))
    own = {r.email.casefold() for r in to}
    bcc = [r for r in everyone if r.email.casefold() not in own]
    attachments = []
    if with_attachment:
        attachments.append(Attachment(f"{treffen_id}.ics", ics.to_ics([meeting], today),
                                      "calendar", (("method", ics.METHOD),)))
    text = invitation_text(meeting, [r.name for r in to],
                           attachments[0].filename if attachments else "")
    draft = Draft(subject=f"Einladung: {meeting.netzwerk} am {meeting.wann}", text=text,
                  to=to, bcc=bcc, attachments=attachments)
    return Invitation(draft, meeting, to_from, without_email)


def senders(registry: Registry, netzwerk_id: str) -> tuple[list[Recipient], str]:
    """Who sends for the network: the addresses of its coordinators, else of its
    Ansprechpartner; and which of the two it is ("" when neither has an address)."""
    netzwerk = registry.netzwerke[netzwerk_id]
    chosen = [(netzwerk_id, netzwerk)]
    coordinators = collect_verteiler(collect_kontakte(registry, chosen, rollen=[KOORDINATION]))
    if coordinators[0]:
        return coordinators[0], KOORDINATION
    kontakte = [ExportKontakt(k, registry.kontakte[k], (netzwerk.name,))
                for k in dict.fromkeys(netzwerk.kontakte) if k in registry.kontakte]
    ansprechpartner = collect_verteiler(KontaktSelection(kontakte, 0, []))[0]
    return ansprechpartner, ANSPRECHPARTNER if ansprechpartner else ""


def invitation_text(meeting: MeetingFacts, senders: list[str], attachment: str = "") -> str:
    """The invitation's text from its template."""
    return render_template("einladung.txt.j2", autoescape=False, m=meeting, puenktlich=ON_TIME,
                           infowand=INFO_WALL, anhang=attachment, absender=senders)

"""The info-wall sheet of a meeting: one HTML page to print on A4 and pin up.

The source document asks for an info wall at every meeting with a list "wer ist da (Name &
Einrichtung)", "was kann ich bieten" and "was suche ich". The sheet names the network, the day
and the venue, and has that table with the network's members already filled in (name and
organisation), followed by empty rows for guests and newcomers. Members are personal data: the
sheet is meant for the meeting itself, where they are among themselves, not for publishing.

The page carries its own print stylesheet (``@page { size: A4 }``, rows high enough to write
in by hand, the table head repeated on a second page); Jinja2 escapes everything from the
registry.
"""

from __future__ import annotations

from typing import NamedTuple

from netzwerk_cli.export.meeting_facts import (
    INFO_WALL,
    MeetingFacts,
    meeting_facts,
    render_template,
)
from netzwerk_cli.model import Registry

# A first page holds the heading and this many rows; a sheet is filled up to it, and always
# has at least ``MIN_EMPTY_ROWS`` to add guests and newcomers.
ROWS_ON_FIRST_PAGE = 12
MIN_EMPTY_ROWS = 4


class Row(NamedTuple):
    """A pre-filled row: the person (empty for an organisation, whoever comes writes their
    name) and the organisation."""

    name: str
    einrichtung: str


class Sheet(NamedTuple):
    """What the sheet shows."""

    meeting: MeetingFacts
    rows: list[Row]
    empty_rows: int


def sheet(registry: Registry, treffen_id: str, empty_rows: int | None = None) -> Sheet:
    """The sheet for a meeting: its members in order of name, and ``empty_rows`` empty rows
    (by default enough to fill the first page, at least ``MIN_EMPTY_ROWS``)."""
    from netzwerk_cli.members import members_of, organisation_of

    meeting = meeting_facts(registry, treffen_id)
    rows = []
    for _, kontakt, _ in members_of(registry, meeting.netzwerk_id):
        if kontakt.art == "organisation" and not kontakt.name:
            rows.append(Row("", kontakt.display_name))
        else:
            rows.append(Row(kontakt.display_name, organisation_of(registry, kontakt)))
    if empty_rows is None:
        empty_rows = max(MIN_EMPTY_ROWS, ROWS_ON_FIRST_PAGE - len(rows))
    return Sheet(meeting, rows, empty_rows)


def to_html(data: Sheet) -> str:
    """The printable page."""
    return render_template("aushang.html.j2", autoescape=True, m=data.meeting, zeilen=data.rows,
                           leerzeilen=data.empty_rows, spalten=INFO_WALL)

"""What the meeting formats (calendar, invitation, info-wall sheet) say about a meeting.

``meeting_facts`` resolves a ``[treffen.ID]`` entry against the registry once – the network's
name, the venue and its address, the host, the invited offers –, worded in German as everywhere
in netz (``meetings.datum_text``: "Di, 16.03.2027, 16–18 Uhr"), so the three formats always
agree. Times in the registry are Hagen's local time; ``start``/``end`` give them in
Europe/Berlin.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from netzwerk_cli.meetings import ORT_OFFEN, datum_text, treffen_of, zeit_text

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from netzwerk_cli.model import Angebot, Registry
    from netzwerk_cli.query import Criteria

TIME_ZONE = "Europe/Berlin"
# The source document: "klarer Zeitrahmen (z.B. 16-18 Uhr), nicht überziehen, lieber eher
# fertig sein!"
ON_TIME = "wir hören pünktlich auf"
# The info wall of every meeting, in the source document's words.
INFO_WALL = ("Wer ist da? (Name & Einrichtung)", "Was kann ich bieten?", "Was suche ich?")


class Guest(NamedTuple):
    """An invited offer and, in one line, what it offers."""

    id: str
    name: str
    angebot: str


class MeetingFacts(NamedTuple):
    """A meeting as the formats show it: plain values, resolved and ready to print."""

    id: str
    netzwerk_id: str
    netzwerk: str
    datum: dt.date
    beginn: str
    ende: str
    sequenz: int
    ort_name: str
    ort_anschrift: str
    gastgeber: str
    themen: list[str]
    gaeste: list[Guest]

    @property
    def title(self) -> str:
        """"Netzwerk Mitte – Netzwerktreffen": the calendar entry's title."""
        return f"{self.netzwerk} – Netzwerktreffen"

    @property
    def datum_text(self) -> str:
        """"Di, 16.03.2027"."""
        return datum_text(self.datum)

    @property
    def zeit_text(self) -> str:
        """"16–18 Uhr" ("" when the meeting has no time frame)."""
        return zeit_text(self.beginn, self.ende)

    @property
    def wann(self) -> str:
        """"Di, 16.03.2027, 16–18 Uhr"."""
        return ", ".join(filter(None, (self.datum_text, self.zeit_text)))

    @property
    def ort(self) -> str:
        """The venue on one line with its address ("" while it is open)."""
        return ", ".join(filter(None, (self.ort_name, self.ort_anschrift)))

    @property
    def wo(self) -> str:
        """The venue with its address, or "Ort noch offen"."""
        return self.ort or ORT_OFFEN

    def start(self) -> dt.datetime | None:
        """The beginning in Europe/Berlin (None for a meeting without a time frame)."""
        return local_time(self.datum, self.beginn) if self.beginn else None

    def end(self) -> dt.datetime | None:
        """The end in Europe/Berlin (None for a meeting without a time frame)."""
        return local_time(self.datum, self.ende) if self.ende else None


def berlin() -> ZoneInfo:
    """Hagen's time zone (on Windows from the ``tzdata`` package)."""
    from zoneinfo import ZoneInfo

    return ZoneInfo(TIME_ZONE)


def local_time(day: dt.date, time: str) -> dt.datetime:
    """A time of day ("16:00") on a day, in Europe/Berlin."""
    hours, minutes = map(int, time.split(":"))
    return dt.datetime(day.year, day.month, day.day, hours, minutes, tzinfo=berlin())


def meeting_facts(registry: Registry, treffen_id: str) -> MeetingFacts:
    """Everything the formats say about one meeting, resolved against the registry."""
    from netzwerk_cli.members import organisation_of

    treffen = treffen_of(registry, treffen_id)
    netzwerk = registry.netzwerke[treffen.netzwerk]
    # The planner writes "Ort noch offen" where it found no venue: that is no place.
    ort_name, ort_anschrift = ("" if treffen.ort == ORT_OFFEN else treffen.ort), ""
    venue = registry.kontakte.get(treffen.ort_kontakt) if treffen.ort_kontakt else None
    if venue is not None:
        ort_name, ort_anschrift = venue.display_name, venue.anschrift
    gastgeber = ""
    host = registry.kontakte.get(treffen.gastgeber) if treffen.gastgeber else None
    if host is not None:
        gastgeber = ", ".join(filter(None, (host.display_name, organisation_of(registry, host))))
    return MeetingFacts(
        id=treffen_id, netzwerk_id=treffen.netzwerk, netzwerk=netzwerk.name,
        datum=treffen.date, beginn=treffen.beginn, ende=treffen.ende, sequenz=treffen.sequenz,
        ort_name=ort_name, ort_anschrift=ort_anschrift, gastgeber=gastgeber,
        themen=list(treffen.themen),
        gaeste=[_guest(i, registry.angebote[i]) for i in treffen.gaeste
                if i in registry.angebote])


def _guest(angebot_id: str, angebot: Angebot) -> Guest:
    """An invited offer: "Beratung, Prävention – für Kinder, Jugendliche"."""
    what = ", ".join(angebot.themen)
    for_whom = f"für {', '.join(angebot.zielgruppen)}" if angebot.zielgruppen else ""
    return Guest(angebot_id, angebot.name, " – ".join(filter(None, (what, for_whom))))


def chosen_meetings(registry: Registry, netzwerk_ids: Collection[str],
                    treffen_ids: Iterable[str] = (), from_day: dt.date | None = None
                    ) -> list[MeetingFacts]:
    """The meetings of the networks and the meetings named by id, each once, in order of
    date and time; with ``from_day`` only those on that day or later."""
    wanted = {i for i, t in registry.treffen.items() if t.netzwerk in netzwerk_ids}
    wanted.update(treffen_ids)
    found = [meeting_facts(registry, treffen_id) for treffen_id in wanted]
    if from_day is not None:
        found = [m for m in found if m.datum >= from_day]
    found.sort(key=lambda m: (m.datum, m.beginn, m.netzwerk, m.id))
    return found


def render_template(name: str, *, autoescape: bool, **data: object) -> str:
    """A template of ``export/templates/`` filled in: the invitation's text (plain) and the
    info-wall sheet (HTML, everything from the registry escaped)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    environment = Environment(loader=PackageLoader("netzwerk_cli.export", "templates"),
                              autoescape=autoescape, undefined=StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    return environment.get_template(name).render(**data)


class CalendarSelection(NamedTuple):
    """The meetings for a calendar file, how many networks they belong to, and hints."""

    meetings: list[MeetingFacts]
    netzwerke: int
    hints: list[str]


def calendar_selection(registry: Registry, ids: Sequence[str], criteria: Criteria,
                       from_day: dt.date | None = None) -> CalendarSelection:
    """The meetings ``netz treffen ics`` exports: those named by id, and those of the networks
    named by id or chosen by the filters (no id and no filter: every network)."""
    from netzwerk_cli.query import select

    treffen_ids = [i for i in ids if i in registry.treffen]
    netzwerk_ids = [i for i in ids if i not in registry.treffen]
    hints: list[str] = []
    chosen: set[str] = set()
    if netzwerk_ids or not treffen_ids or criteria._replace(ids=()).narrows:
        selection = select(registry, criteria._replace(ids=netzwerk_ids))
        hints = selection.hints
        chosen = {netzwerk_id for netzwerk_id, _ in selection.all()}
    meetings = chosen_meetings(registry, chosen, treffen_ids, from_day)
    return CalendarSelection(meetings, len({m.netzwerk_id for m in meetings}), hints)

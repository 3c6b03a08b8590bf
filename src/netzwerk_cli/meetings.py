"""The meetings of a network: planning a year, changing a meeting, attendance, suggestions.

"Netzwerktreffen organisieren" (the source document, from the Netzwerk Mitte's experience):
fix the dates long in advance (e.g. 4 × a year), a clear time frame (e.g. 16–18 Uhr), meet at
changing venues so everyone gets to know all the Einrichtungen, and invite the city-wide offers
to present themselves. A meeting is a ``model.Treffen`` in ``registry.treffen``; like
``members``, each changing function changes a ``Registry`` in place (inside
``storage.apply_change``) or raises an ``InputError`` before touching it.

Dates and times for people are German ("Di, 16.03.2027, 16–18 Uhr"); every date is a day in
Hagen (Europe/Berlin), "today" comes from ``clock.today()``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from netzwerk_cli.errors import InputError
from netzwerk_cli.model import REIHUM, WOCHENTAGE, Netzwerk, Registry, Treffen, check_uhrzeit

# "Mo" … "So", by ``date.weekday()``.
WEEKDAY_SHORT = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
WEEKDAY_IDS = tuple(WOCHENTAGE)


# --- German dates and times ------------------------------------------------------------------


def datum_text(date: dt.date) -> str:
    """"Di, 16.03.2027"."""
    return f"{WEEKDAY_SHORT[date.weekday()]}, {date:%d.%m.%Y}"


def zeit_text(beginn: str, ende: str) -> str:
    """"16–18 Uhr", "16:30–18:00 Uhr"; "" without a time frame."""
    if not beginn or not ende:
        return ""
    if beginn.endswith(":00") and ende.endswith(":00"):
        return f"{int(beginn[:2])}–{int(ende[:2])} Uhr"
    return f"{_clock_text(beginn)}–{_clock_text(ende)} Uhr"


def _clock_text(time: str) -> str:
    return f"{int(time[:2])}:{time[3:]}"


def termin_text(treffen: Treffen) -> str:
    """"Di, 16.03.2027, 16–18 Uhr": when a meeting is."""
    return ", ".join(filter(None, (datum_text(treffen.date),
                                   zeit_text(treffen.beginn, treffen.ende))))


def rhythm_text(netzwerk: Netzwerk) -> str:
    """A network's usual rhythm in words: "4 × im Jahr, dienstags, 16–18 Uhr, wechselnde
    Orte"; "" when nothing is known."""
    parts = [f"{netzwerk.turnus} × im Jahr" if netzwerk.turnus else "",
             f"{WOCHENTAGE[netzwerk.wochentag].lower()}s" if netzwerk.wochentag else "",
             zeit_text(netzwerk.beginn, netzwerk.ende),
             "wechselnde Orte (reihum)" if netzwerk.orte == REIHUM else ""]
    return ", ".join(filter(None, parts))


# The place of a meeting not yet decided (no venue organisation, no text).
ORT_OFFEN = "Ort noch offen"


def ort_text(registry: Registry, treffen: Treffen) -> str:
    """Where a meeting is, on one line: the venue organisation and its address ("Jugendzentrum
    Boele, Musterstraße 2, 58099 Hagen"), the free text, or "Ort noch offen"."""
    venue = registry.kontakte.get(treffen.ort_kontakt) if treffen.ort_kontakt else None
    if venue is not None:
        return ", ".join(filter(None, (venue.display_name, venue.anschrift)))
    return treffen.ort or ORT_OFFEN


# --- Reading what a user typed ---------------------------------------------------------------


def parse_zeit(text: str) -> tuple[str, str]:
    """A time frame a user typed ("16-18", "16–18 Uhr", "9:30-11:00") as (beginn, ende)."""
    cleaned = text.strip().casefold().removesuffix("uhr").strip()
    for dash in ("–", "—", "−", " bis "):
        cleaned = cleaned.replace(dash, "-")
    start, separator, end = cleaned.partition("-")
    try:
        beginn, ende = check_uhrzeit(start.strip()), check_uhrzeit(end.strip())
    except ValueError:
        beginn = ende = ""
    if not separator or not beginn or not ende or beginn >= ende:
        raise InputError(f"--zeit: „{text}“ ist kein Zeitrahmen; erwartet Beginn-Ende, z. B. "
                         "16-18 oder 9:30-11:00 (der Beginn vor dem Ende).")
    return beginn, ende


def rhythm_values(text: str | None = None, turnus: int | None = None,
                  wochentag: str | None = None, zeit: str | None = None,
                  orte: str | None = None) -> dict[str, Any]:
    """The network fields for a rhythm a user gave: ``text`` as "4 × im Jahr, dienstags,
    16–18 Uhr, reihum" sets all five (what it does not name is cleared; "" clears all), the
    single options set theirs. None: not given. A text netz does not understand completely is
    a usage error naming the part."""
    from netzwerk_cli.migrate import parse_rhythm
    from netzwerk_cli.validate import text_problem

    values: dict[str, Any] = {}
    if text is not None:
        problem = text_problem("treffen", text)
        if problem:
            raise InputError(problem)
        rhythm = parse_rhythm(text)
        if rhythm.rest:
            raise InputError(
                f"--treffen: „{'“, „'.join(rhythm.rest)}“ nicht verstanden. netz versteht z. B. "
                "„4 × im Jahr, dienstags, 16–18 Uhr, reihum“ (auch „monatlich“, „Di.“, "
                "„16:00-18:00“, „wechselnde Orte“); oder einzeln --turnus, --wochentag, --zeit, "
                "--orte.")
        values = {"turnus": 0, "wochentag": "", "beginn": "", "ende": "", "orte": ""}
        values |= rhythm.fields()
    if turnus is not None:
        values["turnus"] = turnus
    if wochentag is not None:
        values["wochentag"] = wochentag.strip()
    if zeit is not None:
        values["beginn"], values["ende"] = parse_zeit(zeit) if zeit.strip() else ("", "")
    if orte is not None:
        values["orte"] = orte.strip()
    return values

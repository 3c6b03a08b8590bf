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

import copy
import datetime as dt
import functools
import itertools
from collections.abc import Container
from typing import Any, NamedTuple

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


def parse_datum(text: str, option: str = "--datum") -> str:
    """A day a user typed, as JJJJ-MM-TT: "2027-03-16" or German "16.03.2027"."""
    from netzwerk_cli.model import check_datum

    cleaned = text.strip()
    parts = cleaned.split(".")
    if len(parts) == 3 and all(part.isdigit() for part in parts):
        cleaned = f"{parts[2]:0>4}-{parts[1]:0>2}-{parts[0]:0>2}"
    try:
        return check_datum(cleaned)
    except ValueError as err:
        raise InputError(f"{option}: {err} (oder TT.MM.JJJJ).") from None


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


# --- Holidays in NRW ------------------------------------------------------------------------


def nrw_holidays(years: range | list[int]) -> dict[dt.date, str]:
    """The public holidays and school holidays in NRW on the given years: day → name(s)
    ("Pfingstmontag", "Sommerferien", "Erster Weihnachtstag, Weihnachtsferien").

    From the ``holidays`` package, offline (public holidays incl. Fronleichnam and
    Allerheiligen; school holidays from the KMK data, currently 1990–2029). The movable days
    schools choose themselves are in no dataset.
    """
    import holidays  # imported here: only planning needs it

    years = list(years)
    days: dict[dt.date, list[str]] = {}
    for categories in (("public",), ("school",)):
        found = holidays.country_holidays("DE", subdiv="NW", years=years, language="de",
                                          categories=categories)
        for day, name in found.items():
            days.setdefault(day, []).extend(part.strip() for part in name.split(";"))
    return {day: ", ".join(dict.fromkeys(names)) for day, names in sorted(days.items())}


def school_holidays_known(holidays: dict[dt.date, str], year: int) -> bool:
    """Whether the holidays of ``year`` include school holidays (the data ends some years
    ahead)."""
    return any(day.year == year and "ferien" in name.casefold()
               for day, name in holidays.items())


# --- Finding meetings -----------------------------------------------------------------------


def treffen_of(registry: Registry, treffen_id: str) -> Treffen:
    """A meeting by id; an unknown id is a usage error with a suggestion."""
    found = registry.treffen.get(treffen_id)
    if found is not None:
        return found
    from netzwerk_cli.text import did_you_mean

    hint = (f" „{treffen_id}“ ist ein Netzwerk: seine Treffen zeigt `netz treffen list "
            f"{treffen_id}`." if treffen_id in registry.netzwerke
            else did_you_mean(treffen_id, registry.treffen))
    raise InputError(f"Kein Treffen mit der ID „{treffen_id}“.{hint} Alle Treffen zeigt "
                     "`netz treffen list`.")


def meetings_of(registry: Registry, netzwerk_id: str) -> list[tuple[str, Treffen]]:
    """The meetings of a network, earliest first (an unknown network is a usage error)."""
    registry.netzwerk(netzwerk_id)
    return sorted(((i, t) for i, t in registry.treffen.items() if t.netzwerk == netzwerk_id),
                  key=_by_date)


def _by_date(item: tuple[str, Treffen]) -> tuple[str, str, str]:
    return item[1].datum, item[1].beginn, item[0]


def meetings_by_netzwerk(registry: Registry) -> dict[str, list[tuple[str, Treffen]]]:
    """Every network's meetings, earliest first, in one pass over the meetings."""
    found: dict[str, list[tuple[str, Treffen]]] = {}
    for item in sorted(registry.treffen.items(), key=_by_date):
        found.setdefault(item[1].netzwerk, []).append(item)
    return found


def next_meeting(registry: Registry, netzwerk_id: str, today: dt.date
                 ) -> tuple[str, Treffen] | None:
    """The network's next meeting: the first on or after today, or None."""
    upcoming = [item for item in meetings_of(registry, netzwerk_id) if item[1].date >= today]
    return upcoming[0] if upcoming else None


def select_meetings(registry: Registry, netzwerk_ids: list[str], kommende: bool,
                    today: dt.date) -> list[tuple[str, Treffen]]:
    """The meetings of the given networks (in their order, each earliest first); with
    ``kommende`` only those on or after today."""
    by_netzwerk = meetings_by_netzwerk(registry)
    return [item for netzwerk_id in netzwerk_ids for item in by_netzwerk.get(netzwerk_id, [])
            if not kommende or item[1].date >= today]


# --- Venues ---------------------------------------------------------------------------------


def venues_of(registry: Registry, netzwerk_id: str) -> list[str]:
    """The member organisations of a network that have an address: where it can meet."""
    return sorted(kontakt_id for kontakt_id in registry.mitglieder.get(netzwerk_id, {})
                  if _is_venue(registry, kontakt_id))


def _is_venue(registry: Registry, kontakt_id: str) -> bool:
    kontakt = registry.kontakte.get(kontakt_id)
    return kontakt is not None and kontakt.art == "organisation" and bool(kontakt.anschrift)


def check_venue(registry: Registry, kontakt_id: str) -> str:
    """A venue a user named: an organisation with an address; else a usage error saying
    why (and that a place as text goes to ``--ort``)."""
    kontakt = registry.kontakt(kontakt_id)
    if kontakt.art != "organisation":
        raise InputError(f"„{kontakt_id}“ ist keine Organisation: ein Ort ist eine Einrichtung "
                         "mit Anschrift (einen Ort als Text nimmt --ort).")
    if not kontakt.anschrift:
        raise InputError(f"„{kontakt_id}“ hat keine Anschrift; ergänzen mit `netz kontakt edit "
                         f"{kontakt_id} --strasse … --plz … --ort …` (oder den Ort als Text mit "
                         "--ort angeben).")
    return kontakt_id


def _rotation(registry: Registry, existing: list[tuple[str, Treffen]], venues: list[str],
              before: dt.date) -> list[str]:
    """The venues in the order they take their turn: those that never hosted first, then
    those that hosted longest ago (of the network's meetings ``existing`` before ``before``);
    ties by name."""
    last: dict[str, str] = {}
    for _, treffen in existing:
        if treffen.ort_kontakt in venues and treffen.date < before:
            last[treffen.ort_kontakt] = treffen.datum
    from netzwerk_cli.text import key

    return sorted(venues, key=lambda v: (last.get(v, ""),
                                         key(registry.kontakte[v].display_name), v))


# --- Planning a year ------------------------------------------------------------------------

# What a plan takes when neither the command nor the network says (the source: "z.B. 4 x im
# Jahr", "z.B. 16-18 Uhr").
DEFAULT_COUNT = 4
DEFAULT_WEEKDAY = "di"
DEFAULT_START, DEFAULT_END = "16:00", "18:00"


class Plan(NamedTuple):
    """Proposed meetings of a network for a year, and what to know about them: ``conflicts``
    need a look (no free day in a stretch, a venue twice in a row, no venue at all), ``hints``
    say how the plan was made."""

    netzwerk_id: str
    year: int
    meetings: list[tuple[str, Treffen]]
    conflicts: list[str]
    hints: list[str]


def plan_year(registry: Registry, netzwerk_id: str, year: int, count: int | None = None,
              weekday: str | None = None, start: str | None = None, end: str | None = None,
              venues: str | list[str] | None = None,
              holidays: dict[dt.date, str] | None = None, *,
              today: dt.date | None = None,
              existing: list[tuple[str, Treffen]] | None = None) -> Plan:
    """Propose ``count`` meetings of a network in ``year``, spread evenly over the year on
    ``weekday`` from ``start`` to ``end``, avoiding NRW's public and school holidays
    (``holidays``: day → name; None: ``nrw_holidays``) and days the network already meets.

    ``venues``: "reihum" – in rotation among the member organisations with an address, those
    that hosted least recently first; a list of organisation ids – in rotation in that order;
    "" – the place of the last meeting (a fixed place), else "Ort noch offen". The host is
    the venue's organisation. Whatever is None comes from the network's rhythm (``turnus``,
    ``wochentag``, ``beginn``/``ende``, ``orte``), else from the source's example: 4 meetings,
    Tuesdays, 16–18 Uhr. In the current year only days after today are planned.
    ``existing``: the network's meetings (``meetings_of``), when the caller has them at hand
    (planning all networks at once looks them up in one pass, ``meetings_by_netzwerk``).
    """
    from netzwerk_cli import clock

    netzwerk = registry.netzwerk(netzwerk_id)
    today = today or clock.today()
    count, weekday, start, end = _plan_settings(netzwerk, count, weekday, start, end)
    first = max(dt.date(year, 1, 1), today + dt.timedelta(days=1))
    if year < today.year or first.year > year:
        raise InputError(f"--jahr {year} liegt in der Vergangenheit (heute ist "
                         f"{today:%d.%m.%Y}); geplant wird ab morgen.")
    holidays = nrw_holidays([year]) if holidays is None else holidays
    conflicts: list[str] = []
    hints = _known_holidays_hint(holidays, year)
    existing = meetings_of(registry, netzwerk_id) if existing is None else existing
    days = _spread(year, first, count, WEEKDAY_IDS.index(weekday), holidays,
                   sorted(t.date for _, t in existing), conflicts, hints)
    places = _plan_venues(registry, netzwerk_id, netzwerk, existing, venues, days, conflicts,
                          hints)
    planned: set[str] = set()
    meetings = []
    for day, (ort_kontakt, ort) in zip(days, places, strict=True):
        treffen_id = new_treffen_id(netzwerk_id, day, registry.treffen, planned)
        planned.add(treffen_id)
        meetings.append((treffen_id, Treffen(
            netzwerk=netzwerk_id, datum=day.isoformat(), beginn=start, ende=end,
            ort_kontakt=ort_kontakt, ort=ort, gastgeber=ort_kontakt)))
    return Plan(netzwerk_id, year, meetings, conflicts, hints)


def _plan_settings(netzwerk: Netzwerk, count: int | None, weekday: str | None,
                   start: str | None, end: str | None) -> tuple[int, str, str, str]:
    """How many, which weekday and which time frame: as given, else the network's, else the
    source's example; a value that is none is a usage error."""
    from netzwerk_cli.model import MAX_TURNUS, resolve_wochentag

    count = count if count is not None else (netzwerk.turnus or DEFAULT_COUNT)
    if not 1 <= count <= MAX_TURNUS:
        raise InputError(f"--anzahl {count}: bitte 1 bis {MAX_TURNUS} Treffen im Jahr.")
    weekday = resolve_wochentag(weekday) if weekday else (netzwerk.wochentag or DEFAULT_WEEKDAY)
    if start is None and end is None:
        start, end = ((netzwerk.beginn, netzwerk.ende) if netzwerk.beginn
                      else (DEFAULT_START, DEFAULT_END))
    return count, weekday, start or "", end or ""


def _known_holidays_hint(holidays: dict[dt.date, str], year: int) -> list[str]:
    if school_holidays_known(holidays, year):
        return []
    return [f"Die Schulferien in NRW für {year} kennt netz noch nicht (nur die Feiertage); "
            "bitte die Termine mit dem Ferienkalender des Schulministeriums abgleichen."]


def _spread(year: int, first: dt.date, count: int, weekday: int,
            holidays: dict[dt.date, str], meetings: list[dt.date], conflicts: list[str],
            hints: list[str]) -> list[dt.date]:
    """``_spread_days`` once for each set of arguments: planning every network of a large
    registry asks the same few questions (weekday × count) thousands of times."""
    key = (year, first, count, weekday, id(holidays), tuple(meetings))
    cached = _SPREADS.get(key)
    if cached is None or cached[0] is not holidays:
        found: tuple[list[str], list[str]] = ([], [])
        days = _spread_days(year, first, count, weekday, holidays, meetings, *found)
        cached = _SPREADS[key] = (holidays, days, *found)
    conflicts += cached[2]
    hints += cached[3]
    return list(cached[1])


# (year, first, count, weekday, id(holidays), meetings) → (holidays, days, conflicts, hints);
# the holidays are kept so that their id stays theirs while the entry lives.
_SPREADS: dict[tuple[object, ...], tuple[dict[dt.date, str], list[dt.date], list[str],
                                         list[str]]] = {}


def _spread_days(year: int, first: dt.date, count: int, weekday: int,
                 holidays: dict[dt.date, str], meetings: list[dt.date], conflicts: list[str],
                 hints: list[str]) -> list[dt.date]:
    """Days on ``weekday`` in ``year`` from ``first`` on, one in each of ``count`` equal
    stretches of the year: the free day (no holiday, no meeting yet) nearest the middle of its
    stretch. A stretch that has a meeting already (``meetings``) needs none, so planning a year
    twice adds nothing; one over before ``first`` gets none; one without a free day takes the
    nearest free day outside it. ``hints`` say which."""
    start, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    length = (last - start).days + 1
    taken = set(meetings)
    free = [day for day in _weekdays(first, last, weekday)
            if day not in holidays and day not in taken]
    name = WOCHENTAGE[WEEKDAY_IDS[weekday]]
    chosen: list[dt.date] = []
    covered: list[dt.date] = []
    past = 0
    for number in range(count):
        begins = start + dt.timedelta(days=number * length // count)
        ends = start + dt.timedelta(days=(number + 1) * length // count - 1)
        planned = [day for day in meetings if begins <= day <= ends]
        if planned:
            covered.append(planned[0])
            continue
        if ends < first:
            past += 1
            continue
        begins = max(begins, first)
        middle = begins + (ends - begins) / 2
        pool = ([day for day in free if begins <= day <= ends and day not in chosen]
                or [day for day in free if day not in chosen])
        if not pool:
            conflicts.append(f"Für das {number + 1}. Treffen gibt es keinen freien {name} mehr "
                             "(Ferien, Feiertage oder schon Treffen); es fehlt im Plan.")
            continue
        day = min(pool, key=lambda d: (abs((d - middle).days), d))
        if not begins <= day <= ends:
            hints.append(f"Zwischen {begins:%d.%m.} und {ends:%d.%m.} ist kein {name} frei "
                         "(Ferien, Feiertage oder schon ein Treffen); das Treffen rückt auf "
                         f"{datum_text(day)}.")
        chosen.append(day)
    if covered:
        hints.append(f"Schon eingetragen: {', '.join(map(datum_text, covered))} – geplant "
                     f"werden nur die übrigen der {count} Treffen im Jahr.")
    if past:
        hints.append(f"Im laufenden Jahr plant netz erst ab morgen: {past} der {count} Treffen "
                     "lägen schon in der Vergangenheit.")
    return sorted(chosen)


@functools.cache
def _weekdays(first: dt.date, last: dt.date, weekday: int) -> tuple[dt.date, ...]:
    """Every ``weekday`` from ``first`` to ``last`` (the same few for every network)."""
    day = first + dt.timedelta(days=(weekday - first.weekday()) % 7)
    return tuple(day + dt.timedelta(weeks=n) for n in range((last - day).days // 7 + 1))


def new_treffen_id(netzwerk_id: str, day: dt.date, *taken: Container[str]) -> str:
    """``<netzwerk-id>-<JJJJ-MM-TT>``; a second meeting that day ``…-2``, ``…-3`` (``taken``:
    the ids in use)."""
    treffen_id = f"{netzwerk_id}-{day.isoformat()}"
    number = 1
    while any(treffen_id in ids for ids in taken):
        number += 1
        treffen_id = f"{netzwerk_id}-{day.isoformat()}-{number}"
    return treffen_id


Place = tuple[str, str]  # (ort_kontakt, ort)


def _plan_venues(registry: Registry, netzwerk_id: str, netzwerk: Netzwerk,
                 existing: list[tuple[str, Treffen]], venues: str | list[str] | None,
                 days: list[dt.date], conflicts: list[str], hints: list[str]) -> list[Place]:
    """A place for each day: (venue organisation, "") or ("", text)."""
    if not days:
        return []
    mode = venues if venues is not None else (REIHUM if netzwerk.orte == REIHUM else "")
    if mode == "":  # a fixed place: the last one; none known yet – rotate if there are venues
        last = _last_place(registry, existing, days[0])
        if last is not None:
            hints.append(f"Ort wie beim letzten Treffen: {last[1]} (mit --orte reihum wechseln "
                         "die Mitgliedsorganisationen).")
            return [last[0]] * len(days)
        if venues_of(registry, netzwerk_id):
            hints.append("Die Orte wechseln reihum unter den Mitgliedsorganisationen (wie die "
                         "Quelle empfiehlt); mit --orte ID ist es immer derselbe Ort.")
        mode = REIHUM
    if isinstance(mode, list):
        order = [check_venue(registry, venue) for venue in dict.fromkeys(mode)]
    else:
        order = _rotation(registry, existing, venues_of(registry, netzwerk_id), days[0])
        without = [kontakt_id for kontakt_id in registry.mitglieder.get(netzwerk_id, {})
                   if registry.kontakte[kontakt_id].art == "organisation"
                   and kontakt_id not in order]
        if without:
            hints.append("Ohne Anschrift, daher nicht im Wechsel: "
                         f"{', '.join(_named(registry, k) for k in sorted(without))}.")
        if not order:
            conflicts.append(
                f"Kein Mitglied von „{netzwerk.name}“ ist eine Organisation mit Anschrift: der "
                f"Ort bleibt offen („{ORT_OFFEN}“). Einrichtungen als Mitglieder eintragen "
                f"(`netz mitglied add {netzwerk_id} ID`) und ihre Anschrift ergänzen (`netz "
                "kontakt edit ID --strasse … --plz … --ort …`), dann neu planen – oder den Ort "
                "je Treffen setzen: `netz treffen edit ID --ort-kontakt ID`.")
            return [("", ORT_OFFEN)] * len(days)
    places = [(order[number % len(order)], "") for number in range(len(days))]
    if not isinstance(mode, list) or len(order) > 1:
        _twice_in_a_row(registry, existing, days, places, conflicts, len(order) == 1)
    return places


def _named(registry: Registry, kontakt_id: str) -> str:
    return f"{registry.kontakte[kontakt_id].display_name} ({kontakt_id})"


def _last_place(registry: Registry, existing: list[tuple[str, Treffen]], before: dt.date
                ) -> tuple[Place, str] | None:
    """Where the last meeting before ``before`` was (and that place in words), if known."""
    earlier = [t for _, t in existing
               if t.date < before and (t.ort_kontakt or (t.ort and t.ort != ORT_OFFEN))]
    if not earlier:
        return None
    last = earlier[-1]
    return (last.ort_kontakt, "" if last.ort_kontakt else last.ort), ort_text(registry, last)


def _twice_in_a_row(registry: Registry, existing: list[tuple[str, Treffen]],
                    days: list[dt.date], places: list[Place], conflicts: list[str],
                    only_one: bool) -> None:
    """Explain each venue that hosts twice or more in a row (counting the meeting before the
    plan): one message per run of meetings at the same place."""
    earlier = [t for _, t in existing if t.date < days[0]]
    sequence = ([(earlier[-1].date, earlier[-1].ort_kontakt)] if earlier else [])
    sequence += [(day, venue) for day, (venue, _) in zip(days, places, strict=True)]
    runs: list[list[tuple[dt.date, str]]] = []
    for before, current in itertools.pairwise(sequence):
        if not current[1] or current[1] != before[1]:
            continue
        if runs and runs[-1][-1] == before:
            runs[-1].append(current)
        else:
            runs.append([before, current])
    why = " (die einzige Mitgliedsorganisation mit Anschrift)" if only_one else ""
    for run in runs:
        times = "zweimal" if len(run) == 2 else f"{len(run)}-mal"
        conflicts.append(
            f"{_named(registry, run[0][1])}{why} richtet {times} hintereinander aus: "
            f"{' bis '.join(datum_text(day) for day in (run[0][0], run[-1][0]))}. Einen anderen "
            "Ort setzt `netz treffen edit ID --ort-kontakt ID` (oder --ort TEXT).")


def add_meetings(registry: Registry, plan: Plan) -> list[str]:
    """Save a plan's meetings (as they are checked now: an id taken meanwhile gets the next
    number); returns their ids."""
    from netzwerk_cli.model import check_treffen

    added = []
    for _, treffen in plan.meetings:
        treffen_id = new_treffen_id(treffen.netzwerk, treffen.date, registry.treffen)
        problems = check_treffen(treffen, registry)
        if problems:
            raise InputError(f"{treffen_id}: {problems[0]}")
        registry.treffen[treffen_id] = _copied(treffen)
        added.append(treffen_id)
    return added


def _copied(treffen: Treffen) -> Treffen:
    """A meeting of its own (the plan's stays as it is), quicker than ``copy.deepcopy``."""
    return Treffen(**{**vars(treffen), "themen": [*treffen.themen],
                      "gaeste": [*treffen.gaeste], "anwesend": [*treffen.anwesend],
                      "extra": copy.deepcopy(treffen.extra) if treffen.extra else {}})


def date_conflicts(registry: Registry, treffen_id: str, treffen: Treffen,
                   holidays: dict[dt.date, str] | None = None) -> list[str]:
    """What speaks against a meeting's day: a public or school holiday in NRW, another meeting
    of the same network that day."""
    day = treffen.date
    holidays = nrw_holidays([day.year]) if holidays is None else holidays
    found = []
    if day in holidays:
        found.append(f"{datum_text(day)} ist in NRW ein Feiertag oder Ferientag "
                     f"({holidays[day]}).")
    same_day = [other_id for other_id, other in registry.treffen.items()
                if other_id != treffen_id and other.netzwerk == treffen.netzwerk
                and other.datum == treffen.datum]
    if same_day:
        found.append(f"Am {datum_text(day)} trifft sich „{treffen.netzwerk}“ schon: "
                     f"{', '.join(sorted(same_day))}.")
    return found


# --- Changing a meeting ---------------------------------------------------------------------

# The fields whose change reaches people's calendars: each change raises ``sequenz``.
CALENDAR_FIELDS = ("datum", "beginn", "ende", "ort_kontakt", "ort")


def edit_meeting(registry: Registry, treffen_id: str, values: dict[str, Any],
                 add: dict[str, list[str]] | None = None,
                 remove: dict[str, list[str]] | None = None,
                 holidays: dict[dt.date, str] | None = None) -> list[str]:
    """Set fields of a meeting, add to and remove from its lists (themen, gaeste); the result
    is checked as a whole. A venue organisation replaces a place as text and the other way
    round; a change of day, time or place raises ``sequenz`` (so calendars take the update).
    Returns what speaks against a new day."""
    from netzwerk_cli.changes import as_loaded, set_field
    from netzwerk_cli.model import check_treffen
    from netzwerk_cli.validate import check_texts

    old = treffen_of(registry, treffen_id)
    new = copy.deepcopy(old)
    if values.get("ort_kontakt"):
        check_venue(registry, values["ort_kontakt"])
    for field_name, value in values.items():
        set_field(new, field_name, value)
    for field_name, items in (add or {}).items():
        set_field(new, field_name, [*getattr(new, field_name),
                                    *(i for i in items if i not in getattr(new, field_name))])
    for field_name, items in (remove or {}).items():
        current = getattr(new, field_name)
        missing = [item for item in items if item not in current]
        if missing:
            raise InputError(f"Feld „{field_name}“ von „{treffen_id}“ enthält „{missing[0]}“ "
                             f"nicht; vorhanden: {', '.join(current) or '(leer)'}.")
        set_field(new, field_name, [i for i in current if i not in items])
    if values.get("ort_kontakt"):
        new.ort = ""
    elif values.get("ort"):
        new.ort_kontakt = ""
    new = as_loaded(new)
    check_texts(new)
    problems = check_treffen(new, registry)
    if problems:
        raise InputError(problems[0])
    if any(getattr(new, name) != getattr(old, name) for name in CALENDAR_FIELDS):
        new.sequenz = old.sequenz + 1
    registry.treffen[treffen_id] = new
    if new.datum == old.datum:
        return []
    return date_conflicts(registry, treffen_id, new, holidays)


def remove_meeting(registry: Registry, treffen_id: str) -> Treffen:
    """Remove a meeting; returns it."""
    treffen_of(registry, treffen_id)
    return registry.treffen.pop(treffen_id)


class Attendance(NamedTuple):
    """What ``record_attendance`` did: contacts added to (or removed from) the list, those
    already as asked, and hints (not a member, a meeting still ahead)."""

    changed: list[str]
    unchanged: list[str]
    hints: list[str]


def record_attendance(registry: Registry, treffen_id: str, kontakt_ids: list[str],
                      remove: bool = False, today: dt.date | None = None) -> Attendance:
    """Record who attended a meeting (``remove``: take contacts off the list). A contact that
    is no member attends as a guest – the hint says how to make it one."""
    from netzwerk_cli import clock
    from netzwerk_cli.members import kontakt_of

    treffen = treffen_of(registry, treffen_id)
    wanted = list(dict.fromkeys(kontakt_ids))
    for kontakt_id in wanted:
        kontakt_of(registry, kontakt_id)
    present = set(treffen.anwesend)
    changed = [k for k in wanted if (k in present) == remove]
    unchanged = [k for k in wanted if k not in changed]
    if remove:
        treffen.anwesend = [k for k in treffen.anwesend if k not in changed]
    else:
        treffen.anwesend = [*treffen.anwesend, *changed]
    hints = []
    members = registry.mitglieder.get(treffen.netzwerk, {})
    guests = [k for k in changed if k not in members and not remove]
    if guests:
        hints.append(f"Kein Mitglied von „{registry.netzwerke[treffen.netzwerk].name}“ (als "
                     "Gast eingetragen): "
                     f"{', '.join(_named(registry, k) for k in guests)}. Als Mitglied "
                     f"eintragen: `netz mitglied add {treffen.netzwerk} {' '.join(guests)}`.")
    today = today or clock.today()
    if treffen.date > today and changed:
        hints.append(f"Das Treffen ist erst am {datum_text(treffen.date)}.")
    return Attendance(changed, unchanged, hints)


# --- Who comes, who stays away ----------------------------------------------------------------

# How many meetings in a row a member may miss before ``netz check`` asks after them.
MISSED_IN_A_ROW = 4


def attended(registry: Registry, treffen: Treffen, kontakt_id: str) -> bool:
    """Whether a contact was at a meeting: itself, its organisation (``gehoert_zu``), or –
    for an organisation – one of its people."""
    present = set(treffen.anwesend)
    kontakt = registry.kontakte.get(kontakt_id)
    if kontakt_id in present or (kontakt and kontakt.gehoert_zu in present):
        return True
    return any(registry.kontakte[k].gehoert_zu == kontakt_id for k in present
               if k in registry.kontakte)


def missed_members(registry: Registry, netzwerk_id: str, today: dt.date,
                   last: int = MISSED_IN_A_ROW,
                   meetings: list[tuple[str, Treffen]] | None = None
                   ) -> tuple[list[str], list[tuple[str, Treffen]]]:
    """The members who attended none of the network's last ``last`` meetings before today
    whose attendance was recorded (members since after the first of them do not count), and
    those meetings; nothing while fewer such meetings exist. ``meetings``: the network's
    meetings, earliest first, when the caller has them at hand (``netz check`` asks for every
    network and looks them up in one pass, ``meetings_by_netzwerk``)."""
    from netzwerk_cli.model import stand_date

    meetings = meetings_of(registry, netzwerk_id) if meetings is None else meetings
    recorded = [item for item in meetings if item[1].date < today and item[1].anwesend][-last:]
    if len(recorded) < last:
        return [], []
    since = recorded[0][1].date
    missed = [kontakt_id for kontakt_id, mitglied in registry.mitglieder.get(netzwerk_id,
                                                                             {}).items()
              if (not mitglied.seit or stand_date(mitglied.seit) <= since)
              and not any(attended(registry, t, kontakt_id) for _, t in recorded)]
    return sorted(missed), recorded


# --- Guests: the city-wide offers -----------------------------------------------------------


class Suggestion(NamedTuple):
    """An offer to invite: why it fits (shared topics and target groups) and how well."""

    id: str
    themen: list[str]
    zielgruppen: list[str]
    score: int


def suggest_angebote(registry: Registry, netzwerk_id: str) -> list[Suggestion]:
    """The city-wide offers that have not presented in this network yet (are among no
    meeting's ``gaeste``, past or planned), best first: each shared topic counts two, each
    shared target group one; ties by name. Offers sharing nothing come last."""
    from netzwerk_cli.text import key

    netzwerk = registry.netzwerk(netzwerk_id)
    invited = {g for _, t in meetings_of(registry, netzwerk_id) for g in t.gaeste}
    suggestions = []
    for angebot_id, angebot in registry.angebote.items():
        if angebot_id in invited:
            continue
        themen = [t for t in angebot.themen if _shared(t, netzwerk.themen)]
        zielgruppen = [z for z in angebot.zielgruppen if _shared(z, netzwerk.zielgruppen)]
        suggestions.append(Suggestion(angebot_id, themen, zielgruppen,
                                      2 * len(themen) + len(zielgruppen)))
    return sorted(suggestions, key=lambda s: (-s.score, key(registry.angebote[s.id].name),
                                              s.id))


def _shared(value: str, values: list[str]) -> bool:
    """Whether a topic or target group is among ``values``, ignoring spelling; a word of four
    letters or more also matches inside another ("Familie" – "Familienbildung")."""
    from netzwerk_cli.text import key

    wanted = key(value)
    return any(wanted == key(other) or (min(len(wanted), len(key(other))) >= 4
                                        and (wanted in key(other) or key(other) in wanted))
               for other in values)


# --- What removing a network, contact or offer does to the meetings -----------------------


def drop_netzwerk(registry: Registry, netzwerk_id: str) -> int:
    """Remove the meetings of a network (removed itself); returns how many there were."""
    gone = [i for i, t in registry.treffen.items() if t.netzwerk == netzwerk_id]
    for treffen_id in gone:
        del registry.treffen[treffen_id]
    return len(gone)


def drop_angebot(registry: Registry, angebot_id: str) -> list[str]:
    """Take a removed offer off the meetings' guest lists; returns those meetings."""
    touched = []
    for treffen_id, treffen in sorted(registry.treffen.items()):
        if angebot_id in treffen.gaeste:
            treffen.gaeste = [g for g in treffen.gaeste if g != angebot_id]
            touched.append(treffen_id)
    return touched


def kontakt_uses(registry: Registry, kontakt_id: str) -> list[str]:
    """Where meetings refer to a contact: "ID (Ort)", "ID (Gastgeber)", "ID (anwesend)"."""
    uses = []
    for treffen_id, treffen in sorted(registry.treffen.items()):
        for label, used in (("Ort", treffen.ort_kontakt == kontakt_id),
                            ("Gastgeber", treffen.gastgeber == kontakt_id),
                            ("anwesend", kontakt_id in treffen.anwesend)):
            if used:
                uses.append(f"{treffen_id} ({label})")
    return uses


def detach_kontakt(registry: Registry, kontakt_id: str) -> None:
    """Loosen a contact about to be removed from every meeting: a venue stays as text (name
    and address), host and attendance go."""
    for treffen in registry.treffen.values():
        if treffen.ort_kontakt == kontakt_id:
            treffen.ort = ort_text(registry, treffen)
            treffen.ort_kontakt = ""
        if treffen.gastgeber == kontakt_id:
            treffen.gastgeber = ""
        treffen.anwesend = [k for k in treffen.anwesend if k != kontakt_id]

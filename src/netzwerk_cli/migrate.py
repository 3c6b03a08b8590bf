"""Bringing a registry of an older schema up to the current one, on plain parsed tables.

Schema 1 described a network's meetings in one free-text field, ``treffen = "4 × im Jahr,
16–18 Uhr, wechselnde Orte"``. Schema 2 keeps the meetings as entries of their own
(``[treffen.ID]``) and the network's usual rhythm in fields: ``turnus``, ``wochentag``,
``beginn``, ``ende``, ``orte``. ``migrate`` reads the old text where it clearly says one of
those things (``parse_rhythm``) and keeps every text it does not understand completely in
``notiz`` ("Treffen (bisher): …"), so nothing is lost. It returns German lines saying what it
did, for the one message the user sees when the file is rewritten.

Loading (``model.registry_from_toml``) calls ``migrate`` for every older file, so everything
else only ever sees the current schema; ``netz merge`` does the same for each side.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from netzwerk_cli.model import MAX_TURNUS, REIHUM, SCHEMA_VERSION, WOCHENTAGE

# What a note of a migrated text begins with.
OLD_TEXT_LABEL = "Treffen (bisher)"
# An own field keeps an old ``treffen`` value that was no text at all (nothing is dropped).
OWN_OLD_FIELD = "x_treffen"


class Rhythm(NamedTuple):
    """What a text says about a network's meetings, and the parts of it not understood."""

    turnus: int = 0
    wochentag: str = ""
    beginn: str = ""
    ende: str = ""
    orte: str = ""
    rest: tuple[str, ...] = ()

    def fields(self) -> dict[str, Any]:
        """The registry fields the text gave (only those it gave)."""
        found = {"turnus": self.turnus, "wochentag": self.wochentag, "beginn": self.beginn,
                 "ende": self.ende, "orte": self.orte}
        return {name: value for name, value in found.items() if value}


def migrate(data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The parsed tables of an older registry in the current schema, and what changed.

    The first line says which schema the file had; one more line for each network whose
    ``treffen`` text was converted. The input is not changed.
    """
    migrated = dict(data)
    old = migrated.get("schema")
    notes = [f"Das Register hatte das Format schema = {old}; netz hat es auf schema = "
             f"{SCHEMA_VERSION} umgestellt (Treffen als eigene Einträge, der Rhythmus eines "
             "Netzwerks in den Feldern turnus, wochentag, beginn, ende und orte)."]
    netzwerke = migrated.get("netzwerke")
    if isinstance(netzwerke, dict):
        migrated["netzwerke"] = {netzwerk_id: _migrated_netzwerk(netzwerk_id, values, notes)
                                 for netzwerk_id, values in netzwerke.items()}
    migrated["schema"] = SCHEMA_VERSION
    return migrated, notes


def _migrated_netzwerk(netzwerk_id: str, values: Any, notes: list[str]) -> Any:
    """One network of schema 1 in schema 2 (a network that is no table stays as it is: the
    check after migrating reports it)."""
    if not isinstance(values, dict) or "treffen" not in values:
        return values
    new = dict(values)
    text = new.pop("treffen")
    where = f"netzwerke.{netzwerk_id}"
    if not isinstance(text, str):
        new[OWN_OLD_FIELD] = text
        notes.append(f"{where}: „treffen“ war kein Text; der Wert steht jetzt unverändert im "
                     f"eigenen Feld „{OWN_OLD_FIELD}“.")
        return new
    if not text.strip():
        return new
    rhythm = parse_rhythm(text)
    fields = {name: value for name, value in rhythm.fields().items() if name not in new}
    new.update(fields)
    found = ", ".join(f"{name} = {_toml_value(value)}" for name, value in fields.items())
    if rhythm.rest or not fields:
        old_text = f"{OLD_TEXT_LABEL}: {text.strip()}"
        notiz = new.get("notiz")
        new["notiz"] = f"{notiz}\n{old_text}" if isinstance(notiz, str) and notiz else old_text
        not_understood = "; ".join(f"„{part}“" for part in rhythm.rest) or f"„{text.strip()}“"
        found = (f"{found}; " if found else "") + (
            f"nicht verstanden: {not_understood} – der ganze Text steht jetzt in „notiz“ "
            f"(„{OLD_TEXT_LABEL}: …“)")
    notes.append(f"{where}: treffen = „{text.strip()}“ → {found}")
    return new


def _toml_value(value: Any) -> str:
    return str(value) if isinstance(value, int) else f'"{value}"'


# --- Reading a rhythm from text -------------------------------------------------------------

_NUMBERS = {"ein": 1, "einmal": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6,
            "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12}
_NUMBER = rf"(\d{{1,2}}|{'|'.join(sorted(_NUMBERS, key=len, reverse=True))})"
_TIMES = r"(?:\s*(?:x|mal)\s*|\s*-?mal\s+)"
_PER = r"\s*(?:im|pro|je|/)\s*"
# (pattern, meetings a year – or a factor for the number matched, as "per")
_TURNUS: list[tuple[str, int | str]] = [
    (rf"\b{_NUMBER}{_TIMES}(?:{_PER}jahr\b|jährlich\b)", "year"),
    (rf"\b{_NUMBER}\s*(?:treffen|termine|sitzungen)(?:{_PER}jahr\b|\s+jährlich\b)", "year"),
    (rf"\b{_NUMBER}{_TIMES}{_PER}(?:quartal|vierteljahr)\b", "quarter"),
    (rf"\b{_NUMBER}{_TIMES}{_PER}monat\b", "month"),
    (r"\b(?:vierteljährlich|quartalsweise|jedes\s+quartal|alle\s+(?:drei|3)\s+monate)"
     r"\b", 4),
    (r"\b(?:halbjährlich|alle\s+(?:sechs|6)\s+monate|jedes\s+halbjahr)\b", 2),
    (r"\b(?:zweimonatlich|alle\s+(?:zwei|2)\s+monate)\b", 6),
    (r"\b(?:monatlich|jeden\s+monat)\b", 12),
    (r"\b(?:vierwöchentlich|alle\s+(?:vier|4)\s+wochen)\b", 13),
    (r"(?:\b14\s*-?\s*tägig|\bvierzehntägig|\bzweiwöchentlich|\balle\s+(?:zwei|2)\s+wochen)\b",
     26),
    (r"\b(?:wöchentlich|jede\s+woche)\b", 52),
    (r"\b(?:jährlich|einmal\s+im\s+jahr)\b", 1),
]
_PER_FACTOR = {"year": 1, "quarter": 4, "month": 12}
_WEEKDAY_NAMES = {tag: name.casefold() for tag, name in WOCHENTAGE.items()}
_WEEKDAY = re.compile(r"\b(?:(montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)s?"
                      r"|(mo|di|mi|do|fr|sa|so)\b\.?)")
_HOUR = r"(\d{1,2})(?:[:.](\d{2}))?"
_TIME = re.compile(rf"(?:\bvon\s+)?\b{_HOUR}\s*(?:uhr\s*)?(?:-|bis)\s*{_HOUR}(?:\s*uhr\b)?")
_ORTE = re.compile(r"(?:\b(?:an|in|bei)\s+)?\b(?:wechselnde[nr]?\s+(?:orten?|einrichtungen|"
                   r"gastgebern?)|reihum|rotierend(?:e[nr]?\s+orte?n?)?|wechselnd)\b")
# Words that say nothing a field could hold; a part made of these and what was read is
# understood completely.
_FILLERS = {"jeweils", "immer", "meist", "meistens", "in", "der", "regel", "i.d.r", "ca",
            "etwa", "treffen", "trifft", "sich", "von", "uhr", "zeit"}


def parse_rhythm(text: str) -> Rhythm:
    """What a free text ("4 × im Jahr, dienstags, 16–18 Uhr, wechselnde Orte") says about a
    network's meetings.

    The text is read in parts (split at commas, semicolons and "und"); a part counts only when
    everything in it is understood, and a field named twice differently counts not at all –
    so "3–4 × im Jahr", "jeden ersten Dienstag" or "ab 16 Uhr" end up in ``rest`` (the parts
    as written), never as a guess.
    """
    found: dict[str, Any] = {}
    clashing: set[str] = set()
    rest: list[str] = []
    for part in _parts(text):
        values = _read_part(part)
        if values is None:
            rest.append(part)
            continue
        clash = {name for name, value in values.items() if found.get(name, value) != value}
        if clash:
            clashing |= clash
            rest.append(part)
        found.update({name: value for name, value in values.items() if name not in clash})
    return Rhythm(**{name: value for name, value in found.items() if name not in clashing},
                  rest=tuple(rest))


def _parts(text: str) -> list[str]:
    parts = re.split(r"[,;·]|\s+und\s+", text)
    return [part.strip() for part in parts if part.strip()]


def _read_part(part: str) -> dict[str, Any] | None:
    """The fields a part of the text gives, or None if something in it is not understood."""
    text = (part.casefold().replace("×", "x").replace("–", "-").replace("—", "-")
            .replace("−", "-"))
    found: dict[str, Any] = {}
    for reader in (_read_turnus, _read_time, _read_weekday, _read_orte):
        text, values = reader(text)
        if values is None:
            return None
        found.update(values)
    leftover = [word.strip(".:()!") for word in text.split()]
    if not found or any(word and word not in _FILLERS for word in leftover):
        return None
    return found


Reading = tuple[str, dict[str, Any] | None]


def _read_turnus(text: str) -> Reading:
    found: list[int] = []
    for pattern, meaning in _TURNUS:
        for match in list(re.finditer(pattern, text)):
            if isinstance(meaning, int):
                found.append(meaning)
            else:
                number = match[1]
                count = int(number) if number.isdigit() else _NUMBERS[number]
                found.append(count * _PER_FACTOR[meaning])
        text = re.sub(pattern, " ", text)
    if len(set(found)) > 1 or any(not 0 < value <= MAX_TURNUS for value in found):
        return text, None
    return text, {"turnus": found[0]} if found else {}


def _read_time(text: str) -> Reading:
    matches = list(_TIME.finditer(text))
    if not matches:
        return text, {}
    if len(matches) > 1:
        return text, None
    start_hours, start_minutes, end_hours, end_minutes = matches[0].groups()
    beginn = _clock(start_hours, start_minutes)
    ende = _clock(end_hours, end_minutes)
    if not beginn or not ende or beginn >= ende:
        return text, None
    return _TIME.sub(" ", text), {"beginn": beginn, "ende": ende}


def _clock(hours: str, minutes: str | None) -> str:
    hour, minute = int(hours), int(minutes or 0)
    return f"{hour:02d}:{minute:02d}" if hour <= 23 and minute <= 59 else ""


def _read_weekday(text: str) -> Reading:
    tags = set()
    for match in _WEEKDAY.finditer(text):
        tags.add(match[2] or next(t for t, n in _WEEKDAY_NAMES.items() if n == match[1]))
    if len(tags) > 1:
        return text, None
    return _WEEKDAY.sub(" ", text), {"wochentag": tags.pop()} if tags else {}


def _read_orte(text: str) -> Reading:
    if not _ORTE.search(text):
        return text, {}
    return _ORTE.sub(" ", text), {"orte": REIHUM}

"""The registry's entries – networks, contacts, offers, members – and their validation.

The TOML file is parsed into plain dicts elsewhere (``registry.py``); this module turns such a
dict into a ``Registry`` or explains in German, entry by entry and field by field, why it can't.
Field names are German because they are the user-facing file format documented in the README.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable, Iterable, KeysView
from dataclasses import MISSING, Field, dataclass, field, fields
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from netzwerk_cli.errors import InputError, RegistryError
from netzwerk_cli.gazetteer import (
    STADTBEZIRK,
    Gazetteer,
    Place,
    Sozialraum,
    SozialraumIndex,
    hagen,
    sozialraum_index,
    sozialraum_places,
)
from netzwerk_cli.text import did_you_mean, key

# 2: meetings are entries of their own ([treffen.ID]); a network records its usual rhythm
# (turnus, wochentag, beginn, ende, orte) instead of the free text ``treffen`` of schema 1.
# Older files are migrated on load (``migrate.py``).
SCHEMA_VERSION = 2

# The kinds the source document's "Definitionen" distinguish: id → (label, other names).
ARTEN: dict[str, tuple[str, tuple[str, ...]]] = {
    "netzwerk": ("Netzwerk", ("Forum", "Stadtteilforum", "Runder Tisch")),
    "arbeitsgemeinschaft": ("Arbeitsgemeinschaft", ("AG",)),
    "arbeitskreis": ("Arbeitskreis", ("AK",)),
    "gremium": ("Gremium", ()),
    "sozialraumteam": ("Sozialraumteam", ("SRT",)),
    "konferenz": ("Konferenz", ("Stadtbezirkskonferenz",)),
}

KONTAKT_ARTEN = {"person": "Person", "organisation": "Organisation", "rolle": "Rolle"}

# The roles a member may have in a network (no role: a plain member). The source document:
# "1–2 Leute als Koordinatoren"; "Vorbereitungskreis … für 2 Jahre, danach wechseln".
ROLLEN = {"koordination": "Koordination", "vorbereitungskreis": "Vorbereitungskreis"}
VORBEREITUNGSKREIS = "vorbereitungskreis"
# What a user may type for "no role", in a command (``--rolle mitglied``) or in the file.
PLAIN_MEMBER = "mitglied"

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_STAND_PATTERN = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?$")
OWN_FIELD_PREFIX = "x_"

# What netz takes on input (and ``netz check`` reports in a file edited by hand): lengths in
# characters, and the one field that may span several lines. Every other text is one line.
MAX_ID_LENGTH = 64
MAX_LINE_LENGTH = 200
MAX_NOTIZ_LENGTH = 2000
MULTI_LINE_FIELDS = frozenset({"notiz", "protokoll"})
# One line each, but as long as a note: a quoted sentence of a source, a practice in its words.
LONG_LINE_FIELDS = frozenset({"herkunft", "arbeitsweise"})
# How deeply lists and tables may nest in an own field: far beyond any real use, far below
# where reading or writing TOML would run out of stack.
MAX_NESTING = 20

FieldCheck = Callable[[Any], Any]
E = TypeVar("E", bound="Entry")


@cache
def _arten_by_key() -> dict[str, str]:
    """Every way to name a kind, folded, mapped to the kind's id."""
    return {key(name): art_id for art_id, (label, aliases) in ARTEN.items()
            for name in (art_id, label, *aliases)}


def resolve_art(text: str) -> str:
    """The kind id for a name a user typed ("AK", "arbeitskreis", "Runder Tisch")."""
    art_id = _arten_by_key().get(key(text))
    if art_id:
        return art_id
    labels = [label for label, _ in ARTEN.values()]
    raise InputError(f"Unbekannte Art „{text}“.{did_you_mean(text, labels)} "
                     f"Gültig: {', '.join(labels)}.")


def art_label(art_id: str) -> str:
    """The German label of a kind id."""
    return ARTEN[art_id][0]


def stand_date(stand: str) -> dt.date:
    """The date a ``stand`` stands for; a month means its first day."""
    return dt.date.fromisoformat(stand if len(stand) == 10 else f"{stand}-01")


def end_date(value: str) -> dt.date:
    """The last day a date stands for: a month ("2026-01") means its last day."""
    if len(value) == 10:
        return dt.date.fromisoformat(value)
    first = stand_date(value)
    following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def resolve_rolle(text: str) -> str:
    """The role id for what a user typed ("Koordination", "vorbereitungskreis"); "" for a plain
    member ("mitglied"); anything else is a usage error listing the roles."""
    wanted = key(text)
    if wanted == PLAIN_MEMBER:
        return ""
    for rolle_id, label in ROLLEN.items():
        if wanted in (rolle_id, key(label)):
            return rolle_id
    raise InputError(f"Unbekannte Rolle „{text}“.{did_you_mean(text, [*ROLLEN, PLAIN_MEMBER])} "
                     f"Gültig: {', '.join(ROLLEN)} oder {PLAIN_MEMBER} (ohne besondere Rolle).")


def check_stand(value: str) -> str:
    """A valid ``stand`` ("2017-04" or "2024-05-01"; empty: unknown), else ValueError."""
    if value == "":
        return value
    if not _STAND_PATTERN.match(value):
        raise ValueError(f"„{value}“ ist kein Datum; erwartet JJJJ-MM oder JJJJ-MM-TT")
    try:
        stand_date(value)
    except ValueError:
        raise ValueError(f"„{value}“ ist kein gültiges Datum") from None
    return value


def parse_stand(value: str, today: dt.date) -> str:
    """A ``stand`` typed by a user: "heute" or a date as the registry stores it, not after today."""
    if value.strip().casefold() == "heute":
        return today.isoformat()
    try:
        stand = check_stand(value.strip())
    except ValueError as err:
        raise InputError(f"--stand: {err} (oder „heute“).") from None
    if is_future(stand, today):
        raise InputError(f"--stand: {future_text(stand, today)}.")
    return stand


def is_future(stand: str, today: dt.date) -> bool:
    """Whether a valid ``stand`` lies after today (a month: its first day is after today)."""
    return bool(stand) and stand_date(stand) > today


def future_text(stand: str, today: dt.date) -> str:
    """The reason a ``stand`` is refused: nobody can have checked an entry in the future."""
    return (f"„{stand}“ liegt in der Zukunft (heute ist {today.isoformat()}); der Stand sagt, "
            "wann der Eintrag zuletzt geprüft wurde – „heute“ oder ein früheres Datum")


# The weekdays as the file writes them (``wochentag = "di"``), with their German names.
WOCHENTAGE = {"mo": "Montag", "di": "Dienstag", "mi": "Mittwoch", "do": "Donnerstag",
              "fr": "Freitag", "sa": "Samstag", "so": "Sonntag"}
# ``orte = "reihum"``: meetings rotate among the member organisations with an address.
REIHUM = "reihum"
# The most meetings a year a rhythm may name (weekly).
MAX_TURNUS = 52
_TIME_PATTERN = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?$")
_DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def resolve_wochentag(text: str) -> str:
    """The weekday id ("di") for what a user typed: "di", "Di.", "Dienstag", "dienstags"."""
    wanted = key(text).removesuffix("s")
    for tag, name in WOCHENTAGE.items():
        if wanted in (tag, key(name)):
            return tag
    raise InputError(f"Unbekannter Wochentag „{text}“.{did_you_mean(text, WOCHENTAGE.values())}"
                     f" Gültig: {', '.join(WOCHENTAGE)} (oder ausgeschrieben, z. B. Dienstag).")


def check_wochentag(value: str) -> str:
    """A valid ``wochentag`` ("" for any), written as its short id; else ValueError."""
    if value == "":
        return value
    try:
        return resolve_wochentag(value)
    except InputError:
        raise ValueError(f"„{value}“ ist kein Wochentag; gültig: {', '.join(WOCHENTAGE)}"
                         ) from None


def check_uhrzeit(value: str) -> str:
    """A time of day as HH:MM ("16", "9:30" and "16.00" are understood; "" for none)."""
    if value == "":
        return value
    match = _TIME_PATTERN.match(value)
    hours, minutes = (int(match[1]), int(match[2] or 0)) if match else (99, 99)
    if hours > 23 or minutes > 59:
        raise ValueError(f"„{value}“ ist keine Uhrzeit; erwartet SS:MM, z. B. „16:00“")
    return f"{hours:02d}:{minutes:02d}"


def check_datum(value: str) -> str:
    """A day as JJJJ-MM-TT, else ValueError."""
    if not _DATE_PATTERN.match(value):
        raise ValueError(f"„{value}“ ist kein Datum; erwartet JJJJ-MM-TT, z. B. „2027-03-16“")
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"„{value}“ ist kein gültiges Datum") from None
    return value


def check_turnus(value: int) -> int:
    """How many meetings a year: 0 (unknown) to ``MAX_TURNUS``."""
    if not 0 <= value <= MAX_TURNUS:
        raise ValueError(f"{value} ist keine Zahl von Treffen im Jahr; erwartet 0 (unbekannt) "
                         f"bis {MAX_TURNUS}, z. B. 4")
    return value


def check_orte(value: str) -> str:
    """``orte``: "reihum" (also "wechselnd", "wechselnde Orte") or "" (fixed or unknown)."""
    if key(value) in map(key, ("", "fest", "fester Ort")):
        return ""
    if key(value) in map(key, (REIHUM, "wechselnd", "wechselnde Orte", "rotierend")):
        return REIHUM
    raise ValueError(f"„{value}“ ist keine Angabe der Orte; gültig: „{REIHUM}“ (wechselnd unter "
                     "den Mitgliedsorganisationen) oder leer (fester oder unbekannter Ort)")


def _check_sequenz(value: int) -> int:
    if value < 0:
        raise ValueError(f"{value} ist keine Änderungszahl; erwartet 0 oder mehr")
    return value


def check_zeitrahmen(beginn: str, ende: str) -> list[str]:
    """A time frame names both ends, the beginning first (both empty: no time frame)."""
    if bool(beginn) != bool(ende):
        given, missing = ("beginn", "ende") if beginn else ("ende", "beginn")
        return [f"Feld „{given}“ ohne „{missing}“: bitte beide angeben, z. B. beginn = "
                "\"16:00\" und ende = \"18:00\" (oder beide weglassen)."]
    if beginn and beginn >= ende:
        return [f"Feld „beginn“ ({beginn}) liegt nicht vor „ende“ ({ende})."]
    return []


def _check_kontakt_art(value: str) -> str:
    if value not in KONTAKT_ARTEN:
        raise ValueError(f"„{value}“ ist keine Kontaktart; gültig: {', '.join(KONTAKT_ARTEN)}")
    return value


def _check_rolle(value: str) -> str:
    if value == "":
        return value
    try:
        return resolve_rolle(value)
    except InputError:
        raise ValueError(f"„{value}“ ist keine Rolle; gültig: {', '.join(ROLLEN)} (ohne "
                         "„rolle“: ein Mitglied ohne besondere Rolle)") from None


def _check_art(value: str) -> str:
    try:
        return resolve_art(value)
    except InputError as err:
        raise ValueError(str(err).rstrip(".")) from None


# --- Where an entry's values come from (``herkunft``) ----------------------------------------

# The sub-table ``[netzwerke.ID.herkunft]`` (also for contacts and offers): the source's words
# the entry rests on, another source if it is not the registry's ``quelle``, which fields are
# derived and why, and what the source leaves open. Keys in the order they are written.
HERKUNFT_KEYS = ("zitat", "quelle", "abgeleitet", "notiz")
# In ``abgeleitet`` a network's area may be named as one: whichever of the area fields it uses.
GEBIET = "gebiet"
# The type name of the field, as ``Entry.field_types`` reports it.
HERKUNFT_TYPE = "Herkunft"
Herkunft = dict[str, Any]


def check_herkunft(value: dict[str, Any], model: type[Entry]) -> Herkunft:
    """A valid ``herkunft`` table in canonical form (keys in fixed order, ``zitat`` a list,
    ``abgeleitet`` in the entry's field order, nothing empty), else ValueError in German."""
    unknown = [name for name in value if name not in HERKUNFT_KEYS]
    if unknown:
        raise ValueError(f"unbekannter Schlüssel „{unknown[0]}“."
                         f"{did_you_mean(unknown[0], HERKUNFT_KEYS)} Erlaubt: "
                         f"{', '.join(HERKUNFT_KEYS)}")
    result: Herkunft = {}
    zitat = value.get("zitat", [])
    if isinstance(zitat, str):
        zitat = [zitat]
    if not (isinstance(zitat, list) and all(isinstance(z, str) for z in zitat)):
        raise ValueError("„zitat“ erwartet eine Liste von Texten (die Worte der Quelle), z. B. "
                         f"zitat = [\"Eilper Forum\"], gefunden {_shown(zitat)}")
    if any(z.strip() for z in zitat):
        result["zitat"] = [z.strip() for z in zitat if z.strip()]
    for name in ("quelle", "notiz"):
        text = value.get(name, "")
        if not isinstance(text, str):
            raise ValueError(f"„{name}“ erwartet {_EXPECTED['str']}, gefunden {_shown(text)}")
        if text.strip():
            result[name] = text.strip()
    abgeleitet = value.get("abgeleitet", {})
    if not isinstance(abgeleitet, dict):
        raise ValueError("„abgeleitet“ erwartet eine Tabelle Feld = Begründung, z. B. "
                         "[….herkunft.abgeleitet] mit name = \"aus der Überschrift gebildet\", "
                         f"gefunden {_shown(abgeleitet)}")
    allowed = [name for name in model.field_types() if name != "herkunft"]
    if model is Netzwerk:  # the area as one, where the area fields stand
        allowed.insert(allowed.index("bezirke"), GEBIET)
    reasons: dict[str, str] = {}
    for name, reason in abgeleitet.items():
        if name not in allowed and not name.startswith(OWN_FIELD_PREFIX):
            raise ValueError(f"„abgeleitet.{name}“: kein Feld dieses Eintrags."
                             f"{did_you_mean(name, allowed)} Erlaubt: {', '.join(allowed)}")
        if not isinstance(reason, str) or not reason.strip():
            raise ValueError(f"„abgeleitet.{name}“ erwartet als Begründung einen Text, z. B. "
                             f"{name} = \"aus dem Namen abgeleitet\", gefunden {_shown(reason)}")
        reasons[name] = reason.strip()
    if reasons:
        order = {name: position for position, name in enumerate(allowed)}
        result["abgeleitet"] = {name: reasons[name] for name in sorted(
            reasons, key=lambda n: (order.get(n, len(order)), n))}
    return {name: result[name] for name in HERKUNFT_KEYS if name in result}


def herkunft_texts(herkunft: Herkunft) -> list[tuple[str, str]]:
    """Every text of a ``herkunft`` table with where it stands ("herkunft.zitat")."""
    texts = [("herkunft.zitat", z) for z in herkunft.get("zitat", [])]
    texts += [(f"herkunft.{name}", herkunft[name]) for name in ("quelle", "notiz")
              if name in herkunft]
    texts += [(f"herkunft.abgeleitet.{name}", reason)
              for name, reason in herkunft.get("abgeleitet", {}).items()]
    return texts


def derived(entry: Entry) -> dict[str, str]:
    """The entry's derived fields with the reason for each (``herkunft.abgeleitet``)."""
    return dict(getattr(entry, "herkunft", {}).get("abgeleitet", {}))


# How ``netz show`` and the published page label a field, so a derived field is marked where
# its value is shown (several fields show as one: the area, the meeting rhythm, the address).
FIELD_LABELS = {
    "name": "Name", "art": "Art", GEBIET: "Gebiet", "bezirke": "Gebiet", "stadtteile": "Gebiet",
    "sozialraeume": "Gebiet", "stadtweit": "Gebiet", "themen": "Themen",
    "zielgruppen": "Zielgruppen", "kontakte": "Kontakt", "webseite": "Webseite",
    "turnus": "Treffen", "wochentag": "Treffen", "beginn": "Treffen", "ende": "Treffen",
    "orte": "Treffen", "arbeitsweise": "Arbeitsweise", "notiz": "Notiz", "stand": "Stand",
    "funktion": "Funktion", "organisation": "Organisation", "abteilung": "Abteilung",
    "gehoert_zu": "Gehört zu", "strasse": "Adresse", "plz": "Adresse", "ort": "Adresse",
    "telefon": "Telefon", "email": "E-Mail", "oeffentlich": "Veröffentlichen",
}


def derived_labels(entry: Entry) -> dict[str, str]:
    """The labels of derived values with the reasons, as shown: {"Gebiet": "aus dem Namen"}."""
    labels: dict[str, str] = {}
    for name, reason in derived(entry).items():
        label = FIELD_LABELS.get(name, name)
        labels[label] = f"{labels[label]}; {reason}" if label in labels else reason
    return labels


# A value shown that netz computes from another field: derived if that field is
# ("Stadtbezirk" from the area).
COMPUTED_FROM = {"Stadtbezirk": "Gebiet"}


def derived_field_problems(entry: Entry) -> list[str]:
    """A derived field the entry does not have (empty, or absent) is an error: there is no
    value to be derived. ``gebiet`` stands for any area, ``stadtweit`` included."""
    problems = []
    for name in derived(entry):
        if name.startswith(OWN_FIELD_PREFIX):
            present = name in entry.extra
        elif name == GEBIET and isinstance(entry, Netzwerk):
            present = entry.stadtweit or bool(entry.bezirke or entry.stadtteile
                                              or entry.sozialraeume)
        else:
            present = (name in entry.always_written
                       or getattr(entry, name) != _default(_field(type(entry), name)))
        if not present:
            problems.append(f"Feld „herkunft“: „abgeleitet.{name}“: der Eintrag hat keinen Wert "
                            f"in „{name}“; abgeleitet sein kann nur ein Wert, der eingetragen "
                            f"ist (die Zeile unter [….herkunft.abgeleitet] streichen oder "
                            f"„{name}“ eintragen).")
    return problems


def _field(model: type[Entry], name: str) -> Field[Any]:
    return next(f for f in fields(model) if f.name == name)  # type: ignore[arg-type]


# The registry's ``quelle`` ends with its date: "(Stand: April 2017)", "Stand 2024-09-12".
_MONTHS = ("januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
           "oktober", "november", "dezember")


def source_month(quelle: str) -> str:
    """The month of the source's own Stand ("2017-04"), or "" if its text names none."""
    found = re.search(r"Stand:?\s*(?:(\d{4})-(\d{2})|([A-Za-zäÄ]+)\s+(\d{4}))", quelle)
    if not found:
        return ""
    if found[1]:
        return f"{found[1]}-{found[2]}"
    month = found[3].casefold()
    return f"{found[4]}-{_MONTHS.index(month) + 1:02d}" if month in _MONTHS else ""


def stand_text(stand: str, has_derived: bool, quelle: str) -> str:
    """An entry's Stand as ``show``, the page and the letters say it: of an entry with derived
    values, whether the date is the source's (it vouches for the source's words only) or a
    later check (the entry as a whole was confirmed); where the source's date is unknown, words
    that are true either way."""
    if not (stand and has_derived):
        return stand
    month = source_month(quelle)
    if month and stand[:7] == month:
        return f"{stand} (für die Angaben der Quelle; abgeleitete Werte sind markiert)"
    if month and stand[:7] > month:
        return f"{stand} (geprüft; abgeleitete Werte sind markiert)"
    return f"{stand} (abgeleitete Werte sind markiert)"


def _herkunft_check(model_name: str) -> FieldCheck:
    """The ``herkunft`` check of a model that is defined further down."""
    return lambda value: check_herkunft(value, globals()[model_name])


class Entry:
    """What networks, contacts and offers share: checked construction from TOML, and back.

    Subclasses are dataclasses whose annotations (``str``, ``bool``, ``list[str]``) say what each
    TOML field must hold. ``extra`` keeps the user's own ``x_…`` fields untouched.
    """

    required: ClassVar[tuple[str, ...]] = ()
    # Fields written even when they hold their default, because a reader must see them.
    always_written: ClassVar[tuple[str, ...]] = ()
    # Field-specific checks: value → normalised value, or ValueError with a German reason.
    field_checks: ClassVar[dict[str, FieldCheck]] = {}
    extra: dict[str, Any]

    if TYPE_CHECKING:  # every subclass is a dataclass with these fields as keywords
        def __init__(self, **values: Any) -> None: ...

    @classmethod
    def field_types(cls) -> dict[str, str]:
        """The known fields and their type, in the order they are written."""
        if cls not in _FIELD_TYPES:
            own = fields(cls)  # type: ignore[arg-type]  # every subclass is a dataclass
            _FIELD_TYPES[cls] = {f.name: str(f.type) for f in own if f.name != "extra"}
        return _FIELD_TYPES[cls]

    @classmethod
    def from_toml(cls: type[E], raw: dict[str, Any]) -> tuple[E | None, list[str]]:
        """Build an entry from a TOML table; return it (or None) and the problems, in German."""
        known = cls.field_types()
        values: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        problems = []
        for name, value in raw.items():
            if name.startswith(OWN_FIELD_PREFIX):
                problem = _own_value_problem(name, value)
                if problem:
                    problems.append(problem)
                extra[name] = value
            elif name not in known:
                problems.append(f"Unbekanntes Feld „{name}“.{did_you_mean(name, known)} "
                                f"Erlaubt: {', '.join(known)} (eigene Felder beginnen mit "
                                f"„{OWN_FIELD_PREFIX}“).")
            else:
                try:
                    values[name] = _check_value(value, known[name], cls.field_checks.get(name))
                except ValueError as err:
                    problems.append(f"Feld „{name}“: {err}.")
        for name in cls.required:
            if name not in raw:
                problems.append(f"Pflichtfeld „{name}“ fehlt.")
            elif values.get(name) == "":
                problems.append(f"Pflichtfeld „{name}“ ist leer.")
        if problems:
            return None, problems
        return cls(**values, extra=extra), []

    def to_toml(self) -> dict[str, Any]:
        """The fields worth writing: known fields in their fixed order, then own fields sorted."""
        known = {}
        for name, default, always in _write_plan(type(self)):
            value = getattr(self, name)
            if always or value != default:
                known[name] = value
        if self.extra:
            known |= {name: self.extra[name] for name in sorted(self.extra)}
        return known

    def to_dict(self) -> dict[str, Any]:
        """Every known field (empty ones too), then the own fields: the stable JSON form."""
        return {name: getattr(self, name) for name in self.field_types()} | self.extra


_FIELD_TYPES: dict[type, dict[str, str]] = {}
# Per entry class: (field, default, always written) in the order fields are written. Writing
# a registry of 10,000 networks calls ``to_toml`` for every entry; looking the dataclass
# fields up each time cost more than the rest of it.
_WRITE_PLANS: dict[type, tuple[tuple[str, Any, bool], ...]] = {}


def _write_plan(cls: type[Entry]) -> tuple[tuple[str, Any, bool], ...]:
    plan = _WRITE_PLANS.get(cls)
    if plan is None:
        plan = tuple((item.name, _default(item), item.name in cls.always_written)
                     for item in fields(cls)  # type: ignore[arg-type]  # a dataclass
                     if item.name != "extra")
        _WRITE_PLANS[cls] = plan
    return plan


def _own_value_problem(field_name: str, value: Any) -> str:
    """What makes an own field's value unusable, or "": lists and tables nested more than
    ``MAX_NESTING`` levels (checked without recursion, so that no depth a TOML file can hold
    makes this fail), and ``nan``/``inf``, which no JSON output and no merge can carry."""
    import math

    stack: list[tuple[Any, int]] = [(value, 1)]  # (value, how many containers hold it)
    while stack:
        item, depth = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            return (f"Feld „{field_name}“: {item} ist keine Zahl, die netz weitergeben kann; "
                    "bitte eine Zahl oder einen Text eintragen.")
        if isinstance(item, (list, dict)):
            if depth > MAX_NESTING:
                return _too_deep_text(field_name)
            children = item.values() if isinstance(item, dict) else item
            stack += [(child, depth + 1) for child in children]
    return ""


def _too_deep_text(field_name: str) -> str:
    return (f"Feld „{field_name}“ ist zu tief verschachtelt (mehr als {MAX_NESTING} Ebenen aus "
            "Listen und Tabellen).")


def _default(item: Field[Any]) -> Any:
    """A dataclass field's default value (a fresh one for lists)."""
    if item.default_factory is not MISSING:
        return item.default_factory()
    return item.default


_EXPECTED = {
    "str": "Text in Anführungszeichen, z. B. \"Haspe\"",
    "bool": "true oder false",
    "int": "eine ganze Zahl, z. B. 4",
    "list[str]": "eine Liste von Texten, z. B. [\"Haspe\"]",
    HERKUNFT_TYPE: "eine Tabelle [….herkunft] mit zitat, quelle, abgeleitet, notiz",
}


def _check_value(value: Any, type_name: str, check: FieldCheck | None) -> Any:
    """Check a value against its field's type, then its field-specific check."""
    if type_name == "str":
        if isinstance(value, dt.date):
            value = value.isoformat()[:10]  # a TOML date (stand = 2024-05-01) is welcome as text
        fits = isinstance(value, str)
    elif type_name == "bool":
        fits = isinstance(value, bool)
    elif type_name == "int":
        fits = isinstance(value, int) and not isinstance(value, bool)
    elif type_name == HERKUNFT_TYPE:
        fits = isinstance(value, dict)
    else:
        fits = isinstance(value, list) and all(isinstance(v, str) for v in value)
    if not fits:
        raise ValueError(f"erwartet {_EXPECTED[type_name]}, gefunden {_shown(value)}")
    # Equal texts are held once (a registry of 10,000 networks repeats its few places, topics,
    # kinds and contact ids thousands of times): less memory, and a load cache that marshal
    # writes and reads with each text once – a warm load a quarter quicker.
    if type_name == "str":
        value = sys.intern(value.strip())
    elif type_name == "list[str]":
        value = [sys.intern(v.strip()) for v in value]
    return check(value) if check else value


def check_value(model: type[Entry], field_name: str, value: Any) -> Any:
    """One field's value as netz saves it, or an ``InputError`` saying why it can't be saved.

    The per-field rules of every write, in one place for saving and for each question asked on
    a terminal: the field's type, trimmed like the loader trims, its own check (a kind's name
    becomes its id), and what no typed text may hold (``validate.text_problem``: control and
    invisible characters, bytes that were not UTF-8, more characters than allowed). A list is
    checked item by item.
    """
    from netzwerk_cli.validate import text_problem  # validate builds on this module

    types = model.field_types()
    if field_name not in types:
        raise InputError(f"Unbekanntes Feld „{field_name}“.{did_you_mean(field_name, types)} "
                         f"Erlaubt: {', '.join(types)}.")
    type_name, check = types[field_name], model.field_checks.get(field_name)
    try:
        trimmed = _check_value(value, type_name, None)
        if type_name == HERKUNFT_TYPE and check:
            checked = check(trimmed)
            for where, text in herkunft_texts(checked):
                problem = text_problem(where, text)
                if problem:
                    raise InputError(problem)
            return checked
        if type_name not in ("bool", "int"):  # what no text may hold first (the check may echo it)
            for item in trimmed if type_name == "list[str]" else (trimmed,):
                problem = text_problem(field_name, item)
                if problem:
                    raise InputError(problem)
        return check(trimmed) if check else trimmed
    except ValueError as err:
        raise InputError(f"Feld „{field_name}“: {err}.") from None


def _shown(value: Any, depth: int = 3) -> str:
    """A found value for a message, written as in the TOML file ("Boele", true, ["a"]): short,
    and never recursing into a deeply nested one."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "…"
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list | dict) and depth <= 0:
        return "[…]" if isinstance(value, list) else "{…}"
    if isinstance(value, list):
        items = [_shown(item, depth - 1) for item in value[:6]]
        return "[" + ", ".join(items + (["…"] if len(value) > 6 else [])) + "]"
    if isinstance(value, dict):
        items = [f"{name} = {_shown(item, depth - 1)}" for name, item in list(value.items())[:6]]
        return "{ " + ", ".join(items + (["…"] if len(value) > 6 else [])) + " }"
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


@dataclass
class Kontakt(Entry):
    """Whom to ask: a person, an organisation or department, or a role."""

    art: str = "organisation"
    name: str = ""
    funktion: str = ""
    organisation: str = ""
    abteilung: str = ""
    gehoert_zu: str = ""  # the id of the organisation contact a person belongs to
    strasse: str = ""
    plz: str = ""
    ort: str = ""
    telefon: str = ""
    email: str = ""
    webseite: str = ""
    notiz: str = ""
    oeffentlich: bool = False
    herkunft: Herkunft = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    always_written: ClassVar[tuple[str, ...]] = ("art", "oeffentlich")
    field_checks: ClassVar[dict[str, FieldCheck]] = {"art": _check_kontakt_art,
                                                     "herkunft": _herkunft_check("Kontakt")}

    @property
    def display_name(self) -> str:
        """The name to show: the person or role, else the organisation."""
        return self.name or self.organisation or self.abteilung

    @property
    def anschrift(self) -> str:
        """The address on one line ("Corbacher Straße 20, 58135 Hagen"); "" without a street
        and a town or postcode – not enough to find the place."""
        town = " ".join(filter(None, (self.plz, self.ort)))
        return f"{self.strasse}, {town}" if self.strasse and town else ""


def require_kontakt_name(values: dict[str, Any]) -> None:
    """A contact needs a name, an organisation or a department – else nobody can tell who it is."""
    if not any(str(values.get(name) or "").strip()
               for name in ("name", "organisation", "abteilung")):
        raise InputError("Ein Kontakt braucht einen Namen oder eine Organisation.")


@cache
def _places(names: tuple[str, ...], raeume: tuple[str, ...] = ()) -> list[Place]:
    """The places for a tuple of names and of shipped Sozialräume; many networks share the same
    area, so look up once."""
    gazetteer = hagen()
    places = list(dict.fromkeys(p for name in names for p in gazetteer.find_all(name)))
    return places + [p for p in sozialraum_places(raeume) if p not in places]


def _check_orte(value: list[str]) -> list[str]:
    if not value:
        raise ValueError("mindestens ein Ort (Stadtteil oder Wohnbezirk) ist nötig")
    return value


@dataclass
class Netzwerk(Entry):
    """A network, working group, committee or team and the area it covers."""

    name: str = ""
    art: str = ""
    bezirke: list[str] = field(default_factory=list)
    stadtteile: list[str] = field(default_factory=list)
    # Sozialräume by name (shipped, ``hagen.toml``) or id (the registry's [sozialraeume.ID]).
    sozialraeume: list[str] = field(default_factory=list)
    stadtweit: bool = False
    themen: list[str] = field(default_factory=list)
    zielgruppen: list[str] = field(default_factory=list)
    kontakte: list[str] = field(default_factory=list)
    webseite: str = ""
    # The usual rhythm of its meetings (the source: "4 x im Jahr", "16-18 Uhr", "an wechselnden
    # Orten"); the meetings themselves are entries of their own (``Treffen``).
    turnus: int = 0  # meetings a year; 0: unknown
    wochentag: str = ""  # mo … so; "": any
    beginn: str = ""  # HH:MM
    ende: str = ""
    orte: str = ""  # "reihum" or "" (a fixed or unknown place)
    # How the network works, in its own words (the source's "Beispiele aus dem Netzwerk Mitte").
    arbeitsweise: list[str] = field(default_factory=list)
    notiz: str = ""
    stand: str = ""
    herkunft: Herkunft = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    required: ClassVar[tuple[str, ...]] = ("name", "art")
    field_checks: ClassVar[dict[str, FieldCheck]] = {
        "art": _check_art, "stand": check_stand, "turnus": check_turnus,
        "wochentag": check_wochentag, "beginn": check_uhrzeit, "ende": check_uhrzeit,
        "orte": check_orte, "herkunft": _herkunft_check("Netzwerk")}

    def places(self, index: SozialraumIndex | None = None) -> list[Place]:
        """The places this network covers (empty for a city-wide network); a Sozialraum stands
        for its Orte. ``index`` knows the registry's own Sozialräume
        (``Registry.sozialraum_index``); without it only the shipped ones are known."""
        area = (*self.bezirke, *self.stadtteile)
        if index is None or not self.sozialraeume:
            return _places(area, tuple(self.sozialraeume))
        return [*_places(area), *(p for p in sozialraum_places(self.sozialraeume, index)
                                  if p not in _places(area))]

    @property
    def area_text(self) -> str:
        """The area as people read it: "stadtweit" or the named places and Sozialräume (a
        registry's own by what is stored, its id: ``Registry.area_text`` names it)."""
        return self.area_text_in(None)

    def area_text_in(self, index: SozialraumIndex | None) -> str:
        """The area as people read it, each Sozialraum by its name (``index`` knows the
        registry's own, stored by id)."""
        if self.stadtweit:
            return "stadtweit"
        raeume = [index[key(name)].name if index is not None and key(name) in index else name
                  for name in self.sozialraeume]
        return ", ".join([*self.bezirke, *self.stadtteile,
                          *(f"Sozialraum {name}" for name in raeume)])

    def stadtbezirke(self, index: SozialraumIndex | None = None) -> list[str]:
        """The Stadtbezirke the area lies in, sorted."""
        return sorted({place.bezirk for place in self.places(index)})


@dataclass
class Angebot(Entry):
    """A city-wide institution that offers to present its work at network meetings."""

    name: str = ""
    themen: list[str] = field(default_factory=list)
    zielgruppen: list[str] = field(default_factory=list)
    kontakte: list[str] = field(default_factory=list)
    webseite: str = ""
    notiz: str = ""
    stand: str = ""
    herkunft: Herkunft = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    required: ClassVar[tuple[str, ...]] = ("name",)
    field_checks: ClassVar[dict[str, FieldCheck]] = {"stand": check_stand,
                                                     "herkunft": _herkunft_check("Angebot")}


@dataclass
class SozialraumEintrag(Entry):
    """A Sozialraum a registry defines itself ([sozialraeume.ID]): a name and the Stadtteile or
    Wohnbezirke it consists of – which may lie in different Stadtbezirke."""

    name: str = ""
    orte: list[str] = field(default_factory=list)
    quelle: str = ""
    notiz: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    required: ClassVar[tuple[str, ...]] = ("name", "orte")
    field_checks: ClassVar[dict[str, FieldCheck]] = {"orte": _check_orte}

    def sozialraum(self, entry_id: str) -> Sozialraum:
        """The Sozialraum with its places (unknown places are left out: ``check_sozialraum``
        reports them)."""
        gazetteer = hagen()
        orte = tuple(dict.fromkeys(p for name in self.orte for p in gazetteer.find_all(name)))
        return Sozialraum(self.name, orte, self.quelle, self.notiz, entry_id)


@dataclass
class Mitglied(Entry):
    """A contact's membership in a network: its role, since when, and (Vorbereitungskreis) until
    when. Stored as ``[mitglieder.NETZWERK-ID.KONTAKT-ID]``; the contact itself is stored once."""

    rolle: str = ""
    seit: str = ""
    bis: str = ""
    notiz: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    always_written: ClassVar[tuple[str, ...]] = ("seit",)
    field_checks: ClassVar[dict[str, FieldCheck]] = {"rolle": _check_rolle, "seit": check_stand,
                                                     "bis": check_stand}


def check_term(mitglied: Mitglied) -> list[str]:
    """``bis`` ends a term in the Vorbereitungskreis, and no term ends before it began."""
    if not mitglied.bis:
        return []
    if mitglied.rolle != VORBEREITUNGSKREIS:
        return [f"Feld „bis“ gilt nur für den Vorbereitungskreis (rolle = "
                f"\"{VORBEREITUNGSKREIS}\"); bitte „bis“ entfernen oder die Rolle setzen."]
    if mitglied.seit and end_date(mitglied.bis) < stand_date(mitglied.seit):
        return [f"Feld „bis“: „{mitglied.bis}“ liegt vor „seit“ „{mitglied.seit}“."]
    return []


@dataclass
class Treffen(Entry):
    """One meeting of a network: when, where, who hosts, what about, which offers are invited,
    and afterwards who came and a short record. Stored as ``[treffen.ID]``, the id being
    ``<netzwerk-id>-<JJJJ-MM-TT>`` (a second meeting that day ``…-2``); the id stays when the
    date moves, so calendars recognise the meeting (``sequenz`` counts such changes)."""

    netzwerk: str = ""
    datum: str = ""
    beginn: str = ""
    ende: str = ""
    ort_kontakt: str = ""  # the venue: a member organisation, its address is the place …
    ort: str = ""  # … or the place as free text ("Rathaus, Raum 12")
    gastgeber: str = ""  # the contact who hosts
    themen: list[str] = field(default_factory=list)
    gaeste: list[str] = field(default_factory=list)  # invited offers (ids of [angebote.…])
    notiz: str = ""
    anwesend: list[str] = field(default_factory=list)  # after the meeting: contact ids
    protokoll: str = ""
    sequenz: int = 0  # raised on every change of date, time or place
    extra: dict[str, Any] = field(default_factory=dict)

    required: ClassVar[tuple[str, ...]] = ("netzwerk", "datum")
    field_checks: ClassVar[dict[str, FieldCheck]] = {
        "datum": check_datum, "beginn": check_uhrzeit, "ende": check_uhrzeit,
        "sequenz": _check_sequenz}

    @property
    def date(self) -> dt.date:
        """The day of the meeting."""
        return dt.date.fromisoformat(self.datum)


@dataclass
class Registry:
    """The whole registry: networks, contacts and offers, each keyed by its id, and the members
    of each network (netzwerk id → kontakt id → membership)."""

    netzwerke: dict[str, Netzwerk] = field(default_factory=dict)
    kontakte: dict[str, Kontakt] = field(default_factory=dict)
    angebote: dict[str, Angebot] = field(default_factory=dict)
    titel: str = ""
    quelle: str = ""
    mitglieder: dict[str, dict[str, Mitglied]] = field(default_factory=dict)
    treffen: dict[str, Treffen] = field(default_factory=dict)
    sozialraeume: dict[str, SozialraumEintrag] = field(default_factory=dict)
    # Facts about a kind of entry as a whole, one copy for all of them: art id (or "angebote")
    # → text, e.g. the source's "Weitere Sozialraumteams sind geplant."
    anmerkungen: dict[str, str] = field(default_factory=dict)
    # What loading did to bring an older file up to ``SCHEMA_VERSION`` (German lines for the
    # user; empty: the file is current). Only in memory: writing makes the file current.
    migration: list[str] = field(default_factory=list, compare=False, repr=False)

    def entry(self, entry_id: str) -> Netzwerk | Angebot:
        """A network or offer by id; an unknown id is a usage error with a suggestion."""
        found = self.netzwerke.get(entry_id) or self.angebote.get(entry_id)
        if found is not None:
            return found
        hint = (" Das ist ein Kontakt: `netz kontakt show " + entry_id + "` zeigt ihn."
                if entry_id in self.kontakte else did_you_mean(entry_id, [*self.netzwerke,
                                                                          *self.angebote]))
        raise InputError(f"Keinen Eintrag mit der ID „{entry_id}“ gefunden.{hint} "
                         "Alle IDs zeigt `netz list`.")

    def netzwerk(self, netzwerk_id: str) -> Netzwerk:
        """A network by id; an offer's id or an unknown id is a usage error."""
        found = self.entry(netzwerk_id)
        if not isinstance(found, Netzwerk):
            raise InputError(f"„{netzwerk_id}“ ist ein Angebot, kein Netzwerk.")
        return found

    def kontakt(self, kontakt_id: str) -> Kontakt:
        """A contact by id; an unknown id is a usage error with a suggestion."""
        found = self.kontakte.get(kontakt_id)
        if found is not None:
            return found
        raise InputError(f"Keinen Kontakt mit der ID „{kontakt_id}“ gefunden."
                         f"{did_you_mean(kontakt_id, self.kontakte)} "
                         "Alle Kontakte zeigt `netz kontakt list`.")

    def sozialraum_index(self) -> dict[str, Sozialraum]:
        """Every Sozialraum known here – netz's own and the registry's – by folded name and
        id."""
        return sozialraum_index(e.sozialraum(i) for i, e in sorted(self.sozialraeume.items()))

    def area_text(self, netzwerk: Netzwerk) -> str:
        """The network's area as people read it, the registry's own Sozialräume by name."""
        if not netzwerk.sozialraeume or not self.sozialraeume:
            return netzwerk.area_text
        return netzwerk.area_text_in(self.sozialraum_index())

    def places_of(self, netzwerk: Netzwerk) -> list[Place]:
        """The places a network covers, its Sozialräume (also the registry's own) resolved."""
        if not netzwerk.sozialraeume or not self.sozialraeume:
            return netzwerk.places()
        return netzwerk.places(self.sozialraum_index())

    def kontakte_of(self, entry: Netzwerk | Angebot) -> list[tuple[str, Kontakt]]:
        """The contacts an entry refers to, in the entry's order."""
        return [(k, self.kontakte[k]) for k in entry.kontakte if k in self.kontakte]

    def count_themen(self) -> dict[str, int]:
        """Every topic used by a network, with the number of networks using it."""
        counts: dict[str, int] = {}
        for netzwerk in self.netzwerke.values():
            for thema in netzwerk.themen:
                counts[thema] = counts.get(thema, 0) + 1
        return counts

    def count_arten(self) -> dict[str, int]:
        """Every kind of network with the number of networks of that kind (also zero)."""
        counts = dict.fromkeys(ARTEN, 0)
        for netzwerk in self.netzwerke.values():
            counts[netzwerk.art] += 1
        return counts

    def anmerkung(self, entry: Netzwerk | Angebot) -> str:
        """The registry's note on the entry's kind ("" if none): ``[anmerkungen]``."""
        return self.anmerkungen.get(entry.art if isinstance(entry, Netzwerk) else ANGEBOTE, "")

    def stand_values(self) -> list[str]:
        """Every non-empty ``stand`` of networks and offers, oldest first."""
        entries: list[Netzwerk | Angebot] = [*self.netzwerke.values(), *self.angebote.values()]
        return sorted(e.stand for e in entries if e.stand)


# --- Building a Registry from parsed TOML ----------------------------------------------------

TABLES: dict[str, type[Entry]] = {
    "netzwerke": Netzwerk,
    "kontakte": Kontakt,
    "angebote": Angebot,
    "treffen": Treffen,
    "sozialraeume": SozialraumEintrag,
}
# The members are one level deeper: [mitglieder.NETZWERK-ID.KONTAKT-ID]. They come last in
# the file, after the entries they refer to.
MEMBER_TABLE = "mitglieder"
# Notes on a kind as a whole: [anmerkungen] with a kind's id (or "angebote") = text.
ANMERKUNGEN = "anmerkungen"
ANGEBOTE = "angebote"
_TOP_LEVEL_KEYS = {"schema", "titel", "quelle", ANMERKUNGEN, *TABLES, MEMBER_TABLE}
# Where the load cache keeps ``Registry.migration`` beside the tables (never in the file).
MIGRATION_KEY = "_migration"


def registry_from_toml(data: dict[str, Any], path: str, text: str = "") -> Registry:
    """Validate a parsed registry; raise ``RegistryError`` listing every problem found.

    ``text`` is the file's source, used only to name the line of a faulty entry. A file of an
    older schema is migrated first (in memory; ``Registry.migration`` says what changed).
    """
    migration: list[str] = []
    if data.get("schema") in range(1, SCHEMA_VERSION):
        from netzwerk_cli.migrate import migrate

        data, migration = migrate(data)
    problems = _check_top_level(data)
    entries: dict[str, dict[str, Any]] = {name: {} for name in TABLES}
    broken: dict[str, set[str]] = {name: set() for name in TABLES}
    for table, model in TABLES.items():
        raw = data.get(table, {})
        if not isinstance(raw, dict):
            problems.append(f"„{table}“ muss eine Tabelle von Einträgen sein ([{table}.ID]).")
            continue
        for entry_id, values in raw.items():
            entry, errors = _check_entry(model, entry_id, values)
            if errors:
                where = entry_location(text, table, entry_id)
                problems += [f"{where}: {error}" for error in errors]
            if entry is not None:
                entries[table][sys.intern(entry_id)] = entry
            else:
                broken[table].add(entry_id)
    mitglieder, broken_members = _members_from_toml(data, text, problems)
    registry = Registry(
        netzwerke=entries["netzwerke"],
        kontakte=entries["kontakte"],
        angebote=entries["angebote"],
        titel=_text_or_empty(data, "titel", problems),
        quelle=_text_or_empty(data, "quelle", problems),
        mitglieder=mitglieder,
        treffen=entries["treffen"],
        sozialraeume=entries["sozialraeume"],
        anmerkungen=_anmerkungen(data, problems),
        migration=migration,
    )
    problems += _check_references(registry, text, broken["kontakte"])
    problems += _check_member_references(registry, text, broken, broken_members)
    problems += _check_treffen_references(registry, text, broken)
    if problems:
        raise RegistryError(path, problems)
    return registry


def check_changed(registry: Registry, tables: dict[str, Any],
                  changed: Iterable[tuple[str, ...]],
                  removed: Iterable[tuple[str, ...]] | None = None) -> tuple[list[str], bool]:
    """What would keep a changed registry from loading, found in memory before it is written
    (the write then need not parse the whole new file again): the top-level fields, each
    changed or added entry as it is read back from its tables (``("netzwerke", ID)`` or
    ``("mitglieder", NETZWERK, KONTAKT)`` in ``tables``, the registry's ``registry_tables``),
    and the references across entries – the checks of ``registry_from_toml`` that can be
    affected by a change, in German. Also whether each changed entry reads back exactly as it
    is in ``tables`` (False when loading would normalise a value the change set, so that only a
    real load may fill the load cache).

    With ``removed`` (the paths of the entries the change removed) the registry before the
    change is taken as valid, and the references are checked only where the change can break
    them (``_affected``); without it, across the whole registry.
    """
    changed = list(changed)
    problems = _check_top_level(tables)
    for name in ("titel", "quelle"):
        _text_or_empty(tables, name, problems)
    notes = _anmerkungen(tables, problems)
    as_written = list(notes.items()) == list(tables.get(ANMERKUNGEN, {}).items())
    for path in changed:
        entry: Entry | None
        if path[0] == MEMBER_TABLE:
            values = tables[MEMBER_TABLE][path[1]][path[2]]
            entry, errors = Mitglied.from_toml(values)
            errors += check_term(entry) if entry else []
        else:
            values = tables[path[0]][path[1]]
            entry, errors = _check_entry(TABLES[path[0]], path[1], values)
        problems += [f"{'.'.join(path)}: {error}" for error in errors]
        as_written = as_written and entry is not None and entry.to_toml() == values
    broken: dict[str, set[str]] = {name: set() for name in TABLES}
    affected = None if removed is None else _affected(registry, changed, list(removed))
    if affected is None:
        problems += _check_references(registry, "", set())
        problems += _check_member_references(registry, "", broken, set())
        problems += _check_treffen_references(registry, "", broken)
    else:
        problems += _check_references(affected, "", set(), registry)
        problems += _check_member_references(affected, "", broken, set(), registry)
        problems += _check_treffen_references(affected, "", broken, registry)
    return problems, as_written


def _affected(registry: Registry, changed: list[tuple[str, ...]],
              removed: list[tuple[str, ...]]) -> Registry | None:
    """The entries whose references a change can break, as a registry of their own (each in
    the registry's order), for the reference checks of a registry that was valid before the
    change: the changed and added entries, and the unchanged ones that refer to a removed or
    changed entry – a network or offer listing a removed contact, a contact belonging to a
    changed or removed one (its kind may no longer be organisation), the members and meetings
    of a removed network, meetings referring to a removed or changed contact (a venue's address)
    or inviting a removed offer. None when the change touches the registry's own Sozialräume,
    which networks name: then everything is checked.

    Only ids are compared here; each reference check itself runs as on a full load.
    """
    touched: dict[str, set[str]] = {name: set() for name in (*TABLES, MEMBER_TABLE)}
    gone: dict[str, set[str]] = {name: set() for name in TABLES}
    member_paths = set()
    for path in changed:
        if path[0] == MEMBER_TABLE:
            member_paths.add(path[1:])
        else:
            touched[path[0]].add(path[1])
    for path in removed:
        if path[0] != MEMBER_TABLE:
            gone[path[0]].add(path[1])
    if touched["sozialraeume"] or gone["sozialraeume"]:
        return None
    kontakte_gone = gone["kontakte"]
    kontakte_touched = touched["kontakte"] | kontakte_gone
    if kontakte_gone:
        for table in ("netzwerke", "angebote"):
            touched[table] |= {i for i, e in getattr(registry, table).items()
                               if not kontakte_gone.isdisjoint(e.kontakte)}
    if kontakte_touched:
        touched["kontakte"] |= {i for i, k in registry.kontakte.items()
                                if k.gehoert_zu in kontakte_touched}
    for netzwerk_id in gone["netzwerke"]:  # members left behind by a removed network
        member_paths |= {(netzwerk_id, k) for k in registry.mitglieder.get(netzwerk_id, {})}
    if kontakte_gone:
        member_paths |= {(netzwerk_id, k) for netzwerk_id, members in registry.mitglieder.items()
                         for k in members if k in kontakte_gone}
    ids_gone = gone["netzwerke"] | kontakte_gone | gone["angebote"]
    if ids_gone or kontakte_touched:
        touched["treffen"] |= {
            i for i, t in registry.treffen.items()
            if t.netzwerk in ids_gone or t.ort_kontakt in kontakte_touched
            or t.gastgeber in ids_gone or not ids_gone.isdisjoint(t.anwesend)
            or not ids_gone.isdisjoint(t.gaeste)}

    def only(table: str) -> dict[str, Any]:
        chosen = touched[table]
        entries: dict[str, Any] = getattr(registry, table)
        return {i: e for i, e in entries.items() if i in chosen} if chosen else {}

    mitglieder: dict[str, dict[str, Mitglied]] = {}
    for netzwerk_id, members in registry.mitglieder.items() if member_paths else ():
        chosen_members = {k: m for k, m in members.items() if (netzwerk_id, k) in member_paths}
        if chosen_members:
            mitglieder[netzwerk_id] = chosen_members
    # The Sozialräume are unchanged: neither they nor their names are checked again.
    return Registry(netzwerke=only("netzwerke"), kontakte=only("kontakte"),
                    angebote=only("angebote"), treffen=only("treffen"), mitglieder=mitglieder)


def registry_from_checked(data: dict[str, Any]) -> Registry:
    """Rebuild a registry from tables this netz version has checked before (its load cache).

    No checks run: the caller guarantees the tables came from a successful
    ``registry_from_toml`` of the same content.
    """
    def build(model: type[Entry], values: dict[str, Any], known: KeysView[str]) -> Any:
        if values.keys() <= known:  # no own fields: as it is (most entries)
            return model(**values)
        return model(**{k: v for k, v in values.items() if k in known},
                     extra={k: v for k, v in values.items() if k not in known})

    tables = {}
    for name, model in TABLES.items():
        known = model.field_types().keys()
        tables[name] = {i: build(model, v, known) for i, v in data.get(name, {}).items()}
    member_fields = Mitglied.field_types().keys()
    mitglieder = {netzwerk_id: {k: build(Mitglied, v, member_fields) for k, v in members.items()}
                  for netzwerk_id, members in data.get(MEMBER_TABLE, {}).items()}
    return Registry(**tables, titel=data.get("titel", ""), quelle=data.get("quelle", ""),
                    mitglieder=mitglieder, anmerkungen=dict(data.get(ANMERKUNGEN, {})),
                    migration=list(data.get(MIGRATION_KEY, [])))


def _members_from_toml(data: dict[str, Any], text: str, problems: list[str]
                       ) -> tuple[dict[str, dict[str, Mitglied]], set[str]]:
    """The ``[mitglieder.NETZWERK.KONTAKT]`` tables as memberships; problems are appended.

    Also returns the networks whose member table is not even a table (nothing more to say
    about them).
    """
    raw = data.get(MEMBER_TABLE, {})
    mitglieder: dict[str, dict[str, Mitglied]] = {}
    broken: set[str] = set()
    if not isinstance(raw, dict):
        problems.append(f"„{MEMBER_TABLE}“ muss eine Tabelle sein "
                        f"([{MEMBER_TABLE}.NETZWERK-ID.KONTAKT-ID]).")
        return mitglieder, broken
    for netzwerk_id, members in raw.items():
        if not isinstance(members, dict):
            problems.append(f"{member_location(text, netzwerk_id)}: muss eine Tabelle von "
                            f"Mitgliedern sein ([{MEMBER_TABLE}.{netzwerk_id}.KONTAKT-ID]).")
            broken.add(netzwerk_id)
            continue
        for kontakt_id, values in members.items():
            if not isinstance(values, dict):
                errors = ["muss eine Tabelle mit Feldern sein, z. B. seit = \"2024-01\"."]
                mitglied = None
            else:
                mitglied, errors = Mitglied.from_toml(values)
                errors += check_term(mitglied) if mitglied else []
            if errors:
                where = member_location(text, netzwerk_id, kontakt_id)
                problems += [f"{where}: {error}" for error in errors]
            elif mitglied is not None:
                members_of = mitglieder.setdefault(sys.intern(netzwerk_id), {})
                members_of[sys.intern(kontakt_id)] = mitglied
    return mitglieder, broken


def member_location(text: str, netzwerk_id: str, kontakt_id: str = "") -> str:
    """Where a membership (or a network's members) is: "Zeile 40, mitglieder.ak-90.anna".

    The line of its own table header, else of the network's (a membership may be written as
    ``anna = { … }`` under ``[mitglieder.ak-90]``), else none.
    """
    name = ".".join(filter(None, (MEMBER_TABLE, netzwerk_id, kontakt_id)))
    netzwerk = rf'\s*\.\s*"?{re.escape(netzwerk_id)}"?'
    patterns = [rf'{netzwerk}\s*\.\s*"?{re.escape(kontakt_id)}"?\s*\]'] if kontakt_id else []
    patterns += [rf"{netzwerk}\s*\]", rf"{netzwerk}\s*\."]
    for pattern in patterns:
        match = re.search(rf"^[ \t]*\[\s*{MEMBER_TABLE}{pattern}", text, re.MULTILINE) \
            if text else None
        if match:
            return f"Zeile {text.count(chr(10), 0, match.start()) + 1}, {name}"
    return name


def _anmerkungen(data: dict[str, Any], problems: list[str]) -> dict[str, str]:
    """The ``[anmerkungen]`` table: a kind's id (or "angebote") = one text; problems appended.
    Written in the order of the kinds, the offers last."""
    raw = data.get(ANMERKUNGEN, {})
    allowed = [*ARTEN, ANGEBOTE]
    if not isinstance(raw, dict):
        problems.append(f"„{ANMERKUNGEN}“ muss eine Tabelle sein: [{ANMERKUNGEN}] mit Zeilen "
                        "wie sozialraumteam = \"Weitere Sozialraumteams sind geplant.\"")
        return {}
    found = {}
    for name, text in raw.items():
        if name not in allowed:
            problems.append(f"[{ANMERKUNGEN}]: „{name}“ ist keine Art.{did_you_mean(name, allowed)}"
                            f" Erlaubt: {', '.join(allowed)}.")
        elif not isinstance(text, str):
            problems.append(f"[{ANMERKUNGEN}]: „{name}“ erwartet {_EXPECTED['str']}, gefunden "
                            f"{_shown(text)}.")
        elif text.strip():
            found[name] = text.strip()
    return {name: found[name] for name in allowed if name in found}


def _text_or_empty(data: dict[str, Any], name: str, problems: list[str]) -> str:
    value = data.get(name, "")
    if isinstance(value, str):
        return value
    problems.append(f"„{name}“ muss Text in Anführungszeichen sein.")
    return ""


def _check_top_level(data: dict[str, Any]) -> list[str]:
    problems = []
    for name in sorted(set(data) - _TOP_LEVEL_KEYS):
        problems.append(
            f"Unbekannter Schlüssel „{name}“ auf oberster Ebene."
            f"{did_you_mean(name, sorted(_TOP_LEVEL_KEYS))} "
            f"Erlaubt: {', '.join(sorted(_TOP_LEVEL_KEYS))}."
        )
    schema = data.get("schema")
    if schema is None:
        problems.append(f"Die Angabe „schema = {SCHEMA_VERSION}“ am Dateianfang fehlt.")
    elif not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        problems.append(f"„schema“ muss eine ganze Zahl sein, z. B. schema = {SCHEMA_VERSION}.")
    elif schema > SCHEMA_VERSION:
        problems.append(
            f"Die Datei hat das Format schema = {schema}; diese netz-Version kennt nur bis "
            f"{SCHEMA_VERSION}. Bitte netz aktualisieren."
        )
    return problems


def entry_location(text: str, table: str, entry_id: str) -> str:
    """Where an entry is: "Zeile 12, netzwerke.ak-90" (without line if it can't be found)."""
    pattern = rf'^[ \t]*\[\s*{table}\s*\.\s*"?{re.escape(entry_id)}"?\s*\]'
    match = re.search(pattern, text, re.MULTILINE) if text else None
    name = f"{table}.{entry_id}"
    return f"Zeile {text.count(chr(10), 0, match.start()) + 1}, {name}" if match else name


def nesting_problem(text: str) -> str:
    """Where TOML text nests lists and inline tables deeper than ``MAX_NESTING`` levels.

    The TOML reader recurses once per level and gives up with a RecursionError after a few
    hundred; this scan finds the field that caused it, skipping strings and comments, and names
    it like every other problem: line and entry (from the table header before it), then field.
    """
    depth, header, field_name = 0, [""], ""
    position, end = 0, len(text)
    while position < end:
        char = text[position]
        if char == "#":
            position = _line_end(text, position)
            continue
        if char in "\"'":
            position = _after_string(text, position)
            continue
        if char == "[" and depth == 0 and not text[_line_start(text, position):position].strip():
            close = _line_end(text, position)
            header_text = text[position:close].split("#")[0].strip("[] \t\r")
            header = header_text.replace('"', "").split(".")
            position = close
            continue
        if char in "[{":
            if depth == 0:
                key_text = text[_line_start(text, position):position].split("=")[0]
                field_name = key_text.strip().split(".")[0].strip().strip("\"'")
            depth += 1
            if depth > MAX_NESTING:
                if len(header) > 2:  # the deep value sits in a sub-table [netzwerke.ID.x_feld]
                    field_name = header[2]
                where = (entry_location(text, header[0], header[1]) if len(header) > 1
                         else f"Zeile {text.count(chr(10), 0, position) + 1}")
                return f"{where}: {_too_deep_text(field_name)}"
        elif char in "]}":
            depth = max(depth - 1, 0)
        position += 1
    return f"Listen oder Tabellen sind zu tief verschachtelt (mehr als {MAX_NESTING} Ebenen)."


def _line_start(text: str, position: int) -> int:
    return text.rfind("\n", 0, position) + 1


def _line_end(text: str, position: int) -> int:
    found = text.find("\n", position)
    return len(text) if found < 0 else found


def _after_string(text: str, position: int) -> int:
    """The position after the TOML string that starts at ``position`` (basic or literal, one
    line or multi-line)."""
    quote = text[position]
    escapes = quote == '"'
    if text.startswith(quote * 3, position):
        position += 3
        while position < len(text) and not text.startswith(quote * 3, position):
            position += 2 if escapes and text[position] == "\\" else 1
        position += 3
        while text.startswith(quote, position):  # a quote may end the content: """a""""
            position += 1
        return position
    position += 1
    while position < len(text) and text[position] not in (quote, "\n"):
        position += 2 if escapes and text[position] == "\\" else 1
    return position + 1


def _check_entry(model: type[Entry], entry_id: str, values: Any) -> tuple[Entry | None, list[str]]:
    """Validate one entry; return it (or None) and the problems found, in German."""
    if not isinstance(values, dict):
        return None, ["muss eine Tabelle mit Feldern sein, z. B. name = \"…\"."]
    problems = []
    if not ID_PATTERN.match(entry_id):
        problems.append(
            f"Die ID „{entry_id}“ ist ungültig: nur Kleinbuchstaben, Ziffern und Bindestriche "
            "(z. B. „ak-90“)."
        )
    entry, field_problems = model.from_toml(values)
    if entry is not None:
        field_problems += derived_field_problems(entry)
    return (None if problems or field_problems else entry), problems + field_problems


def _check_references(registry: Registry, text: str, broken_kontakte: set[str],
                      full: Registry | None = None) -> list[str]:
    """Checks across entries: contact references, ids shared by tables, and areas.

    A reference to a contact that is in the file but invalid is not reported again: the
    contact's own problem is the one to fix. With ``full``, ``registry`` holds only the
    entries to check (``_affected``) and ``full`` the registry they refer into.
    """
    problems = []
    whole = registry if full is None else full
    index = whole.sozialraum_index()
    for entry_id, raum in registry.sozialraeume.items():
        where = entry_location(text, "sozialraeume", entry_id)
        problems += [f"{where}: {error}" for error in check_sozialraum(entry_id, raum)]
    problems += _check_sozialraum_names(registry, text)
    shared = ((set(registry.netzwerke) & set(whole.angebote))
              | (set(registry.angebote) & set(whole.netzwerke)))
    for entry_id in sorted(shared):
        problems.append(f"Die ID „{entry_id}“ ist zugleich Netzwerk und Angebot; IDs müssen "
                        "eindeutig sein.")
    tables: tuple[tuple[str, dict[str, Any]], ...] = (("netzwerke", registry.netzwerke),
                                                      ("angebote", registry.angebote))
    for table, entries in tables:
        for entry_id, entry in entries.items():
            errors = check_kontakt_refs(entry, whole, broken_kontakte)
            if isinstance(entry, Netzwerk):
                errors += (check_area(entry, index)
                           + check_zeitrahmen(entry.beginn, entry.ende))
            if errors:
                where = entry_location(text, table, entry_id)
                problems += [f"{where}: {error}" for error in errors]
    return problems


def _check_member_references(registry: Registry, text: str, broken: dict[str, set[str]],
                             broken_members: set[str], full: Registry | None = None
                             ) -> list[str]:
    """Each membership names a network and a contact of the registry; ``gehoert_zu`` names an
    organisation. Entries that are in the file but invalid are not reported again. ``full``:
    as for ``_check_references``."""
    problems = []
    whole = registry if full is None else full
    for kontakt_id, kontakt in registry.kontakte.items():
        errors = check_gehoert_zu(kontakt_id, kontakt, whole, broken["kontakte"])
        if errors:
            where = entry_location(text, "kontakte", kontakt_id)
            problems += [f"{where}: {error}" for error in errors]
    for netzwerk_id, members in registry.mitglieder.items():
        if netzwerk_id in broken_members or netzwerk_id in broken["netzwerke"]:
            continue
        if netzwerk_id not in whole.netzwerke:
            problems.append(f"{member_location(text, netzwerk_id)}: "
                            f"{unknown_netzwerk_text(whole, netzwerk_id)}")
            continue
        for kontakt_id in members:
            if kontakt_id not in whole.kontakte and kontakt_id not in broken["kontakte"]:
                problems.append(
                    f"{member_location(text, netzwerk_id, kontakt_id)}: Unbekannter Kontakt "
                    f"„{kontakt_id}“.{did_you_mean(kontakt_id, whole.kontakte)} Kontakte "
                    "stehen unter [kontakte.ID]; ein Mitglied unter "
                    f"[{MEMBER_TABLE}.NETZWERK-ID.KONTAKT-ID].")
    return problems


def unknown_netzwerk_text(registry: Registry, netzwerk_id: str) -> str:
    """Why members cannot belong to ``netzwerk_id``: an offer, or no network of that id."""
    if netzwerk_id in registry.angebote:
        return f"„{netzwerk_id}“ ist ein Angebot; Mitglieder haben nur Netzwerke."
    return (f"Unbekanntes Netzwerk „{netzwerk_id}“.{did_you_mean(netzwerk_id, registry.netzwerke)}"
            f" Mitglieder stehen unter [{MEMBER_TABLE}.NETZWERK-ID.KONTAKT-ID], die Netzwerke "
            "unter [netzwerke.ID].")


def check_gehoert_zu(kontakt_id: str, kontakt: Kontakt, registry: Registry,
                     known_elsewhere: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """``gehoert_zu`` names another contact, an organisation (or one of ``known_elsewhere``:
    in the file, but reported for a problem of its own)."""
    target_id = kontakt.gehoert_zu
    if not target_id or target_id in known_elsewhere:
        return []
    target = registry.kontakte.get(target_id)
    if target is None:
        return [f"Feld „gehoert_zu“ verweist auf den unbekannten Kontakt „{target_id}“."
                f"{did_you_mean(target_id, registry.kontakte)} Es nennt die ID der Organisation "
                "(aus [kontakte.ID]), zu der der Kontakt gehört."]
    if target_id == kontakt_id:
        return ["Feld „gehoert_zu“ verweist auf den Kontakt selbst; es nennt die Organisation, "
                "zu der er gehört."]
    if target.art != "organisation":
        return [f"Feld „gehoert_zu“: „{target_id}“ ist keine Organisation (art = "
                f"\"{target.art}\"); es nennt die Organisation, zu der der Kontakt gehört."]
    return []


def check_kontakt_refs(entry: Netzwerk | Angebot, registry: Registry,
                       known_elsewhere: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Every contact id of an entry must name a contact of the registry (or one of
    ``known_elsewhere``: in the file, but reported for a problem of its own)."""
    return [f"Feld „kontakte“ verweist auf den unbekannten Kontakt „{kontakt_id}“."
            f"{did_you_mean(kontakt_id, registry.kontakte)} Kontakte stehen unter [kontakte.ID]."
            for kontakt_id in entry.kontakte
            if kontakt_id not in registry.kontakte and kontakt_id not in known_elsewhere]


def check_sozialraum(entry_id: str, raum: SozialraumEintrag) -> list[str]:
    """A registry's own Sozialraum: every Ort known to the gazetteer and no Stadtbezirk (a
    Sozialraum is smaller or cuts across), its name not one of netz's own Sozialräume."""
    gazetteer = hagen()
    problems = []
    if any(key(raum.name) == key(own.name) for own in gazetteer.sozialraeume):
        problems.append(f"Der Sozialraum „{raum.name}“ ist schon in netz enthalten (`netz "
                        "bezirke` zeigt ihn); bitte den Eintrag entfernen oder anders nennen.")
    for name in raum.orte:
        place = _stored_place(gazetteer, name, "orte", problems)
        if place is not None and place.level == STADTBEZIRK:
            problems.append(f"Feld „orte“: „{name}“ ist ein Stadtbezirk; ein Sozialraum nennt "
                            "Stadtteile oder Wohnbezirke (ein ganzer Bezirk gehört unter "
                            "„bezirke“ des Netzwerks).")
    return problems


def _stored_place(gazetteer: Gazetteer, name: str, field_name: str,
                  problems: list[str]) -> Place | None:
    """The place a name stored in ``field_name`` means; None for an unknown name (its problem
    is added) and for an ambiguous one (it loads as every place it may mean; check warns)."""
    if gazetteer.is_ambiguous(name):
        return None
    try:
        return gazetteer.resolve(name, "Ort")
    except InputError as err:
        problems.append(f"Feld „{field_name}“: {err}")
        return None


def _check_sozialraum_names(registry: Registry, text: str) -> list[str]:
    """A registry's Sozialräume are found by name and by id, folded like place names: no name
    may equal another's name or id, and no id the name of one netz brings."""
    shipped = {key(raum.name): raum.name for raum in hagen().sozialraeume}
    names: dict[str, str] = {}  # folded name → the entry that has it
    ids = {key(entry_id): entry_id for entry_id in registry.sozialraeume}
    problems = []
    for entry_id, raum in registry.sozialraeume.items():
        where = entry_location(text, "sozialraeume", entry_id)
        folded = key(raum.name)
        if key(entry_id) in shipped:
            problems.append(f"{where}: Die ID „{entry_id}“ gleicht dem Namen des Sozialraums "
                            f"„{shipped[key(entry_id)]}“, den netz mitbringt; bitte eine andere "
                            "ID wählen.")
        if folded in names:
            other = names[folded]
            problems.append(f"{where}: Der Sozialraum heißt „{raum.name}“ wie "
                            f"„{registry.sozialraeume[other].name}“ (sozialraeume.{other}); "
                            "Namen müssen sich unterscheiden (Groß-/Kleinschreibung, Umlaute "
                            "und Satzzeichen zählen nicht). Bitte einen umbenennen.")
        else:
            names[folded] = entry_id
        if folded in ids and ids[folded] != entry_id:
            problems.append(f"{where}: Der Sozialraum heißt „{raum.name}“ wie die ID von "
                            f"sozialraeume.{ids[folded]}; ein Name darf keiner anderen ID "
                            "gleichen. Bitte einen umbenennen.")
    return problems


def check_area(netzwerk: Netzwerk, index: SozialraumIndex | None = None) -> list[str]:
    """A network covers either the whole city or named places and Sozialräume, each known to
    the gazetteer (a Sozialraum: shipped, or in ``index``)."""
    from netzwerk_cli.gazetteer import resolve_sozialraum

    local = netzwerk.bezirke or netzwerk.stadtteile or netzwerk.sozialraeume
    if netzwerk.stadtweit and local:
        return ["„stadtweit = true“ schließt „bezirke“, „stadtteile“ und „sozialraeume“ aus; "
                "bitte eins davon."]
    if not (netzwerk.stadtweit or local):
        return ["Kein Gebiet angegeben: „bezirke“, „stadtteile“, „sozialraeume“ oder "
                "„stadtweit = true“ fehlt."]
    gazetteer = hagen()
    problems = []
    for name in netzwerk.sozialraeume:
        try:
            resolve_sozialraum(name, index)
        except InputError as err:
            problems.append(f"Feld „sozialraeume“: {err}")
    for field_name, names in (("bezirke", netzwerk.bezirke), ("stadtteile", netzwerk.stadtteile)):
        for name in names:
            place = _stored_place(gazetteer, name, field_name, problems)
            if place is None:
                continue
            is_bezirk = place.level == STADTBEZIRK
            if field_name == "bezirke" and not is_bezirk:
                problems.append(
                    f"Feld „bezirke“: „{name}“ ist ein {place.level} im Stadtbezirk "
                    f"{place.bezirk}; bitte unter „stadtteile“ eintragen."
                )
            elif field_name == "stadtteile" and is_bezirk:
                problems.append(
                    f"Feld „stadtteile“: „{name}“ ist ein Stadtbezirk; bitte unter „bezirke“ "
                    "eintragen."
                )
    return problems


def _check_treffen_references(registry: Registry, text: str, broken: dict[str, set[str]],
                              full: Registry | None = None) -> list[str]:
    """Each meeting names a network, contacts and offers of the registry (entries in the file
    but invalid are not reported again) and a time frame with both ends. ``full``: as for
    ``_check_references``."""
    problems = []
    whole = registry if full is None else full
    for treffen_id, treffen in registry.treffen.items():
        errors = check_treffen(treffen, whole, {*broken["netzwerke"], *broken["kontakte"],
                                                 *broken["angebote"]})
        if errors:
            where = entry_location(text, "treffen", treffen_id)
            problems += [f"{where}: {error}" for error in errors]
    return problems


def check_treffen(treffen: Treffen, registry: Registry,
                  known_elsewhere: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """What makes a meeting refer to nothing: an unknown network, venue, host, guest offer or
    attendee (with a suggestion), a venue that is no organisation with an address, both kinds
    of venue at once, half a time frame. ``known_elsewhere``: ids in the file, but reported
    for a problem of their own."""
    problems = []
    if treffen.netzwerk not in registry.netzwerke and treffen.netzwerk not in known_elsewhere:
        problems.append(f"Feld „netzwerk“: {_unknown_netzwerk(registry, treffen.netzwerk)}")
    problems += _venue_problems(treffen, registry, known_elsewhere)
    kontakt_fields = (("gastgeber", [treffen.gastgeber] if treffen.gastgeber else []),
                      ("anwesend", treffen.anwesend))
    for field_name, kontakt_ids in kontakt_fields:
        problems += [f"Feld „{field_name}“ verweist auf den unbekannten Kontakt „{kontakt_id}“."
                     f"{did_you_mean(kontakt_id, registry.kontakte)} Kontakte stehen unter "
                     "[kontakte.ID]."
                     for kontakt_id in kontakt_ids
                     if kontakt_id not in registry.kontakte and kontakt_id not in known_elsewhere]
    for angebot_id in treffen.gaeste:
        if angebot_id in registry.angebote or angebot_id in known_elsewhere:
            continue
        if angebot_id in registry.netzwerke:
            problems.append(f"Feld „gaeste“: „{angebot_id}“ ist ein Netzwerk; Gäste sind "
                            "Angebote ([angebote.ID], `netz angebote`).")
        else:
            problems.append(f"Feld „gaeste“ verweist auf das unbekannte Angebot „{angebot_id}“."
                            f"{did_you_mean(angebot_id, registry.angebote)} Angebote stehen "
                            "unter [angebote.ID] (`netz angebote`).")
    return problems + check_zeitrahmen(treffen.beginn, treffen.ende)


def _unknown_netzwerk(registry: Registry, netzwerk_id: str) -> str:
    if netzwerk_id in registry.angebote:
        return f"„{netzwerk_id}“ ist ein Angebot; Treffen gehören zu einem Netzwerk."
    return (f"Unbekanntes Netzwerk „{netzwerk_id}“.{did_you_mean(netzwerk_id, registry.netzwerke)}"
            " Netzwerke stehen unter [netzwerke.ID] (`netz list`).")


def _venue_problems(treffen: Treffen, registry: Registry,
                    known_elsewhere: set[str] | frozenset[str]) -> list[str]:
    """The venue is a contact of the kind organisation with an address, or free text."""
    venue_id = treffen.ort_kontakt
    if not venue_id or venue_id in known_elsewhere:
        return []
    if treffen.ort:
        return ["Die Felder „ort_kontakt“ und „ort“ schließen sich aus: der Ort ist entweder "
                "eine Organisation (ihre Anschrift) oder ein Text; bitte eins davon."]
    venue = registry.kontakte.get(venue_id)
    if venue is None:
        return [f"Feld „ort_kontakt“ verweist auf den unbekannten Kontakt „{venue_id}“."
                f"{did_you_mean(venue_id, registry.kontakte)} Es nennt die Organisation (aus "
                "[kontakte.ID]), bei der das Treffen stattfindet."]
    if venue.art != "organisation":
        return [f"Feld „ort_kontakt“: „{venue_id}“ ist keine Organisation (art = \"{venue.art}\"); "
                "ein Ort ist eine Einrichtung mit Anschrift – sonst den Ort als Text in „ort“ "
                "angeben."]
    if not venue.anschrift:
        return [f"Feld „ort_kontakt“: „{venue_id}“ hat keine Anschrift (strasse und plz oder "
                f"ort); bitte mit `netz kontakt edit {venue_id} --strasse … --plz … --ort …` "
                "ergänzen oder den Ort als Text in „ort“ angeben."]
    return []

"""Which column is which field: header names as German Outlook (both generations), Google
Contacts (new and old), Thunderbird (German and English) and hand-made lists write them.

Header names are compared with ``text.key`` – case, umlauts, spaces and punctuation do not
count, so "Telefon (privat)" and "Telefon privat", "E-Mail" and "Email" are the same column.
Several columns may feed one field ("Telefon geschäftlich", else "Mobiltelefon"); the first
with a value wins and the others' values are reported, never dropped silently. An address is
taken as a whole from the first group of columns that holds one. ``--spalte FELD=SPALTE``
overrides the recognition; columns that match no field are reported with their content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any, NamedTuple

from netzwerk_cli.errors import InputError
from netzwerk_cli.imports import SourceRow
from netzwerk_cli.text import did_you_mean, key

MULTI = " ::: "

# The fields a column can be, with the label used in messages and in --spalte.
FIELDS = {
    "name": "Name", "vorname": "Vorname", "nachname": "Nachname", "art": "Art",
    "funktion": "Funktion", "organisation": "Organisation", "abteilung": "Abteilung",
    "strasse": "Straße", "plz": "PLZ", "ort": "Ort", "telefon": "Telefon", "email": "E-Mail",
    "webseite": "Webseite", "notiz": "Notiz", "oeffentlich": "Veröffentlichen", "id": "ID",
    "gehoert_zu": "Gehört zu",
}
NAME_FIELDS = ("name", "vorname", "nachname")
ADDRESS_FIELDS = ("strasse", "plz", "ort")
WHO_FIELDS = ("name", "vorname", "nachname", "organisation")
OWN_FIELD = re.compile(r"^x_[a-z0-9_]+$")

# Header names of each field, the preferred first.
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("ID", "Kontakt-ID"),
    "name": ("Name", "Anzeigename", "Display Name", "Vollständiger Name", "Ansprechpartner/in",
             "Ansprechpartner", "Ansprechperson", "Kontaktperson"),
    "vorname": ("Vorname", "First Name", "Given Name"),
    "nachname": ("Nachname", "Familienname", "Last Name", "Family Name"),
    "art": ("Art", "Kontaktart"),
    "funktion": ("Funktion", "Position", "Arbeitstitel", "Job Title", "Organization Title",
                 "Organization 1 - Title", "Aufgabe"),
    "organisation": ("Einrichtung", "Organisation", "Organization", "Firma",
                     "Organization Name", "Organization 1 - Name", "Institution",
                     "Name der Einrichtung", "Einrichtung/Träger", "Träger"),
    "abteilung": ("Abteilung", "Department", "Organization Department",
                  "Organization 1 - Department", "Bereich"),
    "telefon": ("Telefon", "Tel.", "Telefonnummer", "Tel.-Nr.", "Telefon-Nr.", "Festnetz",
                "Phone", "Telefon geschäftlich", "Tel. dienstlich", "Telefon dienstlich",
                "Diensttelefon", "Work Phone",
                "Telefon Firma", "Haupttelefon", "Phone 1 - Value", "Telefon geschäftlich 2",
                "Mobiltelefon", "Mobil", "Handy", "Mobilnummer", "Mobil-Tel.-Nr.",
                "Mobile Number", "Mobile Phone", "Phone 2 - Value", "Mobiltelefon 2",
                "Telefon (privat)", "Tel. privat", "Home Phone", "Telefon (privat 2)",
                "Weiteres Telefon", "Phone 3 - Value"),
    "email": ("E-Mail", "Mail", "E-Mail-Adresse", "Mailadresse", "E-Mail dienstlich",
              "Primäre E-Mail-Adresse",
              "Primary Email", "E-mail 1 - Value", "E-Mail 2: Adresse", "E-Mail-Adresse 2",
              "Sekundäre E-Mail-Adresse", "Secondary Email", "E-mail 2 - Value",
              "E-Mail 3: Adresse", "E-mail 3 - Value"),
    "webseite": ("Webseite", "Website", "Homepage", "Internetseite", "Internet", "URL",
                 "Webseite 1", "Web Page 1", "Website 1 - Value", "Webseite 2", "Web Page 2",
                 "Website 2 - Value"),
    "notiz": ("Notiz", "Notizen", "Notes", "Bemerkung", "Bemerkungen", "Anmerkung",
              "Anmerkungen", "Kommentar"),
    "oeffentlich": ("Veröffentlichen", "Öffentlich", "Veröffentlichbar"),
    "gehoert_zu": ("Gehört zu",),  # the id of an organisation contact (netz's JSON)
    # An address without qualifier: hand-made lists and netz's own export.
    "strasse": ("Straße", "Str.", "Adresse", "Anschrift", "Straße und Hausnummer",
                "Straße, Hausnummer", "Straße, Nr."),
    "plz": ("PLZ", "Postleitzahl"),
    "ort": ("Ort", "Stadt", "Wohnort"),
}
# Addresses of the address books: street, postcode, town of one address, business first.
ADDRESS_GROUPS: tuple[tuple[str, str, str], ...] = (
    ("Straße geschäftlich", "Postleitzahl geschäftlich", "Ort geschäftlich"),
    ("Dienstlich: Adresse", "Dienstlich: PLZ", "Dienstlich: Ort"),
    ("Work Address", "Work ZipCode", "Work City"),
    ("Address 1 - Street", "Address 1 - Postal Code", "Address 1 - City"),
    ("Straße privat", "Postleitzahl privat", "Ort privat"),
    ("Privat: Adresse", "Privat: PLZ", "Privat: Ort"),
    ("Home Address", "Home ZipCode", "Home City"),
    ("Weitere Straße", "Weitere Postleitzahl", "Weiterer Ort"),
    ("Address 2 - Street", "Address 2 - Postal Code", "Address 2 - City"),
)
# Columns people expect to be imported, and what to do instead.
_MEMBERSHIP = "Zugehörigkeit zu einem Netzwerk: beim Import mit --netzwerk ID angeben"
_REASONS = {key(name): _MEMBERSHIP for name in (
    "Netzwerke", "Kategorien", "Categories", "Labels", "Group Membership")}

_ONE_VALUE = {"telefon": "eine Telefonnummer", "email": "eine E-Mail-Adresse",
              "webseite": "eine Webseite"}


class Value(NamedTuple):
    """A field's value in one row and the columns it came from."""

    text: str
    columns: tuple[int, ...]


class Skipped(NamedTuple):
    """A value of the file that was not imported, and why."""

    column: str
    where: str
    value: str
    reason: str


class Extracted(NamedTuple):
    """One row as fields: the values, own fields (``x_…``) and what was left out."""

    values: dict[str, Value]
    own: dict[str, Any]
    skipped: list[Skipped]


@cache
def _alias_index() -> dict[str, tuple[str, int]]:
    """Every header name, folded, → (field, rank among the field's names)."""
    return {key(name): (field_name, rank) for field_name, names in ALIASES.items()
            for rank, name in enumerate(names)}


@cache
def _group_index() -> dict[str, tuple[int, str]]:
    """Every qualified address header, folded, → (group number, field)."""
    return {key(name): (number, field_name) for number, names in enumerate(ADDRESS_GROUPS)
            for field_name, name in zip(ADDRESS_FIELDS, names, strict=True)}


def is_known(header: str) -> bool:
    """Whether a header names a field netz knows."""
    folded = key(header)
    return folded in _alias_index() or folded in _group_index()


def find_header(rows: list[SourceRow]) -> int:
    """The position of the header row: the first of the first ten non-empty rows in which at
    least two cells name a known field (a title row above the table is skipped), else the
    first non-empty row."""
    filled = [i for i, row in enumerate(rows[:100]) if any(c.strip() for c in row.cells)][:10]
    if not filled:
        raise InputError("Die Datei enthält keine Zeile mit Inhalt.")
    for position in filled:
        if sum(1 for cell in rows[position].cells if is_known(cell)) >= 2:
            return position
    return filled[0]


def parse_spalten(spalten: list[str] | tuple[str, ...]) -> list[tuple[str, str]]:
    """``FELD=SPALTE`` options as (field, column name); ``FELD=`` switches a field off."""
    parsed = []
    by_key = {key(name): name for name in FIELDS} | {key(label): name
                                                     for name, label in FIELDS.items()}
    for option in spalten:
        wanted, equals, column = option.partition("=")
        if not equals or not wanted.strip():
            raise InputError(f"--spalte „{option}“: erwartet FELD=SPALTE, z. B. "
                             "--spalte email=\"Mail privat\" (FELD= schaltet ein Feld ab).")
        field_name = by_key.get(key(wanted))
        if field_name is None:
            raise InputError(f"--spalte {option}: unbekanntes Feld „{wanted.strip()}“."
                             f"{did_you_mean(wanted, list(FIELDS))} Felder: "
                             f"{', '.join(FIELDS)}.")
        parsed.append((field_name, column.strip()))
    return parsed


@dataclass
class Mapping:
    """Where each field's values come from, for every row of one file."""

    header: list[str]
    sources: dict[str, list[int]] = field(default_factory=dict)  # field → columns, best first
    groups: list[dict[str, int]] = field(default_factory=list)  # addresses, best first
    own: dict[str, int] = field(default_factory=dict)  # x_… → column
    unmapped: list[int] = field(default_factory=list)
    reasons: dict[int, str] = field(default_factory=dict)  # why a column is not used
    several: str = "mehrere Werte in einer Zelle"  # what " ::: " in a cell means

    def names(self, columns: tuple[int, ...] | list[int]) -> list[str]:
        return [self.header[i] for i in columns]

    def describe(self) -> list[tuple[str, str]]:
        """(field label, where its values come from), for the summary."""
        lines = []
        parts = [self.sources.get(f, []) for f in ("vorname", "nachname")]
        if any(parts):
            who = " + ".join(_quoted(self.names(p[:1])) for p in parts if p)
            rest = self.sources.get("name", [])
            lines.append(("Name", who + (f" (sonst {_quoted(self.names(rest))})" if rest else "")))
        elif self.sources.get("name"):
            lines.append(("Name", _alternatives(self.names(self.sources["name"]))))
        for field_name, label in FIELDS.items():
            if field_name in NAME_FIELDS or not self.sources.get(field_name):
                continue
            lines.append((label, _alternatives(self.names(self.sources[field_name]))))
        if self.groups:
            lines.append(("Anschrift", " sonst ".join(
                "/".join(_quoted([self.header[group[f]]]) for f in ADDRESS_FIELDS if f in group)
                for group in self.groups)))
        lines += [(name, _quoted([self.header[i]])) for name, i in self.own.items()]
        return lines

    def extract(self, row: SourceRow, where: str) -> Extracted:
        """The fields of one row; values left out (a second phone number, the rest of
        ``a ::: b``, an Exchange address) are listed with the reason."""
        return _Extraction(self, row, where).run()


def _quoted(names: list[str]) -> str:
    return " + ".join(f"„{name}“" for name in names)


def _alternatives(names: list[str]) -> str:
    return " sonst ".join(f"„{name}“" for name in names)


def map_columns(header: list[str], spalten: list[tuple[str, str]],
                roles: dict[str, str] | None = None) -> Mapping:
    """Map the columns of a header to fields, by name (or by ``roles`` where the format fixes
    them), then apply ``--spalte``; a header without a column for a name or an organisation is
    a usage error."""
    shown = [name.strip() or f"Nr. {i + 1}" for i, name in enumerate(header)]
    mapping = Mapping(shown)
    ranked: dict[str, list[tuple[int, int]]] = {}
    groups: dict[int, dict[str, int]] = {}
    plain: dict[str, int] = {}
    for i, name in enumerate(header):
        if roles is not None:
            found = roles.get(name)
            rank = 0
        else:
            found, rank = _alias_index().get(key(name), (None, 0))
            group = _group_index().get(key(name))
            if group is not None and group[1] not in groups.get(group[0], {}):
                groups.setdefault(group[0], {})[group[1]] = i
                continue
        if OWN_FIELD.match(name.strip()) and name.strip() not in mapping.own:
            mapping.own[name.strip()] = i
        elif found in ADDRESS_FIELDS and found not in plain:
            plain[found] = i
        elif found and found not in ADDRESS_FIELDS:
            ranked.setdefault(found, []).append((rank, i))
        else:
            mapping.unmapped.append(i)
            if key(name) in _REASONS:
                mapping.reasons[i] = _REASONS[key(name)]
    mapping.sources = {f: [i for _, i in sorted(found)] for f, found in ranked.items()}
    mapping.groups = [groups[n] for n in sorted(groups)]
    if plain and mapping.groups:  # Outlook's "Ort" is a location, not the town of an address
        for i in plain.values():
            mapping.unmapped.append(i)
            mapping.reasons[i] = ("nicht als Anschrift gelesen: die Datei hat eigene Spalten "
                                  "für Anschriften (z. B. „Ort geschäftlich“)")
    elif plain:
        mapping.groups.append(plain)
    _name_is_family_name(mapping)
    for field_name, column in spalten:
        _override(mapping, field_name, column)
    mapping.unmapped.sort()
    _require_who(mapping)
    return mapping


def _name_is_family_name(mapping: Mapping) -> None:
    """"Name" beside "Vorname" but no "Nachname" is the family name (Name; Vorname; …)."""
    sources = mapping.sources
    if sources.get("vorname") and not sources.get("nachname"):
        plain_name = [i for i in sources.get("name", []) if key(mapping.header[i]) == "name"]
        if plain_name:
            sources["nachname"] = plain_name[:1]
            sources["name"].remove(plain_name[0])


def _release(mapping: Mapping, column: int, reason: str) -> None:
    """Take a column away from whatever it was mapped to; it is reported as not used."""
    for columns in mapping.sources.values():
        if column in columns:
            columns.remove(column)
    for group in mapping.groups:
        for name in [n for n, i in group.items() if i == column]:
            del group[name]
    for name in [n for n, i in mapping.own.items() if i == column]:
        del mapping.own[name]
    if column not in mapping.unmapped:
        mapping.unmapped.append(column)
    mapping.reasons[column] = reason


def _override(mapping: Mapping, field_name: str, column_name: str) -> None:
    """Apply one ``--spalte FELD=SPALTE`` (``FELD=``: the field is not imported)."""
    option = f"--spalte {field_name}={column_name}"
    targets = NAME_FIELDS if field_name == "name" else (field_name,)
    old = [i for f in targets for i in mapping.sources.get(f, [])]
    old += [group[f] for group in mapping.groups for f in targets if f in group]
    column = None
    if column_name:
        matches = [i for i, name in enumerate(mapping.header) if key(name) == key(column_name)]
        if not matches:
            raise InputError(f"{option}: die Datei hat keine Spalte „{column_name}“."
                             f"{did_you_mean(column_name, mapping.header)} Spalten: "
                             f"{', '.join(mapping.header)}.")
        column = matches[0]
        _release(mapping, column, "")
    for i in old:
        if i != column:
            _release(mapping, i, f"ersetzt durch {option}" if column is not None
                     else f"abgeschaltet mit {option}")
    for f in targets:
        mapping.sources.pop(f, None)
    mapping.groups = [group for group in mapping.groups if group]
    if column is not None:
        mapping.unmapped.remove(column)
        mapping.reasons.pop(column, None)
        mapping.sources[field_name] = [column]


def _require_who(mapping: Mapping) -> None:
    if any(mapping.sources.get(f) for f in WHO_FIELDS):
        return
    raise InputError(
        "In der Kopfzeile erkennt netz keine Spalte für den Namen oder die Organisation "
        f"(Spalten: {', '.join(mapping.header)}). Erwartet werden Überschriften wie Name, "
        "Vorname, Nachname, Einrichtung, E-Mail, Telefon; eine andere Spalte ordnet "
        "--spalte name=SPALTE zu.")


class _Extraction:
    """Reading one row through a mapping."""

    def __init__(self, mapping: Mapping, row: SourceRow, where: str) -> None:
        self.mapping, self.row, self.where = mapping, row, where
        self.values: dict[str, Value] = {}
        self.skipped: list[Skipped] = []

    def run(self) -> Extracted:
        self._name()
        fixed_address = [f for f in ADDRESS_FIELDS if f in self.mapping.sources]
        for field_name, columns in self.mapping.sources.items():
            if field_name not in NAME_FIELDS:
                self._simple(field_name, columns)
        self._address(fixed_address)
        own = {}
        for name, i in self.mapping.own.items():
            raw = (self.row.raw or {}).get(i)
            own_value = raw if raw is not None else self._cell(i)
            if own_value != "":
                own[name] = own_value
        return Extracted(self.values, own, self.skipped)

    def _cell(self, column: int) -> str:
        cells = self.row.cells
        return cells[column].strip() if column < len(cells) else ""

    def _first(self, column: int) -> str:
        """A cell's value; of ``a ::: b`` (several values in one cell) the first."""
        text = self._cell(column)
        if MULTI.strip() not in text:
            return text
        parts = [part.strip() for part in text.split(MULTI.strip())]
        parts = [part for part in parts if part]
        if len(parts) > 1:
            self._skip(column, MULTI.join(parts[1:]),
                       f"{self.mapping.several}; übernommen: „{parts[0]}“")
        return parts[0] if parts else ""

    def _skip(self, column: int, value: str, reason: str) -> None:
        self.skipped.append(Skipped(self.mapping.header[column], self.where, value, reason))

    def _candidates(self, field_name: str, columns: list[int]) -> list[tuple[int, str]]:
        found = []
        for i in columns:
            value = self._first(i)
            if field_name == "email" and value.casefold().startswith("/o="):
                self._skip(i, value, "eine Exchange-Adresse (Outlook), keine E-Mail-Adresse")
            elif value:
                found.append((i, value))
        return found

    def _simple(self, field_name: str, columns: list[int]) -> None:
        found = self._candidates(field_name, columns)
        if not found:
            return
        (taken, value), *rest = found
        self.values[field_name] = Value(value, (taken,))
        what = _ONE_VALUE.get(field_name, f"ein Feld „{FIELDS[field_name]}“")
        for i, other in rest:
            if _same(other, value):
                continue
            self._skip(i, other, f"ein Kontakt hat {what}; übernommen aus „"
                                 f"{self.mapping.header[taken]}“")

    def _name(self) -> None:
        sources = self.mapping.sources
        parts = [self._candidates(f, sources.get(f, []))[:1] for f in ("vorname", "nachname")]
        used = [found[0] for found in parts if found]
        full = self._candidates("name", sources.get("name", []))
        if used:
            text = " ".join(value for _, value in used)
            self.values["name"] = Value(" ".join(text.split()), tuple(i for i, _ in used))
            source = " + ".join(f"„{self.mapping.header[i]}“" for i, _ in used)
            rest = full
        elif full:
            (i, text), *rest = full
            self.values["name"] = Value(text, (i,))
            source = f"„{self.mapping.header[i]}“"
        else:
            return
        for i, other in rest:
            if key(other) != key(text):
                self._skip(i, other, f"der Name kommt aus {source}")

    def _address(self, fixed: list[str]) -> None:
        """The first group of address columns that holds a value gives the whole address."""
        chosen: dict[str, int] | None = None
        for group in self.mapping.groups:
            if chosen is None and any(self._cell(i) for i in group.values()):
                chosen = group
                for field_name, i in group.items():
                    value = self._first(i) if field_name not in fixed else ""
                    if value:
                        self.values[field_name] = Value(value, (i,))
            elif chosen is not None:
                first = self.mapping.header[next(iter(chosen.values()))]
                for i in group.values():
                    if self._cell(i):
                        self._skip(i, self._cell(i), "ein Kontakt hat eine Anschrift; "
                                   f"übernommen die aus „{first}“ …")


def _same(one: str, other: str) -> bool:
    return " ".join(one.casefold().split()) == " ".join(other.casefold().split())

"""vCard files (.vcf) 2.1, 3.0 and 4.0: what Outlook, phones, Thunderbird and Google export.

A small reader of its own rather than vobject, which loses data on the cards old Outlook writes:
it needs a special flag for quoted-printable soft line breaks and cuts a text value at the first
comma, which vCard 2.1 does not escape. Each card becomes one row; its properties become fixed
columns named after them ("EMAIL", "ADR (PLZ)"), so messages say which property was wrong.
Several values of one kind (two EMAIL lines) share a cell, separated by " ::: ", the preferred
one first: the column mapper takes the first and reports the rest.
"""

from __future__ import annotations

import codecs
import quopri
import re
from pathlib import Path
from typing import NamedTuple

from netzwerk_cli.imports import Sheet, SourceRow

MULTI = " ::: "

# The columns a card fills, and the field each one is: fixed, not guessed from names.
ROLES = {
    "KIND": "art", "FN": "name", "N (Vorname)": "vorname", "N (Nachname)": "nachname",
    "ORG (Organisation)": "organisation", "ORG (Abteilung)": "abteilung", "TITLE": "funktion",
    "ROLE": "funktion", "TEL": "telefon", "EMAIL": "email", "ADR (Straße)": "strasse",
    "ADR (PLZ)": "plz", "ADR (Ort)": "ort", "URL": "webseite", "NOTE": "notiz",
}
# Properties that describe the card or repeat another property: nothing of the contact is lost
# when they are not imported (LABEL is the printed form of ADR).
_FORMAT_ONLY = {"BEGIN", "END", "VERSION", "PRODID", "REV", "UID", "LABEL", "X-ABLABEL",
                "X-ABADR", "X-ABUID", "X-ABSHOWAS", "CLIENTPIDMAP", "SORT-STRING", "MAILER",
                "X-MOZILLA-HTML"}
_BINARY = {"PHOTO", "LOGO", "SOUND", "KEY"}
_NOT_A_PHONE = {"FAX", "PAGER"}
_HOME_COUNTRY = {"", "deutschland", "germany", "de", "brd"}
_KINDS = {"individual": "person", "org": "organisation", "organization": "organisation"}


class Property(NamedTuple):
    """One content line: its name, its parameters (types upper-case) and its text value."""

    name: str
    params: dict[str, list[str]]
    value: str

    def types(self) -> set[str]:
        return {t.upper() for t in self.params.get("TYPE", [])}

    def preference(self) -> int:
        """Lower is preferred: PREF=1 … 100 (4.0), a bare PREF type (2.1, 3.0), else 101."""
        if "PREF" in self.types():
            return 0
        try:
            return int(self.params.get("PREF", ["101"])[0])
        except ValueError:
            return 101


def read_vcard(data: bytes, path: Path) -> Sheet:
    """One row per card."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data = data.decode("utf-16").encode("utf-8")
    cards = []
    hints = []
    for number, (line, properties) in enumerate(_cards(data), start=1):
        kind = _first(properties, "KIND").casefold()
        if kind in ("group", "location"):
            hints.append(f"Karte {number} (Zeile {line}) ist eine Gruppe oder ein Ort "
                         f"(KIND:{kind}), kein Kontakt; übergangen.")
            continue
        cards.append((number, line, _columns(properties)))
    header = list(ROLES)
    for _, _, columns in cards:
        header += [name for name in columns if name not in header]
    rows = [SourceRow(number, [columns.get(name, "") for name in header], line=line)
            for number, line, columns in cards]
    return Sheet("vCard", rows, row_noun="Karte", column_noun="Eigenschaft", header=header,
                 roles=dict(ROLES), hints=hints, guessed=frozenset({"art"}))


# --- Lines and cards -------------------------------------------------------------------------


def _cards(data: bytes) -> list[tuple[int, list[Property]]]:
    """The cards of a file: the line each begins on, and its properties."""
    cards: list[tuple[int, list[Property]]] = []
    current: list[Property] | None = None
    depth = 0
    for line_number, raw in _logical_lines(data):
        prop = _parse(raw)
        if prop is None:
            continue
        if prop.name == "BEGIN" and prop.value.strip().upper() == "VCARD":
            depth += 1
            if depth == 1:
                current = []
                cards.append((line_number, current))
            continue
        if prop.name == "END" and prop.value.strip().upper() == "VCARD":
            depth = max(depth - 1, 0)
            if depth == 0:
                current = None
            continue
        if current is not None and depth == 1:  # a card nested in AGENT (2.1) is left out
            current.append(prop)
    return cards


def _logical_lines(data: bytes) -> list[tuple[int, bytes]]:
    """Content lines with their first line number: folded lines joined (a continuation starts
    with a space or tab; vCard 2.1 keeps that space, 3.0/4.0 drop it), quoted-printable soft
    line breaks ("=" at the end) joined."""
    lines: list[tuple[int, bytes]] = []
    version_21 = False
    for number, physical in enumerate(data.splitlines(), start=1):
        if lines and _continues_quoted_printable(lines[-1][1]):
            lines[-1] = (lines[-1][0], lines[-1][1][:-1] + physical)
        elif lines and physical[:1] in (b" ", b"\t"):
            lines[-1] = (lines[-1][0], lines[-1][1] + (physical if version_21 else physical[1:]))
        elif physical.strip():
            if lines and lines[-1][1].upper().startswith(b"VERSION:"):
                version_21 = lines[-1][1][8:].strip() == b"2.1"
            lines.append((number, physical))
    return lines


def _continues_quoted_printable(line: bytes) -> bool:
    head, _, _ = line.partition(b":")
    return line.endswith(b"=") and b"QUOTED-PRINTABLE" in head.upper()


def _parse(line: bytes) -> Property | None:
    """``[group.]NAME[;param…]:value``, or None for a line that is none."""
    head, value = _split_head(line)
    if head is None:
        return None
    parts = _split(head.decode("ascii", "replace"), ";")
    name = parts[0].rpartition(".")[2].strip().upper()  # "item1.EMAIL" → EMAIL
    params: dict[str, list[str]] = {}
    for part in parts[1:]:
        key, equals, values = part.partition("=")
        if not equals:  # vCard 2.1: a bare type ("TEL;WORK;VOICE") or encoding
            key, values = ("ENCODING", key) if key.upper() in ("QUOTED-PRINTABLE", "BASE64",
                                                              "8BIT") else ("TYPE", key)
        params.setdefault(key.strip().upper(), []).extend(
            v.strip().strip('"') for v in _split(values, ","))
    return Property(name, params, _value_text(value, params, name))


def _split_head(line: bytes) -> tuple[bytes | None, bytes]:
    """The part before the first colon outside double quotes, and the value after it."""
    quoted = False
    for position, byte in enumerate(line):
        if byte == 0x22:
            quoted = not quoted
        elif byte == 0x3A and not quoted:
            return line[:position], line[position + 1:]
    return None, b""


def _split(text: str, separator: str) -> list[str]:
    """Split at ``separator`` outside double quotes."""
    parts, current, quoted = [], "", False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == separator and not quoted:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def _value_text(value: bytes, params: dict[str, list[str]], name: str) -> str:
    """The value as text: quoted-printable undone, in the declared CHARSET, else UTF-8, else
    Windows-1252 (old Outlook), else Latin-1 – whose control characters validation refuses."""
    encoding = {e.upper() for e in params.get("ENCODING", [])}
    if name in _BINARY or encoding & {"B", "BASE64"}:
        return "(Bild oder Binärdaten)"
    if "QUOTED-PRINTABLE" in encoding:
        value = quopri.decodestring(value)
    for charset in [*params.get("CHARSET", [])[:1], "utf-8", "cp1252", "latin-1"]:
        try:
            return value.decode(codecs.lookup(charset).name)
        except (LookupError, UnicodeDecodeError):
            continue
    return value.decode("latin-1")  # pragma: no cover – Latin-1 decodes every byte


# --- Values ----------------------------------------------------------------------------------

_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


def unescape(text: str) -> str:
    """``\\n`` is a line break, ``\\,`` ``\\;`` ``\\\\`` (and any other ``\\x``) the character."""
    return _ESCAPE.sub(lambda m: "\n" if m[1] in "nN" else m[1], text)


def components(text: str) -> list[str]:
    """The parts of a compound value (N, ADR, ORG): split at unescaped ``;``, then unescaped."""
    parts = re.split(r"(?<!\\);", text.replace("\\\\", "\x00"))
    return [unescape(part.replace("\x00", "\\\\")).strip() for part in parts]


def _first(properties: list[Property], name: str) -> str:
    return next((p.value.strip() for p in properties if p.name == name), "")


def _all(properties: list[Property], name: str) -> list[Property]:
    """The properties of one name, the preferred first (else in the card's order)."""
    found = [p for p in properties if p.name == name]
    return sorted(found, key=Property.preference)


def _columns(properties: list[Property]) -> dict[str, str]:
    """A card as columns: the fixed ones, then every other property with its values."""
    columns: dict[str, str] = {}
    _name_columns(properties, columns)
    org = components(_first(properties, "ORG"))
    columns["ORG (Organisation)"] = org[0]
    columns["ORG (Abteilung)"] = ", ".join(part for part in org[1:] if part)
    for name in ("TITLE", "ROLE"):
        columns[name] = unescape(_first(properties, name))
    _phone_columns(properties, columns)
    columns["EMAIL"] = MULTI.join(unescape(p.value.strip()) for p in _all(properties, "EMAIL"))
    _address_columns(properties, columns)
    columns["URL"] = MULTI.join(unescape(p.value.strip()) for p in _all(properties, "URL"))
    columns["NOTE"] = _note(properties)
    columns["KIND"] = _kind(properties, columns)
    if columns["KIND"] == "organisation" and columns["FN"] == columns["ORG (Organisation)"]:
        columns["FN"] = ""  # the organisation's own card: its name is the organisation
    used = {"N", "FN", "ORG", "TITLE", "ROLE", "TEL", "EMAIL", "ADR", "URL", "NOTE", "KIND"}
    for prop in properties:
        if prop.name in used or prop.name in _FORMAT_ONLY or prop.name.startswith("X-MS-OL-"):
            continue
        text = unescape(prop.value.strip())
        if text:
            earlier = columns.get(prop.name)
            columns[prop.name] = f"{earlier}{MULTI}{text}" if earlier else text
    return columns


def _name_columns(properties: list[Property], columns: dict[str, str]) -> None:
    """FN, and N's given and family name; its other parts (title, middle names) apart."""
    columns["FN"] = unescape(_first(properties, "FN"))
    family, given, *more = [*components(_first(properties, "N")), "", ""]
    columns["N (Vorname)"], columns["N (Nachname)"] = given, family
    others = " ".join(part for part in more[:3] if part)
    if others:
        columns["N (weitere Namensteile)"] = others


def _phone_columns(properties: list[Property], columns: dict[str, str]) -> None:
    """Phone numbers to call in TEL, the preferred first; fax and pager numbers apart."""
    phones: list[str] = []
    others: list[str] = []
    for prop in _all(properties, "TEL"):
        number = unescape(prop.value.strip())
        number = number[4:] if number.casefold().startswith("tel:") else number
        (others if prop.types() & _NOT_A_PHONE else phones).append(number)
    columns["TEL"] = MULTI.join(phones)
    if others:
        columns["TEL (Fax, Pager)"] = MULTI.join(others)


def _address_columns(properties: list[Property], columns: dict[str, str]) -> None:
    """The preferred address (else the first) as street, postcode and town; region, a foreign
    country and further addresses apart."""
    addresses = _all(properties, "ADR")
    street = code = town = ""
    if addresses:
        _, extended, street, town, region, code, country, *_ = [
            *components(addresses[0].value), *[""] * 7]
        street = "\n".join(part for part in (street, extended) if part)
        rest = [part for part in (region, "" if country.casefold() in _HOME_COUNTRY
                                  else country) if part]
        if rest:
            columns["ADR (Region, Land)"] = ", ".join(rest)
    columns["ADR (Straße)"], columns["ADR (PLZ)"], columns["ADR (Ort)"] = street, code, town
    more = [", ".join(part for part in components(p.value) if part) for p in addresses[1:]]
    if any(more):
        columns["ADR (weitere)"] = MULTI.join(text for text in more if text)


def _note(properties: list[Property]) -> str:
    """The notes; the line netz's own export writes ("Netzwerke: …", the CATEGORIES again) is
    left out, like CATEGORIES itself (membership comes from --netzwerk)."""
    categories = [unescape(part).strip()
                  for part in re.split(r"(?<!\\),", _first(properties, "CATEGORIES")) if part]
    own = "Netzwerke: " + "; ".join(categories)
    notes = [unescape(p.value).strip() for p in properties if p.name == "NOTE"]
    return "\n".join(note for note in notes if note and note != own)


def _kind(properties: list[Property], columns: dict[str, str]) -> str:
    """person or organisation: KIND (4.0), X-ABShowAs (Apple), else a card with a personal name
    in N is a person, one with only an organisation an organisation; "" when it has neither."""
    kind = _first(properties, "KIND").casefold()
    if kind in _KINDS:
        return _KINDS[kind]
    if _first(properties, "X-ABSHOWAS").upper() == "COMPANY":
        return "organisation"
    if columns["N (Vorname)"] or columns["N (Nachname)"]:
        return "person"
    if columns["ORG (Organisation)"]:
        return "organisation"  # a name in FN then is a role or a part of it (netz's "rolle")
    return ""  # a name alone: a person, as in any list

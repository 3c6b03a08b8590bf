"""Who is exported: the contacts of the chosen networks – their Ansprechpartner and their
members –, each once, with the networks it belongs to.

Privacy is decided here, once for every format: with ``nur_oeffentlich`` a contact not marked
publishable never reaches a format module. So is what a terminal must never obey: ``exportable``
gives the formats every value printable (an escape sequence in a hand-edited name arrives as
"\ufffd"), whether the export goes to a file, a pipe or the screen – and every one-line value
on one line (a line break in a hand-edited name becomes a space), so no format has to.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection
from operator import attrgetter
from typing import Any, NamedTuple, TypeVar

from netzwerk_cli.model import (
    MULTI_LINE_FIELDS,
    ROLLEN,
    TABLES,
    Entry,
    Kontakt,
    Netzwerk,
    Registry,
    art_label,
)
from netzwerk_cli.text import has_unprintable, key, printable, printable_line

E = TypeVar("E", bound=Entry)


class ExportKontakt(NamedTuple):
    """A contact of the selection and the names of the selected networks it belongs to; its
    roles there, as "Koordination (Hasper Runde)"."""

    id: str
    kontakt: Kontakt
    netzwerke: tuple[str, ...]
    rollen: tuple[str, ...] = ()


class Recipient(NamedTuple):
    """One address of a distribution list; the networks say why it is on the list."""

    email: str
    name: str
    organisation: str
    netzwerke: tuple[str, ...]


class NetzwerkInfo(NamedTuple):
    """A selected network as the sheet "Netzwerke" of a workbook describes it."""

    id: str
    name: str
    art: str
    gebiet: str
    themen: tuple[str, ...]
    treffen: str
    kontakt: tuple[str, ...]
    mitglieder: int
    webseite: str
    stand: str


class KontaktSelection(NamedTuple):
    """The contacts to export and what was left out, for the summary on stderr."""

    kontakte: list[ExportKontakt]
    not_public: int
    without_kontakt: list[str]


def collect_kontakte(registry: Registry, netzwerke: list[tuple[str, Netzwerk]],
                     nur_oeffentlich: bool = False, rollen: Collection[str] | None = None
                     ) -> KontaktSelection:
    """Every contact of the networks once, in order of name, with its networks: the
    Ansprechpartner and the members; with ``rollen`` (role ids, "" for members without a role)
    only the members with one of these roles."""
    netzwerke_by_kontakt: dict[str, list[str]] = {}
    rollen_by_kontakt: dict[str, list[str]] = {}
    without_kontakt = []
    for netzwerk_id, netzwerk in netzwerke:
        picked = [] if rollen is not None else list(netzwerk.kontakte)
        for kontakt_id, mitglied in registry.mitglieder.get(netzwerk_id, {}).items():
            if rollen is None or mitglied.rolle in rollen:
                picked.append(kontakt_id)
                if mitglied.rolle in ROLLEN:
                    rollen_by_kontakt.setdefault(kontakt_id, []).append(
                        f"{ROLLEN[mitglied.rolle]} ({netzwerk.name})")
        if not picked:
            without_kontakt.append(netzwerk.name)
        for kontakt_id in dict.fromkeys(picked):
            netzwerke_by_kontakt.setdefault(kontakt_id, []).append(netzwerk.name)
    chosen = [ExportKontakt(k, registry.kontakte[k], tuple(n),
                            tuple(rollen_by_kontakt.get(k, ())))
              for k, n in netzwerke_by_kontakt.items()]
    public = [e for e in chosen if e.kontakt.oeffentlich or not nur_oeffentlich]
    public.sort(key=lambda e: (key(e.kontakt.display_name), e.id))
    return KontaktSelection(public, len(chosen) - len(public), without_kontakt)


def collect_verteiler(selection: KontaktSelection) -> tuple[list[Recipient], list[ExportKontakt]]:
    """Every e-mail address once (case-insensitively), sorted; and the contacts without one."""
    by_address: dict[str, Recipient] = {}
    without_email = []
    for chosen in selection.kontakte:
        kontakt = chosen.kontakt
        if not kontakt.email:
            without_email.append(chosen)
            continue
        address_key = kontakt.email.casefold()
        earlier = by_address.get(address_key)
        if earlier is None:
            by_address[address_key] = Recipient(kontakt.email, kontakt.display_name,
                                                kontakt.organisation, chosen.netzwerke)
        else:
            netzwerke = tuple(dict.fromkeys([*earlier.netzwerke, *chosen.netzwerke]))
            by_address[address_key] = earlier._replace(netzwerke=netzwerke)
    return [by_address[k] for k in sorted(by_address)], without_email


def netzwerk_infos(registry: Registry, netzwerke: list[tuple[str, Netzwerk]],
                   nur_oeffentlich: bool = False) -> list[NetzwerkInfo]:
    """The selected networks for the sheet "Netzwerke": their Ansprechpartner by name (with
    ``nur_oeffentlich`` only those who may be published) and how many members they have."""
    from netzwerk_cli.meetings import rhythm_text

    return [NetzwerkInfo(netzwerk_id, netzwerk.name, art_label(netzwerk.art),
                         registry.area_text(netzwerk), tuple(netzwerk.themen),
                         rhythm_text(netzwerk),
                         tuple(kontakt.display_name for _, kontakt
                               in registry.kontakte_of(netzwerk)
                               if kontakt.oeffentlich or not nur_oeffentlich),
                         len(registry.mitglieder.get(netzwerk_id, {})), netzwerk.webseite,
                         netzwerk.stand)
            for netzwerk_id, netzwerk in netzwerke]


def exportable(registry: Registry) -> Registry:
    """The registry as every export sees it: each one-line value on one line (``one_line``),
    each multi-line value (``notiz``) with plain line breaks (``text_lines``), and no control or
    invisible character – an escape sequence, a bell, a bidi override, a tab – raw in a file, a
    pipe or a terminal.

    Only entries holding such a character are copied (one search per entry); a registry
    without any is returned as it is. ``netz check`` reports these values as errors.
    """
    replaced: dict[str, dict[str, Entry]] = {}
    for table in TABLES:
        entries: dict[str, Entry] = getattr(registry, table)
        if not _needs_printable(*entries.values()):
            continue
        changed = {entry_id: _printable_entry(entry) for entry_id, entry in entries.items()
                   if _needs_printable(entry)}
        changed = {i: e for i, e in changed.items() if e is not entries[i]}
        if changed:
            replaced[table] = {**entries, **changed}
    if not replaced:
        return registry
    return dataclasses.replace(registry, **replaced)  # type: ignore[arg-type]


def one_line(value: str) -> str:
    """A one-line value as every export writes it: each line break (CR LF, CR, LF, NEL, vertical
    tab, form feed, line and paragraph separator) with the blanks around it is one space –
    "Anna\\r\\nBeispiel" is "Anna Beispiel", one line in an address list –; any other control
    or invisible character is "\ufffd" (``printable_line``)."""
    lines = value.splitlines()
    if len(lines) > 1 or value[-1:] in _LINE_ENDS:
        value = " ".join(line.strip() for line in lines if line.strip())
    return printable_line(value)


def text_lines(value: str) -> str:
    """A multi-line value with every kind of line break written as LF, else ``printable``."""
    lines = value.splitlines()
    if len(lines) > 1 or value[-1:] in _LINE_ENDS:
        value = "\n".join(lines) + ("\n" if value[-1:] in _LINE_ENDS else "")
    return printable(value)


# What str.splitlines() splits at.
_LINE_ENDS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def _needs_printable(*entries: Entry) -> bool:
    """Whether a text value of ``entries`` holds what ``_printable_entry`` replaces: one search
    over their one-line values and one over their multi-line ones (a whole table at once, then
    only a table with such a value entry by entry)."""
    lines: list[str] = []
    texts: list[str] = []
    getters: dict[type[Entry], tuple[Callable[[Entry], Any], ...]] = {}
    for entry in entries:
        kind = type(entry)
        if kind not in getters:
            getters[kind] = _text_getters(kind)
        line_values, text_values, list_values = getters[kind]
        lines += line_values(entry)
        texts += text_values(entry)
        for items in list_values(entry):
            lines += items
    return has_unprintable(" ".join(lines)) or has_unprintable(" ".join(texts), multi_line=True)


def _text_getters(kind: type[Entry]) -> tuple[Callable[[Entry], Any], ...]:
    """Of an entry type, functions giving an entry's one-line values, its multi-line values and
    its lists of values, each as a tuple – the fields ``_printable_entry`` looks at."""
    types = kind.field_types()
    groups = ([n for n, t in types.items() if t == "str" and n not in MULTI_LINE_FIELDS],
              [n for n, t in types.items() if t == "str" and n in MULTI_LINE_FIELDS],
              [n for n, t in types.items() if t == "list[str]"])
    return tuple(_getter(names) for names in groups)


def _getter(names: list[str]) -> Callable[[Entry], Any]:
    if not names:
        return lambda entry: ()
    if len(names) == 1:
        get = attrgetter(names[0])
        return lambda entry: (get(entry),)
    return attrgetter(*names)


def _printable_entry(entry: E) -> E:
    """A copy of ``entry`` with its text values printable, or the entry itself if none change."""
    changes: dict[str, object] = {}
    for field_name, type_name in entry.field_types().items():
        value = getattr(entry, field_name)
        if type_name == "str":
            shown = text_lines(value) if field_name in MULTI_LINE_FIELDS else one_line(value)
            if shown != value:
                changes[field_name] = shown
        elif type_name == "list[str]":
            items = [one_line(item) for item in value]
            if items != value:
                changes[field_name] = items
    return dataclasses.replace(entry, **changes) if changes else entry  # type: ignore[type-var]

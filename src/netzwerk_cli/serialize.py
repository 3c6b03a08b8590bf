"""Every JSON shape netz writes, in one place: ``--json`` output and the ``json`` export formats.

The keys are German because they are the documented, stable interface for scripts (the same
nouns as the registry file). ``dumps`` writes them the one way netz writes JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from netzwerk_cli.model import ARTEN, Angebot, Kontakt, Mitglied, Netzwerk, Registry, Treffen

if TYPE_CHECKING:
    from netzwerk_cli.check import CheckRound, DueEntry, Finding, RoundRequest
    from netzwerk_cli.coverage import Coverage
    from netzwerk_cli.export.selection import ExportKontakt, Recipient
    from netzwerk_cli.meetings import Plan, Suggestion
    from netzwerk_cli.query import Hit
    from netzwerk_cli.registry import Location

JsonObject = dict[str, Any]


def dumps(data: Any) -> str:
    """JSON text as netz writes it: UTF-8 characters kept, indented, ending in a newline.

    Dates and times (possible in own ``x_`` fields of the file) are written as ISO text.
    The text is exactly ``json.dumps(data, ensure_ascii=False, indent=2)``; with ``indent``
    the standard library falls back to its pure-Python encoder (1.2 s for 10,000 networks),
    so netz lays out the structure itself and leaves the strings to the C encoder
    (``tests/test_serialize.py`` compares both on random data).
    """
    return "".join(dump_pieces(data))


# Entries of a top-level list written per piece of ``dump_pieces``.
ITEMS_PER_PIECE = 1000


def dump_pieces(data: Any) -> Iterator[str]:
    """``dumps(data)`` in pieces, a thousand items of a top-level list at a time, to be written
    as they come: the text of 100,000 networks at once would take more memory than the
    registry (four bytes a character, when a single emoji is among them)."""
    from json.encoder import encode_basestring

    written: _Written = {}
    if not isinstance(data, list) or not data:
        out: list[str] = []
        _write_item(data, out, "\n", encode_basestring, written)
        yield "".join(out) + "\n"
        return
    separator = "[\n  "
    for start in range(0, len(data), ITEMS_PER_PIECE):
        out = []
        for item in data[start:start + ITEMS_PER_PIECE]:
            out.append(separator)
            _write_item(item, out, "\n  ", encode_basestring, written)
            separator = ",\n  "
        yield "".join(out)
    yield "\n]\n"


def _write_item(value: Any, out: list[str], newline: str, string: Callable[[str], str],
                written: _Written) -> None:
    """Append ``value`` (the whole output or an item of the top-level list) to ``out``;
    what ``_write`` does not write itself is left to the standard library."""
    import json

    begin = len(out)
    try:
        _write(value, out, newline, string, written, remember=False)
    except (_Unusual, RecursionError):  # keys that are no strings, own types, cycles
        del out[begin:]
        text = json.dumps(value, ensure_ascii=False, indent=2, default=_iso)
        out.append(text.replace("\n", newline))


class _Unusual(Exception):
    """A value ``_write`` leaves to the standard library (which also words the errors)."""


# Written before in this output: a dict's id → (the dict, kept so that its id stays its own,
# the indentation it was written at, its text).
_Written = dict[int, tuple[Any, str, str]]


def _write(value: Any, out: list[str], newline: str, string: Callable[[str], str],
           written: _Written, remember: bool = True) -> None:
    """Append ``value`` as indented JSON to ``out``; ``newline``: a line break and the
    indentation of the line ``value`` starts on.

    Strings in a dict and lists of strings (most of the registry) are written in one piece;
    a dict that occurs again at the same indentation (a contact shared by many networks) is
    copied from its first text instead of written anew. Every dict inside ``value`` is
    remembered for that, ``value`` itself only when ``remember`` (an item of a top-level list
    does not recur, and keeping its text would keep the whole output).
    """
    if isinstance(value, str):
        out.append(string(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(_float(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        earlier = written.get(id(value))
        if earlier is not None and earlier[1] == newline:
            out.append(earlier[2])
            return
        begin = len(out)
        inner = newline + "  "
        separator = "{" + inner
        for key, item in value.items():
            if not isinstance(key, str):
                raise _Unusual
            if type(item) is str:
                out.append(f"{separator}{string(key)}: {string(item)}")
            else:
                out.append(f"{separator}{string(key)}: ")
                _write(item, out, inner, string, written)
            separator = "," + inner
        out.append(newline + "}")
        if remember and earlier is None:
            written[id(value)] = (value, newline, "".join(out[begin:]))
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        if all(type(item) is str for item in value):
            out.append(f"[{inner}{(',' + inner).join(map(string, value))}{newline}]")
            return
        separator = "[" + inner
        for item in value:
            out.append(separator)
            _write(item, out, inner, string, written)
            separator = "," + inner
        out.append(newline + "]")
    else:
        import datetime as dt

        if not isinstance(value, (dt.date, dt.time)):
            raise _Unusual
        out.append(string(value.isoformat()))


def _float(value: float) -> str:
    """A float as ``json`` writes it (NaN and the infinities as JavaScript names them)."""
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def _iso(value: Any) -> str:
    import datetime as dt

    if isinstance(value, (dt.date, dt.time)):  # datetime is a date
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} kann nicht als JSON geschrieben werden")


def kontakt(kontakt_id: str, value: Kontakt) -> JsonObject:
    """A contact with every field (empty ones as empty strings)."""
    return {"id": kontakt_id, **value.to_dict()}


def kontakt_with_users(kontakt_id: str, value: Kontakt, users: list[str],
                       memberships: list[tuple[str, Mitglied]] | None = None) -> JsonObject:
    """A contact, the ids of the entries that use it and the networks it is a member of
    (``netz kontakt list/show``)."""
    return kontakt(kontakt_id, value) | {
        "genutzt_von": users,
        "mitglied_in": [mitgliedschaft(n, m) for n, m in memberships or []]}


def mitgliedschaft(netzwerk_id: str, value: Mitglied) -> JsonObject:
    """A membership as seen from the contact: the network's id, role, since, until, note."""
    return {"netzwerk": netzwerk_id, **value.to_dict()}


def mitglied(netzwerk_id: str, kontakt_id: str, person: Kontakt, value: Mitglied) -> JsonObject:
    """A member of a network (``netz mitglied list``, ``netz show``): the membership and the
    full contact under ``kontakt``."""
    return mitgliedschaft(netzwerk_id, value) | {"kontakt": kontakt(kontakt_id, person)}


def entry(entry_id: str, value: Netzwerk | Angebot, registry: Registry,
          kontakte: dict[str, JsonObject] | None = None) -> JsonObject:
    """A network or offer, its contacts resolved to full objects (``kontakte``: the objects
    of contacts already built for other entries of the same output, see ``entries``)."""
    data: JsonObject = {"id": entry_id,
                        "typ": "netzwerk" if isinstance(value, Netzwerk) else "angebot"}
    data |= value.to_dict()
    if kontakte is None:
        data["kontakte"] = [kontakt(k, v) for k, v in registry.kontakte_of(value)]
    else:
        data["kontakte"] = [kontakte.get(k) or kontakte.setdefault(k, kontakt(k, v))
                            for k, v in registry.kontakte_of(value)]
    if isinstance(value, Netzwerk):
        data["stadtbezirke"] = sorted({p.bezirk for p in registry.places_of(value)})
    return data


def entries(found: Iterable[tuple[str, Netzwerk | Angebot]], registry: Registry
            ) -> list[JsonObject]:
    """Networks or offers (``netz list --json``): each contact's object is built once and
    shared by every entry it belongs to (the same text in the output)."""
    kontakte: dict[str, JsonObject] = {}
    return [entry(entry_id, value, registry, kontakte) for entry_id, value in found]


def entry_with_members(entry_id: str, value: Netzwerk | Angebot, registry: Registry
                       ) -> JsonObject:
    """``netz show``: the entry (with ``herkunft``: quotes, derived fields and why), the
    registry's note on its kind (``anmerkung``, "" if none), and for a network its members
    (sorted by name) and its next meeting (``naechstes_treffen``, null when none is planned)."""
    data = entry(entry_id, value, registry)
    data["anmerkung"] = registry.anmerkung(value)
    if isinstance(value, Netzwerk):
        from netzwerk_cli import clock
        from netzwerk_cli.meetings import next_meeting
        from netzwerk_cli.members import members_of

        data["mitglieder"] = [mitglied(entry_id, kontakt_id, person, membership)
                              for kontakt_id, person, membership in members_of(registry, entry_id)]
        upcoming = next_meeting(registry, entry_id, clock.today())
        data["naechstes_treffen"] = treffen(*upcoming, registry) if upcoming else None
    return data


def treffen(treffen_id: str, value: Treffen, registry: Registry) -> JsonObject:
    """A meeting with every field, and for reading: the network's name, the day and time in
    German (``termin``) and the place on one line (``ort_text``: the venue organisation with
    its address, the free text, or "Ort noch offen")."""
    from netzwerk_cli.meetings import ort_text, termin_text

    netzwerk = registry.netzwerke.get(value.netzwerk)
    return {"id": treffen_id, **value.to_dict(),
            "netzwerk_name": netzwerk.name if netzwerk else "",
            "termin": termin_text(value), "ort_text": ort_text(registry, value)}


def plan(value: Plan, registry: Registry) -> JsonObject:
    """A year's plan of meetings (``netz treffen plan --json``): the meetings, what needs a
    look (``konflikte``) and how it was made (``hinweise``)."""
    return {"netzwerk": value.netzwerk_id, "jahr": value.year,
            "treffen": [treffen(i, t, registry) for i, t in value.meetings],
            "konflikte": value.conflicts, "hinweise": value.hints}


def suggestion(value: Suggestion, registry: Registry) -> JsonObject:
    """An offer to invite (``netz angebote vorschlagen``): the offer, what it shares with the
    network and the score (higher is better)."""
    return entry(value.id, registry.angebote[value.id], registry) | {
        "passende_themen": value.themen, "passende_zielgruppen": value.zielgruppen,
        "punkte": value.score}


def hit(value: Hit, registry: Registry, kontakte: dict[str, JsonObject] | None = None
        ) -> JsonObject:
    """A search result: the entry and its score."""
    return entry(value.id, value.entry, registry, kontakte) | {"punkte": round(value.score, 2)}


def hits(found: Iterable[Hit], registry: Registry) -> list[JsonObject]:
    """Search results (``netz search --json``), each contact's object built once."""
    kontakte: dict[str, JsonObject] = {}
    return [hit(value, registry, kontakte) for value in found]


def due_entry(value: DueEntry, registry: Registry) -> JsonObject:
    """An entry due for checking, how old its ``stand`` is and whom to ask."""
    return entry(value.id, value.entry, registry) | {
        "monate_alt": value.months, "ansprechpartner": value.kontakt_id or None}


def check_round(value: CheckRound, files: dict[str, str], format_name: str,
                folder: str | None, dry_run: bool) -> JsonObject:
    """The check round (``netz faellig --anschreiben --json``): the drafts by e-mail, whom to
    call instead (with the reason, the address and web site the text summary shows, and the
    text file written for them, if any), and the due
    entries that name nobody to ask. ``files`` maps a request's first contact id to its file."""
    return {"format": format_name, "ordner": folder, "probelauf": dry_run,
            "entwuerfe": [round_request(r, files.get(r.kontakt_ids[0])) for r in value.with_email],
            "ohne_email": [round_request(r, files.get(r.kontakt_ids[0]))
                           | {"grund": r.reason, "anschrift": r.kontakt.anschrift,
                              "webseite": r.kontakt.webseite}
                           for r in value.without_email],
            "ohne_ansprechpartner": value.without_kontakt}


def round_request(value: RoundRequest, file_name: str | None) -> JsonObject:
    """One request of the check round: its file, whom it asks and about which entries."""
    kontakt_value = value.kontakt
    return {"datei": file_name, "kontakte": list(value.kontakt_ids),
            "name": kontakt_value.display_name, "organisation": kontakt_value.organisation,
            "email": value.email, "telefon": kontakt_value.telefon,
            "eintraege": list(value.entry_ids)}


def recipient(value: Recipient) -> JsonObject:
    """One address of a distribution list."""
    return {"email": value.email, "name": value.name, "organisation": value.organisation,
            "netzwerke": list(value.netzwerke)}


def export_kontakt(value: ExportKontakt) -> JsonObject:
    """One contact of a contact list, with the networks it belongs to."""
    return {"id": value.id, **value.kontakt.to_dict(), "netzwerke": list(value.netzwerke)}


def finding(value: Finding) -> JsonObject:
    """One finding of ``netz check``."""
    return {"stufe": value.level, "eintrag": value.entry, "feld": value.field,
            "meldung": value.message}


def check_report(path: str, max_age: int, findings: list[Finding],
                 counts: dict[str, int]) -> JsonObject:
    """The whole report of ``netz check``."""
    return {"datei": path, "max_alter_monate": max_age,
            "anzahl": {level.lower(): n for level, n in counts.items()},
            "befunde": [finding(f) for f in findings]}


def coverage(value: Coverage, registry: Registry) -> JsonObject:
    """One place's or Sozialraum's coverage (``netz luecken``); ``stadtbezirk`` of a Sozialraum
    names the Stadtbezirke of its Orte, comma-separated."""
    return {"ort": value.name, "ebene": value.level,
            "stadtbezirk": value.bezirk, "vor_ort": value.vor_ort,
            "namen_vor_ort": [registry.netzwerke[i].name for i in value.vor_ort],
            "umfassend": value.wider, "arten_vor_ort": value.arten,
            "sozialraumteam": value.sozialraumteam, "stadtweite_netzwerke": value.stadtweit,
            "luecke": value.gap, "sozialraumteams": value.sozialraumteams,
            "konferenzen": value.konferenzen, "weitere": list(value.weitere)}


def place_coverage(value: Coverage) -> JsonObject:
    """A place of the gazetteer, or a Sozialraum (``pfad`` empty, with ``orte`` and
    ``quelle``), with its networks vor Ort and umfassend (``netz bezirke``)."""
    place, raum = value.place, value.sozialraum
    data: JsonObject = {"name": value.name, "ebene": value.level, "stadtbezirk": value.bezirk,
                        "pfad": [] if raum else list(place.path), "vor_ort": value.vor_ort,
                        "umfassend": value.wider}
    if raum is not None:
        data |= {"orte": [ort.name for ort in raum.orte], "quelle": raum.quelle,
                 "id": raum.id}
    return data


def thema_count(thema: str, count: int) -> JsonObject:
    """A topic and how many networks use it (``netz themen``)."""
    return {"thema": thema, "netzwerke": count}


def art_count(art_id: str, count: int) -> JsonObject:
    """A kind of network and how many there are (``netz arten``)."""
    label, aliases = ARTEN[art_id]
    return {"art": art_id, "name": label, "andere_namen": list(aliases), "netzwerke": count}


def info(location: Location, registry: Registry) -> JsonObject:
    """Which registry file is used, why, and what it holds (``netz info``)."""
    stand = registry.stand_values()
    return {
        "datei": str(location.path),
        "grund": location.reason,
        "titel": registry.titel,
        "netzwerke": len(registry.netzwerke),
        "kontakte": len(registry.kontakte),
        "angebote": len(registry.angebote),
        "mitgliedschaften": sum(map(len, registry.mitglieder.values())),
        "aeltester_stand": stand[0] if stand else "",
        "neuester_stand": stand[-1] if stand else "",
    }

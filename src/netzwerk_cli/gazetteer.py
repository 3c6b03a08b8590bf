"""Hagen's Stadtbezirke, Stadtteile and Wohnbezirke, its Sozialräume, and how names given by
people map to them.

The data lives in ``hagen.toml`` beside this module (with its sources). Every known place has a
path from its Stadtbezirk downwards, e.g. ``("Hagen-Mitte", "Hochschulviertel", "Eppenhausen")``.
Two places *overlap* when one path starts with the other: that single rule lets
``--bezirk Mitte``, ``--stadtteil Hochschulviertel`` and ``--stadtteil Eppenhausen`` all find the
Stadtteilforum Eppenhausen, and lets a network for all of Haspe show up under Westerbauer.

A Wohnbezirk whose statistical Stadtteil no source names lies directly under its Stadtbezirk
(Westerbauer: ``("Haspe", "Westerbauer")``); its level is stored, not read from the path length.

A *Sozialraum* is no administrative unit: a named set of places (``orte``) that may cross the
borders of Stadtteile and Stadtbezirke. It is not part of the tree; a network naming one covers
its places.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from netzwerk_cli.errors import InputError
from netzwerk_cli.text import did_you_mean, key

LEVELS = ("Stadtbezirk", "Stadtteil", "Wohnbezirk", "Viertel")
STADTBEZIRK, STADTTEIL, WOHNBEZIRK, VIERTEL = LEVELS
# The levels in two sentences, for `netz bezirke` and the help of the commands with places.
LEVELS_TEXT = (
    "Stadtbezirk und Stadtteil sind Verwaltungseinheiten mit klaren Grenzen, wie die Statistik "
    "der Stadt sie führt; Wohnbezirke und Viertel sind kleinere Orte darin. Ein Sozialraum ist "
    "sozial bestimmt (Zusammengehörigkeit, ähnliche Lebenslagen), nennt seine Orte und darf "
    "über Stadtteil- und Bezirksgrenzen hinausreichen."
)
# The word that stands for "the whole city" wherever a list of places is typed.
STADTWEIT = "stadtweit"


class Place(NamedTuple):
    """A place in Hagen: its canonical name and its path from the Stadtbezirk down."""

    name: str
    path: tuple[str, ...]
    hint: str = ""
    # The level when the path length does not tell it (a Wohnbezirk directly under its Bezirk).
    kind: str = ""

    @property
    def bezirk(self) -> str:
        """The Stadtbezirk this place lies in."""
        return self.path[0]

    @property
    def level(self) -> str:
        """Stadtbezirk, Stadtteil, Wohnbezirk or Viertel."""
        return self.kind or LEVELS[len(self.path) - 1]

    @property
    def stadtteil(self) -> str:
        """The statistical Stadtteil this place lies in, or "" (a Bezirk, or a Wohnbezirk no
        source places in a Stadtteil)."""
        if self.level == STADTBEZIRK or len(self.path) < 2:
            return ""
        return "" if self.kind == WOHNBEZIRK and len(self.path) == 2 else self.path[1]

    def overlaps(self, other: Place) -> bool:
        """True if one place contains the other (or they are the same)."""
        shorter = min(len(self.path), len(other.path))
        return self.path[:shorter] == other.path[:shorter]

    def lies_in(self, other: Place) -> bool:
        """True if this place is ``other`` or lies inside it."""
        return self.path[:len(other.path)] == other.path


class Sozialraum(NamedTuple):
    """A Sozialraum: a name, the places it consists of, where it is defined; ``id`` is the
    registry id of one a registry defines ("" for those shipped with netz)."""

    name: str
    orte: tuple[Place, ...]
    quelle: str = ""
    notiz: str = ""
    id: str = ""

    def contains(self, place: Place) -> bool:
        """True if the place is one of the Orte or lies inside one."""
        return any(place.lies_in(ort) for ort in self.orte)


class Gazetteer:
    """All places of a city, looked up by any of their names, aliases or adjectives."""

    def __init__(self, places: list[Place], aliases: dict[str, Place],
                 adjectives: dict[str, Place], ambiguous: dict[str, list[str]],
                 postcodes: tuple[str, ...] = (),
                 sozialraeume: tuple[Sozialraum, ...] = ()) -> None:
        self.places = places
        self.sozialraeume = sozialraeume
        self.postcodes = postcodes
        self.aliases = aliases
        self.adjectives = adjectives
        self.ambiguous = ambiguous
        self._by_key: dict[str, Place] = {}
        # Canonical names first, so that a Stadtteil named like its Bezirk (Hohenlimburg)
        # or an alias never shadows the Bezirk.
        for place in self.places:
            self._by_key.setdefault(key(place.name), place)
        for name, place in [*self.aliases.items(), *self.adjectives.items()]:
            self._by_key.setdefault(key(name), place)

    def stadtteile(self) -> list[Place]:
        """The statistical Stadtteile in the order of the data file."""
        return [place for place in self.places if place.level == STADTTEIL]

    def bezirke(self) -> list[Place]:
        """The Stadtbezirke in the order of the data file."""
        return [place for place in self.places if len(place.path) == 1]

    def names(self) -> list[str]:
        """Every name the gazetteer understands, canonical names and aliases (for completion)."""
        return sorted({place.name for place in self.places} | set(self.aliases), key=key)

    def adjectives_of(self, place: Place) -> list[str]:
        """The adjectives that stand for a place ("Hasper" for Haspe), for the search."""
        return [adjective for adjective, p in self.adjectives.items() if p == place]

    def find(self, name: str) -> Place | None:
        """The place a name, alias or adjective stands for, or None."""
        return self._by_key.get(key(name))

    def find_all(self, name: str) -> list[Place]:
        """The place a stored name stands for – or, for an ambiguous one ("Eckesey"), every
        place it may mean, so that an older registry still loads (`netz check` warns); empty
        for an unknown name."""
        place = self.find(name)
        if place is not None:
            return [place]
        return [p for p in map(self.find, self.ambiguous.get(key(name), ())) if p]

    def is_ambiguous(self, name: str) -> bool:
        """True for a name that is no place itself but may mean several ("Eckesey")."""
        return self.find(name) is None and key(name) in self.ambiguous

    def resolve(self, name: str, what: str = "Ort") -> Place:
        """Like ``find``, but an unknown or ambiguous name raises a usage error with a hint."""
        place = self.find(name)
        if place is not None:
            return place
        candidates = self.ambiguous.get(key(name))
        if candidates:
            raise InputError(
                f"„{name}“ ist mehrdeutig – gemeint sein kann: {', '.join(candidates)}. "
                "Bitte einen davon angeben."
            )
        bezirke = ", ".join(place.name for place in self.bezirke())
        raise InputError(
            f"Unbekannter {what} „{name}“.{did_you_mean(name, self.names())} Gültige "
            f"Stadtbezirke: {bezirke}; alle Stadtteile und Wohnbezirke zeigt `netz bezirke`."
        )


# Sozialräume by folded name (and, for a registry's own, by folded id).
SozialraumIndex = Mapping[str, Sozialraum]


def sozialraum_index(own: Iterable[Sozialraum] = ()) -> dict[str, Sozialraum]:
    """The shipped Sozialräume and a registry's ``own``, by folded name and id."""
    index = dict(_shipped_index())
    for raum in own:
        index.setdefault(key(raum.name), raum)
        if raum.id:
            index.setdefault(key(raum.id), raum)
    return index


@cache
def _shipped_index() -> dict[str, Sozialraum]:
    return {key(raum.name): raum for raum in hagen().sozialraeume}


def resolve_sozialraum(name: str, index: SozialraumIndex | None = None) -> Sozialraum:
    """The Sozialraum a name (or a registry id) stands for; unknown is a usage error."""
    index = _shipped_index() if index is None else index
    found = index.get(key(name))
    if found is not None:
        return found
    names = sorted({raum.name for raum in index.values()}, key=key)
    raise InputError(f"Unbekannter Sozialraum „{name}“.{did_you_mean(name, names)} Bekannt: "
                     f"{', '.join(names)}; alle mit ihren Orten zeigt `netz bezirke`.")


def sozialraum_places(names: Iterable[str], index: SozialraumIndex | None = None
                      ) -> list[Place]:
    """The places of the named Sozialräume (unknown names are skipped: validation reports
    them)."""
    index = _shipped_index() if index is None else index
    places: list[Place] = []
    for name in names:
        raum = index.get(key(name))
        if raum is not None:
            places += [ort for ort in raum.orte if ort not in places]
    return places


_SOZIALRAUM_PREFIX = "sozialraum "


class Area(NamedTuple):
    """An area typed by a user, sorted into canonical Stadtbezirke, Stadtteile and
    Sozialräume."""

    bezirke: list[str]
    stadtteile: list[str]
    stadtweit: bool
    hints: list[str]
    sozialraeume: tuple[str, ...] = ()


def parse_area(names: Iterable[str], stadtweit: bool = False,
               sozialraeume: Iterable[str] = (), index: SozialraumIndex | None = None) -> Area:
    """Sort place names – or the single word "stadtweit" – into an area, with hints.

    People type "Mitte" or "eppenhausen"; the registry stores "Hagen-Mitte" and "Eppenhausen".
    ``sozialraeume`` are names of Sozialräume (the shipped ones and ``index``); a name among
    ``names`` that is no place but a Sozialraum ("Zentrum/Remberg") counts as one too. A
    registry's own Sozialraum is stored by its id, a shipped one by its name. Unknown or
    ambiguous names raise a usage error with a suggestion.
    """
    names = [name.strip() for name in names if name.strip()]
    raeume = [name.strip() for name in sozialraeume if name.strip()]
    if [key(name) for name in names] == [STADTWEIT] and not raeume:
        return Area([], [], True, [])
    if stadtweit and (names or raeume):
        raise InputError("„stadtweit“ schließt Stadtbezirke, Stadtteile und Sozialräume aus; "
                         "bitte eins davon.")
    index = _shipped_index() if index is None else index
    bezirke: list[str] = []
    stadtteile: list[str] = []
    hints: list[str] = []
    for name in names:
        if key(name) == STADTWEIT:
            raise InputError("„stadtweit“ steht allein, nicht neben Orten.")
        if name.casefold().startswith(_SOZIALRAUM_PREFIX):  # "Sozialraum Vorhalle", as shown
            raeume.append(name[len(_SOZIALRAUM_PREFIX):].strip())
            continue
        if hagen().find(name) is None and key(name) in index and key(name) not in hagen().ambiguous:
            raeume.append(name)
            continue
        place = hagen().resolve(name)
        target = bezirke if place.level == STADTBEZIRK else stadtteile
        if place.name not in target:
            target.append(place.name)
        if place.hint:
            hints.append(place.hint)
    stored: list[str] = []
    for name in raeume:
        raum = resolve_sozialraum(name, index)
        value = raum.id or raum.name
        if value not in stored:
            stored.append(value)
    return Area(bezirke, stadtteile, stadtweit, hints, tuple(stored))


def _gazetteer_from_data(data: dict[str, Any]) -> Gazetteer:
    """Build the gazetteer from the parsed ``hagen.toml``."""
    places: list[Place] = []
    aliases: dict[str, Place] = {}
    adjectives: dict[str, Place] = {}

    def add(place: Place, entry: dict[str, Any]) -> None:
        places.append(place)
        aliases.update(dict.fromkeys(entry.get("aliase", []), place))
        adjectives.update(dict.fromkeys(entry.get("adjektive", []), place))

    def add_wohnbezirke(parent: Place, entries: list[str | dict[str, Any]]) -> None:
        """Wohnbezirke under a Stadtteil or directly under a Bezirk, each with its Viertel."""
        for item in entries:
            entry = {"name": item} if isinstance(item, str) else item
            w = Place(entry["name"], (*parent.path, entry["name"]), entry.get("hinweis", ""),
                      WOHNBEZIRK)
            add(w, entry)
            for viertel in entry.get("viertel", []):
                add(Place(viertel, (*w.path, viertel), "", VIERTEL), {})

    for bezirk in data["bezirk"]:
        b = Place(bezirk["name"], (bezirk["name"],), "", STADTBEZIRK)
        add(b, bezirk)
        for teil in bezirk.get("stadtteil", []):
            t = Place(teil["name"], (b.name, teil["name"]), teil.get("hinweis", ""), STADTTEIL)
            add(t, teil)
            add_wohnbezirke(t, teil.get("wohnbezirke", []))
        add_wohnbezirke(b, bezirk.get("wohnbezirke", []))
    ambiguous = {key(name): parts for name, parts in data.get("mehrdeutig", {}).items()}
    by_name = {place.name: place for place in places}
    sozialraeume = tuple(
        Sozialraum(raum["name"], tuple(by_name[ort] for ort in raum["orte"]),
                   raum.get("quelle", ""), raum.get("notiz", ""))
        for raum in data.get("sozialraum", []))
    return Gazetteer(places, aliases, adjectives, ambiguous,
                     tuple(data.get("postleitzahlen", ())), sozialraeume)


GAZETTEER_FILE = Path(__file__).parent / "hagen.toml"


@cache
def hagen() -> Gazetteer:
    """Hagen's gazetteer, read once per process from the packaged data file."""
    from netzwerk_cli.toml_read import fast_loads

    return _gazetteer_from_data(fast_loads()(GAZETTEER_FILE.read_text(encoding="utf-8")))

"""Hagen's Stadtbezirke, Stadtteile and Wohnbezirke, and how names given by people map to them.

The data lives in ``hagen.toml`` beside this module (with its sources). Every known place has a
path from its Stadtbezirk downwards, e.g. ``("Hagen-Mitte", "Hochschulviertel", "Eppenhausen")``.
Two places *overlap* when one path starts with the other: that single rule lets
``--bezirk Mitte``, ``--stadtteil Hochschulviertel`` and ``--stadtteil Eppenhausen`` all find the
Stadtteilforum Eppenhausen, and lets a network for all of Haspe show up under Westerbauer.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from netzwerk_cli.errors import InputError
from netzwerk_cli.text import did_you_mean, key

LEVELS = ("Stadtbezirk", "Stadtteil", "Wohnbezirk")
# The word that stands for "the whole city" wherever a list of places is typed.
STADTWEIT = "stadtweit"


class Place(NamedTuple):
    """A place in Hagen: its canonical name and its path from the Stadtbezirk down."""

    name: str
    path: tuple[str, ...]
    hint: str = ""

    @property
    def bezirk(self) -> str:
        """The Stadtbezirk this place lies in."""
        return self.path[0]

    @property
    def level(self) -> str:
        """Stadtbezirk, Stadtteil or Wohnbezirk."""
        return LEVELS[len(self.path) - 1]

    def overlaps(self, other: Place) -> bool:
        """True if one place contains the other (or they are the same)."""
        shorter = min(len(self.path), len(other.path))
        return self.path[:shorter] == other.path[:shorter]

    def lies_in(self, other: Place) -> bool:
        """True if this place is ``other`` or lies inside it."""
        return self.path[:len(other.path)] == other.path


class Gazetteer:
    """All places of a city, looked up by any of their names, aliases or adjectives."""

    def __init__(self, places: list[Place], aliases: dict[str, Place],
                 adjectives: dict[str, Place], ambiguous: dict[str, list[str]],
                 postcodes: tuple[str, ...] = ()) -> None:
        self.places = places
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


class Area(NamedTuple):
    """An area typed by a user, sorted into canonical Stadtbezirke and Stadtteile."""

    bezirke: list[str]
    stadtteile: list[str]
    stadtweit: bool
    hints: list[str]


def parse_area(names: Iterable[str], stadtweit: bool = False) -> Area:
    """Sort place names – or the single word "stadtweit" – into an area, with hints.

    People type "Mitte" or "eppenhausen"; the registry stores "Hagen-Mitte" and "Eppenhausen".
    Unknown or ambiguous names raise a usage error with a suggestion.
    """
    names = [name.strip() for name in names if name.strip()]
    if [key(name) for name in names] == [STADTWEIT]:
        return Area([], [], True, [])
    if stadtweit and names:
        raise InputError("„stadtweit“ schließt Stadtbezirke und Stadtteile aus; bitte eins davon.")
    bezirke: list[str] = []
    stadtteile: list[str] = []
    hints: list[str] = []
    for name in names:
        if key(name) == STADTWEIT:
            raise InputError("„stadtweit“ steht allein, nicht neben Orten.")
        place = hagen().resolve(name)
        target = bezirke if len(place.path) == 1 else stadtteile
        if place.name not in target:
            target.append(place.name)
        if place.hint:
            hints.append(place.hint)
    return Area(bezirke, stadtteile, stadtweit, hints)


def _gazetteer_from_data(data: dict[str, Any]) -> Gazetteer:
    """Build the gazetteer from the parsed ``hagen.toml``."""
    places: list[Place] = []
    aliases: dict[str, Place] = {}
    adjectives: dict[str, Place] = {}

    def add(place: Place, entry: dict[str, Any]) -> None:
        places.append(place)
        aliases.update(dict.fromkeys(entry.get("aliase", []), place))
        adjectives.update(dict.fromkeys(entry.get("adjektive", []), place))

    for bezirk in data["bezirk"]:
        b = Place(bezirk["name"], (bezirk["name"],))
        add(b, bezirk)
        for teil in bezirk.get("stadtteil", []):
            t = Place(teil["name"], (b.name, teil["name"]), teil.get("hinweis", ""))
            add(t, teil)
            for wohnbezirk in teil.get("wohnbezirke", []):
                add(Place(wohnbezirk, (*t.path, wohnbezirk)), {})
    ambiguous = {key(name): parts for name, parts in data.get("mehrdeutig", {}).items()}
    return Gazetteer(places, aliases, adjectives, ambiguous,
                     tuple(data.get("postleitzahlen", ())))


GAZETTEER_FILE = Path(__file__).parent / "hagen.toml"


@cache
def hagen() -> Gazetteer:
    """Hagen's gazetteer, read once per process from the packaged data file."""
    return _gazetteer_from_data(tomllib.loads(GAZETTEER_FILE.read_text(encoding="utf-8")))

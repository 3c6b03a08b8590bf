"""Hagen's Stadtbezirke, Stadtteile and Wohnbezirke, and how names given by people map to them.

The data lives in ``hagen.toml`` beside this module (with its sources). Every known place has a
path from its Stadtbezirk downwards, e.g. ``("Hagen-Mitte", "Hochschulviertel", "Eppenhausen")``.
Two places *overlap* when one path starts with the other: that single rule lets
``--bezirk Mitte``, ``--stadtteil Hochschulviertel`` and ``--stadtteil Eppenhausen`` all find the
Stadtteilforum Eppenhausen, and lets a network for all of Haspe show up under Westerbauer.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import NamedTuple

from netzwerk_cli.errors import EingabeFehler
from netzwerk_cli.text import closest, key

EBENEN = ("Stadtbezirk", "Stadtteil", "Wohnbezirk")


class Ort(NamedTuple):
    """A place in Hagen: its canonical name and its path from the Stadtbezirk down."""

    name: str
    pfad: tuple[str, ...]
    hinweis: str = ""

    @property
    def bezirk(self) -> str:
        """The Stadtbezirk this place lies in."""
        return self.pfad[0]

    @property
    def ebene(self) -> str:
        """Stadtbezirk, Stadtteil or Wohnbezirk."""
        return EBENEN[len(self.pfad) - 1]

    def ueberschneidet(self, other: Ort) -> bool:
        """True if one place contains the other (or they are the same)."""
        shorter = min(len(self.pfad), len(other.pfad))
        return self.pfad[:shorter] == other.pfad[:shorter]


class Gazetteer:
    """All places of a city, looked up by any of their names, aliases or adjectives."""

    def __init__(self, orte: list[Ort], aliase: dict[str, Ort], adjektive: dict[str, Ort],
                 mehrdeutig: dict[str, list[str]], postleitzahlen: tuple[str, ...] = ()) -> None:
        self.orte = orte
        self.postleitzahlen = postleitzahlen
        self.aliase = aliase
        self.adjektive = adjektive
        self.mehrdeutig = mehrdeutig
        self._by_key: dict[str, Ort] = {}
        # Canonical names first, so that a Stadtteil named like its Bezirk (Hohenlimburg)
        # or an alias never shadows the Bezirk.
        for ort in self.orte:
            self._by_key.setdefault(key(ort.name), ort)
        for name, ort in [*self.aliase.items(), *self.adjektive.items()]:
            self._by_key.setdefault(key(name), ort)

    def bezirke(self) -> list[Ort]:
        """The Stadtbezirke in the order of the data file."""
        return [ort for ort in self.orte if len(ort.pfad) == 1]

    def teile_von(self, bezirk: Ort) -> list[Ort]:
        """Every Stadtteil and Wohnbezirk inside a Stadtbezirk."""
        return [o for o in self.orte if len(o.pfad) > 1 and o.pfad[0] == bezirk.name]

    def namen(self) -> list[str]:
        """Every name the gazetteer understands, canonical names and aliases (for completion)."""
        return sorted({ort.name for ort in self.orte} | set(self.aliase), key=key)

    def adjektive_von(self, ort: Ort) -> list[str]:
        """The adjectives that stand for a place ("Hasper" for Haspe), for the search."""
        return [adjektiv for adjektiv, o in self.adjektive.items() if o == ort]

    def finde(self, name: str) -> Ort | None:
        """The place a name, alias or adjective stands for, or None."""
        return self._by_key.get(key(name))

    def aufloesen(self, name: str, was: str = "Ort") -> Ort:
        """Like ``finde``, but an unknown or ambiguous name raises a usage error with a hint."""
        ort = self.finde(name)
        if ort is not None:
            return ort
        moeglich = self.mehrdeutig.get(key(name))
        if moeglich:
            raise EingabeFehler(
                f"„{name}“ ist mehrdeutig – gemeint sein kann: {', '.join(moeglich)}. "
                "Bitte einen davon angeben."
            )
        vorschlag = closest(name, self.namen())
        hint = f" Meinten Sie „{vorschlag}“?" if vorschlag else ""
        bezirke = ", ".join(ort.name for ort in self.bezirke())
        raise EingabeFehler(
            f"Unbekannter {was} „{name}“.{hint} Gültige Stadtbezirke: {bezirke}; "
            "alle Stadtteile und Wohnbezirke zeigt `netz bezirke`."
        )


def _gazetteer_aus_daten(daten: dict) -> Gazetteer:
    """Build the gazetteer from the parsed ``hagen.toml``."""
    orte: list[Ort] = []
    aliase: dict[str, Ort] = {}
    adjektive: dict[str, Ort] = {}

    def add(ort: Ort, eintrag: dict) -> None:
        orte.append(ort)
        aliase.update(dict.fromkeys(eintrag.get("aliase", []), ort))
        adjektive.update(dict.fromkeys(eintrag.get("adjektive", []), ort))

    for bezirk in daten["bezirk"]:
        b = Ort(bezirk["name"], (bezirk["name"],))
        add(b, bezirk)
        for teil in bezirk.get("stadtteil", []):
            t = Ort(teil["name"], (b.name, teil["name"]), teil.get("hinweis", ""))
            add(t, teil)
            for wohnbezirk in teil.get("wohnbezirke", []):
                add(Ort(wohnbezirk, (*t.pfad, wohnbezirk)), {})
    mehrdeutig = {key(name): teile for name, teile in daten.get("mehrdeutig", {}).items()}
    return Gazetteer(orte, aliase, adjektive, mehrdeutig, tuple(daten.get("postleitzahlen", ())))


@cache
def hagen() -> Gazetteer:
    """Hagen's gazetteer, read once per process from the packaged data file."""
    text = (Path(__file__).parent / "hagen.toml").read_text(encoding="utf-8")
    return _gazetteer_aus_daten(tomllib.loads(text))

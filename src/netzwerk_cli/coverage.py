"""``netz luecken`` and ``netz bezirke``: which places have a local network, and which don't.

The source document observes that some Sozialräume – often where several Stadtteile meet – have
no organised network. The one definition both commands use: a network counts *vor Ort* in a
place when its area is the place or lies inside it (one in Eppenhausen counts for the
Hochschulviertel); a network for a larger area that includes the place counts as *umfassend*
(the Stadtbezirkskonferenz, a network for all of Haspe); city-wide networks count in neither. A
place with only umfassende or city-wide networks has no network of its own – a gap.
"""

from __future__ import annotations

from typing import NamedTuple

from netzwerk_cli.gazetteer import Place, hagen
from netzwerk_cli.model import Registry
from netzwerk_cli.query import ThemaQuery


class Coverage(NamedTuple):
    """How one place is covered."""

    place: Place
    vor_ort: list[str]
    wider: list[str]
    arten: list[str]
    sozialraumteam: bool
    stadtweit: int

    @property
    def gap(self) -> bool:
        """True when no network works in this place itself (larger areas don't count)."""
        return not self.vor_ort


def coverage(registry: Registry, thema: str = "", stadtteile: bool = False) -> list[Coverage]:
    """Coverage of every Stadtbezirk (or, with ``stadtteile``, every Stadtteil)."""
    level = 2 if stadtteile else 1
    return [c for c in coverage_of_places(registry, thema) if len(c.place.path) == level]


def coverage_of_places(registry: Registry, thema: str = "") -> list[Coverage]:
    """Coverage of every place of the gazetteer, each Bezirk before its parts.

    ``vor_ort`` are the networks whose area is the place or lies inside it; ``wider`` those
    for a larger area around it (a Stadtbezirkskonferenz for each of its Stadtteile). A topic
    no network has leaves every place a gap – which is the answer to "where is nothing on it?".
    """
    netzwerke = list(registry.netzwerke.items())
    if thema:
        query = ThemaQuery(thema)
        netzwerke = [(i, n) for i, n in netzwerke if query.matches(n)]
    local = [(i, n, n.places()) for i, n in netzwerke if not n.stadtweit]
    stadtweit = sum(1 for _, n in netzwerke if n.stadtweit)
    result = []
    for place in hagen().places:
        vor_ort = [(i, n) for i, n, places in local if any(p.lies_in(place) for p in places)]
        wider = [(i, n) for i, n, places in local if (i, n) not in vor_ort
                 and any(place.lies_in(p) for p in places)]
        result.append(Coverage(
            place=place,
            vor_ort=[i for i, _ in vor_ort],
            wider=[i for i, _ in wider],
            arten=sorted({n.art for _, n in vor_ort}),
            sozialraumteam=any(n.art == "sozialraumteam" for _, n in [*vor_ort, *wider]),
            stadtweit=stadtweit,
        ))
    return result

"""``netz luecken`` and ``netz bezirke``: which places have a local network, and which don't.

The source document observes that some Sozialräume – often where several Stadtteile meet – have
no organised network. It also tells networks apart from Arbeitsgemeinschaften and Gremien; the
kinds it calls networks (Stadtteilforen, Runde Tische, Netzwerke, Arbeitskreise: ``ORTSNETZ_ARTEN``)
are what counts *vor Ort* by default, and the caller may choose others (``arten``).

The one definition both commands use: a network of a counted kind counts *vor Ort* in a place
when its area is the place or lies inside it (one in Eppenhausen counts for the
Hochschulviertel); one for a larger area that includes the place counts as *umfassend* (a
network for all of Haspe); city-wide networks count in neither. Sozialraumteams and Konferenzen
(the Stadtbezirkskonferenz) are shown in columns of their own wherever their area overlaps the
place, and count as vor Ort only when chosen. A place with no network of its own is a gap.

A Sozialraum as a row covers its Orte: a network in one of them is vor Ort; so is one for a
Stadtteil (or a smaller place) around the Orte when its area contains *every* Ort – the Runder
Tisch Wehringhausen works in the Sozialraum Wehringhausen-Ost/West/Villa Post, whose Orte all lie
in that Stadtteil. One that contains only some of the Orte (the Runder Tisch in a Sozialraum of
Westerbauer and Wehringhausen-West) is umfassend, so a Sozialraum across a border shows as a gap
until a network works on both sides; one for a whole Stadtbezirk is umfassend, as for places.

The work is linear in the number of networks: each network's places are looked up once and
entered, by path, into an index of the gazetteer's tree; every row then reads the index.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from netzwerk_cli.gazetteer import Place, Sozialraum, hagen
from netzwerk_cli.model import Registry
from netzwerk_cli.query import ThemaQuery

# The kinds the source calls networks: Stadtteilforen, Runde Tische and Netzwerke ("netzwerk")
# and Arbeitskreise (AK 90). Arbeitsgemeinschaften and Gremien it sets apart from networks;
# Sozialraumteams and Konferenzen are teams and meetings of the city's staff.
ORTSNETZ_ARTEN = ("netzwerk", "arbeitskreis")
SOZIALRAUMTEAM, KONFERENZ = "sozialraumteam", "konferenz"


class Coverage(NamedTuple):
    """How one place (or one Sozialraum) is covered; the lists hold network ids in the
    registry's order."""

    place: Place
    vor_ort: list[str]
    wider: list[str]
    arten: list[str]
    sozialraumteams: list[str]
    konferenzen: list[str]
    stadtweit: int
    # Local networks of kinds not counted (an Arbeitsgemeinschaft for one Bezirk, a Gremium).
    weitere: tuple[str, ...] = ()
    # Set when the row is a Sozialraum rather than a place of the gazetteer.
    sozialraum: Sozialraum | None = None

    @property
    def gap(self) -> bool:
        """True when no network works in this place itself (larger areas don't count)."""
        return not self.vor_ort

    @property
    def sozialraumteam(self) -> bool:
        """Whether a Sozialraumteam works in or around this place."""
        return bool(self.sozialraumteams)

    @property
    def name(self) -> str:
        return self.sozialraum.name if self.sozialraum else self.place.name

    @property
    def level(self) -> str:
        return "Sozialraum" if self.sozialraum else self.place.level

    @property
    def bezirk(self) -> str:
        """The Stadtbezirk, or for a Sozialraum the Stadtbezirke of its Orte."""
        if self.sozialraum is None:
            return self.place.bezirk
        return ", ".join(dict.fromkeys(ort.bezirk for ort in self.sozialraum.orte))


def coverage(registry: Registry, thema: str = "", stadtteile: bool = False,
             arten: Sequence[str] = ORTSNETZ_ARTEN,
             sozialraum: Sozialraum | None = None) -> list[Coverage]:
    """Coverage of every Stadtbezirk (or, with ``stadtteile``, every statistical Stadtteil).

    With ``sozialraum`` the rows that matter for it: the Sozialraum itself and each of its Orte
    at its own level; with ``stadtteile`` the Stadtteile its Orte lie in, and an Ort that lies
    in none (Westerbauer, a Wohnbezirk directly under its Bezirk) as itself.
    """
    if sozialraum is None:
        level = "Stadtteil" if stadtteile else "Stadtbezirk"
        return [c for c in coverage_of_places(registry, thema, arten) if c.place.level == level]
    if not sozialraum.orte:
        return []
    index = _Index(registry, thema, arten)
    if not stadtteile:
        return [index.row(sozialraum.orte, sozialraum.orte[0], sozialraum),
                *(index.row((ort,), ort) for ort in sozialraum.orte)]
    teile = [p for p in hagen().stadtteile() if any(p.overlaps(o) for o in sozialraum.orte)]
    alone = {o for o in sozialraum.orte if not any(o.overlaps(t) for t in teile)}
    return [index.row((place,), place) for place in hagen().places
            if place in alone or place in teile]


def coverage_of_places(registry: Registry, thema: str = "",
                       arten: Sequence[str] = ORTSNETZ_ARTEN) -> list[Coverage]:
    """Coverage of every place of the gazetteer, each Bezirk before its parts.

    ``vor_ort`` are the networks of the counted ``arten`` whose area is the place or lies inside
    it; ``wider`` those for a larger area around it. A topic no network has leaves every place a
    gap – which is the answer to "where is nothing on it?".
    """
    index = _Index(registry, thema, arten)
    return [index.row((place,), place) for place in hagen().places]


def coverage_of_sozialraeume(registry: Registry, thema: str = "",
                             arten: Sequence[str] = ORTSNETZ_ARTEN,
                             only: Sozialraum | None = None) -> list[Coverage]:
    """Coverage of every Sozialraum known to the registry (netz's own first), or of ``only``."""
    index = _Index(registry, thema, arten)
    raeume = [only] if only is not None else sozialraeume_of(registry)
    return [index.row(raum.orte, raum.orte[0], raum) for raum in raeume if raum.orte]


def sozialraeume_of(registry: Registry) -> list[Sozialraum]:
    """netz's own Sozialräume, then the registry's, each once."""
    return list(dict.fromkeys(registry.sozialraum_index().values()))


class _Index:
    """Every local network entered once under the paths of its places and their ancestors.

    ``inside[path]``: networks with a place at or below ``path``; ``at[path]``: networks with a
    place exactly at ``path``. A row's vor Ort is the union of ``inside`` of its Orte; its
    umfassend the union of ``at`` of their proper ancestors.
    """

    def __init__(self, registry: Registry, thema: str, arten: Sequence[str]) -> None:
        netzwerke = list(registry.netzwerke.items())
        if thema:
            query = ThemaQuery(thema)
            netzwerke = [(i, n) for i, n in netzwerke if query.matches(n)]
        self.ids = [i for i, _ in netzwerke]
        self.kinds = [n.art for _, n in netzwerke]
        self.counted = frozenset(arten)
        self.stadtweit = sum(1 for _, n in netzwerke if n.stadtweit)
        self.inside: dict[tuple[str, ...], set[int]] = {}
        self.at: dict[tuple[str, ...], set[int]] = {}
        own = registry.sozialraum_index() if registry.sozialraeume else None
        for position, (_, netzwerk) in enumerate(netzwerke):
            if not netzwerk.stadtweit:
                self._enter(position, netzwerk.places(own))

    def _enter(self, position: int, places: Iterable[Place]) -> None:
        for place in places:
            self.at.setdefault(place.path, set()).add(position)
            for end in range(1, len(place.path) + 1):
                self.inside.setdefault(place.path[:end], set()).add(position)

    def row(self, orte: Sequence[Place], place: Place,
            sozialraum: Sozialraum | None = None) -> Coverage:
        inside: set[int] = set()
        around: set[int] = set()
        # A Sozialraum's row: how many of its Orte each network's Stadtteile (or smaller
        # places) around them contain; one that contains them all works in it (see above).
        containing: dict[int, int] = {}
        for ort in orte:
            inside |= self.inside.get(ort.path, set())
            enclosing: set[int] = set()
            for end in range(1, len(ort.path)):
                found = self.at.get(ort.path[:end], ())
                around.update(found)
                if sozialraum is not None and end >= 2:
                    enclosing.update(found)
            for position in enclosing:
                containing[position] = containing.get(position, 0) + 1
        inside |= {i for i, n in containing.items() if n == len(orte)}
        around -= inside
        touching = inside | around
        vor_ort = self._ids(i for i in inside if self.kinds[i] in self.counted)
        return Coverage(
            place=place,
            vor_ort=vor_ort,
            wider=self._ids(i for i in around if self.kinds[i] in self.counted),
            arten=sorted({self.kinds[i] for i in inside if self.kinds[i] in self.counted}),
            sozialraumteams=self._ids(i for i in touching if self.kinds[i] == SOZIALRAUMTEAM),
            konferenzen=self._ids(i for i in touching if self.kinds[i] == KONFERENZ),
            stadtweit=self.stadtweit,
            weitere=tuple(self._ids(i for i in touching if self.kinds[i] not in self.counted
                                    and self.kinds[i] not in (SOZIALRAUMTEAM, KONFERENZ))),
            sozialraum=sozialraum,
        )

    def _ids(self, positions: Iterable[int]) -> list[str]:
        return [self.ids[i] for i in sorted(positions)]


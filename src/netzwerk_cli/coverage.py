"""``netz luecken``: which Stadtbezirke and Stadtteile have a local network, and which don't.

The source document observes that some Sozialräume – often where several Stadtteile meet – have
no organised network. A place has a network of its own when a network's area is the place or
lies inside it (one in Eppenhausen counts for the Hochschulviertel). Networks for a larger area
(the Stadtbezirkskonferenz, a network for all of Haspe) are counted apart, and so are city-wide
ones: a Stadtteil that has only those still has no network of its own – a gap.
"""

from __future__ import annotations

from typing import NamedTuple

from netzwerk_cli.gazetteer import Ort, hagen
from netzwerk_cli.model import Register
from netzwerk_cli.query import themenfilter


class Abdeckung(NamedTuple):
    """How one place is covered."""

    ort: Ort
    vor_ort: list[str]
    umfassend: list[str]
    arten: list[str]
    sozialraumteam: bool
    stadtweit: int

    @property
    def luecke(self) -> bool:
        """True when no network works in this place itself (larger areas don't count)."""
        return not self.vor_ort


def abdeckung(register: Register, thema: str = "", stadtteile: bool = False
              ) -> list[Abdeckung]:
    """Coverage of every Stadtbezirk (or, with ``stadtteile``, every Stadtteil).

    ``vor_ort`` are the networks whose area is the place or lies inside it; ``umfassend`` those
    for a larger area around it (a Stadtbezirkskonferenz for each of its Stadtteile).
    """
    netzwerke = list(register.netzwerke.items())
    if thema:
        filter_ = themenfilter(register, [thema])
        netzwerke = [(i, n) for i, n in netzwerke if filter_.passt(n)]
    lokal = [(i, n, n.orte()) for i, n in netzwerke if not n.stadtweit]
    stadtweit = sum(1 for _, n in netzwerke if n.stadtweit)
    ebene = 2 if stadtteile else 1
    ergebnis = []
    for ort in hagen().orte:
        if len(ort.pfad) != ebene:
            continue
        vor_ort = [(i, n) for i, n, orte in lokal if any(_liegt_in(o, ort) for o in orte)]
        umfassend = [(i, n) for i, n, orte in lokal if (i, n) not in vor_ort
                     and any(o.ueberschneidet(ort) for o in orte)]
        ergebnis.append(Abdeckung(
            ort=ort,
            vor_ort=[i for i, _ in vor_ort],
            umfassend=[i for i, _ in umfassend],
            arten=sorted({n.art for _, n in vor_ort}),
            sozialraumteam=any(n.art == "sozialraumteam" for _, n in [*vor_ort, *umfassend]),
            stadtweit=stadtweit,
        ))
    return ergebnis


def _liegt_in(teil: Ort, ort: Ort) -> bool:
    """True if ``teil`` is ``ort`` or lies inside it."""
    return teil.pfad[:len(ort.pfad)] == ort.pfad


def als_dict(eintrag: Abdeckung, register: Register) -> dict:
    """One place's coverage for ``--json``."""
    return {"ort": eintrag.ort.name, "ebene": eintrag.ort.ebene, "stadtbezirk": eintrag.ort.bezirk,
            "vor_ort": eintrag.vor_ort,
            "namen_vor_ort": [register.netzwerke[i].name for i in eintrag.vor_ort],
            "umfassend": eintrag.umfassend, "arten_vor_ort": eintrag.arten,
            "sozialraumteam": eintrag.sozialraumteam, "stadtweite_netzwerke": eintrag.stadtweit,
            "luecke": eintrag.luecke}

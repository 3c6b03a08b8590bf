"""Choosing networks: filters by area, topic and kind, and the free-text search.

Filters are tiny objects with one ``passt`` method (after khard's query objects), so the CLI
composes them instead of growing if-chains. City-wide networks are relevant in every area; an
area filter therefore returns them apart from the local networks, and the caller decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import NamedTuple, Protocol

from netzwerk_cli.errors import EingabeFehler
from netzwerk_cli.gazetteer import Ort, hagen
from netzwerk_cli.model import Angebot, Netzwerk, Register, art_aufloesen, art_label
from netzwerk_cli.text import closest, key, words, wortkette


class Filter(Protocol):
    """Anything that can say whether a network is wanted."""

    def passt(self, netzwerk: Netzwerk) -> bool: ...


class GebietFilter(NamedTuple):
    """Networks covering any of the places (a Bezirk includes its Stadtteile and vice versa)."""

    orte: tuple[Ort, ...]

    def passt(self, netzwerk: Netzwerk) -> bool:
        return any(o.ueberschneidet(q) for o in netzwerk.orte() for q in self.orte)


class ThemaFilter(NamedTuple):
    """Networks with a topic containing any of the given terms ("Schule" finds "OGS und Schule")."""

    begriffe: tuple[str, ...]

    def passt(self, netzwerk: Netzwerk) -> bool:
        return any(_thema_passt(b, thema) for thema in netzwerk.themen for b in self.begriffe)


class ArtFilter(NamedTuple):
    """Networks of any of the given kinds."""

    arten: frozenset[str]

    def passt(self, netzwerk: Netzwerk) -> bool:
        return netzwerk.art in self.arten


def _thema_passt(begriff: str, thema: str) -> bool:
    """Part of a topic, ignoring case, umlauts and punctuation ("schule-beruf" finds
    "Übergang Schule–Beruf")."""
    return wortkette(begriff).strip() in wortkette(thema)


class Kriterien(NamedTuple):
    """What a user asked for on the command line, as given (names not yet resolved)."""

    bezirke: Sequence[str] = ()
    stadtteile: Sequence[str] = ()
    themen: Sequence[str] = ()
    arten: Sequence[str] = ()
    ids: Sequence[str] = ()
    mit_stadtweit: bool = True


class Auswahl(NamedTuple):
    """The chosen networks; with an area filter, city-wide networks are kept apart."""

    netzwerke: list[tuple[str, Netzwerk]]
    stadtweit: list[tuple[str, Netzwerk]]
    nach_gebiet: bool
    hinweise: list[str]

    def alle(self) -> list[tuple[str, Netzwerk]]:
        """Local and city-wide networks together."""
        return self.netzwerke + self.stadtweit


def auswaehlen(register: Register, kriterien: Kriterien) -> Auswahl:
    """Apply the criteria; unknown places, topics, kinds or ids raise a usage error."""
    hinweise: list[str] = []
    orte = _orte_aufloesen(kriterien, hinweise)
    sachfilter = _sachfilter(register, kriterien)
    gebiet = GebietFilter(tuple(orte)) if orte else None
    kandidaten = _pruefe_ids(register, kriterien.ids) if kriterien.ids else register.netzwerke
    lokal, stadtweit = [], []
    for netzwerk_id in sorted(kandidaten, key=lambda i: key(register.netzwerke[i].name)):
        netzwerk = register.netzwerke[netzwerk_id]
        if not all(f.passt(netzwerk) for f in sachfilter):
            continue
        if gebiet is None:
            lokal.append((netzwerk_id, netzwerk))
        elif netzwerk.stadtweit:
            if kriterien.mit_stadtweit:
                stadtweit.append((netzwerk_id, netzwerk))
        elif gebiet.passt(netzwerk):
            lokal.append((netzwerk_id, netzwerk))
    return Auswahl(lokal, stadtweit, nach_gebiet=gebiet is not None, hinweise=hinweise)


def _orte_aufloesen(kriterien: Kriterien, hinweise: list[str]) -> list[Ort]:
    """Resolve --bezirk and --stadtteil values; a Stadtteil given as Bezirk is understood."""
    gazetteer = hagen()
    orte = []
    for name in kriterien.bezirke:
        ort = gazetteer.aufloesen(name, "Stadtbezirk")
        if len(ort.pfad) > 1:
            hinweise.append(
                f"„{name}“ ist kein Stadtbezirk, sondern ein {ort.ebene} im Stadtbezirk "
                f"{ort.bezirk}; gezeigt werden die Netzwerke für {ort.name}. "
                f"Für den ganzen Bezirk: --bezirk \"{ort.bezirk}\"."
            )
        orte.append(ort)
    for name in kriterien.stadtteile:
        ort = gazetteer.aufloesen(name, "Stadtteil")
        if ort.hinweis:
            hinweise.append(ort.hinweis)
        orte.append(ort)
    return orte


def _sachfilter(register: Register, kriterien: Kriterien) -> list[Filter]:
    filter_: list[Filter] = []
    if kriterien.themen:
        filter_.append(themenfilter(register, kriterien.themen))
    if kriterien.arten:
        filter_.append(ArtFilter(frozenset(map(art_aufloesen, kriterien.arten))))
    return filter_


def themenfilter(register: Register, begriffe: Sequence[str]) -> ThemaFilter:
    """A topic filter; a term that matches no topic at all is a usage error with a hint."""
    bekannt = list(register.themen())
    for begriff in begriffe:
        if not any(_thema_passt(begriff, thema) for thema in bekannt):
            vorschlag = closest(begriff, bekannt)
            hint = f" Meinten Sie „{vorschlag}“?" if vorschlag else ""
            raise EingabeFehler(
                f"Kein Netzwerk hat ein Thema „{begriff}“.{hint} Alle Themen zeigt `netz themen`."
            )
    return ThemaFilter(tuple(begriffe))


def _pruefe_ids(register: Register, ids: Sequence[str]) -> set[str]:
    """The given network ids; an unknown one is a usage error with a suggestion."""
    for netzwerk_id in ids:
        if netzwerk_id not in register.netzwerke:
            register.eintrag(netzwerk_id)  # raises the "did you mean" error
            raise EingabeFehler(f"„{netzwerk_id}“ ist ein Angebot, kein Netzwerk.")
    return set(ids)


def orte_mit_anzahl(register: Register) -> list[tuple[Ort, int]]:
    """Every place of the gazetteer, Bezirk before its parts, with its local networks' count."""
    lokale = [n.orte() for n in register.netzwerke.values() if not n.stadtweit]
    return [(ort, sum(any(o.ueberschneidet(ort) for o in orte) for orte in lokale))
            for ort in hagen().orte]


# --- Free-text search ----------------------------------------------------------------------

# How much a hit in each part of an entry counts.
_GEWICHTE = {"name": 3.0, "themen": 2.0, "gebiet": 2.0, "art": 1.5, "kontakte": 1.0,
             "notiz": 0.5}


class Treffer(NamedTuple):
    """One search result and how well it matched (higher is better)."""

    id: str
    eintrag: Netzwerk | Angebot
    punkte: float


def suchen(register: Register, text: str) -> list[Treffer]:
    """Entries matching every word of ``text``, best first.

    Each query word may match a whole word, its beginning, a part of a compound ("jugend" in
    "Jugendsozialarbeit"), or – only if nothing matches it directly – a word with a small typo
    ("wehringhausn"). Texts are compared through ``text.fold``, so case, umlauts (ä = ae) and
    ß (= ss) do not matter.
    """
    suchwoerter = words(text)
    if not suchwoerter:
        raise EingabeFehler("Bitte einen Suchbegriff angeben, z. B. `netz search Haspe`.")
    eintraege = [*register.netzwerke.items(), *register.angebote.items()]
    suchtexte = _Suchtexte(register, eintraege)
    punkte: dict[int, float] = {}
    for position, wort in enumerate(suchwoerter):
        treffer_wort = suchtexte.punkte_fuer(wort)
        if position == 0:
            punkte = treffer_wort
        else:
            punkte = {i: p + treffer_wort[i] for i, p in punkte.items() if i in treffer_wort}
    ergebnis = [Treffer(eintraege[i][0], eintraege[i][1], p) for i, p in punkte.items()]
    ergebnis.sort(key=lambda t: (-t.punkte, key(t.eintrag.name)))
    return ergebnis


class _Suchtexte:
    """Every entry's searchable parts, folded once into " word word " strings with weights.

    Checking a word against such a string is one substring search in C, which keeps a search
    over 10,000 networks well under a second.
    """

    def __init__(self, register: Register, eintraege: list[tuple[str, Netzwerk | Angebot]]):
        gefaltet: dict[str, str] = {}  # topics, areas and contacts repeat across entries
        self.teile = []
        for _, eintrag in eintraege:
            teile = []
            for teil, text in _suchtexte(register, eintrag):
                if text:
                    if text not in gefaltet:
                        gefaltet[text] = wortkette(text)
                    teile.append((_GEWICHTE[teil], gefaltet[text]))
            self.teile.append(teile)

    def punkte_fuer(self, suchwort: str) -> dict[int, float]:
        """For every entry containing ``suchwort`` or, failing that, a near miss: its score."""
        punkte = self._punkte({suchwort: 1.0}, teilwoerter=True)
        if not punkte:
            # Typo tolerance is the fallback, as it is far slower than the direct checks.
            wortschatz = {w for teile in self.teile for _, text in teile for w in text.split()}
            nahe = {w: g for w in wortschatz if (g := _tippguete(suchwort, w))}
            punkte = self._punkte(nahe, teilwoerter=False)
        return punkte

    def _punkte(self, woerter: dict[str, float], teilwoerter: bool) -> dict[int, float]:
        punkte: dict[int, float] = {}
        for wort, wortwert in woerter.items():
            for position, teile in enumerate(self.teile):
                for gewicht, text in teile:
                    if wort not in text:
                        continue
                    guete = _wortguete(wort, text) if teilwoerter else float(f" {wort} " in text)
                    wert = guete * wortwert * gewicht
                    if wert > punkte.get(position, 0.0):
                        punkte[position] = wert
        return punkte


def _suchtexte(register: Register, eintrag: Netzwerk | Angebot) -> list[tuple[str, str]]:
    """The texts of an entry that the search looks at, each with the part it belongs to."""
    texte = [("name", eintrag.name), ("themen", " ".join(eintrag.themen)),
             ("notiz", " ".join([eintrag.notiz, *eintrag.zielgruppen]))]
    for _, k in register.kontakte_von(eintrag):
        texte.append(("kontakte", " ".join([k.name, k.funktion, k.organisation, k.abteilung,
                                             k.email, k.ort])))
    if isinstance(eintrag, Netzwerk):
        texte.append(("art", art_label(eintrag.art)))
        texte.append(("notiz", eintrag.treffen))
        texte.append(("gebiet", "stadtweit" if eintrag.stadtweit
                      else _gebietstext((*eintrag.bezirke, *eintrag.stadtteile))))
    return texte


@cache
def _gebietstext(namen: tuple[str, ...]) -> str:
    """Area names, the areas containing them and their adjectives ("Hasper" for Haspe)."""
    gazetteer = hagen()
    teile = []
    for ort in filter(None, map(gazetteer.finde, namen)):
        teile += [*ort.pfad, *gazetteer.adjektive_von(ort)]
    return " ".join(teile)


def _wortguete(suchwort: str, text: str) -> float:
    """How well a folded search word matches a folded " word word " text (0 = not at all)."""
    if f" {suchwort} " in text:
        return 1.0
    if f" {suchwort}" in text:
        return 0.9
    if len(suchwort) >= 3 and suchwort in text:
        return 0.7
    return 0.0


def _tippguete(suchwort: str, wort: str) -> float:
    """The score of a word that differs from the search word by a typo or two (else 0)."""
    erlaubt = 2 if len(suchwort) >= 8 else 1 if len(suchwort) >= 4 else 0
    if not erlaubt or abs(len(wort) - len(suchwort)) > erlaubt:
        return 0.0
    if len(set(wort) ^ set(suchwort)) > 2 * erlaubt:  # cheap bound before the real distance
        return 0.0
    abstand = _tippabstand(suchwort, wort, erlaubt)
    return 0.6 - 0.1 * (abstand - 1) if abstand <= erlaubt else 0.0


def _tippabstand(a: str, b: str, grenze: int) -> int:
    """Edit distance counting a swap of neighbours as one typo; stops early past ``grenze``."""
    vorvorige: list[int] = []
    vorige = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        aktuelle = [i]
        for j, cb in enumerate(b, 1):
            wert = min(vorige[j] + 1, aktuelle[j - 1] + 1, vorige[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                wert = min(wert, vorvorige[j - 2] + 1)
            aktuelle.append(wert)
        if min(aktuelle) > grenze:
            return grenze + 1
        vorvorige, vorige = vorige, aktuelle
    return vorige[-1]

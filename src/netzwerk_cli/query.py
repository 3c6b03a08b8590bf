"""Choosing networks: composable criteria by area, topic, kind and id, and the free-text search.

A criterion is a tiny object with one ``matches`` method (after khard's query objects); they
combine with ``&`` and ``|`` (``AndQuery``, ``OrQuery``), so a new filter is one more class
instead of another branch in every command. City-wide networks are relevant in every area; an
area filter therefore returns them apart from the local networks, and the caller decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import NamedTuple

from netzwerk_cli.errors import InputError
from netzwerk_cli.gazetteer import Place, hagen
from netzwerk_cli.model import Angebot, Netzwerk, Registry, art_label, resolve_art
from netzwerk_cli.text import did_you_mean, key, word_chain, words


class Query:
    """Whether a network is wanted; ``a & b`` and ``a | b`` combine queries.

    Plain classes with slots rather than NamedTuples or dataclasses: building those classes
    costs start-up time that every `netz list` would pay.
    """

    __slots__ = ()

    def matches(self, netzwerk: Netzwerk) -> bool:
        raise NotImplementedError

    def __and__(self, other: Query) -> AndQuery:
        return AndQuery(self, other)

    def __or__(self, other: Query) -> OrQuery:
        return OrQuery(self, other)


class AndQuery(Query):
    """Networks every part matches (no parts: every network)."""

    __slots__ = ("parts",)

    def __init__(self, *parts: Query) -> None:
        self.parts = parts

    def matches(self, netzwerk: Netzwerk) -> bool:
        return all(part.matches(netzwerk) for part in self.parts)


class OrQuery(Query):
    """Networks any part matches."""

    __slots__ = ("parts",)

    def __init__(self, *parts: Query) -> None:
        self.parts = parts

    def matches(self, netzwerk: Netzwerk) -> bool:
        return any(part.matches(netzwerk) for part in self.parts)


class AreaQuery(Query):
    """Networks covering a place (a Bezirk includes its Stadtteile and vice versa)."""

    __slots__ = ("place",)

    def __init__(self, place: Place) -> None:
        self.place = place

    def matches(self, netzwerk: Netzwerk) -> bool:
        return any(p.overlaps(self.place) for p in netzwerk.places())


class ThemaQuery(Query):
    """Networks with a topic containing the term ("Schule" finds "OGS und Schule")."""

    __slots__ = ("term",)

    def __init__(self, term: str) -> None:
        self.term = term

    def matches(self, netzwerk: Netzwerk) -> bool:
        return any(thema_contains(thema, self.term) for thema in netzwerk.themen)


class ArtQuery(Query):
    """Networks of one kind."""

    __slots__ = ("art",)

    def __init__(self, art: str) -> None:
        self.art = art

    def matches(self, netzwerk: Netzwerk) -> bool:
        return netzwerk.art == self.art


def thema_contains(thema: str, term: str) -> bool:
    """Part of a topic, ignoring case, umlauts and punctuation ("schule-beruf" finds
    "Übergang Schule–Beruf")."""
    return word_chain(term).strip() in word_chain(thema)


class Criteria(NamedTuple):
    """What a user asked for on the command line, as given (names not yet resolved)."""

    bezirke: Sequence[str] = ()
    stadtteile: Sequence[str] = ()
    themen: Sequence[str] = ()
    arten: Sequence[str] = ()
    ids: Sequence[str] = ()
    mit_stadtweit: bool = True

    @property
    def narrows(self) -> bool:
        """Whether anything beyond "all networks" was asked for."""
        return bool(self.bezirke or self.stadtteile or self.themen or self.arten or self.ids)


class Selection(NamedTuple):
    """The chosen networks; with an area filter, city-wide networks are kept apart."""

    netzwerke: list[tuple[str, Netzwerk]]
    stadtweit: list[tuple[str, Netzwerk]]
    by_area: bool
    hints: list[str]

    def all(self) -> list[tuple[str, Netzwerk]]:
        """Local and city-wide networks together."""
        return self.netzwerke + self.stadtweit


def select(registry: Registry, criteria: Criteria) -> Selection:
    """Apply the criteria; unknown places, topics, kinds or ids raise a usage error."""
    hints: list[str] = []
    places = _resolve_places(criteria, hints)
    area = OrQuery(*(AreaQuery(p) for p in places)) if places else None
    subject = subject_query(registry, criteria)
    candidates = _check_ids(registry, criteria.ids) if criteria.ids else registry.netzwerke
    local, citywide = [], []
    for netzwerk_id in sorted(candidates, key=lambda i: key(registry.netzwerke[i].name)):
        netzwerk = registry.netzwerke[netzwerk_id]
        if not subject.matches(netzwerk):
            continue
        if area is None:
            local.append((netzwerk_id, netzwerk))
        elif netzwerk.stadtweit:
            if criteria.mit_stadtweit:
                citywide.append((netzwerk_id, netzwerk))
        elif area.matches(netzwerk):
            local.append((netzwerk_id, netzwerk))
    return Selection(local, citywide, by_area=area is not None, hints=hints)


def subject_query(registry: Registry, criteria: Criteria) -> AndQuery:
    """Topics and kinds: the same filter ORs its values, different filters AND."""
    parts: list[Query] = []
    if criteria.themen:
        parts.append(thema_query(registry, criteria.themen))
    if criteria.arten:
        parts.append(OrQuery(*(ArtQuery(resolve_art(a)) for a in criteria.arten)))
    return AndQuery(*parts)


def thema_query(registry: Registry, terms: Sequence[str]) -> OrQuery:
    """A topic filter; a term that matches no topic at all is a usage error with a hint."""
    known = list(registry.count_themen())
    for term in terms:
        if not any(thema_contains(thema, term) for thema in known):
            raise InputError(f"Kein Netzwerk hat ein Thema „{term}“.{did_you_mean(term, known)} "
                             "Alle Themen zeigt `netz themen`.")
    return OrQuery(*(ThemaQuery(term) for term in terms))


def _resolve_places(criteria: Criteria, hints: list[str]) -> list[Place]:
    """Resolve --bezirk and --stadtteil values; a Stadtteil given as Bezirk is understood."""
    gazetteer = hagen()
    places = []
    for name in criteria.bezirke:
        place = gazetteer.resolve(name, "Stadtbezirk")
        if len(place.path) > 1:
            hints.append(
                f"„{name}“ ist kein Stadtbezirk, sondern ein {place.level} im Stadtbezirk "
                f"{place.bezirk}; gezeigt werden die Netzwerke für {place.name}. "
                f"Für den ganzen Bezirk: --bezirk \"{place.bezirk}\"."
            )
        places.append(place)
    for name in criteria.stadtteile:
        place = gazetteer.resolve(name, "Stadtteil")
        if place.hint:
            hints.append(place.hint)
        places.append(place)
    return places


def _check_ids(registry: Registry, ids: Sequence[str]) -> set[str]:
    """The given network ids; an unknown one is a usage error with a suggestion."""
    for netzwerk_id in ids:
        registry.netzwerk(netzwerk_id)
    return set(ids)


# --- Free-text search ----------------------------------------------------------------------

# How much a hit in each part of an entry counts.
_WEIGHTS = {"name": 3.0, "themen": 2.0, "gebiet": 2.0, "art": 1.5, "kontakte": 1.0,
            "notiz": 0.5}


class Hit(NamedTuple):
    """One search result and how well it matched (higher is better)."""

    id: str
    entry: Netzwerk | Angebot
    score: float


def search(registry: Registry, text: str) -> list[Hit]:
    """Entries matching every word of ``text``, best first.

    Each query word may match a whole word, its beginning, a part of a compound ("jugend" in
    "Jugendsozialarbeit"), or – only if nothing matches it directly – a word with a small typo
    ("wehringhausn"). Texts are compared through ``text.fold``, so case, umlauts (ä = ae) and
    ß (= ss) do not matter.
    """
    query_words = words(text)
    if not query_words:
        raise InputError("Bitte einen Suchbegriff angeben, z. B. `netz search Haspe`.")
    entries: list[tuple[str, Netzwerk | Angebot]] = [*registry.netzwerke.items(),
                                                     *registry.angebote.items()]
    texts = _SearchTexts(registry, entries)
    scores: dict[int, float] = {}
    for position, word in enumerate(query_words):
        word_scores = texts.scores_for(word)
        if position == 0:
            scores = word_scores
        else:
            scores = {i: s + word_scores[i] for i, s in scores.items() if i in word_scores}
    hits = [Hit(entries[i][0], entries[i][1], s) for i, s in scores.items()]
    hits.sort(key=lambda hit: (-hit.score, key(hit.entry.name)))
    return hits


class _SearchTexts:
    """Every entry's searchable parts, folded once into " word word " strings with weights.

    Checking a word against such a string is one substring search in C, which keeps a search
    over 10,000 networks well under a second.
    """

    def __init__(self, registry: Registry, entries: list[tuple[str, Netzwerk | Angebot]]):
        folded: dict[str, str] = {}  # topics, areas and contacts repeat across entries
        self.parts: list[list[tuple[float, str]]] = []
        for _, entry in entries:
            parts = []
            for part, text in _search_texts(registry, entry):
                if text:
                    if text not in folded:
                        folded[text] = word_chain(text)
                    parts.append((_WEIGHTS[part], folded[text]))
            self.parts.append(parts)

    def scores_for(self, query_word: str) -> dict[int, float]:
        """For every entry containing ``query_word`` or, failing that, a near miss: its score."""
        scores = self._scores({query_word: 1.0}, partial=True)
        if not scores:
            # Typo tolerance is the fallback, as it is far slower than the direct checks.
            vocabulary = {w for parts in self.parts for _, text in parts for w in text.split()}
            near = {w: g for w in vocabulary if (g := _typo_score(query_word, w))}
            scores = self._scores(near, partial=False)
        return scores

    def _scores(self, query_words: dict[str, float], partial: bool) -> dict[int, float]:
        scores: dict[int, float] = {}
        for word, word_value in query_words.items():
            for position, parts in enumerate(self.parts):
                for weight, text in parts:
                    if word not in text:
                        continue
                    quality = _word_score(word, text) if partial else float(f" {word} " in text)
                    value = quality * word_value * weight
                    if value > scores.get(position, 0.0):
                        scores[position] = value
        return scores


def _search_texts(registry: Registry, entry: Netzwerk | Angebot) -> list[tuple[str, str]]:
    """The texts of an entry that the search looks at, each with the part it belongs to."""
    texts = [("name", entry.name), ("themen", " ".join(entry.themen)),
             ("notiz", " ".join([entry.notiz, *entry.zielgruppen]))]
    for _, k in registry.kontakte_of(entry):
        texts.append(("kontakte", " ".join([k.name, k.funktion, k.organisation, k.abteilung,
                                             k.email, k.ort])))
    if isinstance(entry, Netzwerk):
        texts.append(("art", art_label(entry.art)))
        texts.append(("notiz", entry.treffen))
        texts.append(("gebiet", "stadtweit" if entry.stadtweit
                      else _area_text((*entry.bezirke, *entry.stadtteile))))
    return texts


@cache
def _area_text(names: tuple[str, ...]) -> str:
    """Area names, the areas containing them and their adjectives ("Hasper" for Haspe)."""
    gazetteer = hagen()
    parts = []
    for place in filter(None, map(gazetteer.find, names)):
        parts += [*place.path, *gazetteer.adjectives_of(place)]
    return " ".join(parts)


def _word_score(query_word: str, text: str) -> float:
    """How well a folded search word matches a folded " word word " text (0 = not at all)."""
    if f" {query_word} " in text:
        return 1.0
    if f" {query_word}" in text:
        return 0.9
    if len(query_word) >= 3 and query_word in text:
        return 0.7
    return 0.0


def _typo_score(query_word: str, word: str) -> float:
    """The score of a word that differs from the search word by a typo or two (else 0)."""
    allowed = 2 if len(query_word) >= 8 else 1 if len(query_word) >= 4 else 0
    if not allowed or abs(len(word) - len(query_word)) > allowed:
        return 0.0
    if len(set(word) ^ set(query_word)) > 2 * allowed:  # cheap bound before the real distance
        return 0.0
    distance = _typo_distance(query_word, word, allowed)
    return 0.6 - 0.1 * (distance - 1) if distance <= allowed else 0.0


def _typo_distance(a: str, b: str, limit: int) -> int:
    """Edit distance counting a swap of neighbours as one typo; stops early past ``limit``."""
    before_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, before_previous[j - 2] + 1)
            current.append(value)
        if min(current) > limit:
            return limit + 1
        before_previous, previous = previous, current
    return previous[-1]

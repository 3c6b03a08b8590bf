"""Choosing networks: composable criteria by area, topic, kind and id, and the free-text search.

A criterion is a tiny object with one ``matches`` method (after khard's query objects); they
combine with ``&`` and ``|`` (``AndQuery``, ``OrQuery``), so a new filter is one more class
instead of another branch in every command. City-wide networks are relevant in every area; an
area filter therefore returns them apart from the local networks, and the caller decides.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import NamedTuple

from netzwerk_cli.errors import InputError, NetzError
from netzwerk_cli.gazetteer import Place, Sozialraum, SozialraumIndex, hagen, resolve_sozialraum
from netzwerk_cli.model import Angebot, Netzwerk, Registry, art_label, resolve_art
from netzwerk_cli.text import bare_word_chain, did_you_mean, key, word_chain, words


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
    """Networks covering a place (a Bezirk includes its Stadtteile and vice versa; a network
    for a Sozialraum covers its Orte). ``index`` knows a registry's own Sozialräume."""

    __slots__ = ("index", "place")

    def __init__(self, place: Place, index: SozialraumIndex | None = None) -> None:
        self.place, self.index = place, index

    def matches(self, netzwerk: Netzwerk) -> bool:
        return any(p.overlaps(self.place) for p in netzwerk.places(self.index))


class SozialraumQuery(Query):
    """Networks covering any place of a Sozialraum: those naming it, and those whose places
    overlap one of its Orte (a network for Vorhalle, or for all of Hagen-Nord, lies in the
    Sozialraum Vorhalle)."""

    __slots__ = ("index", "raum")

    def __init__(self, raum: Sozialraum, index: SozialraumIndex | None = None) -> None:
        self.raum, self.index = raum, index

    def matches(self, netzwerk: Netzwerk) -> bool:
        return any(p.overlaps(ort) for p in netzwerk.places(self.index) for ort in self.raum.orte)


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
    sozialraeume: Sequence[str] = ()

    @property
    def narrows(self) -> bool:
        """Whether anything beyond "all networks" was asked for."""
        return bool(self.bezirke or self.stadtteile or self.themen or self.arten or self.ids
                    or self.sozialraeume)


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
    area = area_query(registry, criteria, hints)
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


def area_query(registry: Registry, criteria: Criteria, hints: list[str]) -> OrQuery | None:
    """The places and Sozialräume asked for, any of them (None: no area filter)."""
    index = registry.sozialraum_index() if registry.sozialraeume else None
    parts: list[Query] = [AreaQuery(p, index) for p in _resolve_places(criteria, hints)]
    parts += [SozialraumQuery(resolve_sozialraum(name, index), index)
              for name in criteria.sozialraeume]
    return OrQuery(*parts) if parts else None


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
    for term in terms:
        unknown = unknown_thema(registry, term)
        if unknown:
            raise InputError(unknown)
    return OrQuery(*(ThemaQuery(term) for term in terms))


def unknown_thema(registry: Registry, term: str) -> str:
    """Why a topic term finds nothing ("Kein Netzwerk hat …", with a suggestion), or ""."""
    known = list(registry.count_themen())
    if any(thema_contains(thema, term) for thema in known):
        return ""
    return (f"Kein Netzwerk hat ein Thema „{term}“.{did_you_mean(term, known)} "
            "Alle Themen zeigt `netz themen`.")


def _resolve_places(criteria: Criteria, hints: list[str]) -> list[Place]:
    """Resolve --bezirk and --stadtteil values; a Stadtteil given as Bezirk is understood."""
    gazetteer = hagen()
    places = []
    for name in criteria.bezirke:
        place = gazetteer.resolve(name, "Stadtbezirk")
        if place.level != "Stadtbezirk":
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
# A hit through the vocabulary ("Kita" finding "Kindertagesbetreuung") counts a little less than
# a hit of the word itself, so entries that say "Kita" come first.
_VOCABULARY_VALUE = 0.8
# A word found through a typo: a whole word ("wehringhausn"), or the start of a compound
# ("jugnd" in "Jugendarbeit"), which is a looser match and counts less.
_TYPO_WORD_VALUE = 0.6
_TYPO_START_VALUE = 0.45

# The field's abbreviations and synonyms, as data: read its header before extending it.
VOCABULARY_FILE = Path(__file__).with_name("vokabular.toml")


class Hit(NamedTuple):
    """One search result and how well it matched (higher is better)."""

    id: str
    entry: Netzwerk | Angebot
    score: float


def search(registry: Registry, text: str) -> list[Hit]:
    """Entries matching every word of ``text``, best first.

    Each query word may match a whole word, its beginning, a part of a compound ("jugend" in
    "Jugendsozialarbeit"), or what it stands for in the vocabulary ("Kita" finds
    "Kindertagesbetreuung"); only if none of that matches, a word with a small typo
    ("wehringhausn") or a compound starting with one ("jugnd" finds "Jugendarbeit"). Texts are
    compared through ``text.fold`` and once more with umlauts as bare vowels, so case, umlauts
    (ü = ue = u) and ß (= ss) do not matter.
    """
    query_words = words(text)
    if not query_words:
        raise InputError("Bitte einen Suchbegriff angeben, z. B. `netz search Haspe`.")
    entries: list[tuple[str, Netzwerk | Angebot]] = [*registry.netzwerke.items(),
                                                     *registry.angebote.items()]
    texts = _SearchTexts(registry, entries)
    terms = vocabulary()
    scores: dict[int, float] = {}
    for position, word in enumerate(query_words):
        word_scores = texts.scores_for(word, terms)
        if position == 0:
            scores = word_scores
        else:
            scores = {i: s + word_scores[i] for i, s in scores.items() if i in word_scores}
    hits = [Hit(entries[i][0], entries[i][1], s) for i, s in scores.items()]
    hits.sort(key=lambda hit: (-hit.score, key(hit.entry.name), hit.id))
    return hits


# --- What a query word is compared with ---


class _WordMatcher:
    """A folded word, found as a whole word, at a word's start (0.9) or, from three letters,
    inside a compound (0.7); with ``whole_only`` as a whole word only (an abbreviation: "ag"
    is no part of "Tage")."""

    __slots__ = ("inside", "start", "value", "whole", "whole_only", "word")

    def __init__(self, word: str, value: float, whole_only: bool = False) -> None:
        self.word, self.value, self.whole_only = word, value, whole_only
        self.whole, self.start = f" {word} ", f" {word}"
        self.inside = len(word) >= 3

    def quality(self, text: str) -> float:
        """How well the word matches a folded " word word " text (0 = not at all)."""
        if self.word not in text:
            return 0.0
        if self.whole in text:
            return self.value
        if self.whole_only:
            return 0.0
        if self.start in text:
            return 0.9 * self.value
        return 0.7 * self.value if self.inside else 0.0


class _PhraseMatcher:
    """Folded words in a row, each also inflected: "allgemeiner sozialdienst" matches "des
    allgemeinen sozialdienstes"."""

    __slots__ = ("needle", "pattern", "value", "whole")

    def __init__(self, phrase: str, value: float) -> None:
        parts = [_stem(word) for word in phrase.split()]
        self.whole, self.value = f" {phrase} ", value
        self.needle = max((stem for stem, _ in parts), key=len)  # a quick test before the regex
        words = [re.escape(stem) + ("[a-z0-9]*" if open_end else "") for stem, open_end in parts]
        self.pattern = re.compile(" " + " ".join(words) + "(?= )")

    def quality(self, text: str) -> float:
        """How well the phrase matches a folded " word word " text (0 = not at all)."""
        if self.needle not in text:
            return 0.0
        if self.whole in text:
            return self.value
        return 0.9 * self.value if self.pattern.search(text) else 0.0


_Matcher = _WordMatcher | _PhraseMatcher
# German inflection endings a long form may carry in a text ("offene", "offenen", "offener").
_ENDINGS = ("en", "er", "es", "em", "e", "n", "s")


def _stem(word: str) -> tuple[str, bool]:
    """A folded word without its inflection ending, and whether any ending may follow; words
    under four letters ("und", "zur", "78") are compared exactly."""
    if len(word) < 4:
        return word, False
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[:-len(ending)], True
    return word, True


def _matcher(text: str, value: float) -> _Matcher:
    """The matcher for a folded word or phrase."""
    return _PhraseMatcher(text, value) if " " in text else _WordMatcher(text, value)


# --- The vocabulary ---


class Vocabulary(NamedTuple):
    """The field's abbreviations and synonyms (``vokabular.toml``), as folded words."""

    # Each term ("kita") with its long forms as folded word chains ("kindertagesstaette", …).
    expansions: dict[str, tuple[str, ...]]
    # Each one-word long form with the terms standing for it ("jugendzentrum" → "juz").
    abbreviations: dict[str, tuple[str, ...]]

    def matchers(self, word: str) -> list[_Matcher]:
        """What a folded query word is searched as: itself, and what it stands for."""
        matchers: list[_Matcher] = [_WordMatcher(word, 1.0)]
        term = word if word in self.expansions else word.removesuffix("s")  # "Kitas"
        if term != word and term in self.expansions:
            matchers.append(_WordMatcher(term, 1.0))
        matchers += [_matcher(long_form, _VOCABULARY_VALUE)
                     for long_form in self.expansions.get(term, ())]
        # A one-word long form stands for its terms and their other long forms ("Jugendzentrum"
        # finds "JuZ", "Erziehungshilfe" finds "Erzieherische Hilfen" through HzE). A term is
        # looked for as a word ("JuZ-Treff"), a short one not inside other words ("ag").
        for abbreviation in self.abbreviations.get(word, ()):
            matchers.append(_WordMatcher(abbreviation, _VOCABULARY_VALUE,
                                         whole_only=len(abbreviation) < 4))
            matchers += [_matcher(long_form, _VOCABULARY_VALUE)
                         for long_form in self.expansions[abbreviation] if long_form != word]
        return matchers


@cache
def vocabulary() -> Vocabulary:
    """The vocabulary shipped with netz, read once per process."""
    try:
        text = VOCABULARY_FILE.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise NetzError(f"Das Vokabular der Suche {VOCABULARY_FILE} fehlt oder ist nicht "
                        "lesbar; bitte netz neu installieren.") from None
    return vocabulary_from_text(text, str(VOCABULARY_FILE))


def vocabulary_from_text(text: str, source: str) -> Vocabulary:
    """Read a vocabulary file; a problem is a German ``NetzError`` naming file and entry."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        where = re.search(r"at line (\d+), column (\d+)", str(err))
        place = (f", Zeile {where[1]}, Spalte {where[2]}" if where
                 else f", Zeile {max(1, len(text.splitlines()))} (am Ende)")
        raise NetzError(f"{source}{place}: kein gültiges TOML. Häufige Ursachen: Text ohne "
                        "Anführungszeichen, ein Begriff doppelt, eine fehlende Klammer.") from None
    terms = data.get("begriffe")
    if not isinstance(terms, dict) or set(data) != {"begriffe"}:
        raise NetzError(f"{source}: erwartet wird genau eine Tabelle [begriffe] mit Einträgen "
                        'der Form Begriff = ["Langform", …].')
    expansions: dict[str, tuple[str, ...]] = {}
    abbreviations: dict[str, tuple[str, ...]] = {}
    for term, long_forms in terms.items():
        folded = words(term)
        if len(folded) != 1:
            raise NetzError(f"{source}: Der Begriff „{term}“ muss ein Wort sein, denn die Suche "
                            "schlägt jedes Suchwort einzeln nach.")
        if (not isinstance(long_forms, list) or not long_forms
                or not all(isinstance(form, str) and words(form) for form in long_forms)):
            raise NetzError(f"{source}: „{term}“ braucht eine Liste von Langformen, z. B. "
                            f'{term} = ["…"].')
        if folded[0] in expansions:
            raise NetzError(f"{source}: Der Begriff „{term}“ steht zweimal in der Datei "
                            "(Groß-/Kleinschreibung und Umlaute zählen nicht).")
        chains = tuple(" ".join(words(form)) for form in long_forms)
        expansions[folded[0]] = chains
        for chain in chains:
            if " " not in chain:
                abbreviations[chain] = (*abbreviations.get(chain, ()), folded[0])
    return Vocabulary(expansions, abbreviations)


# --- The searchable texts ---


class _SearchTexts:
    """Every entry's searchable parts, folded once into " word word " strings with weights.

    A text shared by many entries (a contact, a list of topics, an area) is folded and checked
    once; checking a word against such a string is one substring search in C, which keeps a
    search over 10,000 networks well under a second. A text with umlauts is also kept with bare
    vowels ("burgerforum"), so "Burger" finds "Bürgerforum" as "Buerger" does.
    """

    def __init__(self, registry: Registry, entries: list[tuple[str, Netzwerk | Angebot]]):
        # Per distinct text: its folded form and its bare-vowel form ("" when the same), and
        # the entries it belongs to with the weight of the part it stands in.
        self.forms: list[tuple[str, str]] = []
        self.postings: list[list[tuple[int, float]]] = []
        self._words: dict[str, list[int]] | None = None
        ids: dict[str, int] = {}
        kontakt_texts: dict[str, str] = {}
        for position, (_, entry) in enumerate(entries):
            for part, text in _search_texts(registry, entry, kontakt_texts):
                if not text:
                    continue
                text_id = ids.get(text)
                if text_id is None:
                    text_id = ids[text] = len(self.forms)
                    bare = bare_word_chain(text) if _UMLAUT.search(text) else ""
                    self.forms.append((word_chain(text), bare))
                    self.postings.append([])
                self.postings[text_id].append((position, _WEIGHTS[part]))

    def scores_for(self, query_word: str, terms: Vocabulary) -> dict[int, float]:
        """For every entry matching ``query_word`` or, failing that, a near miss: its score."""
        scores = self._scores(terms.matchers(query_word))
        if not scores:
            # Typo tolerance is the fallback, as it is far slower than the direct checks.
            scores = self._typo_scores(query_word, terms)
        return scores

    def _scores(self, matchers: list[_Matcher]) -> dict[int, float]:
        qualities: dict[int, float] = {}
        for text_id, (chain, bare) in enumerate(self.forms):
            best = 0.0
            for matcher in matchers:
                quality = matcher.quality(chain)
                if bare:
                    quality = max(quality, matcher.quality(bare))
                best = max(best, quality)
            if best:
                qualities[text_id] = best
        return self._by_entry(qualities)

    def _typo_scores(self, query_word: str, terms: Vocabulary) -> dict[int, float]:
        """Entries with a word near ``query_word``, or near a vocabulary term ("jzu" → JuZ)."""
        qualities: dict[int, float] = {}
        for word, text_ids in self._word_index().items():
            quality = _typo_score(query_word, word)
            if quality:
                for text_id in text_ids:
                    qualities[text_id] = max(quality, qualities.get(text_id, 0.0))
        scores = self._by_entry(qualities)
        for term in terms.expansions:
            quality = _typo_score(query_word, term, short=True)
            if quality:
                for position, value in self._scores(terms.matchers(term)).items():
                    scores[position] = max(quality * value, scores.get(position, 0.0))
        return scores

    def _word_index(self) -> dict[str, list[int]]:
        """Every word of every text (both forms), with the texts it stands in."""
        if self._words is None:
            self._words = {}
            for text_id, (chain, bare) in enumerate(self.forms):
                for word in {*chain.split(), *bare.split()}:
                    self._words.setdefault(word, []).append(text_id)
        return self._words

    def _by_entry(self, qualities: dict[int, float]) -> dict[int, float]:
        """Per entry, the best of its matching texts' quality times the weight of their part."""
        scores: dict[int, float] = {}
        for text_id, quality in qualities.items():
            for position, weight in self.postings[text_id]:
                value = quality * weight
                if value > scores.get(position, 0.0):
                    scores[position] = value
        return scores


_UMLAUT = re.compile("[äöüÄÖÜ]")


def _search_texts(registry: Registry, entry: Netzwerk | Angebot,
                  kontakt_texts: dict[str, str]) -> list[tuple[str, str]]:
    """The texts of an entry that the search looks at, each with the part it belongs to.

    A contact's text, its address included, is joined once (``kontakt_texts``, by id): many
    entries share a contact.
    """
    texts = [("name", entry.name), ("themen", " ".join(entry.themen)),
             ("notiz", " ".join([entry.notiz, *entry.zielgruppen]))]
    for kontakt_id in entry.kontakte:
        text = kontakt_texts.get(kontakt_id)
        if text is None and (k := registry.kontakte.get(kontakt_id)):
            text = kontakt_texts[kontakt_id] = " ".join([
                k.name, k.funktion, k.organisation, k.abteilung, k.email, k.strasse, k.plz, k.ort])
        if text:
            texts.append(("kontakte", text))
    if isinstance(entry, Netzwerk):
        texts.append(("art", art_label(entry.art)))
        texts.append(("gebiet", "stadtweit" if entry.stadtweit
                      else _area_text((*entry.bezirke, *entry.stadtteile),
                                      tuple(entry.sozialraeume))))
    return texts


@cache
def _area_text(names: tuple[str, ...], raeume: tuple[str, ...] = ()) -> str:
    """Area names, the areas containing them and their adjectives ("Hasper" for Haspe); a
    Sozialraum's name and its Orte."""
    from netzwerk_cli.gazetteer import sozialraum_places

    gazetteer = hagen()
    parts: list[str] = list(raeume)
    places = [*(p for name in names for p in gazetteer.find_all(name)),
              *sozialraum_places(raeume)]
    for place in places:
        parts += place.path
        for name in place.path:  # "Hasper" also for Quambusch, which lies in Haspe
            ancestor = gazetteer.find(name)
            if ancestor is not None:
                parts += gazetteer.adjectives_of(ancestor)
    return " ".join(parts)


# --- Typos ---


def _typo_score(query_word: str, word: str, short: bool = False) -> float:
    """The score of a word that differs from the search word by a typo or two, or that starts
    with such a near match – a compound ("jugnd" in "jugendarbeit"); else 0.

    Words of four to seven letters allow one typo, longer ones two. Three letters allow a typo
    only with ``short`` (the vocabulary's abbreviations) and only two neighbours swapped ("jzu"
    for "juz"; "sprt" is no typo of "srt").
    The start of a compound is tried for words of five letters or more and must end in the
    search word's last letter, so that "sprachx" does not find every "sprach…" by dropping x.
    """
    length = len(query_word)
    if length == 3 or (short and len(word) == 3):
        swapped = (short and len(word) == length and word != query_word
                   and sorted(word) == sorted(query_word)
                   and _typo_row(query_word, word, 1)[-1] == 1)
        return _TYPO_WORD_VALUE if swapped else 0.0
    allowed = 2 if length >= 8 else 1 if length >= 4 else 0
    if not allowed:
        return 0.0
    if abs(len(word) - length) <= allowed:
        if len(set(word) ^ set(query_word)) > 2 * allowed:  # cheap bound before the real distance
            return 0.0
        distance = _typo_row(query_word, word, allowed)[-1]
        return _TYPO_WORD_VALUE - 0.1 * (distance - 1) if distance <= allowed else 0.0
    if length < 5 or len(word) < length:
        return 0.0
    start = word[:length + allowed]
    if len(set(query_word) - set(start)) > allowed:
        return 0.0
    row = _typo_row(query_word, start, allowed)
    distance = min((row[end] for end in range(length - allowed, len(start) + 1)
                    if start[end - 1] == query_word[-1]), default=allowed + 1)
    return _TYPO_START_VALUE - 0.1 * (distance - 1) if distance <= allowed else 0.0


def _typo_row(a: str, b: str, limit: int) -> list[int]:
    """The edit distances of ``a`` to every beginning of ``b`` (the last one: to all of ``b``),
    a swap of neighbours counting as one typo; all ``limit + 1`` once no beginning can be near."""
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
            return [limit + 1] * (len(b) + 1)
        before_previous, previous = previous, current
    return previous

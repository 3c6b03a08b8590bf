"""The registry's entries – networks, contacts, offers – and their validation.

The TOML file is parsed into plain dicts elsewhere (``registry.py``); this module turns such a
dict into a ``Register`` or explains in German, entry by entry and field by field, why it can't.
Field names are German because they are the user-facing file format documented in the README.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import MISSING, dataclass, field, fields
from functools import cache
from typing import Any, ClassVar

from netzwerk_cli.errors import EingabeFehler, RegisterFehler
from netzwerk_cli.gazetteer import Ort, hagen
from netzwerk_cli.text import closest, key

SCHEMA_VERSION = 1

# The kinds the source document's "Definitionen" distinguish: id → (label, other names).
ARTEN: dict[str, tuple[str, tuple[str, ...]]] = {
    "netzwerk": ("Netzwerk", ("Forum", "Stadtteilforum", "Runder Tisch")),
    "arbeitsgemeinschaft": ("Arbeitsgemeinschaft", ("AG",)),
    "arbeitskreis": ("Arbeitskreis", ("AK",)),
    "gremium": ("Gremium", ()),
    "sozialraumteam": ("Sozialraumteam", ("SRT",)),
    "konferenz": ("Konferenz", ("Stadtbezirkskonferenz",)),
}

KONTAKT_ARTEN = {"person": "Person", "organisation": "Organisation", "rolle": "Rolle"}

ID_MUSTER = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_STAND_MUSTER = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?$")
EIGENE_FELDER_PRAEFIX = "x_"


@cache
def _arten_nach_schluessel() -> dict[str, str]:
    """Every way to name a kind, folded, mapped to the kind's id."""
    return {key(name): art_id for art_id, (label, aliases) in ARTEN.items()
            for name in (art_id, label, *aliases)}


def art_aufloesen(text: str) -> str:
    """The kind id for a name a user typed ("AK", "arbeitskreis", "Arbeitskreis")."""
    art_id = _arten_nach_schluessel().get(key(text))
    if art_id:
        return art_id
    labels = [label for label, _ in ARTEN.values()]
    vorschlag = closest(text, labels)
    hint = f" Meinten Sie „{vorschlag}“?" if vorschlag else ""
    raise EingabeFehler(f"Unbekannte Art „{text}“.{hint} Gültig: {', '.join(labels)}.")


def art_label(art_id: str) -> str:
    """The German label of a kind id."""
    return ARTEN[art_id][0]


def stand_als_datum(stand: str) -> dt.date:
    """The date a ``stand`` stands for; a month means its first day."""
    return dt.date.fromisoformat(stand if len(stand) == 10 else f"{stand}-01")


def stand_pruefen(wert: str) -> str:
    """A valid ``stand`` ("2017-04" or "2024-05-01"; empty: unknown), else ValueError."""
    if wert == "":
        return wert
    if not _STAND_MUSTER.match(wert):
        raise ValueError(f"„{wert}“ ist kein Datum; erwartet JJJJ-MM oder JJJJ-MM-TT")
    try:
        stand_als_datum(wert)
    except ValueError:
        raise ValueError(f"„{wert}“ ist kein gültiges Datum") from None
    return wert


def _kontaktart_pruefen(wert: str) -> str:
    if wert not in KONTAKT_ARTEN:
        raise ValueError(f"„{wert}“ ist keine Kontaktart; gültig: {', '.join(KONTAKT_ARTEN)}")
    return wert


def _art_pruefen(wert: str) -> str:
    try:
        return art_aufloesen(wert)
    except EingabeFehler as err:
        raise ValueError(str(err).rstrip(".")) from None


class _Eintrag:
    """What networks, contacts and offers share: checked construction from TOML, and back.

    Subclasses are dataclasses whose annotations (``str``, ``bool``, ``list[str]``) say what each
    TOML field must hold. ``eigene`` keeps the user's own ``x_…`` fields untouched.
    """

    pflicht: ClassVar[tuple[str, ...]] = ()
    # Fields written even when they hold their default, because a reader must see them.
    immer_schreiben: ClassVar[tuple[str, ...]] = ()
    # Field-specific checks: value → normalised value, or ValueError with a German reason.
    pruefungen: ClassVar[dict[str, Any]] = {}
    eigene: dict[str, Any]

    @classmethod
    def felder(cls) -> dict[str, str]:
        """The known fields and their type, in the order they are written."""
        return _felder(cls)

    @classmethod
    def aus_toml(cls, roh: dict[str, Any]) -> tuple[Any, list[str]]:
        """Build an entry from a TOML table; return it (or None) and the problems, in German."""
        bekannt = cls.felder()
        werte: dict[str, Any] = {}
        eigene: dict[str, Any] = {}
        fehler = []
        for name, wert in roh.items():
            if name.startswith(EIGENE_FELDER_PRAEFIX):
                eigene[name] = wert
            elif name not in bekannt:
                vorschlag = closest(name, list(bekannt))
                hint = f" Meinten Sie „{vorschlag}“?" if vorschlag else ""
                fehler.append(f"Unbekanntes Feld „{name}“.{hint} Erlaubt: {', '.join(bekannt)} "
                              f"(eigene Felder beginnen mit „{EIGENE_FELDER_PRAEFIX}“).")
            else:
                try:
                    werte[name] = _wert_pruefen(wert, bekannt[name], cls.pruefungen.get(name))
                except ValueError as err:
                    fehler.append(f"Feld „{name}“: {err}.")
        for name in cls.pflicht:
            if name not in roh:
                fehler.append(f"Pflichtfeld „{name}“ fehlt.")
            elif werte.get(name) == "":
                fehler.append(f"Pflichtfeld „{name}“ ist leer.")
        if fehler:
            return None, fehler
        return cls(**werte, eigene=eigene), []

    def als_toml(self) -> dict[str, Any]:
        """The fields worth writing: known fields in their fixed order, then own fields sorted."""
        bekannt = {}
        for feld in fields(self):  # type: ignore[arg-type]
            if feld.name == "eigene":
                continue
            wert = getattr(self, feld.name)
            standard = feld.default if feld.default is not MISSING else feld.default_factory()  # type: ignore[misc]
            if wert != standard or feld.name in self.immer_schreiben:
                bekannt[feld.name] = wert
        return bekannt | {name: self.eigene[name] for name in sorted(self.eigene)}

    def als_dict(self) -> dict[str, Any]:
        """Every known field (empty ones too), then the own fields: the stable JSON form."""
        return {name: getattr(self, name) for name in self.felder()} | self.eigene


_ERWARTET = {
    "str": "Text in Anführungszeichen, z. B. \"Haspe\"",
    "bool": "true oder false",
    "list[str]": "eine Liste von Texten, z. B. [\"Haspe\"]",
}


@cache
def _felder(cls: type) -> dict[str, str]:
    return {f.name: str(f.type) for f in fields(cls) if f.name != "eigene"}


def _wert_pruefen(wert: Any, typ: str, pruefung: Any) -> Any:
    """Check a value against its field's type, then its field-specific check."""
    if typ == "str":
        if isinstance(wert, dt.date):
            wert = wert.isoformat()[:10]  # a TOML date (stand = 2024-05-01) is welcome as text
        passt = isinstance(wert, str)
    elif typ == "bool":
        passt = isinstance(wert, bool)
    else:
        passt = isinstance(wert, list) and all(isinstance(w, str) for w in wert)
    if not passt:
        raise ValueError(f"erwartet {_ERWARTET[typ]}, gefunden {wert!r}")
    if typ == "str":
        wert = wert.strip()
    elif typ == "list[str]":
        wert = [w.strip() for w in wert]
    return pruefung(wert) if pruefung else wert


@dataclass
class Kontakt(_Eintrag):
    """Whom to ask: a person, an organisation or department, or a role."""

    art: str = "organisation"
    name: str = ""
    funktion: str = ""
    organisation: str = ""
    abteilung: str = ""
    strasse: str = ""
    plz: str = ""
    ort: str = ""
    telefon: str = ""
    email: str = ""
    webseite: str = ""
    notiz: str = ""
    oeffentlich: bool = False
    eigene: dict[str, Any] = field(default_factory=dict)

    immer_schreiben: ClassVar[tuple[str, ...]] = ("art", "oeffentlich")
    pruefungen: ClassVar[dict[str, Any]] = {"art": _kontaktart_pruefen}

    @property
    def anzeigename(self) -> str:
        """The name to show: the person or role, else the organisation."""
        return self.name or self.organisation or self.abteilung


@cache
def _orte(namen: tuple[str, ...]) -> list[Ort]:
    """The places for a tuple of names; many networks share the same area, so look up once."""
    gazetteer = hagen()
    return [o for o in map(gazetteer.finde, namen) if o]


@dataclass
class Netzwerk(_Eintrag):
    """A network, working group, committee or team and the area it covers."""

    name: str = ""
    art: str = ""
    bezirke: list[str] = field(default_factory=list)
    stadtteile: list[str] = field(default_factory=list)
    stadtweit: bool = False
    themen: list[str] = field(default_factory=list)
    zielgruppen: list[str] = field(default_factory=list)
    kontakte: list[str] = field(default_factory=list)
    webseite: str = ""
    treffen: str = ""
    notiz: str = ""
    stand: str = ""
    eigene: dict[str, Any] = field(default_factory=dict)

    pflicht: ClassVar[tuple[str, ...]] = ("name", "art")
    pruefungen: ClassVar[dict[str, Any]] = {"art": _art_pruefen, "stand": stand_pruefen}

    def orte(self) -> list[Ort]:
        """The places this network covers (empty for a city-wide network)."""
        return _orte((*self.bezirke, *self.stadtteile))

    @property
    def gebiet(self) -> str:
        """The area as people read it: "stadtweit" or the named places."""
        return "stadtweit" if self.stadtweit else ", ".join([*self.bezirke, *self.stadtteile])


@dataclass
class Angebot(_Eintrag):
    """A city-wide institution that offers to present its work at network meetings."""

    name: str = ""
    themen: list[str] = field(default_factory=list)
    zielgruppen: list[str] = field(default_factory=list)
    kontakte: list[str] = field(default_factory=list)
    webseite: str = ""
    notiz: str = ""
    stand: str = ""
    eigene: dict[str, Any] = field(default_factory=dict)

    pflicht: ClassVar[tuple[str, ...]] = ("name",)
    pruefungen: ClassVar[dict[str, Any]] = {"stand": stand_pruefen}


@dataclass
class Register:
    """The whole registry: networks, contacts and offers, each keyed by its id."""

    netzwerke: dict[str, Netzwerk] = field(default_factory=dict)
    kontakte: dict[str, Kontakt] = field(default_factory=dict)
    angebote: dict[str, Angebot] = field(default_factory=dict)
    titel: str = ""
    quelle: str = ""

    def eintrag(self, eintrag_id: str) -> Netzwerk | Angebot:
        """A network or offer by id; an unknown id is a usage error with a suggestion."""
        found = self.netzwerke.get(eintrag_id) or self.angebote.get(eintrag_id)
        if found is not None:
            return found
        vorschlag = closest(eintrag_id, [*self.netzwerke, *self.angebote])
        hint = f" Meinten Sie „{vorschlag}“?" if vorschlag else ""
        raise EingabeFehler(
            f"Keinen Eintrag mit der ID „{eintrag_id}“ gefunden.{hint} Alle IDs zeigt `netz list`."
        )

    def kontakte_von(self, eintrag: Netzwerk | Angebot) -> list[tuple[str, Kontakt]]:
        """The contacts an entry refers to, in the entry's order."""
        return [(k, self.kontakte[k]) for k in eintrag.kontakte if k in self.kontakte]

    def themen(self) -> dict[str, int]:
        """Every topic used by a network, with the number of networks using it."""
        counts: dict[str, int] = {}
        for netzwerk in self.netzwerke.values():
            for thema in netzwerk.themen:
                counts[thema] = counts.get(thema, 0) + 1
        return counts

    def arten(self) -> dict[str, int]:
        """Every kind of network with the number of networks of that kind (also zero)."""
        counts = dict.fromkeys(ARTEN, 0)
        for netzwerk in self.netzwerke.values():
            counts[netzwerk.art] += 1
        return counts

    def staende(self) -> list[str]:
        """Every non-empty ``stand`` of networks and offers, oldest first."""
        eintraege = [*self.netzwerke.values(), *self.angebote.values()]
        return sorted(e.stand for e in eintraege if e.stand)


# --- Building a Register from parsed TOML -------------------------------------------------

_TABELLEN: dict[str, type[_Eintrag]] = {
    "netzwerke": Netzwerk,
    "kontakte": Kontakt,
    "angebote": Angebot,
}
_OBERSTE_SCHLUESSEL = {"schema", "titel", "quelle", *_TABELLEN}


def register_aus_toml(daten: dict[str, Any], datei: str, text: str = "") -> Register:
    """Validate a parsed registry; raise ``RegisterFehler`` listing every problem found.

    ``text`` is the file's source, used only to name the line of a faulty entry.
    """
    probleme = _pruefe_oberste_ebene(daten)
    eintraege: dict[str, dict[str, _Eintrag]] = {name: {} for name in _TABELLEN}
    for tabelle, modell in _TABELLEN.items():
        roh = daten.get(tabelle, {})
        if not isinstance(roh, dict):
            probleme.append(f"„{tabelle}“ muss eine Tabelle von Einträgen sein ([{tabelle}.ID]).")
            continue
        for eintrag_id, felder in roh.items():
            eintrag, fehler = _eintrag_pruefen(modell, eintrag_id, felder)
            if fehler:
                stelle = _stelle(text, tabelle, eintrag_id)
                probleme += [f"{stelle}: {f}" for f in fehler]
            if eintrag is not None:
                eintraege[tabelle][eintrag_id] = eintrag
    register = Register(
        netzwerke=eintraege["netzwerke"],  # type: ignore[arg-type]
        kontakte=eintraege["kontakte"],  # type: ignore[arg-type]
        angebote=eintraege["angebote"],  # type: ignore[arg-type]
        titel=_text_oder_leer(daten, "titel", probleme),
        quelle=_text_oder_leer(daten, "quelle", probleme),
    )
    probleme += _pruefe_bezuege(register, text)
    if probleme:
        raise RegisterFehler(datei, probleme)
    return register


def register_aus_geprueften(daten: dict[str, Any]) -> Register:
    """Rebuild a registry from tables this netz version has checked before (its load cache).

    No checks run: the caller guarantees the tables came from a successful
    ``register_aus_toml`` of the same content.
    """
    def bauen(modell: type[_Eintrag], felder: dict[str, Any]) -> Any:
        bekannt = modell.felder()
        return modell(**{k: v for k, v in felder.items() if k in bekannt},  # type: ignore[call-arg]
                      eigene={k: v for k, v in felder.items() if k not in bekannt})

    tabellen = {name: {i: bauen(modell, f) for i, f in daten.get(name, {}).items()}
                for name, modell in _TABELLEN.items()}
    return Register(**tabellen, titel=daten.get("titel", ""), quelle=daten.get("quelle", ""))


def _text_oder_leer(daten: dict[str, Any], name: str, probleme: list[str]) -> str:
    wert = daten.get(name, "")
    if isinstance(wert, str):
        return wert
    probleme.append(f"„{name}“ muss Text in Anführungszeichen sein.")
    return ""


def _pruefe_oberste_ebene(daten: dict[str, Any]) -> list[str]:
    probleme = []
    for name in sorted(set(daten) - _OBERSTE_SCHLUESSEL):
        vorschlag = closest(name, sorted(_OBERSTE_SCHLUESSEL))
        hint = f" (meinten Sie „{vorschlag}“?)" if vorschlag else ""
        probleme.append(
            f"Unbekannter Schlüssel „{name}“ auf oberster Ebene{hint}; "
            f"erlaubt: {', '.join(sorted(_OBERSTE_SCHLUESSEL))}."
        )
    schema = daten.get("schema")
    if schema is None:
        probleme.append(f"Die Angabe „schema = {SCHEMA_VERSION}“ am Dateianfang fehlt.")
    elif not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        probleme.append(f"„schema“ muss eine ganze Zahl sein, z. B. schema = {SCHEMA_VERSION}.")
    elif schema > SCHEMA_VERSION:
        probleme.append(
            f"Die Datei hat das Format schema = {schema}; diese netz-Version kennt nur bis "
            f"{SCHEMA_VERSION}. Bitte netz aktualisieren."
        )
    return probleme


def _stelle(text: str, tabelle: str, eintrag_id: str) -> str:
    """Where an entry is: "Zeile 12, netzwerke.ak-90" (without line if it can't be found)."""
    pattern = rf'^[ \t]*\[\s*{tabelle}\s*\.\s*"?{re.escape(eintrag_id)}"?\s*\]'
    match = re.search(pattern, text, re.MULTILINE) if text else None
    name = f"{tabelle}.{eintrag_id}"
    return f"Zeile {text.count(chr(10), 0, match.start()) + 1}, {name}" if match else name


def _eintrag_pruefen(
    modell: type[_Eintrag], eintrag_id: str, felder: Any
) -> tuple[_Eintrag | None, list[str]]:
    """Validate one entry; return it (or None) and the problems found, in German."""
    if not isinstance(felder, dict):
        return None, ["muss eine Tabelle mit Feldern sein, z. B. name = \"…\"."]
    fehler = []
    if not ID_MUSTER.match(eintrag_id):
        fehler.append(
            f"Die ID „{eintrag_id}“ ist ungültig: nur Kleinbuchstaben, Ziffern und Bindestriche "
            "(z. B. „ak-90“)."
        )
    eintrag, feldfehler = modell.aus_toml(felder)
    return (None if fehler else eintrag), fehler + feldfehler


def _pruefe_bezuege(register: Register, text: str) -> list[str]:
    """Checks across entries: contact references, ids shared by tables, and areas."""
    probleme = []
    for eintrag_id in sorted(set(register.netzwerke) & set(register.angebote)):
        probleme.append(f"Die ID „{eintrag_id}“ ist zugleich Netzwerk und Angebot; IDs müssen "
                        "eindeutig sein.")
    for tabelle, eintraege in (("netzwerke", register.netzwerke),
                               ("angebote", register.angebote)):
        for eintrag_id, eintrag in eintraege.items():
            fehler = kontaktbezuege_pruefen(eintrag, register)
            if isinstance(eintrag, Netzwerk):
                fehler += gebiet_pruefen(eintrag)
            if fehler:
                stelle = _stelle(text, tabelle, eintrag_id)
                probleme += [f"{stelle}: {f}" for f in fehler]
    return probleme


def kontaktbezuege_pruefen(eintrag: Netzwerk | Angebot, register: Register) -> list[str]:
    probleme = []
    for kontakt_id in eintrag.kontakte:
        if kontakt_id not in register.kontakte:
            vorschlag = closest(kontakt_id, list(register.kontakte))
            hint = f" Meinten Sie „{vorschlag}“?" if vorschlag else ""
            probleme.append(
                f"Feld „kontakte“ verweist auf den unbekannten Kontakt „{kontakt_id}“.{hint} "
                "Kontakte stehen unter [kontakte.ID]."
            )
    return probleme


def gebiet_pruefen(netzwerk: Netzwerk) -> list[str]:
    """A network covers either the whole city or named places, each known to the gazetteer."""
    if netzwerk.stadtweit and (netzwerk.bezirke or netzwerk.stadtteile):
        return ["„stadtweit = true“ schließt „bezirke“ und „stadtteile“ aus; bitte eins davon."]
    if not (netzwerk.stadtweit or netzwerk.bezirke or netzwerk.stadtteile):
        return ["Kein Gebiet angegeben: „bezirke“, „stadtteile“ oder „stadtweit = true“ fehlt."]
    gazetteer = hagen()
    probleme = []
    for feld, namen in (("bezirke", netzwerk.bezirke), ("stadtteile", netzwerk.stadtteile)):
        for name in namen:
            try:
                ort = gazetteer.aufloesen(name, "Ort")
            except EingabeFehler as err:
                probleme.append(f"Feld „{feld}“: {err}")
                continue
            ist_bezirk = len(ort.pfad) == 1
            if feld == "bezirke" and not ist_bezirk:
                probleme.append(
                    f"Feld „bezirke“: „{name}“ ist ein {ort.ebene} im Stadtbezirk {ort.bezirk}; "
                    "bitte unter „stadtteile“ eintragen."
                )
            elif feld == "stadtteile" and ist_bezirk:
                probleme.append(
                    f"Feld „stadtteile“: „{name}“ ist ein Stadtbezirk; bitte unter „bezirke“ "
                    "eintragen."
                )
    return probleme

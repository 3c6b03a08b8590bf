"""The write commands for networks: add, edit, remove, verify, undo.

Each command gathers its values (from options, or by asking on a terminal), then hands one
change function to ``storage.aendern``, which applies it safely to the file as it is on disk.
"""


import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from netzwerk_cli.cli import fragen
from netzwerk_cli.cli.app import NetzGruppe, befehl
from netzwerk_cli.cli.optionen import (
    ArtOption,
    BezirkOption,
    RegisterOption,
    StadtteilOption,
    ThemaOption,
    ids_vervollstaendigen,
    register_oeffnen,
)
from netzwerk_cli.errors import EingabeFehler
from netzwerk_cli.model import ARTEN, Kontakt, Netzwerk, Register

# Built on first use and added to `netz` by name (see app.SPAETER_GELADEN).
gruppe = typer.Typer(cls=NetzGruppe, rich_markup_mode="markdown")


ProbelaufOption = Annotated[
    bool, typer.Option("--dry-run", help="Nur zeigen, was sich ändern würde; nichts schreiben.")
]
IdArgument = Annotated[
    str, typer.Argument(metavar="ID", help="ID des Netzwerks (siehe `netz list`).",
                        autocompletion=ids_vervollstaendigen, show_default=False)
]
KontaktOption = Annotated[
    list[str] | None,
    typer.Option("--kontakt", "-k", metavar="KONTAKT-ID", show_default=False,
                 help="Kontakt aus `netz kontakt list` (mehrfach möglich)."),
]


def ausfuehren(registry: Path | None, aenderung: Callable[[Register], Any], probelauf: bool
               ) -> tuple[Any, Register]:
    """Run a change safely, report it on stderr, and return its result and the new registry."""
    from netzwerk_cli.registry import register_aus_text, register_finden
    from netzwerk_cli.render import diff_ausgeben, melden
    from netzwerk_cli.storage import aendern

    pfad = register_finden(registry).pfad
    ergebnis = aendern(pfad, aenderung, probelauf=probelauf)
    if probelauf:
        diff_ausgeben(ergebnis.vorher, ergebnis.nachher, pfad.name)
        melden("Probelauf: nichts geschrieben.")
    elif ergebnis.geaendert:
        melden(f"Gespeichert in {pfad} (vorige Fassung gesichert, `netz undo` stellt sie her).")
    else:
        melden("Keine Änderung.")
    return ergebnis.ergebnis, register_aus_text(ergebnis.nachher, str(pfad))


def _hinweise(hinweise: list[str]) -> None:
    from netzwerk_cli.render import melden

    for hinweis in hinweise:
        melden(f"Hinweis: {hinweis}")


def _stand(wert: str) -> str:
    """``heute`` or a date as the registry stores it."""
    from netzwerk_cli.model import stand_pruefen

    if wert.casefold() == "heute":
        return dt.date.today().isoformat()
    try:
        return stand_pruefen(wert)
    except ValueError as err:
        raise EingabeFehler(f"--stand: {err} (oder „heute“).") from None


# --- add -------------------------------------------------------------------------------------


@befehl(gruppe=gruppe)
def add(
    name: Annotated[str | None, typer.Option("--name", "-n", help="Name des Netzwerks.",
                                             show_default=False)] = None,
    art: Annotated[str | None, typer.Option(
        "--art", "-a", metavar="ART", show_default=False,
        help="Netzwerk, Arbeitsgemeinschaft (AG), Arbeitskreis (AK), Gremium, Sozialraumteam, "
        "Konferenz.")] = None,
    bezirk: BezirkOption = None,
    stadtteil: StadtteilOption = None,
    stadtweit: Annotated[bool, typer.Option("--stadtweit", help="Für die ganze Stadt.")] = False,
    thema: ThemaOption = None,
    zielgruppe: Annotated[list[str] | None, typer.Option(
        "--zielgruppe", metavar="ZIELGRUPPE", help="z. B. Kinder (mehrfach möglich).",
        show_default=False)] = None,
    kontakt: KontaktOption = None,
    webseite: Annotated[str, typer.Option(help="Webseite des Netzwerks.")] = "",
    treffen: Annotated[str, typer.Option(help="Wann und wo es sich trifft.")] = "",
    notiz: Annotated[str, typer.Option(help="Alles Weitere.")] = "",
    neue_id: Annotated[str | None, typer.Option(
        "--id", help="Eigene ID statt der aus dem Namen gebildeten.", show_default=False)] = None,
    probelauf: ProbelaufOption = False,
    registry: RegisterOption = None,
) -> None:
    """Ein neues Netzwerk eintragen.

    Auf einem Terminal fragt netz nach allem, was nicht als Option angegeben ist. Ohne Terminal
    (in Skripten) müssen --name, --art und ein Gebiet (--bezirk, --stadtteil oder --stadtweit)
    angegeben sein. Die ID wird aus dem Namen gebildet (ä → ae, ß → ss), wenn --id fehlt.
    """
    from netzwerk_cli import changes
    from netzwerk_cli.render import eintrag_ausgeben

    _, register = register_oeffnen(registry)
    fragen_erlaubt = fragen.ist_interaktiv()
    werte = {"name": name, "art": art, "themen": thema, "zielgruppen": zielgruppe,
             "kontakte": kontakt, "webseite": webseite, "treffen": treffen, "notiz": notiz}
    orte = [*(bezirk or []), *(stadtteil or [])]
    if fragen_erlaubt:
        _fehlendes_erfragen(werte, register, orte, stadtweit)
        stadtweit = werte.pop("stadtweit")
        orte = werte.pop("orte")
    else:
        if not name:
            raise fragen.fehlt("--name", "der Name")
        if not art:
            raise fragen.fehlt("--art", "die Art")
        if not (orte or stadtweit):
            raise fragen.fehlt("--bezirk, --stadtteil oder --stadtweit", "das Gebiet")
    bezirke, stadtteile, hinweise = changes.gebiet_zuordnen(orte)
    netzwerk = Netzwerk(name=werte["name"] or "", art=werte["art"] or "", bezirke=bezirke,
                        stadtteile=stadtteile, stadtweit=stadtweit,
                        themen=werte["themen"] or [], zielgruppen=werte["zielgruppen"] or [],
                        kontakte=werte["kontakte"] or [], webseite=werte["webseite"] or "",
                        treffen=werte["treffen"] or "", notiz=werte["notiz"] or "")
    netzwerk_id = changes.neue_id(netzwerk.name, {*register.netzwerke, *register.angebote},
                                  neue_id or "")
    neuer_kontakt = werte.get("neuer_kontakt")

    def hinzufuegen(register: Register) -> list[str]:
        if neuer_kontakt:
            changes.kontakt_hinzufuegen(register, *neuer_kontakt)
        return changes.netzwerk_hinzufuegen(register, netzwerk_id, netzwerk)

    neu_hinweise, register = ausfuehren(registry, hinzufuegen, probelauf)
    _hinweise(hinweise + neu_hinweise)
    if not probelauf:
        eintrag_ausgeben(netzwerk_id, register.eintrag(netzwerk_id), register)


def _fehlendes_erfragen(werte: dict[str, Any], register: Register, orte: list[str],
                        stadtweit: bool) -> None:
    """Ask, one question at a time, for every value not given as an option."""
    from netzwerk_cli import changes
    from netzwerk_cli.model import art_aufloesen, art_label
    from netzwerk_cli.text import closest

    def nicht_leer(text: str) -> str:
        if not text:
            raise EingabeFehler("Bitte einen Namen eingeben.")
        return text

    if not werte["name"]:
        werte["name"] = fragen.frage("Name des Netzwerks", nicht_leer)
    if not werte["art"]:
        labels = [label for label, _ in ARTEN.values()]
        werte["art"] = art_aufloesen(fragen.auswahl("Art", labels, "Netzwerk"))
    werte["art"] = art_aufloesen(werte["art"])
    if not (orte or stadtweit):
        def gebiet(antwort: str) -> list[str]:
            namen = fragen.liste(antwort)
            if not namen:
                raise EingabeFehler("Bitte mindestens einen Ort oder „stadtweit“ angeben.")
            if [n.casefold() for n in namen] != ["stadtweit"]:
                changes.gebiet_zuordnen(namen)  # raises with a suggestion for unknown places
            return namen
        namen = fragen.frage("Gebiet: Stadtbezirke/Stadtteile, durch Komma getrennt, oder "
                             "„stadtweit“", gebiet)
        stadtweit = [n.casefold() for n in namen] == ["stadtweit"]
        orte = [] if stadtweit else namen
    werte["orte"], werte["stadtweit"] = orte, stadtweit
    if werte["themen"] is None:
        bekannt = sorted(register.themen())
        if bekannt:
            typer.echo(f"  Vorhandene Themen: {', '.join(bekannt)}", err=True)
        werte["themen"] = fragen.frage("Themen (Komma; leer für keine)", fragen.liste, "")
    if werte["zielgruppen"] is None:
        werte["zielgruppen"] = fragen.frage("Zielgruppen (Komma)", fragen.liste,
                                            "Kinder, Jugendliche")
    if werte["kontakte"] is None:
        def kontakte(antwort: str) -> list[str]:
            ids = fragen.liste(antwort)
            for kontakt_id in ids:
                if kontakt_id != "neu" and kontakt_id not in register.kontakte:
                    vorschlag = closest(kontakt_id, list(register.kontakte))
                    hint = f" Meinten Sie „{vorschlag}“?" if vorschlag else ""
                    raise EingabeFehler(f"Unbekannter Kontakt „{kontakt_id}“.{hint} "
                                        "„neu“ legt einen neuen an.")
            return ids
        ids = fragen.frage("Kontakt-IDs (Komma; „neu“ für einen neuen Kontakt; leer für keinen)",
                           kontakte, "")
        werte["kontakte"] = [i for i in ids if i != "neu"]
        if "neu" in ids:
            kontakt_werte: dict[str, Any] = {}
            oeffentlich = fragen.kontakt_erfragen(kontakt_werte, None, "")
            kontakt = Kontakt(**{k: v for k, v in kontakt_werte.items() if v},
                              oeffentlich=oeffentlich)
            kontakt_id = changes.neue_id(kontakt.anzeigename, register.kontakte)
            werte["neuer_kontakt"] = (kontakt_id, kontakt)
            werte["kontakte"].append(kontakt_id)
    if not werte["webseite"]:
        werte["webseite"] = fragen.frage("Webseite (leer für keine)", _optionale_webseite, "")
    if not werte["treffen"]:
        werte["treffen"] = fragen.frage("Treffen, z. B. „4 × im Jahr, 16–18 Uhr“ (leer: keine "
                                        "Angabe)", str, "")
    typer.echo(f"  Art: {art_label(werte['art'])}", err=True)


def _optionale_webseite(antwort: str) -> str:
    from netzwerk_cli.validate import webseite_pruefen

    return webseite_pruefen(antwort) if antwort else ""


# --- edit -------------------------------------------------------------------------------------


@befehl(gruppe=gruppe)
def edit(
    netzwerk_id: IdArgument,
    name: Annotated[str | None, typer.Option("--name", "-n", show_default=False,
                                             help="Neuer Name.")] = None,
    art: ArtOption = None,
    bezirk: BezirkOption = None,
    stadtteil: StadtteilOption = None,
    stadtweit: Annotated[bool | None, typer.Option(
        "--stadtweit/--nicht-stadtweit", show_default=False,
        help="Für die ganze Stadt (ersetzt Bezirke und Stadtteile).")] = None,
    add_thema: Annotated[list[str] | None, typer.Option(
        "--add-thema", metavar="THEMA", show_default=False, help="Thema hinzufügen.")] = None,
    remove_thema: Annotated[list[str] | None, typer.Option(
        "--remove-thema", metavar="THEMA", show_default=False, help="Thema entfernen.")] = None,
    add_zielgruppe: Annotated[list[str] | None, typer.Option(
        "--add-zielgruppe", metavar="ZIELGRUPPE", show_default=False)] = None,
    remove_zielgruppe: Annotated[list[str] | None, typer.Option(
        "--remove-zielgruppe", metavar="ZIELGRUPPE", show_default=False)] = None,
    add_kontakt: Annotated[list[str] | None, typer.Option(
        "--add-kontakt", metavar="KONTAKT-ID", show_default=False,
        help="Kontakt zuordnen.")] = None,
    remove_kontakt: Annotated[list[str] | None, typer.Option(
        "--remove-kontakt", metavar="KONTAKT-ID", show_default=False,
        help="Kontakt lösen.")] = None,
    webseite: Annotated[str | None, typer.Option(show_default=False)] = None,
    treffen: Annotated[str | None, typer.Option(show_default=False)] = None,
    notiz: Annotated[str | None, typer.Option(show_default=False)] = None,
    stand: Annotated[str | None, typer.Option(
        "--stand", metavar="DATUM", show_default=False,
        help="„heute“ (geprüft, stimmt noch) oder ein Datum JJJJ-MM-TT.")] = None,
    probelauf: ProbelaufOption = False,
    registry: RegisterOption = None,
) -> None:
    """Ein Netzwerk ändern: Felder setzen, Themen und Kontakte hinzufügen oder entfernen.

    Ohne Optionen fragt netz auf einem Terminal jedes Feld ab, mit dem jetzigen Wert als
    Vorgabe (Enter behält ihn). --bezirk/--stadtteil ersetzen das bisherige Gebiet.
    """
    from netzwerk_cli import changes
    from netzwerk_cli.render import eintrag_ausgeben

    setzen: dict[str, Any] = {k: v for k, v in {
        "name": name, "art": art, "webseite": webseite, "treffen": treffen, "notiz": notiz,
        "stand": _stand(stand) if stand else None}.items() if v is not None}
    hinweise: list[str] = []
    if bezirk or stadtteil:
        setzen["bezirke"], setzen["stadtteile"], hinweise = changes.gebiet_zuordnen(
            [*(bezirk or []), *(stadtteil or [])])
    if stadtweit is not None:
        setzen["stadtweit"] = stadtweit
    hinzu = {k: v for k, v in {"themen": add_thema, "zielgruppen": add_zielgruppe,
                               "kontakte": add_kontakt}.items() if v}
    weg = {k: v for k, v in {"themen": remove_thema, "zielgruppen": remove_zielgruppe,
                             "kontakte": remove_kontakt}.items() if v}
    if not (setzen or hinzu or weg):
        if not fragen.ist_interaktiv():
            raise EingabeFehler("Nichts zu ändern: bitte Optionen angeben, z. B. --add-thema "
                                "oder --stand heute (siehe `netz edit --help`).")
        _, register = register_oeffnen(registry)
        setzen = _aenderungen_erfragen(register, netzwerk_id)
    neu_hinweise, register = ausfuehren(
        registry, lambda r: changes.netzwerk_aendern(r, netzwerk_id, setzen, hinzu, weg),
        probelauf)
    _hinweise(hinweise + neu_hinweise)
    if not probelauf:
        eintrag_ausgeben(netzwerk_id, register.eintrag(netzwerk_id), register)


def _aenderungen_erfragen(register: Register, netzwerk_id: str) -> dict[str, Any]:
    """Ask for each field with its current value as default; return what changed."""
    from netzwerk_cli import changes
    from netzwerk_cli.model import art_aufloesen, art_label

    netzwerk = register.eintrag(netzwerk_id)
    if not isinstance(netzwerk, Netzwerk):
        raise EingabeFehler(f"„{netzwerk_id}“ ist ein Angebot, kein Netzwerk.")

    def gebiet(antwort: str) -> list[str]:
        namen = fragen.liste(antwort)
        if [n.casefold() for n in namen] != ["stadtweit"]:
            changes.gebiet_zuordnen(namen)
        return namen

    neu: dict[str, Any] = {
        "name": fragen.frage("Name", str, netzwerk.name),
        "art": fragen.frage("Art", art_aufloesen, art_label(netzwerk.art)),
        "themen": fragen.frage("Themen (Komma)", fragen.liste, ", ".join(netzwerk.themen)),
        "kontakte": fragen.frage("Kontakt-IDs (Komma)", fragen.liste,
                                 ", ".join(netzwerk.kontakte)),
        "webseite": fragen.frage("Webseite", _optionale_webseite, netzwerk.webseite),
        "treffen": fragen.frage("Treffen", str, netzwerk.treffen),
    }
    orte = fragen.frage("Gebiet (Komma) oder „stadtweit“", gebiet, netzwerk.gebiet)
    if [o.casefold() for o in orte] == ["stadtweit"]:
        neu["stadtweit"] = True
    else:
        neu["bezirke"], neu["stadtteile"], _ = changes.gebiet_zuordnen(orte)
    if fragen.ja_nein("Heute geprüft – Stand auf heute setzen?", True):
        neu["stand"] = dt.date.today().isoformat()
    return {feld: wert for feld, wert in neu.items() if getattr(netzwerk, feld) != wert}


# --- remove, verify, undo ---------------------------------------------------------------------


@befehl(gruppe=gruppe)
def remove(
    eintrag_id: IdArgument,
    ja: Annotated[bool, typer.Option("--yes", "-y", help="Ohne Rückfrage entfernen.")] = False,
    probelauf: ProbelaufOption = False,
    registry: RegisterOption = None,
) -> None:
    """Ein Netzwerk oder Angebot entfernen (seine Kontakte bleiben erhalten).

    Auf einem Terminal fragt netz nach; ohne Terminal ist --yes nötig.
    """
    from netzwerk_cli import changes

    _, register = register_oeffnen(registry)
    eintrag = register.eintrag(eintrag_id)
    fragen.entfernen_bestaetigen(f"„{eintrag.name}“ ({eintrag_id})", eintrag_id, ja, probelauf)
    ausfuehren(registry, lambda r: changes.eintrag_entfernen(r, eintrag_id), probelauf)


@befehl(gruppe=gruppe)
def verify(
    eintrag_ids: Annotated[list[str], typer.Argument(
        metavar="ID...", help="IDs der geprüften Netzwerke oder Angebote.",
        autocompletion=ids_vervollstaendigen, show_default=False)],
    probelauf: ProbelaufOption = False,
    registry: RegisterOption = None,
) -> None:
    """Als geprüft markieren: „stand“ wird auf heute gesetzt („stimmt noch“)."""
    from netzwerk_cli import changes
    from netzwerk_cli.render import melden

    def alle_bestaetigen(register: Register) -> str:
        staende = [changes.bestaetigen(register, eintrag_id) for eintrag_id in eintrag_ids]
        return staende[0]

    stand, _ = ausfuehren(registry, alle_bestaetigen, probelauf)
    melden(f"Stand von {', '.join(eintrag_ids)}: {stand}")


@befehl(gruppe=gruppe)
def undo(probelauf: ProbelaufOption = False, registry: RegisterOption = None) -> None:
    """Die letzte Änderung zurücknehmen: stellt die jüngste Sicherung wieder her.

    Die ersetzte Fassung bleibt als „….rueckgaengig.toml“ im Sicherungsordner erhalten.
    Mehrfaches `netz undo` geht Schritt für Schritt weiter zurück.
    """
    from netzwerk_cli.registry import register_finden
    from netzwerk_cli.render import diff_ausgeben, melden
    from netzwerk_cli.storage import rueckgaengig

    pfad = register_finden(registry).pfad
    ergebnis = rueckgaengig(pfad, probelauf=probelauf)
    if probelauf:
        diff_ausgeben(pfad.read_text(encoding="utf-8"),
                      ergebnis.wiederhergestellt.read_text(encoding="utf-8"), pfad.name)
        melden(f"Probelauf: würde {ergebnis.wiederhergestellt.name} wiederherstellen; "
               "nichts geschrieben.")
        return
    melden(f"Wiederhergestellt: {pfad} aus der Sicherung {ergebnis.wiederhergestellt.name}. "
           f"Die ersetzte Fassung liegt in {ergebnis.verworfen}.")

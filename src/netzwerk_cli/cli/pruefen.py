"""Keeping the list current: ``netz check``, ``netz faellig`` and ``netz luecken``."""

import datetime as dt
from typing import Annotated

import typer

from netzwerk_cli.cli.app import NetzGruppe, befehl
from netzwerk_cli.cli.optionen import JsonOption, RegisterOption, register_oeffnen

# Built on first use and added to `netz` by name (see app.SPAETER_GELADEN).
gruppe = typer.Typer(cls=NetzGruppe, rich_markup_mode="markdown")


MaxAlterOption = Annotated[
    int, typer.Option("--max-alter", metavar="MONATE", min=0,
                      help="Ab wie vielen Monaten seit dem letzten „stand“ ein Eintrag "
                           "als veraltet gilt.")
]


@befehl(gruppe=gruppe)
def check(
    max_alter: MaxAlterOption = 12,
    streng: Annotated[bool, typer.Option(
        "--strict", help="Auch bei Warnungen mit Rückgabewert 1 enden (z. B. in CI).")] = False,
    als_json: JsonOption = False,
    registry: RegisterOption = None,
) -> None:
    """Das Register prüfen: Fehler, Warnungen und Hinweise, jeweils mit Eintrag, Feld und Rat.

    Fehler: was netz beim Schreiben ablehnen würde (auch ungültige E-Mail, Telefonnummer,
    Webseite, PLZ). Warnungen: veraltete Einträge, Netzwerke ohne erreichbaren Kontakt,
    ungenutzte und doppelte Kontakte. Hinweise: fehlende Themen oder Webseiten, nicht
    freigegebene Personen. Rückgabewert 0 ohne Fehler, sonst 1 – so taugt `netz check` für CI.
    """
    from netzwerk_cli.check import FEHLER, STUFEN, WARNUNG, pruefen
    from netzwerk_cli.registry import register_finden
    from netzwerk_cli.render import json_ausgeben

    fundort = register_finden(registry)
    try:
        text = fundort.pfad.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        register_oeffnen(registry)  # reports the problem in the usual words
        raise
    befunde = pruefen(text, str(fundort.pfad), dt.date.today(), max_alter)
    anzahl = {stufe: sum(b.stufe == stufe for b in befunde) for stufe in STUFEN}
    if als_json:
        json_ausgeben({"datei": str(fundort.pfad), "max_alter_monate": max_alter,
                       "anzahl": {s.lower(): n for s, n in anzahl.items()},
                       "befunde": [b._asdict() for b in befunde]})
    else:
        _bericht(befunde, anzahl, str(fundort.pfad), max_alter)
    if anzahl[FEHLER] or (streng and anzahl[WARNUNG]):
        raise typer.Exit(1)


def _bericht(befunde, anzahl: dict[str, int], datei: str, max_alter: int) -> None:
    ueberschriften = {"Fehler": "Fehler", "Warnung": "Warnungen", "Hinweis": "Hinweise"}
    typer.echo(f"Prüfung von {datei} (veraltet ab {max_alter} Monaten)")
    for stufe, titel in ueberschriften.items():
        typer.echo(f"\n{titel} ({anzahl[stufe]})")
        eigene = [b for b in befunde if b.stufe == stufe]
        if not eigene:
            typer.echo("  keine")
        for befund in eigene:
            ort = f"{befund.eintrag} · {befund.feld}" if befund.feld else befund.eintrag
            typer.echo(f"  {ort}\n    {befund.meldung}")
    typer.echo(f"\nErgebnis: {anzahl['Fehler']} Fehler, {anzahl['Warnung']} Warnungen, "
               f"{anzahl['Hinweis']} Hinweise.")


@befehl(gruppe=gruppe)
def faellig(
    max_alter: MaxAlterOption = 12,
    format_: Annotated[str, typer.Option(
        "--format", "-f", metavar="FORMAT",
        help="tabelle (Standard), verteiler (die E-Mail-Adressen der Ansprechpartner, eine je "
             "Zeile) oder json.")] = "tabelle",
    registry: RegisterOption = None,
) -> None:
    """Die Einträge, die geprüft werden sollten, die ältesten zuerst – mit wem zu fragen ist.

    Die To-do-Liste der Koordination: `netz faellig --format verteiler` gibt die Adressen genau
    dieser Ansprechpartner aus, z. B. für eine Rundmail „Stimmt das noch?“.
    """
    from netzwerk_cli.check import faellige
    from netzwerk_cli.errors import EingabeFehler
    from netzwerk_cli.render import eintrag_als_dict, json_ausgeben, melden, zeilen_ausgeben

    if format_ not in ("tabelle", "verteiler", "json"):
        raise EingabeFehler(f"Unbekanntes Format „{format_}“. Gültig: tabelle, verteiler, json.")
    _, register = register_oeffnen(registry)
    liste = faellige(register, dt.date.today(), max_alter)
    if not liste:
        melden(f"Nichts fällig: Alle Einträge wurden in den letzten {max_alter} Monaten geprüft.")
        return
    if format_ == "json":
        json_ausgeben([eintrag_als_dict(f.id, f.eintrag, register)
                       | {"monate_alt": f.monate, "ansprechpartner": f.kontakt_id or None}
                       for f in liste])
        return
    if format_ == "verteiler":
        _verteiler_der_faelligen(register, liste)
        return
    zeilen = []
    for f in liste:
        kontakt = register.kontakte.get(f.kontakt_id)
        zeilen.append([f.id, f.eintrag.name, f.eintrag.stand or "–",
                       str(f.monate) if f.monate is not None else "–",
                       kontakt.anzeigename if kontakt else "(niemand erreichbar)",
                       kontakt.email if kontakt else "", kontakt.telefon if kontakt else ""])
    zeilen_ausgeben(f"Fällig zur Prüfung ({len(zeilen)})",
                    ["ID", "Name", "Stand", "Monate", "Ansprechpartner", "E-Mail", "Telefon"],
                    zeilen)
    melden(f"{len(liste)} Einträge älter als {max_alter} Monate oder ohne Stand.")


def _verteiler_der_faelligen(register, liste) -> None:
    """The addresses of exactly the contacts to ask, one per line."""
    import sys

    from netzwerk_cli.check import ansprechpartner
    from netzwerk_cli.export.adresszeilen import als_text
    from netzwerk_cli.render import melden

    empfaenger, ohne = ansprechpartner(register, liste)
    sys.stdout.write(als_text(empfaenger))
    if ohne:
        melden(f"Ohne E-Mail-Ansprechpartner: {', '.join(ohne)}")


@befehl(gruppe=gruppe)
def luecken(
    thema: Annotated[str, typer.Option(
        "--thema", "-t", metavar="THEMA",
        help="Nur Netzwerke mit diesem Thema zählen (Teilwort genügt).")] = "",
    stadtteile: Annotated[bool, typer.Option(
        "--stadtteile", help="Stadtteile statt Stadtbezirke zeigen.")] = False,
    als_json: JsonOption = False,
    registry: RegisterOption = None,
) -> None:
    """Wo gibt es kein Netzwerk? Abdeckung je Stadtbezirk oder Stadtteil.

    „Vor Ort“ zählt Netzwerke, deren Gebiet der Ort ist oder in ihm liegt; Netzwerke für ein
    größeres Gebiet (z. B. die Stadtbezirkskonferenz) und stadtweite zählen gesondert. Orte ohne
    eigenes Netzwerk sind als Lücke markiert. In einer Pipe: Ebene, Ort, Stadtbezirk, vor Ort,
    umfassend, Arten vor Ort, Sozialraumteam, Lücke – durch Tabulator getrennt.
    """
    from netzwerk_cli.coverage import abdeckung, als_dict
    from netzwerk_cli.model import art_label
    from netzwerk_cli.render import ist_terminal, json_ausgeben, melden, tsv_ausgeben

    _, register = register_oeffnen(registry)
    ergebnis = abdeckung(register, thema, stadtteile)
    if als_json:
        json_ausgeben([als_dict(a, register) for a in ergebnis])
        return
    zeilen = [[a.ort.ebene, a.ort.name, a.ort.bezirk, str(len(a.vor_ort)), str(len(a.umfassend)),
               ", ".join(art_label(art) for art in a.arten), "ja" if a.sozialraumteam else "nein",
               "ja" if a.luecke else "nein"] for a in ergebnis]
    if not ist_terminal():
        tsv_ausgeben(zeilen)
    else:
        _abdeckungsbild(ergebnis, thema, stadtteile)
    luecken_orte = [a.ort.name for a in ergebnis if a.luecke]
    stadtweit = ergebnis[0].stadtweit if ergebnis else 0
    zusatz = f" zum Thema „{thema}“" if thema else ""
    melden(f"{len(luecken_orte)} von {len(ergebnis)} Orten ohne eigenes Netzwerk{zusatz}"
           + (f": {', '.join(luecken_orte)}." if luecken_orte else ".")
           + f" Überall zuständig: {stadtweit} stadtweite Netzwerke.")


def _abdeckungsbild(ergebnis, thema: str, stadtteile: bool) -> None:
    """A bar per place, readable in 80 columns and without colour (gaps say "keins")."""
    from rich.table import Table
    from rich.text import Text

    from netzwerk_cli.model import art_label
    from netzwerk_cli.render import konsole

    ebene = "Stadtteile" if stadtteile else "Stadtbezirke"
    titel = f"Netzwerke je {ebene[:-1]}" + (f" – Thema „{thema}“" if thema else "")
    tabelle = Table(title=titel, title_justify="left")
    tabelle.add_column("Ort", no_wrap=True)
    tabelle.add_column("vor Ort", no_wrap=True)
    tabelle.add_column("+ umfassend", no_wrap=True, justify="right")
    tabelle.add_column("Arten vor Ort", overflow="fold")
    tabelle.add_column("SRT", no_wrap=True)
    bezirk = ""
    for a in ergebnis:
        if stadtteile and a.ort.bezirk != bezirk:  # the Stadtteile grouped under their Bezirk
            bezirk = a.ort.bezirk
            tabelle.add_row(Text(bezirk, style="bold underline"), "", "", "", "")
        anzahl = len(a.vor_ort)
        balken = (Text("█" * min(anzahl, 12) + f" {anzahl}", style="green") if anzahl
                  else Text("– keins –", style="bold red"))
        name = f"  {a.ort.name}" if stadtteile else a.ort.name
        ort = Text(name, style="bold" if a.luecke else "")
        arten = ", ".join(art_label(art) for art in a.arten)
        tabelle.add_row(ort, balken, str(len(a.umfassend)), arten,
                        "ja" if a.sozialraumteam else "–")
    konsole().print(tabelle)

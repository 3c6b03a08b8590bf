"""The read commands: list, show, search and the vocabularies."""


from typing import Annotated

import typer

from netzwerk_cli.cli.app import befehl
from netzwerk_cli.cli.optionen import (
    ArtOption,
    BezirkOption,
    JsonOption,
    RegisterOption,
    StadtteilOption,
    StadtweitOption,
    ThemaOption,
    ids_vervollstaendigen,
    register_oeffnen,
)


@befehl("list")
def list_(
    bezirk: BezirkOption = None,
    stadtteil: StadtteilOption = None,
    thema: ThemaOption = None,
    art: ArtOption = None,
    stadtweit: StadtweitOption = True,
    als_json: JsonOption = False,
    registry: RegisterOption = None,
) -> None:
    """Netzwerke auflisten, gefiltert nach Stadtbezirk, Stadtteil, Thema und Art.

    Beim Filtern nach Gebiet stehen die stadtweiten Netzwerke (z. B. die AGs nach §78 SGB
    VIII) gesondert darunter, weil sie überall zuständig sind. In einer Pipe: eine Zeile je
    Netzwerk, Spalten durch Tabulator getrennt: ID, Name, Art, Gebiet, Themen, Kontakt.
    """
    from netzwerk_cli.query import Kriterien, auswaehlen
    from netzwerk_cli.render import (
        eintraege_ausgeben,
        eintrag_als_dict,
        eintrag_zeile,
        ist_terminal,
        json_ausgeben,
        melden,
        tsv_ausgeben,
    )

    _, register = register_oeffnen(registry)
    kriterien = Kriterien(bezirke=bezirk or [], stadtteile=stadtteil or [], themen=thema or [],
                          arten=art or [], mit_stadtweit=stadtweit)
    auswahl = auswaehlen(register, kriterien)
    for hinweis in auswahl.hinweise:
        melden(f"Hinweis: {hinweis}")
    if als_json:
        json_ausgeben([eintrag_als_dict(i, n, register) for i, n in auswahl.alle()])
        return
    if not auswahl.alle():
        melden("Keine Netzwerke gefunden, die zu diesen Filtern passen.")
        return
    lokal = [eintrag_zeile(i, n, register) for i, n in auswahl.netzwerke]
    stadtweit_zeilen = [eintrag_zeile(i, n, register) for i, n in auswahl.stadtweit]
    if not auswahl.nach_gebiet:
        eintraege_ausgeben(f"Netzwerke ({len(lokal)})", lokal)
    elif not ist_terminal():
        tsv_ausgeben(lokal + stadtweit_zeilen)
    else:
        if lokal:
            eintraege_ausgeben(f"Netzwerke vor Ort ({len(lokal)})", lokal)
        else:
            melden("Vor Ort gibt es hier kein eingetragenes Netzwerk.")
        if stadtweit_zeilen:
            eintraege_ausgeben(f"Stadtweit, überall zuständig ({len(stadtweit_zeilen)})",
                               stadtweit_zeilen)


@befehl()
def show(
    eintrag_id: Annotated[
        str,
        typer.Argument(metavar="ID", help="ID des Netzwerks oder Angebots (siehe `netz list`).",
                       autocompletion=ids_vervollstaendigen, show_default=False),
    ],
    als_json: JsonOption = False,
    registry: RegisterOption = None,
) -> None:
    """Alles über ein Netzwerk oder Angebot zeigen, mit seinen Kontakten."""
    from netzwerk_cli.render import eintrag_als_dict, eintrag_ausgeben, json_ausgeben

    _, register = register_oeffnen(registry)
    eintrag = register.eintrag(eintrag_id)
    if als_json:
        json_ausgeben(eintrag_als_dict(eintrag_id, eintrag, register))
    else:
        eintrag_ausgeben(eintrag_id, eintrag, register)


@befehl()
def search(
    suchbegriff: Annotated[
        list[str],
        typer.Argument(metavar="TEXT", help="Suchwörter; alle müssen vorkommen.",
                       show_default=False),
    ],
    als_json: JsonOption = False,
    registry: RegisterOption = None,
) -> None:
    """Volltextsuche in Namen, Themen, Gebieten, Kontakten und Notizen.

    Groß-/Kleinschreibung, Umlaute (ä = ae) und ß (= ss) spielen keine Rolle, kleine Tippfehler
    werden toleriert, Wortteile genügen („jugend“ findet „Jugendsozialarbeit“). Die besten
    Treffer stehen oben.
    """
    from netzwerk_cli.query import suchen
    from netzwerk_cli.render import (
        eintraege_ausgeben,
        eintrag_als_dict,
        eintrag_zeile,
        json_ausgeben,
        melden,
    )

    _, register = register_oeffnen(registry)
    treffer = suchen(register, " ".join(suchbegriff))
    if als_json:
        json_ausgeben([eintrag_als_dict(t.id, t.eintrag, register) | {"punkte": round(t.punkte, 2)}
                       for t in treffer])
        return
    if not treffer:
        melden(f"Nichts gefunden für „{' '.join(suchbegriff)}“.")
        raise typer.Exit(1)
    zeilen = [eintrag_zeile(t.id, t.eintrag, register) for t in treffer]
    eintraege_ausgeben(f"Treffer für „{' '.join(suchbegriff)}“ ({len(zeilen)})", zeilen)


@befehl()
def bezirke(als_json: JsonOption = False, registry: RegisterOption = None) -> None:
    """Stadtbezirke, Stadtteile und Wohnbezirke mit der Zahl der Netzwerke vor Ort.

    Jeder hier genannte Name (auch ohne Umlaute oder Bindestrich) taugt für --bezirk und
    --stadtteil. In einer Pipe: Ebene, Name, Stadtbezirk, Anzahl – durch Tabulator getrennt.
    """
    from netzwerk_cli.query import orte_mit_anzahl
    from netzwerk_cli.render import json_ausgeben, zeilen_ausgeben

    _, register = register_oeffnen(registry)
    zaehlung = orte_mit_anzahl(register)
    if als_json:
        json_ausgeben([{"name": ort.name, "ebene": ort.ebene, "stadtbezirk": ort.bezirk,
                        "pfad": list(ort.pfad), "netzwerke": anzahl}
                       for ort, anzahl in zaehlung])
        return
    zeilen = [[ort.ebene, "  " * (len(ort.pfad) - 1) + ort.name, ort.bezirk, str(anzahl)]
              for ort, anzahl in zaehlung]
    zeilen_ausgeben("Orte in Hagen und Netzwerke vor Ort",
                    ["Ebene", "Name", "Stadtbezirk", "Netzwerke"], zeilen)


@befehl()
def themen(als_json: JsonOption = False, registry: RegisterOption = None) -> None:
    """Alle Themen der Netzwerke mit ihrer Häufigkeit (für --thema)."""
    from netzwerk_cli.render import json_ausgeben, zeilen_ausgeben
    from netzwerk_cli.text import key

    _, register = register_oeffnen(registry)
    zaehlung = sorted(register.themen().items(), key=lambda paar: (-paar[1], key(paar[0])))
    if als_json:
        json_ausgeben([{"thema": thema, "netzwerke": anzahl} for thema, anzahl in zaehlung])
        return
    zeilen_ausgeben("Themen", ["Thema", "Netzwerke"],
                    [[thema, str(anzahl)] for thema, anzahl in zaehlung])


@befehl()
def arten(als_json: JsonOption = False, registry: RegisterOption = None) -> None:
    """Die Arten von Netzwerken mit ihrer Häufigkeit (für --art)."""
    from netzwerk_cli.model import ARTEN
    from netzwerk_cli.render import json_ausgeben, zeilen_ausgeben

    _, register = register_oeffnen(registry)
    zaehlung = register.arten()
    if als_json:
        json_ausgeben([{"art": art_id, "name": ARTEN[art_id][0], "andere_namen":
                        list(ARTEN[art_id][1]), "netzwerke": anzahl}
                       for art_id, anzahl in zaehlung.items()])
        return
    zeilen_ausgeben("Arten", ["Art", "auch", "Netzwerke"],
                    [[ARTEN[a][0], ", ".join(ARTEN[a][1]), str(n)] for a, n in zaehlung.items()])


@befehl()
def angebote(als_json: JsonOption = False, registry: RegisterOption = None) -> None:
    """Stadtweite Einrichtungen, die ihre Angebote gern bei Netzwerktreffen vorstellen."""
    from netzwerk_cli.render import (
        eintrag_als_dict,
        hauptkontakt,
        json_ausgeben,
        melden,
        zeilen_ausgeben,
    )
    from netzwerk_cli.text import key

    _, register = register_oeffnen(registry)
    eintraege = sorted(register.angebote.items(), key=lambda paar: key(paar[1].name))
    if als_json:
        json_ausgeben([eintrag_als_dict(i, a, register) for i, a in eintraege])
        return
    if not eintraege:
        melden("Das Register enthält keine Angebote.")
        return
    zeilen_ausgeben(
        "Angebote für Netzwerktreffen", ["ID", "Name", "Themen", "Kontakt"],
        [[i, a.name, ", ".join(a.themen), hauptkontakt(a, register)] for i, a in eintraege],
    )


@befehl()
def info(als_json: JsonOption = False, registry: RegisterOption = None) -> None:
    """Welche Registerdatei benutzt wird, warum, und was sie enthält."""
    from netzwerk_cli.render import json_ausgeben, zeilen_ausgeben

    fundort, register = register_oeffnen(registry)
    staende = register.staende()
    daten = {
        "datei": str(fundort.pfad),
        "grund": fundort.grund,
        "titel": register.titel,
        "netzwerke": len(register.netzwerke),
        "kontakte": len(register.kontakte),
        "angebote": len(register.angebote),
        "aeltester_stand": staende[0] if staende else "",
        "neuester_stand": staende[-1] if staende else "",
    }
    if als_json:
        json_ausgeben(daten)
        return
    beschriftung = {"datei": "Datei", "grund": "Gewählt durch", "titel": "Titel",
                    "netzwerke": "Netzwerke", "kontakte": "Kontakte", "angebote": "Angebote",
                    "aeltester_stand": "Ältester Stand", "neuester_stand": "Neuester Stand"}
    zeilen_ausgeben("Register", ["Angabe", "Wert"],
                    [[beschriftung[k], str(v)] for k, v in daten.items() if v != ""])

"""The ``netz`` command line: parse arguments, call the core, render. No business logic here.

Errors of the project's own types are turned into a German message on stderr and an exit code
in one place (``_NetzGroup.invoke``); everything else lives in the core modules.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from typer._click.exceptions import UsageError  # Typer 0.29 bundles its own Click
from typer.core import TyperCommand, TyperGroup

from netzwerk_cli import __version__, i18n
from netzwerk_cli.errors import NetzError

i18n.typer_auf_deutsch()


class _AufDeutsch:
    """Mixin for Typer's command classes: German usage line, option help and usage errors."""

    def get_usage(self, ctx: typer.Context) -> str:
        return i18n.aufruf_auf_deutsch(super().get_usage(ctx))  # type: ignore[misc]

    def get_params(self, ctx: typer.Context) -> list:
        params = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            if param.name in i18n.HILFETEXTE:
                param.help = i18n.HILFETEXTE[param.name]
        return params

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc]
        except UsageError as err:
            raise _auf_deutsch(err) from None


def _auf_deutsch(err: UsageError) -> UsageError:
    """The same usage error (exit code 2, same context) with its message in German."""
    return UsageError(i18n.usage_fehler_auf_deutsch(err.format_message()), err.ctx)


class _NetzBefehl(_AufDeutsch, TyperCommand):
    """A netz command."""


class _NetzGroup(_AufDeutsch, TyperGroup):
    """The netz app: also turns every ``NetzError`` into a short German message."""

    def resolve_command(self, ctx: typer.Context, args: list[str]):
        try:
            return super().resolve_command(ctx, args)
        except UsageError as err:
            raise _auf_deutsch(err) from None

    def invoke(self, ctx: typer.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except NetzError as err:
            print(f"Fehler: {err}", file=sys.stderr)
            raise typer.Exit(err.exit_code) from None


app = typer.Typer(
    cls=_NetzGroup,
    name="netz",
    help="Das Register der Sozialraum-Netzwerke für die Arbeit mit Kindern und Jugendlichen "
    "in Hagen: Netzwerke finden, Kontakte nachschlagen, Register prüfen.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode="markdown",
)


def _befehl(name: str | None = None):
    """Register a command with netz's German command class."""
    return app.command(name, cls=_NetzBefehl)


# --- Shell completion: light, independent of the app callback -----------------------------


def _passend(werte: list[str], anfang: str) -> list[str]:
    from netzwerk_cli.text import key

    return [w for w in werte if key(w).startswith(key(anfang))]


def _orte_vervollstaendigen(incomplete: str) -> list[str]:
    from netzwerk_cli.gazetteer import hagen

    return _passend(hagen().namen(), incomplete)


def _arten_vervollstaendigen(incomplete: str) -> list[str]:
    from netzwerk_cli.model import ARTEN

    return _passend([label for label, _ in ARTEN.values()], incomplete)


def _aus_register(incomplete: str, was: str) -> list[str]:
    """Ids or topics of the registry in use; silent on any problem (this runs on every TAB)."""
    from netzwerk_cli.registry import register_finden, register_laden

    try:
        register = register_laden(register_finden())
    except NetzError:
        return []
    werte = list(register.themen()) if was == "themen" else [*register.netzwerke,
                                                             *register.angebote]
    return _passend(sorted(werte), incomplete)


def _themen_vervollstaendigen(incomplete: str) -> list[str]:
    return _aus_register(incomplete, "themen")


def _ids_vervollstaendigen(incomplete: str) -> list[str]:
    return _aus_register(incomplete, "ids")


# --- Options shared by the commands --------------------------------------------------------

RegisterOption = Annotated[
    Path | None,
    typer.Option(
        "--registry",
        "-r",
        metavar="DATEI",
        help="Registerdatei (statt NETZ_REGISTRY, Konfiguration oder Standard-Register).",
        show_default=False,
        dir_okay=False,
    ),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Maschinenlesbare Ausgabe als JSON.")
]
BezirkOption = Annotated[
    list[str] | None,
    typer.Option(
        "--bezirk",
        "-b",
        metavar="NAME",
        help="Nur Netzwerke in diesem Stadtbezirk (mehrfach möglich), z. B. Haspe, Mitte.",
        autocompletion=_orte_vervollstaendigen,
        show_default=False,
    ),
]
StadtteilOption = Annotated[
    list[str] | None,
    typer.Option(
        "--stadtteil",
        "-s",
        metavar="NAME",
        help="Nur Netzwerke in diesem Stadtteil oder Wohnbezirk (mehrfach möglich).",
        autocompletion=_orte_vervollstaendigen,
        show_default=False,
    ),
]
ThemaOption = Annotated[
    list[str] | None,
    typer.Option(
        "--thema",
        "-t",
        metavar="THEMA",
        help="Nur Netzwerke mit diesem Thema (Teilwort genügt, mehrfach möglich).",
        autocompletion=_themen_vervollstaendigen,
        show_default=False,
    ),
]
ArtOption = Annotated[
    list[str] | None,
    typer.Option(
        "--art",
        "-a",
        metavar="ART",
        help="Nur Netzwerke dieser Art: Netzwerk, Arbeitsgemeinschaft (AG), Arbeitskreis (AK), "
        "Gremium, Sozialraumteam, Konferenz.",
        autocompletion=_arten_vervollstaendigen,
        show_default=False,
    ),
]
StadtweitOption = Annotated[
    bool,
    typer.Option(
        "--stadtweit/--ohne-stadtweit",
        help="Beim Filtern nach Gebiet auch die stadtweiten Netzwerke zeigen (gesondert).",
    ),
]


def _register(option: Path | None):
    """Load the registry in use, telling the user once when the default one was just created."""
    from netzwerk_cli.registry import register_finden, register_laden
    from netzwerk_cli.render import melden

    fundort = register_finden(option)
    if fundort.neu_angelegt:
        melden(
            f"Hinweis: Das Register wurde aus den mitgelieferten Hagen-Daten angelegt: "
            f"{fundort.pfad}"
        )
    return fundort, register_laden(fundort)


# --- Commands --------------------------------------------------------------------------------


def _version(value: bool) -> None:
    if value:
        print(f"netz {__version__}")
        raise typer.Exit()


@app.callback()
def _hauptbefehl(
    version: Annotated[
        bool,
        typer.Option("--version", help="Version zeigen und beenden.", callback=_version,
                     is_eager=True),
    ] = False,
) -> None:
    """Das Register der Sozialraum-Netzwerke in Hagen."""


@_befehl("list")
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

    _, register = _register(registry)
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


@_befehl()
def show(
    eintrag_id: Annotated[
        str,
        typer.Argument(metavar="ID", help="ID des Netzwerks oder Angebots (siehe `netz list`).",
                       autocompletion=_ids_vervollstaendigen, show_default=False),
    ],
    als_json: JsonOption = False,
    registry: RegisterOption = None,
) -> None:
    """Alles über ein Netzwerk oder Angebot zeigen, mit seinen Kontakten."""
    from netzwerk_cli.render import eintrag_als_dict, eintrag_ausgeben, json_ausgeben

    _, register = _register(registry)
    eintrag = register.eintrag(eintrag_id)
    if als_json:
        json_ausgeben(eintrag_als_dict(eintrag_id, eintrag, register))
    else:
        eintrag_ausgeben(eintrag_id, eintrag, register)


@_befehl()
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

    _, register = _register(registry)
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


@_befehl()
def bezirke(als_json: JsonOption = False, registry: RegisterOption = None) -> None:
    """Stadtbezirke, Stadtteile und Wohnbezirke mit der Zahl der Netzwerke vor Ort.

    Jeder hier genannte Name (auch ohne Umlaute oder Bindestrich) taugt für --bezirk und
    --stadtteil. In einer Pipe: Ebene, Name, Stadtbezirk, Anzahl – durch Tabulator getrennt.
    """
    from netzwerk_cli.query import orte_mit_anzahl
    from netzwerk_cli.render import json_ausgeben, zeilen_ausgeben

    _, register = _register(registry)
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


@_befehl()
def themen(als_json: JsonOption = False, registry: RegisterOption = None) -> None:
    """Alle Themen der Netzwerke mit ihrer Häufigkeit (für --thema)."""
    from netzwerk_cli.render import json_ausgeben, zeilen_ausgeben
    from netzwerk_cli.text import key

    _, register = _register(registry)
    zaehlung = sorted(register.themen().items(), key=lambda paar: (-paar[1], key(paar[0])))
    if als_json:
        json_ausgeben([{"thema": thema, "netzwerke": anzahl} for thema, anzahl in zaehlung])
        return
    zeilen_ausgeben("Themen", ["Thema", "Netzwerke"],
                    [[thema, str(anzahl)] for thema, anzahl in zaehlung])


@_befehl()
def arten(als_json: JsonOption = False, registry: RegisterOption = None) -> None:
    """Die Arten von Netzwerken mit ihrer Häufigkeit (für --art)."""
    from netzwerk_cli.model import ARTEN
    from netzwerk_cli.render import json_ausgeben, zeilen_ausgeben

    _, register = _register(registry)
    zaehlung = register.arten()
    if als_json:
        json_ausgeben([{"art": art_id, "name": ARTEN[art_id][0], "andere_namen":
                        list(ARTEN[art_id][1]), "netzwerke": anzahl}
                       for art_id, anzahl in zaehlung.items()])
        return
    zeilen_ausgeben("Arten", ["Art", "auch", "Netzwerke"],
                    [[ARTEN[a][0], ", ".join(ARTEN[a][1]), str(n)] for a, n in zaehlung.items()])


@_befehl()
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

    _, register = _register(registry)
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


@_befehl()
def info(als_json: JsonOption = False, registry: RegisterOption = None) -> None:
    """Welche Registerdatei benutzt wird, warum, und was sie enthält."""
    from netzwerk_cli.render import json_ausgeben, zeilen_ausgeben

    fundort, register = _register(registry)
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


def main() -> None:
    """Entry point of the ``netz`` console script."""
    app()

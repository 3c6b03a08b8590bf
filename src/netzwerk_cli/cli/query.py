"""The read commands that choose and show entries: list, show, search, themen, arten, angebote."""


from typing import TYPE_CHECKING, Annotated

import typer

from netzwerk_cli.cli.app import command, new_group
from netzwerk_cli.cli.options import (
    AlleOption,
    JsonOption,
    RegistryOption,
    complete_ids,
    complete_netzwerk_ids,
    complete_vorschlagen,
    with_filters,
)
from netzwerk_cli.cli.registry import open_registry
from netzwerk_cli.model import ANGEBOTE
from netzwerk_cli.query import Criteria

if TYPE_CHECKING:
    from netzwerk_cli.model import Registry

group = new_group()


@command("list", group)
@with_filters
def list_(criteria: Criteria, as_json: JsonOption = False, show_all: AlleOption = False,
          registry: RegistryOption = None) -> None:
    """Netzwerke auflisten, gefiltert nach Stadtbezirk, Stadtteil, Sozialraum, Thema und Art.

    Stadtbezirk und Stadtteil sind Verwaltungseinheiten mit klaren Grenzen, wie die Statistik
    der Stadt sie führt; Wohnbezirke und Viertel sind kleinere Orte darin. Ein Sozialraum ist
    sozial bestimmt (Zusammengehörigkeit, ähnliche Lebenslagen), nennt seine Orte und darf
    über Stadtteil- und Bezirksgrenzen hinausreichen (alle zeigt `netz bezirke`).

    Beim Filtern nach Gebiet stehen die stadtweiten Netzwerke (z. B. die AGs nach §78 SGB
    VIII) gesondert darunter, weil sie überall zuständig sind. In einer Pipe: eine Zeile je
    Netzwerk, Spalten durch Tabulator getrennt: ID, Name, Art, Gebiet, Themen, Kontakt.

    Auf einem schmalen Terminal entfallen zuerst die Spalte Themen, dann Art; Name, ID,
    Gebiet und Kontakt bleiben immer ganz.
    """
    from netzwerk_cli.cli import render
    from netzwerk_cli.query import select

    _, reg = open_registry(registry)
    selection = select(reg, criteria)
    render.hints(selection.hints)
    if as_json:
        from netzwerk_cli import serialize

        render.print_json(serialize.entries(selection.all(), reg))
    if not selection.all():
        render.note("Keine Netzwerke gefunden, die zu diesen Filtern passen.")
        raise typer.Exit(1)
    if as_json:
        return
    local = [render.entry_row(i, n, reg) for i, n in selection.netzwerke]
    citywide = [render.entry_row(i, n, reg) for i, n in selection.stadtweit]
    if not selection.by_area:
        render.print_entries(f"Netzwerke ({len(local)})", local, None,
                             render.Listing(show_all, "Netzwerken", NARROW_LIST))
    elif not render.is_terminal():
        render.print_tsv(local + citywide)
    else:
        _print_by_area(local, citywide, show_all)


# How to narrow a long `netz list` (in the note below a cut table).
NARROW_LIST = "--bezirk, --stadtteil, --thema, --art oder `netz search TEXT`"


def _print_by_area(local: list[list[str]], citywide: list[list[str]], show_all: bool) -> None:
    """The networks on site, then the citywide ones, in tables with the same columns."""
    from netzwerk_cli.cli import render

    both = [local, citywide]  # both tables with the same columns and widths
    with render.paged(render.Listing(show_all, "")):  # with --alle: both in one pager
        if local:
            render.print_entries(f"Netzwerke vor Ort ({len(local)})", local, both,
                                 render.Listing(show_all, "Netzwerken vor Ort", NARROW_LIST))
        else:
            render.note("Vor Ort gibt es hier kein eingetragenes Netzwerk.")
        if citywide:
            render.print_entries(f"Stadtweit, überall zuständig ({len(citywide)})", citywide,
                                 both, render.Listing(show_all, "stadtweiten Netzwerken",
                                                      "--thema, --art oder --ohne-stadtweit"))


@command("show", group)
def show(
    entry_id: Annotated[
        str,
        typer.Argument(metavar="ID", help="ID des Netzwerks oder Angebots (siehe `netz list`).",
                       autocompletion=complete_ids, show_default=False),
    ],
    as_json: JsonOption = False,
    registry: RegistryOption = None,
) -> None:
    """Alles über ein Netzwerk oder Angebot zeigen, mit seinen Kontakten.

    Bei einem Netzwerk mit Mitgliedern auch die Koordination, den Vorbereitungskreis mit dem
    Ende seiner Amtszeit und die Zahl der Mitglieder (alle zeigt `netz mitglied list ID`).
    """
    from netzwerk_cli import serialize
    from netzwerk_cli.cli import render

    _, reg = open_registry(registry)
    entry = reg.entry(entry_id)
    if as_json:
        render.print_json(serialize.entry_with_members(entry_id, entry, reg))
    else:
        render.print_entry(entry_id, entry, reg)


@command("search", group)
def search(
    terms: Annotated[
        list[str],
        typer.Argument(metavar="TEXT", help="Suchwörter; alle müssen vorkommen.",
                       show_default=False),
    ],
    as_json: JsonOption = False,
    show_all: AlleOption = False,
    registry: RegistryOption = None,
) -> None:
    """Volltextsuche in Namen, Themen, Gebieten, Kontakten (auch Anschriften) und Notizen.

    Alle Suchwörter müssen vorkommen, Wortteile genügen („jugend“ findet „Jugendsozialarbeit“).
    Groß-/Kleinschreibung, ß (= ss) und Umlaute spielen keine Rolle (ü = u = ue: „Burger“
    findet „Bürger“). Kleine Tippfehler werden verziehen, auch am Anfang zusammengesetzter
    Wörter („jugnd“ findet „Jugendarbeit“). Abkürzungen und Fachwörter wie Kita, OGS, ASD, SRT,
    OKJA, JuZ, HzE, BfD oder Jugendamt finden auch, wofür sie stehen („Kita“ findet
    „Kindertagesbetreuung“); dieses Vokabular steht in vokabular.toml im Paket netzwerk_cli
    (src/netzwerk_cli/vokabular.toml) und lässt sich dort ergänzen. Die besten Treffer stehen
    oben.

    Auf einem schmalen Terminal entfallen zuerst die Spalte Themen, dann Art; Name, ID,
    Gebiet und Kontakt bleiben immer ganz.
    """
    from netzwerk_cli import serialize
    from netzwerk_cli.cli import render
    from netzwerk_cli.query import search as search_registry

    _, reg = open_registry(registry)
    text = " ".join(terms)
    hits = search_registry(reg, text)
    if as_json:
        render.print_json(serialize.hits(hits, reg))
    if not hits:
        render.note(f"Nichts gefunden für „{text}“.")
        raise typer.Exit(1)
    if as_json:
        return
    rows = [render.entry_row(hit.id, hit.entry, reg) for hit in hits]
    render.print_entries(f"Treffer für „{text}“ ({len(rows)})", rows, None,
                         render.Listing(show_all, "Treffern", "weitere Suchwörter"))


@command("themen", group)
def themen(as_json: JsonOption = False, show_all: AlleOption = False,
           registry: RegistryOption = None) -> None:
    """Alle Themen der Netzwerke mit ihrer Häufigkeit (für --thema)."""
    from netzwerk_cli import serialize
    from netzwerk_cli.cli import render
    from netzwerk_cli.text import key

    _, reg = open_registry(registry)
    counts = sorted(reg.count_themen().items(), key=lambda pair: (-pair[1], key(pair[0])))
    if as_json:
        render.print_json([serialize.thema_count(thema, n) for thema, n in counts])
        return
    render.print_rows("Themen", ["Thema", "Netzwerke"], [[thema, str(n)] for thema, n in counts],
                      listing=render.Listing(show_all, "Themen"))


@command("arten", group)
def arten(as_json: JsonOption = False, registry: RegistryOption = None) -> None:
    """Die Arten von Netzwerken mit ihrer Häufigkeit (für --art)."""
    from netzwerk_cli import serialize
    from netzwerk_cli.cli import render
    from netzwerk_cli.model import ARTEN

    _, reg = open_registry(registry)
    counts = reg.count_arten()
    if as_json:
        render.print_json([serialize.art_count(art_id, n) for art_id, n in counts.items()])
        return
    render.print_rows("Arten", ["Art", "auch", "Netzwerke"],
                      [[ARTEN[a][0], ", ".join(ARTEN[a][1]), str(n)] for a, n in counts.items()])


@command("angebote", group)
def angebote(
    vorschlagen: Annotated[str | None, typer.Argument(
        metavar="vorschlagen", autocompletion=complete_vorschlagen, show_default=False,
        help="Mit NETZWERK: die Angebote, die sich bei diesem Netzwerk noch nicht vorgestellt "
             "haben (und nicht schon eingeladen sind), die passendsten zuerst.")] = None,
    netzwerk_id: Annotated[str | None, typer.Argument(
        metavar="NETZWERK", autocompletion=complete_netzwerk_ids, show_default=False,
        help="ID des Netzwerks (siehe `netz list`).")] = None,
    as_json: JsonOption = False,
    show_all: AlleOption = False,
    registry: RegistryOption = None,
) -> None:
    """Stadtweite Einrichtungen, die ihre Angebote gern bei Netzwerktreffen vorstellen.

    `netz angebote vorschlagen NETZWERK` schlägt die vor, die sich dort noch nicht vorgestellt
    haben – nach gemeinsamen Themen (zählen doppelt) und Zielgruppen des Netzwerks, die
    passendsten zuerst; in einer Pipe: ID, Name, passt zu, Punkte, Kontakt. Auf einem
    schmalen Terminal entfällt die Spalte Themen (beim Vorschlagen: Kontakt); ID und Name
    bleiben.
    """
    from netzwerk_cli import serialize
    from netzwerk_cli.cli import render
    from netzwerk_cli.text import key

    _, reg = open_registry(registry)
    if vorschlagen is not None or netzwerk_id is not None:
        _suggest(reg, [w for w in (vorschlagen, netzwerk_id) if w is not None], as_json,
                 show_all)
        return
    entries = sorted(reg.angebote.items(), key=lambda pair: key(pair[1].name))
    if as_json:
        render.print_json(serialize.entries(entries, reg))
        return
    if not entries:
        render.note("Das Register enthält keine Angebote.")
        return
    columns = [render.Column("ID", whole=True), render.Column("Name"),
               render.Column("Themen", drop=1), render.Column("Kontakt")]
    render.print_rows("Angebote für Netzwerktreffen", columns,
                      [[i, a.name, ", ".join(a.themen), render.main_kontakt(a, reg)]
                       for i, a in entries], listing=render.Listing(show_all, "Angeboten"))
    if reg.anmerkungen.get(ANGEBOTE):  # e.g. the source's are examples, not a complete list
        render.note(reg.anmerkungen[ANGEBOTE])


def _suggest(reg: "Registry", words: list[str], as_json: bool, show_all: bool) -> None:
    """`netz angebote vorschlagen NETZWERK` (a form that keeps `netz angebote` as it is)."""
    from netzwerk_cli.cli.meetings import print_suggestions
    from netzwerk_cli.errors import InputError

    if len(words) != 2 or words[0].casefold() != "vorschlagen":
        raise InputError(f"„{' '.join(words)}“ verstehe ich nicht. Aufruf: `netz angebote` (alle "
                         "Angebote) oder `netz angebote vorschlagen NETZWERK`.")
    reg.netzwerk(words[1])
    print_suggestions(reg, words[1], as_json, show_all)

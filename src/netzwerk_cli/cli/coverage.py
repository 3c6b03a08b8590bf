"""``netz bezirke`` and ``netz luecken``: the places of Hagen and where networks are missing."""


from typing import TYPE_CHECKING, Annotated

import typer

from netzwerk_cli.cli.app import command, new_group
from netzwerk_cli.cli.options import (
    JsonOption,
    RegistryOption,
    complete_arten,
    complete_sozialraeume,
)
from netzwerk_cli.cli.registry import open_registry

if TYPE_CHECKING:
    from netzwerk_cli.coverage import Coverage
    from netzwerk_cli.gazetteer import Sozialraum

group = new_group()


@command("bezirke", group)
def bezirke(as_json: JsonOption = False, registry: RegistryOption = None) -> None:
    """Stadtbezirke, Stadtteile, Wohnbezirke und Sozialräume mit der Zahl der Netzwerke vor Ort
    und umfassend.

    Stadtbezirk und Stadtteil sind Verwaltungseinheiten mit klaren Grenzen, wie die Statistik
    der Stadt sie führt; Wohnbezirke und Viertel sind kleinere Orte darin. Ein Sozialraum ist
    sozial bestimmt (Zusammengehörigkeit, ähnliche Lebenslagen), nennt seine Orte und darf
    über Stadtteil- und Bezirksgrenzen hinausreichen.

    „vor Ort“: Netzwerke (Netzwerke, Stadtteilforen, Runde Tische, Arbeitskreise), deren Gebiet
    der Ort ist oder in ihm liegt; „umfassend“: solche für ein größeres Gebiet, das den Ort
    einschließt; Sozialraumteams, Konferenzen und stadtweite zählen nicht mit – dieselbe
    Rechnung wie `netz luecken`. Jeder hier genannte Name (auch ohne Umlaute oder Bindestrich)
    taugt für --bezirk und --stadtteil, jeder Sozialraum für --sozialraum. Am Terminal zwei
    Tabellen – die Orte als Baum, dann die Sozialräume –, die Quellen der Sozialräume darunter.
    In einer Pipe: Ebene, Name, Stadtbezirk, vor Ort, umfassend, Orte (bei Sozialräumen),
    Quelle – durch Tabulator getrennt.
    """
    from netzwerk_cli import serialize
    from netzwerk_cli.cli import render
    from netzwerk_cli.coverage import coverage_of_places, coverage_of_sozialraeume
    from netzwerk_cli.gazetteer import LEVELS_TEXT

    _, reg = open_registry(registry)
    places = coverage_of_places(reg)
    raeume = coverage_of_sozialraeume(reg)
    if as_json:
        render.print_json([serialize.place_coverage(c) for c in [*places, *raeume]])
        return
    rows = [[c.place.level, "  " * (len(c.place.path) - 1) + c.place.name, c.place.bezirk,
             str(len(c.vor_ort)), str(len(c.wider)), "", ""] for c in places]
    rows += [["Sozialraum", c.name, c.bezirk, str(len(c.vor_ort)), str(len(c.wider)),
              _orte(c.sozialraum), c.sozialraum.quelle if c.sozialraum else ""]
             for c in raeume]
    if render.is_terminal():
        _bezirke_tables(rows[:len(places)], rows[len(places):], raeume)
    else:
        render.print_tsv(rows)
    render.note(LEVELS_TEXT)


def _bezirke_tables(place_rows: list[list[str]], raum_rows: list[list[str]],
                    raeume: "list[Coverage]") -> None:
    """At a terminal two tables: the places as a tree (its indent shows the Stadtbezirk), then
    the Sozialräume, each with the Bezirke of its Orte; their sources once each below (a
    column would take a fifth of 80 columns for a few rows)."""
    from netzwerk_cli.cli import render

    places_table = [render.Column("Ebene", drop=1), render.Column("Name", slash=True),
                    render.Column("vor Ort", whole=True), render.Column("umfassend", whole=True)]
    render.print_table("Orte in Hagen: Netzwerke vor Ort und umfassend", places_table,
                       [[row[0], row[1], row[3], row[4]] for row in place_rows])
    if not raum_rows:
        return
    raeume_table = [render.Column("Sozialraum", slash=True), render.Column("Stadtbezirk"),
                    render.Column("vor Ort", whole=True),
                    render.Column("umfassend", whole=True), render.Column("Orte")]
    render.print_table("Sozialräume: Netzwerke vor Ort und umfassend", raeume_table,
                       [row[1:6] for row in raum_rows])
    render.print_paragraphs(_sources(raeume))


def _sources(raeume: "list[Coverage]") -> list[tuple[str, str]]:
    """"Quelle der Sozialräume A, B: …" – one line per source, below the table."""
    by_source: dict[str, list[str]] = {}
    for c in raeume:
        if c.sozialraum is not None:
            by_source.setdefault(c.sozialraum.quelle, []).append(c.name)
    return [("", f"Quelle der Sozialräume {', '.join(names)}: {quelle or 'keine angegeben'}.")
            for quelle, names in by_source.items()]


def _orte(raum: "Sozialraum | None") -> str:
    return ", ".join(ort.name for ort in raum.orte) if raum else ""


@command("luecken", group)
def luecken(
    thema: Annotated[str, typer.Option(
        "--thema", "-t", metavar="THEMA",
        help="Nur Netzwerke mit diesem Thema zählen (Teilwort genügt).")] = "",
    stadtteile: Annotated[bool, typer.Option(
        "--stadtteile", help="Die 13 Stadtteile statt der Stadtbezirke zeigen.")] = False,
    sozialraeume: Annotated[bool, typer.Option(
        "--sozialraeume", help="Die Sozialräume statt der Stadtbezirke zeigen.")] = False,
    sozialraum: Annotated[str, typer.Option(
        "--sozialraum", metavar="NAME", autocompletion=complete_sozialraeume,
        help="Nur dieser Sozialraum: den Sozialraum selbst und seine Orte, jeden auf seiner "
             "Ebene (mit --stadtteile: die Stadtteile seiner Orte, dazu Orte in keinem "
             "Stadtteil wie Westerbauer; mit --sozialraeume: nur ihn).")] = "",
    art: Annotated[list[str] | None, typer.Option(
        "--art", "-a", metavar="ART", autocompletion=complete_arten, show_default=False,
        help="Was als Netzwerk vor Ort zählt (mehrfach möglich); ohne: Netzwerk (Stadtteilforen, "
             "Runde Tische) und Arbeitskreis.")] = None,
    as_json: JsonOption = False,
    registry: RegistryOption = None,
) -> None:
    """Wo gibt es kein Netzwerk? Abdeckung je Stadtbezirk, Stadtteil oder Sozialraum.

    Stadtbezirk und Stadtteil sind Verwaltungseinheiten mit klaren Grenzen, wie die Statistik
    der Stadt sie führt; Wohnbezirke und Viertel sind kleinere Orte darin. Ein Sozialraum ist
    sozial bestimmt (Zusammengehörigkeit, ähnliche Lebenslagen), nennt seine Orte und darf
    über Stadtteil- und Bezirksgrenzen hinausreichen.

    „Vor Ort“ zählt, was die Quelle Netzwerke nennt – Netzwerke, Stadtteilforen, Runde Tische,
    Arbeitskreise (--art wählt anderes) –, deren Gebiet der Ort ist oder in ihm liegt; solche
    für ein größeres Gebiet zählen als „umfassend“. Sozialraumteams und Konferenzen (z. B. die
    Stadtbezirkskonferenz) stehen in eigenen Spalten, stadtweite gesondert – dieselbe Rechnung
    wie `netz bezirke`. Orte ohne eigenes Netzwerk sind als Lücke markiert. Auf einem
    schmalen Terminal entfallen zuerst die Spalten Arten vor Ort, dann Konf., SRT und
    umfassend; Ort und vor Ort bleiben ganz. In einer Pipe:
    Ebene, Ort, Stadtbezirk, vor Ort, umfassend, Arten vor Ort, Sozialraumteam, Lücke,
    Sozialraumteams, Konferenzen, stadtweite – durch Tabulator getrennt.
    """
    from netzwerk_cli import serialize
    from netzwerk_cli.cli import render
    from netzwerk_cli.coverage import ORTSNETZ_ARTEN, coverage, coverage_of_sozialraeume
    from netzwerk_cli.errors import InputError
    from netzwerk_cli.gazetteer import resolve_sozialraum
    from netzwerk_cli.model import resolve_art
    from netzwerk_cli.query import unknown_thema

    if stadtteile and sozialraeume:
        raise InputError("--stadtteile und --sozialraeume schließen einander aus; bitte eins.")
    arten = list(dict.fromkeys(resolve_art(a) for a in art)) if art else list(ORTSNETZ_ARTEN)
    _, reg = open_registry(registry)
    raum = resolve_sozialraum(sozialraum, reg.sozialraum_index()) if sozialraum else None
    if sozialraeume:
        result = coverage_of_sozialraeume(reg, thema, arten, raum)
    else:
        result = coverage(reg, thema, stadtteile, arten, raum)
    if thema:
        render.hints(list(filter(None, [unknown_thema(reg, thema)])))
    if as_json:
        render.print_json([serialize.coverage(c, reg) for c in result])
        return
    if render.is_terminal():
        _coverage_picture(result, _title(thema, stadtteile, sozialraeume, raum),
                          grouped=stadtteile and raum is None)
    else:
        render.print_tsv([_coverage_row(c) for c in result])
    render.note(_summary(result, thema, "Sozialräumen" if sozialraeume else "Orten", arten,
                         chosen=bool(art)))


def _title(thema: str, stadtteile: bool, sozialraeume: bool,
           raum: "Sozialraum | None") -> str:
    """The title of the picture: per Bezirk, Stadtteil or Sozialraum, or one Sozialraum."""
    about = f" – Thema „{thema}“" if thema else ""
    if raum is not None and not sozialraeume:
        return (f"Netzwerke im Sozialraum {raum.name} und seinen "
                + ("Stadtteilen" if stadtteile else "Orten") + about)
    return ("Netzwerke je " + ("Sozialraum" if sozialraeume else "Stadtteil" if stadtteile
                               else "Stadtbezirk") + about)


def _summary(result: "list[Coverage]", thema: str, what: str, arten: list[str],
             chosen: bool) -> str:
    """The line under `netz luecken`: the gaps, the city-wide networks, what counted."""
    from netzwerk_cli.model import art_label
    from netzwerk_cli.text import count

    gaps = [c.name for c in result if c.gap]
    stadtweit = result[0].stadtweit if result else 0
    about = f" zum Thema „{thema}“" if thema else ""
    return (f"{len(gaps)} von {len(result)} {what} ohne eigenes Netzwerk{about}"
            + (f": {', '.join(gaps)}." if gaps else ".")
            + " Überall zuständig: "
            f"{count(stadtweit, 'stadtweites Netzwerk', 'stadtweite Netzwerke')}."
            f" Als Netzwerk vor Ort zählt: {', '.join(art_label(a) for a in arten)}"
            + ("." if chosen else " (andere Arten mit --art)."))


def _coverage_row(c: "Coverage") -> list[str]:
    from netzwerk_cli.model import art_label

    return [c.level, c.name, c.bezirk, str(len(c.vor_ort)), str(len(c.wider)),
            ", ".join(art_label(art) for art in c.arten), "ja" if c.sozialraumteam else "nein",
            "ja" if c.gap else "nein", str(len(c.sozialraumteams)), str(len(c.konferenzen)),
            str(c.stadtweit)]


def _coverage_picture(result: "list[Coverage]", title: str, grouped: bool) -> None:
    """A bar per place, readable without colour (gaps say "keins"). On a narrow terminal the
    columns drop in this order: Arten vor Ort, Konf., SRT, umfassend; the name and the bar
    (or "keins") are never cut."""
    from rich.text import Text

    from netzwerk_cli.cli import render
    from netzwerk_cli.model import art_label

    columns = [render.Column("Ort", whole=True), render.Column("vor Ort", whole=True),
               render.Column("+ umfassend", whole=True, drop=4),
               render.Column("Arten vor Ort", drop=1), render.Column("SRT", whole=True, drop=3),
               render.Column("Konf.", whole=True, drop=2)]
    rows: list[render.Row] = []
    bezirk = ""
    for c in result:
        if grouped and c.place.bezirk != bezirk:  # the Stadtteile grouped under their Bezirk
            bezirk = c.place.bezirk
            rows.append([Text(bezirk, style="bold underline"), "", "", "", "", ""])
        count = len(c.vor_ort)
        bar = (Text("█" * min(count, 12) + f" {count}", style="green") if count
               else Text("– keins –", style="bold red"))
        name = f"  {c.name}" if grouped else c.name
        rows.append([Text(name, style="bold" if c.gap else ""), bar,
                     Text(str(len(c.wider)), justify="right"),
                     ", ".join(art_label(art) for art in c.arten),
                     Text(str(len(c.sozialraumteams)) if c.sozialraumteams else "–",
                          justify="right"),
                     Text(str(len(c.konferenzen)) if c.konferenzen else "–", justify="right")])
    render.print_table(title, columns, rows)

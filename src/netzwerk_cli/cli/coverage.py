"""``netz bezirke`` and ``netz luecken``: the places of Hagen and where networks are missing."""


from typing import TYPE_CHECKING, Annotated

import typer

from netzwerk_cli.cli.app import command, new_group
from netzwerk_cli.cli.options import JsonOption, RegistryOption
from netzwerk_cli.cli.registry import open_registry

if TYPE_CHECKING:
    from netzwerk_cli.coverage import Coverage

group = new_group()


@command("bezirke", group)
def bezirke(as_json: JsonOption = False, registry: RegistryOption = None) -> None:
    """Stadtbezirke, Stadtteile und Wohnbezirke mit der Zahl der Netzwerke vor Ort und umfassend.

    „vor Ort“: Netzwerke, deren Gebiet der Ort ist oder in ihm liegt; „umfassend“: Netzwerke
    für ein größeres Gebiet, das den Ort einschließt (z. B. die Stadtbezirkskonferenz);
    stadtweite zählen nicht mit – dieselbe Rechnung wie `netz luecken`. Jeder hier genannte
    Name (auch ohne Umlaute oder Bindestrich) taugt für --bezirk und --stadtteil. In einer
    Pipe: Ebene, Name, Stadtbezirk, vor Ort, umfassend – durch Tabulator getrennt.
    """
    from netzwerk_cli import serialize
    from netzwerk_cli.cli import render
    from netzwerk_cli.coverage import coverage_of_places

    _, reg = open_registry(registry)
    places = coverage_of_places(reg)
    if as_json:
        render.print_json([serialize.place_coverage(c) for c in places])
        return
    rows = [[c.place.level, "  " * (len(c.place.path) - 1) + c.place.name, c.place.bezirk,
             str(len(c.vor_ort)), str(len(c.wider))] for c in places]
    columns = [render.Column("Ebene", drop=1), render.Column("Name", whole=True),
               render.Column("Stadtbezirk"), render.Column("vor Ort"),
               render.Column("umfassend")]
    render.print_rows("Orte in Hagen: Netzwerke vor Ort und umfassend", columns, rows)


@command("luecken", group)
def luecken(
    thema: Annotated[str, typer.Option(
        "--thema", "-t", metavar="THEMA",
        help="Nur Netzwerke mit diesem Thema zählen (Teilwort genügt).")] = "",
    stadtteile: Annotated[bool, typer.Option(
        "--stadtteile", help="Stadtteile statt Stadtbezirke zeigen.")] = False,
    as_json: JsonOption = False,
    registry: RegistryOption = None,
) -> None:
    """Wo gibt es kein Netzwerk? Abdeckung je Stadtbezirk oder Stadtteil.

    „Vor Ort“ zählt Netzwerke, deren Gebiet der Ort ist oder in ihm liegt; Netzwerke für ein
    größeres Gebiet (z. B. die Stadtbezirkskonferenz) zählen als „umfassend“, stadtweite
    gesondert – dieselbe Rechnung wie `netz bezirke`. Orte ohne
    eigenes Netzwerk sind als Lücke markiert. In einer Pipe: Ebene, Ort, Stadtbezirk, vor Ort,
    umfassend, Arten vor Ort, Sozialraumteam, Lücke – durch Tabulator getrennt.
    """
    from netzwerk_cli import serialize
    from netzwerk_cli.cli import render
    from netzwerk_cli.coverage import coverage
    from netzwerk_cli.query import unknown_thema
    from netzwerk_cli.text import count

    _, reg = open_registry(registry)
    result = coverage(reg, thema, stadtteile)
    if thema:
        render.hints(list(filter(None, [unknown_thema(reg, thema)])))
    if as_json:
        render.print_json([serialize.coverage(c, reg) for c in result])
        return
    if render.is_terminal():
        _coverage_picture(result, thema, stadtteile)
    else:
        render.print_tsv([_coverage_row(c) for c in result])
    gaps = [c.place.name for c in result if c.gap]
    stadtweit = result[0].stadtweit if result else 0
    about = f" zum Thema „{thema}“" if thema else ""
    render.note(f"{len(gaps)} von {len(result)} Orten ohne eigenes Netzwerk{about}"
                + (f": {', '.join(gaps)}." if gaps else ".")
                + f" Überall zuständig: "
                f"{count(stadtweit, 'stadtweites Netzwerk', 'stadtweite Netzwerke')}.")


def _coverage_row(c: "Coverage") -> list[str]:
    from netzwerk_cli.model import art_label

    return [c.place.level, c.place.name, c.place.bezirk, str(len(c.vor_ort)), str(len(c.wider)),
            ", ".join(art_label(art) for art in c.arten), "ja" if c.sozialraumteam else "nein",
            "ja" if c.gap else "nein"]


def _coverage_picture(result: "list[Coverage]", thema: str, stadtteile: bool) -> None:
    """A bar per place, readable in 80 columns and without colour (gaps say "keins")."""
    from rich.table import Table
    from rich.text import Text

    from netzwerk_cli.cli.render import console
    from netzwerk_cli.model import art_label

    level = "Stadtteile" if stadtteile else "Stadtbezirke"
    title = f"Netzwerke je {level[:-1]}" + (f" – Thema „{thema}“" if thema else "")
    table = Table(title=title, title_justify="left")
    table.add_column("Ort", no_wrap=True)
    table.add_column("vor Ort", no_wrap=True)
    table.add_column("+ umfassend", no_wrap=True, justify="right")
    table.add_column("Arten vor Ort", overflow="fold")
    table.add_column("SRT", no_wrap=True)
    bezirk = ""
    for c in result:
        if stadtteile and c.place.bezirk != bezirk:  # the Stadtteile grouped under their Bezirk
            bezirk = c.place.bezirk
            table.add_row(Text(bezirk, style="bold underline"), "", "", "", "")
        count = len(c.vor_ort)
        bar = (Text("█" * min(count, 12) + f" {count}", style="green") if count
               else Text("– keins –", style="bold red"))
        name = f"  {c.place.name}" if stadtteile else c.place.name
        table.add_row(Text(name, style="bold" if c.gap else ""), bar, str(len(c.wider)),
                      ", ".join(art_label(art) for art in c.arten),
                      "ja" if c.sozialraumteam else "–")
    console().print(table)

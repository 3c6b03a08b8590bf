"""``netz export verteiler|kontakte|html``: lists and the page for exactly the filtered networks.

The lists hold the networks' Ansprechpartner and their members (``--rolle`` narrows to members
with a role); the page shows members only as a count and the public organisations among them.
"""


from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from netzwerk_cli.cli.app import command, new_group
from netzwerk_cli.cli.options import (
    RegistryOption,
    RollenOption,
    complete_ids,
    complete_netzwerk_ids,
    with_filters,
)
from netzwerk_cli.cli.registry import open_registry
from netzwerk_cli.export.formats import (
    KONTAKT_FORMATS,
    PAGE_FORMATS,
    VERTEILER_FORMATS,
    help_text,
)
from netzwerk_cli.query import Criteria

if TYPE_CHECKING:
    from netzwerk_cli.export.formats import Format
    from netzwerk_cli.export.selection import KontaktSelection
    from netzwerk_cli.model import Netzwerk, Registry

group = new_group("export", "Kontaktlisten, E-Mail-Verteiler und die Webseite der gewählten "
                            "Netzwerke.")

IdsArgument = Annotated[
    list[str] | None,
    typer.Argument(metavar="ID", autocompletion=complete_ids, show_default=False,
                   help="Nur diese Netzwerke (zusätzlich zu den Filtern)."),
]
NetzwerkOption = Annotated[
    list[str] | None,
    typer.Option("--netzwerk", metavar="ID", autocompletion=complete_netzwerk_ids,
                 show_default=False,
                 help="Nur dieses Netzwerk (mehrfach möglich; wie die IDs als Argumente)."),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="DATEI", dir_okay=False, show_default=False,
                 help="In diese Datei schreiben statt auf die Standardausgabe."),
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Eine vorhandene Datei überschreiben.")
]
FelderOption = Annotated[
    str | None,
    typer.Option("--felder", metavar="FELDER", show_default=False,
                 help="Nur diese Spalten, in dieser Reihenfolge (csv, excel, xlsx), z. B. "
                      "name,email,telefon."),
]
PublicOption = Annotated[
    bool, typer.Option("--nur-oeffentlich",
                       help="Nur Kontakte, die veröffentlicht werden dürfen (für Listen, "
                            "die öffentlich werden).")
]


def _select(ids: list[str] | None, criteria: Criteria, registry: Path | None,
            nur_oeffentlich: bool, rollen: list[str] | None = None
            ) -> "tuple[Registry, list[tuple[str, Netzwerk]], KontaktSelection]":
    """The registry, the chosen networks and their contacts and members (``rollen``: only
    members with these roles); hints go to stderr."""
    from netzwerk_cli.export.selection import collect_kontakte
    from netzwerk_cli.members import parse_rollen

    role_ids = parse_rollen(rollen) if rollen else None
    reg, netzwerke = _select_netzwerke(ids, criteria, registry)
    return reg, netzwerke, collect_kontakte(reg, netzwerke, nur_oeffentlich, role_ids)


def _select_netzwerke(ids: list[str] | None, criteria: Criteria, registry: Path | None
                      ) -> "tuple[Registry, list[tuple[str, Netzwerk]]]":
    """The registry as the exports see it and the chosen networks; hints go to stderr."""
    from netzwerk_cli.cli.render import hints
    from netzwerk_cli.export.selection import exportable
    from netzwerk_cli.query import select

    _, reg = open_registry(registry)
    reg = exportable(reg)
    selection = select(reg, criteria._replace(ids=ids or []))
    hints(selection.hints)
    return reg, selection.all()


def _check_target(fmt: "Format[Any]", format_name: str, target: Path | None) -> None:
    """A binary file never goes to a terminal: with ``-o`` into a file, or redirected."""
    from netzwerk_cli.cli import render
    from netzwerk_cli.errors import InputError

    if fmt.binary and target is None and render.is_terminal():
        raise InputError(f"{format_name} ist eine Binärdatei und gehört nicht ins Terminal: mit "
                         f"-o DATEI in eine Datei schreiben (z. B. -o liste{fmt.suffix}) oder "
                         "umleiten.")


def _deliver(fmt: "Format[Any]", data: Any, target: Path | None, overwrite: bool,
             registry: Path | None = None, **options: Any) -> None:
    """Render the export and write it to stdout, or to a file no more readable than the
    registry it comes from; what the format has to say about it goes to stderr."""
    from netzwerk_cli.cli.render import note, write_bytes
    from netzwerk_cli.export.formats import Options, write_new_file
    from netzwerk_cli.registry import find_registry

    content = fmt.render(data, Options(**options))
    if target is None:
        write_bytes(content)
    else:
        write_new_file(target, content, overwrite, private_as=find_registry(registry).path)
    for line in fmt.notes(data, Options(**options)) if fmt.notes else []:
        note(line)


def _nothing(message: str, fmt: "Format[Any]", format_name: str, target: Path | None) -> None:
    """An empty selection: say so, write no file (JSON on stdout: ``[]``), exit code 1."""
    from netzwerk_cli.cli.render import note

    if format_name == "json" and target is None:
        _deliver(fmt, [], None, overwrite=False)
    note(f"{message}; nichts geschrieben.")
    raise typer.Exit(1)


def _summary(what: str, netzwerke: int, selection: "KontaktSelection",
             target: Path | None, by_role: bool = False) -> None:
    from netzwerk_cli.cli.render import note
    from netzwerk_cli.text import count

    where = f" nach {target}" if target else ""
    note(f"{what} aus {count(netzwerke, 'Netzwerk', 'Netzwerken')} exportiert{where}.")
    if selection.not_public:
        note(f"{count(selection.not_public, 'Kontakt', 'Kontakte')} ausgelassen, weil nicht "
             "zur Veröffentlichung freigegeben (--nur-oeffentlich).")
    if selection.without_kontakt:
        without = "Ohne Mitglieder dieser Rolle" if by_role else "Ohne Kontakt"
        note(f"{without}: {', '.join(selection.without_kontakt)}.")


@command("verteiler", group)
@with_filters
def verteiler(
    criteria: Criteria,
    ids: IdsArgument = None,
    netzwerk: NetzwerkOption = None,
    rolle: RollenOption = None,
    format_name: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT",
                                             help=help_text(VERTEILER_FORMATS))] = "txt",
    listenname: Annotated[str, typer.Option(
        "--listenname", help="Name der Thunderbird-Liste (Format ldif).")] = "netz-Verteiler",
    felder: FelderOption = None,
    nur_oeffentlich: PublicOption = False,
    target: OutputOption = None,
    overwrite: ForceOption = False,
    registry: RegistryOption = None,
) -> None:
    """Den E-Mail-Verteiler der gewählten Netzwerke ausgeben: ihre Mitglieder und
    Ansprechpartner.

    Jede Adresse steht einmal darin (ohne Rücksicht auf Groß-/Kleinschreibung), sortiert.
    Kontakte ohne E-Mail-Adresse meldet netz auf stderr mit ihrem Netzwerk, damit sie
    nachgetragen werden können. Die Filter sind dieselben wie bei `netz list`; `--netzwerk`
    wählt Netzwerke nach ID, `--rolle` nur die Mitglieder mit dieser Rolle (ohne die
    Ansprechpartner), z. B. `--rolle koordination`. `--felder` wählt die Spalten: email,
    name, organisation, netzwerke.
    """
    from netzwerk_cli.cli.render import note
    from netzwerk_cli.export.formats import check_felder, choose
    from netzwerk_cli.export.selection import collect_verteiler, netzwerk_infos
    from netzwerk_cli.export.table import VERTEILER_FIELDS
    from netzwerk_cli.text import count

    fmt = choose(format_name, VERTEILER_FORMATS)
    columns = check_felder(felder, format_name, VERTEILER_FORMATS, VERTEILER_FIELDS)
    _check_target(fmt, format_name, target)
    reg, netzwerke, selection = _select([*(ids or []), *(netzwerk or [])], criteria, registry,
                                        nur_oeffentlich, rolle)
    recipients, without_email = collect_verteiler(selection)
    for chosen in without_email:
        note(f"Ohne E-Mail-Adresse: {chosen.kontakt.display_name} ({chosen.id}) – "
             f"{', '.join(chosen.netzwerke)}")
    if not recipients:
        _nothing("Keine E-Mail-Adressen in dieser Auswahl", fmt, format_name, target)
    _deliver(fmt, recipients, target, overwrite, registry, listenname=listenname,
             felder=columns, netzwerke=tuple(netzwerk_infos(reg, netzwerke, nur_oeffentlich)))
    _summary(count(len(recipients), "Adresse", "Adressen"), len(netzwerke), selection, target,
             bool(rolle))


@command("kontakte", group)
@with_filters
def kontakte(
    criteria: Criteria,
    ids: IdsArgument = None,
    netzwerk: NetzwerkOption = None,
    rolle: RollenOption = None,
    format_name: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT",
                                             help=help_text(KONTAKT_FORMATS))] = "csv",
    vcard_version: Annotated[str, typer.Option(
        "--vcard-version", metavar="VERSION",
        help="4.0 (Standard) oder 3.0 für ältere Programme wie den iOS-/macOS-Import.")
    ] = "4.0",
    felder: FelderOption = None,
    nur_oeffentlich: PublicOption = False,
    target: OutputOption = None,
    overwrite: ForceOption = False,
    registry: RegistryOption = None,
) -> None:
    """Die Kontaktliste der gewählten Netzwerke ausgeben: ein Eintrag je Kontakt.

    Mit Name, Funktion, Organisation, Anschrift, Telefon, E-Mail, Webseite und den Netzwerken,
    zu denen der Kontakt gehört – Mitglieder und Ansprechpartner. Die Filter sind dieselben wie
    bei `netz list`; `--netzwerk` und `--rolle` wie bei `netz export verteiler`. `--felder`
    wählt die Spalten: id, name, art, funktion, organisation, abteilung, strasse, plz, ort,
    telefon, email, webseite, oeffentlich, netzwerke, rolle.
    """
    from netzwerk_cli.export.formats import check_felder, check_vcard_version, choose
    from netzwerk_cli.export.selection import netzwerk_infos
    from netzwerk_cli.export.table import KONTAKT_FIELDS
    from netzwerk_cli.text import count

    fmt = choose(format_name, KONTAKT_FORMATS)
    check_vcard_version(vcard_version)
    columns = check_felder(felder, format_name, KONTAKT_FORMATS, KONTAKT_FIELDS)
    _check_target(fmt, format_name, target)
    reg, netzwerke, selection = _select([*(ids or []), *(netzwerk or [])], criteria, registry,
                                        nur_oeffentlich, rolle)
    if not selection.kontakte:
        _nothing("Keine Kontakte in dieser Auswahl", fmt, format_name, target)
    _deliver(fmt, selection.kontakte, target, overwrite, registry, vcard_version=vcard_version,
             felder=columns, netzwerke=tuple(netzwerk_infos(reg, netzwerke, nur_oeffentlich)))
    _summary(count(len(selection.kontakte), "Kontakt", "Kontakte"), len(netzwerke), selection,
             target, bool(rolle))


@command("html", group)
@with_filters
def html(
    criteria: Criteria,
    ids: IdsArgument = None,
    format_name: Annotated[str, typer.Option(
        "--format", "-f", metavar="FORMAT",
        help="html (Standard): eine eigenständige Webseite; markdown: zum Einfügen in ein "
             "CMS oder Wiki.")] = "html",
    titel: Annotated[str, typer.Option("--titel", help="Überschrift der Seite.")] = (
        "Netzwerke für Kinder und Jugendliche in Hagen"),
    without_angebote: Annotated[bool, typer.Option(
        "--ohne-angebote", help="Die stadtweiten Einrichtungen mit Angeboten weglassen.")] = False,
    target: OutputOption = None,
    overwrite: ForceOption = False,
    registry: RegistryOption = None,
) -> None:
    """Das Register als Webseite veröffentlichen, z. B. `netz export html -o netzwerke.html`.

    Eine einzige Datei ohne externe Schriften oder Skripte: öffnet sich von der Festplatte und
    von jedem Webserver. Gegliedert nach Stadtbezirken, mit Filterleiste (Stadtbezirk, Thema,
    Art, Suche); ohne JavaScript steht die ganze Liste da. Auf der Seite stehen nur Kontakte,
    die zur Veröffentlichung freigegeben sind; von den Mitgliedern eines Netzwerks nur ihre
    Zahl und die freigegebenen Organisationen.
    """
    from netzwerk_cli import clock, verdicts
    from netzwerk_cli.cli.render import note
    from netzwerk_cli.export.formats import choose
    from netzwerk_cli.export.html import angebote_to_publish, page_data
    from netzwerk_cli.registry import find_registry
    from netzwerk_cli.text import count

    fmt = choose(format_name, PAGE_FORMATS)
    criteria = criteria._replace(ids=ids or [])
    reg, netzwerke = _select_netzwerke(ids, criteria, registry)  # its own public contacts
    if not netzwerke:
        _nothing("Keine Netzwerke in dieser Auswahl", fmt, format_name, target)
    angebote = angebote_to_publish(reg, criteria, without_angebote)
    with verdicts.kept(find_registry(registry).path, reg):  # the tel: links' phone numbers
        data = page_data(reg, netzwerke, angebote, titel, clock.today())
    _deliver(fmt, data, target, overwrite, registry)
    where = f" nach {target}" if target else ""
    note(f"Seite mit {count(len(netzwerke), 'Netzwerk', 'Netzwerken')} geschrieben{where}; "
         "nur zur Veröffentlichung freigegebene Kontakte.")

"""``netz treffen …``: a network's meetings – planned a year ahead, shown, changed, attended."""


from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from netzwerk_cli.cli import prompts
from netzwerk_cli.cli.app import command, new_group
from netzwerk_cli.cli.options import (
    AlleOption,
    DryRunOption,
    JsonOption,
    RegistryOption,
    YesOption,
    complete_kontakt_ids,
    complete_netzwerk_ids,
    complete_treffen_ids,
    with_filters,
)
from netzwerk_cli.cli.registry import open_registry
from netzwerk_cli.cli.storage import run_change
from netzwerk_cli.errors import InputError
from netzwerk_cli.query import Criteria

if TYPE_CHECKING:
    from netzwerk_cli.cli.render import Fields, Row
    from netzwerk_cli.export.invitation import Invitation
    from netzwerk_cli.meetings import Attendance, Plan, Suggestion
    from netzwerk_cli.model import Registry, Treffen

group = new_group("treffen", "Die Treffen eines Netzwerks: langfristig planen (Feiertage und "
                             "Schulferien in NRW ausgenommen, Orte im Wechsel), zeigen, ändern, "
                             "Anwesenheit eintragen.")

NetzwerkArgument = Annotated[str, typer.Argument(
    metavar="NETZWERK", autocompletion=complete_netzwerk_ids, show_default=False,
    help="ID des Netzwerks (siehe `netz list`).")]
TreffenArgument = Annotated[str, typer.Argument(
    metavar="ID", autocompletion=complete_treffen_ids, show_default=False,
    help="ID des Treffens (siehe `netz treffen list`), z. B. netzwerk-mitte-2027-03-16.")]
ZeitOption = Annotated[str | None, typer.Option(
    "--zeit", metavar="VON-BIS", show_default=False,
    help="Zeitrahmen, z. B. 16-18 oder 9:30-11:00.")]


# --- plan ---------------------------------------------------------------------------------------


@command("plan", group)
def treffen_plan(
    netzwerk_id: NetzwerkArgument,
    jahr: Annotated[int | None, typer.Option(
        "--jahr", metavar="JAHR", show_default=False,
        help="Das Jahr, z. B. 2027 (Standard: das nächste).")] = None,
    anzahl: Annotated[int | None, typer.Option(
        "--anzahl", metavar="ANZAHL", show_default=False,
        help="Treffen im Jahr (Standard: der Turnus des Netzwerks, sonst 4).")] = None,
    wochentag: Annotated[str | None, typer.Option(
        "--wochentag", metavar="TAG", show_default=False,
        help="mo, di, mi, do oder fr … (Standard: der des Netzwerks, sonst di).")] = None,
    zeit: ZeitOption = None,
    orte: Annotated[list[str] | None, typer.Option(
        "--orte", metavar="reihum|fest|ID", autocompletion=complete_kontakt_ids,
        show_default=False,
        help="reihum: im Wechsel bei den Mitgliedsorganisationen mit Anschrift; fest: wie beim "
             "letzten Treffen; IDs von Organisationen: diese im Wechsel (mehrfach möglich).")
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Ohne Rückfrage speichern.")] = False,
    as_json: JsonOption = False,
    dry_run: DryRunOption = False,
    registry: RegistryOption = None,
) -> None:
    """Die Treffen eines Jahres planen: gleichmäßig über das Jahr verteilt, am Wochentag des
    Netzwerks, ohne Feiertage und Schulferien in NRW, die Orte reihum bei den
    Mitgliedsorganisationen – wer am längsten nicht Gastgeber war, zuerst.

    Zeigt den Plan und was dagegen spricht (ein Ort zweimal hintereinander, kein freier Tag,
    kein Ort), fragt auf einem Terminal und speichert dann alle Treffen in einer Änderung
    (`netz undo` nimmt sie zurück). Ohne Terminal wird ohne Rückfrage gespeichert. Ein
    Zeitraum des Jahres, in dem schon ein Treffen steht, bekommt keines dazu: zweimal planen
    ergibt keine doppelten Treffen. Die Vorgaben kommen aus dem Rhythmus des Netzwerks
    (`netz edit ID --treffen …`).
    """
    from netzwerk_cli import clock, meetings
    from netzwerk_cli.cli import render

    _, reg = open_registry(registry)
    beginn, ende = meetings.parse_zeit(zeit) if zeit else (None, None)
    plan = meetings.plan_year(reg, netzwerk_id, jahr or clock.today().year + 1, anzahl,
                              wochentag, beginn, ende, _venues(orte), today=clock.today())
    _show_plan(reg, plan, as_json)
    if not plan.meetings:
        return
    if dry_run and as_json:  # JSON stays JSON: no diff after it
        render.note("Probelauf: nichts geschrieben.")
        return
    if not (yes or dry_run or as_json) and prompts.is_interactive() and not prompts.ask_yes_no(
            f"Diese {len(plan.meetings)} Treffen eintragen?", True):
        render.note("Nichts geändert.")
        raise typer.Exit(1)
    added, _ = run_change(registry, lambda r: meetings.add_meetings(r, plan), dry_run)
    if not dry_run:
        render.note(f"Eingetragen: {', '.join(added)}")


def _venues(orte: list[str] | None) -> str | list[str] | None:
    """What --orte says: "reihum", "" (a fixed place: the last one), venue ids, or None."""
    from netzwerk_cli.model import REIHUM

    if not orte:
        return None
    names = [name.strip() for value in orte for name in value.split(",") if name.strip()]
    if [name.casefold() for name in names] == [REIHUM]:
        return REIHUM
    if [name.casefold() for name in names] == ["fest"]:
        return ""
    return names


def _show_plan(reg: "Registry", plan: "Plan", as_json: bool) -> None:
    """The plan on stdout (a table, lines or JSON), what to look at on stderr."""
    from netzwerk_cli import serialize
    from netzwerk_cli.cli import render

    netzwerk = reg.netzwerke[plan.netzwerk_id]
    if as_json:
        render.print_json(serialize.plan(plan, reg))
    elif plan.meetings:
        title = f"Plan {plan.year} für „{netzwerk.name}“ ({len(plan.meetings)} Treffen)"
        rows, table_rows = _rows(reg, plan.meetings)
        render.print_rows(title, _columns()[::2], rows, [row[::2] for row in table_rows])
    for conflict in plan.conflicts:
        render.note(f"Achtung: {conflict}")
    render.hints(plan.hints)
    if not plan.meetings:
        render.note(f"Nichts zu planen für „{netzwerk.name}“ {plan.year}.")


# --- list, show ---------------------------------------------------------------------------------


@command("list", group)
@with_filters
def treffen_list(
    criteria: Criteria,
    netzwerk_id: Annotated[str | None, typer.Argument(
        metavar="NETZWERK", autocompletion=complete_netzwerk_ids, show_default=False,
        help="Nur die Treffen dieses Netzwerks.")] = None,
    kommende: Annotated[bool, typer.Option(
        "--kommende", help="Nur Treffen ab heute.")] = False,
    as_json: JsonOption = False,
    show_all: AlleOption = False,
    registry: RegistryOption = None,
) -> None:
    """Die Treffen der Netzwerke, nach Datum – mit allen Filtern von `netz list`.

    In einer Pipe eine Zeile je Treffen, Spalten durch Tabulator getrennt: ID, Datum, Beginn,
    Ende, Netzwerk, Ort, Gastgeber, Themen. Auf einem schmalen Terminal entfällt zuerst die
    Spalte Themen; Termin und ID bleiben immer ganz. Ohne Treffen endet netz mit Rückgabewert
    1 (JSON: `[]`).
    """
    from netzwerk_cli import clock, meetings, serialize
    from netzwerk_cli.cli import render
    from netzwerk_cli.query import select

    _, reg = open_registry(registry)
    if netzwerk_id is not None:
        reg.netzwerk(netzwerk_id)
        criteria = criteria._replace(ids=[netzwerk_id])
    selection = select(reg, criteria)
    render.hints(selection.hints)
    found = sorted(meetings.select_meetings(reg, [i for i, _ in selection.all()], kommende,
                                            clock.today()), key=lambda item: item[1].datum)
    if as_json:
        render.print_json([serialize.treffen(i, t, reg) for i, t in found])
    if not found:
        render.note("Keine Treffen gefunden. Planen: `netz treffen plan NETZWERK --jahr JAHR`.")
        raise typer.Exit(1)
    if not as_json:
        title = f"Treffen ({len(found)}){' ab heute' if kommende else ''}"
        render.print_rows(title, _columns(), *_rows(reg, found), render.Listing(
            show_all, "Treffen", "NETZWERK, --kommende oder die Filter von `netz list`"))


@command("show", group)
def treffen_show(treffen_id: TreffenArgument, as_json: JsonOption = False,
                 registry: RegistryOption = None) -> None:
    """Alles über ein Treffen: Termin, Ort mit Anschrift, Gastgeber, Themen, Gäste, Notiz,
    wer da war, Protokoll."""
    from netzwerk_cli import meetings, serialize
    from netzwerk_cli.cli import render

    _, reg = open_registry(registry)
    treffen = meetings.treffen_of(reg, treffen_id)
    if as_json:
        render.print_json(serialize.treffen(treffen_id, treffen, reg))
    else:
        _print_treffen(reg, treffen_id)


def _columns() -> list[Any]:
    """The table of `treffen list` and `treffen plan` (their --help says what drops first)."""
    from netzwerk_cli.cli.render import Column

    return [Column("Termin / ID"), Column("Netzwerk"), Column("Ort"),
            Column("Themen", drop=1)]


def _rows(reg: "Registry", found: "list[tuple[str, Treffen]]") -> "tuple[list[Row], list[Row]]":
    """The rows of a list of meetings: for a pipe, and for a table (stacked cells)."""
    from netzwerk_cli.cli.render import Part
    from netzwerk_cli.meetings import ort_text, termin_text

    def place(treffen: "Treffen") -> tuple[Part, ...]:
        venue = reg.kontakte.get(treffen.ort_kontakt)
        if venue is None:
            return (Part(ort_text(reg, treffen)),)
        return Part(venue.display_name), Part(venue.anschrift)

    rows: list[Row] = []
    table_rows: list[Row] = []
    for treffen_id, treffen in found:
        netzwerk = reg.netzwerke[treffen.netzwerk].name
        host = reg.kontakte[treffen.gastgeber].display_name if treffen.gastgeber else ""
        rows.append([treffen_id, treffen.datum, treffen.beginn, treffen.ende, treffen.netzwerk,
                     ort_text(reg, treffen), host, "; ".join(treffen.themen)])
        when = (Part(termin_text(treffen), whole=True), Part(treffen_id, whole=True, dim=True))
        table_rows.append([when, netzwerk, place(treffen), ", ".join(treffen.themen)])
    return rows, table_rows


def _print_treffen(reg: "Registry", treffen_id: str) -> None:
    """A meeting as labelled lines (`netz treffen show`)."""
    from netzwerk_cli.cli.render import print_blocks
    from netzwerk_cli.meetings import termin_text

    treffen = reg.treffen[treffen_id]
    netzwerk = reg.netzwerke[treffen.netzwerk]
    print_blocks([(f"{netzwerk.name}: {termin_text(treffen)} ({treffen_id})",
                   treffen_fields(reg, treffen))])


def treffen_fields(reg: "Registry", treffen: "Treffen") -> "Fields":
    """The labelled fields of a meeting, empty ones left out."""
    from netzwerk_cli.meetings import ort_text, termin_text

    def named(kontakt_id: str) -> str:
        found = reg.kontakte.get(kontakt_id) or reg.angebote.get(kontakt_id)
        name = getattr(found, "display_name", "") or getattr(found, "name", "")
        return f"{name} ({kontakt_id})"

    fields = [
        ("Netzwerk", f"{reg.netzwerke[treffen.netzwerk].name} ({treffen.netzwerk})"),
        ("Termin", termin_text(treffen)),
        ("Ort", ort_text(reg, treffen)),
        ("Gastgeber", named(treffen.gastgeber) if treffen.gastgeber else ""),
        ("Themen", ", ".join(treffen.themen)),
        ("Gäste", ", ".join(map(named, treffen.gaeste))),
        ("Notiz", treffen.notiz),
        ("Anwesend", f"{len(treffen.anwesend)}: {', '.join(map(named, treffen.anwesend))}"
         if treffen.anwesend else ""),
        ("Protokoll", treffen.protokoll),
        ("Geändert", f"{treffen.sequenz}-mal (Tag, Zeit oder Ort)" if treffen.sequenz else ""),
    ]
    return [(label, value) for label, value in fields if value]


# --- edit, remove, anwesend ---------------------------------------------------------------------


def _list_option(flag: str, help_text: str) -> Any:
    return typer.Option(flag, metavar="TEXT", show_default=False, help=help_text)


@command("edit", group)
def treffen_edit(
    treffen_id: TreffenArgument,
    datum: Annotated[str | None, typer.Option(
        "--datum", metavar="DATUM", show_default=False,
        help="Neuer Tag: JJJJ-MM-TT oder TT.MM.JJJJ.")] = None,
    zeit: ZeitOption = None,
    ort_kontakt: Annotated[str | None, typer.Option(
        "--ort-kontakt", metavar="ID", autocompletion=complete_kontakt_ids, show_default=False,
        help="Der Ort: eine Organisation mit Anschrift (ihre ID).")] = None,
    ort: Annotated[str | None, typer.Option(
        "--ort", metavar="TEXT", show_default=False,
        help="Der Ort als Text, z. B. „Rathaus, Raum 12“.")] = None,
    gastgeber: Annotated[str | None, typer.Option(
        "--gastgeber", metavar="ID", autocompletion=complete_kontakt_ids, show_default=False,
        help="Wer einlädt (ID eines Kontakts; leer: niemand).")] = None,
    add_thema: Annotated[list[str] | None, _list_option("--add-thema",
                                                        "Thema hinzufügen.")] = None,
    remove_thema: Annotated[list[str] | None, _list_option("--remove-thema",
                                                           "Thema entfernen.")] = None,
    add_gast: Annotated[list[str] | None, _list_option(
        "--add-gast", "Angebot einladen (ID aus `netz angebote`).")] = None,
    remove_gast: Annotated[list[str] | None, _list_option("--remove-gast",
                                                          "Angebot ausladen.")] = None,
    notiz: Annotated[str | None, _list_option("--notiz", "Neue Notiz.")] = None,
    protokoll: Annotated[str | None, _list_option(
        "--protokoll", "Was beim Treffen besprochen wurde (kurz).")] = None,
    dry_run: DryRunOption = False,
    registry: RegistryOption = None,
) -> None:
    """Ein Treffen ändern: Tag, Zeit, Ort, Gastgeber, Themen, Gäste, Notiz, Protokoll.

    Ohne Optionen fragt netz auf einem Terminal jedes Feld ab, mit dem jetzigen Wert als
    Vorgabe. Ein neuer Tag an einem Feiertag, in den Schulferien oder neben einem anderen
    Treffen des Netzwerks wird gemeldet. Ändern sich Tag, Zeit oder Ort, zählt netz die
    Änderung mit (für Kalender, die das Treffen schon haben).
    """
    from netzwerk_cli import meetings
    from netzwerk_cli.cli.render import note

    values = _edit_values(datum, zeit, {"ort_kontakt": ort_kontakt, "ort": ort,
                                        "gastgeber": gastgeber, "notiz": notiz,
                                        "protokoll": protokoll})
    add = {k: v for k, v in {"themen": add_thema, "gaeste": add_gast}.items() if v}
    remove = {k: v for k, v in {"themen": remove_thema, "gaeste": remove_gast}.items() if v}
    if not (values or add or remove):
        values = _ask_changes(registry, treffen_id)

    def change(r: "Registry") -> tuple[list[str], bool]:
        before = meetings.treffen_of(r, treffen_id).sequenz
        warnings = meetings.edit_meeting(r, treffen_id, values, add, remove)
        return warnings, r.treffen[treffen_id].sequenz != before

    (warnings, moved), reg = run_change(registry, change, dry_run)
    for warning in warnings:
        note(f"Achtung: {warning}")
    if not dry_run:
        _print_treffen(reg, treffen_id)
    if moved and not dry_run:
        note("Tag, Zeit oder Ort haben sich geändert: wer das Treffen schon im Kalender hat, "
             "braucht die neue Fassung.")


def _edit_values(datum: str | None, zeit: str | None, texts: dict[str, str | None]
                 ) -> dict[str, Any]:
    """The fields the options of `treffen edit` set."""
    from netzwerk_cli.meetings import parse_datum, parse_zeit

    values: dict[str, Any] = {k: v for k, v in texts.items() if v is not None}
    if datum is not None:
        values["datum"] = parse_datum(datum)
    if zeit is not None:
        values["beginn"], values["ende"] = parse_zeit(zeit) if zeit.strip() else ("", "")
    return values


def _ask_changes(registry: RegistryOption, treffen_id: str) -> dict[str, Any]:
    """Ask for each field with its current value as default; return what changed."""
    from netzwerk_cli.meetings import parse_datum, parse_zeit, treffen_of, zeit_text
    from netzwerk_cli.model import Treffen

    if not prompts.is_interactive():
        raise InputError("Nichts zu ändern: bitte Optionen angeben, z. B. --datum oder "
                         "--add-thema (siehe `netz treffen edit --help`).")
    _, reg = open_registry(registry)
    treffen = treffen_of(reg, treffen_id)
    new: dict[str, Any] = {"datum": prompts.ask("Datum", parse_datum, treffen.datum)}
    new["beginn"], new["ende"] = prompts.ask(
        "Zeit, z. B. 16-18", lambda a: parse_zeit(a) if a else ("", ""),
        zeit_text(treffen.beginn, treffen.ende).removesuffix(" Uhr").replace("–", "-"))
    new |= prompts.ask("Ort: ID einer Organisation oder Text",
                       lambda a: _place_answer(reg, a), treffen.ort_kontakt or treffen.ort)
    for field_name, question in (("gastgeber", "Gastgeber (Kontakt-ID)"),
                                 ("themen", "Themen (Komma)"), ("gaeste", "Gäste (Angebot-IDs)"),
                                 ("notiz", "Notiz"), ("protokoll", "Protokoll")):
        current = getattr(treffen, field_name)
        new[field_name] = prompts.ask(question, prompts.field_answer(Treffen, field_name),
                                      ", ".join(current) if isinstance(current, list)
                                      else current)
    return {name: value for name, value in new.items() if getattr(treffen, name) != value}


def _place_answer(reg: "Registry", answer: str) -> dict[str, str]:
    """A place answered: an organisation's id is the venue, any other text the place."""
    from netzwerk_cli.meetings import check_venue
    from netzwerk_cli.model import Treffen, check_value

    if answer in reg.kontakte:
        return {"ort_kontakt": check_venue(reg, answer), "ort": ""}
    return {"ort_kontakt": "", "ort": check_value(Treffen, "ort", answer)}


@command("remove", group)
def treffen_remove(treffen_id: TreffenArgument, yes: YesOption = False,
                   dry_run: DryRunOption = False, registry: RegistryOption = None) -> None:
    """Ein Treffen entfernen (fragt nach; ohne Terminal nur mit --yes)."""
    from netzwerk_cli import meetings
    from netzwerk_cli.cli.render import note

    _, reg = open_registry(registry)
    treffen = meetings.treffen_of(reg, treffen_id)
    what = (f"Das Treffen von „{reg.netzwerke[treffen.netzwerk].name}“ am "
            f"{meetings.termin_text(treffen)} ({treffen_id})")
    prompts.confirm_removal(what, treffen_id, yes, dry_run)
    run_change(registry, lambda r: meetings.remove_meeting(r, treffen_id), dry_run)
    if not dry_run:
        note(f"Entfernt: {what}.")


@command("anwesend", group)
def treffen_anwesend(
    treffen_id: TreffenArgument,
    kontakte: Annotated[list[str], typer.Argument(
        metavar="KONTAKT", autocompletion=complete_kontakt_ids, show_default=False,
        help="IDs der Kontakte, die da waren (siehe `netz mitglied list NETZWERK`).")],
    entfernen: Annotated[bool, typer.Option(
        "--entfernen", help="Diese Kontakte aus der Anwesenheitsliste streichen.")] = False,
    dry_run: DryRunOption = False,
    registry: RegistryOption = None,
) -> None:
    """Eintragen, wer bei einem Treffen war – die Liste „wer ist da“ der Info-Wand.

    Wer kein Mitglied ist, wird als Gast eingetragen (netz sagt, wie er Mitglied wird). Eine
    Person zählt auch für ihre Einrichtung: `netz check` meldet Mitglieder, die die letzten vier
    Treffen verpasst haben.
    """
    from netzwerk_cli import clock, meetings

    outcome, reg = run_change(
        registry, lambda r: meetings.record_attendance(r, treffen_id, kontakte, entfernen,
                                                       clock.today()), dry_run)
    if not dry_run:
        _report_attendance(reg, treffen_id, outcome, entfernen)


def _report_attendance(reg: "Registry", treffen_id: str, outcome: "Attendance",
                       removed: bool) -> None:
    from netzwerk_cli.cli.render import hints, note

    def names(kontakt_ids: list[str]) -> str:
        return ", ".join(f"{reg.kontakte[k].display_name} ({k})" for k in kontakt_ids)

    if outcome.changed:
        note(f"{'Gestrichen' if removed else 'Anwesend'} bei {treffen_id}: "
             f"{names(outcome.changed)}")
    if outcome.unchanged:
        note(f"{'War nicht eingetragen' if removed else 'Schon eingetragen'}: "
             f"{names(outcome.unchanged)}")
    hints(outcome.hints)
    note(f"Jetzt anwesend: {len(reg.treffen[treffen_id].anwesend)}.")


# --- offers to invite (`netz angebote vorschlagen NETZWERK`, in cli/query.py) -----------------


def print_suggestions(reg: "Registry", netzwerk_id: str, as_json: bool,
                      show_all: bool = False) -> None:
    """The offers that have not presented in a network yet, best first."""
    from netzwerk_cli import meetings, serialize
    from netzwerk_cli.cli import render

    found = meetings.suggest_angebote(reg, netzwerk_id)
    if as_json:
        render.print_json([serialize.suggestion(s, reg) for s in found])
    if not found:
        render.note(f"Alle Angebote haben sich bei „{netzwerk_id}“ schon vorgestellt oder sind "
                    "eingeladen.")
        raise typer.Exit(1)
    if as_json:
        return
    columns = [render.Column("Name / ID"), render.Column("Passt zu"),
               render.Column("Kontakt", drop=1)]
    rows, table_rows = _suggestion_rows(reg, found)
    title = f"Angebote, die sich bei „{reg.netzwerke[netzwerk_id].name}“ vorstellen könnten"
    render.print_rows(title, columns, rows, table_rows, render.Listing(show_all, "Angeboten"))


def _suggestion_rows(reg: "Registry", found: "list[Suggestion]"
                     ) -> "tuple[list[Row], list[Row]]":
    from netzwerk_cli.cli.render import main_kontakt, name_and_id

    rows: list[Row] = []
    table_rows: list[Row] = []
    for suggestion in found:
        angebot = reg.angebote[suggestion.id]
        fits = "; ".join(filter(None, (
            f"Themen: {', '.join(suggestion.themen)}" if suggestion.themen else "",
            f"Zielgruppen: {', '.join(suggestion.zielgruppen)}" if suggestion.zielgruppen
            else ""))) or "(nichts gemeinsam)"
        kontakt = main_kontakt(angebot, reg)
        rows.append([suggestion.id, angebot.name, fits, str(suggestion.score), kontakt])
        table_rows.append([name_and_id(angebot.name, suggestion.id), fits, kontakt])
    return rows, table_rows


# --- The formats: calendar file, invitation, info-wall sheet ----------------------------------
# (export/ics.py, export/eml.py with export/invitation.py, export/aushang.py)


def complete_meeting_or_network_ids(incomplete: str) -> list[str]:
    from netzwerk_cli.cli.options import _from_registry

    return _from_registry(incomplete, lambda r: [*r.netzwerke, *r.treffen])


FileOption = Annotated[Path | None, typer.Option(
    "--output", "-o", metavar="DATEI", dir_okay=False, show_default=False,
    help="In diese Datei schreiben statt auf die Standardausgabe.")]
OverwriteOption = Annotated[bool, typer.Option("--force", help="Eine vorhandene Datei "
                                                               "überschreiben.")]


def _open_for_export(registry: Path | None) -> "Registry":
    """The registry as the exports see it (every value printable)."""
    from netzwerk_cli.export.selection import exportable

    return exportable(open_registry(registry)[1])


def _write(content: bytes, target: Path | None, overwrite: bool, registry: Path | None) -> None:
    """To stdout, or to a file no more readable than the registry (it may hold addresses)."""
    from netzwerk_cli.cli.render import write_bytes
    from netzwerk_cli.export.formats import write_new_file
    from netzwerk_cli.registry import find_registry

    if target is None:
        write_bytes(content)
    else:
        write_new_file(target, content, overwrite, private_as=find_registry(registry).path)


@command("ics", group)
@with_filters
def treffen_ics(
    criteria: Criteria,
    ids: Annotated[list[str] | None, typer.Argument(
        metavar="ID", autocompletion=complete_meeting_or_network_ids, show_default=False,
        help="Nur diese Netzwerke oder Treffen (IDs; zusätzlich zu den Filtern).")] = None,
    kommende: Annotated[bool, typer.Option(
        "--kommende", help="Nur Treffen von heute an, ohne die vergangenen.")] = False,
    target: FileOption = None,
    overwrite: OverwriteOption = False,
    registry: RegistryOption = None,
) -> None:
    """Die Treffen als Kalenderdatei (.ics) ausgeben, z. B. `netz treffen ics netzwerk-mitte
    -o termine.ics`.

    Ein Termin je Treffen mit Ort und Anschrift, Themen und Gästen, zum Importieren in Outlook,
    Thunderbird oder Google Kalender (Zeiten in UTC, damit kein Programm sie verschiebt).
    Ohne ID und Filter: alle Netzwerke; die Filter sind dieselben wie bei `netz list`. Jedes
    Treffen behält in jeder Ausgabe dieselbe Kennung (UID).
    """
    from netzwerk_cli import clock
    from netzwerk_cli.cli.render import hints, note
    from netzwerk_cli.export import ics
    from netzwerk_cli.export.meeting_facts import calendar_selection
    from netzwerk_cli.meetings import datum_text
    from netzwerk_cli.text import count

    reg = _open_for_export(registry)
    today = clock.today()
    chosen = calendar_selection(reg, ids or [], criteria, today if kommende else None)
    hints(chosen.hints)
    if not chosen.meetings:
        note("Keine Treffen in dieser Auswahl; nichts geschrieben.")
        raise typer.Exit(1)
    name = (chosen.meetings[0].title if chosen.netzwerke == 1 else "Netzwerktreffen")
    _write(ics.to_ics(chosen.meetings, today, name).encode(), target, overwrite, registry)
    where = f" nach {target}" if target else ""
    since = f" ab {datum_text(today)}" if kommende else ""
    note(f"{count(len(chosen.meetings), 'Treffen', 'Treffen')}{since} aus "
         f"{count(chosen.netzwerke, 'Netzwerk', 'Netzwerken')} exportiert{where}.")


@command("einladung", group)
def treffen_einladung(
    treffen_id: TreffenArgument,
    format_name: Annotated[str, typer.Option(
        "--format", "-f", metavar="FORMAT", help="eml (Standard): E-Mail-Entwurf, den "
        "Thunderbird und Outlook zum Senden öffnen, mit dem Termin als .ics im Anhang; text: "
        "An, Bcc, Betreff und Text zum Einfügen in jedes Mailprogramm; mailto: Links, die eine "
        "neue Mail öffnen (lange Verteiler auf mehrere Links verteilt).")] = "eml",
    target: FileOption = None,
    overwrite: OverwriteOption = False,
    registry: RegistryOption = None,
) -> None:
    """Die Einladung zu einem Treffen als E-Mail-Entwurf schreiben, z. B. `netz treffen
    einladung netzwerk-mitte-2027-03-16 -o einladung.eml`.

    An die Koordination des Netzwerks (gibt es keine mit E-Mail-Adresse: an die
    Ansprechpartner), alle anderen Mitglieder und Ansprechpartner in Bcc, so dass niemand die
    Adressen der anderen sieht. Der Text nennt Tag, Zeitrahmen, Ort mit Anschrift, Themen, Gäste
    und erinnert an die Infowand. Die .eml-Datei öffnet sich per Doppelklick in Thunderbird oder
    Outlook als Entwurf: prüfen, ergänzen, senden.
    """
    from netzwerk_cli import clock
    from netzwerk_cli.export.formats import DRAFT_FORMATS, choose
    from netzwerk_cli.export.invitation import invitation

    fmt = choose(format_name, DRAFT_FORMATS)
    reg = _open_for_export(registry)
    result = invitation(reg, treffen_id, clock.today(), with_attachment=format_name == "eml")
    _write(fmt.render(result.draft), target, overwrite, registry)
    _invitation_notes(result, format_name, target)


def _invitation_notes(result: "Invitation", format_name: str, target: Path | None) -> None:
    """What the coordinator should know about the draft: who is in it, who is missing."""
    from netzwerk_cli.cli.render import note
    from netzwerk_cli.export.eml import to_mailto
    from netzwerk_cli.text import count

    draft, meeting = result.draft, result.meeting
    for chosen in result.without_email:
        note(f"Ohne E-Mail-Adresse: {chosen.kontakt.display_name} ({chosen.id})")
    if result.to_from:
        origin = ("Koordination" if result.to_from == "koordination"
                  else "Ansprechpartner; niemand aus der Koordination hat eine Adresse")
        bcc = count(len(draft.bcc), "Adresse", "Adressen") if draft.bcc else "niemand"
        note(f"An: {count(len(draft.to), 'Adresse', 'Adressen')} ({origin}), Bcc: {bcc}.")
    elif draft.bcc:
        note(f"Niemand in „{meeting.netzwerk}“ hat eine E-Mail-Adresse: weder die Koordination "
             "noch die Ansprechpartner. Bitte die eigene Adresse unter „An“ eintragen; Bcc: "
             f"{count(len(draft.bcc), 'Adresse', 'Adressen')}.")
    else:
        note(f"Niemand in „{meeting.netzwerk}“ hat eine E-Mail-Adresse: weder die Koordination "
             "noch die Ansprechpartner noch ein Mitglied. Der Entwurf hat keine Empfänger; "
             "bitte selbst eintragen.")
    if format_name == "eml":
        where = f" nach {target}" if target else ""
        note(f"Einladung als Entwurf{where} geschrieben: öffnen, prüfen, senden.")
    else:
        note(f"Den Termin für den Kalender dazu gibt `netz treffen ics {meeting.id} -o "
             "termin.ics`.")
    if format_name == "mailto" and to_mailto(draft).without_text:
        note("Der Text ist für einen Link zu lang und fehlt darin; `--format text` gibt ihn "
             "zum Einfügen.")


@command("aushang", group)
def treffen_aushang(
    treffen_id: TreffenArgument,
    leerzeilen: Annotated[int | None, typer.Option(
        "--leerzeilen", metavar="ANZAHL", min=0, max=200, show_default=False,
        help="So viele freie Zeilen für Gäste und Neue (Standard: die erste Seite voll, "
             "mindestens 4).")] = None,
    target: FileOption = None,
    overwrite: OverwriteOption = False,
    registry: RegistryOption = None,
) -> None:
    """Den Aushang für die Infowand eines Treffens schreiben: eine Seite zum Drucken auf A4,
    z. B. `netz treffen aushang netzwerk-mitte-2027-03-16 -o aushang.html`.

    Oben Netzwerk, Tag und Ort, darunter die Tabelle „Wer ist da? (Name & Einrichtung) | Was
    kann ich bieten? | Was suche ich?“ mit allen Mitgliedern (Name und Einrichtung) und
    freien Zeilen. Im Browser öffnen und drucken. Der Aushang enthält die Namen aller
    Mitglieder, also personenbezogene Daten: Er ist für das Treffen selbst gedacht, nicht zum
    Veröffentlichen.
    """
    from netzwerk_cli.cli.render import note
    from netzwerk_cli.export import aushang
    from netzwerk_cli.text import count

    sheet = aushang.sheet(_open_for_export(registry), treffen_id, leerzeilen)
    _write(aushang.to_html(sheet).encode(), target, overwrite, registry)
    where = f" nach {target}" if target else ""
    note(f"Aushang für {sheet.meeting.netzwerk} am {sheet.meeting.wann} mit "
         f"{count(len(sheet.rows), 'Mitglied', 'Mitgliedern')} und "
         f"{count(sheet.empty_rows, 'freien Zeile', 'freien Zeilen')} geschrieben{where}.")

"""The write commands for networks: add, edit, verify, remove.

Each command gathers its values (from options, or by asking on a terminal), then hands one
change function to ``storage.apply_change`` (through ``cli.storage.run_change``), which applies
it safely to the file as it is on disk.
"""


from typing import TYPE_CHECKING, Annotated, Any

import typer

from netzwerk_cli.cli import prompts
from netzwerk_cli.cli.app import command, new_group
from netzwerk_cli.cli.options import (
    ART_HELP,
    DryRunOption,
    RegistryOption,
    YesOption,
    complete_arten,
    complete_ids,
    complete_places,
    complete_sozialraeume,
    complete_themen,
)
from netzwerk_cli.cli.registry import open_registry
from netzwerk_cli.cli.storage import run_change
from netzwerk_cli.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Callable

    from netzwerk_cli.gazetteer import Area
    from netzwerk_cli.model import Kontakt, Netzwerk, Registry

group = new_group()


IdArgument = Annotated[
    str, typer.Argument(metavar="ID", help="ID des Netzwerks (siehe `netz list`).",
                        autocompletion=complete_ids, show_default=False)
]
KontaktOption = Annotated[
    list[str] | None,
    typer.Option("--kontakt", "-k", metavar="KONTAKT-ID", show_default=False,
                 help="Kontakt aus `netz kontakt list` (mehrfach möglich)."),
]
BezirkOption = Annotated[
    list[str] | None,
    typer.Option("--bezirk", "-b", metavar="NAME", show_default=False,
                 autocompletion=complete_places,
                 help="Stadtbezirk, für den das Netzwerk zuständig ist (mehrfach möglich)."),
]
# A network's usual rhythm: as one text, or field by field.
TreffenOption = Annotated[str | None, typer.Option(
    "--treffen", metavar="TEXT", show_default=False,
    help="Wie es sich trifft, in Worten: z. B. „4 × im Jahr, dienstags, 16–18 Uhr, reihum“ "
         "(setzt Turnus, Wochentag, Zeit und Orte; leer löscht sie).")]
TurnusOption = Annotated[int | None, typer.Option(
    "--turnus", metavar="ANZAHL", show_default=False,
    help="Wie viele Treffen im Jahr üblich sind (0: unbekannt).")]
WochentagOption = Annotated[str | None, typer.Option(
    "--wochentag", metavar="TAG", show_default=False,
    help="Üblicher Wochentag: mo, di, mi, do, fr, sa, so (leer: beliebig).")]
ZeitOption = Annotated[str | None, typer.Option(
    "--zeit", metavar="VON-BIS", show_default=False,
    help="Üblicher Zeitrahmen, z. B. 16-18 oder 9:30-11:00 (leer: keiner).")]
OrteOption = Annotated[str | None, typer.Option(
    "--orte", metavar="ORTE", show_default=False,
    help="reihum (wechselnd bei den Mitgliedern) oder fest.")]
StadtteilOption = Annotated[
    list[str] | None,
    typer.Option("--stadtteil", "-s", metavar="NAME", show_default=False,
                 autocompletion=complete_places,
                 help="Stadtteil oder Wohnbezirk, für den das Netzwerk zuständig ist "
                      "(mehrfach möglich)."),
]

SozialraumOption = Annotated[
    list[str] | None,
    typer.Option("--sozialraum", metavar="NAME", show_default=False,
                 autocompletion=complete_sozialraeume,
                 help="Sozialraum, für den das Netzwerk zuständig ist (mehrfach möglich; alle "
                      "zeigt `netz bezirke`)."),
]


# --- add -------------------------------------------------------------------------------------


@command("add", group)
def add(
    name: Annotated[str | None, typer.Option("--name", "-n", help="Name des Netzwerks.",
                                             show_default=False)] = None,
    art: Annotated[str | None, typer.Option(
        "--art", "-a", metavar="ART", show_default=False, autocompletion=complete_arten,
        help=ART_HELP)] = None,
    bezirk: BezirkOption = None,
    stadtteil: StadtteilOption = None,
    sozialraum: SozialraumOption = None,
    stadtweit: Annotated[bool, typer.Option("--stadtweit", help="Für die ganze Stadt.")] = False,
    thema: Annotated[list[str] | None, typer.Option(
        "--thema", "-t", metavar="THEMA", autocompletion=complete_themen, show_default=False,
        help="Thema des Netzwerks (mehrfach möglich).")] = None,
    zielgruppe: Annotated[list[str] | None, typer.Option(
        "--zielgruppe", metavar="ZIELGRUPPE", help="z. B. Kinder (mehrfach möglich).",
        show_default=False)] = None,
    kontakt: KontaktOption = None,
    webseite: Annotated[str, typer.Option(help="Webseite des Netzwerks.")] = "",
    treffen: TreffenOption = None,
    turnus: TurnusOption = None,
    wochentag: WochentagOption = None,
    zeit: ZeitOption = None,
    orte: OrteOption = None,
    notiz: Annotated[str, typer.Option(help="Alles Weitere.")] = "",
    wanted_id: Annotated[str | None, typer.Option(
        "--id", help="Eigene ID statt der aus dem Namen gebildeten.", show_default=False)] = None,
    dry_run: DryRunOption = False,
    registry: RegistryOption = None,
) -> None:
    """Ein neues Netzwerk eintragen.

    Auf einem Terminal fragt netz nach allem, was nicht als Option angegeben ist. Ohne Terminal
    (in Skripten) müssen --name, --art und ein Gebiet (--bezirk, --stadtteil, --sozialraum oder
    --stadtweit) angegeben sein. Die ID wird aus dem Namen gebildet (ä → ae, ß → ss), wenn --id
    fehlt.
    """
    from netzwerk_cli import changes, clock, contacts, meetings
    from netzwerk_cli.cli import render
    from netzwerk_cli.gazetteer import parse_area

    _, reg = open_registry(registry)
    rhythm = meetings.rhythm_values(treffen, turnus, wochentag, zeit, orte)
    values: dict[str, Any] = {"name": name, "art": art, "themen": thema,
                              "zielgruppen": zielgruppe, "kontakte": kontakt,
                              "webseite": webseite, "treffen": rhythm or None, "notiz": notiz}
    places, raeume = [*(bezirk or []), *(stadtteil or [])], [*(sozialraum or [])]
    new_kontakt: tuple[str, Kontakt] | None = None
    if prompts.is_interactive():
        area, new_kontakt, kept = _ask_missing(values, reg, places, stadtweit, raeume)
    else:
        _require(values, [*places, *raeume], stadtweit)
        area, kept = parse_area(places, stadtweit, raeume, reg.sozialraum_index()), []
    netzwerk = changes.draft_netzwerk(values | (values.pop("treffen") or {}), area)
    netzwerk_id = changes.new_id(netzwerk.name, changes.entry_ids(reg), wanted_id or "")

    def change(r: "Registry") -> list[str]:
        if new_kontakt:
            contacts.add_kontakt(r, *new_kontakt)
        return changes.add_netzwerk(r, netzwerk_id, netzwerk, clock.today())

    answered = {changes.new_thema_hint(reg, thema) for thema in kept}
    hints, reg = run_change(registry, change, dry_run)
    render.hints(area.hints + [hint for hint in hints if hint not in answered])
    if not dry_run:
        render.print_entry(netzwerk_id, reg.entry(netzwerk_id), reg)


def _require(values: dict[str, Any], orte: list[str], stadtweit: bool) -> None:
    """Without a terminal nothing is asked: name, kind and area must be options; every one
    missing is named in one message."""
    missing = [(option, what) for given, option, what in [
        (values["name"], "--name", "der Name"), (values["art"], "--art", "die Art"),
        (orte or stadtweit, "--bezirk, --stadtteil, --sozialraum oder --stadtweit",
         "das Gebiet")]
        if not given]
    if missing:
        raise prompts.missing_all(missing)


def _ask_missing(values: dict[str, Any], reg: "Registry", orte: list[str], stadtweit: bool,
                 raeume: list[str] | None = None
                 ) -> "tuple[Area, tuple[str, Kontakt] | None, list[str]]":
    """Ask, one question at a time, for every value not given as an option.

    Returns the area, a new contact (if one was asked for) and the new topics the user kept
    although they look like existing ones (no need to say so again after saving).
    """
    from netzwerk_cli.gazetteer import parse_area
    from netzwerk_cli.model import ARTEN, Netzwerk, resolve_art

    if not values["name"]:
        values["name"] = prompts.ask("Name des Netzwerks", _name_answer)
    if not values["art"]:
        labels = {label: aliases for label, aliases in ARTEN.values()}
        values["art"] = prompts.choose("Art", list(labels), "Netzwerk", resolve_art, labels)
    values["art"] = resolve_art(values["art"])
    if orte or stadtweit or raeume:
        area = parse_area(orte, stadtweit, raeume or [], reg.sozialraum_index())
    else:
        area = prompts.ask("Gebiet: Stadtbezirke/Stadtteile/Sozialräume, durch Komma getrennt, "
                           "oder „stadtweit“", lambda answer: _area_answer(answer, reg))
    kept: list[str] = []
    if values["themen"] is None:
        values["themen"], kept = _ask_themen(reg)
    if values["zielgruppen"] is None:
        values["zielgruppen"] = prompts.ask("Zielgruppen (Komma)", _answer("zielgruppen"),
                                            "Kinder, Jugendliche")
    new_kontakt = _ask_kontakte(values, reg) if values["kontakte"] is None else None
    if not values["webseite"]:
        values["webseite"] = prompts.ask("Webseite (leer für keine)", _answer("webseite"), "")
    if values["treffen"] is None:
        values["treffen"] = prompts.ask("Treffen, z. B. „4 × im Jahr, dienstags, 16–18 Uhr, "
                                        "reihum“ (leer: keine Angabe)", _rhythm_answer, "")
    if not values["notiz"]:
        values["notiz"] = prompts.ask("Notiz (leer: keine Angabe)",
                                      prompts.field_answer(Netzwerk, "notiz"), "")
    return area, new_kontakt, kept


def _answer(field_name: str) -> "Callable[[str], Any]":
    """The check of an answer for a network's field: the rules of saving (``check_value``),
    and for a web address that it is one."""
    from netzwerk_cli.model import Netzwerk
    from netzwerk_cli.validate import check_webseite

    return prompts.field_answer(Netzwerk, field_name,
                                check_webseite if field_name == "webseite" else None)


def _rhythm_answer(answer: str) -> dict[str, Any]:
    """A network's rhythm in words, as its fields (what netz does not understand is asked
    again)."""
    from netzwerk_cli.meetings import rhythm_values

    return rhythm_values(answer)


def _name_answer(answer: str) -> str:
    from netzwerk_cli.model import Netzwerk

    name: str = prompts.field_answer(Netzwerk, "name",
                                     required="Bitte einen Namen eingeben.")(answer)
    return name


def _ask_themen(reg: "Registry") -> tuple[list[str], list[str]]:
    """Ask for the topics; a new one that looks like an existing one is offered the existing
    one at once. Returns the topics and the look-alikes the user kept."""
    from netzwerk_cli.changes import new_thema_hint, similar_thema
    from netzwerk_cli.cli.render import note

    known = sorted(reg.count_themen())
    if known:
        note(f"  Vorhandene Themen: {', '.join(known)}")
    themen = prompts.ask("Themen (Komma; leer für keine)", _answer("themen"), "")
    kept = []
    for position, thema in enumerate(themen):
        similar = similar_thema(reg, thema)
        if similar is None:
            continue
        if prompts.ask_yes_no(f"{new_thema_hint(reg, thema)} Das vorhandene nehmen?", True):
            themen[position] = similar
        else:
            kept.append(thema)
    return list(dict.fromkeys(themen)), kept


def _area_answer(answer: str, reg: "Registry | None" = None) -> "Area":
    from netzwerk_cli.gazetteer import parse_area

    names = prompts.split_list(answer)
    if not names:
        raise InputError("Bitte mindestens einen Ort oder „stadtweit“ angeben.")
    return parse_area(names, index=reg.sozialraum_index() if reg is not None else None)


def _ask_kontakte(values: dict[str, Any], reg: "Registry") -> "tuple[str, Kontakt] | None":
    """Ask for the contacts by id; "neu" creates a new contact in the same change."""
    from netzwerk_cli import changes
    from netzwerk_cli.model import Kontakt

    def kontakt_ids(answer: str) -> list[str]:
        try:
            return _kontakt_ids_answer(reg, answer, "neu")
        except InputError as err:
            raise InputError(f"{err} „neu“ legt einen neuen an.") from None

    ids = prompts.ask("Kontakt-IDs (Komma; „neu“ für einen neuen Kontakt; leer für keinen)",
                      kontakt_ids, "")
    values["kontakte"] = [i for i in ids if i != "neu"]
    if "neu" not in ids:
        return None
    kontakt_values: dict[str, Any] = {}
    oeffentlich = prompts.ask_kontakt(kontakt_values, None, "")
    kontakt = Kontakt(**{k: v for k, v in kontakt_values.items() if v}, oeffentlich=oeffentlich)
    kontakt_id = changes.new_id(kontakt.display_name, reg.kontakte)
    values["kontakte"].append(kontakt_id)
    return kontakt_id, kontakt


def _kontakt_ids_answer(reg: "Registry", answer: str, also: str = "") -> list[str]:
    """Contact ids, comma-separated, each naming a contact (``also``: one more word taken)."""
    from netzwerk_cli import changes

    ids = prompts.split_list(answer)
    changes.check_kontakt_ids(reg, [i for i in ids if i != also])
    return ids


# --- edit -------------------------------------------------------------------------------------

@command("edit", group)
def edit(
    netzwerk_id: IdArgument,
    name: Annotated[str | None, typer.Option("--name", "-n", show_default=False,
                                             help="Neuer Name.")] = None,
    art: Annotated[str | None, typer.Option(
        "--art", "-a", metavar="ART", show_default=False, autocompletion=complete_arten,
        help=f"Neue Art: {ART_HELP}")] = None,
    bezirk: BezirkOption = None,
    stadtteil: StadtteilOption = None,
    sozialraum: SozialraumOption = None,
    stadtweit: Annotated[bool | None, typer.Option(
        "--stadtweit/--nicht-stadtweit", show_default=False,
        help="Für die ganze Stadt (ersetzt Bezirke und Stadtteile).")] = None,
    add_thema: Annotated[list[str] | None, typer.Option(
        "--add-thema", metavar="THEMA", show_default=False, help="Thema hinzufügen.")] = None,
    remove_thema: Annotated[list[str] | None, typer.Option(
        "--remove-thema", metavar="THEMA", show_default=False, help="Thema entfernen.")] = None,
    add_zielgruppe: Annotated[list[str] | None, typer.Option(
        "--add-zielgruppe", metavar="TEXT", show_default=False,
        help="Zielgruppe hinzufügen.")] = None,
    remove_zielgruppe: Annotated[list[str] | None, typer.Option(
        "--remove-zielgruppe", metavar="TEXT", show_default=False,
        help="Zielgruppe entfernen.")] = None,
    add_kontakt: Annotated[list[str] | None, typer.Option(
        "--add-kontakt", metavar="ID", show_default=False,
        help="Kontakt zuordnen (ID aus `netz kontakt list`).")] = None,
    remove_kontakt: Annotated[list[str] | None, typer.Option(
        "--remove-kontakt", metavar="ID", show_default=False,
        help="Kontakt lösen (ID).")] = None,
    webseite: Annotated[str | None, typer.Option(show_default=False,
                                                 help="Neue Webseite.")] = None,
    treffen: TreffenOption = None,
    turnus: TurnusOption = None,
    wochentag: WochentagOption = None,
    zeit: ZeitOption = None,
    orte: OrteOption = None,
    notiz: Annotated[str | None, typer.Option(show_default=False, help="Neue Notiz.")] = None,
    stand: Annotated[str | None, typer.Option(
        "--stand", metavar="DATUM", show_default=False,
        help="„heute“ (geprüft, stimmt noch) oder ein Datum JJJJ-MM-TT.")] = None,
    dry_run: DryRunOption = False,
    registry: RegistryOption = None,
) -> None:
    """Ein Netzwerk ändern: Felder setzen, Themen und Kontakte hinzufügen oder entfernen.

    Ohne Optionen fragt netz auf einem Terminal jedes Feld ab, mit dem jetzigen Wert als
    Vorgabe (Enter behält ihn). --bezirk/--stadtteil/--sozialraum ersetzen das bisherige
    Gebiet.
    """
    from netzwerk_cli import changes, clock, meetings
    from netzwerk_cli.cli import render
    from netzwerk_cli.gazetteer import parse_area
    from netzwerk_cli.model import parse_stand

    values: dict[str, Any] = {k: v for k, v in {
        "name": name, "art": art, "webseite": webseite, "notiz": notiz,
        "stand": parse_stand(stand, clock.today()) if stand else None}.items() if v is not None}
    values |= meetings.rhythm_values(treffen, turnus, wochentag, zeit, orte)
    places = [*(bezirk or []), *(stadtteil or [])]
    own = open_registry(registry)[1].sozialraum_index() if sozialraum else None
    area = parse_area(places, sozialraeume=sozialraum or [], index=own)
    if places or sozialraum:
        values["bezirke"], values["stadtteile"] = area.bezirke, area.stadtteile
        values["sozialraeume"] = list(area.sozialraeume)
    if stadtweit is not None:
        values["stadtweit"] = stadtweit
    add = {k: v for k, v in {"themen": add_thema, "zielgruppen": add_zielgruppe,
                             "kontakte": add_kontakt}.items() if v}
    remove = {k: v for k, v in {"themen": remove_thema, "zielgruppen": remove_zielgruppe,
                                "kontakte": remove_kontakt}.items() if v}
    if not (values or add or remove):
        values = _ask_changes(registry, netzwerk_id)
    hints, reg = run_change(
        registry, lambda r: changes.edit_netzwerk(r, netzwerk_id, values, add, remove), dry_run)
    render.hints(area.hints + hints)
    if not dry_run:
        render.print_entry(netzwerk_id, reg.entry(netzwerk_id), reg)


def _ask_changes(registry: RegistryOption, netzwerk_id: str) -> dict[str, Any]:
    """Ask for each field with its current value as default; return what changed."""
    from netzwerk_cli import clock
    from netzwerk_cli.meetings import rhythm_text
    from netzwerk_cli.model import art_label, resolve_art

    if not prompts.is_interactive():
        raise InputError("Nichts zu ändern: bitte Optionen angeben, z. B. --add-thema "
                                 "oder --stand heute (siehe `netz edit --help`).")
    _, reg = open_registry(registry)
    netzwerk: Netzwerk = reg.netzwerk(netzwerk_id)
    new: dict[str, Any] = {
        "name": prompts.ask("Name", _name_answer, netzwerk.name),
        "art": prompts.ask("Art", resolve_art, art_label(netzwerk.art)),
        "themen": prompts.ask("Themen (Komma)", _answer("themen"), ", ".join(netzwerk.themen)),
        "zielgruppen": prompts.ask("Zielgruppen (Komma)", _answer("zielgruppen"),
                                   ", ".join(netzwerk.zielgruppen)),
        "kontakte": prompts.ask("Kontakt-IDs (Komma)",
                                lambda answer: _kontakt_ids_answer(reg, answer),
                                ", ".join(netzwerk.kontakte)),
        "webseite": prompts.ask("Webseite", _answer("webseite"), netzwerk.webseite),
        **prompts.ask("Treffen, z. B. „4 × im Jahr, dienstags, 16–18 Uhr, reihum“",
                      _rhythm_answer, rhythm_text(netzwerk)),
        "notiz": prompts.ask("Notiz", _answer("notiz"), netzwerk.notiz),
    }
    area = prompts.ask("Gebiet (Komma) oder „stadtweit“",
                       lambda answer: _area_answer(answer, reg), reg.area_text(netzwerk))
    if area.stadtweit:
        new["stadtweit"] = True
    else:
        new["bezirke"], new["stadtteile"] = area.bezirke, area.stadtteile
        new["sozialraeume"] = list(area.sozialraeume)
    if prompts.ask_yes_no("Heute geprüft – Stand auf heute setzen?", True):
        new["stand"] = clock.today().isoformat()
    return {field: value for field, value in new.items() if getattr(netzwerk, field) != value}


# --- verify, remove ---------------------------------------------------------------------------


@command("verify", group)
def verify(
    entry_ids: Annotated[list[str], typer.Argument(
        metavar="ID", help="IDs der geprüften Netzwerke oder Angebote.",
        autocompletion=complete_ids, show_default=False)],
    dry_run: DryRunOption = False,
    registry: RegistryOption = None,
) -> None:
    """Als geprüft markieren: „stand“ wird auf heute gesetzt („stimmt noch“)."""
    from netzwerk_cli import changes, clock
    from netzwerk_cli.cli.render import note

    today = clock.today()
    run_change(registry, lambda r: [changes.verify_entry(r, i, today) for i in entry_ids],
               dry_run)
    note(f"Stand von {', '.join(entry_ids)}: {today.isoformat()}")


@command("remove", group)
def remove(
    entry_id: IdArgument,
    yes: YesOption = False,
    dry_run: DryRunOption = False,
    registry: RegistryOption = None,
) -> None:
    """Ein Netzwerk oder Angebot entfernen (seine Kontakte bleiben erhalten, seine
    Mitgliedschaften nicht).

    Auf einem Terminal fragt netz nach; ohne Terminal ist --yes nötig.
    """
    from netzwerk_cli import changes
    from netzwerk_cli.cli.render import note

    _, reg = open_registry(registry)
    entry = reg.entry(entry_id)
    with_members = _belonging(reg, entry_id)
    prompts.confirm_removal(f"„{entry.name}“ ({entry_id})"
                            f"{f' mit {with_members}' if with_members else ''}", entry_id, yes,
                            dry_run)

    def change(r: "Registry") -> str:  # the memberships and meetings as they are under the lock
        belonging = _belonging(r, entry_id)
        changes.remove_entry(r, entry_id)
        return belonging

    removed, _ = run_change(registry, change, dry_run)
    if removed and not dry_run:
        note(f"Mit dem Netzwerk entfernt: {removed}.")


def _belonging(reg: "Registry", entry_id: str) -> str:
    """"3 Mitgliedschaften und 4 Treffen": what goes with a network."""
    from netzwerk_cli.text import count

    members = len(reg.mitglieder.get(entry_id, {}))
    meetings = sum(t.netzwerk == entry_id for t in reg.treffen.values())
    return " und ".join(filter(None, (
        count(members, "Mitgliedschaft", "Mitgliedschaften") if members else "",
        count(meetings, "Treffen", "Treffen") if meetings else "")))

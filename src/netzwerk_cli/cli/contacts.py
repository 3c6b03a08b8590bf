"""``netz kontakt …``: the contacts that networks refer to by id."""


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
)
from netzwerk_cli.cli.registry import open_registry
from netzwerk_cli.cli.storage import run_change
from netzwerk_cli.errors import InputError

if TYPE_CHECKING:
    from netzwerk_cli.cli.render import Stack
    from netzwerk_cli.model import Kontakt, Registry

group = new_group("kontakt", "Kontakte anlegen, zeigen, ändern und entfernen.")


KontaktId = Annotated[str, typer.Argument(metavar="KONTAKT-ID", show_default=False,
                                          autocompletion=complete_kontakt_ids,
                                          help="ID des Kontakts (siehe `netz kontakt list`).")]
VorwahlOption = Annotated[str, typer.Option(
    "--vorwahl", metavar="VORWAHL", help="Vorwahl für Telefonnummern ohne Vorwahl, z. B. 02331.")]
GehoertZuOption = Annotated[str | None, typer.Option(
    "--gehoert-zu", metavar="KONTAKT-ID", autocompletion=complete_kontakt_ids, show_default=False,
    help="ID der Organisation (ein Kontakt der Art organisation), zu der der Kontakt gehört.")]


def _text(help_text: str) -> Any:
    return typer.Option(help=help_text, show_default=False)


@command("add", group)
def kontakt_add(
    name: Annotated[str | None, _text("Name der Person oder Rolle.")] = None,
    art: Annotated[str | None, typer.Option(
        "--art", help="person, organisation oder rolle (ohne --art: siehe oben).",
        show_default=False)] = None,
    funktion: Annotated[str | None, _text("z. B. Koordinatorin.")] = None,
    organisation: Annotated[str | None, _text("Träger oder Einrichtung.")] = None,
    abteilung: Annotated[str | None, _text("Abteilung.")] = None,
    strasse: Annotated[str | None, _text("Straße und Hausnummer.")] = None,
    plz: Annotated[str | None, _text("Postleitzahl.")] = None,
    ort: Annotated[str | None, _text("Ort.")] = None,
    telefon: Annotated[str | None, _text("Telefon, z. B. 02331 207-3608.")] = None,
    email: Annotated[str | None, _text("E-Mail-Adresse.")] = None,
    webseite: Annotated[str | None, _text("Webseite.")] = None,
    notiz: Annotated[str | None, _text("Alles Weitere.")] = None,
    gehoert_zu: GehoertZuOption = None,
    oeffentlich: Annotated[bool | None, typer.Option(
        "--oeffentlich/--nicht-oeffentlich", show_default=False,
        help="Darf veröffentlicht werden, ohne Rückfrage (ohne Terminal und ohne diese "
             "Option: nein).")] = None,
    wanted_id: Annotated[str | None, typer.Option("--id", help="Eigene ID.",
                                                  show_default=False)] = None,
    vorwahl: VorwahlOption = "",
    dry_run: DryRunOption = False,
    registry: RegistryOption = None,
) -> None:
    """Einen Kontakt anlegen: eine Person, eine Organisation oder eine Rolle.

    Ohne --art ist ein Kontakt mit --name und ohne --organisation eine Person, sonst eine
    Organisation; in diesem Fall fragt netz auf einem Terminal nach der Art. Kontaktdaten von
    Personen sind personenbezogene Daten: ohne Terminal wird ein Kontakt nur mit --oeffentlich
    als veröffentlichbar markiert. Auf einem Terminal fragt netz; die Vorgabe (Enter) ist bei
    einer Person „nein“, bei einer Organisation oder Rolle „ja“. --oeffentlich und
    --nicht-oeffentlich entscheiden ohne Rückfrage.
    """
    from netzwerk_cli import changes, contacts
    from netzwerk_cli.model import Kontakt, require_kontakt_name

    _, reg = open_registry(registry)
    if art is None and name and not organisation:
        art = "person"
    values: dict[str, Any] = {
        "name": name, "art": art, "funktion": funktion, "organisation": organisation,
        "abteilung": abteilung, "strasse": strasse, "plz": plz, "ort": ort, "telefon": telefon,
        "email": email, "webseite": webseite, "notiz": notiz, "gehoert_zu": gehoert_zu}
    if prompts.is_interactive():
        oeffentlich = prompts.ask_kontakt(values, oeffentlich, vorwahl)
    else:
        try:
            require_kontakt_name(values)
        except InputError:
            raise prompts.missing("--name oder --organisation", "ein Name") from None
    kontakt = Kontakt(**{k: v for k, v in values.items() if v}, oeffentlich=bool(oeffentlich))
    kontakt_id = changes.new_id(kontakt.display_name, reg.kontakte, wanted_id or "")
    _, reg = run_change(
        registry, lambda r: contacts.add_kontakt(r, kontakt_id, kontakt, vorwahl), dry_run)
    if not dry_run:
        _print_kontakt(reg, kontakt_id)


@command("list", group)
def kontakt_list(as_json: JsonOption = False, show_all: AlleOption = False,
                 registry: RegistryOption = None) -> None:
    """Alle Kontakte, mit der Zahl der Netzwerke, die sie nutzen.

    In einer Pipe: ID, Name, Organisation, Telefon, E-Mail, veröffentlichbar (ja/nein), Anzahl.
    Auf einem schmalen Terminal entfallen zuerst die Spalte Öffentlich, dann Netzwerke; Name,
    ID, Telefon und E-Mail bleiben immer ganz.
    """
    from netzwerk_cli import serialize
    from netzwerk_cli.cli import render
    from netzwerk_cli.index import Index
    from netzwerk_cli.text import key

    _, reg = open_registry(registry)
    index = Index(reg)  # who uses each contact: one pass over the networks, not one each
    kontakte = sorted(reg.kontakte.items(), key=lambda pair: key(pair[1].display_name))
    if as_json:
        render.print_json([serialize.kontakt_with_users(i, k, index.users_of(i),
                                                        index.memberships_of(i))
                           for i, k in kontakte])
        return
    rows = [[i, k.name, k.organisation, k.telefon, k.email, "ja" if k.oeffentlich else "nein",
             str(len(index.users_of(i)))] for i, k in kontakte]
    table_rows = [[_who(i, k), tuple(render.Part(v, whole=True) for v in row[3:5] if v), *row[5:]]
                  for (i, k), row in zip(kontakte, rows, strict=True)]
    columns = [render.Column("Kontakt / ID"), render.Column("Telefon / E-Mail"),
               render.Column("Öffentlich", drop=1), render.Column("Netzwerke", drop=2)]
    render.print_rows(f"Kontakte ({len(kontakte)})", columns, rows, table_rows,
                      render.Listing(show_all, "Kontakten", "`netz kontakt list | grep NAME`"))


def _who(kontakt_id: str, kontakt: "Kontakt") -> "Stack":
    """Name (or organisation), the organisation of a person or role, the id below."""
    from netzwerk_cli.cli.render import Part

    lines = [Part(kontakt.display_name)]
    if kontakt.name and kontakt.organisation:
        lines.append(Part(kontakt.organisation))
    return (*lines, Part(kontakt_id, whole=True, dim=True))


def _print_kontakt(reg: "Registry", kontakt_id: str) -> None:
    from netzwerk_cli.cli.render import print_kontakt
    from netzwerk_cli.contacts import kontakt_users

    print_kontakt(kontakt_id, reg.kontakt(kontakt_id), kontakt_users(reg, kontakt_id), reg)


@command("show", group)
def kontakt_show(kontakt_id: KontaktId, as_json: JsonOption = False,
                 registry: RegistryOption = None) -> None:
    """Einen Kontakt zeigen, mit den Netzwerken, die ihn nutzen, und denen, in denen er
    Mitglied ist; bei einer Organisation auch, wer dazugehört."""
    from netzwerk_cli import serialize
    from netzwerk_cli.cli.render import print_json
    from netzwerk_cli.contacts import kontakt_users
    from netzwerk_cli.members import memberships_of

    _, reg = open_registry(registry)
    kontakt = reg.kontakt(kontakt_id)
    if as_json:
        print_json(serialize.kontakt_with_users(kontakt_id, kontakt,
                                                kontakt_users(reg, kontakt_id),
                                                memberships_of(reg, kontakt_id)))
    else:
        _print_kontakt(reg, kontakt_id)


@command("edit", group)
def kontakt_edit(
    kontakt_id: KontaktId,
    name: Annotated[str | None, _text("Name.")] = None,
    art: Annotated[str | None, _text("person, organisation oder rolle.")] = None,
    funktion: Annotated[str | None, _text("Funktion.")] = None,
    organisation: Annotated[str | None, _text("Organisation.")] = None,
    abteilung: Annotated[str | None, _text("Abteilung.")] = None,
    strasse: Annotated[str | None, _text("Straße.")] = None,
    plz: Annotated[str | None, _text("Postleitzahl.")] = None,
    ort: Annotated[str | None, _text("Ort.")] = None,
    telefon: Annotated[str | None, _text("Telefon.")] = None,
    email: Annotated[str | None, _text("E-Mail.")] = None,
    webseite: Annotated[str | None, _text("Webseite.")] = None,
    notiz: Annotated[str | None, _text("Notiz.")] = None,
    gehoert_zu: GehoertZuOption = None,
    oeffentlich: Annotated[bool | None, typer.Option(
        "--oeffentlich/--nicht-oeffentlich", show_default=False,
        help="Veröffentlichen erlauben oder verbieten.")] = None,
    vorwahl: VorwahlOption = "",
    dry_run: DryRunOption = False,
    registry: RegistryOption = None,
) -> None:
    """Felder eines Kontakts ändern; ein leerer Wert ("") löscht das Feld."""
    from netzwerk_cli import contacts
    from netzwerk_cli.cli import render

    values = {k: v for k, v in {
        "name": name, "art": art, "funktion": funktion, "organisation": organisation,
        "abteilung": abteilung, "strasse": strasse, "plz": plz, "ort": ort, "telefon": telefon,
        "email": email, "webseite": webseite, "notiz": notiz, "gehoert_zu": gehoert_zu,
        "oeffentlich": oeffentlich}.items() if v is not None}
    if not values:
        raise InputError("Nichts zu ändern: bitte Optionen angeben, z. B. --email "
                         "(siehe `netz kontakt edit --help`).")
    notes, reg = run_change(
        registry, lambda r: contacts.edit_kontakt(r, kontakt_id, values, vorwahl), dry_run)
    render.hints(notes)
    if not dry_run:
        _print_kontakt(reg, kontakt_id)


@command("remove", group)
def kontakt_remove(
    kontakt_id: KontaktId,
    detach: Annotated[bool, typer.Option(
        "--force", help="Auch entfernen, wenn Netzwerke ihn nutzen (dort wird er gelöst).")
    ] = False,
    yes: YesOption = False,
    dry_run: DryRunOption = False,
    registry: RegistryOption = None,
) -> None:
    """Einen Kontakt entfernen. Wird er noch genutzt, lehnt netz ab (außer mit --force)."""
    from netzwerk_cli import contacts
    from netzwerk_cli.cli.render import note

    _, reg = open_registry(registry)
    contacts.check_removable(reg, kontakt_id, detach)  # refuse early, before asking
    prompts.confirm_removal(f"Kontakt „{kontakt_id}“", kontakt_id, yes, dry_run)
    detached, _ = run_change(
        registry, lambda r: contacts.remove_kontakt(r, kontakt_id, detach), dry_run)
    if detached:
        note(f"Gelöst von: {', '.join(detached)}")

"""``netz mitglied add/remove/list``: who belongs to a network, who coordinates, who prepares."""


from typing import TYPE_CHECKING, Annotated, Any

import typer

from netzwerk_cli.cli import prompts
from netzwerk_cli.cli.app import command, new_group
from netzwerk_cli.cli.options import (
    ROLLE_HELP,
    AlleOption,
    DryRunOption,
    JsonOption,
    RegistryOption,
    RollenOption,
    complete_kontakt_ids,
    complete_netzwerk_ids,
    complete_rollen,
)
from netzwerk_cli.cli.registry import open_registry
from netzwerk_cli.cli.storage import run_change

if TYPE_CHECKING:
    import datetime as dt

    from netzwerk_cli.cli.render import Row
    from netzwerk_cli.members import MemberChanges
    from netzwerk_cli.model import Kontakt, Mitglied, Registry

group = new_group("mitglied", "Mitglieder eines Netzwerks eintragen, zeigen und austragen: "
                              "Koordination, Vorbereitungskreis und alle, die dazugehören.")

NetzwerkArgument = Annotated[str, typer.Argument(
    metavar="NETZWERK", autocompletion=complete_netzwerk_ids, show_default=False,
    help="ID des Netzwerks (siehe `netz list`).")]

# What the choice between similar contacts offers besides them.
NEW_KONTAKT = "neu anlegen"


@command("add", group)
def mitglied_add(
    netzwerk_id: NetzwerkArgument,
    kontakte: Annotated[list[str], typer.Argument(
        metavar="KONTAKT", autocompletion=complete_kontakt_ids, show_default=False,
        help="IDs der Kontakte (siehe `netz kontakt list`). Auf einem Terminal auch ein Name "
             "oder eine E-Mail-Adresse: netz bietet passende Kontakte an oder legt einen neuen "
             "an.")],
    rolle: Annotated[str, typer.Option(
        "--rolle", metavar="ROLLE", autocompletion=complete_rollen, show_default=False,
        help=f"{ROLLE_HELP}. Ohne --rolle: neue Mitglieder ohne Rolle, vorhandene behalten "
             "ihre.")] = "",
    seit: Annotated[str, typer.Option(
        "--seit", metavar="DATUM", show_default=False,
        help="Seit wann: JJJJ-MM, JJJJ-MM-TT oder heute (Standard für neue: heute).")] = "",
    bis: Annotated[str, typer.Option(
        "--bis", metavar="DATUM", show_default=False,
        help="Nur Vorbereitungskreis: Ende der Amtszeit (Standard: zwei Jahre nach Beginn).")
    ] = "",
    vorwahl: Annotated[str, typer.Option(
        "--vorwahl", metavar="VORWAHL",
        help="Vorwahl für Telefonnummern neuer Kontakte, z. B. 02331.")] = "",
    dry_run: DryRunOption = False,
    registry: RegistryOption = None,
) -> None:
    """Kontakte als Mitglieder eines Netzwerks eintragen oder ihre Rolle ändern.

    Rollen: koordination (die 1–2 Verantwortlichen), vorbereitungskreis (mit dem Ende der
    Amtszeit; die Quelle empfiehlt, ihn etwa alle zwei Jahre zu wechseln) oder mitglied.
    Ein Kontakt wird einmal gespeichert und kann in vielen Netzwerken Mitglied sein. Auf einem
    Terminal legt netz für einen unbekannten Namen gleich einen neuen Kontakt an (dieselben
    Fragen wie `netz kontakt add`; Personen werden nicht veröffentlicht) – vorher bietet es
    ähnliche vorhandene Kontakte an, damit niemand doppelt eingetragen wird.
    """
    from netzwerk_cli import clock, contacts, members

    _, reg = open_registry(registry)
    reg.netzwerk(netzwerk_id)  # an unknown network or a bad value is refused before asking
    members.check_member_values(rolle, seit, bis, clock.today())
    kontakt_ids, new = _resolve_kontakte(reg, kontakte, vorwahl)

    def change(r: "Registry") -> "MemberChanges":
        for kontakt_id, kontakt in new:
            contacts.add_kontakt(r, kontakt_id, kontakt, vorwahl)
        return members.add_members(r, netzwerk_id, kontakt_ids, rolle, seit, bis,
                                   clock.today())

    outcome, reg = run_change(registry, change, dry_run)
    if not dry_run:
        _report_added(reg, netzwerk_id, outcome)


@command("remove", group)
def mitglied_remove(
    netzwerk_id: NetzwerkArgument,
    kontakte: Annotated[list[str], typer.Argument(
        metavar="KONTAKT", autocompletion=complete_kontakt_ids, show_default=False,
        help="IDs der Mitglieder (siehe `netz mitglied list NETZWERK`).")],
    dry_run: DryRunOption = False,
    registry: RegistryOption = None,
) -> None:
    """Mitglieder aus einem Netzwerk austragen; die Kontakte selbst bleiben erhalten."""
    from netzwerk_cli import members
    from netzwerk_cli.cli.render import note

    removed, reg = run_change(
        registry, lambda r: members.remove_members(r, netzwerk_id, kontakte), dry_run)
    if not dry_run:
        note(f"Entfernt aus {_netzwerk_text(reg, netzwerk_id)}: {_names(reg, removed)}")


@command("list", group)
def mitglied_list(
    netzwerk_id: NetzwerkArgument,
    rolle: RollenOption = None,
    as_json: JsonOption = False,
    show_all: AlleOption = False,
    registry: RegistryOption = None,
) -> None:
    """Die Mitglieder eines Netzwerks: Name, Organisation, Rolle, E-Mail, Telefon, seit.

    In einer Pipe eine Zeile je Mitglied, Spalten durch Tabulator getrennt: ID, Name,
    Organisation, Rolle, E-Mail, Telefon, seit, bis. Auf einem schmalen Terminal entfällt die
    Spalte seit; Name, ID, E-Mail und Telefon bleiben immer ganz. Ohne Mitglieder endet netz
    mit Rückgabewert 1 (JSON: `[]`).
    """
    from netzwerk_cli import clock, members, serialize
    from netzwerk_cli.cli import render

    _, reg = open_registry(registry)
    rollen = members.parse_rollen(rolle) if rolle else None
    found = members.members_of(reg, netzwerk_id, rollen)
    if as_json:
        render.print_json([serialize.mitglied(netzwerk_id, kontakt_id, kontakt, mitglied)
                           for kontakt_id, kontakt, mitglied in found])
    if not found:
        which = " mit dieser Rolle" if rollen is not None else ""
        render.note(f"„{netzwerk_id}“ hat noch keine Mitglieder{which}. Eintragen: "
                    f"`netz mitglied add {netzwerk_id} KONTAKT`.")
        raise typer.Exit(1)
    if as_json:
        return
    rows, table_rows = _member_rows(reg, found, clock.today())
    columns = [render.Column("Name / Organisation / ID"), render.Column("Rolle"),
               render.Column("E-Mail / Telefon"), render.Column("seit", drop=1)]
    title = f"Mitglieder von „{reg.netzwerke[netzwerk_id].name}“ ({len(found)})"
    render.print_rows(title, columns, rows, table_rows,
                      render.Listing(show_all, "Mitgliedern", "--rolle"))


# --- helpers ------------------------------------------------------------------------------------


def _resolve_kontakte(reg: "Registry", texts: list[str], vorwahl: str
                      ) -> "tuple[list[str], list[tuple[str, Kontakt]]]":
    """The contact ids for the KONTAKT arguments, and the new contacts to create with them.

    An id is taken as it is. Anything else is, on a terminal, one of the similar contacts or a
    new one (asked for); elsewhere a usage error naming the similar contacts.
    """
    from netzwerk_cli.members import kontakt_of

    kontakt_ids: list[str] = []
    new: list[tuple[str, Kontakt]] = []
    for text in texts:
        if text in reg.kontakte:
            kontakt_ids.append(text)
            continue
        if not prompts.is_interactive():
            kontakt_of(reg, text)  # raises, naming similar contacts
        kontakt_id, kontakt = _ask_kontakt_for(reg, text, [i for i, _ in new], vorwahl)
        kontakt_ids.append(kontakt_id)
        if kontakt is not None:
            new.append((kontakt_id, kontakt))
    return kontakt_ids, new


def _ask_kontakt_for(reg: "Registry", text: str, taken: list[str], vorwahl: str
                     ) -> "tuple[str, Kontakt | None]":
    """Ask which contact ``text`` means: one of the similar ones, or a new one (None: the
    contact exists)."""
    from netzwerk_cli.cli.render import note
    from netzwerk_cli.members import similar_kontakte

    similar = similar_kontakte(reg, text)
    if similar:
        note(f"„{text}“ ist keine Kontakt-ID. Ist es einer dieser Kontakte?")
        options = [_choice(reg, kontakt_id) for kontakt_id in similar] + [NEW_KONTAKT]

        def other(answer: str) -> str:
            if answer.casefold() in ("neu", "n"):
                return NEW_KONTAKT
            reg.kontakt(answer)  # another contact by its id; an unknown one is asked again
            return answer

        picked = prompts.choose("Kontakt (Nummer, ID oder „neu“)", options, "1", other)
        if picked != NEW_KONTAKT:
            return (similar[options.index(picked)] if picked in options else picked), None
    elif not prompts.ask_yes_no(f"„{text}“ ist kein bekannter Kontakt. Einen neuen Kontakt "
                                f"„{text}“ anlegen?", True):
        note("Nichts geändert.")
        raise typer.Exit(1)
    return _new_kontakt(reg, text, taken, vorwahl)


def _choice(reg: "Registry", kontakt_id: str) -> str:
    """"anna – Anna Beispiel, Familienzentrum Boele, anna@example.org"."""
    from netzwerk_cli.members import organisation_of

    kontakt = reg.kontakte[kontakt_id]
    details = [kontakt.display_name, organisation_of(reg, kontakt), kontakt.email]
    return f"{kontakt_id} – {', '.join(filter(None, details))}"


def _new_kontakt(reg: "Registry", text: str, taken: list[str], vorwahl: str
                 ) -> "tuple[str, Kontakt]":
    """A new contact named (or reached at) ``text``: the questions of `netz kontakt add`."""
    from netzwerk_cli import changes
    from netzwerk_cli.cli.render import note
    from netzwerk_cli.model import KONTAKT_ARTEN, Kontakt

    values: dict[str, Any] = {"art": prompts.choose("Art des Kontakts", list(KONTAKT_ARTEN),
                                                    "person")}
    if "@" in text:
        values["email"] = text
    else:
        values["organisation" if values["art"] == "organisation" else "name"] = text
    oeffentlich = prompts.ask_kontakt(values, None, vorwahl)
    kontakt = Kontakt(**{k: v for k, v in values.items() if v}, oeffentlich=oeffentlich)
    kontakt_id = changes.new_id(kontakt.display_name, [*reg.kontakte, *taken])
    note(f"Neuer Kontakt: {kontakt.display_name} ({kontakt_id})")
    return kontakt_id, kontakt


def _netzwerk_text(reg: "Registry", netzwerk_id: str) -> str:
    return f"„{reg.netzwerke[netzwerk_id].name}“ ({netzwerk_id})"


def _names(reg: "Registry", kontakt_ids: list[str]) -> str:
    """"Anna Beispiel (anna), Ben Muster (ben)", sorted by folded name."""
    from netzwerk_cli.text import key

    ordered = sorted(kontakt_ids, key=lambda i: (key(reg.kontakte[i].display_name), i))
    return ", ".join(f"{reg.kontakte[i].display_name} ({i})" for i in ordered)


def _report_added(reg: "Registry", netzwerk_id: str, outcome: "MemberChanges") -> None:
    """What `mitglied add` did, on stderr: new, changed and unchanged members."""
    from netzwerk_cli.cli.render import membership_text, note

    members = reg.mitglieder.get(netzwerk_id, {})
    where = _netzwerk_text(reg, netzwerk_id)
    for label, kontakt_ids in (("Neu in", outcome.added), ("Geändert in", outcome.changed)):
        if kontakt_ids:
            note(f"{label} {where}: {_names(reg, kontakt_ids)} – "
                 f"{membership_text(members[kontakt_ids[0]])}")
    if outcome.unchanged:
        note(f"Schon Mitglied, unverändert: {_names(reg, outcome.unchanged)}")


def _member_rows(reg: "Registry", found: "list[tuple[str, Kontakt, Mitglied]]",
                 today: "dt.date") -> "tuple[list[Row], list[Row]]":
    """The rows of `mitglied list`: for a pipe, and for a table (stacked cells)."""
    from netzwerk_cli.cli.render import Part, role_label
    from netzwerk_cli.members import organisation_of, term_expired

    rows: list[Row] = []
    table_rows: list[Row] = []
    for kontakt_id, kontakt, mitglied in found:
        organisation = organisation_of(reg, kontakt)
        rolle = role_label(mitglied.rolle)
        rows.append([kontakt_id, kontakt.display_name, organisation, rolle, kontakt.email,
                     kontakt.telefon, mitglied.seit, mitglied.bis])
        who = (Part(kontakt.display_name), *([Part(organisation)] if organisation else []),
               Part(kontakt_id, whole=True, dim=True))
        term = ([Part(f"bis {mitglied.bis}", whole=True)] if mitglied.bis else [])
        term += [Part("abgelaufen", dim=True)] if term_expired(mitglied, today) else []
        reach = tuple(Part(v, whole=True) for v in (kontakt.email, kontakt.telefon) if v)
        table_rows.append([who, (Part(rolle, whole=True), *term), reach, mitglied.seit])
    return rows, table_rows

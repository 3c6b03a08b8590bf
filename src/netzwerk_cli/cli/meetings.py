"""``netz treffen …``: the meetings of the networks, and what a coordinator sends and prints."""


from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from netzwerk_cli.cli.app import command, new_group
from netzwerk_cli.cli.options import RegistryOption, with_filters
from netzwerk_cli.cli.registry import open_registry
from netzwerk_cli.query import Criteria

if TYPE_CHECKING:
    from netzwerk_cli.export.invitation import Invitation
    from netzwerk_cli.model import Registry

group = new_group("treffen", "Netzwerktreffen: planen, zeigen, einladen, den Aushang für die "
                             "Infowand drucken.")


# --- The formats: calendar file, invitation, info-wall sheet ----------------------------------
# (export/ics.py, export/eml.py with export/invitation.py, export/aushang.py)


def complete_meeting_ids(incomplete: str) -> list[str]:
    from netzwerk_cli.cli.options import _from_registry

    return _from_registry(incomplete, lambda r: list(r.treffen))


def complete_meeting_or_network_ids(incomplete: str) -> list[str]:
    from netzwerk_cli.cli.options import _from_registry

    return _from_registry(incomplete, lambda r: [*r.netzwerke, *r.treffen])


MeetingArgument = Annotated[str, typer.Argument(
    metavar="ID", autocompletion=complete_meeting_ids, show_default=False,
    help="ID des Treffens, z. B. netzwerk-mitte-2027-03-16 (siehe `netz treffen list`).")]
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
    treffen_id: MeetingArgument,
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
        note(f"An: {count(len(draft.to), 'Adresse', 'Adressen')} ({origin}), Bcc: "
             f"{count(len(draft.bcc), 'Adresse', 'Adressen')}.")
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
    treffen_id: MeetingArgument,
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

"""``netz import DATEI``: the lists coordinators already keep, brought into the registry.

The command reads the file (``imports.read_file``), maps its columns (``imports.plan.prepare``)
and applies it through ``storage.apply_change`` – one atomic write with a backup – then shows
what happened: a summary per status, the faulty rows, the conflicts, and every value or column
of the file that was not imported.
"""


import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from netzwerk_cli.cli.app import command, new_group
from netzwerk_cli.cli.options import (
    ROLLE_HELP,
    DryRunOption,
    RegistryOption,
    complete_ids,
    complete_rollen,
)

if TYPE_CHECKING:
    from netzwerk_cli.imports.plan import Conflict, ImportOptions, ImportPlan, Prepared
    from netzwerk_cli.storage import ChangeResult

group = new_group()

# Below this many rows an import is over before a progress bar would be read.
PROGRESS_FROM_ROWS = 300
# How many entries of a long list (new contacts, values of one column) are shown.
SHOWN = 20

FileArgument = Annotated[Path, typer.Argument(
    metavar="DATEI", show_default=False,
    help="Die Liste: CSV (.csv, .txt), Excel (.xlsx), vCard (.vcf) oder JSON.")]
SpalteOption = Annotated[list[str] | None, typer.Option(
    "--spalte", metavar="FELD=SPALTE", show_default=False,
    help="Eine Spalte selbst zuordnen, z. B. --spalte email=\"Mail privat\" (mehrfach "
         "möglich; FELD= schaltet ein Feld ab). Felder: name, vorname, nachname, art, "
         "funktion, organisation, abteilung, strasse, plz, ort, telefon, email, webseite, "
         "notiz, oeffentlich, id, gehoert_zu.")]
BlattOption = Annotated[str | None, typer.Option(
    "--blatt", metavar="NAME", show_default=False,
    help="Excel: dieses Blatt lesen statt des ersten.")]
UeberschreibenOption = Annotated[bool, typer.Option(
    "--ueberschreiben",
    help="Bei einem Konflikt den Wert aus der Datei übernehmen (sonst bleibt der im "
         "Register).")]
UeberspringenOption = Annotated[bool, typer.Option(
    "--ueberspringen",
    help="Fehlerhafte Zeilen auslassen und die übrigen importieren (sonst wird bei einem "
         "Fehler nichts importiert).")]
OeffentlichOption = Annotated[bool, typer.Option(
    "--oeffentlich",
    help="Neue Kontakte als veröffentlichbar markieren (sonst: nur intern, außer die Datei "
         "sagt es in einer Spalte „Veröffentlichen“).")]
VorwahlOption = Annotated[str, typer.Option(
    "--vorwahl", metavar="VORWAHL",
    help="Vorwahl für Telefonnummern ohne Vorwahl, z. B. 02331.")]
NetzwerkOption = Annotated[str, typer.Option(
    "--netzwerk", metavar="ID", autocompletion=complete_ids, show_default=False,
    help="Jeden Kontakt der Datei (neu oder schon vorhanden) als Mitglied dieses Netzwerks "
         "eintragen (siehe `netz mitglied list ID`).")]
RolleOption = Annotated[str, typer.Option(
    "--rolle", metavar="ROLLE", autocompletion=complete_rollen, show_default=False,
    help=f"Mit --netzwerk: die Rolle der Mitglieder, {ROLLE_HELP} (ohne --rolle: neue "
         "Mitglieder ohne Rolle, vorhandene behalten ihre).")]


@command("import", group)
def import_list(
    datei: FileArgument,
    spalte: SpalteOption = None,
    blatt: BlattOption = None,
    ueberschreiben: UeberschreibenOption = False,
    ueberspringen: UeberspringenOption = False,
    oeffentlich: OeffentlichOption = False,
    vorwahl: VorwahlOption = "",
    netzwerk: NetzwerkOption = "",
    rolle: RolleOption = "",
    dry_run: DryRunOption = False,
    registry: RegistryOption = None,
) -> None:
    """Eine Kontaktliste importieren: aus Excel, Outlook, Google Kontakte, Thunderbird oder
    vom Telefon.

    **Formate:** CSV mit Semikolon, Komma oder Tabulator (wird erkannt), in UTF-8, UTF-16
    oder Windows-1252 – so, wie Excel „CSV (Trennzeichen-getrennt)“ und „CSV UTF-8“
    speichert; Excel-Mappen (.xlsx, das erste Blatt oder --blatt); vCard (.vcf, Version 2.1
    bis 4.0); und die eigenen Exporte von `netz export kontakte` (auch JSON).

    **Spalten:** netz erkennt die Überschriften von Outlook, Google Kontakte, Thunderbird und
    selbst gemachten Listen – Name, Vorname, Nachname, Einrichtung, Träger, Funktion, E-Mail,
    Mail, Telefon, Tel., Ansprechpartner/in, Straße, PLZ, Ort, Webseite, Notiz und andere –,
    gleich in welcher Schreibweise. Vorname und Nachname werden ein Name. Jeder Wert und jede
    Spalte, die nicht übernommen wird, wird genannt; --spalte ordnet selbst zu.

    **Abgleich:** Eine Zeile mit der E-Mail-Adresse (oder dem Namen und der Organisation)
    eines vorhandenen Kontakts legt keinen zweiten an, sondern ergänzt dessen leere Felder.
    Steht im Register schon etwas anderes, ist das ein Konflikt: er wird gezeigt, der Wert im
    Register bleibt (außer mit --ueberschreiben). Derselbe Import ein zweites Mal ändert
    nichts.

    **Prüfung:** Jede Zeile wird geprüft wie bei `netz kontakt add`; Fehler nennen Zeile und
    Spalte. Hat eine Zeile einen Fehler, wird nichts importiert (außer mit --ueberspringen).
    Der ganze Import ist eine Änderung, die `netz undo` zurücknimmt; --dry-run zeigt sie nur.
    Neue Kontakte sind nicht öffentlich, außer mit --oeffentlich.

    **Mitglieder:** Mit --netzwerk ID wird jeder Kontakt der Datei Mitglied dieses Netzwerks,
    mit --rolle in dieser Rolle.
    """
    from netzwerk_cli import clock
    from netzwerk_cli.errors import InputError
    from netzwerk_cli.imports.plan import ImportOptions

    if rolle and not netzwerk:
        raise InputError("--rolle gilt nur zusammen mit --netzwerk ID.")
    options = ImportOptions(tuple(spalte or ()), ueberschreiben, ueberspringen, oeffentlich,
                            vorwahl, netzwerk, rolle, clock.today())
    prepared = _prepared(datei, blatt, options)
    path = _registry_path(registry)
    outcome = _run(datei, prepared, options, path, dry_run)
    _report(datei, outcome.result)
    _finish(outcome, path, dry_run)


def _prepared(datei: Path, blatt: str | None, options: "ImportOptions") -> "Prepared":
    """The file read and its columns mapped; problems name the file."""
    from netzwerk_cli.errors import InputError
    from netzwerk_cli.imports import read_file
    from netzwerk_cli.imports.plan import prepare

    sheet = read_file(datei, blatt)
    try:
        return prepare(sheet, options.spalten)
    except InputError as err:
        raise InputError(f"{datei}: {err}") from None


def _registry_path(registry: Path | None) -> Path:
    """The registry in use (created from the Hagen data on first use, which is said once)."""
    from netzwerk_cli.cli.registry import open_registry

    return open_registry(registry)[0].path


def _run(datei: Path, prepared: "Prepared", options: "ImportOptions", path: Path,
         dry_run: bool) -> "ChangeResult[ImportPlan]":
    """Apply the import as one change; faulty rows refuse it after showing the plan."""
    from netzwerk_cli.cli.storage import waiting_for_lock
    from netzwerk_cli.imports.plan import ImportRefused, apply_import
    from netzwerk_cli.storage import apply_change

    with _progress(len(prepared.rows)) as progress:
        try:
            return apply_change(path, lambda r: apply_import(r, prepared, options, progress),
                                dry_run=dry_run, on_wait=waiting_for_lock)
        except ImportRefused as refused:
            _report(datei, refused.plan, refused=True)
            raise


def _stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


@contextlib.contextmanager
def _progress(total: int) -> "Iterator[Callable[[int, int], None] | None]":
    """A progress bar on stderr for a long file on a terminal (never in a pipe)."""
    if total < PROGRESS_FROM_ROWS or not _stderr_is_terminal():
        yield None
        return
    from rich.progress import Progress

    from netzwerk_cli.cli.render import console

    with Progress(console=console(stderr=True), transient=True) as bar:
        task = bar.add_task("Zeilen prüfen", total=total)
        yield lambda done, _: bar.update(task, completed=done)


def _finish(outcome: "ChangeResult[ImportPlan]", path: Path, dry_run: bool) -> None:
    """The diff of a dry run, or where the import was saved."""
    from netzwerk_cli.cli.render import note, print_diff

    if dry_run:
        print_diff(outcome.before, outcome.after, path.name)
        note("Probelauf: nichts geschrieben.")
    elif outcome.changed:
        note(f"Gespeichert in {path} (vorige Fassung gesichert, `netz undo` nimmt den ganzen "
             "Import zurück).")
    else:
        note("Keine Änderung: alles aus der Datei steht schon so im Register.")


# --- The report --------------------------------------------------------------------------


def _report(datei: Path, plan: "ImportPlan", refused: bool = False) -> None:
    """What the import found and did (or, ``refused``, would have done), on stdout."""
    from netzwerk_cli.cli import render
    from netzwerk_cli.text import count

    lines: list[tuple[str, str]] = []
    rows = count(len(plan.rows), "Zeile", "Zeilen")
    empty = f", {count(plan.empty_rows, 'leere', 'leere')} übergangen" if plan.empty_rows \
        else ""
    lines.append(("", f"Import aus {datei.name} ({plan.source}): {rows}{empty}."))
    lines.append(("", "Zuordnung der Spalten:"))
    lines += [("  ", f"{label}: {columns}") for label, columns in plan.mapping]
    render.print_paragraphs(lines)
    counts = plan.counts()
    title = "Ergebnis – nichts gespeichert" if refused else "Ergebnis"
    render.print_rows(title, ["Status", "Anzahl"],
                      [[status, str(n)] for status, n in counts.items()])
    render.print_paragraphs(_details(plan, refused))


def _details(plan: "ImportPlan", refused: bool) -> list[tuple[str, str]]:
    from netzwerk_cli.imports.plan import FEHLERHAFT, KONFLIKT, NEU

    lines: list[tuple[str, str]] = []

    def section(title: str, entries: list[str], limit: int | None = None) -> None:
        if not entries:
            return
        lines.append(("", title))
        shown = entries if limit is None else entries[:limit]
        lines.extend(("  ", entry) for entry in shown)
        if len(entries) > len(shown):
            lines.append(("  ", f"… und {len(entries) - len(shown)} weitere"))

    rows = plan.rows
    if plan.members is not None:
        lines.append(("", _members_line(plan)))
    section("Fehlerhaft (nicht importiert):",
            [p for r in rows if r.status == FEHLERHAFT for p in r.problems])
    section("Konflikte:", [_conflict(r.where, r.kontakt_id, c)
                           for r in rows if r.status == KONFLIKT for c in r.conflicts])
    if not refused:
        section("Neu:", [f"{r.where}: {r.kontakt_id} ({r.name})" for r in rows
                         if r.status == NEU], SHOWN)
        section("Ergänzt:", [f"{r.where}: {r.kontakt_id} ({r.name}): {', '.join(r.filled)}"
                             + (f" (derselbe Kontakt wie {r.same_as})" if r.same_as else "")
                             for r in rows if r.filled], SHOWN)
    section("Warnungen:", plan.warnings)
    section("Hinweise:", plan.hints)
    section("Nicht übernommene Werte:", _skipped(plan))
    plain = ", ".join(f"„{name}“ ({n})" for name, n, reason in plan.unmapped if not reason)
    section("Nicht zugeordnete Spalten mit Inhalt (Zahl der Zeilen; mit --spalte FELD=SPALTE "
            "zuordnen):", ([plain] if plain else []) + [
                f"„{name}“ ({n}): {reason}" for name, n, reason in plan.unmapped if reason])
    if plan.empty_columns:
        lines.append(("", f"{plan.empty_columns} leere Spalten übergangen."))
    return lines


def _members_line(plan: "ImportPlan") -> str:
    from netzwerk_cli.text import count

    members = plan.members
    assert members is not None
    parts = [f"{count(len(members.added), 'Kontakt', 'Kontakte')} neu aufgenommen"]
    if members.changed:
        parts.append(f"bei {len(members.changed)} die Rolle geändert")
    if members.unchanged:
        parts.append(f"{len(members.unchanged)} schon Mitglied")
    return f"Mitglieder von {members.netzwerk}: {', '.join(parts)}."


def _conflict(where: str, kontakt_id: str, conflict: "Conflict") -> str:
    outcome = ("Wert aus der Datei übernommen" if conflict.taken
               else "Wert im Register behalten; --ueberschreiben übernimmt den aus der Datei")
    return (f"{where}: {kontakt_id}, {conflict.field}: im Register „{conflict.registry}“, in "
            f"der Datei „{conflict.file}“ – {outcome}.")


def _skipped(plan: "ImportPlan") -> list[str]:
    """The values not imported, grouped by column, a few of each."""
    by_column: dict[str, list[str]] = {}
    for skipped in plan.skipped:
        by_column.setdefault(skipped.column, []).append(
            f"{skipped.where}: „{skipped.value}“ ({skipped.reason})")
    lines = []
    for column, entries in by_column.items():
        lines.append(f"„{column}“ – " + "; ".join(entries[:5]) + (
            f"; … und {len(entries) - 5} weitere" if len(entries) > 5 else ""))
    return lines

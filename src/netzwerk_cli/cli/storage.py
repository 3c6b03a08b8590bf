"""Running a change through ``storage`` and reporting it; ``netz undo`` and ``netz redo``."""


from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from netzwerk_cli.cli.app import command, new_group
from netzwerk_cli.cli.options import DryRunOption, RegistryOption

if TYPE_CHECKING:
    from netzwerk_cli.model import Registry
    from netzwerk_cli.storage import UndoResult

T = TypeVar("T")

group = new_group()

ForceOption = Annotated[bool, typer.Option(
    "--force", help="Auch zurücknehmen, wenn die Datei seit dem letzten Schreiben durch netz "
                    "von Hand geändert wurde (ohne Rückfrage).")]


def waiting_for_lock(lock_file: Path, seconds: float) -> None:
    """Say at once what netz waits for when another writer holds the lock."""
    from netzwerk_cli.cli.render import note

    note(f"Das Register wird gerade von einem anderen Vorgang geändert (Sperre {lock_file}); "
         f"warte bis zu {seconds:.0f} Sekunden …")


def run_change(registry: Path | None, change: "Callable[[Registry], T]", dry_run: bool
               ) -> "tuple[T, Registry]":
    """Apply a change safely, report it on stderr, return its result and the new registry."""
    from netzwerk_cli.cli.registry import opened
    from netzwerk_cli.cli.render import note, print_diff
    from netzwerk_cli.registry import find_registry
    from netzwerk_cli.storage import apply_change

    path = find_registry(registry).path
    outcome = apply_change(path, change, dry_run=dry_run, on_wait=waiting_for_lock,
                           loaded=opened(path))
    if outcome.rewritten and outcome.changed:
        why = outcome.rewritten[0].upper() + outcome.rewritten[1:]
        if dry_run:
            note(f"Hinweis: {why}; netz würde {path.name} deshalb ganz neu in seiner Ordnung "
                 "schreiben.")
        else:
            note(f"Hinweis: {why}; netz hat {path.name} deshalb ganz neu in seiner Ordnung "
                 "geschrieben (die vorige Fassung ist gesichert). Ab jetzt ändert netz beim "
                 "Speichern nur die Einträge, die sich ändern.")
    if outcome.migration:
        migration_note(path, list(outcome.migration), "Probelauf." if dry_run else "")
    if dry_run:
        print_diff(outcome.before, outcome.after, path.name)
        if outcome.comments_dropped:
            note("Hinweis: Die Kommentare der Datei würden beim Speichern nicht übernommen.")
        note("Probelauf: nichts geschrieben.")
    elif outcome.changed:
        note(f"Gespeichert in {path} (vorige Fassung gesichert, `netz undo` stellt sie her).")
        if outcome.comments_dropped:
            note("Hinweis: Die Kommentare der Datei wurden nicht übernommen (netz schreibt sie "
                 f"in fester Ordnung); die Sicherung {outcome.backup} enthält sie noch.")
    else:
        note("Keine Änderung.")
    return outcome.result, outcome.registry


def migration_note(path: Path, migration: list[str], not_written: str = "") -> None:
    """Say once what bringing a file of an older schema up to date did: saved (with a backup
    `netz undo` restores), or – ``not_written`` says why – only in memory."""
    from netzwerk_cli.cli.render import note

    if not_written:
        where = (f"Nur im Speicher – {not_written} {path} bleibt im alten Format; der nächste "
                 "Befehl, der schreiben darf, speichert es im neuen.")
    else:
        where = (f"Gespeichert in {path}; die vorige Fassung ist gesichert, `netz undo` stellt "
                 "sie her.")
    note("\n".join([f"Hinweis: {migration[0]} {where}", *(f"  - {line}" for line in
                                                          migration[1:])]))


@command("undo", group)
def undo(dry_run: DryRunOption = False, force: ForceOption = False,
         registry: RegistryOption = None) -> None:
    """Die letzte Änderung zurücknehmen: stellt die jüngste Sicherung wieder her.

    Mehrfaches `netz undo` geht Schritt für Schritt weiter zurück; die ersetzte Fassung bleibt
    erhalten, `netz redo` stellt sie wieder her. Wurde die Datei seit dem letzten Schreiben
    durch netz von Hand geändert, fragt netz nach (ohne Terminal nur mit `--force`).
    """
    _step("undo", dry_run, force, registry)


@command("redo", group)
def redo(dry_run: DryRunOption = False, force: ForceOption = False,
         registry: RegistryOption = None) -> None:
    """Ein `netz undo` wiederholen: stellt die Fassung wieder her, die es ersetzt hat.

    Mehrfaches `netz redo` geht Schritt für Schritt vorwärts, bis zur letzten Änderung; nach
    einer neuen Änderung gibt es nichts mehr zu wiederholen.
    """
    _step("redo", dry_run, force, registry)


def _step(direction: str, dry_run: bool, force: bool, registry: Path | None) -> None:
    """Run undo or redo; a hand-edited file is replaced only after a "yes" or with --force."""
    from netzwerk_cli import storage
    from netzwerk_cli.cli import prompts
    from netzwerk_cli.cli.render import note, print_diff
    from netzwerk_cli.errors import InputError
    from netzwerk_cli.registry import find_registry

    step = storage.undo if direction == "undo" else storage.redo
    path = find_registry(registry).path
    try:
        outcome = step(path, dry_run=dry_run, force=force, on_wait=waiting_for_lock)
    except storage.HandEditedError as err:
        if not prompts.is_interactive():
            raise InputError(f"{err} Ohne Terminal fragt netz nicht nach; mit --force "
                             "trotzdem ausführen.") from None
        note(f"Achtung: {err}")
        if not prompts.ask_yes_no("Trotzdem fortfahren?", False):
            note("Nichts geändert.")
            raise typer.Exit(1) from None
        outcome = step(path, force=True, on_wait=waiting_for_lock)
    if dry_run:
        print_diff(outcome.before, outcome.after, path.name)
        if outcome.edited_by_hand:
            note(f"Achtung: {path} wurde seit dem letzten Schreiben durch netz von Hand "
                 f"geändert; `netz {direction}` würde diese Fassung ersetzen.")
        note(f"Probelauf: würde {path.name} aus {outcome.restored} wiederherstellen; nichts "
             "geschrieben.")
        return
    note(_done(direction, path, outcome))


def _done(direction: str, path: Path, outcome: "UndoResult") -> str:
    again = "`netz redo` stellt sie wieder her" if direction == "undo" else \
        "`netz undo` stellt sie wieder her"
    kept = (f" Die ersetzte Fassung liegt in {outcome.replaced}; {again}."
            if outcome.replaced else "")
    return f"Wiederhergestellt: {path} aus {outcome.restored}.{kept}"

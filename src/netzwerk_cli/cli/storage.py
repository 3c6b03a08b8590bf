"""Running a change through ``storage`` and reporting it; ``netz undo``."""


from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from netzwerk_cli.cli.app import command, new_group
from netzwerk_cli.cli.options import DryRunOption, RegistryOption

if TYPE_CHECKING:
    from netzwerk_cli.model import Registry

T = TypeVar("T")

group = new_group()


def run_change(registry: Path | None, change: "Callable[[Registry], T]", dry_run: bool
               ) -> "tuple[T, Registry]":
    """Apply a change safely, report it on stderr, return its result and the new registry."""
    from netzwerk_cli.cli.render import note, print_diff
    from netzwerk_cli.registry import find_registry
    from netzwerk_cli.storage import apply_change

    path = find_registry(registry).path
    outcome = apply_change(path, change, dry_run=dry_run)
    if dry_run:
        print_diff(outcome.before, outcome.after, path.name)
        note("Probelauf: nichts geschrieben.")
    elif outcome.changed:
        note(f"Gespeichert in {path} (vorige Fassung gesichert, `netz undo` stellt sie her).")
    else:
        note("Keine Änderung.")
    return outcome.result, outcome.registry


@command("undo", group)
def undo(dry_run: DryRunOption = False, registry: RegistryOption = None) -> None:
    """Die letzte Änderung zurücknehmen: stellt die jüngste Sicherung wieder her.

    Die ersetzte Fassung bleibt als „….rueckgaengig.toml“ im Sicherungsordner erhalten.
    Mehrfaches `netz undo` geht Schritt für Schritt weiter zurück.
    """
    from netzwerk_cli.cli.render import note, print_diff
    from netzwerk_cli.registry import find_registry
    from netzwerk_cli.storage import undo as undo_change

    path = find_registry(registry).path
    outcome = undo_change(path, dry_run=dry_run)
    if dry_run:
        print_diff(outcome.before, outcome.after, path.name)
        note(f"Probelauf: würde {outcome.restored.name} wiederherstellen; nichts geschrieben.")
        return
    note(f"Wiederhergestellt: {path} aus der Sicherung {outcome.restored.name}. "
         f"Die ersetzte Fassung liegt in {outcome.replaced}.")

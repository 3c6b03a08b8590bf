"""Opening the registry in use for a command, and ``netz info``: which file, why, what it holds."""


from pathlib import Path
from typing import TYPE_CHECKING

from netzwerk_cli.cli.app import command, new_group
from netzwerk_cli.cli.options import JsonOption, RegistryOption

if TYPE_CHECKING:
    from netzwerk_cli.model import Registry
    from netzwerk_cli.registry import Location

group = new_group()


def open_registry(option: Path | None) -> "tuple[Location, Registry]":
    """Load the registry in use, telling the user once when the default one was just created."""
    from netzwerk_cli.cli.render import note
    from netzwerk_cli.registry import find_registry, load_registry_data

    location = find_registry(option)
    if location.created:
        note(f"Hinweis: Das Register wurde aus den mitgelieferten Hagen-Daten angelegt: "
             f"{location.path}")
    data, registry = load_registry_data(location)
    if registry.migration:
        registry = _migrated(location.path, registry)
    else:
        _OPENED[:] = [(_current_command(), location.path, data, registry)]
    return location, registry


# What this command loaded (its context, the path, the file's bytes, the registry): a change
# the same command saves next starts from it when the file still holds those bytes, instead of
# loading the registry again (``storage.apply_change(loaded=…)``).
_OPENED: "list[tuple[object, Path, bytes, Registry]]" = []


def opened(path: Path) -> "tuple[bytes, Registry] | None":
    """The bytes and registry this command loaded from ``path``, once (None: none)."""
    if not _OPENED:
        return None
    command, loaded_path, data, registry = _OPENED.pop()
    if command is None or command is not _current_command() or loaded_path != path:
        return None
    return data, registry


def _current_command() -> object:
    """The running command's context (None outside a command)."""
    from typer._click.globals import get_current_context

    return get_current_context(silent=True)


def _migrated(path: Path, registry: "Registry") -> "Registry":
    """A file of an older schema, loaded (migrated in memory): rewritten once in the current
    schema, with a backup – unless the command is a dry run or the file may not be written."""
    from netzwerk_cli.cli.storage import migration_note, waiting_for_lock
    from netzwerk_cli.errors import NetzError
    from netzwerk_cli.storage import apply_change

    if _is_dry_run():
        migration_note(path, registry.migration, "Probelauf.")
        return registry
    try:
        outcome = apply_change(path, lambda r: None, on_wait=waiting_for_lock)
    except NetzError as err:
        migration_note(path, registry.migration, str(err))
        return registry
    migration_note(path, list(outcome.migration) or registry.migration)
    return outcome.registry


def _is_dry_run() -> bool:
    """Whether the command running has ``--dry-run`` set (then nothing is written, not even
    the file in the current schema)."""
    from typer._click.globals import get_current_context

    context = get_current_context(silent=True)
    return bool(context and context.params.get("dry_run"))

_LABELS = {"datei": "Datei", "grund": "Gewählt durch", "titel": "Titel",
           "netzwerke": "Netzwerke", "kontakte": "Kontakte", "angebote": "Angebote",
           "mitgliedschaften": "Mitgliedschaften",
           "aeltester_stand": "Ältester Stand", "neuester_stand": "Neuester Stand"}


@command("info", group)
def info(as_json: JsonOption = False, registry: RegistryOption = None) -> None:
    """Welche Registerdatei benutzt wird, warum, und was sie enthält."""
    from netzwerk_cli import serialize
    from netzwerk_cli.cli import render

    location, reg = open_registry(registry)
    data = serialize.info(location, reg)
    if as_json:
        render.print_json(data)
        return
    render.print_rows("Register", ["Angabe", "Wert"],
                      [[_LABELS[k], str(v)] for k, v in data.items() if v != ""])

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
    from netzwerk_cli.registry import find_registry, load_registry

    location = find_registry(option)
    if location.created:
        note(f"Hinweis: Das Register wurde aus den mitgelieferten Hagen-Daten angelegt: "
             f"{location.path}")
    return location, load_registry(location)

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

"""``netz info``: which registry file is used, why, and what it holds."""


from netzwerk_cli.cli.app import command, new_group
from netzwerk_cli.cli.options import JsonOption, RegistryOption, open_registry

group = new_group()

_LABELS = {"datei": "Datei", "grund": "Gewählt durch", "titel": "Titel",
           "netzwerke": "Netzwerke", "kontakte": "Kontakte", "angebote": "Angebote",
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

"""Options shared by the commands, shell completion, and opening the registry in use."""


from pathlib import Path
from typing import Annotated

import typer

from netzwerk_cli.errors import NetzError

# --- Shell completion: light, independent of the app callback -----------------------------


def passend(werte: list[str], anfang: str) -> list[str]:
    from netzwerk_cli.text import key

    return [w for w in werte if key(w).startswith(key(anfang))]


def orte_vervollstaendigen(incomplete: str) -> list[str]:
    from netzwerk_cli.gazetteer import hagen

    return passend(hagen().namen(), incomplete)


def arten_vervollstaendigen(incomplete: str) -> list[str]:
    from netzwerk_cli.model import ARTEN

    return passend([label for label, _ in ARTEN.values()], incomplete)


def _aus_register(incomplete: str, was: str) -> list[str]:
    """Ids or topics of the registry in use; silent on any problem (this runs on every TAB)."""
    from netzwerk_cli.registry import register_finden, register_laden

    try:
        register = register_laden(register_finden())
    except NetzError:
        return []
    werte = list(register.themen()) if was == "themen" else [*register.netzwerke,
                                                             *register.angebote]
    return passend(sorted(werte), incomplete)


def themen_vervollstaendigen(incomplete: str) -> list[str]:
    return _aus_register(incomplete, "themen")


def ids_vervollstaendigen(incomplete: str) -> list[str]:
    return _aus_register(incomplete, "ids")


# --- Options shared by the commands --------------------------------------------------------


RegisterOption = Annotated[
    Path | None,
    typer.Option(
        "--registry",
        "-r",
        metavar="DATEI",
        help="Registerdatei (statt NETZ_REGISTRY, Konfiguration oder Standard-Register).",
        show_default=False,
        dir_okay=False,
    ),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Maschinenlesbare Ausgabe als JSON.")
]
BezirkOption = Annotated[
    list[str] | None,
    typer.Option(
        "--bezirk",
        "-b",
        metavar="NAME",
        help="Nur Netzwerke in diesem Stadtbezirk (mehrfach möglich), z. B. Haspe, Mitte.",
        autocompletion=orte_vervollstaendigen,
        show_default=False,
    ),
]
StadtteilOption = Annotated[
    list[str] | None,
    typer.Option(
        "--stadtteil",
        "-s",
        metavar="NAME",
        help="Nur Netzwerke in diesem Stadtteil oder Wohnbezirk (mehrfach möglich).",
        autocompletion=orte_vervollstaendigen,
        show_default=False,
    ),
]
ThemaOption = Annotated[
    list[str] | None,
    typer.Option(
        "--thema",
        "-t",
        metavar="THEMA",
        help="Nur Netzwerke mit diesem Thema (Teilwort genügt, mehrfach möglich).",
        autocompletion=themen_vervollstaendigen,
        show_default=False,
    ),
]
ArtOption = Annotated[
    list[str] | None,
    typer.Option(
        "--art",
        "-a",
        metavar="ART",
        help="Nur Netzwerke dieser Art: Netzwerk, Arbeitsgemeinschaft (AG), Arbeitskreis (AK), "
        "Gremium, Sozialraumteam, Konferenz.",
        autocompletion=arten_vervollstaendigen,
        show_default=False,
    ),
]
StadtweitOption = Annotated[
    bool,
    typer.Option(
        "--stadtweit/--ohne-stadtweit",
        help="Beim Filtern nach Gebiet auch die stadtweiten Netzwerke zeigen (gesondert).",
    ),
]


def register_oeffnen(option: Path | None):
    """Load the registry in use, telling the user once when the default one was just created."""
    from netzwerk_cli.registry import register_finden, register_laden
    from netzwerk_cli.render import melden

    fundort = register_finden(option)
    if fundort.neu_angelegt:
        melden(
            f"Hinweis: Das Register wurde aus den mitgelieferten Hagen-Daten angelegt: "
            f"{fundort.pfad}"
        )
    return fundort, register_laden(fundort)

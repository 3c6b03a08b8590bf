"""Options shared by the commands, the filter options declared once, and shell completion."""


import functools
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from netzwerk_cli.errors import NetzError

if TYPE_CHECKING:
    from netzwerk_cli.model import Registry

# --- Shell completion: light, independent of the app callback -----------------------------


def matching(values: list[str], start: str) -> list[str]:
    """The values that begin like ``start``, ignoring case, umlauts and punctuation."""
    from netzwerk_cli.text import key

    return [v for v in values if key(v).startswith(key(start))]


def complete_places(incomplete: str) -> list[str]:
    from netzwerk_cli.gazetteer import hagen

    return matching(hagen().names(), incomplete)


def complete_arten(incomplete: str) -> list[str]:
    from netzwerk_cli.model import ARTEN

    return matching([label for label, _ in ARTEN.values()], incomplete)


def _from_registry(incomplete: str, pick: "Callable[[Registry], list[str]]") -> list[str]:
    """Values of the registry in use; silent on any problem (this runs on every TAB)."""
    from netzwerk_cli.registry import find_registry, load_registry

    try:
        registry = load_registry(find_registry())
    except NetzError:
        return []
    return matching(sorted(pick(registry)), incomplete)


def complete_themen(incomplete: str) -> list[str]:
    return _from_registry(incomplete, lambda r: list(r.count_themen()))


def complete_sozialraeume(incomplete: str) -> list[str]:
    return _from_registry(incomplete, lambda r: list(
        {raum.name for raum in r.sozialraum_index().values()}))


def complete_ids(incomplete: str) -> list[str]:
    return _from_registry(incomplete, lambda r: [*r.netzwerke, *r.angebote])


def complete_kontakt_ids(incomplete: str) -> list[str]:
    return _from_registry(incomplete, lambda r: list(r.kontakte))


def complete_netzwerk_ids(incomplete: str) -> list[str]:
    return _from_registry(incomplete, lambda r: list(r.netzwerke))


def complete_treffen_ids(incomplete: str) -> list[str]:
    return _from_registry(incomplete, lambda r: list(r.treffen))


def complete_vorschlagen(incomplete: str) -> list[str]:
    """`netz angebote vorschlagen NETZWERK`: the word."""
    return matching(["vorschlagen"], incomplete)


def complete_rollen(incomplete: str) -> list[str]:
    from netzwerk_cli.model import PLAIN_MEMBER, ROLLEN

    return matching([*ROLLEN, PLAIN_MEMBER], incomplete)


# --- Options shared by the commands --------------------------------------------------------


RegistryOption = Annotated[
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
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Nur zeigen, was sich ändern würde; nichts schreiben.")
]
# Listings at a terminal show their first 50 rows (render.TERMINAL_ROWS) unless --alle.
AlleOption = Annotated[
    bool, typer.Option("--alle", help="Im Terminal alle Zeilen zeigen, nicht nur die ersten 50 "
                       "(eine lange Liste über einen Pager: NETZ_PAGER, PAGER oder less). In "
                       "einer Pipe stehen immer alle.")
]
YesOption = Annotated[bool, typer.Option("--yes", "-y", help="Ohne Rückfrage entfernen.")]
ART_HELP = ("Netzwerk, Arbeitsgemeinschaft (AG), Arbeitskreis (AK), Gremium, Sozialraumteam, "
            "Konferenz.")
ROLLE_HELP = "koordination, vorbereitungskreis oder mitglied (ohne besondere Rolle)"
# Choosing members by role (`netz mitglied list`, `netz export …`).
RollenOption = Annotated[
    list[str] | None,
    typer.Option("--rolle", metavar="ROLLE", autocompletion=complete_rollen, show_default=False,
                 help=f"Nur Mitglieder mit dieser Rolle (mehrfach möglich): {ROLLE_HELP}."),
]

# The filters of `netz list`, `netz export …` and every command that chooses networks.
_FILTERS: list[tuple[str, Any, Any]] = [
    ("bezirk", Annotated[list[str] | None, typer.Option(
        "--bezirk", "-b", metavar="NAME", autocompletion=complete_places, show_default=False,
        help="Nur Netzwerke in diesem Stadtbezirk (mehrfach möglich), z. B. Haspe, Mitte.",
    )], None),
    ("stadtteil", Annotated[list[str] | None, typer.Option(
        "--stadtteil", "-s", metavar="NAME", autocompletion=complete_places, show_default=False,
        help="Nur Netzwerke in diesem Stadtteil oder Wohnbezirk (mehrfach möglich).",
    )], None),
    ("sozialraum", Annotated[list[str] | None, typer.Option(
        "--sozialraum", metavar="NAME", autocompletion=complete_sozialraeume, show_default=False,
        help="Nur Netzwerke in diesem Sozialraum (mehrfach möglich), z. B. Vorhalle; alle "
             "zeigt `netz bezirke`.",
    )], None),
    ("thema", Annotated[list[str] | None, typer.Option(
        "--thema", "-t", metavar="THEMA", autocompletion=complete_themen, show_default=False,
        help="Nur Netzwerke mit diesem Thema (Teilwort genügt, mehrfach möglich).",
    )], None),
    ("art", Annotated[list[str] | None, typer.Option(
        "--art", "-a", metavar="ART", autocompletion=complete_arten, show_default=False,
        help=f"Nur Netzwerke dieser Art: {ART_HELP}",
    )], None),
    ("stadtweit", Annotated[bool, typer.Option(
        "--stadtweit/--ohne-stadtweit",
        help="Beim Filtern nach Gebiet auch die stadtweiten Netzwerke zeigen (gesondert).",
    )], True),
]


def with_filters(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command the shared filter options; it receives them as one ``criteria`` argument.

    The options are declared once, here, and turned into the core's ``query.Criteria`` in one
    place, so `list`, the exports and the checks always filter alike.
    """
    from netzwerk_cli.query import Criteria

    signature = inspect.signature(command)
    own = [p for p in signature.parameters.values() if p.name != "criteria"]
    arguments = [p for p in own if _is_argument(p)]
    added = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default,
                               annotation=annotation) for name, annotation, default in _FILTERS]
    others = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own
              if not _is_argument(p)]

    @functools.wraps(command)
    def wrapper(*args: Any, bezirk: list[str] | None = None, stadtteil: list[str] | None = None,
                thema: list[str] | None = None, art: list[str] | None = None,
                stadtweit: bool = True, sozialraum: list[str] | None = None,
                **kwargs: Any) -> None:
        criteria = Criteria(bezirke=bezirk or [], stadtteile=stadtteil or [], themen=thema or [],
                            arten=art or [], mit_stadtweit=stadtweit,
                            sozialraeume=sozialraum or [])
        command(*args, criteria=criteria, **kwargs)

    # Typer reads the parameters from the signature given here.
    wrapper.__signature__ = signature.replace(  # type: ignore[attr-defined]  # see above
        parameters=[*arguments, *added, *others])
    wrapper.__annotations__ = {**command.__annotations__,
                               **{name: annotation for name, annotation, _ in _FILTERS}}
    del wrapper.__annotations__["criteria"]
    return wrapper


def _is_argument(parameter: inspect.Parameter) -> bool:
    metadata = getattr(parameter.annotation, "__metadata__", ())
    return any(isinstance(m, typer.models.ArgumentInfo) for m in metadata)

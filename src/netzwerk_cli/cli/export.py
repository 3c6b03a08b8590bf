"""``netz export verteiler|kontakte``: lists for exactly the networks a coordinator filtered."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from netzwerk_cli.cli.app import NetzGruppe, befehl
from netzwerk_cli.cli.optionen import (
    ArtOption,
    BezirkOption,
    RegisterOption,
    StadtteilOption,
    StadtweitOption,
    ThemaOption,
    ids_vervollstaendigen,
    register_oeffnen,
)
from netzwerk_cli.errors import EingabeFehler, NetzError

gruppe = typer.Typer(cls=NetzGruppe, rich_markup_mode="markdown", no_args_is_help=True,
                     help="Kontaktlisten, E-Mail-Verteiler und die Webseite der gewählten "
                          "Netzwerke.")

VERTEILER_FORMATE = {
    "txt": "eine Adresse je Zeile",
    "outlook": "„Name <adresse>; …“ in einer Zeile, für An/BCC oder eine Kontaktgruppe",
    "csv": "CSV (Komma, UTF-8) mit Name, Organisation und Netzwerken",
    "excel": "CSV für deutsches Excel (Semikolon, UTF-8 mit BOM)",
    "mailto": "mailto:-Links mit BCC, lange Listen auf mehrere Links verteilt",
    "ldif": "Thunderbird-Verteilerliste (LDIF)",
    "json": "JSON",
}
KONTAKT_FORMATE = {
    "csv": "CSV (Komma, UTF-8)",
    "excel": "CSV für deutsches Excel (Semikolon, UTF-8 mit BOM)",
    "vcard": "vCard (.vcf) für Thunderbird, Outlook, Google Kontakte, iOS",
    "json": "JSON",
}
KONTAKT_SPALTEN = ["ID", "Name", "Art", "Funktion", "Organisation", "Abteilung", "Straße", "PLZ",
                   "Ort", "Telefon", "E-Mail", "Webseite", "Veröffentlichen", "Netzwerke"]
VERTEILER_SPALTEN = ["E-Mail", "Name", "Organisation", "Netzwerke"]

IdsArgument = Annotated[
    list[str] | None,
    typer.Argument(metavar="[ID]...", autocompletion=ids_vervollstaendigen, show_default=False,
                   help="Nur diese Netzwerke (zusätzlich zu den Filtern)."),
]
AusgabeOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="DATEI", dir_okay=False, show_default=False,
                 help="In diese Datei schreiben statt auf die Standardausgabe."),
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Eine vorhandene Datei überschreiben.")
]
OeffentlichOption = Annotated[
    bool, typer.Option("--nur-oeffentlich",
                       help="Nur Kontakte, die veröffentlicht werden dürfen (für Listen, "
                            "die öffentlich werden).")
]


def _auswahl(ids, bezirk, stadtteil, thema, art, stadtweit, registry, nur_oeffentlich):
    """The registry, the chosen networks and their contacts (hints go to stderr)."""
    from netzwerk_cli.export import kontakte_sammeln
    from netzwerk_cli.query import Kriterien, auswaehlen
    from netzwerk_cli.render import melden

    _, register = register_oeffnen(registry)
    auswahl = auswaehlen(register, Kriterien(
        bezirke=bezirk or [], stadtteile=stadtteil or [], themen=thema or [], arten=art or [],
        ids=ids or [], mit_stadtweit=stadtweit))
    for hinweis in auswahl.hinweise:
        melden(f"Hinweis: {hinweis}")
    netzwerke = auswahl.alle()
    return register, netzwerke, kontakte_sammeln(register, netzwerke, nur_oeffentlich)


def _format_pruefen(format_: str, formate: dict[str, str]) -> str:
    if format_ not in formate:
        gueltig = ", ".join(formate)
        raise EingabeFehler(f"Unbekanntes Format „{format_}“. Gültig: {gueltig}.")
    return format_


def _ausgeben(text: str, ziel: Path | None, ueberschreiben: bool, kodierung: str = "utf-8"
              ) -> None:
    """Write to stdout or to a new file (an existing one only with --force)."""
    daten = text.encode(kodierung)
    if ziel is None:
        sys.stdout.buffer.write(daten)
        sys.stdout.flush()
        return
    if ziel.exists() and not ueberschreiben:
        raise EingabeFehler(f"Die Datei {ziel} gibt es schon. Mit --force überschreiben.")
    try:
        ziel.write_bytes(daten)
    except FileNotFoundError:
        raise NetzError(f"{ziel} kann nicht geschrieben werden: den Ordner {ziel.parent} gibt "
                        "es nicht.") from None
    except PermissionError:
        raise NetzError(f"{ziel} kann nicht geschrieben werden: keine Berechtigung.") from None
    except OSError as err:
        raise NetzError(f"{ziel} kann nicht geschrieben werden: {err.strerror or err}") from None


def _zusammenfassung(anzahl: str, netzwerke: int, auswahl, ziel: Path | None) -> None:
    from netzwerk_cli.render import melden

    wohin = f" nach {ziel}" if ziel else ""
    melden(f"{anzahl} aus {_zahl(netzwerke, 'Netzwerk', 'Netzwerken')} exportiert{wohin}.")
    if auswahl.nicht_oeffentlich:
        melden(f"{auswahl.nicht_oeffentlich} Kontakte ausgelassen, weil sie nicht zur "
               "Veröffentlichung freigegeben sind (--nur-oeffentlich).")
    if auswahl.ohne_kontakt:
        melden(f"Ohne Kontakt: {', '.join(auswahl.ohne_kontakt)}.")


def _zahl(anzahl: int, einzahl: str, mehrzahl: str) -> str:
    return f"{anzahl} {einzahl if anzahl == 1 else mehrzahl}"


def _hilfe_formate(formate: dict[str, str]) -> str:
    return "; ".join(f"{name}: {text}" for name, text in formate.items())


@befehl("verteiler", gruppe)
def verteiler(
    ids: IdsArgument = None,
    bezirk: BezirkOption = None,
    stadtteil: StadtteilOption = None,
    thema: ThemaOption = None,
    art: ArtOption = None,
    stadtweit: StadtweitOption = True,
    format_: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT",
                                         help=_hilfe_formate(VERTEILER_FORMATE))] = "txt",
    listenname: Annotated[str, typer.Option(
        "--listenname", help="Name der Thunderbird-Liste (Format ldif).")] = "netz-Verteiler",
    nur_oeffentlich: OeffentlichOption = False,
    ziel: AusgabeOption = None,
    ueberschreiben: ForceOption = False,
    registry: RegisterOption = None,
) -> None:
    """Den E-Mail-Verteiler der gewählten Netzwerke ausgeben.

    Jede Adresse steht einmal darin (ohne Rücksicht auf Groß-/Kleinschreibung), sortiert.
    Kontakte ohne E-Mail-Adresse meldet netz auf stderr mit ihrem Netzwerk, damit sie
    nachgetragen werden können. Die Filter sind dieselben wie bei `netz list`.
    """
    from netzwerk_cli.export import empfaenger_als_dict, verteiler_sammeln
    from netzwerk_cli.render import melden

    _format_pruefen(format_, VERTEILER_FORMATE)
    _, netzwerke, auswahl = _auswahl(ids, bezirk, stadtteil, thema, art, stadtweit, registry,
                                     nur_oeffentlich)
    empfaenger, ohne_email = verteiler_sammeln(auswahl)
    for eintrag in ohne_email:
        melden(f"Ohne E-Mail-Adresse: {eintrag.kontakt.anzeigename} ({eintrag.id}) – "
               f"{', '.join(eintrag.netzwerke)}")
    if not empfaenger:
        melden("Keine E-Mail-Adressen in dieser Auswahl; nichts geschrieben.")
        return
    if format_ == "json":
        import json

        text = json.dumps([empfaenger_als_dict(e) for e in empfaenger], ensure_ascii=False,
                          indent=2) + "\n"
    elif format_ in ("csv", "excel"):
        from netzwerk_cli.export.tabelle import als_csv

        text = als_csv(VERTEILER_SPALTEN, [[e.email, e.name, e.organisation,
                                            "; ".join(e.netzwerke)] for e in empfaenger],
                       excel=format_ == "excel")
    elif format_ == "mailto":
        from netzwerk_cli.export.mailto import mailto_links

        text = "".join(f"{link}\n" for link in mailto_links(empfaenger))
    elif format_ == "ldif":
        from netzwerk_cli.export.ldif import als_ldif

        text = als_ldif(empfaenger, listenname)
    else:
        from netzwerk_cli.export.adresszeilen import als_outlook, als_text

        text = als_outlook(empfaenger) if format_ == "outlook" else als_text(empfaenger)
    _ausgeben(text, ziel, ueberschreiben, "utf-8-sig" if format_ == "excel" else "utf-8")
    _zusammenfassung(_zahl(len(empfaenger), "Adresse", "Adressen"), len(netzwerke), auswahl,
                     ziel)


@befehl("kontakte", gruppe)
def kontakte(
    ids: IdsArgument = None,
    bezirk: BezirkOption = None,
    stadtteil: StadtteilOption = None,
    thema: ThemaOption = None,
    art: ArtOption = None,
    stadtweit: StadtweitOption = True,
    format_: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT",
                                         help=_hilfe_formate(KONTAKT_FORMATE))] = "csv",
    vcard_version: Annotated[str, typer.Option(
        "--vcard-version", metavar="VERSION",
        help="4.0 (Standard) oder 3.0 für ältere Programme wie den iOS-/macOS-Import.")
    ] = "4.0",
    nur_oeffentlich: OeffentlichOption = False,
    ziel: AusgabeOption = None,
    ueberschreiben: ForceOption = False,
    registry: RegisterOption = None,
) -> None:
    """Die Kontaktliste der gewählten Netzwerke ausgeben: ein Eintrag je Kontakt.

    Mit Name, Funktion, Organisation, Anschrift, Telefon, E-Mail, Webseite und den Netzwerken,
    zu denen der Kontakt gehört. Die Filter sind dieselben wie bei `netz list`.
    """
    from netzwerk_cli.export import kontakt_als_dict
    from netzwerk_cli.export.vcard import VERSIONEN
    from netzwerk_cli.model import KONTAKT_ARTEN
    from netzwerk_cli.render import melden

    _format_pruefen(format_, KONTAKT_FORMATE)
    if vcard_version not in VERSIONEN:
        raise EingabeFehler(f"--vcard-version: „{vcard_version}“; gültig: 4.0 oder 3.0.")
    _, netzwerke, auswahl = _auswahl(ids, bezirk, stadtteil, thema, art, stadtweit, registry,
                                     nur_oeffentlich)
    if not auswahl.kontakte:
        melden("Keine Kontakte in dieser Auswahl; nichts geschrieben.")
        return
    if format_ == "json":
        import json

        text = json.dumps([kontakt_als_dict(e) for e in auswahl.kontakte], ensure_ascii=False,
                          indent=2) + "\n"
    elif format_ == "vcard":
        from netzwerk_cli.export.vcard import als_vcard

        text = als_vcard(auswahl.kontakte, vcard_version)
    else:
        from netzwerk_cli.export.tabelle import als_csv

        zeilen = [[e.id, k.name, KONTAKT_ARTEN[k.art], k.funktion, k.organisation, k.abteilung,
                   k.strasse, k.plz, k.ort, k.telefon, k.email, k.webseite,
                   "ja" if k.oeffentlich else "nein", "; ".join(e.netzwerke)]
                  for e in auswahl.kontakte for k in [e.kontakt]]
        text = als_csv(KONTAKT_SPALTEN, zeilen, excel=format_ == "excel")
    _ausgeben(text, ziel, ueberschreiben, "utf-8-sig" if format_ == "excel" else "utf-8")
    _zusammenfassung(_zahl(len(auswahl.kontakte), "Kontakt", "Kontakte"), len(netzwerke),
                     auswahl, ziel)


@befehl("html", gruppe)
def html(
    ids: IdsArgument = None,
    bezirk: BezirkOption = None,
    stadtteil: StadtteilOption = None,
    thema: ThemaOption = None,
    art: ArtOption = None,
    stadtweit: StadtweitOption = True,
    format_: Annotated[str, typer.Option(
        "--format", "-f", metavar="FORMAT",
        help="html (Standard): eine eigenständige Webseite; markdown: zum Einfügen in ein "
             "CMS oder Wiki.")] = "html",
    titel: Annotated[str, typer.Option("--titel", help="Überschrift der Seite.")] = (
        "Netzwerke für Kinder und Jugendliche in Hagen"),
    ohne_angebote: Annotated[bool, typer.Option(
        "--ohne-angebote", help="Die stadtweiten Einrichtungen mit Angeboten weglassen.")] = False,
    ziel: AusgabeOption = None,
    ueberschreiben: ForceOption = False,
    registry: RegisterOption = None,
) -> None:
    """Das Register als Webseite veröffentlichen, z. B. `netz export html -o netzwerke.html`.

    Eine einzige Datei ohne externe Schriften oder Skripte: öffnet sich von der Festplatte und
    von jedem Webserver. Gegliedert nach Stadtbezirken, mit Filterleiste (Stadtbezirk, Thema,
    Art, Suche); ohne JavaScript steht die ganze Liste da. Auf der Seite stehen nur Kontakte,
    die zur Veröffentlichung freigegeben sind.
    """
    import datetime as dt

    from netzwerk_cli.export.html import als_html, als_markdown, seitendaten
    from netzwerk_cli.render import melden

    _format_pruefen(format_, {"html": "", "markdown": ""})
    register, netzwerke, _ = _auswahl(ids, bezirk, stadtteil, thema, art, stadtweit, registry,
                                      nur_oeffentlich=True)
    angebote = [] if ohne_angebote or ids or bezirk or stadtteil or thema or art else sorted(
        register.angebote.items())
    if not netzwerke:
        melden("Keine Netzwerke in dieser Auswahl; nichts geschrieben.")
        return
    daten = seitendaten(register, netzwerke, angebote, titel, dt.date.today())
    text = als_html(daten) if format_ == "html" else als_markdown(daten)
    _ausgeben(text, ziel, ueberschreiben)
    wohin = f" nach {ziel}" if ziel else ""
    melden(f"Seite mit {_zahl(len(netzwerke), 'Netzwerk', 'Netzwerken')} geschrieben{wohin}; "
           "nur zur Veröffentlichung freigegebene Kontakte.")

"""``netz kontakt …``: the contacts that networks refer to by id."""


from typing import Annotated, Any

import typer

from netzwerk_cli.cli import fragen
from netzwerk_cli.cli.app import NetzGruppe, befehl
from netzwerk_cli.cli.optionen import JsonOption, RegisterOption, register_oeffnen
from netzwerk_cli.cli.schreiben import ProbelaufOption, ausfuehren
from netzwerk_cli.errors import EingabeFehler
from netzwerk_cli.model import Kontakt, Register

gruppe = typer.Typer(cls=NetzGruppe, rich_markup_mode="markdown", no_args_is_help=True,
                     help="Kontakte anlegen, zeigen, ändern und entfernen.")


def _kontakt_ids(incomplete: str) -> list[str]:
    from netzwerk_cli.cli.optionen import passend
    from netzwerk_cli.registry import register_finden, register_laden

    try:
        return passend(sorted(register_laden(register_finden()).kontakte), incomplete)
    except Exception:  # completion runs on every TAB and must never fail loudly
        return []


KontaktId = Annotated[str, typer.Argument(metavar="KONTAKT-ID", show_default=False,
                                          autocompletion=_kontakt_ids,
                                          help="ID des Kontakts (siehe `netz kontakt list`).")]
VorwahlOption = Annotated[str, typer.Option(
    "--vorwahl", metavar="VORWAHL", help="Vorwahl für Telefonnummern ohne Vorwahl, z. B. 02331.")]


def _text(hilfe: str) -> Any:
    return typer.Option(help=hilfe, show_default=False)


@befehl("add", gruppe)
def kontakt_add(
    name: Annotated[str | None, _text("Name der Person oder Rolle.")] = None,
    art: Annotated[str | None, typer.Option(
        "--art", help="person, organisation oder rolle.", show_default=False)] = None,
    funktion: Annotated[str | None, _text("z. B. Koordinatorin.")] = None,
    organisation: Annotated[str | None, _text("Träger oder Einrichtung.")] = None,
    abteilung: Annotated[str | None, _text("Abteilung.")] = None,
    strasse: Annotated[str | None, _text("Straße und Hausnummer.")] = None,
    plz: Annotated[str | None, _text("Postleitzahl.")] = None,
    ort: Annotated[str | None, _text("Ort.")] = None,
    telefon: Annotated[str | None, _text("Telefon, z. B. 02331 207-3608.")] = None,
    email: Annotated[str | None, _text("E-Mail-Adresse.")] = None,
    webseite: Annotated[str | None, _text("Webseite.")] = None,
    notiz: Annotated[str | None, _text("Alles Weitere.")] = None,
    oeffentlich: Annotated[bool | None, typer.Option(
        "--oeffentlich/--nicht-oeffentlich", show_default=False,
        help="Darf veröffentlicht werden (Standard: nein).")] = None,
    neue_id: Annotated[str | None, typer.Option("--id", help="Eigene ID.",
                                                show_default=False)] = None,
    vorwahl: VorwahlOption = "",
    probelauf: ProbelaufOption = False,
    registry: RegisterOption = None,
) -> None:
    """Einen Kontakt anlegen: eine Person, eine Organisation oder eine Rolle.

    Kontaktdaten von Personen sind personenbezogene Daten: ein Kontakt wird nur mit
    --oeffentlich (oder der Antwort „ja“) als veröffentlichbar markiert.
    """
    from netzwerk_cli import changes

    _, register = register_oeffnen(registry)
    werte = {"name": name, "art": art, "funktion": funktion, "organisation": organisation,
             "abteilung": abteilung, "strasse": strasse, "plz": plz, "ort": ort,
             "telefon": telefon, "email": email, "webseite": webseite, "notiz": notiz}
    if fragen.ist_interaktiv():
        oeffentlich = fragen.kontakt_erfragen(werte, oeffentlich, vorwahl)
    elif not (name or organisation or abteilung):
        raise fragen.fehlt("--name oder --organisation", "ein Name")
    kontakt = Kontakt(**{k: v for k, v in werte.items() if v}, oeffentlich=bool(oeffentlich))
    kontakt_id = changes.neue_id(kontakt.anzeigename, register.kontakte, neue_id or "")
    _, register = ausfuehren(
        registry, lambda r: changes.kontakt_hinzufuegen(r, kontakt_id, kontakt, vorwahl),
        probelauf)
    if not probelauf:
        _kontakt_ausgeben(register, kontakt_id)


@befehl("list", gruppe)
def kontakt_list(als_json: JsonOption = False, registry: RegisterOption = None) -> None:
    """Alle Kontakte, mit der Zahl der Netzwerke, die sie nutzen.

    In einer Pipe: ID, Name, Organisation, Telefon, E-Mail, veröffentlichbar (ja/nein), Anzahl.
    """
    from netzwerk_cli.changes import kontakt_nutzer
    from netzwerk_cli.render import json_ausgeben, kontakt_als_dict, zeilen_ausgeben
    from netzwerk_cli.text import key

    _, register = register_oeffnen(registry)
    kontakte = sorted(register.kontakte.items(), key=lambda paar: key(paar[1].anzeigename))
    if als_json:
        json_ausgeben([kontakt_als_dict(i, k) | {"genutzt_von": kontakt_nutzer(register, i)}
                       for i, k in kontakte])
        return
    zeilen_ausgeben(
        f"Kontakte ({len(kontakte)})",
        ["ID", "Name", "Organisation", "Telefon", "E-Mail", "Öffentlich", "Netzwerke"],
        [[i, k.name, k.organisation, k.telefon, k.email, "ja" if k.oeffentlich else "nein",
          str(len(kontakt_nutzer(register, i)))] for i, k in kontakte])


def _kontakt_ausgeben(register: Register, kontakt_id: str) -> None:
    from netzwerk_cli.changes import kontakt_nutzer
    from netzwerk_cli.render import kontakt_felder

    kontakt = register.kontakte[kontakt_id]
    typer.echo(f"{kontakt.anzeigename} ({kontakt_id})")
    for label, wert in kontakt_felder(kontakt):
        typer.echo(f"  {label}: {wert}")
    nutzer = kontakt_nutzer(register, kontakt_id)
    typer.echo(f"  Genutzt von: {', '.join(nutzer) if nutzer else '(keinem Eintrag)'}")


@befehl("show", gruppe)
def kontakt_show(kontakt_id: KontaktId, als_json: JsonOption = False,
                 registry: RegisterOption = None) -> None:
    """Einen Kontakt zeigen, mit den Netzwerken, die ihn nutzen."""
    from netzwerk_cli.changes import kontakt_holen, kontakt_nutzer
    from netzwerk_cli.render import json_ausgeben, kontakt_als_dict

    _, register = register_oeffnen(registry)
    kontakt_holen(register, kontakt_id)  # an unknown id is a usage error with a suggestion
    if als_json:
        json_ausgeben(kontakt_als_dict(kontakt_id, register.kontakte[kontakt_id])
                      | {"genutzt_von": kontakt_nutzer(register, kontakt_id)})
    else:
        _kontakt_ausgeben(register, kontakt_id)


@befehl("edit", gruppe)
def kontakt_edit(
    kontakt_id: KontaktId,
    name: Annotated[str | None, _text("Name.")] = None,
    art: Annotated[str | None, _text("person, organisation oder rolle.")] = None,
    funktion: Annotated[str | None, _text("Funktion.")] = None,
    organisation: Annotated[str | None, _text("Organisation.")] = None,
    abteilung: Annotated[str | None, _text("Abteilung.")] = None,
    strasse: Annotated[str | None, _text("Straße.")] = None,
    plz: Annotated[str | None, _text("Postleitzahl.")] = None,
    ort: Annotated[str | None, _text("Ort.")] = None,
    telefon: Annotated[str | None, _text("Telefon.")] = None,
    email: Annotated[str | None, _text("E-Mail.")] = None,
    webseite: Annotated[str | None, _text("Webseite.")] = None,
    notiz: Annotated[str | None, _text("Notiz.")] = None,
    oeffentlich: Annotated[bool | None, typer.Option(
        "--oeffentlich/--nicht-oeffentlich", show_default=False,
        help="Veröffentlichen erlauben oder verbieten.")] = None,
    vorwahl: VorwahlOption = "",
    probelauf: ProbelaufOption = False,
    registry: RegisterOption = None,
) -> None:
    """Felder eines Kontakts ändern; ein leerer Wert ("") löscht das Feld."""
    from netzwerk_cli import changes

    setzen = {k: v for k, v in {
        "name": name, "art": art, "funktion": funktion, "organisation": organisation,
        "abteilung": abteilung, "strasse": strasse, "plz": plz, "ort": ort, "telefon": telefon,
        "email": email, "webseite": webseite, "notiz": notiz,
        "oeffentlich": oeffentlich}.items() if v is not None}
    if not setzen:
        raise EingabeFehler("Nichts zu ändern: bitte Optionen angeben, z. B. --email "
                            "(siehe `netz kontakt edit --help`).")
    _, register = ausfuehren(
        registry, lambda r: changes.kontakt_aendern(r, kontakt_id, setzen, vorwahl), probelauf)
    if not probelauf:
        _kontakt_ausgeben(register, kontakt_id)


@befehl("remove", gruppe)
def kontakt_remove(
    kontakt_id: KontaktId,
    loesen: Annotated[bool, typer.Option(
        "--force", help="Auch entfernen, wenn Netzwerke ihn nutzen (dort wird er gelöst).")
    ] = False,
    ja: Annotated[bool, typer.Option("--yes", "-y", help="Ohne Rückfrage entfernen.")] = False,
    probelauf: ProbelaufOption = False,
    registry: RegisterOption = None,
) -> None:
    """Einen Kontakt entfernen. Wird er noch genutzt, lehnt netz ab (außer mit --force)."""
    from netzwerk_cli import changes
    from netzwerk_cli.render import melden

    _, register = register_oeffnen(registry)
    changes.kontakt_entfernen(register, kontakt_id, loesen)  # refuse early, before asking
    fragen.entfernen_bestaetigen(f"Kontakt „{kontakt_id}“", kontakt_id, ja, probelauf)
    geloest, _ = ausfuehren(registry, lambda r: changes.kontakt_entfernen(r, kontakt_id, loesen),
                            probelauf)
    if geloest:
        melden(f"Gelöst von: {', '.join(geloest)}")

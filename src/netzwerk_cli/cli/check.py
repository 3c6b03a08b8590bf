"""Keeping the list current: ``netz check`` and ``netz faellig``."""


from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from netzwerk_cli.cli.app import command, new_group
from netzwerk_cli.cli.options import AlleOption, JsonOption, RegistryOption, with_filters
from netzwerk_cli.cli.registry import open_registry
from netzwerk_cli.query import Criteria

if TYPE_CHECKING:
    from netzwerk_cli.check import DueEntry, Finding
    from netzwerk_cli.model import Registry
    from netzwerk_cli.registry import Location

group = new_group()


def _months(value: int) -> int:
    if value < 0:
        raise typer.BadParameter("bitte 0 oder mehr Monate.")
    return value


MaxAgeOption = Annotated[
    int, typer.Option("--max-alter", metavar="MONATE", callback=_months,
                      help="Ab wie vielen Monaten seit dem letzten „stand“ ein Eintrag "
                           "als veraltet gilt (0 oder mehr).")
]
_HEADINGS = {"Fehler": "Fehler", "Warnung": "Warnungen", "Hinweis": "Hinweise"}


FilesArgument = Annotated[
    list[Path] | None,
    typer.Argument(metavar="DATEI", show_default=False, dir_okay=False,
                   help="Weitere Registerdateien, die geprüft werden (so übergibt sie der "
                        "pre-commit-Hook).")
]


@command("check", group)
@with_filters
def check(
    criteria: Criteria,
    files: FilesArgument = None,
    max_age: MaxAgeOption = 12,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Auch bei Warnungen mit Rückgabewert 1 enden (z. B. in CI).")] = False,
    as_json: JsonOption = False,
    registry: RegistryOption = None,
) -> None:
    """Das Register prüfen: Fehler, Warnungen und Hinweise, jeweils mit Eintrag, Feld und Rat.

    Fehler: was netz beim Schreiben ablehnen würde (auch ungültige E-Mail, Telefonnummer,
    Webseite oder PLZ, und Konfliktmarken einer git-Zusammenführung). Warnungen: veraltete
    Einträge, Netzwerke ohne erreichbaren Kontakt, ungenutzte und doppelte Kontakte.
    Hinweise: fehlende Themen oder Webseiten, nicht freigegebene Personen. Mit Filtern nur
    die Befunde zu diesen Netzwerken und ihren Kontakten. Rückgabewert 0 ohne Fehler, sonst
    1 – so taugt `netz check` für CI und als pre-commit-Hook; mehrere Dateien (`--registry`
    und weitere als Argumente) werden nacheinander geprüft.
    """
    from netzwerk_cli.errors import InputError
    from netzwerk_cli.registry import Location, find_registry

    locations = [find_registry(registry)] if registry or not files else []
    locations += [Location(path, "Argument DATEI") for path in files or []]
    if as_json and len(locations) > 1:
        raise InputError("--json prüft genau eine Registerdatei; bitte je Datei einzeln "
                         "aufrufen.")
    failed = False
    for number, location in enumerate(locations):
        if number:
            typer.echo()
        failed |= _check_file(location, criteria, max_age, strict, as_json)
    if failed:
        raise typer.Exit(1)


def _check_file(location: "Location", criteria: Criteria, max_age: int, strict: bool,
                as_json: bool) -> bool:
    """Check one registry file and show the findings; True when it fails the check."""
    from netzwerk_cli import clock, serialize
    from netzwerk_cli.check import ERROR, WARNING, check_registry, count_by_level
    from netzwerk_cli.cli.render import print_json
    from netzwerk_cli.registry import read_registry_text

    path = str(location.path)
    text = read_registry_text(location.path, location.reason)
    findings = check_registry(text, path, clock.today(), max_age, criteria)
    counts = count_by_level(findings)
    if as_json:
        print_json(serialize.check_report(path, max_age, findings, counts))
    else:
        _report(findings, counts, path, max_age)
    return bool(counts[ERROR] or (strict and counts[WARNING]))


def _report(findings: "list[Finding]", counts: dict[str, int], path: str, max_age: int) -> None:
    from netzwerk_cli.cli.render import print_paragraphs
    from netzwerk_cli.text import count

    lines = [("", f"Prüfung von {path} (veraltet ab {count(max_age, 'Monat', 'Monaten')})")]
    for level, heading in _HEADINGS.items():
        lines += [("", ""), ("", f"{heading} ({counts[level]})")]
        own = [f for f in findings if f.level == level]
        if not own:
            lines.append(("  ", "keine"))
        for finding in own:
            where = f"{finding.entry} · {finding.field}" if finding.field else finding.entry
            lines += [("  ", where), ("    ", finding.message)]
    lines += [("", ""), ("", f"Ergebnis: {count(counts['Fehler'], 'Fehler', 'Fehler')}, "
                             f"{count(counts['Warnung'], 'Warnung', 'Warnungen')}, "
                             f"{count(counts['Hinweis'], 'Hinweis', 'Hinweise')}.")]
    print_paragraphs(lines)


@command("faellig", group)
@with_filters
def faellig(
    criteria: Criteria,
    max_age: MaxAgeOption = 12,
    format_name: Annotated[str, typer.Option(
        "--format", "-f", metavar="FORMAT",
        help="tabelle (Standard), verteiler (die E-Mail-Adressen der Ansprechpartner, eine je "
             "Zeile) oder json (wie --json).")] = "tabelle",
    as_json: JsonOption = False,
    show_all: AlleOption = False,
    registry: RegistryOption = None,
) -> None:
    """Die Einträge, die geprüft werden sollten, die ältesten zuerst – mit wem zu fragen ist.

    Die To-do-Liste der Koordination: `netz faellig --format verteiler` gibt die Adressen genau
    dieser Ansprechpartner aus, z. B. für eine Rundmail „Stimmt das noch?“. Mit Filtern nur
    die gewählten Netzwerke (`netz faellig --bezirk Haspe`). Ist nichts fällig, endet netz
    mit Rückgabewert 1 (JSON: `[]`).

    Auf einem schmalen Terminal entfällt die Spalte Stand; Name, ID, Monate und der
    Ansprechpartner mit E-Mail und Telefon bleiben immer ganz.
    """
    from netzwerk_cli import clock, serialize
    from netzwerk_cli.check import due_entries, due_notes
    from netzwerk_cli.cli.render import note, print_json
    from netzwerk_cli.errors import InputError
    from netzwerk_cli.text import count, shortened

    if format_name not in ("tabelle", "verteiler", "json"):
        raise InputError(f"Unbekanntes Format „{shortened(format_name)}“. Gültig: tabelle, "
                         "verteiler, json.")
    if as_json and format_name == "verteiler":
        raise InputError("--json und --format verteiler schließen sich aus; bitte eins davon.")
    if as_json:
        format_name = "json"
    _, reg = open_registry(registry)
    due = due_entries(reg, clock.today(), max_age, criteria)
    if format_name == "json":
        print_json([serialize.due_entry(d, reg) for d in due])
    if not due:
        when = {0: "in diesem Monat", 1: "im letzten Monat"}.get(
            max_age, f"in den letzten {count(max_age, 'Monat', 'Monaten')}")
        note(f"Nichts fällig: Alle Einträge wurden {when} geprüft.")
        raise typer.Exit(1)
    if format_name == "verteiler":
        _due_verteiler(reg, due)
    elif format_name == "tabelle":
        _due_table(reg, due, max_age, show_all)
    for text in due_notes(due):
        note(f"Hinweis: {text}")


def _due_table(reg: "Registry", due: "list[DueEntry]", max_age: int, show_all: bool) -> None:
    from netzwerk_cli.cli.render import Column, Listing, Part, name_and_id, note, print_rows
    from netzwerk_cli.text import count

    rows, table_rows = [], []
    for d in due:
        kontakt = reg.kontakte.get(d.kontakt_id)
        name = kontakt.display_name if kontakt else "(niemand erreichbar)"
        email, telefon = (kontakt.email, kontakt.telefon) if kontakt else ("", "")
        stand, months = d.entry.stand or "–", str(d.months) if d.months is not None else "–"
        rows.append([d.id, d.entry.name, stand, months, name, email, telefon])
        whom = (Part(name), *(Part(v, whole=True) for v in (email, telefon) if v))
        table_rows.append([name_and_id(d.entry.name, d.id), stand, months, whom])
    columns = [Column("Name / ID"), Column("Stand", drop=1), Column("Monate"),
               Column("Ansprechpartner")]
    print_rows(f"Fällig zur Prüfung ({len(rows)})", columns, rows, table_rows,
               Listing(show_all, "Einträgen",
                       "--max-alter, --bezirk, --stadtteil, --thema, --art"))
    note(f"{count(len(due), 'Eintrag', 'Einträge')} älter als "
         f"{count(max_age, 'Monat', 'Monate')} oder ohne Stand.")


def _due_verteiler(reg: "Registry", due: "list[DueEntry]") -> None:
    """The addresses of exactly the contacts to ask, one per line."""
    import sys

    from netzwerk_cli.check import due_recipients
    from netzwerk_cli.cli.render import note
    from netzwerk_cli.export.address_lines import to_text
    from netzwerk_cli.export.selection import exportable

    recipients, without = due_recipients(exportable(reg), due)
    sys.stdout.write(to_text(recipients))
    if without:
        note(f"Ohne E-Mail-Ansprechpartner: {', '.join(without)}")
    if not recipients:
        note("Keine E-Mail-Adressen für diese Einträge.")
        raise typer.Exit(1)

"""Keeping the list current: ``netz check`` and ``netz faellig``."""


from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from netzwerk_cli.cli.app import command, new_group
from netzwerk_cli.cli.options import AlleOption, JsonOption, RegistryOption, with_filters
from netzwerk_cli.cli.registry import open_registry
from netzwerk_cli.query import Criteria

if TYPE_CHECKING:
    from netzwerk_cli.check import CheckRound, DueEntry, Finding
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
    from netzwerk_cli.check import ERROR, WARNING, check_file, count_by_level
    from netzwerk_cli.cli.render import print_json

    path = str(location.path)
    findings = check_file(location, clock.today(), max_age, criteria)
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
    format_name: Annotated[str | None, typer.Option(
        "--format", "-f", metavar="FORMAT", show_default=False,
        help="tabelle (Standard), verteiler (die E-Mail-Adressen der Ansprechpartner, eine je "
             "Zeile) oder json (wie --json); mit --anschreiben: eml (Standard) oder text.")
    ] = None,
    anschreiben: Annotated[bool, typer.Option(
        "--anschreiben",
        help="Die jährliche Prüfrunde: je Ansprechpartner ein E-Mail-Entwurf (.eml) mit seinen "
             "fälligen Einträgen, wie sie veröffentlicht sind, und der Bitte, sie zu "
             "bestätigen oder zu korrigieren.")] = False,
    target: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="ORDNER", show_default=False,
        help="Mit --anschreiben: in diesen Ordner schreiben (wird angelegt), eine Datei je "
             "Ansprechpartner.")] = None,
    overwrite: Annotated[bool, typer.Option(
        "--force", help="Vorhandene Dateien im Ordner überschreiben.")] = False,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Mit --anschreiben: nur zeigen, wer was bekäme; nichts schreiben.")
    ] = False,
    as_json: JsonOption = False,
    show_all: AlleOption = False,
    registry: RegistryOption = None,
) -> None:
    """Die Einträge, die geprüft werden sollten, die ältesten zuerst – mit wem zu fragen ist.

    Die To-do-Liste der Koordination: `netz faellig --format verteiler` gibt die Adressen genau
    dieser Ansprechpartner aus, z. B. für eine Rundmail „Stimmt das noch?“. Mit Filtern nur
    die gewählten Netzwerke (`netz faellig --bezirk Haspe`). Ist nichts fällig, endet netz
    mit Rückgabewert 1 (JSON: `[]`).

    Die jährliche Prüfrunde in einem Schritt: `netz faellig --anschreiben -o pruefrunde`
    schreibt je Ansprechpartner einen E-Mail-Entwurf (öffnet sich in Thunderbird und Outlook
    zum Senden) mit seinen fälligen Einträgen, genau wie sie veröffentlicht sind;
    `--format text` dasselbe als Textdateien für Brief oder Anruf (ohne -o auf die
    Standardausgabe). Wer keine E-Mail-Adresse hat, steht am Ende mit Telefon zum Anrufen.
    Nach jeder Antwort setzt `netz verify ID` den Stand auf heute.

    Auf einem schmalen Terminal entfällt die Spalte Stand; Name, ID, Monate und der
    Ansprechpartner mit E-Mail und Telefon bleiben immer ganz.
    """
    from netzwerk_cli import clock, serialize
    from netzwerk_cli.check import due_entries, due_notes
    from netzwerk_cli.cli.render import note, print_json

    if anschreiben:
        _check_round(criteria, max_age, format_name, target, overwrite, dry_run, as_json,
                     registry)
        return
    format_name = _list_format(format_name, target, overwrite, dry_run, as_json)
    _, reg = open_registry(registry)
    due = due_entries(reg, clock.today(), max_age, criteria)
    if format_name == "json":
        print_json([serialize.due_entry(d, reg) for d in due])
    if not due:
        _nothing_due(max_age)
    if format_name == "verteiler":
        _due_verteiler(reg, due)
    elif format_name == "tabelle":
        _due_table(reg, due, max_age, show_all)
    for text in due_notes(due):
        note(f"Hinweis: {text}")


def _list_format(format_name: str | None, target: Path | None, overwrite: bool, dry_run: bool,
                 as_json: bool) -> str:
    """The format of the to-do list, or a usage error for an option of the round."""
    from netzwerk_cli.errors import InputError
    from netzwerk_cli.text import shortened

    for given, option in ((target, "-o"), (overwrite, "--force"), (dry_run, "--dry-run")):
        if given:
            raise InputError(f"{option} gilt nur mit --anschreiben (die Prüfrunde schreibt "
                             "Dateien; die Liste geht auf die Standardausgabe).")
    format_name = format_name or "tabelle"
    if format_name in ("eml", "text"):
        raise InputError(f"--format {format_name} gilt nur mit --anschreiben.")
    if format_name not in ("tabelle", "verteiler", "json"):
        raise InputError(f"Unbekanntes Format „{shortened(format_name)}“. Gültig: tabelle, "
                         "verteiler, json; mit --anschreiben: eml, text.")
    if as_json and format_name == "verteiler":
        raise InputError("--json und --format verteiler schließen sich aus; bitte eins davon.")
    return "json" if as_json else format_name


def _nothing_due(max_age: int) -> None:
    from netzwerk_cli.cli.render import note
    from netzwerk_cli.text import count

    when = {0: "in diesem Monat", 1: "im letzten Monat"}.get(
        max_age, f"in den letzten {count(max_age, 'Monat', 'Monaten')}")
    note(f"Nichts fällig: Alle Einträge wurden {when} geprüft.")
    raise typer.Exit(1)


def _round_format(format_name: str | None, target: Path | None, dry_run: bool) -> str:
    """The format of the round's letters, or a usage error for what cannot go together."""
    from netzwerk_cli.errors import InputError
    from netzwerk_cli.text import shortened

    format_name = format_name or "eml"
    if format_name not in ("eml", "text"):
        raise InputError(f"Unbekanntes Format „{shortened(format_name)}“ für --anschreiben. "
                         "Gültig mit --anschreiben: eml, text (für den Plan als JSON: "
                         "--json).")
    if format_name == "eml" and target is None and not dry_run:
        raise InputError("Die E-Mail-Entwürfe gehören in einen Ordner: -o ORDNER (z. B. "
                         "-o pruefrunde), je Ansprechpartner eine .eml-Datei. Nur ansehen, "
                         "wer was bekäme: --dry-run (für Skripte: --json).")
    return format_name


def _check_round(criteria: Criteria, max_age: int, format_name: str | None,
                 target: Path | None, overwrite: bool, dry_run: bool, as_json: bool,
                 registry: Path | None) -> None:
    """``netz faellig --anschreiben``: write the letters, show the plan, say whom to call."""
    import sys

    from netzwerk_cli import clock, serialize
    from netzwerk_cli.check import check_round, due_entries, due_notes
    from netzwerk_cli.cli.render import note, print_json
    from netzwerk_cli.export import pruefrunde
    from netzwerk_cli.export.selection import exportable

    # --json alone is the plan for scripts: it writes nothing, like --dry-run.
    dry_run = dry_run or (as_json and target is None)
    format_name = _round_format(format_name, target, dry_run)
    location, reg = open_registry(registry)
    reg = exportable(reg)
    due = due_entries(reg, clock.today(), max_age, criteria)
    plan = check_round(reg, due)
    text = format_name == "text"
    chosen = plan.requests if text else plan.with_email
    suffix = ".txt" if text else ".eml"
    files = {r.kontakt_ids[0]: pruefrunde.file_name(r.kontakt_ids[0], suffix) for r in chosen}
    if as_json:
        print_json(serialize.check_round(plan, files, format_name,
                                         str(target) if target else None, dry_run))
    if not due:
        _nothing_due(max_age)
    letters = [pruefrunde.letter(reg, r) for r in chosen]
    if letters and not dry_run:
        if target is None:
            sys.stdout.write(_SEPARATOR.join(pruefrunde.to_text(x) for x in letters))
        else:
            pruefrunde.write_letters(target, [
                (files[x.request.kontakt_ids[0]],
                 pruefrunde.to_text(x).encode() if text else pruefrunde.to_eml(x))
                for x in letters], overwrite, private_as=location.path)
    if not as_json and (target is not None or dry_run):
        _round_plan(plan, files)
    _round_summary(reg, plan, len(letters), text, target, dry_run)
    for line in due_notes(due):
        note(f"Hinweis: {line}")
    if not letters:
        raise typer.Exit(1)


# Between two letters on stdout (`--format text` without -o): one to a page when printed.
_SEPARATOR = "\n" + "=" * 72 + "\n\n"


def _round_plan(plan: "CheckRound", files: dict[str, str]) -> None:
    """Who gets which file about which entries; a table on a terminal, else tab-separated."""
    from netzwerk_cli.cli.render import Column, Part, print_rows

    rows, table_rows = [], []
    for r in plan.requests:
        datei = files.get(r.kontakt_ids[0], "–")
        entries = ", ".join(r.entry_ids)
        rows.append([datei, r.kontakt.display_name, r.email, entries])
        whom = (Part(r.kontakt.display_name),
                *(Part(v, whole=True) for v in (r.email or r.kontakt.telefon,) if v))
        table_rows.append([datei, whom, tuple(Part(e, whole=True) for e in r.entry_ids)])
    print_rows(f"Prüfrunde ({len(plan.requests)} Ansprechpartner)",
               [Column("Datei", whole=True), Column("An"), Column("Einträge")], rows,
               table_rows)


def _round_summary(reg: "Registry", plan: "CheckRound", written: int, text: bool,
                   target: Path | None, dry_run: bool) -> None:
    """What was written where, whom to call instead, which entries name nobody, what next."""
    from netzwerk_cli.cli.render import note
    from netzwerk_cli.export.pruefrunde import whom
    from netzwerk_cli.text import count

    what = count(written, "Anschreiben", "Anschreiben") if text else count(
        written, "E-Mail-Entwurf", "E-Mail-Entwürfe")
    if dry_run:
        where = f" nach {target}" if target else ""
        note(f"Geplant: {what}{where}.")
    elif not written:
        note("Keine Anschreiben geschrieben: Niemand unter den Ansprechpartnern der fälligen "
             "Einträge hat eine E-Mail-Adresse.")
    elif target is not None:
        how = ("zum Ausdrucken oder als Gesprächsnotiz" if text
               else "per Doppelklick in Thunderbird oder Outlook öffnen, prüfen, senden")
        note(f"{what} nach {target} geschrieben – {how}.")
    else:
        note(f"{what} ausgegeben – zum Ausdrucken oder als Gesprächsnotiz.")
    if plan.without_email:
        note(f"Ohne E-Mail-Adresse ({len(plan.without_email)}) – bitte anrufen oder per Post "
             "anschreiben:")
        for r in plan.without_email:
            phone = "" if r.kontakt.telefon else ", kein Telefon eingetragen"
            invalid = (f" ({r.reason}: korrigieren mit `netz kontakt edit {r.kontakt_ids[0]} "
                       "--email …`)") if r.reason != "keine E-Mail-Adresse" else ""
            entries = ", ".join(f"{_entry_name(reg, e)} ({e})" for e in r.entry_ids)
            note(f"  {whom(r.kontakt)}{phone}{invalid} – {entries}")
    if plan.without_kontakt:
        names = ", ".join(f"{_entry_name(reg, e)} ({e})" for e in plan.without_kontakt)
        note(f"Ohne Ansprechpartner: {names} – wen fragen? Einen Kontakt eintragen "
             "(Netzwerke: `netz edit ID --add-kontakt KONTAKT-ID`).")
    note("Nach jeder Antwort: `netz verify ID …` setzt den Stand auf heute; Korrekturen mit "
         "`netz edit` und `netz kontakt edit`.")
    if dry_run:
        note("Probelauf: nichts geschrieben.")


def _entry_name(reg: "Registry", entry_id: str) -> str:
    return reg.entry(entry_id).name


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

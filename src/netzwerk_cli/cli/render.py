"""The one place that renders results: Rich tables, tab-separated lines, JSON, diffs, notes.

A Rich table only when stdout is a terminal; in a pipe plain tab-separated lines without colour
or box drawing, so ``netz list | cut -f2`` works. Rich is imported only when a table is drawn.
Notes and diagnostics go to stderr, so data on stdout stays clean.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from netzwerk_cli.model import KONTAKT_ARTEN, Angebot, Kontakt, Netzwerk, Registry, art_label

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

Row = list[Any]  # cells: text, or Rich ``Text`` on a terminal


def is_terminal() -> bool:
    """Whether stdout is a terminal (tables) or a pipe or file (plain lines)."""
    return sys.stdout.isatty()


def console(stderr: bool = False) -> Console:
    """A Rich console built when needed, so it sees the current terminal and NO_COLOR."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def note(text: str) -> None:
    """A note or diagnostic for the user on stderr."""
    print(text, file=sys.stderr)


def hints(texts: list[str]) -> None:
    """Each hint as "Hinweis: …" on stderr."""
    for text in texts:
        note(f"Hinweis: {text}")


def print_json(data: Any) -> None:
    """Write JSON straight to stdout (not through Rich, which would wrap and colour it)."""
    from netzwerk_cli.serialize import dumps

    sys.stdout.write(dumps(data))


def write_bytes(data: bytes) -> None:
    """An export's bytes to stdout, in the export's own encoding."""
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


# --- Lines and tables ------------------------------------------------------------------------


def main_kontakt(entry: Netzwerk | Angebot, registry: Registry) -> str:
    """The first contact's name, the one to ask first."""
    kontakte = registry.kontakte_of(entry)
    return kontakte[0][1].display_name if kontakte else ""


def entry_row(entry_id: str, entry: Netzwerk | Angebot, registry: Registry) -> list[str]:
    """The columns of ``netz list`` and ``netz search``: id, name, kind, area, topics, contact."""
    if isinstance(entry, Netzwerk):
        art, area = art_label(entry.art), entry.area_text
    else:
        art, area = "Angebot", "stadtweit"
    return [entry_id, entry.name, art, area, ", ".join(entry.themen),
            main_kontakt(entry, registry)]


ENTRY_COLUMNS = ["ID", "Name", "Art", "Gebiet", "Themen", "Kontakt"]


def print_tsv(rows: list[Row]) -> None:
    """Tab-separated lines; tabs and line breaks inside a value become spaces."""
    for row in rows:
        cells = (" ".join(str(cell).split()) for cell in row)
        sys.stdout.write("\t".join(cells) + "\n")


def print_table(title: str, columns: list[str], rows: list[Row]) -> None:
    """A Rich table on the terminal."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left")
    for position, column in enumerate(columns):
        # One-word values ("Arbeitsgemeinschaft") stay whole; prose columns wrap at spaces.
        single_words = all(" " not in str(row[position]) for row in rows)
        table.add_column(column, no_wrap=single_words, overflow="fold")
    for row in rows:
        # Registry text is data, never Rich markup.
        table.add_row(*(cell if isinstance(cell, Text) else Text(cell) for cell in row))
    console().print(table)


def print_entries(title: str, rows: list[list[str]]) -> None:
    """Rows of ``entry_row``: a table on a terminal (id under the name), else plain lines."""
    if not is_terminal():
        print_tsv(rows)
        return
    table_rows: list[Row] = []
    for entry_id, name, *rest in rows:
        table_rows.append([_with_dim_line(name, entry_id), *rest])
    print_table(title, ["Name / ID", *ENTRY_COLUMNS[2:]], table_rows)


def _with_dim_line(text: str, below: str) -> Text:
    from rich.text import Text

    cell = Text(text)
    cell.append(f"\n{below}", style="dim")
    return cell


def print_rows(title: str, columns: list[str], rows: list[Row]) -> None:
    """A table on a terminal, tab-separated lines elsewhere."""
    if is_terminal():
        print_table(title, columns, rows)
    else:
        print_tsv(rows)


# --- One entry in full -----------------------------------------------------------------------

Fields = list[tuple[str, str]]


def entry_fields(entry: Netzwerk | Angebot) -> Fields:
    """The labelled fields of ``netz show``, empty ones left out."""
    fields: Fields = [("Name", entry.name)]
    if isinstance(entry, Netzwerk):
        fields += [("Art", art_label(entry.art)), ("Gebiet", entry.area_text)]
        bezirke = entry.stadtbezirke()
        if bezirke and bezirke != entry.bezirke:
            fields.append(("Stadtbezirk", ", ".join(bezirke)))
    else:
        fields.append(("Art", "Angebot (stellt sich bei Netzwerktreffen vor)"))
    fields += [
        ("Themen", ", ".join(entry.themen)),
        ("Zielgruppen", ", ".join(entry.zielgruppen)),
        ("Treffen", entry.treffen if isinstance(entry, Netzwerk) else ""),
        ("Webseite", entry.webseite),
        ("Notiz", entry.notiz),
        ("Stand", entry.stand),
    ]
    return [(label, value) for label, value in fields if value]


def kontakt_fields(kontakt: Kontakt) -> Fields:
    """The labelled fields of a contact, empty ones left out."""
    address = " ".join(filter(None, [kontakt.strasse + ",", kontakt.plz, kontakt.ort]))
    fields = [
        ("Art", KONTAKT_ARTEN.get(kontakt.art, kontakt.art)),
        ("Name", kontakt.name),
        ("Funktion", kontakt.funktion),
        ("Organisation", kontakt.organisation),
        ("Abteilung", kontakt.abteilung),
        ("Adresse", address.strip(", ") if kontakt.strasse or kontakt.ort else ""),
        ("Telefon", kontakt.telefon),
        ("E-Mail", kontakt.email),
        ("Webseite", kontakt.webseite),
        ("Notiz", kontakt.notiz),
        ("Veröffentlichen", "ja" if kontakt.oeffentlich else "nein (nur intern)"),
    ]
    return [(label, value) for label, value in fields if value]


def print_entry(entry_id: str, entry: Netzwerk | Angebot, registry: Registry) -> None:
    """``netz show``: labelled lines; bold labels on a terminal, plain text in a pipe."""
    blocks = [(f"{entry.name} ({entry_id})", entry_fields(entry))]
    for kontakt_id, kontakt in registry.kontakte_of(entry):
        blocks.append((f"Kontakt: {kontakt.display_name} ({kontakt_id})", kontakt_fields(kontakt)))
    print_blocks(blocks)


def print_kontakt(kontakt_id: str, kontakt: Kontakt, users: list[str]) -> None:
    """``netz kontakt show``: the contact's fields and the entries that use it."""
    fields = kontakt_fields(kontakt)
    fields.append(("Genutzt von", ", ".join(users) if users else "(keinem Eintrag)"))
    print_blocks([(f"{kontakt.display_name} ({kontakt_id})", fields)])


def print_blocks(blocks: list[tuple[str, Fields]]) -> None:
    """Titled blocks of labelled lines: Rich on a terminal, plain text in a pipe."""
    if is_terminal():
        _blocks_with_rich(blocks)
        return
    for position, (title, fields) in enumerate(blocks):
        if position:
            sys.stdout.write("\n")
        sys.stdout.write(title + "\n")
        for label, value in fields:
            sys.stdout.write(f"  {label}: {value}\n")


def _blocks_with_rich(blocks: list[tuple[str, Fields]]) -> None:
    from rich.markup import escape
    from rich.table import Table

    out = console()
    for title, fields in blocks:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        for label, value in fields:
            grid.add_row(label, escape(value))
        out.print(f"[bold underline]{escape(title)}[/]")
        out.print(grid)
        out.print()


def print_diff(before: str, after: str, filename: str) -> None:
    """What a change would do to the file, as a unified diff (for --dry-run)."""
    import difflib

    lines = difflib.unified_diff(before.splitlines(keepends=True),
                                 after.splitlines(keepends=True),
                                 fromfile=f"{filename} (vorher)", tofile=f"{filename} (nachher)")
    sys.stdout.writelines(lines)

"""The one place that renders results: Rich tables, tab-separated lines, JSON, diffs, notes.

A Rich table only when stdout is a terminal; in a pipe plain tab-separated lines without colour
or box drawing, so ``netz list | cut -f2`` works. Rich is imported only when a table is drawn.
At a terminal a long listing shows its first ``TERMINAL_ROWS`` rows and says what it left out;
``--alle`` shows all, through a pager when longer than the screen (``Listing``, ``paged``).
Notes and diagnostics go to stderr, so data on stdout stays clean. Text from the registry never
reaches the terminal raw: control and invisible characters (an escape sequence in a hand-edited
name) are shown as "\ufffd" (``text.printable``), in JSON as ``\\uXXXX``.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any, NamedTuple

from netzwerk_cli.model import (
    COMPUTED_FROM,
    KONTAKT_ARTEN,
    ROLLEN,
    Angebot,
    Kontakt,
    Mitglied,
    Netzwerk,
    Registry,
    art_label,
    derived_labels,
    stand_text,
)
from netzwerk_cli.text import json_escaped, message_text, printable

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from netzwerk_cli.gazetteer import SozialraumIndex

Row = list[Any]  # cells: text, or Rich ``Text`` on a terminal


def is_terminal() -> bool:
    """Whether stdout is a terminal (tables) or a pipe or file (plain lines)."""
    return sys.stdout.isatty()


def console(stderr: bool = False) -> Console:
    """A Rich console built when needed, so it sees the current terminal and NO_COLOR (while
    ``paged`` collects the output for a pager: its console)."""
    from rich.console import Console

    if _paging and not stderr:
        return _paging[-1]
    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def is_error_terminal() -> bool:
    """Whether stderr is a terminal (notes wrapped to its width) or a pipe or file (one line)."""
    return sys.stderr.isatty()


def note(text: str) -> None:
    """A note or diagnostic for the user on stderr: a long quoted value shortened; on a terminal
    wrapped at spaces to its width (no word, id, address, path or `command` broken), in a pipe
    one line."""
    text = message_text(text)
    if is_error_terminal():
        width = console(stderr=True).width
        text = "\n".join(wrapped for line in text.split("\n")
                         for wrapped in wrap(line.lstrip(), width, _indent_of(line)))
    print(text, file=sys.stderr, flush=True)


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """``text`` in lines of at most ``width`` characters, each beginning with ``indent``,
    broken at spaces only: a word, id, e-mail address, path or a `command` in backticks is
    never split – one longer than the line stands alone on its line and runs over."""
    import re
    import textwrap

    # A command in backticks stays on one line – its spaces don't count for wrapping – unless
    # it is longer than a line itself: then it breaks at its spaces like the words around it.
    room = max(width, 1) - len(indent)
    kept = re.sub(r"`[^`]*`", lambda m: m.group() if len(m.group()) > room
                  else m.group().replace(" ", "\x00"), text)
    lines = textwrap.wrap(kept, max(width, 1), initial_indent=indent, subsequent_indent=indent,
                          break_long_words=False, break_on_hyphens=False)
    return [line.replace("\x00", " ") for line in lines] or [indent.rstrip()]


def _indent_of(line: str) -> str:
    return line[:len(line) - len(line.lstrip())]


def hints(texts: list[str]) -> None:
    """Each hint as "Hinweis: …" on stderr."""
    for text in texts:
        note(f"Hinweis: {text}")


def print_json(data: Any) -> None:
    """Write JSON straight to stdout (not through Rich, which would wrap and colour it), a
    piece at a time (``serialize.dump_pieces``)."""
    from netzwerk_cli.serialize import dump_pieces

    with _reader_may_leave():
        for piece in dump_pieces(data):
            sys.stdout.write(json_escaped(piece))


def write_bytes(data: bytes) -> None:
    """An export's bytes to stdout, in the export's own encoding."""
    with _reader_may_leave():
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


@contextmanager
def _reader_may_leave() -> Iterator[None]:
    """A reader that stops early (``netz list --json | head``) ends the output quietly, as a
    table's does: the rest goes nowhere, the command ends as it would have (exit code 0, not
    the 1 that means "nothing found")."""
    try:
        yield
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        with suppress(OSError, ValueError):  # the flush at exit must not fail again
            os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


# --- Lines and tables ------------------------------------------------------------------------


def main_kontakt(entry: Netzwerk | Angebot, registry: Registry) -> str:
    """The first contact's name, the one to ask first."""
    kontakte = registry.kontakte_of(entry)
    return kontakte[0][1].display_name if kontakte else ""


def entry_row(entry_id: str, entry: Netzwerk | Angebot, registry: Registry) -> list[str]:
    """The columns of ``netz list`` and ``netz search``: id, name, kind, area, topics, contact."""
    if isinstance(entry, Netzwerk):
        art, area = art_label(entry.art), registry.area_text(entry)
    else:
        art, area = "Angebot", "stadtweit"
    return [entry_id, entry.name, art, area, ", ".join(entry.themen),
            main_kontakt(entry, registry)]


ENTRY_COLUMNS = ["ID", "Name", "Art", "Gebiet", "Themen", "Kontakt"]


def print_tsv(rows: list[Row]) -> None:
    """Tab-separated lines; tabs and line breaks inside a value become spaces."""
    lines = ("\t".join(printable(" ".join(str(cell).split())) for cell in row) + "\n"
             for row in rows)
    sys.stdout.write("".join(lines))


# --- Table layout: what stays whole, what wraps, what drops on a narrow terminal -------------


class Column(NamedTuple):
    """A table column: its heading, whether its values may wrap, and when it may be left out."""

    heading: str
    whole: bool = False  # values never wrap: ids, e-mail addresses, phone numbers
    drop: int = 0  # 0: always shown; 1, 2, …: left out in this order when the table is too wide
    slash: bool = False  # values may also break after "/" (a Sozialraum's long name)


class Part(NamedTuple):
    """One line of a stacked cell (a name with its id below, a contact with address and phone)."""

    text: str
    whole: bool = False  # never wrapped (ids, e-mail addresses, phone numbers)
    dim: bool = False


Stack = tuple[Part, ...]


class Plan(NamedTuple):
    """How a table fits a width: the columns shown and their widths (None: too narrow for
    even the unbreakable parts; then each row is shown as a block instead)."""

    shown: list[int]
    widths: list[int] | None


def _extent(cell: Any, whole: bool) -> tuple[int, int]:
    """A cell's narrowest width (its longest unbreakable part) and its widest (longest line)."""
    from rich.cells import cell_len

    parts = cell if isinstance(cell, tuple) else (Part(str(cell), whole),)
    least = most = 0
    for part in parts:
        for line in part.text.splitlines():
            most = max(most, cell_len(line))
            units = [line] if part.whole else line.split()
            least = max([least, *(cell_len(unit) for unit in units)])
    return least, most


def _slash_extent(cell: Any) -> tuple[int, int]:
    """``_extent`` of a cell that may also break after a "/" (``wrap_at_slash``)."""
    from rich.cells import cell_len

    if isinstance(cell, tuple):  # a stack: its whole parts as they are, the others may break
        extents = [_extent(part.text, True) if part.whole else _slash_extent(part.text)
                   for part in cell]
        return max((e[0] for e in extents), default=0), max((e[1] for e in extents), default=0)
    if not isinstance(cell, str):
        return _extent(cell, False)
    return (max((cell_len(unit) for unit in _slash_units(cell)), default=0),
            max((cell_len(line) for line in cell.splitlines()), default=0))


def _slash_wrapped(cell: Any, width: int) -> Any:
    """A cell of a column that may break after "/", broken to ``width`` (``wrap_at_slash``):
    a text, or the parts of a stack that are not whole."""
    if isinstance(cell, str):
        return wrap_at_slash(cell, width)
    if isinstance(cell, tuple):
        return tuple(part if part.whole else part._replace(text=wrap_at_slash(part.text, width))
                     for part in cell)
    return cell


def _slash_units(text: str) -> list[str]:
    """The unbreakable parts of a text that may break at spaces and after "/", each line's
    indent kept on its first part ("  Wehringhausen-Ost/", "West/", "Villa", "Post")."""
    import re

    units = []
    for line in text.splitlines():
        indent = _indent_of(line)
        pieces = [piece for word in line.split() for piece in re.findall(r"[^/]*/|[^/]+", word)]
        if pieces:
            pieces[0] = indent + pieces[0]
        units += pieces
    return units


def wrap_at_slash(text: str, width: int) -> str:
    """``text`` broken into lines of at most ``width`` at spaces and after "/" – "Sozialraum
    Wehringhausen-Ost/West/Villa Post" in a narrow column – each line's indent kept; a part
    longer than the width stands alone."""
    import re

    from rich.cells import cell_len

    lines = []
    for line in text.splitlines() or [""]:
        indent = _indent_of(line)
        current = indent
        for word in line.split():
            for position, piece in enumerate(re.findall(r"[^/]*/|[^/]+", word)):
                joined = current + (" " if position == 0 and current.strip() else "") + piece
                if current.strip() and cell_len(joined) > width:
                    lines.append(current)
                    current = indent + piece
                else:
                    current = joined
        lines.append(current)
    return "\n".join(lines)


def _table_width(widths: list[int]) -> int:
    """The width of a Rich table with these column widths: a space either side, and rules."""
    return sum(widths) + 3 * len(widths) + 1


def layout(columns: list[Column], rows: list[Row], width: int) -> Plan:
    """Fit a table into ``width`` columns without breaking what must stay whole.

    Every column gets at least its longest unbreakable part (an id, an e-mail address, a
    phone number, the longest word); while that is still too wide, the optional columns are
    left out in their ``drop`` order. The space left over goes to the columns that wrap.
    """
    extents = [[_slash_extent(row[i]) if column.slash else _extent(row[i], column.whole)
                for row in rows]
               + [_extent(column.heading, column.whole)] for i, column in enumerate(columns)]
    least = [max(e[0] for e in column) for column in extents]
    most = [max(e[1] for e in column) for column in extents]
    shown = list(range(len(columns)))
    if _table_width(most) <= width:
        return Plan(shown, most)
    optional = sorted((i for i, c in enumerate(columns) if c.drop), key=lambda i: columns[i].drop)
    for index in optional:
        if _table_width([least[i] for i in shown]) <= width:
            break
        shown.remove(index)
    if _table_width([least[i] for i in shown]) > width:
        return Plan(shown, None)  # no table fits: the caller shows a block per row
    if _table_width([most[i] for i in shown]) <= width:
        return Plan(shown, [most[i] for i in shown])
    widths = [least[i] for i in shown]
    room = [most[i] - least[i] for i in shown]
    spare = width - _table_width(widths)
    for position, extra in enumerate(room):
        widths[position] += spare * extra // sum(room)
    for position in sorted(range(len(shown)), key=lambda p: -room[p]):
        if _table_width(widths) < width and widths[position] < most[shown[position]]:
            widths[position] += 1
    return Plan(shown, widths)


def _printable_rows(rows: list[Row]) -> list[Row]:
    """The rows with every control or invisible character shown as U+FFFD (``printable``),
    before the layout measures them."""
    return [[_printable_cell(cell) for cell in row] for row in rows]


def _printable_cell(cell: Any) -> Any:
    if isinstance(cell, tuple):
        return tuple(part._replace(text=printable(part.text)) for part in cell)
    if isinstance(cell, str):
        return printable(cell)
    if hasattr(cell, "plain"):  # Rich Text: one character for one, the styles stay in place
        cell.plain = printable(cell.plain)
    return cell


def _rich_cell(cell: Any) -> Text:
    """A cell as Rich text; registry text is data, never Rich markup."""
    from rich.text import Text

    if isinstance(cell, Text):
        return cell
    if not isinstance(cell, tuple):
        return Text(cell)
    text = Text()
    for position, part in enumerate(cell):
        text.append(("\n" if position else "") + part.text, style="dim" if part.dim else "")
    return text


def print_table(title: str, columns: Sequence[Column | str], rows: list[Row],
                fit: list[Row] | None = None) -> None:
    """A Rich table on the terminal, laid out by ``layout`` for the terminal's width (for the
    rows ``fit`` when given, so that tables drawn one below the other line up)."""
    from rich.table import Table

    specs = [c if isinstance(c, Column) else Column(c) for c in columns]
    rows = _printable_rows(rows)
    out = console()
    plan = layout(specs, rows if fit is None else _printable_rows(fit), out.width)
    if plan.widths is None:  # no table keeps the ids and addresses whole: a block per row
        _print_row_blocks(out, printable(title), [specs[i] for i in plan.shown],
                          [[row[i] for i in plan.shown] for row in rows])
        return
    table = Table(title=printable(title), title_justify="left")
    for position, index in enumerate(plan.shown):
        table.add_column(specs[index].heading, no_wrap=specs[index].whole, overflow="fold",
                         width=plan.widths[position])
    for row in rows:
        table.add_row(*(_rich_cell(_slash_wrapped(row[index], plan.widths[position])
                                   if specs[index].slash else row[index])
                        for position, index in enumerate(plan.shown)))
    out.print(table)


def _print_row_blocks(out: Console, title: str, columns: list[Column], rows: list[Row]
                      ) -> None:
    """The rows of a table too narrow for its ids and addresses, as blocks like `netz show`:
    the first column's lines (a name, its id below), then each other column as a labelled
    line. Text wraps at spaces; ids, addresses and phone numbers stay whole."""
    from rich.text import Text

    width = out.width
    label_width = max((len(c.heading) for c in columns[1:]), default=0)
    text = Text()
    text.append(title, style="bold")
    for row in rows:
        text.append("\n")
        for position, part in enumerate(_parts(row[0], columns[0].whole)):
            for line in _part_lines(part, width):
                text.append("\n")
                text.append(line, style="dim" if part.dim else "" if position else "bold")
        for column, cell in zip(columns[1:], row[1:], strict=True):
            parts = [p for p in _parts(cell, column.whole) if p.text.strip()]
            if parts:
                text.append("\n")
                text.append_text(_labelled(column.heading, label_width, parts, width, "  "))
    out.print(text, soft_wrap=True)
    out.print()


def _parts(cell: Any, whole: bool) -> tuple[Part, ...]:
    """A cell as its parts: a stack as it is, any other value as one part."""
    if isinstance(cell, tuple):
        return cell
    return (Part(getattr(cell, "plain", str(cell)), whole),)


def _part_lines(part: Part, width: int) -> list[str]:
    """A part's lines: its own line breaks kept, text wrapped at spaces, whole parts as they
    are."""
    lines = part.text.split("\n")
    if part.whole:
        return lines
    return [wrapped for line in lines for wrapped in wrap(line, width)]


def _labelled(label: str, label_width: int, parts: Sequence[Part], width: int,
              indent: str = "") -> Text:
    """A labelled value: the label, then the value wrapped beside it. A value with a word too
    long for the space beside the label (a long e-mail address) goes on the lines below,
    indented, where it fits better; it is never split."""
    from rich.cells import cell_len
    from rich.text import Text

    beside = len(indent) + label_width + 2
    lines = [(line, part.dim) for part in parts for line in _part_lines(part, width - beside)]
    longest = max(cell_len(line) for line, _ in lines)
    # Below the label: indented by four, or less when that lets the value fit.
    below = indent + " " * max(0, min(4, width - len(indent) - longest))
    if longest > width - len(below):
        below = indent + "    "  # runs over anyway
    text = Text(indent)
    text.append(label.ljust(label_width) if label_width else label, style="bold")
    if longest > width - beside and len(below) < beside:
        lines = [(line, part.dim) for part in parts
                 for line in _part_lines(part, width - len(below))]
        for line, dim in lines:
            text.append("\n" + below)
            text.append(line, style="dim" if dim else "")
        return text
    for position, (line, dim) in enumerate(lines):
        text.append("  " if position == 0 else "\n" + " " * beside)
        text.append(line, style="dim" if dim else "")
    return text


# The table of ``netz list`` and ``netz search`` (their --help says what drops first).
ENTRY_TABLE = [Column("Name / ID", slash=True), Column("Art", drop=2),
               Column("Gebiet", slash=True),
               Column("Themen", drop=1), Column("Kontakt")]


def print_entries(title: str, rows: list[list[str]], fit: list[list[list[str]]] | None = None,
                  listing: Listing | None = None) -> None:
    """Rows of ``entry_row``: a table on a terminal (id under the name), else plain lines.

    ``fit``: the rows of all tables shown together, table by table, so they keep the same
    columns and widths. ``listing``: cut a long one at a terminal (``shown_rows``).
    """
    if not is_terminal():
        print_tsv(rows)
        return

    def table_rows(entries: list[list[str]]) -> list[Row]:
        return [[name_and_id(name, entry_id), *rest] for entry_id, name, *rest in entries]

    shown = shown_rows(rows, listing)
    fit_rows = [row for table in fit for row in shown_rows(table, listing)] if fit else None
    with paged(listing):
        print_table(title, ENTRY_TABLE, table_rows(shown),
                    table_rows(fit_rows) if fit_rows else None)
    note_left_out(len(shown), len(rows), listing)


def name_and_id(name: str, entry_id: str) -> Stack:
    """A name that may wrap, its id below it in one piece."""
    return (Part(name), Part(entry_id, whole=True, dim=True))


def print_rows(title: str, columns: Sequence[Column | str], rows: list[Row],
               table_rows: list[Row] | None = None, listing: Listing | None = None) -> None:
    """A table on a terminal (of ``table_rows`` when given), tab-separated lines elsewhere.

    ``listing``: a command's listing with --alle, cut at a terminal when long (``shown_rows``);
    without it (`netz bezirke`, `netz info`) the table is always whole.
    """
    if not is_terminal():
        print_tsv(rows)
        return
    shown = shown_rows(rows if table_rows is None else table_rows, listing)
    with paged(listing):
        print_table(title, columns, shown)
    note_left_out(len(shown), len(rows), listing)


# --- Long listings at a terminal: the first rows, what was left out, --alle and a pager ------

# At a terminal a listing shows at most this many rows, as `gh issue list` shows 30. A fixed
# number rather than the window's height: the same command shows the same rows in any window,
# the registry of a city (the shipped one: 22 networks, 9 contacts) and a district's share of
# it stay whole, and the note on what was left out ends the output, in view. Only these rows
# are laid out and drawn, so the table costs the same for 100 or 100,000 rows.
TERMINAL_ROWS = 50


class Listing(NamedTuple):
    """A command's listing, cut at a terminal unless ``show_all`` (--alle): what its rows are,
    in the dative plural ("die ersten 50 von 10.022 Netzwerken"), and how to narrow it."""

    show_all: bool
    of_what: str
    narrow: str = ""


def shown_rows(rows: list[Row], listing: Listing | None) -> list[Row]:
    """The rows a terminal shows: all of a short listing, with --alle or without a listing,
    else the first ``TERMINAL_ROWS``."""
    if listing is None or listing.show_all:
        return rows
    return rows[:TERMINAL_ROWS]


def note_left_out(shown: int, total: int, listing: Listing | None) -> None:
    """Below a cut listing: how many rows were left out, how to see all and how to narrow."""
    if listing is None or shown >= total:
        return
    narrow = f"; eingrenzen: {listing.narrow}" if listing.narrow else ""
    note(f"… {_number(total - shown)} nicht gezeigt: die ersten {_number(shown)} von "
         f"{_number(total)} {listing.of_what} stehen oben. Alle zeigen: --alle{narrow}.")


def _number(number: int) -> str:
    """10022 as "10.022"."""
    return f"{number:,}".replace(",", ".")


_paging: list[Console] = []  # the console collecting output for a pager, while ``paged`` runs


@contextmanager
def paged(listing: Listing | None) -> Iterator[None]:
    """With --alle at a terminal, what is drawn inside goes through a pager when it is longer
    than the screen, as in git: NETZ_PAGER, else PAGER, else less where there is one (an empty
    value or "cat": none). Without a pager, or one that does not start, it is printed."""
    pager = None
    if listing is not None and listing.show_all and not _paging and is_terminal():
        pager = _pager()
    if pager is None:  # drawn straight to the terminal, as without --alle
        yield
        return
    from rich.console import Console

    out = Console(highlight=False, soft_wrap=False)
    out.begin_capture()
    _paging.append(out)
    try:
        yield
    except BaseException:
        _paging.pop()
        sys.stdout.write(out.end_capture())  # what was drawn before the error, as it is
        raise
    _paging.pop()
    text = out.end_capture()
    if text.count("\n") < out.height:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        _page(text, *pager)


def _pager() -> tuple[list[str], str] | None:
    """The pager's command line and the variable that named it ("" for less); None for none."""
    import os
    import shlex
    import shutil

    for variable in ("NETZ_PAGER", "PAGER"):
        if variable in os.environ:
            value = os.environ[variable]
            break
    else:
        variable, value = "", "less" if shutil.which("less") else ""
    try:
        words = shlex.split(value, posix=os.name != "nt")
    except ValueError:  # unbalanced quotes: it will not start, and the note says so
        words = [value]
    return None if words in ([], ["cat"]) else (words, variable)


def _page(text: str, words: list[str], variable: str) -> None:
    """``text`` through the pager; printed directly when the pager does not start."""
    import os
    import signal
    import subprocess

    # git's defaults for less: leave at once when it fits, keep colours, don't clear the screen
    env = {"LESS": "FRX", "LV": "-c"} | dict(os.environ)
    sys.stdout.flush()
    try:
        process = subprocess.Popen(words, stdin=subprocess.PIPE, env=env)
    except OSError:
        named = f" ({variable})" if variable else ""
        note(f"Der Pager „{' '.join(words)}“{named} lässt sich nicht starten; die Liste folgt "
             "ohne Pager.")
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:  # Ctrl-C belongs to the pager while it runs (as in git)
        interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread
        interrupt = None
    try:
        process.communicate(text.encode(sys.stdout.encoding or "utf-8", "replace"))
    finally:
        if interrupt is not None:
            signal.signal(signal.SIGINT, interrupt)


def print_paragraphs(paragraphs: list[tuple[str, str]]) -> None:
    """Lines of prose, each with its indent: on a terminal wrapped at spaces to its width (the
    indent repeated, no word, id or `command` broken), in a pipe one line each."""
    if not is_terminal():  # one line each: made printable and written in one piece
        sys.stdout.write(printable("".join(f"{indent}{text}\n" for indent, text in paragraphs)))
        return
    width = console().width
    for indent, raw in paragraphs:
        text = printable(raw)
        if width and text and len(indent) + len(text) > width:
            sys.stdout.write("\n".join(wrap(text, width, indent)) + "\n")
        else:
            sys.stdout.write(f"{indent}{text}\n")


# --- One entry in full -----------------------------------------------------------------------

Fields = list[tuple[str, str]]


def entry_fields(entry: Netzwerk | Angebot, registry: Registry | None = None) -> Fields:
    """The labelled fields of ``netz show``, empty ones left out."""
    fields: Fields = [("Name", entry.name)]
    if isinstance(entry, Netzwerk):
        fields += [("Art", art_label(entry.art)),
                   ("Gebiet", registry.area_text(entry) if registry else entry.area_text)]
        index = registry.sozialraum_index() if registry is not None else None
        fields += sozialraum_fields(entry, index)
        bezirke = entry.stadtbezirke(index)
        if bezirke and bezirke != entry.bezirke:
            fields.append(("Stadtbezirk", ", ".join(bezirke)))
    else:
        fields.append(("Art", "Angebot (stellt sich bei Netzwerktreffen vor)"))
    fields += [
        ("Themen", ", ".join(entry.themen)),
        ("Zielgruppen", ", ".join(entry.zielgruppen)),
        ("Treffen", _rhythm_text(entry) if isinstance(entry, Netzwerk) else ""),
        ("Webseite", entry.webseite),
        ("Notiz", entry.notiz),
        ("Stand", stand_text(entry.stand, bool(derived_labels(entry)),
                             registry.quelle if registry is not None else "")),
    ]
    return _marked([(label, value) for label, value in fields if value], entry)


# After a derived value; the reasons are listed in the block „Herkunft“.
DERIVED_MARK = " (abgeleitet)"


def _marked(fields: Fields, entry: Netzwerk | Angebot | Kontakt) -> Fields:
    """The fields with each derived value marked, also a value computed from one (the
    Stadtbezirk of a derived area)."""
    derived = derived_labels(entry)
    if not derived:
        return fields
    return [(label, value + (DERIVED_MARK if label in derived
                             or COMPUTED_FROM.get(label) in derived else ""))
            for label, value in fields]


def herkunft_fields(entry: Netzwerk | Angebot | Kontakt) -> Fields:
    """The block „Herkunft“: the quotes the entry rests on, another source, each derived value
    with its reason, and what the source leaves open."""
    herkunft = entry.herkunft
    fields: Fields = [("Zitat", f"„{quote}“") for quote in herkunft.get("zitat", [])]
    if herkunft.get("quelle"):
        fields.append(("Weitere Quelle", herkunft["quelle"]))
    fields += [(f"Abgeleitet ({label})", reason)
               for label, reason in derived_labels(entry).items()]
    if herkunft.get("notiz"):
        fields.append(("Hinweis", herkunft["notiz"]))
    return fields


# A label that shows a list item: written "  • text" in a pipe.
BULLET = "•"


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
    return _marked([(label, value) for label, value in fields if value], kontakt)


def role_label(rolle: str) -> str:
    """"Koordination", "Vorbereitungskreis", or "Mitglied" for a member without a role."""
    return ROLLEN.get(rolle, "Mitglied")


def membership_text(mitglied: Mitglied) -> str:
    """"Koordination, seit 2024-01": a membership in words."""
    role = ROLLEN.get(mitglied.rolle, "ohne besondere Rolle")
    dates = [f"seit {mitglied.seit}" if mitglied.seit else "", f"bis {mitglied.bis}"
             if mitglied.bis else ""]
    return ", ".join(filter(None, [role, *dates]))


def member_fields(entry_id: str, registry: Registry) -> Fields:
    """The members in ``netz show``: coordinators, the Vorbereitungskreis with its term, and
    how many members there are (nothing for a network without members)."""
    from netzwerk_cli import clock
    from netzwerk_cli.members import members_of, term_expired

    found = members_of(registry, entry_id)
    if not found:
        return []
    today = clock.today()
    koordination = [f"{k.display_name} ({i})" for i, k, m in found if m.rolle == "koordination"]
    kreis = [f"{k.display_name} ({i})" + (f" bis {m.bis}" if m.bis else "")
             + (" – abgelaufen" if term_expired(m, today) else "")
             for i, k, m in found if m.rolle == "vorbereitungskreis"]
    return [(label, value) for label, value in (
        ("Koordination", ", ".join(koordination)), ("Vorbereitungskreis", "; ".join(kreis)),
        ("Mitglieder", f"{len(found)} (`netz mitglied list {entry_id}`)")) if value]


def meeting_fields(entry_id: str, registry: Registry) -> Fields:
    """The meetings in ``netz show``: the next one (from today on) and how many there are
    (nothing for a network without meetings)."""
    from netzwerk_cli import clock
    from netzwerk_cli.meetings import meetings_of, next_meeting, ort_text, termin_text

    found = meetings_of(registry, entry_id)
    if not found:
        return []
    upcoming = next_meeting(registry, entry_id, clock.today())
    fields = [("Nächstes Treffen", f"{termin_text(upcoming[1])}, {ort_text(registry, upcoming[1])}"
                                   f" ({upcoming[0]})" if upcoming else "keines geplant")]
    return [*fields, ("Alle Treffen", f"{len(found)} (`netz treffen list {entry_id}`)")]


def sozialraum_fields(entry: Netzwerk, index: SozialraumIndex | None) -> Fields:
    """Each Sozialraum of a network's area with its Orte and where it is defined."""
    from netzwerk_cli.gazetteer import sozialraum_index
    from netzwerk_cli.text import key

    index = sozialraum_index() if index is None else index
    fields: Fields = []
    for name in entry.sozialraeume:
        raum = index.get(key(name))
        if raum is not None:
            quelle = f" (Quelle: {raum.quelle})" if raum.quelle else ""
            fields.append(("Sozialraum",
                           f"{raum.name}: {', '.join(o.name for o in raum.orte)}{quelle}"))
    return fields


def print_entry(entry_id: str, entry: Netzwerk | Angebot, registry: Registry) -> None:
    """``netz show``: labelled lines; bold labels on a terminal, plain text in a pipe."""
    fields = entry_fields(entry, registry)
    anmerkung = registry.anmerkung(entry)
    if anmerkung:
        fields.append(("Anmerkung", anmerkung))
    if isinstance(entry, Netzwerk):
        fields += member_fields(entry_id, registry) + meeting_fields(entry_id, registry)
    blocks = [(f"{entry.name} ({entry_id})", fields)]
    if isinstance(entry, Netzwerk) and entry.arbeitsweise:
        blocks.append(("Arbeitsweise", [(BULLET, item) for item in entry.arbeitsweise]))
    if entry.herkunft:
        blocks.append(("Herkunft", herkunft_fields(entry)))
    for kontakt_id, kontakt in registry.kontakte_of(entry):
        kontakt_block = kontakt_fields(kontakt)
        kontakt_block += [(label, reason) for label, reason in herkunft_fields(kontakt)
                          if label.startswith("Abgeleitet") or label == "Hinweis"]
        blocks.append((f"Kontakt: {kontakt.display_name} ({kontakt_id})", kontakt_block))
    print_blocks(blocks)


def print_kontakt(kontakt_id: str, kontakt: Kontakt, users: list[str],
                  registry: Registry | None = None) -> None:
    """``netz kontakt show``: the contact's fields and the entries that use it; with the
    registry also the organisation it belongs to, who belongs to it, and its memberships."""
    fields = kontakt_fields(kontakt)
    fields.append(("Genutzt von", ", ".join(users) if users else "(keinem Eintrag)"))
    if registry is not None:
        fields += _belonging_fields(kontakt_id, kontakt, registry)
    blocks = [(f"{kontakt.display_name} ({kontakt_id})", fields)]
    if kontakt.herkunft:
        blocks.append(("Herkunft", herkunft_fields(kontakt)))
    print_blocks(blocks)


def _belonging_fields(kontakt_id: str, kontakt: Kontakt, registry: Registry) -> Fields:
    from netzwerk_cli.members import memberships_of, people_of

    def named(other_id: str) -> str:
        return f"{registry.kontakte[other_id].display_name} ({other_id})"

    memberships = [f"{registry.netzwerke[n].name} ({n})"
                   + (f" – {ROLLEN[m.rolle]}" if m.rolle else "")
                   + (f" bis {m.bis}" if m.bis else "")
                   for n, m in memberships_of(registry, kontakt_id)]
    fields = [("Gehört zu", named(kontakt.gehoert_zu) if kontakt.gehoert_zu in registry.kontakte
               else ""),
              ("Dazu gehören", ", ".join(map(named, people_of(registry, kontakt_id)))),
              ("Mitglied in", "; ".join(memberships))]
    return [(label, value) for label, value in fields if value]


def print_blocks(blocks: list[tuple[str, Fields]]) -> None:
    """Titled blocks of labelled lines: Rich on a terminal, plain text in a pipe."""
    if is_terminal():
        _blocks_with_rich(blocks)
        return
    for position, (title, fields) in enumerate(blocks):
        if position:
            sys.stdout.write("\n")
        sys.stdout.write(printable(title) + "\n")
        for label, value in fields:
            shown = f"{label} {value}" if label == BULLET else f"{label}: {value}"
            sys.stdout.write(printable(f"  {shown}\n"))


def _blocks_with_rich(blocks: list[tuple[str, Fields]]) -> None:
    """Each block: its title, then the labelled values wrapped at spaces beside the labels;
    nothing is split inside a word, and a long e-mail address or id runs over the line rather
    than being folded."""
    from rich.text import Text

    out = console()
    width = out.width
    for title, fields in blocks:
        text = Text()
        for position, line in enumerate(wrap(printable(title), width)):
            text.append(("\n" if position else "") + line, style="bold underline")
        label_width = max((len(label) for label, _ in fields), default=0)
        for label, value in fields:
            text.append("\n")
            text.append_text(_labelled(label, label_width, [Part(printable(value))], width))
        out.print(text, soft_wrap=True)
        out.print()


def print_diff(before: str | bytes, after: str | bytes, filename: str) -> None:
    """What a change would do to the file (its text or UTF-8 bytes), as a unified diff (for
    --dry-run); Windows line ends are shown as plain ones, so no stray carriage returns.

    Only the lines from a little before the first difference to a little after the last are
    decoded and compared: difflib on the whole of a large registry takes seconds for a one-line
    change, and its text as lines would take more memory than the write it previews.
    """
    import difflib

    old, new = (c.encode("utf-8") if isinstance(c, str) else c for c in (before, after))
    first = _context_start(old, _common_start(old, new))
    kept_end = _context_end(old, len(old) - _common_end(old, new, first))
    old_lines, new_lines = (
        part.decode("utf-8").replace("\r\n", "\n").splitlines(keepends=True)
        for part in (old[first:kept_end], new[first:len(new) - (len(old) - kept_end)]))
    diff = difflib.unified_diff(old_lines, new_lines, fromfile=f"{filename} (vorher)",
                                tofile=f"{filename} (nachher)", n=_DIFF_CONTEXT)
    offset = old.count(b"\n", 0, first)
    sys.stdout.writelines(printable(_shifted(line, offset)) for line in diff)


_DIFF_CONTEXT = 3
_HUNK = re.compile(r"@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@")
_BLOCK = 1 << 16


def _common_start(old: bytes, new: bytes) -> int:
    """How many bytes at the start of ``old`` and ``new`` are the same (a block at a time)."""
    limit, same = min(len(old), len(new)), 0
    old_view, new_view = memoryview(old), memoryview(new)
    while same < limit and old_view[same:same + _BLOCK] == new_view[same:same + _BLOCK]:
        same += _BLOCK
    same = min(same, limit)
    while same < limit and old[same] == new[same]:
        same += 1
    return same


def _common_end(old: bytes, new: bytes, start: int) -> int:
    """How many bytes at the end of ``old`` and ``new`` are the same, none before ``start``."""
    limit, same = min(len(old), len(new)) - start, 0
    old_view, new_view = memoryview(old), memoryview(new)
    while same + _BLOCK <= limit and (old_view[len(old) - same - _BLOCK:len(old) - same]
                                      == new_view[len(new) - same - _BLOCK:len(new) - same]):
        same += _BLOCK
    while same < limit and old[-same - 1] == new[-same - 1]:
        same += 1
    return same


def _context_start(data: bytes, position: int) -> int:
    """The start of the line ``position`` is in, ``_DIFF_CONTEXT`` lines further back."""
    start = data.rfind(b"\n", 0, position) + 1
    for _ in range(_DIFF_CONTEXT):
        if start:
            start = data.rfind(b"\n", 0, start - 1) + 1
    return start


def _context_end(data: bytes, position: int) -> int:
    """The end of the line before ``position`` (the last differing byte's line), then
    ``_DIFF_CONTEXT`` lines further on."""
    end = position
    if end and data[end - 1:end] != b"\n":
        end = data.find(b"\n", end)
        end = len(data) if end == -1 else end + 1
    for _ in range(_DIFF_CONTEXT):
        if end < len(data):
            found = data.find(b"\n", end)
            end = len(data) if found == -1 else found + 1
    return end


def _shifted(line: str, offset: int) -> str:
    """A diff line; a hunk header's line numbers counted from ``offset`` lines further on."""
    hunk = _HUNK.match(line)
    if hunk is None or not offset:
        return line
    old_start, old_length, new_start, new_length = hunk.groups()
    return (f"@@ -{int(old_start) + offset}{old_length or ''} "
            f"+{int(new_start) + offset}{new_length or ''} @@{line[hunk.end():]}")


def _rhythm_text(netzwerk: Netzwerk) -> str:
    """The meeting rhythm in words; meetings.py is imported only by ``show``, not by listings."""
    from netzwerk_cli.meetings import rhythm_text

    return rhythm_text(netzwerk)

"""``netz merge``: git's merge driver for the registry, entry by entry and field by field."""


from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from netzwerk_cli.cli.app import command, new_group
from netzwerk_cli.registry import FILENAME

if TYPE_CHECKING:
    from netzwerk_cli.merge import MergeResult

group = new_group()


def _argument(help_text: str, metavar: str) -> object:
    return typer.Argument(metavar=metavar, help=help_text, show_default=False, dir_okay=False)


@command("merge", group)
def merge(
    base: Annotated[Path, _argument("Die gemeinsame Ausgangsfassung (von git: %O).", "BASE")],
    ours: Annotated[Path, _argument("Die eigene Fassung (%A); hierhin wird das Ergebnis "
                                   "geschrieben.", "OURS")],
    theirs: Annotated[Path, _argument("Die andere Fassung (%B).", "THEIRS")],
    name: Annotated[str, typer.Argument(
        metavar="PFAD", show_default=False,
        help="Wahlweise der Pfad der Datei im Repository (%P), für Meldungen.")] = FILENAME,
) -> None:
    """Zwei Fassungen des Registers zusammenführen – als Merge-Treiber für git.

    Führt ein Team sein Register in git, ruft git diesen Befehl beim Zusammenführen auf: netz
    vergleicht Eintrag für Eintrag und Feld für Feld. Neue, gelöschte und geänderte Einträge
    beider Seiten werden übernommen, auch wenn ihre IDs in der Datei nebeneinander stehen;
    Listen wie Themen und Kontakte, die beide Seiten ergänzt haben, werden vereinigt. Das
    Ergebnis wird geprüft wie jede Änderung und in fester Ordnung nach OURS geschrieben.
    Rückgabewert 0: zusammengeführt. Rückgabewert 1: ein Konflikt (ein Feld auf beiden
    Seiten verschieden geändert, ein Eintrag gelöscht und zugleich geändert) – dann stehen
    Konfliktmarken nur um diese Felder; oder eine Fassung ist kein gültiges TOML – dann bleibt
    die Datei, wie git sie übergeben hat.

    Einrichten – im Repository die Datei `.gitattributes` mit der Zeile
    `networks.toml merge=netz` einchecken und in jedem Klon einmal
    `git config merge.netz.driver "netz merge %O %A %B"` aufrufen.
    """
    from netzwerk_cli.merge import merge_registry
    from netzwerk_cli.registry import (
        BYTE_ORDER_MARK,
        read_registry_bytes,
        read_registry_text,
        registry_text,
    )
    from netzwerk_cli.storage import write_atomic

    ours_data = read_registry_bytes(ours)
    base_text, theirs_text = (read_registry_text(p) for p in (base, theirs))
    ours_text = registry_text(ours_data, ours)
    result = merge_registry(base_text, ours_text, theirs_text, path=name)
    # Keep the line endings and a byte order mark of the version git checked out (CRLF and a
    # mark in some Windows repositories).
    merged = result.text.replace("\n", "\r\n") if "\r\n" in ours_text else result.text
    mark = BYTE_ORDER_MARK if ours_data.startswith(BYTE_ORDER_MARK) else b""
    write_atomic(ours, mark + merged.encode("utf-8"))
    _comments_note(ours_text, theirs_text, name)
    if not result.clean:
        _report(result)
        raise typer.Exit(1)


def _comments_note(ours_text: str, theirs_text: str, name: str) -> None:
    """Say once, as every write does, that comments of a side are not in the merged file, and
    where git still has them."""
    from netzwerk_cli.cli.render import note
    from netzwerk_cli.storage import drops_comments

    ours_has, theirs_has = drops_comments(ours_text), drops_comments(theirs_text)
    if not (ours_has or theirs_has):
        return
    where = []
    if ours_has:
        where.append(f"die eigene Fassung (`git show ORIG_HEAD:{name}`)")
    if theirs_has:
        where.append(f"die andere Fassung (`git show MERGE_HEAD:{name}`, nach dem "
                     f"Merge-Commit `git show HEAD^2:{name}`)")
    verb = "enthält" if len(where) == 1 else "enthalten"
    note("Hinweis: Die Kommentare der Datei wurden nicht übernommen (netz schreibt sie in fester "
         f"Ordnung); {' und '.join(where)} {verb} sie noch.")


def _report(result: "MergeResult") -> None:
    """What a person has to resolve, on stderr (git shows it during `git merge`)."""
    from netzwerk_cli.cli.render import note

    for conflict in result.conflicts:
        where = conflict.entry or "oberste Ebene"
        if conflict.field:
            note(f"Konflikt: {where}, Feld „{conflict.field}“ – auf beiden Seiten verschieden "
                 "geändert.")
        else:
            note(f"Konflikt: {where} – auf einer Seite gelöscht, auf der anderen geändert.")
    if result.conflicts:
        note("Konfliktmarken (<<<<<<< ours, =======, >>>>>>> theirs) stehen nur um diese "
             "Stellen. Je Stelle eine Fassung behalten, die Markierungszeilen löschen, dann "
             "`netz check` und `git add`.")
    if result.problems:
        note("Zusammengeführt, aber so würde netz das Register nicht speichern:")
        for problem in result.problems:
            note(f"  - {problem}")
        note("Bitte in der Datei korrigieren, dann `netz check` und `git add`.")

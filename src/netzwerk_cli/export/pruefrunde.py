"""The yearly check round's letters (``netz faellig --anschreiben``): one request per
Ansprechpartner (``check.RoundRequest``), as an ``.eml`` draft or as plain text.

A letter shows each entry exactly as the published list does: the data comes from
``html.published_entry`` – the one place that decides what is public (only publishable
contacts, members as a count) –, the words from ``templates/pruefanfrage.txt.j2``. So a private
contact's phone or a member's name never reaches anyone's letter. Give it the registry as
``selection.exportable`` returns it: every one-line value on one line, so no name can add a
header line to a draft.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from netzwerk_cli.check import RoundRequest
from netzwerk_cli.export import eml
from netzwerk_cli.export.html import published_entry
from netzwerk_cli.export.meeting_facts import render_template
from netzwerk_cli.export.selection import Recipient, one_line
from netzwerk_cli.model import ID_PATTERN, Kontakt, Registry
from netzwerk_cli.text import slug

SUBJECT = "Bitte prüfen: Ihre Einträge im Verzeichnis"
# Between the entries of a letter: a line of plain characters, for mail and paper alike.
LINE = "-" * 60


class Letter(NamedTuple):
    """The request as a draft, and whether it goes by e-mail (else: by phone or post)."""

    request: RoundRequest
    draft: eml.Draft

    @property
    def text(self) -> str:
        """The letter's text, without address and subject."""
        return self.draft.text


def letter(registry: Registry, request: RoundRequest) -> Letter:
    """The letter asking ``request``'s contact to check its due entries."""
    titel = one_line(registry.titel) or "Sozialraum-Netzwerke"
    eintraege = [published_entry(registry, entry_id, registry.entry(entry_id))
                 for entry_id in request.entry_ids]
    kontakte = [registry.kontakte[k] for k in request.kontakt_ids]
    text = reflow(render_template(
        "pruefanfrage.txt.j2", autoescape=False, titel=titel, eintraege=eintraege,
        anrede=request.kontakt.name if request.kontakt.art == "person" else "",
        per_email=bool(request.email), ids=request.entry_ids, linie=LINE,
        nicht_oeffentlich=not all(k.oeffentlich for k in kontakte)))
    to = [Recipient(request.email, request.kontakt.display_name, request.kontakt.organisation,
                    tuple(e["name"] for e in eintraege))] if request.email else []
    return Letter(request, eml.Draft(subject=f"{SUBJECT} „{titel}“", text=text, to=to))


# The longest line of a letter, as mail programs wrap plain text (RFC 3676 suggests 78).
WIDTH = 76
# A line that continues under its start: a list item ("- …"), a field ("Kontakt: …").
_HANGING = re.compile(r"- |[^\s:][^:]{0,40}: ")
# A blank inside a number ("0 23 31 / 4 42 34", "02331 207-3608"): never a line break.
_IN_NUMBER = re.compile(r"(?<=[\d/]) (?=[\d/])")
_KEPT = "\x00"
# A command to be copied (``netz verify …``): indented by four spaces in the template.
_COMMAND = "    "


def reflow(text: str, width: int = WIDTH) -> str:
    """The letter with every line longer than ``width`` wrapped at blanks, after the names and
    titles are filled in: list items and fields continue indented by two spaces, a command
    continues with `` \\`` as a shell reads it, a phone number stays on one line, and a word
    longer than a line (a web or e-mail address) stays whole."""
    import textwrap

    lines = []
    for line in text.split("\n"):
        if len(line) <= width:
            lines.append(line)
            continue
        if line.startswith(_COMMAND):
            wrapped = textwrap.wrap(line, width - 2, initial_indent=_COMMAND,
                                    subsequent_indent=_COMMAND + "  ", break_long_words=False,
                                    break_on_hyphens=False)
            lines += [part + " \\" for part in wrapped[:-1]] + wrapped[-1:]
            continue
        indent = "  " if _HANGING.match(line) else ""
        wrapped = textwrap.wrap(_IN_NUMBER.sub(_KEPT, line), width, subsequent_indent=indent,
                                break_long_words=False, break_on_hyphens=False)
        lines += [part.replace(_KEPT, " ") for part in wrapped]
    return "\n".join(lines)


def to_eml(result: Letter) -> bytes:
    """The draft as an ``.eml`` file (``X-Unsent: 1``)."""
    return eml.to_eml(result.draft)


def to_text(result: Letter) -> str:
    """The letter as text: "An:" (the address, or for a letter or call without one: name,
    organisation, postal address and phone), "Betreff:", then the text."""
    if result.draft.to:
        return reflow(eml.to_text(result.draft))
    lines = [f"An: {whom(result.request.kontakt)}", f"Betreff: {result.draft.subject}", "",
             result.draft.text.rstrip("\n"), ""]
    return reflow("\n".join(lines))


def whom(kontakt: Kontakt) -> str:
    """Whom to call or write to, on one line: name, organisation, address, phone (without
    one: the web site, to look it up)."""
    parts = [kontakt.display_name]
    if kontakt.organisation and kontakt.organisation != kontakt.display_name:
        parts.append(kontakt.organisation)
    if kontakt.anschrift:
        parts.append(kontakt.anschrift)
    if kontakt.telefon:
        parts.append(f"Tel. {kontakt.telefon}")
    elif kontakt.webseite:  # where to look the number up
        parts.append(kontakt.webseite)
    return ", ".join(parts)


def file_name(kontakt_id: str, suffix: str) -> str:
    """The file of a contact's letter: its id, which the loader allows only of lowercase
    letters, digits and hyphens – anything else (a path, a dot file) made into one."""
    stem = kontakt_id if ID_PATTERN.match(kontakt_id) else slug(kontakt_id)
    return f"{stem or 'kontakt'}{suffix}"


def write_letters(folder: Path, files: list[tuple[str, bytes]], overwrite: bool,
                  private_as: Path) -> None:
    """Write the letters into ``folder`` (made if missing, its parent must exist), each file
    no more readable than the registry ``private_as``. An existing file is a usage error
    before anything is written – unless ``overwrite`` (--force) –, so a round is never half
    written over an earlier one."""
    from netzwerk_cli.errors import InputError, NetzError
    from netzwerk_cli.export.formats import write_new_file
    from netzwerk_cli.registry import os_reason

    try:
        if folder.exists() and not folder.is_dir():
            raise InputError(f"{folder} ist kein Ordner: Die Anschreiben gehören in einen "
                             "Ordner (-o ORDNER), eines je Ansprechpartner.")
        if not overwrite:
            for name, _ in files:
                if (folder / name).exists():
                    raise InputError(f"Die Datei {folder / name} gibt es schon. Mit --force "
                                     "überschreiben.")
        if not folder.exists():
            if not folder.parent.is_dir():
                raise NetzError(f"Der Ordner {folder} kann nicht angelegt werden: den Ordner "
                                f"{folder.parent} gibt es nicht.")
            folder.mkdir(mode=_folder_mode(private_as))
    except OSError as err:
        raise NetzError(f"Der Ordner {folder} kann nicht angelegt werden: "
                        f"{os_reason(err)}.") from None
    for name, content in files:
        write_new_file(folder / name, content, overwrite, private_as=private_as)


def _folder_mode(private_as: Path) -> int:
    """A new folder's permissions: whoever may not read the registry may not list the
    letters either (the umask applies on top)."""
    readable = private_as.stat().st_mode & 0o444
    return 0o700 | (readable & 0o044) | ((readable & 0o044) >> 2)

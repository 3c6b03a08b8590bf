"""The export formats: a table from format name to the module function that writes it.

Adding a format is one module and one line in its table. Each ``Format`` knows the encoding and
file suffix of what it writes, so the CLI never branches on a format name; ``write_new_file``
writes the result with the same German messages for every export.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Generic, NamedTuple, TypeVar

from netzwerk_cli import serialize
from netzwerk_cli.errors import InputError, NetzError
from netzwerk_cli.export import (
    address_lines,
    eml,
    html,
    ldif,
    mailto,
    outlook_csv,
    table,
    vcard,
    xlsx,
)
from netzwerk_cli.export.selection import ExportKontakt, NetzwerkInfo, Recipient

D = TypeVar("D")


class Options(NamedTuple):
    """Settings some formats take (the others ignore them): ``felder`` the columns of a table
    (``--felder``; empty: the default ones), ``netzwerke`` the selected networks for the
    workbook's second sheet."""

    listenname: str = "netz-Verteiler"
    vcard_version: str = "4.0"
    felder: tuple[str, ...] = ()
    netzwerke: tuple[NetzwerkInfo, ...] = ()


class Format(NamedTuple, Generic[D]):
    """One export format: what it is for, its file suffix and encoding (None: the writer
    returns bytes, a binary file), its writer, whether it takes ``--felder``, and what the user
    should know about a file it wrote (``notes``, for stderr; most formats: none)."""

    description: str
    suffix: str
    encoding: str | None
    write: Callable[[D, Options], str | bytes | Iterator[str]]
    takes_felder: bool = False
    notes: Callable[[D, Options], list[str]] | None = None

    @property
    def binary(self) -> bool:
        """Whether the file is binary – nothing to show on a terminal."""
        return self.encoding is None

    def render(self, data: D, options: Options | None = None) -> bytes:
        """The file content as bytes in the format's encoding (text given in pieces is encoded
        a few thousand pieces at a time, never held as one text)."""
        content = self.write(data, options or Options())
        if isinstance(content, bytes):
            return content
        encoding = self.encoding or "utf-8"
        if isinstance(content, str):
            return content.encode(encoding)
        return b"".join(_encoded_batches(content, encoding))


# Text pieces encoded together by ``Format.render``.
_PIECES_PER_BATCH = 4096


def _encoded_batches(pieces: Iterator[str], encoding: str) -> Iterator[bytes]:
    batch: list[str] = []
    for piece in pieces:
        batch.append(piece)
        if len(batch) == _PIECES_PER_BATCH:
            yield "".join(batch).encode(encoding)
            batch.clear()
    yield "".join(batch).encode(encoding)


def _json(shape: Callable[[Any], serialize.JsonObject]) -> Callable[[list[Any], Options], str]:
    return lambda items, _: serialize.dumps([shape(item) for item in items])


XLSX_DESCRIPTION = ("Excel-Arbeitsmappe, Text bleibt Text (PLZ mit Null, keine Formeln), "
                    "mit Blatt „Netzwerke“; nur mit -o oder umgeleitet")

VERTEILER_FORMATS: dict[str, Format[list[Recipient]]] = {
    "txt": Format("eine Adresse je Zeile", ".txt", "utf-8",
                  lambda r, _: address_lines.to_text(r)),
    "outlook": Format("„Name <adresse>; …“ in einer Zeile, für An/BCC oder eine "
                      "Kontaktgruppe", ".txt", "utf-8", lambda r, _: address_lines.to_outlook(r)),
    "csv": Format("CSV (Komma, UTF-8) mit Name, Organisation und Netzwerken", ".csv", "utf-8",
                  lambda r, o: table.verteiler_csv(r, felder=o.felder), takes_felder=True),
    "excel": Format("CSV für deutsches Excel (Semikolon, UTF-8 mit BOM)", ".csv", "utf-8-sig",
                    lambda r, o: table.verteiler_csv(r, excel=True, felder=o.felder),
                    takes_felder=True),
    "xlsx": Format(XLSX_DESCRIPTION, ".xlsx", None,
                   lambda r, o: xlsx.to_xlsx("Verteiler", table.verteiler_table(r, o.felder),
                                             o.netzwerke), takes_felder=True),
    "mailto": Format("mailto:-Links mit BCC, lange Listen auf mehrere Links verteilt", ".txt",
                     "utf-8", lambda r, _: "".join(f"{link}\n" for link in mailto.mailto_links(r))),
    "ldif": Format("Verteilerliste für Thunderbird (LDIF)", ".ldif", "utf-8",
                   lambda r, o: ldif.to_ldif(r, o.listenname)),
    "json": Format("JSON", ".json", "utf-8", _json(serialize.recipient)),
}

KONTAKT_FORMATS: dict[str, Format[list[ExportKontakt]]] = {
    "csv": Format("CSV (Komma, UTF-8)", ".csv", "utf-8",
                  lambda k, o: table.kontakte_csv(k, felder=o.felder), takes_felder=True),
    "excel": Format("CSV für deutsches Excel (Semikolon, UTF-8 mit BOM)", ".csv", "utf-8-sig",
                    lambda k, o: table.kontakte_csv(k, excel=True, felder=o.felder),
                    takes_felder=True),
    "xlsx": Format(XLSX_DESCRIPTION, ".xlsx", None,
                   lambda k, o: xlsx.to_xlsx("Kontakte", table.kontakt_table(k, o.felder),
                                             o.netzwerke), takes_felder=True),
    "vcard": Format("vCard (.vcf) für Thunderbird, Outlook, Google Kontakte, iOS", ".vcf",
                    "utf-8", lambda k, o: vcard.to_vcard(k, o.vcard_version)),
    "outlook-csv": Format("CSV für den Kontakt-Import in deutsches Outlook (Windows-1252)",
                          ".csv", outlook_csv.ENCODING, lambda k, _: outlook_csv.to_outlook_csv(k),
                          notes=lambda k, _: outlook_csv.notes(k)),
    "json": Format("JSON", ".json", "utf-8", _json(serialize.export_kontakt)),
}

PAGE_FORMATS: dict[str, Format[html.PageData]] = {
    "html": Format("eine eigenständige Webseite", ".html", "utf-8",
                   lambda d, _: html.html_pieces(d)),
    "markdown": Format("zum Einfügen in ein CMS oder Wiki", ".md", "utf-8",
                       lambda d, _: html.markdown_pieces(d)),
}


# An e-mail draft (the invitation to a meeting): only the .eml carries the calendar entry.
DRAFT_FORMATS: dict[str, Format[eml.Draft]] = {
    "eml": Format("E-Mail-Entwurf, den Thunderbird und Outlook zum Senden öffnen, mit dem "
                  "Termin als .ics im Anhang", ".eml", "utf-8",
                  lambda d, _: eml.to_eml(d).decode("utf-8")),
    "text": Format("An, Bcc, Betreff und Text zum Einfügen in jedes Mailprogramm", ".txt",
                   "utf-8", lambda d, _: eml.to_text(d)),
    "mailto": Format("mailto:-Links, lange Verteiler auf mehrere Links verteilt", ".txt",
                     "utf-8", lambda d, _: "".join(f"{link}\n"
                                                   for link in eml.to_mailto(d).links)),
}


def choose(name: str, formats: dict[str, Format[D]]) -> Format[D]:
    """The format of that name; an unknown name is a usage error listing the valid ones."""
    if name not in formats:
        raise InputError(f"Unbekanntes Format „{name}“. Gültig: {', '.join(formats)}.")
    return formats[name]


def check_felder(spec: str | None, format_name: str, formats: dict[str, Format[Any]],
                 fields: dict[str, table.Column[Any]]) -> tuple[str, ...]:
    """The columns ``--felder`` chooses (none given: the default ones); a usage error for an
    unknown field or a format without columns."""
    if spec is None:
        return ()
    if not formats[format_name].takes_felder:
        tabular = ", ".join(name for name, fmt in formats.items() if fmt.takes_felder)
        raise InputError(f"--felder gilt nur für die Formate {tabular}.")
    return table.choose_fields(spec, fields)


def check_vcard_version(version: str) -> str:
    """A vCard version netz writes."""
    if version not in vcard.VERSIONS:
        raise InputError(f"--vcard-version: „{version}“; gültig: {' oder '.join(vcard.VERSIONS)}.")
    return version


def help_text(formats: dict[str, Format[Any]]) -> str:
    """The formats and what each is for, for ``--help``."""
    return "; ".join(f"{name}: {fmt.description}" for name, fmt in formats.items())


def write_new_file(target: Path, content: bytes, overwrite: bool = False,
                   private_as: Path | None = None) -> None:
    """Write an export file; an existing file only with ``overwrite`` (--force).

    A regular file is written atomically (a half-written list never replaces a good one) and
    gets at most the permissions of ``private_as`` – the registry it was derived from – so a
    private registry never yields a world-readable contact list. A device or pipe given as the
    target (``-o /dev/stdout``) is written to directly.
    """
    from netzwerk_cli.registry import os_reason
    from netzwerk_cli.storage import write_atomic

    try:
        exists = target.exists()
        if exists and not overwrite:
            raise InputError(f"Die Datei {target} gibt es schon. Mit --force überschreiben.")
        if not target.parent.is_dir():
            raise NetzError(f"{target} kann nicht geschrieben werden: den Ordner "
                            f"{target.parent} gibt es nicht.")
        if exists and not target.is_file():
            target.write_bytes(content)
            return
        mode = 0o666 & ~_umask()
        if private_as is not None:
            mode &= private_as.stat().st_mode
        write_atomic(target, content, mode=mode)
    except OSError as err:
        raise NetzError(f"{target} kann nicht geschrieben werden: {os_reason(err)}.") from None


def _umask() -> int:
    """The process's umask (read by setting it, the only portable way, and putting it back)."""
    import os

    current = os.umask(0)
    os.umask(current)
    return current

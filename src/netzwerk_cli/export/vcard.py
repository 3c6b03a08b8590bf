"""vCards (RFC 6350 4.0 by default, 3.0 for older clients such as iOS/macOS import).

One card per contact. Lines end in CRLF and are folded at 75 octets without splitting a UTF-8
character. The UID is derived from the contact's id, so the same contact exported twice updates
instead of duplicating in address books that use UIDs.

Escaping as Thunderbird (ical.js) reads it: a text value (FN, TITLE, NOTE, EMAIL, each category)
escapes ``\\\\``, ``\\,`` and line breaks only – ical.js shows a ``\\;`` there literally, and RFC
6350 requires it only inside compound values –; the components of N, ORG and ADR escape ``;``
too. ical.js splits compound and list values at any separator after a backslash, so a component
never ends in one.

vCard 3.0 has no KIND: an organisation or role is marked for Apple (``X-ABShowAs:COMPANY``) and
khard (``X-KIND:org``), which would otherwise show it as a person.
"""

from __future__ import annotations

import uuid

from netzwerk_cli.export.content_line import fold_line
from netzwerk_cli.export.selection import ExportKontakt
from netzwerk_cli.model import Kontakt
from netzwerk_cli.validate import web_link

VERSIONS = ("4.0", "3.0")
# A fixed namespace: the same contact id gives the same UID in every export.
_UID_NAMESPACE = uuid.UUID("5f0c8f4e-2b7a-4c1e-9a53-6d1f0b2e8c47")


def to_vcard(kontakte: list[ExportKontakt], version: str = "4.0") -> str:
    """All contacts as one .vcf text."""
    return "".join(_card(chosen, version) for chosen in kontakte)


def _card(chosen: ExportKontakt, version: str) -> str:
    k = chosen.kontakt
    kind = "WORK" if version == "3.0" else "work"
    lines = ["BEGIN:VCARD", f"VERSION:{version}"]
    if version == "4.0":
        lines.append(f"KIND:{'individual' if k.art == 'person' else 'org'}")
    elif k.art != "person":
        lines += ["X-ABShowAs:COMPANY", "X-KIND:org"]
    lines.append(f"FN:{escape(k.display_name)}")
    given, family = split_name(k)
    lines.append("N:" + _compound([family, given, "", "", ""]))
    # A company card needs its company: an organisation known only by its name is its ORG.
    organisation = k.organisation or (k.name if k.art != "person" else "")
    if organisation or k.abteilung:
        lines.append("ORG:" + _compound([t for t in (organisation, k.abteilung) if t]))
    if k.funktion:
        lines.append(f"TITLE:{escape(k.funktion)}")
    if k.telefon:
        lines.append(f"TEL;TYPE={kind},{'VOICE' if version == '3.0' else 'voice'}:"
                      f"{escape(international_phone(k.telefon))}")
    if k.email:
        lines.append(f"EMAIL;TYPE={kind}:{escape(k.email)}")
    if k.strasse or k.plz or k.ort:
        lines.append(f"ADR;TYPE={kind}:"
                     + _compound(["", "", k.strasse, k.ort, "", k.plz, "Deutschland"]))
    link = web_link(k.webseite) if k.webseite else ""
    if link:  # an address that is no http or https web page is left out
        lines.append(f"URL:{link}")
    if chosen.netzwerke:
        lines.append("CATEGORIES:" + ",".join(escape(_component(n)) for n in chosen.netzwerke))
        lines.append("NOTE:" + escape("Netzwerke: " + "; ".join(chosen.netzwerke)))
    uid = uuid.uuid5(_UID_NAMESPACE, chosen.id)
    lines.append(f"UID:urn:uuid:{uid}" if version == "4.0" else f"UID:{uid}")
    lines.append("END:VCARD")
    return "".join(fold_line(line) + "\r\n" for line in lines)


def split_name(k: Kontakt) -> tuple[str, str]:
    """A person's given and family name – the last word is the family name –; ("", "") for an
    organisation or a role, whose name is no person's."""
    if k.art != "person" or not k.name.split():
        return "", ""
    *given, family = k.name.split()
    return " ".join(given), family


def international_phone(telefon: str) -> str:
    """Phone numbers in international form, which every address book dials correctly; a value
    that is no number (letters in a hand-edited file) stays as typed."""
    from netzwerk_cli.validate import telefon_international_text

    return telefon_international_text(telefon) or telefon


def escape(text: str) -> str:
    """Escape a text value: backslash, comma and line breaks – not ";" (see the module)."""
    return (text.replace("\\", "\\\\").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _compound(components: list[str]) -> str:
    """A compound value (N, ORG, ADR): its components escaped, ";" too, joined by ";"."""
    return ";".join(escape(_component(c)).replace(";", "\\;") for c in components)


def _component(text: str) -> str:
    """A component of a compound or list value without a trailing backslash, which ical.js
    would read as escaping the separator after it."""
    return text.rstrip("\\ ") if text.endswith("\\") else text

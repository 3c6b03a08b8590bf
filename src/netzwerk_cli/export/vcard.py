"""vCards (RFC 6350 4.0 by default, 3.0 for older clients such as iOS/macOS import).

One card per contact. Text is escaped (``\\\\ \\, \\; \\n``), lines end in CRLF and are folded at 75
octets without splitting a UTF-8 character. The UID is derived from the contact's id, so the
same contact exported twice updates instead of duplicating in address books that use UIDs.
"""

from __future__ import annotations

import uuid

from netzwerk_cli.export import KontaktEintrag
from netzwerk_cli.model import Kontakt

VERSIONEN = ("4.0", "3.0")
# A fixed namespace: the same contact id gives the same UID in every export.
_UID_NAMESPACE = uuid.UUID("5f0c8f4e-2b7a-4c1e-9a53-6d1f0b2e8c47")


def als_vcard(eintraege: list[KontaktEintrag], version: str = "4.0") -> str:
    """All contacts as one .vcf text."""
    return "".join(_karte(e, version) for e in eintraege)


def _karte(eintrag: KontaktEintrag, version: str) -> str:
    k = eintrag.kontakt
    typ = "WORK" if version == "3.0" else "work"
    zeilen = ["BEGIN:VCARD", f"VERSION:{version}"]
    if version == "4.0":
        zeilen.append(f"KIND:{'individual' if k.art == 'person' else 'org'}")
    zeilen.append(f"FN:{escape(k.anzeigename)}")
    zeilen.append("N:" + ";".join(escape(teil) for teil in _name_teile(k)))
    if k.organisation or k.abteilung:
        zeilen.append("ORG:" + ";".join(escape(t) for t in (k.organisation, k.abteilung) if t))
    if k.funktion:
        zeilen.append(f"TITLE:{escape(k.funktion)}")
    if k.telefon:
        zeilen.append(f"TEL;TYPE={typ},{'VOICE' if version == '3.0' else 'voice'}:"
                      f"{_international(k.telefon)}")
    if k.email:
        zeilen.append(f"EMAIL;TYPE={typ}:{escape(k.email)}")
    if k.strasse or k.plz or k.ort:
        adresse = ["", "", k.strasse, k.ort, "", k.plz, "Deutschland"]
        zeilen.append(f"ADR;TYPE={typ}:" + ";".join(escape(t) for t in adresse))
    if k.webseite:
        zeilen.append(f"URL:{_mit_schema(k.webseite)}")
    if eintrag.netzwerke:
        zeilen.append("CATEGORIES:" + ",".join(escape(n) for n in eintrag.netzwerke))
        zeilen.append("NOTE:" + escape("Netzwerke: " + "; ".join(eintrag.netzwerke)))
    uid = uuid.uuid5(_UID_NAMESPACE, eintrag.id)
    zeilen.append(f"UID:urn:uuid:{uid}" if version == "4.0" else f"UID:{uid}")
    zeilen.append("END:VCARD")
    return "".join(falten(zeile) + "\r\n" for zeile in zeilen)


def _name_teile(k: Kontakt) -> list[str]:
    """N: family;given;additional;prefix;suffix – split only for persons, else empty."""
    if k.art != "person" or not k.name:
        return ["", "", "", "", ""]
    *vornamen, nachname = k.name.split()
    return [nachname, " ".join(vornamen), "", "", ""]


def _international(telefon: str) -> str:
    """Phone numbers in international form, which every address book dials correctly."""
    import phonenumbers

    basis, _, durchwahl = telefon.rpartition("-") if "-" in telefon else (telefon, "", "")
    try:
        nummer = phonenumbers.parse(basis, "DE")
    except phonenumbers.NumberParseException:
        return telefon
    text = phonenumbers.format_number(nummer, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return f"{text}-{durchwahl}" if durchwahl else text


def _mit_schema(webseite: str) -> str:
    return webseite if "://" in webseite else f"https://{webseite}"


def escape(text: str) -> str:
    """Escape a text value: backslash, comma, semicolon and line breaks."""
    return (text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def falten(zeile: str, grenze: int = 75) -> str:
    """Fold a content line at ``grenze`` octets (continuation lines start with a space)."""
    teile: list[str] = []
    aktuell = ""
    laenge = 0
    for zeichen in zeile:
        oktette = len(zeichen.encode("utf-8"))
        erlaubt = grenze if not teile else grenze - 1  # the leading space counts
        if laenge + oktette > erlaubt:
            teile.append(aktuell)
            aktuell, laenge = "", 0
        aktuell += zeichen
        laenge += oktette
    teile.append(aktuell)
    return "\r\n ".join(teile)

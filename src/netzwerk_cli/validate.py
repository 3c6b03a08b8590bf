"""Checks for the values people type: e-mail, phone, web address, postcode.

Used on every write (and by ``netz check``). Each function returns the value in the form netz
stores, or raises ``EingabeFehler`` naming the field, the value and what would be valid. The
checking libraries are imported inside the functions: reading the registry never pays for them.
"""

from __future__ import annotations

import re

from netzwerk_cli.errors import EingabeFehler
from netzwerk_cli.gazetteer import hagen
from netzwerk_cli.model import Kontakt, Netzwerk

# "02331 207-3608": DIN 5008 writes an extension after a hyphen.
_DURCHWAHL = re.compile(r"^(?P<basis>.*\d)\s*-\s*(?P<durchwahl>\d{1,5})$")


def email_pruefen(email: str) -> str:
    """A syntactically valid e-mail address (no DNS look-up), as typed."""
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        raise EingabeFehler(
            f"Feld „email“: „{email}“ ist keine gültige E-Mail-Adresse. "
            "Beispiel: name@stadt-hagen.de"
        ) from None
    return email


def telefon_normalisieren(telefon: str, vorwahl: str = "") -> str:
    """A phone number in one consistent DIN 5008 form: "02331 207-3608", "+31 20 123 4567".

    Forms like "0 23 31 / 4 42 34" or "+49 2331 207-3608" are understood; a typed extension
    ("-3608") is kept. A number without area code is refused unless ``vorwahl`` is given,
    because guessing one would silently store a wrong number.
    """
    import phonenumbers

    eingabe = telefon.strip()
    if not re.search(r"\d", eingabe):
        raise EingabeFehler(f"Feld „telefon“: „{telefon}“ ist keine Telefonnummer.")
    if vorwahl and not eingabe.startswith(("0", "+")):
        eingabe = f"{vorwahl} {eingabe}"
    if not eingabe.startswith(("0", "+")):
        raise EingabeFehler(
            f"Feld „telefon“: „{telefon}“ hat keine Vorwahl. Bitte mit Vorwahl angeben, "
            "z. B. „02331 207-3608“ (oder --vorwahl 02331)."
        )
    teile = _DURCHWAHL.match(eingabe)
    basis, durchwahl = (teile["basis"], teile["durchwahl"]) if teile else (eingabe, "")
    try:
        ganz = phonenumbers.parse(basis + durchwahl, "DE")
        if not phonenumbers.is_valid_number(ganz):
            raise phonenumbers.NumberParseException(0, "ungültig")
        kopf = phonenumbers.parse(basis, "DE")
    except phonenumbers.NumberParseException:
        raise EingabeFehler(
            f"Feld „telefon“: „{telefon}“ ist keine gültige Telefonnummer. "
            "Beispiele: „02331 207-3608“, „0171 1234567“, „+49 2331 207-3608“."
        ) from None
    form = (phonenumbers.PhoneNumberFormat.NATIONAL if kopf.country_code == 49
            else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    text = phonenumbers.format_number(kopf, form)
    return f"{text}-{durchwahl}" if durchwahl else text


def webseite_pruefen(webseite: str, feld: str = "webseite") -> str:
    """A web address, with or without "https://" ("hagen-eppenhausen.de" is fine), as typed."""
    from urllib.parse import urlsplit

    text = webseite.strip()
    mit_schema = text if re.match(r"^https?://", text, re.IGNORECASE) else f"https://{text}"
    try:
        host = urlsplit(mit_schema).hostname or ""
    except ValueError:
        host = ""
    # A host of labels and a top-level domain of letters; umlaut domains are fine.
    if " " in text or not re.fullmatch(r"[\w-]+(\.[\w-]+)*\.[^\W\d_]{2,}", host):
        raise EingabeFehler(
            f"Feld „{feld}“: „{webseite}“ ist keine gültige Webadresse. "
            "Beispiele: „https://www.hagen.de“, „hagen-eppenhausen.de“."
        )
    return text


def plz_pruefen(plz: str, ort: str) -> str:
    """A five-digit postcode; for an address in Hagen, one of Hagen's postcodes."""
    if not re.fullmatch(r"\d{5}", plz):
        raise EingabeFehler(f"Feld „plz“: „{plz}“ ist keine Postleitzahl (fünf Ziffern).")
    hagener = hagen().postleitzahlen
    if ort.strip().casefold() in ("hagen", "") and plz not in hagener:
        raise EingabeFehler(
            f"Feld „plz“: „{plz}“ ist keine Hagener Postleitzahl. Gültig: {', '.join(hagener)}."
        )
    return plz


def kontakt_pruefen(kontakt: Kontakt, vorwahl: str = "") -> Kontakt:
    """Check and normalise every typed value of a contact; raises on the first bad value."""
    if not (kontakt.name or kontakt.organisation or kontakt.abteilung):
        raise EingabeFehler("Ein Kontakt braucht einen Namen oder eine Organisation.")
    if kontakt.email:
        kontakt.email = email_pruefen(kontakt.email)
    if kontakt.telefon:
        kontakt.telefon = telefon_normalisieren(kontakt.telefon, vorwahl)
    if kontakt.webseite:
        kontakt.webseite = webseite_pruefen(kontakt.webseite)
    if kontakt.plz:
        kontakt.plz = plz_pruefen(kontakt.plz, kontakt.ort)
    return kontakt


def netzwerk_pruefen(netzwerk: Netzwerk) -> Netzwerk:
    """Check the typed values of a network that the loader does not check itself."""
    if netzwerk.webseite:
        netzwerk.webseite = webseite_pruefen(netzwerk.webseite)
    return netzwerk

"""Checks for the values people type: e-mail, phone, web address, postcode.

Used on every write (and by ``netz check``). Each function returns the value in the form netz
stores, or raises ``InputError`` naming the field, the value and what would be valid. The
checking libraries are imported inside the functions: reading the registry never pays for them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection
from functools import cache, wraps
from itertools import chain
from operator import attrgetter
from typing import Any, ParamSpec

from netzwerk_cli.errors import InputError
from netzwerk_cli.gazetteer import hagen
from netzwerk_cli.model import (
    HERKUNFT_TYPE,
    LONG_LINE_FIELDS,
    MAX_LINE_LENGTH,
    MAX_NOTIZ_LENGTH,
    MULTI_LINE_FIELDS,
    Entry,
    Kontakt,
    Netzwerk,
    check_value,
    herkunft_texts,
    require_kontakt_name,
)
from netzwerk_cli.text import has_unprintable, is_undecodable, shortened, unsafe_character

# What a phone number may hold besides digits; anything else (letters) is no number.
_NOT_A_PHONE = re.compile(r"[^\d\s+()/.-]")
# "02331 207-3608": DIN 5008 writes an extension after a hyphen.
_EXTENSION = re.compile(r"^(?P<base>.*\d)\s*-\s*(?P<extension>\d{1,5})$")
_LETTER = re.compile(r"[^\W\d_]")

# The arguments of a check that ``_remembered`` keeps the signature of.
P = ParamSpec("P")

_CHARACTER_NAMES = {"\t": "Tabulator", "\n": "Zeilenumbruch", "\r": "Wagenrücklauf",
                    "\x1b": "Escape"}


def text_problem(field_name: str, value: str) -> str | None:
    """Why a text value may not be stored – a control or invisible character, bytes that were
    not UTF-8, or too many characters – or None. One precompiled search per value."""
    multi_line = field_name in MULTI_LINE_FIELDS
    found = unsafe_character(value, multi_line)
    if found:
        position, character = found
        if is_undecodable(character):
            return (f"Feld „{field_name}“: enthält Zeichen, die kein gültiges UTF-8 sind (an "
                    f"Stelle {position + 1}). Bitte den Text neu eingeben.")
        name = _CHARACTER_NAMES.get(character, "")
        category = unicodedata.category(character)
        kind = {"Cc": "Steuerzeichen", "Co": "private Zeichen"}.get(category,
                                                                    "unsichtbare Zeichen")
        if category == "Co":
            name = "ohne festgelegte Bedeutung"
        allowed = ("sichtbarer Text und Zeilenumbrüche" if multi_line
                   else "sichtbarer Text in einer Zeile")
        return (f"Feld „{field_name}“: enthält das {kind} U+{ord(character):04X}"
                f"{f' ({name})' if name else ''} an Stelle {position + 1}; erlaubt ist "
                f"{allowed}.")
    long_line = multi_line or field_name.split(".")[0] in LONG_LINE_FIELDS
    limit = MAX_NOTIZ_LENGTH if long_line else MAX_LINE_LENGTH
    if len(value) > limit:
        return (f"Feld „{field_name}“: „{shortened(value, 40)}“ ist {len(value)} Zeichen lang, "
                f"erlaubt sind höchstens {limit} Zeichen.")
    return None


def text_problems(entry: Entry) -> list[tuple[str, str]]:
    """Every text field of an entry (list items too) that ``text_problem`` refuses, with the
    reason: (field, message)."""
    problems = []
    for field_name, type_name in entry.field_types().items():
        if type_name in ("bool", "int"):
            continue
        value = getattr(entry, field_name)
        if type_name == HERKUNFT_TYPE:
            for where, text in herkunft_texts(value):
                problem = text_problem(where, text)
                if problem:
                    problems.append((field_name, problem))
                    break
            continue
        for item in (value if type_name == "list[str]" else (value,)):
            problem = text_problem(field_name, item)
            if problem:
                problems.append((field_name, problem))
                break
    return problems


def texts_clean(entries: Collection[Entry]) -> bool:
    """Whether ``text_problems`` finds nothing in any of the entries, decided without a call
    per value: the values of each kind (one line or several, length limit) are joined and
    searched once, and their longest length compared with the limit. False also when the
    entries are not all of one type or a value is no text: then ask ``text_problems``."""
    if not entries:
        return True
    entry_type = type(next(iter(entries)))
    if any(type(entry) is not entry_type for entry in entries):
        return False
    groups: dict[tuple[bool, int], list[str]] = {}
    try:
        for field_name, type_name in entry_type.field_types().items():
            if type_name in ("bool", "int"):
                continue
            values = list(map(attrgetter(field_name), entries))
            if type_name == HERKUNFT_TYPE:
                for herkunft in values:
                    for where, text in herkunft_texts(herkunft) if herkunft else ():
                        groups.setdefault(_text_rule(where), []).append(text)
                continue
            group = groups.setdefault(_text_rule(field_name), [])
            if type_name == "list[str]":
                group.extend(chain.from_iterable(values))
            else:
                group.extend(values)
        for (multi_line, limit), texts in groups.items():
            if not texts:
                continue
            if has_unprintable(" ".join(texts), multi_line) or max(map(len, texts)) > limit:
                return False
    except TypeError:  # a value that is no text (or no list of texts)
        return False
    return True


def _text_rule(field_name: str) -> tuple[bool, int]:
    """How ``text_problem`` checks a field: may it hold line breaks, and how long may it be."""
    multi_line = field_name in MULTI_LINE_FIELDS
    long_line = multi_line or field_name.split(".")[0] in LONG_LINE_FIELDS
    return multi_line, MAX_NOTIZ_LENGTH if long_line else MAX_LINE_LENGTH


def check_texts(entry: Entry) -> None:
    """Refuse an entry with a field value ``model.check_value`` refuses – the per-field rules
    every question on a terminal applies too (a character or length ``text_problem`` refuses)."""
    for field_name in entry.field_types():
        check_value(type(entry), field_name, getattr(entry, field_name))


# An outcome of a check: the value in the form netz stores it, and why it is refused (None: it
# is not). By check (its name), then by the arguments of the call.
Verdict = tuple[str, str | None]
_VERDICTS: dict[str, dict[tuple[Any, ...], Verdict]] = {}
# The checks backed by a library (email_validator, phonenumbers): the costly ones, whose
# verdicts ``netz check`` and the web page keep between runs (``library_verdicts``).
LIBRARY_CHECKS = ("check_email", "normalize_telefon", "telefon_parts")


def _remembered(check: Callable[P, str]) -> Callable[P, str]:
    """Check each distinct value once per run, remembering refusals too: a registry repeats
    phone numbers, postcodes and web addresses, and ``netz check`` asks about every one (the
    e-mail and phone libraries take a fraction of a millisecond per value)."""
    verdicts = _VERDICTS.setdefault(check.__name__, {})

    @wraps(check)
    def remembered(*args: P.args, **kwargs: P.kwargs) -> str:
        call = (args, tuple(sorted(kwargs.items())))
        verdict = verdicts.get(call)
        if verdict is None:
            try:
                verdict = check(*args, **kwargs), None
            except InputError as err:
                verdict = "", str(err)
            verdicts[call] = verdict
        value, refusal = verdict
        if refusal is not None:
            raise InputError(refusal)
        return value

    return remembered


def library_verdicts(values: dict[str, Collection[str]]) -> dict[str, dict[str, Verdict]]:
    """The verdicts this run knows of the library checks (``LIBRARY_CHECKS``) on one value
    each: ``{"check_email": [address, …]}`` → ``{"check_email": {address: verdict, …}}``
    (values not checked yet are left out)."""
    known: dict[str, dict[str, Verdict]] = {}
    for name, asked in values.items():
        verdicts = _VERDICTS[name]
        found = known[name] = {}
        for value in asked:
            verdict = verdicts.get(((value,), ()))
            if verdict is not None:
                found[value] = verdict
    return known


def remember_verdicts(known: dict[str, dict[str, Verdict]]) -> None:
    """Take verdicts of the library checks as ``library_verdicts`` gives them (of an earlier
    run, with the same libraries): those values are not checked again."""
    for name in LIBRARY_CHECKS:
        verdicts = _VERDICTS[name]
        for value, verdict in known.get(name, {}).items():
            verdicts.setdefault(((value,), ()), verdict)


def library_versions() -> str:
    """The installed versions of what the library checks' verdicts depend on, as one text."""
    from importlib import metadata

    versions = []
    for name in ("email-validator", "idna", "phonenumbers", "phonenumberslite"):
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} -")
    return ", ".join(versions)


def _forget_verdicts() -> None:
    """Forget every verdict of this run, as a new process starts (for tests)."""
    for verdicts in _VERDICTS.values():
        verdicts.clear()
    telefon_international.cache_clear()


@_remembered
def check_email(email: str) -> str:
    """A syntactically valid e-mail address (no DNS look-up), as typed."""
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        raise InputError(
            f"Feld „email“: „{shortened(email)}“ ist keine gültige E-Mail-Adresse. "
            "Beispiel: name@stadt-hagen.de"
        ) from None
    return email


@_remembered
def normalize_telefon(telefon: str, vorwahl: str = "") -> str:
    """A phone number in one consistent DIN 5008 form: "02331 207-3608", "+31 20 123 4567".

    Forms like "0 23 31 / 4 42 34" or "+49 2331 207-3608" are understood; a typed extension
    ("-3608") is kept. A number without area code is refused unless ``vorwahl`` is given,
    because guessing one would silently store a wrong number.
    """
    import phonenumbers

    typed = telefon.strip()
    if not re.search(r"\d", typed):
        raise InputError(f"Feld „telefon“: „{shortened(telefon)}“ ist keine Telefonnummer.")
    if _LETTER.search(typed):  # "02331 CALL-ME" would be dialled as 02331 225563
        raise InputError(
            f"Feld „telefon“: „{shortened(telefon)}“ enthält Buchstaben. Eine Telefonnummer "
            "besteht aus "
            "Ziffern, Leerzeichen und „+ / -“, z. B. „02331 207-3608“."
        )
    if vorwahl and not typed.startswith(("0", "+")):
        typed = f"{vorwahl} {typed}"
    if not typed.startswith(("0", "+")):
        raise InputError(
            f"Feld „telefon“: „{shortened(telefon)}“ hat keine Vorwahl. Bitte mit Vorwahl "
            "angeben, "
            "z. B. „02331 207-3608“ (oder --vorwahl 02331)."
        )
    parts = _EXTENSION.match(typed)
    base, extension = (parts["base"], parts["extension"]) if parts else (typed, "")
    try:
        whole = phonenumbers.parse(base + extension, "DE")
        if not phonenumbers.is_valid_number(whole):
            raise phonenumbers.NumberParseException(0, "ungültig")
        head = phonenumbers.parse(base, "DE") if extension else whole  # parsed once if it can
    except phonenumbers.NumberParseException:
        raise InputError(
            f"Feld „telefon“: „{shortened(telefon)}“ ist keine gültige Telefonnummer. "
            "Beispiele: „02331 207-3608“, „0171 1234567“, „+49 2331 207-3608“."
        ) from None
    style = (phonenumbers.PhoneNumberFormat.NATIONAL if head.country_code == 49
             else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    text = phonenumbers.format_number(head, style)
    return f"{text}-{extension}" if extension else text


# A host of labels and a top-level domain of letters; umlaut domains are fine.
_HOST = re.compile(r"[\w-]+(\.[\w-]+)*\.[^\W\d_]{2,}")
_WITH_SCHEME = re.compile(r"^https?://", re.IGNORECASE)
# Never part of an address as people type it, and the stuff of broken or hostile links.
_NOT_IN_ADDRESS = re.compile(r'[\s"<>\\^`{|}]')


def web_link(webseite: str) -> str:
    """The address to link to ("https://" added when typed without), or "" unless it is an
    http or https address of a named host without a user name ("https://x.de@evil.com") and
    with Latin letters only (``_foreign_letter``)."""
    link, _ = _web_link(webseite)
    return link


def _web_link(webseite: str) -> tuple[str, str]:
    """``web_link`` and the host's first letter that is not Latin ("" if none)."""
    from urllib.parse import urlsplit

    text = webseite.strip()
    if not text or _NOT_IN_ADDRESS.search(text) or unsafe_character(text):
        return "", ""
    with_scheme = text if _WITH_SCHEME.match(text) else f"https://{text}"
    try:
        parts = urlsplit(with_scheme)
        parts.port  # noqa: B018 – raises ValueError unless the port is a number up to 65535
    except ValueError:
        return "", ""
    host = parts.hostname or ""
    if "@" in parts.netloc or not _HOST.fullmatch(host):
        return "", ""
    foreign = _foreign_letter(host)
    return ("", foreign) if foreign else (with_scheme, "")


# Latin letters without an ASCII base letter that European names use.
_MORE_LATIN = frozenset("ßæøœłđþð")


def _foreign_letter(host: str) -> str:
    """The first character of a host name that is neither ASCII nor a Latin letter with
    diacritics (ä, ö, ü, ß, é …), or "".

    "https://һagen.de" with a Cyrillic "һ" looks exactly like hagen.de and leads elsewhere;
    so do Greek letters, full-width letters and Latin look-alikes such as "ɡ". Hagen's
    addresses need none of them.
    """
    if host.isascii():
        return ""
    for character in host:
        if character.isascii() or character in _MORE_LATIN:
            continue
        base = unicodedata.normalize("NFD", character)[0]
        if not (base.isascii() and base.isalpha()):
            return character
    return ""


@cache
def telefon_international(telefon: str) -> tuple[str, str] | None:
    """A stored number for address books ("+49 2331 207-3608") and as the digits of a
    ``tel:`` link ("+4923312073608"); None for anything that is no phone number – letters
    ("02331 CALL-ME") are never turned into digits. Parsed once per number (cached), and
    not at all when an earlier run kept the verdict (``telefon_parts``)."""
    try:
        text, _, e164 = telefon_parts(telefon).rpartition("\t")
    except InputError:
        return None
    return text, e164


@_remembered
def telefon_parts(telefon: str) -> str:
    """``telefon_international`` as a library check whose verdicts can be kept between runs
    (``verdicts.py``): "TEXT\tE164" (the E.164 digits hold no tab), refused for anything that
    is no phone number (the reason is never shown)."""
    if _NOT_A_PHONE.search(telefon):
        raise InputError("keine Telefonnummer")
    import phonenumbers

    base, _, extension = telefon.rpartition("-") if "-" in telefon else (telefon, "", "")
    try:
        head = phonenumbers.parse(base, "DE")
        whole = phonenumbers.parse(base + extension, "DE") if extension else head
    except phonenumbers.NumberParseException:
        raise InputError("keine Telefonnummer") from None
    text = phonenumbers.format_number(head, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    e164 = phonenumbers.format_number(whole, phonenumbers.PhoneNumberFormat.E164)
    return f"{text}-{extension}\t{e164}" if extension else f"{text}\t{e164}"


@cache
def telefon_international_text(telefon: str) -> str | None:
    """``telefon_international(telefon)[0]``, as an address book shows the number, with one
    parse of the number instead of two: a number with an extension of digits is parsed once
    more, with the extension, only for the ``tel:`` link – and where a digit before the hyphen
    is followed by digits only, that parse cannot fail where the first did not, as long as the
    digits stay far below the 17 a number may have. Anything else: ``telefon_international``."""
    base, _, extension = telefon.rpartition("-") if "-" in telefon else ("", "", "")
    digits_around = extension + base[-1:]
    if (not extension or not digits_around.isascii() or not digits_around.isdigit()
            or len(telefon) > 100 or sum(c.isdigit() for c in telefon) > 15
            or _NOT_A_PHONE.search(telefon)):
        parts = telefon_international(telefon)
        return parts[0] if parts else None
    import phonenumbers

    try:
        head = phonenumbers.parse(base, "DE")
    except phonenumbers.NumberParseException:
        return None
    text = phonenumbers.format_number(head, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return f"{text}-{extension}"


@_remembered
def check_webseite(webseite: str, field_name: str = "webseite") -> str:
    """A web address, with or without "https://" ("hagen-eppenhausen.de" is fine), as typed.

    Only http and https: "javascript:…", "mailto:…" or "ftp://…" are no web page, and a user
    name before the host ("https://hagen.de@evil.com") hides where the link really goes, as
    does a letter of another script in the host ("https://һagen.de").
    """
    link, foreign = _web_link(webseite)
    if foreign:
        raise InputError(
            f"Feld „{field_name}“: „{shortened(webseite)}“ ist keine gültige Webadresse: der "
            f"Rechnername enthält „{foreign}“ (U+{ord(foreign):04X}), einen Buchstaben, der "
            "nur wie ein lateinischer aussieht oder aus einer anderen Schrift stammt. Erlaubt "
            "sind lateinische Buchstaben, auch mit Akzenten (ä, ö, ü, ß, é), Ziffern und „-“."
        )
    if not link:
        raise InputError(
            f"Feld „{field_name}“: „{shortened(webseite)}“ ist keine gültige Webadresse (nur "
            "http:// oder https:// und ein Rechnername, ohne Benutzername mit „@“). Beispiele: "
            "„https://www.hagen.de“, „hagen-eppenhausen.de“."
        )
    return webseite.strip()


def optional_webseite(webseite: str) -> str:
    """A web address, or nothing when nothing was typed."""
    return check_webseite(webseite) if webseite else ""


@_remembered
def check_plz(plz: str, ort: str) -> str:
    """A five-digit postcode; for an address in Hagen, one of Hagen's postcodes."""
    if not re.fullmatch(r"\d{5}", plz):
        raise InputError(f"Feld „plz“: „{shortened(plz)}“ ist keine Postleitzahl (fünf "
                         "Ziffern).")
    hagen_codes = hagen().postcodes
    if ort.strip().casefold() in ("hagen", "") and plz not in hagen_codes:
        raise InputError(
            f"Feld „plz“: „{plz}“ ist keine Hagener Postleitzahl. "
            f"Gültig: {', '.join(hagen_codes)}."
        )
    return plz


def check_kontakt(kontakt: Kontakt, vorwahl: str = "") -> Kontakt:
    """Check and normalise every typed value of a contact; raises on the first bad value."""
    check_texts(kontakt)
    require_kontakt_name(kontakt.to_dict())
    if kontakt.email:
        kontakt.email = check_email(kontakt.email)
    if kontakt.telefon:
        kontakt.telefon = normalize_telefon(kontakt.telefon, vorwahl)
    if kontakt.webseite:
        kontakt.webseite = check_webseite(kontakt.webseite)
    if kontakt.plz:
        kontakt.plz = check_plz(kontakt.plz, kontakt.ort)
    return kontakt


def check_netzwerk(netzwerk: Netzwerk) -> Netzwerk:
    """Check the typed values of a network that the loader does not check itself."""
    check_texts(netzwerk)
    if netzwerk.webseite:
        netzwerk.webseite = check_webseite(netzwerk.webseite)
    return netzwerk

"""A Thunderbird mailing list as LDIF (RFC 2849), in the shape Thunderbird's importer reads.

What Thunderbird 153's importer (nsAbLDIFService) does, and what this module writes for it:

- It cuts the file into records at empty lines and reads a record only once an empty line
  closes it; a last record without one is kept as a card but dropped as a list. So every
  record, the last one included, ends with an empty line.
- A record holding the text "groupOfNames" anywhere becomes a list named by its ``cn``; so a
  person's value holding that text is base64-encoded, where Thunderbird cannot see it.
- It adds a ``member`` only if a contact with that address is in the same import (the person
  records come first), and takes everything after the first ``mail=`` of the member's DN as the
  address, unescaped. So the DN is ``cn=NAME,mail=ADDRESS`` as Thunderbird's own export writes
  it: the name escaped (RFC 4514: ``cn=Komma\\, Org``, and ``=`` too, so that no "mail=" hides
  in it), the address as it is – ``mail=a\\+b@x.org`` would be valid LDAP, but Thunderbird
  would look for a contact "a\\+b@x.org" and drop the member.

- It refuses a list name that is empty or holds ``, ; " < >`` or two spaces in a row, and then
  drops the list silently; ``to_ldif`` refuses such a ``--listenname`` instead.

Values that are not plain ASCII are base64-encoded; Thunderbird decodes them first.
"""

from __future__ import annotations

import base64

from netzwerk_cli.errors import InputError
from netzwerk_cli.export.selection import Recipient
from netzwerk_cli.text import unsafe_character

# RFC 2849: a SAFE-STRING starts with neither space, colon nor "<", and holds only ASCII
# without NUL, LF and CR.
_UNSAFE_START = (" ", ":", "<")
# The text that makes Thunderbird read a record as a list (case-sensitive).
_LIST_MARK = "groupOfNames"
# What Thunderbird refuses in a list name (AddrBookDirectory.addMailList).
_NOT_IN_LIST_NAME = ',;"<>'


def to_ldif(recipients: list[Recipient], listenname: str) -> str:
    """Person records for every address, then one list that holds them all; each record
    closed by an empty line."""
    check_listenname(listenname)
    records = []
    for r in recipients:
        records.append([
            _attribute("dn", _dn(r)),
            "objectclass: top", "objectclass: person", "objectclass: inetOrgPerson",
            "objectclass: mozillaAbPersonAlpha",
            _attribute("cn", r.name or r.email),
            _attribute("mail", r.email),
            *([_attribute("o", r.organisation)] if r.organisation else []),
        ])
    records.append([
        _attribute("dn", f"cn={_dn_value(listenname)}"),
        "objectclass: top", f"objectclass: {_LIST_MARK}",
        _attribute("cn", listenname),
        *(_attribute("member", _dn(r)) for r in recipients),
    ])
    return "".join("\n".join(record) + "\n\n" for record in records)


def check_listenname(listenname: str) -> str:
    """A list name Thunderbird takes; else a usage error saying what it refuses."""
    if (not listenname.strip() or "  " in listenname or unsafe_character(listenname)
            or any(c in listenname for c in _NOT_IN_LIST_NAME)):
        raise InputError(f"--listenname: „{listenname}“ – ein Listenname für Thunderbird darf "
                         "nicht leer sein und weder , ; \" < > noch zwei Leerzeichen "
                         "hintereinander oder Steuerzeichen enthalten (sonst ließe Thunderbird "
                         "die Liste weg). Zum Beispiel: --listenname „Netzwerke Haspe“.")
    return listenname


def _dn(recipient: Recipient) -> str:
    """``cn=NAME,mail=ADDRESS``: the name escaped, the address as Thunderbird looks it up."""
    return f"cn={_dn_value(recipient.name or recipient.email)},mail={recipient.email}"


def _dn_value(value: str) -> str:
    """Escape a DN attribute value (RFC 4514): a comma in a name must not split the DN."""
    result = "".join(f"\\{c}" if c in ',+"\\<>;=' else c for c in value)
    if result.startswith((" ", "#")):
        result = "\\" + result
    return result[:-1] + "\\ " if result.endswith(" ") else result


def _attribute(name: str, value: str) -> str:
    """``name: value``, or ``name:: base64`` where the value is not a safe ASCII string or
    holds the text that would make Thunderbird take a person for a list."""
    safe = value.isascii() and not value.startswith(_UNSAFE_START) and not any(
        c in value for c in "\0\n\r") and _LIST_MARK not in value
    if safe:
        return f"{name}: {value}"
    return f"{name}:: {base64.b64encode(value.encode('utf-8')).decode('ascii')}"

"""A Thunderbird mailing list as LDIF (RFC 2849), in the shape Thunderbird's importer reads.

Thunderbird turns a record with ``objectclass: groupOfNames`` into a list named by its ``cn``,
and adds a ``member`` only if a contact with that address is in the same import – so the person
records come first. In each ``member`` line it takes everything after ``mail=`` as the address,
so ``mail=`` comes last in the DN. Values that are not plain ASCII are base64-encoded.
"""

from __future__ import annotations

import base64

from netzwerk_cli.export import Empfaenger

# RFC 2849: a SAFE-STRING starts with neither space, colon nor "<", and holds only ASCII
# without NUL, LF and CR.
_UNSICHER_ANFANG = (" ", ":", "<")


def als_ldif(empfaenger: list[Empfaenger], listenname: str) -> str:
    """Person records for every address, then one list that holds them all."""
    bloecke = []
    for e in empfaenger:
        name = e.name or e.email
        bloecke.append([
            _attribut("dn", _dn(name, e.email)),
            "objectclass: top", "objectclass: person", "objectclass: inetOrgPerson",
            "objectclass: mozillaAbPersonAlpha",
            _attribut("cn", name),
            _attribut("mail", e.email),
            *([_attribut("o", e.organisation)] if e.organisation else []),
        ])
    bloecke.append([
        _attribut("dn", f"cn={_dn_wert(listenname)}"),
        "objectclass: top", "objectclass: groupOfNames",
        _attribut("cn", listenname),
        *(_attribut("member", _dn(e.name or e.email, e.email)) for e in empfaenger),
    ])
    return "\n".join("\n".join(block) + "\n" for block in bloecke)


def _dn(name: str, email: str) -> str:
    return f"cn={_dn_wert(name)},mail={_dn_wert(email)}"


def _dn_wert(wert: str) -> str:
    """Escape a DN attribute value (RFC 4514): a comma in a name must not split the DN."""
    ergebnis = "".join(f"\\{z}" if z in ',+"\\<>;=' else z for z in wert)
    if ergebnis.startswith((" ", "#")):
        ergebnis = "\\" + ergebnis
    return ergebnis[:-1] + "\\ " if ergebnis.endswith(" ") else ergebnis


def _attribut(name: str, wert: str) -> str:
    """``name: value``, or ``name:: base64`` where the value is not a safe ASCII string."""
    sicher = wert.isascii() and not wert.startswith(_UNSICHER_ANFANG) and not any(
        z in wert for z in "\0\n\r")
    if sicher:
        return f"{name}: {wert}"
    return f"{name}:: {base64.b64encode(wert.encode('utf-8')).decode('ascii')}"

"""A Thunderbird mailing list as LDIF (RFC 2849), in the shape Thunderbird's importer reads.

Thunderbird turns a record with ``objectclass: groupOfNames`` into a list named by its ``cn``,
and adds a ``member`` only if a contact with that address is in the same import – so the person
records come first. In each ``member`` line it takes everything after ``mail=`` as the address,
so ``mail=`` comes last in the DN. Values that are not plain ASCII are base64-encoded.
"""

from __future__ import annotations

import base64

from netzwerk_cli.export.selection import Recipient

# RFC 2849: a SAFE-STRING starts with neither space, colon nor "<", and holds only ASCII
# without NUL, LF and CR.
_UNSAFE_START = (" ", ":", "<")


def to_ldif(recipients: list[Recipient], listenname: str) -> str:
    """Person records for every address, then one list that holds them all."""
    blocks = []
    for r in recipients:
        name = r.name or r.email
        blocks.append([
            _attribute("dn", _dn(name, r.email)),
            "objectclass: top", "objectclass: person", "objectclass: inetOrgPerson",
            "objectclass: mozillaAbPersonAlpha",
            _attribute("cn", name),
            _attribute("mail", r.email),
            *([_attribute("o", r.organisation)] if r.organisation else []),
        ])
    blocks.append([
        _attribute("dn", f"cn={_dn_value(listenname)}"),
        "objectclass: top", "objectclass: groupOfNames",
        _attribute("cn", listenname),
        *(_attribute("member", _dn(r.name or r.email, r.email)) for r in recipients),
    ])
    return "\n".join("\n".join(block) + "\n" for block in blocks)


def _dn(name: str, email: str) -> str:
    return f"cn={_dn_value(name)},mail={_dn_value(email)}"


def _dn_value(value: str) -> str:
    """Escape a DN attribute value (RFC 4514): a comma in a name must not split the DN."""
    result = "".join(f"\\{c}" if c in ',+"\\<>;=' else c for c in value)
    if result.startswith((" ", "#")):
        result = "\\" + result
    return result[:-1] + "\\ " if result.endswith(" ") else result


def _attribute(name: str, value: str) -> str:
    """``name: value``, or ``name:: base64`` where the value is not a safe ASCII string."""
    safe = value.isascii() and not value.startswith(_UNSAFE_START) and not any(
        c in value for c in "\0\n\r")
    if safe:
        return f"{name}: {value}"
    return f"{name}:: {base64.b64encode(value.encode('utf-8')).decode('ascii')}"

"""The published list: one self-contained web page (and a Markdown version for CMS and wikis).

The page carries its own CSS and a little plain JavaScript for the filter bar; without
JavaScript the whole list is still there. Jinja2 escapes everything from the registry, so a name
containing ``<script>`` shows as text. Only publishable contacts reach the page – the same rule
as ``--nur-oeffentlich`` – because the page is meant for everyone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from netzwerk_cli.gazetteer import hagen
from netzwerk_cli.model import Angebot, Kontakt, Netzwerk, Register, art_label
from netzwerk_cli.text import key, wortkette

STADTWEIT = "Stadtweit"


def seitendaten(register: Register, netzwerke: list[tuple[str, Netzwerk]],
                angebote: list[tuple[str, Angebot]], titel: str, heute: dt.date
                ) -> dict[str, Any]:
    """Everything the templates show, as plain data: sections by Stadtbezirk, then city-wide."""
    abschnitte: dict[str, list[dict[str, Any]]] = {b.name: [] for b in hagen().bezirke()}
    abschnitte[STADTWEIT] = []
    for netzwerk_id, netzwerk in netzwerke:
        eintrag = _eintrag(register, netzwerk_id, netzwerk)
        bezirke = eintrag["bezirke"] or [STADTWEIT]
        for bezirk in bezirke:
            abschnitte[bezirk].append(eintrag)
    staende = sorted(e.stand for _, e in [*netzwerke, *angebote] if e.stand)
    return {
        "titel": titel,
        "erzeugt": heute.strftime("%d.%m.%Y"),
        "stand_von": staende[0] if staende else "",
        "stand_bis": staende[-1] if staende else "",
        "abschnitte": [(name, sorted(liste, key=lambda e: key(e["name"])))
                       for name, liste in abschnitte.items() if liste],
        "angebote": [_eintrag(register, i, a) for i, a in angebote],
        "bezirke": [b for b in abschnitte if abschnitte[b]],
        "themen": sorted({t for _, n in netzwerke for t in n.themen}, key=key),
        "arten": sorted({art_label(n.art) for _, n in netzwerke}, key=key),
        "anzahl": len(netzwerke),
    }


def _eintrag(register: Register, eintrag_id: str, eintrag: Netzwerk | Angebot) -> dict[str, Any]:
    kontakte = [_kontakt(k) for _, k in register.kontakte_von(eintrag) if k.oeffentlich]
    daten: dict[str, Any] = {
        "id": eintrag_id, "name": eintrag.name, "themen": eintrag.themen,
        "zielgruppen": eintrag.zielgruppen, "webseite": _link(eintrag.webseite),
        "webseite_text": eintrag.webseite, "stand": eintrag.stand, "kontakte": kontakte,
        "notiz": eintrag.notiz, "art": "Angebot", "gebiet": "stadtweit", "bezirke": [],
        "treffen": getattr(eintrag, "treffen", ""),
    }
    if isinstance(eintrag, Netzwerk):
        daten |= {"art": art_label(eintrag.art), "gebiet": eintrag.gebiet,
                  "bezirke": sorted({o.bezirk for o in eintrag.orte()}, key=key)}
    # What the free-text filter searches, folded like `netz search` (ä = ae, ß = ss).
    daten["suchtext"] = wortkette(" ".join([eintrag.name, daten["art"], daten["gebiet"],
                                            *eintrag.themen, eintrag.notiz,
                                            *(k["name"] for k in kontakte)])).strip()
    return daten


def _kontakt(kontakt: Kontakt) -> dict[str, Any]:
    adresse = ", ".join(filter(None, [kontakt.strasse, " ".join(filter(None, [kontakt.plz,
                                                                              kontakt.ort]))]))
    return {"name": kontakt.anzeigename, "funktion": kontakt.funktion,
            "organisation": kontakt.organisation if kontakt.name else kontakt.abteilung,
            "adresse": adresse, "telefon": kontakt.telefon, "tel": _tel(kontakt.telefon),
            "email": kontakt.email, "webseite": _link(kontakt.webseite),
            "webseite_text": kontakt.webseite}


def _link(webseite: str) -> str:
    if not webseite:
        return ""
    return webseite if "://" in webseite else f"https://{webseite}"


def _tel(telefon: str) -> str:
    """A ``tel:`` URI (RFC 3966): international digits, so phones dial it from anywhere."""
    if not telefon:
        return ""
    import phonenumbers

    basis, _, durchwahl = telefon.rpartition("-") if "-" in telefon else (telefon, "", "")
    try:
        nummer = phonenumbers.parse(basis + durchwahl, "DE")
    except phonenumbers.NumberParseException:
        return ""
    return "tel:" + phonenumbers.format_number(nummer, phonenumbers.PhoneNumberFormat.E164)


def _umgebung(autoescape: bool):
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(loader=PackageLoader("netzwerk_cli.export", "templates"),
                       autoescape=autoescape, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def als_html(daten: dict[str, Any]) -> str:
    """The self-contained page."""
    return _umgebung(autoescape=True).get_template("netzwerke.html.j2").render(**daten)


def als_markdown(daten: dict[str, Any]) -> str:
    """The same content as Markdown, with Markdown's special characters escaped."""
    umgebung = _umgebung(autoescape=False)
    umgebung.filters["md"] = _markdown_escape
    return umgebung.get_template("netzwerke.md.j2").render(**daten)


def _markdown_escape(text: str) -> str:
    """Escape what would start emphasis, code, links or HTML in running Markdown text."""
    return "".join(f"\\{z}" if z in "\\`*_[]<>" else z for z in str(text))

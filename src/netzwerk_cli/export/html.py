"""The published list: one self-contained web page (and a Markdown version for CMS and wikis).

The page carries its own CSS and a little plain JavaScript for the filter bar; without
JavaScript the whole list is still there. Jinja2 escapes everything from the registry, so a name
containing ``<script>`` shows as text. Only publishable contacts reach the page – the same rule
as ``--nur-oeffentlich`` – because the page is meant for everyone. Of a network's members the
page shows how many there are and the names of the organisations among them that may be
published; members are personal data, so no person's name.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from netzwerk_cli.gazetteer import hagen
from netzwerk_cli.meetings import rhythm_text
from netzwerk_cli.model import (
    ANGEBOTE,
    FIELD_LABELS,
    Angebot,
    Kontakt,
    Netzwerk,
    Registry,
    art_label,
    derived_labels,
    stand_text,
)
from netzwerk_cli.text import count, key, word_chain

if TYPE_CHECKING:
    from jinja2 import Environment

    from netzwerk_cli.query import Criteria

STADTWEIT = "Stadtweit"
PageData = dict[str, Any]


def angebote_to_publish(registry: Registry, criteria: Criteria, without_angebote: bool
                        ) -> list[tuple[str, Angebot]]:
    """The offers go on the page of the whole list only: a page filtered to some networks
    (by area, topic, kind or id) is about those networks, and the offers are city-wide."""
    if without_angebote or criteria.narrows:
        return []
    return sorted(registry.angebote.items())


def page_data(registry: Registry, netzwerke: list[tuple[str, Netzwerk]],
              angebote: list[tuple[str, Angebot]], titel: str, today: dt.date) -> PageData:
    """Everything the templates show, as plain data: sections by Stadtbezirk, then city-wide."""
    sections: dict[str, list[dict[str, Any]]] = {b.name: [] for b in hagen().bezirke()}
    sections[STADTWEIT] = []
    shown: dict[str, dict[str, Any]] = {}  # each contact's data once, however many list it
    order: dict[str, str] = {}  # each network's name folded once, for every section it is in
    for netzwerk_id, netzwerk in netzwerke:
        item = _item(registry, netzwerk_id, netzwerk, shown)
        order[netzwerk_id] = key(netzwerk.name)
        for bezirk in item["bezirke"] or [STADTWEIT]:
            sections[bezirk].append(item)
    entries: list[Netzwerk | Angebot] = [e for _, e in netzwerke] + [a for _, a in angebote]
    stand = sorted(e.stand for e in entries if e.stand)
    arten = [art for art in registry.anmerkungen if any(n.art == art for _, n in netzwerke)]
    return {
        "titel": titel,
        # Where the entries come from, so the page says what „abgeleitet“ is measured against;
        # the registry's title beside it where the page has another.
        "quelle": registry.quelle,
        "register_titel": registry.titel if registry.titel != titel else "",
        "erzeugt": today.strftime("%d.%m.%Y"),
        "stand_von": stand[0] if stand else "",
        "stand_bis": stand[-1] if stand else "",
        "abschnitte": [(name, sorted(items, key=lambda e: order[e["id"]]))
                       for name, items in sections.items() if items],
        "angebote": [_item(registry, i, a, shown) for i, a in angebote],
        "bezirke": [b for b in sections if sections[b]],
        "themen": sorted({t for _, n in netzwerke for t in n.themen}, key=key),
        "arten": sorted({art_label(n.art) for _, n in netzwerke}, key=key),
        "anzahl": len(netzwerke),
        # The registry's notes on a kind, once for the page: („Weitere Sozialraumteams sind
        # geplant.“) for the kinds on it; the note on the offers goes with their section.
        "anmerkungen": [(art_label(art), registry.anmerkungen[art]) for art in arten],
        "anmerkung_angebote": registry.anmerkungen.get(ANGEBOTE, "") if angebote else "",
        "abgeleitet": any(item.get("abgeleitet") for _, items in sections.items()
                          for item in items) or any(derived_labels(a) for _, a in angebote),
    }


def published_entry(registry: Registry, entry_id: str, entry: Netzwerk | Angebot
                    ) -> dict[str, Any]:
    """One network or offer exactly as the published page shows it (only publishable
    contacts, members as a count): the check round's letters show entries through this. A
    letter also names a derived permission to publish a contact, to be confirmed."""
    return _item(registry, entry_id, entry, {}, permission=True)


def _item(registry: Registry, entry_id: str, entry: Netzwerk | Angebot,
          shown: dict[str, dict[str, Any]], permission: bool = False) -> dict[str, Any]:
    kontakte = [shown.get(i) or shown.setdefault(i, _kontakt(k))
                for i, k in registry.kontakte_of(entry) if k.oeffentlich]
    data: dict[str, Any] = {
        "id": entry_id, "name": entry.name, "themen": entry.themen,
        "zielgruppen": entry.zielgruppen, "webseite": _link(entry.webseite),
        "webseite_text": entry.webseite, "stand": entry.stand, "kontakte": kontakte,
        "notiz": entry.notiz, "art": "Angebot", "gebiet": "stadtweit", "bezirke": [],
        "treffen": rhythm_text(entry) if isinstance(entry, Netzwerk) else "", "mitglieder": "",
        "mitglieder_organisationen": [],
        # Label → why: the values the source does not say as they are shown ("Gebiet": "aus
        # dem Namen"); a public contact's derived values count for the entry's "Kontakt".
        "abgeleitet": _derived(registry, entry, permission),
        # The Stand in words (the source's, or a later check): ``model.stand_text``.
        "stand_text": stand_text(entry.stand, bool(derived_labels(entry)), registry.quelle),
        "arbeitsweise": entry.arbeitsweise if isinstance(entry, Netzwerk) else [],
    }
    if isinstance(entry, Netzwerk):
        data |= {"art": art_label(entry.art), "gebiet": registry.area_text(entry),
                 "bezirke": sorted({p.bezirk for p in registry.places_of(entry)}, key=key)}
        data |= _members(registry, entry_id)
    # What the free-text filter searches, folded like `netz search` (ä = ae, ß = ss).
    data["suchtext"] = word_chain(" ".join([entry.name, data["art"], data["gebiet"],
                                            *entry.themen, entry.notiz,
                                            *(k["name"] for k in kontakte),
                                            *data["mitglieder_organisationen"]])).strip()
    return data


def _derived(registry: Registry, entry: Netzwerk | Angebot, permission: bool = False
             ) -> dict[str, str]:
    """The entry's derived values (label → why); those of its public contacts count for its
    „Kontakt“ – the permission to publish one only with ``permission`` (the page does not show
    it; the check round asks to confirm it)."""
    labels = derived_labels(entry)
    reasons = [f"{kontakt.display_name}: {reason}" for _, kontakt in registry.kontakte_of(entry)
               if kontakt.oeffentlich for label, reason in derived_labels(kontakt).items()
               if permission or label != FIELD_LABELS["oeffentlich"]]
    if reasons:
        labels["Kontakt"] = "; ".join(([labels["Kontakt"]] if "Kontakt" in labels else [])
                                      + reasons)
    return labels


def _members(registry: Registry, netzwerk_id: str) -> dict[str, Any]:
    """How many members a network has, and the publishable organisations among them."""
    members = registry.mitglieder.get(netzwerk_id, {})
    organisations = sorted((kontakt.display_name for kontakt in map(registry.kontakte.__getitem__,
                                                                    members)
                            if kontakt.art == "organisation" and kontakt.oeffentlich), key=key)
    return {"mitglieder": count(len(members), "Mitglied", "Mitglieder") if members else "",
            "mitglieder_organisationen": organisations}


def _kontakt(kontakt: Kontakt) -> dict[str, Any]:
    adresse = ", ".join(filter(None, [kontakt.strasse, " ".join(filter(None, [kontakt.plz,
                                                                              kontakt.ort]))]))
    return {"name": kontakt.display_name, "funktion": kontakt.funktion,
            "organisation": kontakt.organisation if kontakt.name else kontakt.abteilung,
            "adresse": adresse, "telefon": kontakt.telefon, "tel": _tel(kontakt.telefon),
            "email": kontakt.email, "webseite": _link(kontakt.webseite),
            "webseite_text": kontakt.webseite}


def _link(webseite: str) -> str:
    """The page's link: only to an http or https address ("javascript:…" in a hand-edited file
    is left out, together with its text)."""
    from netzwerk_cli.validate import web_link

    return web_link(webseite) if webseite else ""


def _tel(telefon: str) -> str:
    """A ``tel:`` URI (RFC 3966): international digits, so phones dial it from anywhere; none
    for what is no valid number."""
    from netzwerk_cli.validate import telefon_international

    parts = telefon_international(telefon) if telefon else None
    return f"tel:{parts[1]}" if parts else ""


def _environment(autoescape: bool) -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    class PlainDataEnvironment(Environment):
        """The page data is plain dicts: ``e.name`` looks up the key first. Jinja's own order
        (attribute first) raises and catches an AttributeError at every field of every entry,
        half the rendering time of a page of 10,000 entries."""

        def getattr(self, obj: Any, attribute: str) -> Any:
            if type(obj) is dict and attribute in obj:
                return obj[attribute]
            return super().getattr(obj, attribute)

    return PlainDataEnvironment(loader=PackageLoader("netzwerk_cli.export", "templates"),
                                autoescape=autoescape, undefined=StrictUndefined,
                                trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def to_html(data: PageData) -> str:
    """The self-contained page."""
    return _environment(autoescape=True).get_template("netzwerke.html.j2").render(**data)


def to_markdown(data: PageData) -> str:
    """The same content as Markdown, with Markdown's special characters escaped."""
    environment = _environment(autoescape=False)
    environment.filters["md"] = _markdown_escape
    return environment.get_template("netzwerke.md.j2").render(**data)


def _markdown_escape(text: str) -> str:
    """Escape what would start emphasis, code, links or HTML in running Markdown text."""
    return "".join(f"\\{c}" if c in "\\`*_[]<>" else c for c in str(text))

"""The published list: one self-contained web page (and a Markdown version for CMS and wikis).

The page carries its own CSS and a little plain JavaScript for the filter bar; without
JavaScript the whole list is still there. Everything from the registry is escaped as Jinja2
escapes it (also in the entries, which ``_eintrag`` writes), so a name containing ``<script>``
shows as text. Only publishable contacts reach the page – the same rule
as ``--nur-oeffentlich`` – because the page is meant for everyone. Of a network's members the
page shows how many there are and the names of the organisations among them that may be
published; members are personal data, so no person's name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
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
    shared = _Shared()
    order: dict[str, str] = {}  # each network's name folded once, for every section it is in
    for netzwerk_id, netzwerk in netzwerke:
        item = _item(registry, netzwerk_id, netzwerk, shared)
        order[netzwerk_id] = key(netzwerk.name)
        for bezirk in item["bezirke"] or [STADTWEIT]:
            sections[bezirk].append(item)
    entries: list[Netzwerk | Angebot] = [e for _, e in netzwerke] + [a for _, a in angebote]
    stand = sorted(e.stand for e in entries if e.stand)
    kinds = {n.art for _, n in netzwerke}
    arten = [art for art in registry.anmerkungen if art in kinds]
    offers = [_item(registry, i, a, shared) for i, a in angebote]
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
        "angebote": offers,
        "bezirke": [b for b in sections if sections[b]],
        "themen": sorted({t for _, n in netzwerke for t in n.themen}, key=key),
        "arten": sorted({art_label(art) for art in kinds}, key=key),
        "anzahl": len(netzwerke),
        # The registry's notes on a kind, once for the page: („Weitere Sozialraumteams sind
        # geplant.“) for the kinds on it; the note on the offers goes with their section.
        "anmerkungen": [(art_label(art), registry.anmerkungen[art]) for art in arten],
        "anmerkung_angebote": registry.anmerkungen.get(ANGEBOTE, "") if angebote else "",
        "abgeleitet": any(item["abgeleitet"] for items in sections.values() for item in items)
                      or any(derived_labels(a) for _, a in angebote),
    }


def published_entry(registry: Registry, entry_id: str, entry: Netzwerk | Angebot
                    ) -> dict[str, Any]:
    """One network or offer exactly as the published page shows it (only publishable
    contacts, members as a count): the check round's letters show entries through this. A
    letter also names a derived permission to publish a contact, to be confirmed."""
    return _item(registry, entry_id, entry, _Shared(), permission=True)


class _Shared:
    """What many entries of a page share, worked out once for the page: a contact's data, its
    derived values and whether it is a publishable organisation, and a value's folded words
    (10,000 networks share a few kinds, areas, topics and contacts)."""

    def __init__(self) -> None:
        self.kontakte: dict[str, dict[str, Any]] = {}
        self.reasons: dict[str, list[str]] = {}
        self.organisations: dict[str, str] = {}
        self.words: dict[str, str] = {}
        self.keys: dict[str, str] = {}

    def kontakt(self, kontakt_id: str, kontakt: Kontakt) -> dict[str, Any]:
        shown = self.kontakte.get(kontakt_id)
        if shown is None:
            shown = self.kontakte[kontakt_id] = _kontakt(kontakt)
        return shown

    def key(self, text: str) -> str:
        folded = self.keys.get(text)
        if folded is None:
            folded = self.keys[text] = key(text)
        return folded


def _item(registry: Registry, entry_id: str, entry: Netzwerk | Angebot,
          shared: _Shared, permission: bool = False) -> dict[str, Any]:
    public = [(i, k) for i, k in registry.kontakte_of(entry) if k.oeffentlich]
    kontakte = [shared.kontakt(i, k) for i, k in public]
    labels = derived_labels(entry)
    has_derived = bool(labels)  # before the contacts' derived values join them
    if isinstance(entry, Netzwerk):
        art, gebiet = art_label(entry.art), registry.area_text(entry)
        bezirke = {p.bezirk for p in registry.places_of(entry)}
        members = registry.mitglieder.get(entry_id)
        organisations = _organisations(registry, members, shared) if members else []
        treffen, arbeitsweise = rhythm_text(entry), entry.arbeitsweise
    else:
        art, gebiet, bezirke, members, organisations = "Angebot", "stadtweit", set(), None, []
        treffen, arbeitsweise = "", []
    return {
        "id": entry_id, "name": entry.name, "themen": entry.themen,
        "zielgruppen": entry.zielgruppen, "webseite": _link(entry.webseite),
        "webseite_text": entry.webseite, "stand": entry.stand, "kontakte": kontakte,
        "notiz": entry.notiz, "art": art, "gebiet": gebiet,
        "bezirke": sorted(bezirke, key=shared.key) if len(bezirke) > 1 else [*bezirke],
        "treffen": treffen,
        # How many members a network has, and the publishable organisations among them.
        "mitglieder": count(len(members), "Mitglied", "Mitglieder") if members else "",
        "mitglieder_organisationen": organisations,
        # Label → why: the values the source does not say as they are shown ("Gebiet": "aus
        # dem Namen"); a public contact's derived values count for the entry's "Kontakt".
        "abgeleitet": _derived(labels, public, shared, permission) if public else labels,
        # The Stand in words (the source's, or a later check): ``model.stand_text``.
        "stand_text": stand_text(entry.stand, has_derived, registry.quelle),
        "arbeitsweise": arbeitsweise,
        # What the free-text filter searches, folded like `netz search` (ä = ae, ß = ss).
        "suchtext": search_text([entry.name, art, gebiet, *entry.themen, entry.notiz,
                                 *(k["name"] for k in kontakte), *organisations],
                                shared.words),
    }


def search_text(parts: list[str], folded: dict[str, str]) -> str:
    """The folded words of ``parts`` (``text.word_chain``) on one line, each part folded once
    for all entries (``folded``: part → its words): folding is character by character and a
    space ends a word, so the words of the parts joined are the parts' words joined."""
    chains = []
    for part in parts:
        chain = folded.get(part)
        if chain is None:
            chain = folded[part] = word_chain(part).strip()
        if chain:
            chains.append(chain)
    return " ".join(chains)


def _derived(labels: dict[str, str], public: list[tuple[str, Kontakt]], shared: _Shared,
             permission: bool = False) -> dict[str, str]:
    """The entry's derived values (``labels``: label → why); those of its public contacts
    count for its „Kontakt“ – the permission to publish one only with ``permission`` (the page
    does not show it; the check round asks to confirm it)."""
    reasons = [reason for kontakt_id, kontakt in public
               for reason in _contact_reasons(kontakt_id, kontakt, shared, permission)]
    if reasons:
        labels["Kontakt"] = "; ".join(([labels["Kontakt"]] if "Kontakt" in labels else [])
                                      + reasons)
    return labels


def _contact_reasons(kontakt_id: str, kontakt: Kontakt, shared: _Shared, permission: bool
                     ) -> list[str]:
    """A public contact's derived values as the entry's „Kontakt“ names them."""
    if permission:
        return [f"{kontakt.display_name}: {reason}"
                for reason in derived_labels(kontakt).values()]
    reasons = shared.reasons.get(kontakt_id)
    if reasons is None:
        reasons = shared.reasons[kontakt_id] = [
            f"{kontakt.display_name}: {reason}" for label, reason in derived_labels(kontakt).items()
            if label != FIELD_LABELS["oeffentlich"]]
    return reasons


def _organisations(registry: Registry, members: dict[str, Any], shared: _Shared) -> list[str]:
    """The publishable organisations among a network's members, by name."""
    organisations = []
    for kontakt_id in members:
        name = shared.organisations.get(kontakt_id)
        if name is None:
            kontakt = registry.kontakte[kontakt_id]
            name = shared.organisations[kontakt_id] = (
                kontakt.display_name if kontakt.art == "organisation" and kontakt.oeffentlich
                else "")
        if name:
            organisations.append(name)
    if len(organisations) > 1:
        organisations.sort(key=shared.key)
    return organisations


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
    if not webseite:
        return ""
    from netzwerk_cli.validate import web_link

    return web_link(webseite)


def _tel(telefon: str) -> str:
    """A ``tel:`` URI (RFC 3966): international digits, so phones dial it from anywhere; none
    for what is no valid number."""
    if not telefon:
        return ""
    from netzwerk_cli.validate import telefon_international

    parts = telefon_international(telefon)
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
    """The self-contained page (``html_pieces`` joined)."""
    return "".join(html_pieces(data))


def html_pieces(data: PageData) -> Iterator[str]:
    """The self-contained page in pieces as the template makes them: the template lays it
    out, ``eintrag`` writes each entry. A page of 100,000 networks as one text would take
    several hundred megabytes more than its bytes (``formats.Format.render`` encodes it a few
    thousand pieces at a time)."""
    from markupsafe import Markup

    environment = _environment(autoescape=True)
    escape = _escaper()
    lines: dict[int, str] = {}  # each contact's line once, however many entries list it
    environment.globals["eintrag"] = lambda e: Markup(_eintrag(e, escape, lines))
    return environment.get_template("netzwerke.html.j2").generate(**data)


# Whether a text holds a character ``markupsafe.escape`` replaces.
_ESCAPED_CHARACTER = re.compile("[&<>'\"]").search


def _escaper() -> Callable[[str], str]:
    """Jinja's escaping (``markupsafe.escape``) of a text, each text once for the page: the
    entries share kinds, areas, topics and dates."""
    from markupsafe import escape

    escaped: dict[str, str] = {}

    def escape_once(text: str) -> str:
        html = escaped.get(text)
        if html is None:
            # Most texts hold none of the five characters escaping replaces: kept as they are.
            plain = type(text) is str and not _ESCAPED_CHARACTER(text)
            html = escaped[text] = text if plain else str(escape(text))
        return html

    return escape_once


# The mark of a value the source does not say as it is shown.
_ABGELEITET = '<span class="abgeleitet">abgeleitet</span>'


def _eintrag(e: dict[str, Any], escape: Callable[[str], str], lines: dict[int, str]) -> str:
    """One entry of the page, ``<li class="netzwerk">…</li>``, every value escaped.

    Written here rather than as a macro of the template, for speed: Jinja looks up and escapes
    each field of each entry one by one, half as long again on a page of 10,000 entries; here a
    value many entries share is escaped once, a contact many list is written once. The page
    around it is the template's; tests/test_html_bytes.py holds both to the byte: a field
    shown as a ``<dt>``/``<dd>`` pair, the mark of a derived value after it, the reasons below
    the entry."""
    derived = e["abgeleitet"]

    def mark(label: str) -> str:
        return f" {_ABGELEITET}" if label in derived else ""

    def field(label: str, text: str, marked: bool = True) -> str:
        return f"<dt>{label}</dt><dd>{escape(text)}{mark(label) if marked else ''}</dd>"

    html = [f'<li class="netzwerk" data-bezirke="{escape("|".join(e["bezirke"]))}" '
            f'data-themen="{escape("|".join(e["themen"]))}" data-art="{escape(e["art"])}" '
            f'data-text="{escape(e["suchtext"])}">\n'
            f'  <h3>{escape(e["name"])}{mark("Name")}</h3>\n'
            f'  <p class="merkmale">{escape(e["art"])} · {escape(e["gebiet"])}{mark("Gebiet")}'
            "</p>\n"
            "  <dl>\n"]
    if e["themen"]:
        html.append(field("Themen", ", ".join(e["themen"])))
    if e["zielgruppen"]:
        html.append(field("Zielgruppen", ", ".join(e["zielgruppen"])))
    if e["treffen"]:
        html.append(field("Treffen", e["treffen"]))
    if e["arbeitsweise"]:
        punkte = "".join(f"<li>{escape(punkt)}</li>" for punkt in e["arbeitsweise"])
        html.append(f'<dt>Arbeitsweise</dt><dd><ul class="arbeitsweise">{punkte}</ul></dd>')
    if e["webseite"]:
        html.append(f'<dt>Webseite</dt><dd><a href="{escape(e["webseite"])}">'
                    f'{escape(e["webseite_text"])}</a></dd>')
    if e["notiz"]:
        html.append(field("Hinweis", e["notiz"], marked=False))
    if e["kontakte"]:
        html.append("    <dt>Kontakt</dt>\n"
                    f"    <dd>{_ABGELEITET if 'Kontakt' in derived else ''}"
                    '      <ul class="kontakte">\n')
        for k in e["kontakte"]:
            line = lines.get(id(k))
            if line is None:
                line = lines[id(k)] = _kontakt_line(k, escape)
            html.append(line)
        html.append("      </ul>\n    </dd>\n")
    if e["mitglieder"]:
        darunter = (f", darunter {escape(', '.join(e['mitglieder_organisationen']))}"
                    if e["mitglieder_organisationen"] else "")
        html.append(f'<dt>Mitglieder</dt><dd>{escape(e["mitglieder"])}{darunter}</dd>')
    if e["stand"]:
        html.append(field("Stand", e["stand_text"], marked=False))
    html.append("  </dl>\n")
    if derived:
        reasons = " · ".join(f"{escape(label)}: {escape(grund)}"
                             for label, grund in derived.items())
        html.append(f'  <p class="herkunft">{_ABGELEITET} {reasons}</p>\n')
    html.append("</li>\n")
    return "".join(html)


def _kontakt_line(k: dict[str, Any], escape: Callable[[str], str]) -> str:
    """A contact of an entry, ``<li>`` Name (Funktion), Organisation, Adresse, Telefon, E-Mail,
    Webseite``</li>``: what it has of these, the phone number, e-mail and web site as links."""
    parts = [escape(k["name"])]
    if k["funktion"]:
        parts.append(f' ({escape(k["funktion"])})')
    if k["organisation"]:
        parts.append(f', {escape(k["organisation"])}')
    if k["adresse"]:
        parts.append(f', {escape(k["adresse"])}')
    if k["telefon"]:
        telefon = escape(k["telefon"])
        parts.append(f', <a href="{escape(k["tel"])}">{telefon}</a>' if k["tel"]
                     else f", {telefon}")
    if k["email"]:
        email = escape(k["email"])
        parts.append(f', <a href="mailto:{email}">{email}</a>')
    if k["webseite"]:
        parts.append(f', <a href="{escape(k["webseite"])}">{escape(k["webseite_text"])}</a>')
    return f"        <li>{''.join(parts)}</li>\n"


def to_markdown(data: PageData) -> str:
    """The same content as Markdown (``markdown_pieces`` joined)."""
    return "".join(markdown_pieces(data))


def markdown_pieces(data: PageData) -> Iterator[str]:
    """The same content as Markdown, with Markdown's special characters escaped, in pieces
    (as ``html_pieces``)."""
    environment = _environment(autoescape=False)
    environment.filters["md"] = _markdown_escape
    return environment.get_template("netzwerke.md.j2").generate(**data)


def _markdown_escape(text: str) -> str:
    """Escape what would start emphasis, code, links or HTML in running Markdown text."""
    return "".join(f"\\{c}" if c in "\\`*_[]<>" else c for c in str(text))

"""A write replaces only the text of the entries it changed (splice.py).

For a file in netz's canonical form the spliced text must equal the full serialisation byte for
byte, and read back as the changed registry: checked on random sequences of changes with
Hypothesis, on the table level (every kind of value TOML has) and through ``apply_change`` with
the real change functions.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netzwerk_cli import changes, contacts, members
from netzwerk_cli.model import ANMERKUNGEN, MEMBER_TABLE, TABLES, Kontakt, Netzwerk, Treffen
from netzwerk_cli.registry import (
    HEADER,
    embedded_registry,
    registry_from_text,
    registry_tables,
    registry_to_toml,
    tables_to_toml,
)
from netzwerk_cli.splice import NOT_CANONICAL, splice, strictly_equal
from netzwerk_cli.storage import apply_change

TODAY = dt.date(2026, 3, 1)

# --- Table level: any values ------------------------------------------------------------------

ids = st.text("abcdef-", min_size=1, max_size=4).filter(
    lambda s: not s.startswith("-") and not s.endswith("-") and "--" not in s)
texts = st.text(st.characters(min_codepoint=1, max_codepoint=0x2FF,
                              blacklist_categories=("Cs",)), max_size=12) | st.sampled_from(
    ["", "a\nb", 'Zitat "x"', "C:\\pfad", "# kein Kommentar", "[netzwerke.a]", "zeile\r\n"])
scalars = (texts | st.integers(-10**6, 10**6) | st.booleans()
           | st.floats(allow_nan=False, allow_infinity=False, width=32)
           | st.dates(dt.date(1990, 1, 1), dt.date(2030, 1, 1))
           | st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2030, 1, 1),
                          timezones=st.none() | st.just(dt.UTC)
                          | st.just(dt.timezone(dt.timedelta(hours=1)))))
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from(["a", "b", "c"]), inner, max_size=2), max_leaves=5)
entries = st.fixed_dictionaries(
    {"name": texts},
    optional={"art": st.sampled_from(["netzwerk", "person"]), "themen": st.lists(texts, max_size=3),
              "x_a": values, "x_b": values,
              "x_raum": st.dictionaries(st.sampled_from(["ort", "plaetze"]), values, min_size=1,
                                        max_size=2),
              "x_termine": st.lists(st.fixed_dictionaries({"datum": st.dates()}), min_size=1,
                                    max_size=2)})


def canonical(tables: dict[str, Any]) -> dict[str, Any]:
    """Tables in the order ``registry_tables`` gives: top fields, tables by id, members."""
    top: dict[str, Any] = {"schema": 2}
    for name in ("titel", "quelle"):
        if tables.get(name):
            top[name] = tables[name]
    if tables.get(ANMERKUNGEN):
        top[ANMERKUNGEN] = dict(sorted(tables[ANMERKUNGEN].items()))
    for table in TABLES:
        if tables.get(table):
            top[table] = {i: tables[table][i] for i in sorted(tables[table])}
    member_tables = {n: {k: tables[MEMBER_TABLE][n][k] for k in sorted(tables[MEMBER_TABLE][n])}
                     for n in sorted(tables.get(MEMBER_TABLE, {}))
                     if tables[MEMBER_TABLE][n]}
    if member_tables:
        top[MEMBER_TABLE] = member_tables
    return top


operations = st.one_of(
    st.tuples(st.just("set"), st.sampled_from([*TABLES, MEMBER_TABLE]), ids, ids, entries),
    st.tuples(st.just("remove"), st.sampled_from([*TABLES, MEMBER_TABLE]), ids, ids, st.none()),
    st.tuples(st.just("field"), st.sampled_from([*TABLES, MEMBER_TABLE]), ids, ids, values),
    st.tuples(st.just("top"), st.sampled_from(["titel", "quelle"]), texts, st.none(),
              st.none()),
    st.tuples(st.just("note"), st.sampled_from(["netzwerk", "angebote"]), texts, st.none(),
              st.none()),
)


def apply(tables: dict[str, Any], operation: tuple[Any, ...]) -> None:
    kind, table, first, second, value = operation
    if kind == "top":
        tables[table] = first
        return
    if kind == "note":
        tables.setdefault(ANMERKUNGEN, {})[table] = first
        return
    holder = tables.setdefault(table, {})
    key = first
    if table == MEMBER_TABLE:
        holder = holder.setdefault(first, {})
        key = second
    if kind == "set":
        holder[key] = value
    elif kind == "remove":
        holder.pop(key, None)
    elif key in holder:
        holder[key] = {**holder[key], "x_neu": value}


def copied(tables: dict[str, Any]) -> dict[str, Any]:
    import copy

    return copy.deepcopy(tables)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=st.lists(operations, max_size=12), change=st.lists(operations, min_size=1,
                                                                 max_size=6),
       crlf=st.booleans())
def test_spliced_text_equals_the_full_serialisation(start, change, crlf):
    old: dict[str, Any] = {}
    for operation in start:
        apply(old, operation)
    old = canonical(old)
    new = copied(old)
    for operation in change:
        apply(new, operation)
    new = canonical(new)
    before = tables_to_toml(old)
    full = tables_to_toml(new)
    if crlf:
        before, full = before.replace("\n", "\r\n"), full.replace("\n", "\r\n")
    spliced = splice(before.encode(), old, new, HEADER)
    assert spliced is not None
    assert spliced.text == full.encode()
    assert not spliced.comments_dropped
    assert strictly_equal(tomllib.loads(spliced.text.decode()), new)


def test_unchanged_tables_give_the_text_unchanged():
    tables = registry_tables(registry_from_text(embedded_registry().read_text("utf-8"), "x"))
    text = tables_to_toml(tables).encode()
    spliced = splice(text, tables, copied(tables), HEADER)
    assert spliced is not None and spliced.text is text and not spliced.changed


def test_true_is_not_one_and_offsets_count():
    """An own field changed from 1 to true (equal in Python) or to the same instant in another
    UTC offset is a change that is written."""
    plus_one = dt.datetime(2025, 1, 1, 10, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    for was, now in ((1, True), (1, 1.0), (plus_one, plus_one.astimezone(dt.UTC))):
        old = canonical({"netzwerke": {"a": {"name": "A", "x_wert": was}}})
        new = canonical({"netzwerke": {"a": {"name": "A", "x_wert": now}}})
        spliced = splice(tables_to_toml(old).encode(), old, new, HEADER)
        assert spliced is not None and spliced.text == tables_to_toml(new).encode()


# --- Through apply_change: the real change functions -----------------------------------------


def _netzwerk(name: str) -> Netzwerk:
    return Netzwerk(name=name, art="netzwerk", stadtteile=["Wehringhausen"],
                    themen=["Jugendarbeit"])


registry_changes = st.one_of(
    st.tuples(st.just("add-netzwerk"), ids),
    st.tuples(st.just("edit-netzwerk"), st.integers(0, 50)),
    st.tuples(st.just("remove-netzwerk"), st.integers(0, 50)),
    st.tuples(st.just("add-kontakt"), ids),
    st.tuples(st.just("edit-kontakt"), st.integers(0, 50)),
    st.tuples(st.just("add-angebot"), ids),
    st.tuples(st.just("remove-angebot"), st.integers(0, 50)),
    st.tuples(st.just("add-mitglied"), st.integers(0, 50)),
    st.tuples(st.just("remove-mitglied"), st.integers(0, 50)),
    st.tuples(st.just("add-treffen"), st.integers(0, 50)),
    st.tuples(st.just("remove-treffen"), st.integers(0, 50)),
    st.tuples(st.just("titel"), texts),
    st.tuples(st.just("anmerkung"), texts),
)


def change_registry(registry: Any, operations: list[tuple[str, Any]]) -> None:
    from netzwerk_cli.model import Angebot

    for kind, value in operations:
        netzwerke, kontakte = sorted(registry.netzwerke), sorted(registry.kontakte)
        if kind == "add-netzwerk" and f"neu-{value}" not in registry.netzwerke:
            changes.add_netzwerk(registry, f"neu-{value}", _netzwerk(f"Neu {value}"), TODAY)
        elif kind == "edit-netzwerk" and netzwerke:
            changes.edit_netzwerk(registry, netzwerke[value % len(netzwerke)],
                                  {"notiz": f"Notiz {value}"}, {"themen": ["Inklusion"]}, {})
        elif kind == "remove-netzwerk" and netzwerke:
            changes.remove_entry(registry, netzwerke[value % len(netzwerke)])
        elif kind == "add-kontakt" and f"person-{value}" not in registry.kontakte:
            contacts.add_kontakt(registry, f"person-{value}",
                                 Kontakt(art="person", name=f"Person {value}"))
        elif kind == "edit-kontakt" and kontakte:
            registry.kontakte[kontakte[value % len(kontakte)]].telefon = f"02331 {value}"
        elif kind == "add-angebot" and f"angebot-{value}" not in registry.angebote \
                and f"angebot-{value}" not in registry.netzwerke:
            registry.angebote[f"angebot-{value}"] = Angebot(name=f"Angebot {value}")
        elif kind == "remove-angebot" and registry.angebote:
            angebote = sorted(registry.angebote)
            changes.remove_entry(registry, angebote[value % len(angebote)])
        elif kind == "add-mitglied" and netzwerke and kontakte:
            netzwerk_id = netzwerke[value % len(netzwerke)]
            kontakt_id = kontakte[value % len(kontakte)]
            if kontakt_id not in registry.mitglieder.get(netzwerk_id, {}):
                members.add_member(registry, netzwerk_id, kontakt_id, seit="2024-01")
        elif kind == "remove-mitglied" and registry.mitglieder:
            netzwerk_id = sorted(registry.mitglieder)[value % len(registry.mitglieder)]
            kontakt_id = sorted(registry.mitglieder[netzwerk_id])[0]
            del registry.mitglieder[netzwerk_id][kontakt_id]
            if not registry.mitglieder[netzwerk_id]:
                del registry.mitglieder[netzwerk_id]
        elif kind == "add-treffen" and netzwerke:
            netzwerk_id = netzwerke[value % len(netzwerke)]
            treffen_id = f"{netzwerk_id}-2026-0{value % 9 + 1}-01"
            registry.treffen.setdefault(treffen_id, Treffen(
                netzwerk=netzwerk_id, datum=f"2026-0{value % 9 + 1}-01",
                protokoll="Zeile 1\nZeile 2"))
        elif kind == "remove-treffen" and registry.treffen:
            del registry.treffen[sorted(registry.treffen)[value % len(registry.treffen)]]
        elif kind == "titel":
            registry.titel = value
        elif kind == "anmerkung":
            registry.anmerkungen["gremium"] = f"Anmerkung {value}".strip()


@pytest.fixture(scope="module")
def hagen_text() -> str:
    return registry_to_toml(registry_from_text(embedded_registry().read_text("utf-8"), "x"))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(operations=st.lists(registry_changes, min_size=1, max_size=8))
def test_a_write_through_apply_change_equals_the_full_serialisation(
        operations, hagen_text, tmp_path_factory):
    path = tmp_path_factory.mktemp("splice") / "networks.toml"
    path.write_text(hagen_text, encoding="utf-8")
    expected = registry_from_text(hagen_text, "x")
    change_registry(expected, operations)
    outcome = apply_change(path, lambda registry: change_registry(registry, operations))
    written = path.read_text("utf-8")
    assert written == registry_to_toml(expected)
    assert outcome.rewritten == ""
    assert registry_from_text(written, "x") == expected


def test_a_file_out_of_order_is_written_anew_and_says_so(tmp_path: Path, hagen_text: str):
    path = tmp_path / "networks.toml"
    first, rest = hagen_text.split("\n[netzwerke.", 1)[0], hagen_text.split("\n[netzwerke.", 1)
    head, second_start = rest[1].split("\n[", 1)
    # The first network moved behind the second: valid, but not netz's order.
    swapped = first + "\n[" + second_start.split("\n\n[", 1)[0] + "\n\n[netzwerke." + head + \
        "\n[" + second_start.split("\n\n[", 1)[1]
    assert registry_from_text(swapped, "x") == registry_from_text(hagen_text, "x")
    path.write_text(swapped, encoding="utf-8")
    outcome = apply_change(path, lambda r: changes.verify_entry(r, "ak-90", TODAY))
    assert outcome.rewritten == NOT_CANONICAL
    assert path.read_text("utf-8") == registry_to_toml(outcome.registry)


def test_comments_outside_the_changed_entry_stay_and_a_bom_and_crlf_too(tmp_path: Path,
                                                                        hagen_text: str):
    path = tmp_path / "networks.toml"
    text = hagen_text.replace("[netzwerke.ak-90]\n", "[netzwerke.ak-90]\n# im Eintrag\n", 1)
    text = text.replace("\n[kontakte.", "\n# vor den Kontakten\n[kontakte.", 1)
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    first = sorted(registry_from_text(text, "x").netzwerke)[-1]
    outcome = apply_change(path, lambda r: changes.verify_entry(r, first, TODAY))
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    after = data[3:].decode("utf-8")
    assert "\r\n# vor den Kontakten\r\n" in after and "# im Eintrag" in after
    assert after.count("\n") == after.count("\r\n")
    assert not outcome.comments_dropped
    assert outcome.rewritten == ""
    assert registry_from_text(after, "x").netzwerke[first].stand == TODAY.isoformat()

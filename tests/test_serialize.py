"""``serialize.dumps`` writes exactly what ``json.dumps(indent=2, ensure_ascii=False)`` writes,
only faster; and the JSON of ``--json`` on a large registry is built in one go."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from netzwerk_cli.serialize import dump_pieces, dumps

scalars = (st.none() | st.booleans() | st.integers() | st.floats() | st.text()
           | st.dates() | st.times())
json_like = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(st.text(), inner, max_size=4), max_leaves=30)


def standard(data: object) -> str:
    def iso(value: object) -> str:
        assert isinstance(value, (dt.date, dt.time))
        return value.isoformat()

    return json.dumps(data, ensure_ascii=False, indent=2, default=iso) + "\n"


@settings(max_examples=400)
@given(json_like)
def test_dumps_writes_what_the_standard_library_writes(data):
    assert dumps(data) == standard(data)


def test_dumps_leaves_keys_that_are_no_strings_to_the_standard_library():
    data = {"a": {1: "eins", None: [], 2.5: {}}, "b": [True, {"c": float("nan")}]}
    assert dumps(data) == standard(data)


def test_dumps_of_unicode_control_characters_and_nesting():
    data = [{"name": "Bürgerforum „Süd“ – Haßley", "x": "\x1b[31m\u2028\ud800", "n": [[[]], {}],
             "zahl": -0.0, "gross": 10**30, "wann": dt.datetime(2026, 11, 25, 16, 0)}]
    assert dumps(data) == standard(data)


def test_dumps_never_takes_the_pure_python_encoder(monkeypatch):
    import json.encoder

    def slow(*args: object, **kwargs: object) -> None:
        raise AssertionError("the pure-Python JSON encoder was used")

    monkeypatch.setattr(json.encoder, "_make_iterencode", slow)
    data = [{"id": "ak-90", "kontakte": [{"name": "Natalia Keller", "oeffentlich": True}]}]
    assert json.loads(dumps(data)) == data


@settings(max_examples=200)
@given(st.lists(st.dictionaries(st.text(max_size=3), json_like, max_size=3), min_size=1,
                max_size=3), st.data())
def test_dumps_of_dicts_shared_at_any_depth(pool, draw):
    """One dict object in several places (a contact of many networks), at the same and at
    other indentations, is written as the standard library writes it."""
    shared = st.sampled_from(pool)
    data = draw.draw(st.recursive(shared, lambda inner: st.lists(inner, max_size=4)
                                  | st.dictionaries(st.text(max_size=2), inner, max_size=3),
                                  max_leaves=12))
    assert dumps(data) == standard(data)


def test_dumps_writes_a_shared_dict_once(monkeypatch):
    """``netz list --json`` shares each contact's object among its networks: its text is
    copied, not encoded again for every network."""
    import json.encoder

    kontakt = {"name": "Natalia Keller", "email": "keller@example.org", "themen": ["Jugend"]}
    data = [{"id": f"netz-{number}", "kontakte": [kontakt]} for number in range(100)]
    expected = standard(data)
    encoded = []
    real = json.encoder.encode_basestring
    monkeypatch.setattr(json.encoder, "encode_basestring",
                        lambda text: encoded.append(text) or real(text))
    assert dumps(data) == expected
    assert encoded.count("Natalia Keller") == 1


def test_a_long_list_is_written_in_pieces_that_join_to_exactly_the_same_text():
    shared = {"name": "Anna", "x_liste": [1, 2.5, None]}
    data: list[Any] = [{"id": str(i), "kontakte": [shared, {"name": str(i)}], "treffen": {}}
                       for i in range(2500)]
    data[1700] = {1: "ein Schlüssel, der kein Text ist"}  # written by the standard library
    data[1701] = shared  # at another indentation than inside the entries
    pieces = list(dump_pieces(data))
    assert len(pieces) >= 3  # a piece per thousand entries, not one text of all of them
    assert "".join(pieces) == json.dumps(data, ensure_ascii=False, indent=2) + "\n"

"""Text folding and suggestions shared by the gazetteer, the search and every error message.

Coordinators type "Haßley", "Hassley", "hassley" and "HASSLEY" for the same place, and
"ae" for "ä" on keyboards without umlauts; every comparison in netz goes through these
functions so that all of them count as equal.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

# Letters of names in Hagen that Unicode does not decompose into a base letter and an accent
# (Yılmaz, Małgorzata): written as the base letter, as people type them without the key.
_UNDECOMPOSABLE = {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "æ": "ae", "œ": "oe"}
# The folding table: umlauts spelled out; typographic punctuation becomes a space right away,
# which keeps most names on the fast ASCII path of ``fold`` (``key`` and ``words`` drop it).
_FOLDING_TABLE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", **_UNDECOMPOSABLE,
                                **dict.fromkeys("–—„“”‚‘’«»§…·", " ")})
_NON_WORD = re.compile(r"[^a-z0-9]+")
# The other way people write umlauts without an umlaut key: the bare vowel ("Burger", "Kuckel-
# hausen"). Only the search uses it, beside ``fold``: a text folded both ways is found both ways.
_BARE_FOLDING_TABLE = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", **_UNDECOMPOSABLE,
                                     **dict.fromkeys("–—„“”‚‘’«»§…·", " ")})

# Characters that a terminal obeys or that hide or reorder text: C0 and C1 control characters
# and DEL (ESC starts escape sequences, NEL and CR move the cursor), the soft hyphen, the
# combining grapheme joiner, bidi marks, overrides and isolates, zero-width and other invisible
# format characters, the Hangul fillers (blank, yet counted as letters: a "name" of nothing but
# U+3164 looks empty), line and paragraph separators, the byte order mark, tag characters,
# private-use characters (no meaning, shown as anything or nothing), and lone surrogates – what
# Python makes of bytes that are not UTF-8 in a command-line argument.
_INVISIBLE = ("\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e"
              "\u2060-\u206f\u3164\ue000-\uf8ff\ufeff\uffa0\ufff9-\ufffb\ud800-\udfff"
              "\U000e0000-\U000e007f\U000f0000-\U0010ffff")
_UNSAFE = {
    "line": f"[\x00-\x1f{_INVISIBLE}]",
    "text": f"[\x00-\x09\x0b-\x1f{_INVISIBLE}]",  # line breaks allowed
    "terminal": f"[\x00-\x08\x0b-\x1f{_INVISIBLE}]",  # tab and line break are shown as such
}
PLACEHOLDER = "\ufffd"


@cache
def _unsafe(where: str) -> re.Pattern[str]:
    """The pattern of ``_UNSAFE[where]``, compiled on first use: each takes over half a
    millisecond to compile, and a listing needs only the terminal one (start-up time)."""
    return re.compile(_UNSAFE[where])


def _unsafe_in(multi_line: bool) -> re.Pattern[str]:
    return _unsafe("text" if multi_line else "line")


def fold(text: str, table: dict[int, str] = _FOLDING_TABLE) -> str:
    """Lower-case, spell umlauts and ß out, and drop any other accents (``table``: how to
    write umlauts, ß and typographic punctuation; the search also uses bare vowels)."""
    text = text.casefold()
    if text.isascii():  # the usual case: nothing to translate or decompose
        return text
    text = text.translate(table)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def key(text: str) -> str:
    """A comparison key that also ignores spaces and punctuation ("Eilpe/Dahl" = "eilpe-dahl")."""
    return _NON_WORD.sub("", fold(text))


def words(text: str) -> list[str]:
    """The folded words of a text, for word-wise search."""
    return [word for word in _NON_WORD.split(fold(text)) if word]


def word_chain(text: str) -> str:
    """The folded words of a text as " word word ", so that " wort" finds a word's start."""
    return f" {_NON_WORD.sub(' ', fold(text))} "


def bare_word_chain(text: str) -> str:
    """Like ``word_chain``, but umlauts as their bare vowel: "Bürger" → " burger "."""
    return f" {_NON_WORD.sub(' ', fold(text, _BARE_FOLDING_TABLE))} "


def slug(name: str) -> str:
    """An id from a name, German-aware: "Runder Tisch Wehringhausen" → "runder-tisch-wehringhausen",
    "Jugendhilfe & Schule" → "jugendhilfe-schule", "Straßenfest Haßley" → "strassenfest-hassley"."""
    return "-".join(words(name))


def closest(value: str, candidates: Iterable[str]) -> str | None:
    """The candidate most like ``value``, or None if nothing is close.

    Parts of a candidate count too, so "kellr" finds "natalia-keller".
    """
    import difflib

    candidates = list(candidates)
    by_key: dict[str, str] = {}
    for candidate in candidates:
        by_key.setdefault(key(candidate), candidate)
    for candidate in candidates:
        for part in words(candidate):
            by_key.setdefault(part, candidate)
    match = difflib.get_close_matches(key(value), list(by_key), n=1, cutoff=0.6)
    return by_key[match[0]] if match else None


def did_you_mean(value: str, candidates: Iterable[str]) -> str:
    """" Meinten Sie „…“?" for the closest candidate, or "" – the one wording of every hint."""
    suggestion = closest(value, candidates)
    return f" Meinten Sie „{suggestion}“?" if suggestion else ""


def count(number: int, singular: str, plural: str) -> str:
    """ "1 Kontakt", "2 Kontakte": a number with the noun in the right grammatical number."""
    return f"{number} {singular if number == 1 else plural}"


def unsafe_character(text: str, multi_line: bool = False) -> tuple[int, str] | None:
    """The first control or invisible character of a text and its position, or None.

    A one-line value may hold visible characters and spaces only; a ``multi_line`` one also line
    breaks (``\\n``).
    """
    match = _unsafe_in(multi_line).search(text)
    return (match.start(), match.group()) if match else None


def is_undecodable(character: str) -> bool:
    """Whether a character stands for a byte that was not UTF-8 (a lone surrogate)."""
    return "\ud800" <= character <= "\udfff"


def printable(text: str) -> str:
    """Text safe to write to a terminal: every control or invisible character except line
    breaks becomes "\ufffd", so no escape sequence, bidi override or invisible character of a
    registry value ever acts on the terminal or hides in the output; a tab becomes a space (it
    would jump to a column and look like a gap between fields)."""
    text = _unsafe("terminal").sub(PLACEHOLDER, text)
    return text.replace("\t", " ") if "\t" in text else text


def printable_line(text: str) -> str:
    """``printable`` for a one-line value: line breaks become spaces too, so the value stays on
    its line (in a list of addresses, a CSV row, a vCard property)."""
    text = printable(text)
    return text.replace("\n", " ") if "\n" in text else text


def has_unprintable(text: str, multi_line: bool = False) -> bool:
    """Whether ``printable_line`` (with ``multi_line``: ``printable``) would change ``text``
    (one search, no copy)."""
    return _unsafe_in(multi_line).search(text) is not None


def shortened(value: str, limit: int = 60) -> str:
    """A value short enough to quote in a message: up to ``limit`` characters as they are,
    a longer one cut with "…" and its length (a 100,000-character argument is not echoed)."""
    if len(value) <= limit:
        return value
    return f"{value[:limit]}… ({len(value)} Zeichen)"


_QUOTED = re.compile("„([^“]*)“")
# Longer than any word, path or command a message names on purpose: an echoed argument.
_LONG_RUN = re.compile(r"[^\s„“]{201,}")


def shortened_values(message: str, limit: int = 60) -> str:
    """A message with every „quoted“ value longer than ``limit`` characters ``shortened``, and
    any unquoted run of over 200 characters without a space (an unknown option as typed)."""
    if len(message) <= limit:
        return message
    message = _QUOTED.sub(lambda m: f"„{shortened(m.group(1), limit)}“", message)
    return _LONG_RUN.sub(lambda m: shortened(m.group(), limit), message)


def message_text(message: str) -> str:
    """A message as the user sees it: quoted values ``shortened``, and ``printable``."""
    return printable(shortened_values(message))


def json_escaped(text: str) -> str:
    """JSON text with the characters ``printable`` replaces written as ``\\uXXXX`` escapes
    instead: the same data for a program, nothing a terminal obeys."""
    return _unsafe("terminal").sub(_json_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # a tag character: as a UTF-16 surrogate pair, as JSON writes them
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"

"""Which TOML reader netz uses: the compiled ``tomli`` where it is installed, else the standard
library's ``tomllib``.

tomllib is tomli's pure-Python copy in the standard library; the tomli wheels are compiled
with mypyc and read a large registry in about 0.6 of the time with exactly the same data
(``benchmarks/toml_parsers.md``). Neither is imported before a file has to be read, so a
command that reads nothing pays for neither.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def fast_loads() -> Callable[[str], dict[str, Any]]:
    """The quickest reader that gives exactly tomllib's data. Only its successful reads are
    taken: on any error the caller reads the text again with tomllib, whose messages netz
    translates (line and column, conflict markers, nesting)."""
    try:
        from tomli import loads
    except ImportError:
        from tomllib import loads
    return loads

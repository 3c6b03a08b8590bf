"""The one place netz asks for today's date.

"Is this entry older than twelve months?" depends on the day it is asked; every such question
goes through ``today`` so that tests (and a coordinator reproducing last month's report) can
fix the day with the environment variable ``NETZ_HEUTE=JJJJ-MM-TT``.
"""

from __future__ import annotations

import datetime as dt
import os

ENV_VAR = "NETZ_HEUTE"


def today() -> dt.date:
    """Today's date, or the one set in ``NETZ_HEUTE``."""
    fixed = os.environ.get(ENV_VAR, "").strip()
    if fixed:
        from netzwerk_cli.errors import InputError

        try:
            return dt.date.fromisoformat(fixed)
        except ValueError:
            raise InputError(f"{ENV_VAR}={fixed!r} ist kein Datum; erwartet JJJJ-MM-TT.") from None
    return dt.date.today()

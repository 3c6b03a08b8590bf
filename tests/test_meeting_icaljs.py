"""The calendar file read by ical.js – the iCalendar parser of Thunderbird's calendar – under
Node: the same events, times, texts and escapes as netz wrote them.

Optional: needs ``node`` and the npm package ``ical.js`` (``npm install --prefix build/node
ical.js``, or anywhere on ``NODE_PATH``); without them the test is skipped with that reason.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from netzwerk_cli.export import ics
from netzwerk_cli.export.meeting_facts import chosen_meetings
from tests.conftest import FIXTURES, loaded

LOCAL_MODULES = Path(__file__).parents[1] / "build" / "node" / "node_modules"

READ_CALENDAR = r"""
const ICAL = require('ical.js');
const text = require('fs').readFileSync(0, 'utf8');
const calendar = new ICAL.Component(ICAL.parse(text));
const events = calendar.getAllSubcomponents('vevent').map(v => {
  const e = new ICAL.Event(v);
  return {uid: e.uid, summary: e.summary, location: e.location, description: e.description,
          sequence: e.sequence, allDay: e.startDate.isDate,
          start: e.startDate.isDate ? e.startDate.toString()
                                    : e.startDate.toJSDate().toISOString(),
          end: e.endDate.isDate ? e.endDate.toString() : e.endDate.toJSDate().toISOString()};
});
console.log(JSON.stringify({method: calendar.getFirstPropertyValue('method'), events}));
"""


@pytest.fixture(scope="module")
def node_env() -> dict[str, str]:
    node = shutil.which("node")
    if not node:
        pytest.skip("ical.js-Test übersprungen: Node.js (node) ist nicht installiert")
    paths = [p for p in (os.environ.get("NODE_PATH", ""), str(LOCAL_MODULES)) if p]
    env = {**os.environ, "NODE_PATH": os.pathsep.join(paths)}
    found = subprocess.run([node, "-e", "require.resolve('ical.js')"], env=env,
                           capture_output=True, timeout=60, check=False)
    if found.returncode != 0:
        pytest.skip("ical.js-Test übersprungen: das npm-Paket ical.js fehlt "
                    "(npm install --prefix build/node ical.js)")
    return env


def test_icaljs_reads_every_event_as_netz_wrote_it(node_env):
    registry = loaded(FIXTURES / "treffen-formate.toml")
    text = ics.to_ics(chosen_meetings(registry, set(registry.netzwerke)), dt.date(2026, 11, 25))
    result = subprocess.run(["node", "-e", READ_CALENDAR], input=text.encode(), env=node_env,
                            capture_output=True, timeout=60, check=True)
    calendar = json.loads(result.stdout)
    assert calendar["method"] == "PUBLISH"
    events = {e["uid"].removesuffix("@netz.invalid"): e for e in calendar["events"]}
    march = events["netzwerk-mitte-2027-03-16"]
    assert march["start"] == "2027-03-16T15:00:00.000Z"  # 16:00 in Hagen, winter time
    assert march["end"] == "2027-03-16T17:00:00.000Z"
    assert events["netzwerk-mitte-2027-06-15"]["start"] == "2027-06-15T14:30:00.000Z"
    assert march["summary"] == "Netzwerk Mitte – Netzwerktreffen"
    assert march["location"] == "Jugendzentrum Beispiel, Beispielstraße 1, 58095 Hagen"
    assert "- Sommerfest; Planung, Aufgaben\n" in march["description"]
    assert march["sequence"] == 1
    all_day = events["runder-tisch-2027-04-01"]
    assert all_day["allDay"] and all_day["start"] == "2027-04-01"
    assert all_day["end"] == "2027-04-02"

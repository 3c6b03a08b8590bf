"""The calendar file and the invitation in a real Thunderbird (headless, a fresh profile each):
the .ics imported into a calendar keeps its times in Hagen, and the .eml opens as a draft with
To, Bcc, subject, text and the .ics attached.

Optional: needs ``thunderbird`` (tried with 153 ESR); without it the tests are skipped with that
reason. Each test starts its own Thunderbird, a few seconds each.
"""

from __future__ import annotations

from tests.conftest import FIXTURES

MAERZ = "netzwerk-mitte-2027-03-16"

IMPORT_CALENDAR = r"""
const [path, resolve] = arguments;
(async () => {
  const out = {items: []};
  try {
    const { cal } = ChromeUtils.importESModule("resource:///modules/calendar/calUtils.sys.mjs");
    const file = Cc["@mozilla.org/file/local;1"].createInstance(Ci.nsIFile);
    file.initWithPath(path);
    const stream = Cc["@mozilla.org/network/file-input-stream;1"]
      .createInstance(Ci.nsIFileInputStream);
    stream.init(file, 0x01, 0o444, 0);
    const items = Cc["@mozilla.org/calendar/import;1?type=ics"]
      .getService(Ci.calIImporter).importFromStream(stream);
    stream.close();
    const calendar = cal.manager.createCalendar(
      "storage", Services.io.newURI("moz-storage-calendar://"));
    calendar.name = "netz";
    cal.manager.registerCalendar(calendar);
    for (const item of items) await calendar.addItem(item);
    const berlin = cal.timezoneService.getTimezone("Europe/Berlin");
    const stored = await calendar.getItemsAsArray(
      Ci.calICalendar.ITEM_FILTER_ALL_ITEMS, 0, null, null);
    for (const item of stored) {
      out.items.push({uid: item.id, title: item.title, location: item.getProperty("LOCATION"),
        description: item.getProperty("DESCRIPTION"), allDay: item.startDate.isDate,
        start: item.startDate.getInTimezone(berlin).icalString,
        end: item.endDate.getInTimezone(berlin).icalString});
    }
  } catch (e) { out.error = String(e) + "\n" + (e.stack || ""); }
  resolve(JSON.stringify(out));
})();
"""

OPEN_DRAFT = r"""
const [path, resolve] = arguments;
(async () => {
  const out = {};
  try {
    const { MailServices } = ChromeUtils.importESModule(
      "resource:///modules/MailServices.sys.mjs");
    const { MailUtils } = ChromeUtils.importESModule("resource:///modules/MailUtils.sys.mjs");
    // Composing needs an identity: the coordinator's own account, as on her computer.
    const account = MailServices.accounts.createAccount();
    account.incomingServer = MailServices.accounts.createIncomingServer(
      "anna", "example.org", "pop3");
    const identity = MailServices.accounts.createIdentity();
    identity.email = "anna@example.org";
    account.addIdentity(identity);
    MailServices.accounts.defaultAccount = account;
    const file = Cc["@mozilla.org/file/local;1"].createInstance(Ci.nsIFile);
    file.initWithPath(path);
    // What a double click on the file does.
    MailUtils.openEMLFile(Services.wm.getMostRecentWindow("mail:3pane"), file,
                          Services.io.newFileURI(file));
    const sleep = ms => new Promise(r => setTimeout(r, ms));
    let compose = null;
    for (let i = 0; i < 300 && !compose; i++) {
      await sleep(100);
      compose = Services.wm.getMostRecentWindow("msgcompose");
    }
    out.draft = !!compose;
    out.messageWindow = !!Services.wm.getMostRecentWindow("mail:messageWindow");
    if (compose) {
      for (let i = 0; i < 300 && !(compose.gMsgCompose && compose.gMsgCompose.editor); i++) {
        await sleep(100);
      }
      await sleep(1000);
      const fields = compose.gMsgCompose.compFields;
      out.to = fields.to;
      out.bcc = fields.bcc;
      out.subject = fields.subject;
      out.attachments = Array.from(fields.attachments, a => [a.name, a.contentType]);
      out.body = compose.gMsgCompose.editor.outputToString("text/plain", 0);
    }
  } catch (e) { out.error = String(e) + "\n" + (e.stack || ""); }
  resolve(JSON.stringify(out));
})();
"""




def test_thunderbird_imports_the_calendar_at_hagens_times(fresh_thunderbird, netz, tmp_path,
                                                          monkeypatch):
    monkeypatch.setenv("NETZ_REGISTRY", str(FIXTURES / "treffen-formate.toml"))
    target = tmp_path / "termine.ics"
    assert netz("treffen", "ics", "-o", str(target)).exit_code == 0
    result = fresh_thunderbird.run_script(IMPORT_CALENDAR, str(target))
    assert "error" not in result, result.get("error")
    items = {i["uid"].removesuffix("@netz.invalid"): i for i in result["items"]}
    assert len(items) == 4
    march = items[MAERZ]
    assert (march["start"], march["end"]) == ("20270316T160000", "20270316T180000")
    assert items["netzwerk-mitte-2027-06-15"]["start"] == "20270615T163000"  # summer time
    assert march["title"] == "Netzwerk Mitte – Netzwerktreffen"
    assert march["location"] == "Jugendzentrum Beispiel, Beispielstraße 1, 58095 Hagen"
    assert "- Sommerfest; Planung, Aufgaben" in march["description"]
    assert items["runder-tisch-2027-04-01"]["allDay"]


def test_thunderbird_opens_the_invitation_as_a_draft_with_bcc_and_attachment(
        fresh_thunderbird, netz, tmp_path, monkeypatch):
    monkeypatch.setenv("NETZ_REGISTRY", str(FIXTURES / "treffen-formate.toml"))
    target = tmp_path / "einladung.eml"
    assert netz("treffen", "einladung", MAERZ, "-o", str(target)).exit_code == 0
    result = fresh_thunderbird.run_script(OPEN_DRAFT, str(target))
    assert "error" not in result, result.get("error")
    assert result["draft"] and not result["messageWindow"]
    assert result["to"] == "Anna Beispiel <anna@example.org>"
    for address in ("bert@kita-sonnenschein.example", "info@juz.example", "keller@example.org"):
        assert address in result["bcc"]
    assert result["subject"] == "Einladung: Netzwerk Mitte am Di, 16.03.2027, 16–18 Uhr"
    assert result["attachments"] == [[f"{MAERZ}.ics", "text/calendar"]]
    assert "Wann: Di, 16.03.2027, 16–18 Uhr – wir hören pünktlich auf" in result["body"]

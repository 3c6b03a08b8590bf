"""Thunderbird's own address-book importer, run headless, for the tests of the exports.

``Thunderbird`` starts one Thunderbird with a throwaway profile and HOME, talks to it over
Marionette (the remote protocol Firefox and Thunderbird ship: length-prefixed JSON over TCP), and
imports each file into a new address book with ``AddrBookFileImporter`` – the code behind
Extras → Importieren. ``import_file`` returns what Thunderbird made of the file: its cards with
their fields and its mailing lists with their members; ``mailto`` the fields of the message a
mailto: link opens; ``run_script`` runs any script in Thunderbird's privileged chrome context
(the meeting tests import a calendar and open a draft with it). Stopping ends only the process
group this driver started. Standard library only; tested with Thunderbird 153 ESR.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

# Quiet, offline and without first-run dialogs; Marionette on a free port that Thunderbird
# writes to <profile>/MarionetteActivePort.
PREFS = {
    "marionette.port": 0,
    "mail.shell.checkDefaultClient": False,
    "mail.provider.enabled": False,
    "mail.provider.suppress_dialog_on_startup": True,
    "mail.spotlight.firstRunDone": True,
    "mail.rights.override": True,
    "mailnews.start_page.enabled": False,
    "app.update.disabledForTesting": True,
    "datareporting.policy.dataSubmissionEnabled": False,
    "datareporting.healthreport.uploadEnabled": False,
    "toolkit.telemetry.enabled": False,
    "extensions.update.enabled": False,
    "network.connectivity-service.enabled": False,
    "network.captive-portal-service.enabled": False,
    "calendar.integration.notify": False,
    # Calendar times shown as in Hagen, whatever the test machine's zone.
    "calendar.timezone.useSystemTimezone": False,
    "calendar.timezone.local": "Europe/Berlin",
}

# The fields a card is compared by (Thunderbird's property names).
FIELDS = ["DisplayName", "FirstName", "LastName", "PrimaryEmail", "Company", "Department",
          "JobTitle", "WorkPhone", "WorkAddress", "WorkCity", "WorkZipCode", "WorkCountry",
          "WebPage1", "Notes"]

# Runs in Thunderbird's chrome context; arguments: path, type, CSV column → property, fields.
IMPORT_SCRIPT = r"""
const [path, type, csvFields, fields, done] = arguments;
(async () => {
  const result = { cards: [], lists: [] };
  try {
    const { MailServices } = ChromeUtils.importESModule("resource:///modules/MailServices.sys.mjs");
    const { AddrBookFileImporter } = ChromeUtils.importESModule(
      "resource:///modules/AddrBookFileImporter.sys.mjs");
    const book = MailServices.ab.getDirectoryFromId(MailServices.ab.newAddressBook(
      "import-" + Date.now() + "-" + Math.random(), "", Ci.nsIAbManager.JS_DIRECTORY_TYPE));
    const file = Cc["@mozilla.org/file/local;1"].createInstance(Ci.nsIFile);
    file.initWithPath(path);
    const importer = new AddrBookFileImporter(type);
    if (type == "csv") {
      const unmatched = await importer.parseCsvFile(file);
      if (unmatched.length) {
        // What a user picks in the field-map dialog: each column to a card property.
        const header = unmatched[0];
        const missing = header.filter(h => !(csvFields && h in csvFields));
        if (missing.length) throw new Error("CSV columns without a field: " + missing.join(", "));
        importer.setCsvFields(header.map(
          h => String(importer._supportedCsvProperties.indexOf(csvFields[h] || ""))));
      }
    }
    await importer.startImport(file, book);
    for (const card of book.childCards) {
      if (card.isMailList) continue;
      const map = card.supportsVCard ? card.vCardProperties.toPropertyMap() : new Map();
      const entry = {};
      for (const name of fields) entry[name] = String(map.get(name) ?? card.getProperty(name, ""));
      entry.DisplayName = card.displayName;
      entry.PrimaryEmail = card.primaryEmail;
      entry.Categories = card.supportsVCard
        ? card.vCardProperties.getAllValues("categories").flat().map(String) : [];
      entry.vCard = card.supportsVCard ? card.vCardProperties.toVCard() : "";
      result.cards.push(entry);
    }
    for (const list of book.childNodes) {
      result.lists.push({ name: list.dirName,
                          members: list.childCards.map(m => [m.displayName, m.primaryEmail]) });
    }
  } catch (e) {
    result.error = String(e && e.message || e);
  }
  done(JSON.stringify(result));
})();
"""


# How Thunderbird fills a new message from mailto: links (what a click on one does).
MAILTO_SCRIPT = r"""
const [links, done] = arguments;
const { MailServices } = ChromeUtils.importESModule("resource:///modules/MailServices.sys.mjs");
done(JSON.stringify(links.map(link => {
  const fields = MailServices.compose.getParamsForMailto(Services.io.newURI(link)).composeFields;
  return { to: fields.to, cc: fields.cc, bcc: fields.bcc };
})));
"""


class ThunderbirdError(Exception):
    """Thunderbird did not start, did not answer, or the import script failed."""


def find_thunderbird() -> str | None:
    """The Thunderbird binary: $THUNDERBIRD or ``thunderbird`` on PATH."""
    return shutil.which(os.environ.get("THUNDERBIRD", "thunderbird"))


class Marionette:
    """The few Marionette commands the import needs (protocol level 3)."""

    def __init__(self, port: int, timeout: float) -> None:
        self._socket = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self._buffer = b""
        self._id = 0
        hello = self._receive()
        if not isinstance(hello, dict) or hello.get("marionetteProtocol") != 3:
            raise ThunderbirdError(f"unexpected Marionette greeting: {hello!r}")

    def _receive(self) -> Any:
        while True:
            length, colon, rest = self._buffer.partition(b":")
            if colon and len(rest) >= int(length):
                self._buffer = rest[int(length):]
                return json.loads(rest[:int(length)])
            chunk = self._socket.recv(65536)
            if not chunk:
                raise ThunderbirdError("Marionette closed the connection")
            self._buffer += chunk

    def call(self, command: str, parameters: dict[str, Any] | None = None) -> Any:
        self._id += 1
        data = json.dumps([0, self._id, command, parameters or {}]).encode()
        self._socket.sendall(str(len(data)).encode() + b":" + data)
        while True:
            message = self._receive()
            if isinstance(message, list) and message[:2] == [1, self._id]:
                break
        if message[2]:
            raise ThunderbirdError(f"{command}: {message[2].get('message')}")
        return message[3]

    def close(self) -> None:
        self._socket.close()


class Thunderbird:
    """One headless Thunderbird in ``workdir`` (profile, HOME, log), for many imports."""

    def __init__(self, binary: str, workdir: Path, timeout: float = 45) -> None:
        self.binary, self.workdir, self.timeout = binary, workdir, timeout
        self._process: subprocess.Popen[bytes] | None = None
        self._client: Marionette | None = None

    def __enter__(self) -> Thunderbird:
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _start(self) -> None:
        profile, home = self.workdir / "profile", self.workdir / "home"
        profile.mkdir(parents=True)
        home.mkdir()
        (profile / "user.js").write_text("".join(
            f"user_pref({json.dumps(k)}, {json.dumps(v)});\n" for k, v in PREFS.items()))
        env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
               "XDG_CACHE_HOME": str(home / ".cache"), "XDG_DATA_HOME": str(home / ".local"),
               "MOZ_HEADLESS": "1", "MOZ_CRASHREPORTER_DISABLE": "1",
               "MOZ_DISABLE_AUTO_SAFE_MODE": "1"}
        with (self.workdir / "thunderbird.log").open("wb") as log:
            self._process = subprocess.Popen(
                [self.binary, "--headless", "--marionette", "--remote-allow-system-access",
                 "--no-remote", "--new-instance", "--profile", str(profile)],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env,
                cwd=self.workdir, start_new_session=True)
        port_file = profile / "MarionetteActivePort"
        deadline = time.monotonic() + self.timeout
        last_error = "no MarionetteActivePort yet"
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise ThunderbirdError(f"Thunderbird ended with {self._process.returncode}:\n"
                                       f"{self.log_tail()}")
            try:
                client = Marionette(int(port_file.read_text()), timeout=self.timeout)
                client.call("WebDriver:NewSession", {"capabilities": {"alwaysMatch": {}}})
                client.call("Marionette:SetContext", {"value": "chrome"})
                client.call("WebDriver:SetTimeouts", {"script": int(self.timeout * 1000)})
                self._client = client
                return
            except (OSError, ValueError, ThunderbirdError) as error:
                last_error = f"{type(error).__name__}: {error}"
            time.sleep(0.1)
        raise ThunderbirdError(f"Marionette did not answer in {self.timeout} s ({last_error})\n"
                               f"{self.log_tail()}")

    def run_script(self, script: str, *args: Any) -> Any:
        """Run ``script`` in the chrome context with ``args``; its last argument is the callback
        it passes a JSON string to, which is returned parsed."""
        if self._client is None:
            raise ThunderbirdError("Thunderbird is not running")
        response = self._client.call("WebDriver:ExecuteAsyncScript",
                                     {"script": script, "args": list(args)})
        return json.loads(response["value"])

    def import_file(self, path: Path, kind: str,
                    csv_fields: dict[str, str] | None = None) -> dict[str, Any]:
        """Import ``path`` (``kind``: ldif, vcard or csv) into a new address book; its cards
        (``FIELDS``, "Categories", "vCard") and lists ("name", "members": [name, address]).
        ``csv_fields`` maps CSV column names Thunderbird does not know to card properties, as a
        user would in its field-map dialog."""
        result: dict[str, Any] = self.run_script(
            IMPORT_SCRIPT, str(Path(path).resolve()), kind, csv_fields or {}, FIELDS)
        if "error" in result:
            raise ThunderbirdError(f"import of {path} failed: {result['error']}")
        return result

    def mailto(self, links: list[str]) -> list[dict[str, str]]:
        """The To, CC and BCC fields of the message Thunderbird opens for each link."""
        fields: list[dict[str, str]] = self.run_script(MAILTO_SCRIPT, links)
        return fields

    def stop(self) -> None:
        """Quit Thunderbird; whatever of the process group this driver started is still there
        after a grace period is ended (SIGTERM, then SIGKILL) – nothing else."""
        if self._client is not None:
            with contextlib.suppress(OSError, ThunderbirdError):
                self._client.call("Marionette:Quit", {"flags": ["eForceQuit"]})
            self._client.close()
            self._client = None
        process, self._process = self._process, None
        if process is None:
            return
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(process.pid, sig)  # started with start_new_session: its own group
            except ProcessLookupError:
                break
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)

    def log_tail(self, lines: int = 15) -> str:
        try:
            text = (self.workdir / "thunderbird.log").read_text("utf-8", "replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

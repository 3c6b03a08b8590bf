"""A real Thunderbird for the tests, headless, driven over Marionette (its remote protocol).

``run_in_thunderbird(script, *args)`` starts Thunderbird with a fresh temporary profile and
HOME, runs ``script`` (JavaScript in Thunderbird's privileged chrome context; its last argument
is the callback for the result) and returns what the script passed to it, parsed as JSON.
Thunderbird is stopped through its own process group afterwards. ``thunderbird_binary()`` is
None where Thunderbird is not installed; the tests then skip with that reason.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

PREFS = {
    "marionette.port": 0,  # a free port, written to <profile>/MarionetteActivePort
    "mail.shell.checkDefaultClient": False,
    "mail.provider.enabled": False,
    "mail.spotlight.firstRunDone": True,
    "mail.rights.override": True,
    "mailnews.start_page.enabled": False,
    "app.update.disabledForTesting": True,
    "datareporting.policy.dataSubmissionEnabled": False,
    "toolkit.telemetry.enabled": False,
    "extensions.update.enabled": False,
    "network.connectivity-service.enabled": False,
    "network.captive-portal-service.enabled": False,
    "calendar.integration.notify": False,
    "calendar.timezone.useSystemTimezone": False,
    "calendar.timezone.local": "Europe/Berlin",
}


def thunderbird_binary() -> str | None:
    return os.environ.get("THUNDERBIRD") or shutil.which("thunderbird")


class _Marionette:
    """The Marionette protocol, level 3: length-prefixed JSON over TCP."""

    def __init__(self, port: int, timeout: float) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buffer = b""
        self.last_id = 0
        self._receive()  # the greeting

    def _receive(self) -> Any:
        while True:
            colon = self.buffer.find(b":")
            if colon > 0:
                end = colon + 1 + int(self.buffer[:colon])
                if len(self.buffer) >= end:
                    data, self.buffer = self.buffer[colon + 1:end], self.buffer[end:]
                    return json.loads(data)
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("Marionette hat die Verbindung geschlossen")
            self.buffer += chunk

    def call(self, name: str, params: dict[str, Any]) -> Any:
        self.last_id += 1
        data = json.dumps([0, self.last_id, name, params]).encode()
        self.sock.sendall(str(len(data)).encode() + b":" + data)
        while True:
            message = self._receive()
            if isinstance(message, list) and message[:2] == [1, self.last_id]:
                break
        if message[2]:
            raise RuntimeError(f"Marionette: {message[2]}")
        return message[3]


def run_in_thunderbird(script: str, *args: Any, timeout: float = 90) -> Any:
    """Start Thunderbird, run ``script`` with ``args`` and return its JSON result."""
    binary = thunderbird_binary()
    assert binary, "Thunderbird fehlt"
    with tempfile.TemporaryDirectory(prefix="netz-thunderbird-") as directory:
        work = Path(directory)
        profile, home = work / "profile", work / "home"
        profile.mkdir()
        home.mkdir()
        (profile / "user.js").write_text("".join(
            f"user_pref({json.dumps(k)}, {json.dumps(v)});\n" for k, v in PREFS.items()))
        env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"),
               "XDG_CONFIG_HOME": str(home / ".config"), "MOZ_HEADLESS": "1",
               "MOZ_CRASHREPORTER_DISABLE": "1", "MOZ_DISABLE_AUTO_SAFE_MODE": "1"}
        with (work / "thunderbird.log").open("wb") as log:
            process = subprocess.Popen(
                [binary, "--headless", "--marionette", "--remote-allow-system-access",
                 "--no-remote", "--new-instance", "--profile", str(profile)],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env,
                cwd=work, start_new_session=True)
        try:
            client = _connect(process, profile, time.monotonic() + timeout)
            client.sock.settimeout(timeout)
            client.call("Marionette:SetContext", {"value": "chrome"})
            client.call("WebDriver:SetTimeouts", {"script": int(timeout * 1000)})
            result = client.call("WebDriver:ExecuteAsyncScript",
                                 {"script": script, "args": list(args)})
            client.sock.close()
            return json.loads(result["value"])
        finally:
            _stop(process)


def _connect(process: subprocess.Popen[bytes], profile: Path, deadline: float) -> _Marionette:
    port_file = profile / "MarionetteActivePort"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Thunderbird endete vorzeitig ({process.returncode})")
        try:
            client = _Marionette(int(port_file.read_text().strip()), timeout=10)
            client.call("WebDriver:NewSession", {"capabilities": {"alwaysMatch": {}}})
            return client
        except (OSError, ValueError, RuntimeError):
            time.sleep(0.1)
    raise TimeoutError("Thunderbird antwortete nicht über Marionette")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the Thunderbird started here: its own process group, politely first."""
    for sig, grace in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue

"""The installed ``netz`` on real pseudo-terminals, for the end-to-end display tests.

``on_a_terminal`` runs ``netz`` with stdout and stderr each on a pseudo-terminal of the given
size (both are terminals, as in a user's shell) and returns what each showed, with escape
sequences removed. POSIX only: the callers skip elsewhere.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

NETZ = Path(sys.executable).with_name("netz")
_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def on_a_terminal(args: list[str], env: dict[str, str], columns: int = 100,
                  rows: int = 40) -> tuple[str, str]:
    """stdout and stderr of ``netz ARGS`` on pseudo-terminals of ``columns`` × ``rows``."""
    import fcntl
    import os
    import pty
    import select
    import struct
    import termios

    masters, slaves = zip(*(pty.openpty() for _ in range(2)), strict=True)
    for slave in slaves:
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    process = subprocess.Popen([str(NETZ), *args], stdin=subprocess.DEVNULL, stdout=slaves[0],
                               stderr=slaves[1], env=env)
    for slave in slaves:
        os.close(slave)
    chunks: dict[int, list[bytes]] = {fd: [] for fd in masters}
    open_fds = list(masters)
    while open_fds:
        ready, _, _ = select.select(open_fds, [], [], 60)
        if not ready:
            break
        for fd in ready:
            try:
                data = os.read(fd, 65536)
            except OSError:  # EIO: the other side is closed
                data = b""
            if data:
                chunks[fd].append(data)
            else:
                open_fds.remove(fd)
                os.close(fd)
    process.wait(timeout=60)
    return tuple(_ESCAPE.sub("", b"".join(chunks[fd]).decode("utf-8").replace("\r\n", "\n"))
                 for fd in masters)  # type: ignore[return-value]

"""Running the emulator under uvicorn, in the foreground (`serve_emulator`) or in a background thread (`Served`)."""

from __future__ import annotations

import socket
import sys
import threading
import time
from types import TracebackType
from typing import TextIO

import uvicorn

from . import create_app
from .clock import Clock, ScaledClock
from .emulator import Emulator
from .seed import shell_exports

DEFAULT_SPEED = 5.0
"""Sandbox time runs this much faster than real time: a 15 s studio start takes 3 s."""


def serve_emulator(
    host: str = "127.0.0.1",
    port: int = 8765,
    *,
    speed: float = DEFAULT_SPEED,
    control: bool = False,
    out: TextIO | None = None,
    log_level: str = "warning",
) -> None:
    """Serve a seeded emulator until interrupted, after printing the `export` lines that point clients at it."""
    stream = out if out is not None else sys.stdout
    emulator = Emulator(ScaledClock(speed))
    app = create_app(emulator, control=control)
    config = uvicorn.Config(app, host=host, port=port, log_level=log_level, lifespan="off")
    server = uvicorn.Server(config)
    url = f"http://{_url_host(host)}:{port}"
    print("# Lightning API emulator: paste these lines into a shell to point a client at it", file=stream)
    for line in shell_exports(url):
        print(line, file=stream)
    stream.flush()
    server.run()


def _url_host(host: str) -> str:
    if host in ("0.0.0.0", ""):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


class Served:
    """An emulator on 127.0.0.1 in a background thread, stopped on exit: for tests that drive real clients.

    with Served(Emulator(ScaledClock(50))) as served:
        served.url  # http://127.0.0.1:<port>
    """

    def __init__(
        self,
        emulator: Emulator | None = None,
        *,
        clock: Clock | None = None,
        control: bool = False,
        startup_timeout: float = 10.0,
    ) -> None:
        self.emulator = emulator if emulator is not None else Emulator(clock or ScaledClock(DEFAULT_SPEED))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        app = create_app(self.emulator, control=control)
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="error", lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="lightning-emulator", daemon=True)
        self._timeout = startup_timeout

    def __enter__(self) -> Served:
        self._thread.start()
        deadline = time.monotonic() + self._timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the emulator did not start")
            time.sleep(0.01)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=self._timeout)

"""A real ``spinscope serve`` process on a free loopback port, for the tests that need one."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ARTICLE = Path(__file__).with_name("article3001.txt")  # team-written, for these tests


@dataclass
class Server:
    """A running server: its process, address and log file."""

    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def stop(self) -> int:
        """Ask it to stop (SIGTERM) and wait; its exit status."""
        self.process.terminate()
        return self.process.wait(60)


def free_port() -> int:
    """A loopback port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start(folder: Path, *options: str, timeout: float = 90.0) -> Server:
    """``spinscope serve OPTIONS`` on a free port, its data folder in ``folder``, once healthy."""
    port = free_port()
    log = folder / f"serve-{port}.log"
    environment = {**os.environ, "XDG_DATA_HOME": str(folder / "data")}
    environment.pop("SPINSCOPE_MODEL", None)
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "spinscope", "serve", "--port", str(port), *options],
            stdout=output,
            stderr=subprocess.STDOUT,
            env=environment,
        )
    server = Server(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"spinscope serve exited with {process.returncode}:\n{log.read_text()}"
            )
        try:
            if httpx.get(f"{server.url}/v1/health", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"spinscope serve was not healthy within {timeout:g} s:\n{log.read_text()}")

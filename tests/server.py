"""A real ``policyatlas serve`` in a subprocess on 127.0.0.1, for tests of the server as people run it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
STARTUP_SECONDS = 180


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A running server: its address, its process and where its output goes."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        """What the server printed so far."""
        return self.log.read_text(encoding="utf-8", errors="replace")

    def kill(self) -> None:
        """SIGKILL the server (no shutdown of any kind)."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)


def start_server(database_url: str, folder: Path, *, env: dict[str, str] | None = None,
                 prefix: Sequence[str] = (), name: str = "server") -> Server:
    """Start ``policyatlas serve`` (after ``prefix``, e.g. a ``prlimit`` command) and wait until it answers."""
    port = free_port()
    log = folder / f"{name}.log"
    environment = {**os.environ, "POLICYATLAS_DATABASE_URL": database_url,
                   "POLICYATLAS_SECRET_KEY": "test-secret-key-for-served-atlases", **(env or {})}
    command = [*prefix, str(Path(sys.executable).parent / "policyatlas"), "serve", "--host", "127.0.0.1",
               "--port", str(port)]
    with log.open("ab") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=environment, cwd=folder)
    server = Server(f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited with {process.returncode}:\n{server.output()[-3000:]}")
        try:
            if httpx.get(f"{server.url}/healthz", timeout=5).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    server.kill()
    raise AssertionError(f"the server did not answer in {STARTUP_SECONDS} s:\n{server.output()[-3000:]}")


def stop_server(server: Server) -> None:
    """Stop the server (SIGTERM, then SIGKILL if it lingers)."""
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


@contextmanager
def running_server(database_url: str, folder: Path, **options: object) -> Iterator[Server]:
    """A server for the duration of a ``with`` block."""
    server = start_server(database_url, folder, **options)  # type: ignore[arg-type]
    try:
        yield server
    finally:
        stop_server(server)

"""The load generator: N clients with keep-alive connections, bounded in requests and in time.

The same generator drives PolicyAtlas and Datasette. Each client is a thread with one persistent
HTTP/1.1 connection (``http.client``; it reconnects after an error or a ``Connection: close``). A
round stops at its deadline or its request budget, whichever comes first, and never sends to
anything but 127.0.0.1. ``ceiling()`` measures the generator itself against a server that answers
every request with the same bytes at once, so a report can show the client was not the bottleneck.
"""

from __future__ import annotations

import asyncio
import http.client
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bench.procs import LOOPBACK
from bench.stats import latency_summary


@dataclass
class RoundResult:
    """One load round: completed requests, errors, wall time, and each success's latency (s)."""

    clients: int
    seconds: float = 0.0
    ok: int = 0
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    first_error: str | None = None

    @property
    def rps(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"clients": self.clients, "seconds": round(self.seconds, 3), "ok": self.ok, "errors": self.errors,
                "statuses": {str(k): v for k, v in sorted(self.statuses.items())}, "rps": self.rps,
                "latency_ms": latency_summary(self.latencies), "first_error": self.first_error}


def load(port: int, paths: Sequence[str], *, clients: int = 8, seconds: float = 5.0, max_requests: int = 100_000,
         timeout: float = 30.0) -> RoundResult:
    """Send GETs for ``paths`` (cycled) from ``clients`` threads until ``seconds`` pass or
    ``max_requests`` are sent. A request still running at the deadline is waited for (at most
    ``timeout`` s) and counted."""
    result = RoundResult(clients)
    lock = threading.Lock()
    budget = [max_requests]
    deadline = time.perf_counter() + seconds

    def take() -> bool:
        with lock:
            if budget[0] <= 0:
                return False
            budget[0] -= 1
            return True

    def client(offset: int) -> None:
        connection: http.client.HTTPConnection | None = None
        latencies: list[float] = []
        statuses: dict[int, int] = {}
        errors = 0
        first_error: str | None = None
        i = offset
        while time.perf_counter() < deadline and take():
            path = paths[i % len(paths)]
            i += 1
            try:
                if connection is None:
                    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
                start = time.perf_counter()
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                elapsed = time.perf_counter() - start
                statuses[response.status] = statuses.get(response.status, 0) + 1
                if 200 <= response.status < 400:
                    latencies.append(elapsed)
                else:
                    errors += 1
                    first_error = first_error or f"HTTP {response.status} for {path}"
                if response.will_close:
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException) as exc:
                errors += 1
                first_error = first_error or f"{type(exc).__name__}: {exc} for {path}"
                if connection is not None:
                    connection.close()
                connection = None
                time.sleep(0.05)  # a dead server must not turn the loop into a busy spin
        if connection is not None:
            connection.close()
        with lock:
            result.latencies.extend(latencies)
            result.errors += errors
            result.first_error = result.first_error or first_error
            for status, count in statuses.items():
                result.statuses[status] = result.statuses.get(status, 0) + count

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + timeout + 5)
    result.seconds = time.perf_counter() - start
    result.ok = len(result.latencies)
    return result


# --- the generator's own ceiling ------------------------------------------------------------------

async def _static_server(port: int, body: bytes, seconds: float) -> None:
    head = (f"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {len(body)}\r\n\r\n").encode()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                request = await reader.readuntil(b"\r\n\r\n")
                if not request:
                    break
                writer.write(head + body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, LOOPBACK, port)
    async with server:
        await asyncio.sleep(seconds)


def serve_static(port: int, size: int, seconds: float) -> None:
    """Answer every request on ``port`` with ``size`` bytes of JSON, for ``seconds`` (then exit)."""
    body = (b'{"data": "' + b"x" * max(0, size - 12) + b'"}')[:max(size, 12)]
    asyncio.run(_static_server(port, body, seconds))


if __name__ == "__main__":  # python -m bench.load serve-static PORT SIZE SECONDS
    if len(sys.argv) == 5 and sys.argv[1] == "serve-static":
        serve_static(int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]))
    else:
        print("usage: python -m bench.load serve-static PORT SIZE SECONDS", file=sys.stderr)
        raise SystemExit(2)

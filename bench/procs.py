"""Servers the harness starts on loopback and stops itself, with their memory guarded.

Each server runs in its own process group under an address-space limit (``RLIMIT_AS``, a backstop)
and a watcher thread that reads its resident memory every few milliseconds and kills it above a
ceiling: a read that tries to allocate tens of GB is recorded as "killed: out of memory" instead of
taking the machine down. Peak RSS is the kernel's own high-water mark (``VmHWM``), which the
harness resets between measurements (``/proc/PID/clear_refs``).
"""

from __future__ import annotations

import contextlib
import http.client
import os
import resource
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

LOOPBACK = "127.0.0.1"
#: Kill a server whose resident memory passes this (MiB); BENCH_RSS_CEILING_MB overrides it.
DEFAULT_RSS_CEILING_MB = int(os.environ.get("BENCH_RSS_CEILING_MB", "3072"))
#: Address-space limit (MiB) under which servers run, a backstop behind the RSS watcher.
DEFAULT_AS_LIMIT_MB = int(os.environ.get("BENCH_AS_LIMIT_MB", "16384"))
#: Kill a server whose temporary files pass this (MiB): a read that makes SQLite sort gigabytes of
#: joined text spills them to (deleted) temporary files. BENCH_TEMP_CEILING_MB overrides it.
DEFAULT_TEMP_CEILING_MB = int(os.environ.get("BENCH_TEMP_CEILING_MB", "2048"))


def free_port() -> int:
    """A TCP port free on the loopback address now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def proc_status(pid: int) -> dict[str, int]:
    """The kB figures of ``/proc/PID/status`` (VmRSS, VmHWM…); empty when the process is gone."""
    values: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                key, _, rest = line.partition(":")
                parts = rest.split()
                if len(parts) == 2 and parts[1] == "kB":
                    values[key] = int(parts[0])
    except OSError:
        return {}
    return values


def temp_files_mb(pid: int) -> float:
    """The size of the deleted files a process holds open (SQLite's temporary files), MiB."""
    total = 0
    try:
        descriptors = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return 0.0
    for fd in descriptors:
        path = f"/proc/{pid}/fd/{fd}"
        try:
            if os.readlink(path).endswith(" (deleted)"):
                total += os.stat(path).st_size
        except OSError:
            continue
    return total / 2**20


def _limit_address_space(limit_mb: int) -> None:  # runs in the child between fork and exec
    os.setsid()
    limit = limit_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@dataclass
class Server:
    """One HTTP server process on loopback (``argv`` must make it listen on ``port``)."""

    name: str
    argv: Sequence[str]
    port: int
    log: Path
    env: dict[str, str] | None = None
    ready_path: str = "/"
    rss_ceiling_mb: int = DEFAULT_RSS_CEILING_MB
    temp_ceiling_mb: int = DEFAULT_TEMP_CEILING_MB
    as_limit_mb: int = DEFAULT_AS_LIMIT_MB
    killed: str | None = None
    max_rss_mb: float = 0.0
    process: subprocess.Popen[bytes] | None = None
    _stop_watch: threading.Event = field(default_factory=threading.Event)
    _watcher: threading.Thread | None = None

    @property
    def base(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self, timeout: float = 120.0) -> None:
        """Start the server and wait (at most ``timeout`` s) until it answers ``ready_path``."""
        self.killed = None
        self.max_rss_mb = 0.0
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                list(self.argv), stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                env=self.env, preexec_fn=lambda: _limit_address_space(self.as_limit_mb))
        self._stop_watch = threading.Event()
        self._watcher = threading.Thread(target=self._watch, name=f"rss-{self.name}", daemon=True)
        self._watcher.start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode} while starting; see {self.log}")
            try:
                status, _, _ = request(self.port, self.ready_path, timeout=5)
                if status < 500:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer on port {self.port} within {timeout:.0f} s; see {self.log}")

    def _watch(self) -> None:
        process = self.process
        assert process is not None
        stop = self._stop_watch
        pid, tick = process.pid, 0
        while not stop.is_set() and process.poll() is None:
            status = proc_status(pid)
            rss = status.get("VmRSS", 0) / 1024
            self.max_rss_mb = max(self.max_rss_mb, rss, status.get("VmHWM", 0) / 1024)
            spilled = temp_files_mb(pid) if tick % 5 == 0 else 0.0
            tick += 1
            if rss > self.rss_ceiling_mb:
                self.killed = f"out of memory (resident {rss:.0f} MiB > ceiling {self.rss_ceiling_mb} MiB)"
            elif spilled > self.temp_ceiling_mb:
                self.killed = (f"out of memory, spilling to disk ({spilled:.0f} MiB of temporary files > "
                               f"ceiling {self.temp_ceiling_mb} MiB)")
            if self.killed:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(pid, signal.SIGKILL)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(60)  # a killed process can take a while to go (dirty pages, temp files)
                break
            time.sleep(0.01)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def peak_rss_mb(self) -> float:
        """The server's peak resident memory since start or the last ``reset_peak`` (MiB)."""
        if not self.alive():
            return self.max_rss_mb
        return proc_status(self.pid).get("VmHWM", 0) / 1024

    def rss_mb(self) -> float:
        return proc_status(self.pid).get("VmRSS", 0) / 1024 if self.alive() else 0.0

    def reset_peak(self) -> None:
        """Start a new peak-RSS window (the kernel resets VmHWM to the current RSS)."""
        if self.alive():
            with contextlib.suppress(OSError), open(f"/proc/{self.pid}/clear_refs", "w") as refs:
                refs.write("5")
        self.max_rss_mb = 0.0

    def ensure_reason(self, wait: float = 2.0) -> None:
        """After a failed request: give the watcher a moment to say why the server went away."""
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and not self.killed and self.alive():
            time.sleep(0.05)

    def ensure(self) -> None:
        """Start the server again if it died (killed for memory, crashed)."""
        if self.killed and self._watcher is not None:
            self._watcher.join(70)
        if not self.alive():
            self.stop()
            self.start()

    def stop(self) -> None:
        """Stop the server's process group: SIGTERM, then SIGKILL after 10 s."""
        self._stop_watch.set()
        if self.process is None:
            return
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        if self._watcher is not None:
            self._watcher.join(5)


@contextlib.contextmanager
def running(*servers: Server) -> Iterator[None]:
    """Start the servers, and stop every one of them however the block ends."""
    try:
        for server in servers:
            server.start()
        yield
    finally:
        for server in servers:
            server.stop()


def request(port: int, path: str, *, timeout: float = 60.0) -> tuple[int, bytes, float]:
    """One GET to loopback: status, body, and seconds from sending to the last byte."""
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
    try:
        start = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        return response.status, body, time.perf_counter() - start
    finally:
        connection.close()


@dataclass
class Finished:
    """How a child process ended: exit code, wall time, peak RSS (MiB) and whether it was cut short."""

    returncode: int
    seconds: float
    peak_rss_mb: float
    timed_out: bool
    stdout: bytes


def run_measured(argv: Sequence[str], *, timeout: float, env: dict[str, str] | None = None,
                 as_limit_mb: int = DEFAULT_AS_LIMIT_MB, cwd: Path | None = None) -> Finished:
    """Run a command to its end (killed after ``timeout`` s): wall time and its own peak RSS."""
    start = time.perf_counter()
    process = subprocess.Popen(list(argv), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               stdin=subprocess.DEVNULL, env=env, cwd=cwd,
                               preexec_fn=lambda: _limit_address_space(as_limit_mb))
    timer = threading.Timer(timeout, lambda: _kill_group(process.pid))
    timer.start()
    try:
        assert process.stdout is not None
        out = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    finally:
        timer.cancel()
    seconds = time.perf_counter() - start
    return Finished(process.returncode, seconds, usage.ru_maxrss / 1024, seconds >= timeout, out)


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)

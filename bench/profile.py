"""Profile the slow paths with py-spy (from the benchmark's own venv) and summarise the top frames.

``python -m bench.profile --db ATLAS.db --out DIR [--only NAME…]`` starts a real ``policyatlas
serve`` on loopback (memory guarded), attaches py-spy to it while a bounded loop requests one path,
and writes the collapsed stacks (``NAME.txt``, flamegraph.pl's input) and a summary (``NAME.md``:
the frames with the most samples, inclusive and self, our code apart). Ingest is profiled by running
``policyatlas ingest`` under py-spy (``--ingest FILE``).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from bench.procs import Server, free_port, request

REPO = Path(__file__).resolve().parents[1]
BENCH_BIN = REPO / "bench" / ".venv" / "bin"
ATLAS = REPO / ".venv" / "bin" / "policyatlas"
PATHS = {
    "records-us": "/api/records?country=US&limit=50",
    "records-mx": "/api/records?country=MX&limit=50",
    "country-us": "/countries/US",
    "profile-mx-asof": "/api/countries/MX/profile?as_of=2024-12-31",
    "search": "/api/search?q=proteccion+de+datos",
    "incidents": "/incidents",
    "graph": "/graph",
}
_FRAME = re.compile(r"^(?P<func>.*) \((?P<file>[^():]+)(?::(?P<line>\d+))?\)$")


def parse_collapsed(text: str) -> list[tuple[list[str], int]]:
    """Collapsed stacks (``a;b;c 12`` per line) as (frames root first, samples)."""
    stacks = []
    for line in text.splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            stacks.append((stack.split(";"), int(count)))
    return stacks


def _short(frame: str) -> str:
    match = _FRAME.match(frame)
    if not match:
        return frame
    path = match.group("file")
    for marker in ("site-packages/", "src/", "lib/python3.11/"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{match.group('func')} ({path}{':' + match.group('line') if match.group('line') else ''})"


def _function(frame: str) -> str:
    """A frame without its line number, so every line of one function counts together."""
    return re.sub(r":\d+\)$", ")", _short(frame))


def summarise(stacks: Sequence[tuple[list[str], int]], *, top: int = 15, ours: str = "policyatlas/") -> str:
    """The heaviest functions by inclusive and by self samples, and our own code's heaviest."""
    total = sum(count for _, count in stacks) or 1
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    self_time: Counter[str] = Counter()
    for frames, count in stacks:
        functions = [_function(f) for f in frames]
        for name in set(functions):
            inclusive[name] += count
        self_time[functions[-1]] += count
        mine = [f for f in functions if ours in f]
        if mine:
            own[mine[-1]] += count  # the innermost frame of ours: where our code spends (or calls out)
    lines = [f"samples: {total}", "", "inclusive (function: % of samples):"]
    lines += [f"  {100 * n / total:5.1f}%  {name}" for name, n in inclusive.most_common(top)]
    lines += ["", "self:"]
    lines += [f"  {100 * n / total:5.1f}%  {name}" for name, n in self_time.most_common(top)]
    lines += ["", f"innermost frame of ours ({ours}):"]
    lines += [f"  {100 * n / total:5.1f}%  {name}" for name, n in own.most_common(top)]
    return "\n".join(lines) + "\n"


def profile_path(db: Path, name: str, path: str, out: Path, *, seconds: float, max_requests: int) -> str:
    """Profile a served path: py-spy on the server while a loop requests it (bounded)."""
    port = free_port()
    server = Server(f"profile-{name}", [str(ATLAS), "--database-url", f"sqlite:///{db}", "serve", "--host",
                                        "127.0.0.1", "--port", str(port)], port, out / f"{name}.server.log",
                    ready_path="/api/problems")
    server.start()
    raw = out / f"{name}.txt"
    spy = subprocess.Popen([str(BENCH_BIN / "py-spy"), "record", "--pid", str(server.pid), "--rate", "200",
                            "--duration", str(int(seconds)), "--format", "raw", "--output", str(raw), "--nonblocking"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)  # py-spy attaches
    timings: list[str] = []

    def loop() -> None:
        deadline = time.monotonic() + seconds - 1.5
        for _ in range(max_requests):
            if time.monotonic() > deadline or not server.alive():
                break
            try:
                status, body, elapsed = request(port, path, timeout=seconds)
                timings.append(f"{status} {len(body)} B {elapsed * 1000:.0f} ms")
            except OSError as exc:
                timings.append(f"error {type(exc).__name__}")
                break

    worker = threading.Thread(target=loop, daemon=True)
    worker.start()
    worker.join(seconds + 5)
    spy.wait(seconds + 30)
    killed, peak = server.killed, server.max_rss_mb
    server.stop()
    stacks = parse_collapsed(raw.read_text()) if raw.exists() else []
    head = f"# {name}: GET {path}\nrequests: {', '.join(timings[:8])}{' …' if len(timings) > 8 else ''}\n"
    head += f"server peak RSS: {peak:.0f} MiB{'; KILLED: ' + killed if killed else ''}\n\n"
    text = head + summarise(stacks)
    (out / f"{name}.md").write_text(text)
    return text


def profile_ingest(files: Sequence[Path], name: str, out: Path, *, timeout: float) -> str:
    """Profile ``policyatlas ingest FILES`` into a fresh database under py-spy."""
    db = out / f"{name}.db"
    db.unlink(missing_ok=True)
    raw = out / f"{name}.txt"
    start = time.perf_counter()
    try:
        subprocess.run([str(BENCH_BIN / "py-spy"), "record", "--rate", "100", "--format", "raw", "--output", str(raw),
                        "--", str(ATLAS), "--database-url", f"sqlite:///{db}", "ingest", *map(str, files)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        pass
    elapsed = time.perf_counter() - start
    size = sum(f.stat().st_size for f in files if f.is_file())
    stacks = parse_collapsed(raw.read_text()) if raw.exists() else []
    text = f"# {name}: ingest {', '.join(f.name for f in files)} ({size / 1e6:.1f} MB) in {elapsed:.1f} s under py-spy\n\n"
    text += summarise(stacks)
    (out / f"{name}.md").write_text(text)
    db.unlink(missing_ok=True)
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Profile slow paths with py-spy.")
    parser.add_argument("--db", type=Path, help="an ingested atlas (SQLite file)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--only", nargs="*", default=None, help=f"paths to profile (of {', '.join(PATHS)})")
    parser.add_argument("--ingest", nargs="*", type=Path, default=[], help="files to ingest under py-spy")
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args(argv)
    if not (BENCH_BIN / "py-spy").exists():
        print("bench/.venv has no py-spy: run make bench-venv first", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    if args.db:
        for name in args.only if args.only is not None else list(PATHS):
            print(profile_path(args.db.resolve(), name, PATHS[name], args.out, seconds=args.seconds, max_requests=200))
    if args.ingest:
        stem = "ingest-" + re.sub(r"\W+", "-", args.ingest[0].stem)[:40]
        print(profile_ingest(args.ingest, stem, args.out, timeout=float(os.environ.get("BENCH_INGEST_TIMEOUT", 900))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

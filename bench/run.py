"""The benchmark harness: PolicyAtlas against what users would use instead, side by side.

``python -m bench.run --scales 1,10`` (``make bench``; ``make bench-large`` adds 100x). For each
scale it builds (or takes from ``bench/.cache``) the scaled corpus and an atlas ingested from it,
starts a real ``policyatlas serve`` and Datasette on loopback on the same SQLite file, and measures
each figure against its baseline in interleaved rounds (ours, theirs, theirs, ours…), reporting min
and median. Every loop is bounded in count and in time and stops by itself; servers are memory
guarded (``bench.procs``). Results go to ``bench/results/<time>-<commit>.json`` and
``bench/results/latest.json``; ``python -m bench.table`` writes ``docs/performance.md`` from them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from bench import scale
from bench.baselines import Fts5Search, rg_search
from bench.load import load
from bench.procs import Server, free_port, request, run_measured, running
from bench.queries import fts5_expression, load_queries, rg_pattern
from bench.stats import latency_summary, percentile, ratio, summary

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "bench" / ".cache"
RESULTS = REPO / "bench" / "results"
PROJECT_PYTHON = REPO / ".venv" / "bin" / "python"
ATLAS = REPO / ".venv" / "bin" / "policyatlas"
BENCH_BIN = REPO / "bench" / ".venv" / "bin"
AS_OF = "2024-12-31"
#: Ingest families in the order they are ingested (documents first: profiles before the tables).
INGEST_ORDER = ("documents", "vcdb", "cfr", "index", "other")
PROFILE_KINDS_EXCLUDED = ("incident", "index_value")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- inputs: corpus and database, cached ------------------------------------------------------------

def code_digest() -> str:
    """What identifies the code under test: every file of src/policyatlas and the lock file."""
    digest = hashlib.sha256()
    for path in sorted((REPO / "src" / "policyatlas").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(REPO).as_posix().encode() + b"\0" + path.read_bytes())
    lock = REPO / "requirements.lock"
    if lock.exists():
        digest.update(lock.read_bytes())
    return digest.hexdigest()[:16]


def ensure_corpus(factor: int, seed: int) -> tuple[Path, dict[str, Any]]:
    """The scaled corpus for ``factor``, written once under ``bench/.cache/corpus``."""
    digest = scale.inputs_digest(scale.corpus_inputs(), factor, seed)
    folder = CACHE / "corpus" / f"x{factor}-{digest}"
    manifest = folder / "manifest.json"
    if not manifest.exists():
        log(f"writing the {factor}x corpus to {folder}")
        partial = folder.with_name(folder.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        scale.write_corpus(partial, factor, seed)
        shutil.rmtree(folder, ignore_errors=True)
        partial.rename(folder)
    return folder, json.loads(manifest.read_text())


def _ingest_json(out: bytes) -> dict[str, Any]:
    try:
        report = json.loads(out)
    except ValueError:
        return {}
    files = report.get("files", [])
    return {"imported": report.get("imported"), "unchanged": report.get("unchanged"), "errors": report.get("errors"),
            "records": sum(f.get("records") or 0 for f in files if f.get("status") == "imported")}


def measure_ingest(corpus: Path, manifest: dict[str, Any], db: Path, *, budget: float,
                   baseline_rounds: int) -> dict[str, Any]:
    """Ingest the corpus family by family into ``db`` (timed), each between baseline runs."""
    families: dict[str, Any] = {}
    deadline = time.monotonic() + budget
    for family in INGEST_ORDER:
        folder = corpus / family
        if not folder.is_dir():
            continue
        size = manifest["families"][family]["bytes"]
        baseline_runs = []
        ours: dict[str, Any] = {}
        for turn in range(baseline_rounds + 1):
            if turn == baseline_rounds // 2 + (baseline_rounds % 2):  # ours in the middle of the baselines
                remaining = deadline - time.monotonic()
                log(f"ingest {family} ({size / 1e6:.1f} MB), at most {remaining:.0f} s")
                run = run_measured([str(ATLAS), "--database-url", f"sqlite:///{db}", "ingest", str(folder), "--json"],
                                   timeout=max(remaining, 1.0))
                ours = {"seconds": run.seconds, "peak_rss_mb": run.peak_rss_mb, "timed_out": run.timed_out,
                        "returncode": run.returncode, "mb_per_s": size / 1e6 / run.seconds, **_ingest_json(run.stdout)}
                if run.timed_out:
                    ours["killed"] = f"timed out after {run.seconds:.0f} s (budget)"
                continue
            with tempfile.TemporaryDirectory(prefix="bench-fts5-") as tmp:
                run = run_measured([str(PROJECT_PYTHON), "-m", "bench.baselines", "ingest", str(folder),
                                    f"{tmp}/raw.db"], timeout=600, cwd=REPO)
            baseline_runs.append({"seconds": run.seconds, "peak_rss_mb": run.peak_rss_mb,
                                  "mb_per_s": size / 1e6 / run.seconds})
        base = summary([r["seconds"] for r in baseline_runs])
        families[family] = {
            "bytes": size, "files": manifest["families"][family]["files"], "ours": ours,
            "baseline": {"seconds": base, "mb_per_s": summary([r["mb_per_s"] for r in baseline_runs]),
                         "peak_rss_mb": max(r["peak_rss_mb"] for r in baseline_runs)},
            "ratio_mb_per_s": ratio(ours.get("mb_per_s"), size / 1e6 / base["median"])
            if base["median"] and not ours.get("timed_out") else None,
        }
        if ours.get("timed_out"):
            break
    ours_seconds = sum(f["ours"].get("seconds", 0) for f in families.values())
    base_seconds = sum(f["baseline"]["seconds"]["median"] or 0 for f in families.values())
    total = sum(f["bytes"] for f in families.values())
    complete = all(not f["ours"].get("timed_out") for f in families.values()) and len(families) == len(
        [f for f in INGEST_ORDER if (corpus / f).is_dir()])
    return {"families": families, "complete": complete, "bytes": total,
            "ours": {"seconds": ours_seconds, "mb_per_s": total / 1e6 / ours_seconds if ours_seconds else None,
                     "peak_rss_mb": max((f["ours"].get("peak_rss_mb", 0) for f in families.values()), default=0)},
            "baseline": {"seconds": base_seconds, "mb_per_s": total / 1e6 / base_seconds if base_seconds else None},
            "ratio_mb_per_s": ratio(ours_seconds and total / ours_seconds, base_seconds and total / base_seconds)}


def _settle(db: Path) -> None:
    """Fold a database's write-ahead log into the file, so the file alone can be renamed."""
    connection = sqlite3.connect(db)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def ensure_db(factor: int, corpus: Path, manifest: dict[str, Any], *, use_cache: bool, budget: float,
              baseline_rounds: int) -> tuple[Path, dict[str, Any]]:
    """An atlas ingested from the corpus, with its ingest figures; reused while code and corpus are the same."""
    key = f"x{factor}-{manifest['digest']}-{code_digest()}"
    db, meta = CACHE / "db" / f"{key}.db", CACHE / "db" / f"{key}.json"
    if use_cache and db.exists() and meta.exists():
        cached = json.loads(meta.read_text())
        log(f"reusing the {factor}x atlas {db.name} (ingested {cached['measured_at']})")
        return db, dict(cached["ingest"], cached=True, measured_at=cached["measured_at"])
    db.parent.mkdir(parents=True, exist_ok=True)
    for stale in db.parent.glob(f"x{factor}-*"):
        stale.unlink()
    partial = db.with_suffix(".partial.db")
    partial.unlink(missing_ok=True)
    figures = measure_ingest(corpus, manifest, partial, budget=budget, baseline_rounds=baseline_rounds)
    _settle(partial)
    partial.rename(db)
    measured_at = datetime.now(UTC).isoformat(timespec="seconds")
    if figures["complete"]:
        meta.write_text(json.dumps({"measured_at": measured_at, "ingest": figures}, indent=2))
    return db, dict(figures, cached=False, measured_at=measured_at)


# --- servers ---------------------------------------------------------------------------------------

def ours_server(db: Path, logs: Path) -> Server:
    port = free_port()
    return Server("policyatlas", [str(ATLAS), "--database-url", f"sqlite:///{db}", "serve", "--host", "127.0.0.1",
                                  "--port", str(port)], port, logs / "policyatlas.log", ready_path="/api/problems")


def datasette_server(db: Path, logs: Path) -> Server:
    port = free_port()
    return Server("datasette", [str(BENCH_BIN / "datasette"), "serve", str(db), "--host", "127.0.0.1", "--port",
                                str(port), "--setting", "sql_time_limit_ms", "30000"], port, logs / "datasette.log",
                  ready_path="/-/versions.json")


def _get(server: Server, path: str, timeout: float) -> dict[str, Any]:
    """One request to a guarded server: seconds, status, size, peak RSS, or how it was killed.

    A request that gets no answer within ``timeout`` stops the server (it would go on working and
    weigh on the next figures); the next request starts it again."""
    server.ensure()
    server.reset_peak()
    try:
        status, body, seconds = request(server.port, path, timeout=timeout)
    except TimeoutError:
        server.stop()
        return {"killed": f"no answer within {timeout:.0f} s (server stopped)", "peak_rss_mb": server.max_rss_mb}
    except OSError as exc:
        server.ensure_reason()
        if server.killed:
            return {"killed": server.killed, "peak_rss_mb": server.max_rss_mb}
        if not server.alive():
            return {"killed": f"server died ({type(exc).__name__})", "peak_rss_mb": server.max_rss_mb}
        return {"error": f"{type(exc).__name__}: {exc}"}
    return {"seconds": seconds, "status": status, "bytes": len(body), "peak_rss_mb": server.peak_rss_mb()}


def timed_requests(ours: Server, theirs: Server | None, our_path: str, their_path: str | None, *, count: int,
                   budget: float, timeout: float) -> dict[str, Any]:
    """Requests to both servers in turn, ``count`` each: latency summaries. A side starts no new
    request once it has spent half of ``budget`` seconds (its first request is always made), so a
    slow side never starves the other; each request may take up to ``timeout`` s."""
    runs: dict[str, list[dict[str, Any]]] = {"ours": [], "baseline": []}
    spent = {"ours": 0.0, "baseline": 0.0}
    share = budget / 2
    gave_up = False
    for i in range(count):
        order = [("ours", ours, our_path), ("baseline", theirs, their_path)]
        for name, server, path in order if i % 2 == 0 else reversed(order):
            if server is None or path is None or (name == "ours" and gave_up) or (i and spent[name] > share):
                continue
            started = time.monotonic()
            run = _get(server, path, timeout=timeout)  # the budget decides whether to start one, never cuts it
            spent[name] += time.monotonic() - started
            runs[name].append(run)
            if name == "ours" and ("killed" in run or "error" in run):
                gave_up = True  # one kill says it: do not kill it again and again
        if all(spent[name] > share for name in spent):
            break
    return {name: _latencies(items) for name, items in runs.items()} | {
        "ratio_p95": ratio(_p(runs["ours"], 95), _p(runs["baseline"], 95)),
        "ratio_median": ratio(_p(runs["ours"], 50), _p(runs["baseline"], 50))}


def _p(runs: list[dict[str, Any]], q: float) -> float | None:
    seconds = [r["seconds"] for r in runs if "seconds" in r and r.get("status", 500) < 400]
    if not seconds or any("killed" in r for r in runs):
        return None
    return percentile(seconds, q) * 1000


def _latencies(runs: list[dict[str, Any]]) -> dict[str, Any]:
    seconds = [r["seconds"] for r in runs if "seconds" in r]
    result: dict[str, Any] = {"requests": len(runs), **latency_summary(seconds)}
    if seconds:
        result["min_ms"] = min(seconds) * 1000
        result["median_ms"] = percentile(seconds, 50) * 1000
        result["first_ms"] = seconds[0] * 1000
    statuses = sorted({r["status"] for r in runs if "status" in r})
    result["statuses"] = statuses
    result["peak_rss_mb"] = max((r.get("peak_rss_mb") or 0 for r in runs), default=0)
    for key in ("killed", "error"):
        found = [r[key] for r in runs if key in r]
        if found:
            result[key] = found[0]
    return result


def load_rounds(ours: Server, theirs: Server, our_path: str, their_path: str, *, rounds: int, seconds: float,
                clients: int) -> dict[str, Any]:
    """Interleaved load rounds on both servers: req/s and p99 per round, min and median over rounds."""
    results: dict[str, list[dict[str, Any]]] = {"ours": [], "baseline": []}
    killed: str | None = None
    for r in range(rounds):
        order = [("ours", ours, our_path), ("baseline", theirs, their_path)]
        for name, server, path in order if r % 2 == 0 else reversed(order):
            if name == "ours" and killed:
                continue
            server.ensure()
            server.reset_peak()
            result = load(server.port, [path], clients=clients, seconds=seconds, max_requests=20_000,
                          timeout=max(seconds * 4, 30))
            time.sleep(0.2)
            entry = result.to_json() | {"peak_rss_mb": server.peak_rss_mb()}
            if server.killed:
                entry["killed"] = server.killed
                if name == "ours":
                    killed = server.killed
            results[name].append(entry)
    out: dict[str, Any] = {}
    for name, entries in results.items():
        good = [e for e in entries if "killed" not in e]
        out[name] = {"rps": summary([e["rps"] for e in good]),
                     "p99_ms": summary([e["latency_ms"]["p99"] for e in good if e["latency_ms"].get("n")]),
                     "errors": sum(e["errors"] for e in entries), "rounds": entries,
                     "peak_rss_mb": max((e["peak_rss_mb"] for e in entries), default=0)}
        found = [e["killed"] for e in entries if "killed" in e]
        if found:
            out[name]["killed"] = found[0]
    out["ratio_rps"] = ratio(out["ours"]["rps"]["median"], out["baseline"]["rps"]["median"])
    out["ratio_p99"] = ratio(out["ours"]["p99_ms"]["median"], out["baseline"]["p99_ms"]["median"])
    return out


# --- search ------------------------------------------------------------------------------------------

def search_rounds(ours: Server, db: Path, corpus: Path, *, passes: int, budget: float) -> dict[str, Any]:
    """Every query against our API, raw FTS5 and ripgrep in turn; p95 per pass, min and median over passes."""
    queries = load_queries()
    fts = Fts5Search(db)
    rg = BENCH_BIN / "rg"
    per_pass: dict[str, list[float]] = {"ours": [], "fts5": [], "ripgrep": []}
    counts: dict[str, int] = {"ours": 0, "fts5": 0, "ripgrep": 0}
    problems: dict[str, str] = {}
    try:
        for n in range(passes):
            deadline = time.monotonic() + budget / passes
            times: dict[str, list[float]] = {"ours": [], "fts5": [], "ripgrep": []}
            for i, query in enumerate(queries):
                if time.monotonic() > deadline:
                    problems.setdefault("budget", f"pass {n + 1} stopped at its time budget after {i} queries")
                    break
                steps: list[tuple[str, Callable[[], float]]] = [
                    ("ours", partial(_search_ours, ours, query, problems)),
                    ("fts5", partial(_seconds, fts.search, fts5_expression(query))),
                    ("ripgrep", partial(_seconds, partial(rg_search, rg, folder=corpus), rg_pattern(query))),
                ]
                for name, step in steps[i % 3:] + steps[:i % 3]:  # rotate who goes first
                    seconds = step()
                    if seconds >= 0:
                        times[name].append(seconds)
            for name, values in times.items():
                if values:
                    per_pass[name].append(percentile(values, 95) * 1000)
                    counts[name] += len(values)
    finally:
        fts.close()
    result: dict[str, Any] = {"queries": len(queries), "measured": counts, "problems": problems}
    for name, values in per_pass.items():
        result[name] = {"p95_ms": summary(values)}
    result["ratio_fts5"] = ratio(result["ours"]["p95_ms"]["median"], result["fts5"]["p95_ms"]["median"])
    result["ratio_ripgrep"] = ratio(result["ours"]["p95_ms"]["median"], result["ripgrep"]["p95_ms"]["median"])
    return result


def _seconds(search: Callable[[str], tuple[int, float]], expression: str) -> float:
    return search(expression)[1]


def _search_ours(server: Server, query: str, problems: dict[str, str]) -> float:
    path = "/api/search?" + urllib.parse.urlencode({"q": query, "limit": 20})
    run = _get(server, path, timeout=60)
    if "seconds" not in run:
        problems.setdefault("ours", str(run.get("killed") or run.get("error")))
        return -1.0
    if run["status"] >= 400:
        problems.setdefault("ours_status", f"HTTP {run['status']} for {query!r}")
    return float(run["seconds"])


# --- start-up ----------------------------------------------------------------------------------------

def startup_rounds(rounds: int) -> dict[str, Any]:
    """``policyatlas --help`` against ``python -c 'import sqlite3'``, interleaved."""
    ours, base = [], []
    for _ in range(rounds):
        ours.append(run_measured([str(ATLAS), "--help"], timeout=60).seconds)
        base.append(run_measured([str(PROJECT_PYTHON), "-c", "import sqlite3"], timeout=60).seconds)
    return {"ours": {"seconds": summary(ours)}, "baseline": {"seconds": summary(base)},
            "ratio": ratio(summary(ours)["median"], summary(base)["median"])}


def client_ceiling(seconds: float, clients: int) -> dict[str, Any]:
    """The load generator against a server that answers at once: the most it can measure here."""
    port = free_port()
    server = Server("static", [str(PROJECT_PYTHON), "-m", "bench.load", "serve-static", str(port), "20000",
                               str(seconds + 60)], port, CACHE / "logs" / "static.log")
    server.env = dict(os.environ, PYTHONPATH=str(REPO))
    server.start()
    try:
        result = load(port, ["/ceiling"], clients=clients, seconds=seconds)
    finally:
        server.stop()
    return {"rps": result.rps, "p99_ms": latency_summary(result.latencies).get("p99"), "clients": clients,
            "response_bytes": 20000}


# --- one scale -----------------------------------------------------------------------------------------

def as_of_sql(country: str, date: str) -> str:
    """The baseline for a profile as of a date: the records of the version of each lineage that counts
    then, in plain SQL over the same tables (what a Datasette user would write)."""
    kinds = ", ".join(f"'{k}'" for k in PROFILE_KINDS_EXCLUDED)
    return f"""
WITH mine AS (SELECT DISTINCT source_id FROM records WHERE country = '{country}'),
candidates AS (
  SELECT s.id, s.lineage, s.as_of, s.ingested_at FROM sources s JOIN mine ON mine.source_id = s.id
  WHERE s.as_of IS NULL OR s.as_of <= '{date}'),
chosen AS (
  SELECT c.id FROM candidates c WHERE NOT EXISTS (
    SELECT 1 FROM candidates d WHERE d.lineage = c.lineage
      AND (coalesce(d.as_of, '') > coalesce(c.as_of, '')
           OR (coalesce(d.as_of, '') = coalesce(c.as_of, '') AND d.ingested_at > c.ingested_at))))
SELECT r.id, r.entity_id, r.kind, r.section, r.title, r.date_value, r.data, r.source_id
FROM records r JOIN chosen ON chosen.id = r.source_id
WHERE r.country = '{country}' AND r.kind NOT IN ({kinds})
ORDER BY r.kind, r.entity_id""".strip()


def _profile_versions(db: Path, country: str) -> int | None:
    """How many versions of the country's portal profile the atlas holds (None if it cannot tell)."""
    try:
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            row = connection.execute("SELECT count(*) FROM sources WHERE lineage = ?",
                                     (f"country-profile/{country}",)).fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return None
    return int(row[0])


def measure_scale(factor: int, args: argparse.Namespace, run_dir: Path) -> dict[str, Any]:
    corpus, manifest = ensure_corpus(factor, args.seed)
    budget = min(args.ingest_budget * factor, args.ingest_cap)
    db, ingest = ensure_db(factor, corpus, manifest, use_cache=not args.no_cache, budget=budget,
                           baseline_rounds=args.baseline_rounds)
    result: dict[str, Any] = {"factor": factor, "corpus": {k: manifest[k] for k in ("files", "bytes", "families",
                                                                                      "digest")},
                              "db_bytes": db.stat().st_size, "ingest": ingest}
    logs = run_dir / f"x{factor}"
    ours, theirs = ours_server(db, logs), datasette_server(db, logs)
    name = db.stem
    with running(ours, theirs):
        for server, path in ((ours, "/api/countries"), (theirs, f"/{name}/records.json?_size=1")):
            _get(server, path, timeout=60)  # warm both
        log(f"{factor}x: records list under load")
        result["records_load"] = {
            country: load_rounds(ours, theirs, f"/api/records?country={country}&limit=50",
                                 f"/{name}/records.json?country={country}&_size=50&_shape=objects",
                                 rounds=args.rounds, seconds=args.load_seconds, clients=args.clients)
            for country in ("MX", "US")}
        log(f"{factor}x: single requests")
        result["records_us_once"] = timed_requests(
            ours, theirs, "/api/records?country=US&limit=50", f"/{name}/records.json?country=US&_size=50&_shape=objects",
            count=args.repeat, budget=args.request_budget, timeout=args.request_timeout)
        result["country_page_us"] = timed_requests(
            ours, theirs, "/countries/US", f"/{name}/records?country=US", count=args.repeat,
            budget=args.request_budget, timeout=args.request_timeout)
        result["profile_as_of_mx"] = {"versions": _profile_versions(db, "MX")} | timed_requests(
            ours, theirs, f"/api/countries/MX/profile?as_of={AS_OF}",
            f"/{name}.json?" + urllib.parse.urlencode({"sql": as_of_sql("MX", AS_OF), "_shape": "objects"}),
            count=args.asof_repeat, budget=args.request_budget * 2, timeout=args.request_timeout)
        for page, theirs_path in (("incidents", f"/{name}/records?kind=incident&_facet=country&_facet=section"),
                                  ("graph", f"/{name}/record_entities?_facet=role")):
            result[f"page_{page}"] = timed_requests(ours, theirs, f"/{page}", theirs_path, count=args.repeat,
                                                    budget=args.request_budget, timeout=args.request_timeout)
        log(f"{factor}x: search")
        result["search"] = search_rounds(ours, db, corpus, passes=args.search_passes, budget=args.search_budget)
        result["servers"] = {"ours_max_rss_mb": ours.max_rss_mb, "datasette_max_rss_mb": theirs.max_rss_mb}
    return result


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return ""


def _versions() -> dict[str, str]:
    def first_line(argv: list[str]) -> str:
        try:
            out = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False).stdout
        except (OSError, subprocess.TimeoutExpired):
            return "unavailable"
        return (out.strip().splitlines() or ["unavailable"])[0]

    return {"python": platform.python_version(), "datasette": first_line([str(BENCH_BIN / "datasette"), "--version"]),
            "ripgrep": first_line([str(BENCH_BIN / "rg"), "--version"]),
            "sqlite": first_line([str(PROJECT_PYTHON), "-c", "import sqlite3; print(sqlite3.sqlite_version)"])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="PolicyAtlas against Datasette, raw FTS5 and ripgrep.")
    parser.add_argument("--scales", default="1,10", help="comma-separated factors (1,10,100)")
    parser.add_argument("--seed", type=int, default=scale.DEFAULT_SEED)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved load rounds per system")
    parser.add_argument("--load-seconds", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=5, help="requests per page figure and system")
    parser.add_argument("--asof-repeat", type=int, default=20, help="requests for the profile as of a date")
    parser.add_argument("--request-budget", type=float, default=60.0, help="seconds per page figure")
    parser.add_argument("--request-timeout", type=float, default=60.0)
    parser.add_argument("--search-passes", type=int, default=2)
    parser.add_argument("--search-budget", type=float, default=240.0, help="seconds for all search passes")
    parser.add_argument("--baseline-rounds", type=int, default=2, help="raw FTS5 ingest runs per family")
    parser.add_argument("--ingest-budget", type=float, default=600.0, help="ingest seconds per 1x of scale")
    parser.add_argument("--ingest-cap", type=float, default=3600.0, help="at most this many ingest seconds a scale")
    parser.add_argument("--startup-rounds", type=int, default=5)
    parser.add_argument("--no-cache", action="store_true", help="ingest again even if a cached atlas fits")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    for needed in (ATLAS, BENCH_BIN / "datasette", BENCH_BIN / "rg"):
        if not needed.exists():
            print(f"{needed} is missing: run `make bench` (it creates .venv and bench/.venv)", file=sys.stderr)
            return 2
    factors = [int(f) for f in args.scales.split(",") if f.strip()]
    started = datetime.now(UTC)
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    run_dir = CACHE / "logs" / stamp
    results: dict[str, Any] = {
        "meta": {"started": started.isoformat(timespec="seconds"), "commit": _git("rev-parse", "--short", "HEAD"),
                 "branch": _git("rev-parse", "--abbrev-ref", "HEAD"), "dirty": bool(_git("status", "--porcelain",
                                                                                         "src")),
                 "code_digest": code_digest(), "scales": factors, "cores": os.cpu_count(),
                 "load_before": os.getloadavg(), "versions": _versions(), "settings": {
                     k: v for k, v in vars(args).items() if k != "out"} | {"out": str(args.out)}},
    }
    log("client ceiling")
    results["client_ceiling"] = client_ceiling(3.0, args.clients)
    log("start-up")
    results["startup"] = startup_rounds(args.startup_rounds)
    results["scales"] = {}
    for factor in factors:
        results["scales"][str(factor)] = measure_scale(factor, args, run_dir)
        _write(results, args.out, stamp)  # a long run keeps what it has measured so far
    results["meta"]["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    results["meta"]["load_after"] = os.getloadavg()
    path = _write(results, args.out, stamp)
    log(f"results: {path}")
    return 0


def _write(results: dict[str, Any], out: Path, stamp: str) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{stamp}-{results['meta']['commit'] or 'nogit'}.json"
    text = json.dumps(results, indent=1, default=str)
    path.write_text(text)
    (out / "latest.json").write_text(text)
    return path


if __name__ == "__main__":
    raise SystemExit(main())

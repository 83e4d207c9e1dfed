"""Write ``docs/performance.md`` from the last run's results (``bench/results/latest.json``).

``python -m bench.table [RESULTS.json] [--out docs/performance.md]``. The section "What was changed
to reach them" is kept as it is in the existing file (people write it; the generator only adds a
placeholder when the file has none).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "performance.md"
LATEST = REPO / "bench" / "results" / "latest.json"
CHANGES_HEADING = "## What was changed to reach them"
CHANGES_PLACEHOLDER = "(To be completed by the lead: the changes of issue 8 that these figures measure.)\n"
FAMILY_NAMES = {"vcdb": "VCDB (export + VERIS files)", "cfr": "CFR tracker", "index": "index tables",
                "documents": "documents (profiles, strategies, news)", "other": "formats not parsed yet"}


# --- formatting ----------------------------------------------------------------------------------------

def fmt_ms(ms: float | None) -> str:
    """A duration given in milliseconds, at a readable precision ("—" when missing)."""
    if ms is None:
        return "—"
    if ms >= 10_000:
        return f"{ms / 1000:.0f} s"
    if ms >= 1000:
        return f"{ms / 1000:.2f} s"
    if ms >= 100:
        return f"{ms:.0f} ms"
    if ms >= 10:
        return f"{ms:.1f} ms"
    return f"{ms:.2f} ms"


def fmt_s(seconds: float | None) -> str:
    return "—" if seconds is None else fmt_ms(seconds * 1000)


def fmt_mb(size: float) -> str:
    """A size in bytes as MB (kB below 0.1 MB)."""
    return f"{size / 1e3:.0f} kB" if size < 100_000 else f"{size / 1e6:.1f} MB"


def fmt_num(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    text = f"{value:.0f}" if abs(value) >= 100 else f"{value:.1f}" if abs(value) >= 10 else f"{value:.2f}"
    return f"{text}{' ' + unit if unit else ''}"


def fmt_ratio(value: float | None) -> str:
    """A ratio as ``2.3x`` (or ``1/40`` below 0.1x, where a fraction reads better)."""
    if value is None:
        return "—"
    if value < 0.1:
        return f"1/{1 / value:.0f}" if value > 0 else "0"
    return f"{value:.2f}x" if value < 10 else f"{value:.0f}x"


def _killed(side: dict[str, Any]) -> str | None:
    reason = side.get("killed")
    return f"killed: {reason}" if reason else None


def _mid_min(stat: dict[str, Any], fmt: Any) -> str:
    """``median [min]`` of a summary."""
    if not stat or stat.get("median") is None:
        return "—"
    return f"{fmt(stat['median'])} [{fmt(stat['min'])}]"


def _cell_latency(side: dict[str, Any], key: str = "p95") -> str:
    return _killed(side) or (fmt_ms(side.get(key)) + (f", {side['peak_rss_mb']:.0f} MB RSS" if side.get(
        "peak_rss_mb") else "") if side.get(key) is not None else side.get("error", "—"))


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |"


# --- the tables -----------------------------------------------------------------------------------------

def _scales(results: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return sorted(results.get("scales", {}).items(), key=lambda kv: int(kv[0]))


def figures_rows(results: dict[str, Any]) -> list[list[str]]:
    """The figures table: what, scale, PolicyAtlas, what users would use instead, ratio, goal."""
    rows: list[list[str]] = []
    scales = _scales(results)
    for scale, data in scales:
        once = data.get("records_us_once", {})
        ours, theirs = once.get("ours", {}), once.get("baseline", {})
        rows.append(["`GET /api/records?country=US&limit=50`", f"{scale}x", _cell_latency(ours, "median_ms"),
                     "Datasette, same file: " + _cell_latency(theirs, "median_ms"),
                     fmt_ratio(once.get("ratio_median")), "≤ Datasette"])
    for country in ("MX", "US"):
        for scale, data in scales:
            figure = data.get("records_load", {}).get(country)
            if not figure:
                continue
            ours, theirs = figure["ours"], figure["baseline"]
            clients = (ours.get("rounds") or [{}])[0].get("clients", 8)
            mine = _killed(ours) or (f"{_mid_min(ours['rps'], fmt_num)} req/s, p99 "
                                     f"{_mid_min(ours['p99_ms'], fmt_ms)}")
            other = f"Datasette: {_mid_min(theirs['rps'], fmt_num)} req/s, p99 {_mid_min(theirs['p99_ms'], fmt_ms)}"
            rows.append([f"records list, {clients} clients, country={country}", f"{scale}x", mine, other,
                         f"{fmt_ratio(figure.get('ratio_rps'))} req/s, {fmt_ratio(figure.get('ratio_p99'))} p99",
                         "≥ 1.0x req/s, p99 ≤ Datasette's"])
    for scale, data in scales:
        figure = data.get("country_page_us", {})
        rows.append(["`/countries/US` page", f"{scale}x", _cell_latency(figure.get("ours", {}), "median_ms"),
                     "Datasette table page, country=US: " + _cell_latency(figure.get("baseline", {}), "median_ms"),
                     fmt_ratio(figure.get("ratio_median")), ""])
    for scale, data in scales:
        figure = data.get("profile_as_of_mx", {})
        count = figure.get("versions")
        versions = f" ({count} version{'' if count == 1 else 's'})" if count is not None else ""
        rows.append(["profile as of a date, MX (p95)", f"{scale}x{versions}", _cell_latency(figure.get("ours", {})),
                     "the same choice in SQL via Datasette: " + _cell_latency(figure.get("baseline", {})),
                     fmt_ratio(figure.get("ratio_p95")), "< 50 ms, flat as versions grow"])
    for scale, data in scales:
        search = data.get("search")
        if not search:
            continue
        rows.append([f"search p95, {search['queries']} mixed queries", f"{scale}x",
                     _mid_min(search["ours"]["p95_ms"], fmt_ms),
                     f"raw FTS5: {_mid_min(search['fts5']['p95_ms'], fmt_ms)}; "
                     f"ripgrep: {_mid_min(search['ripgrep']['p95_ms'], fmt_ms)}",
                     f"{fmt_ratio(search.get('ratio_fts5'))} FTS5; {fmt_ratio(search.get('ratio_ripgrep'))} ripgrep",
                     "≤ 2x FTS5; ≤ 0.2x ripgrep at 10x"])
    for scale, data in scales:
        ingest = data.get("ingest", {})
        if not ingest:
            continue
        ours, theirs = ingest.get("ours", {}), ingest.get("baseline", {})
        note = "" if ingest.get("complete", True) else " (incomplete: over its time budget)"
        cached = f" (measured {ingest['measured_at']}, atlas reused)" if ingest.get("cached") else ""
        rows.append([f"ingest whole corpus ({ingest.get('bytes', 0) / 1e6:.0f} MB)", f"{scale}x",
                     f"{fmt_s(ours.get('seconds'))}, {fmt_num(ours.get('mb_per_s'), 'MB/s')}, "
                     f"{fmt_num(ours.get('peak_rss_mb'), 'MB')} peak RSS{note}{cached}",
                     f"raw read + FTS5 insert: {fmt_s(theirs.get('seconds'))}, {fmt_num(theirs.get('mb_per_s'), 'MB/s')}",
                     fmt_ratio(ingest.get("ratio_mb_per_s")), "RSS < 400 MB at 10x"])
        for family, figure in ingest.get("families", {}).items():
            mine = figure.get("ours", {})
            rows.append([f"ingest {FAMILY_NAMES.get(family, family)} ({fmt_mb(figure['bytes'])})", f"{scale}x",
                         _killed(mine) or f"{fmt_s(mine.get('seconds'))}, {fmt_num(mine.get('mb_per_s'), 'MB/s')}, "
                                          f"{fmt_num(mine.get('peak_rss_mb'), 'MB')}",
                         f"raw FTS5: {_mid_min(figure['baseline']['mb_per_s'], lambda v: fmt_num(v, 'MB/s'))}",
                         fmt_ratio(figure.get("ratio_mb_per_s")),
                         "≥ 0.5x" if family in ("vcdb", "cfr", "index") else "as near as possible"
                         if family == "documents" else ""])
    startup = results.get("startup")
    if startup:
        rows.append(["`policyatlas --help`", "", _mid_min(startup["ours"]["seconds"], fmt_s),
                     f"`python -c 'import sqlite3'`: {_mid_min(startup['baseline']['seconds'], fmt_s)}",
                     fmt_ratio(startup.get("ratio")), "< 0.5 s"])
    for page, title, instead in (("incidents", "incidents dashboard `/incidents`", "Datasette facets on incidents"),
                                 ("graph", "stakeholder graph `/graph`", "Datasette facets on record_entities")):
        for scale, data in scales:
            figure = data.get(f"page_{page}")
            if not figure:
                continue
            ours = figure.get("ours", {})
            first = f" (first {fmt_ms(ours['first_ms'])})" if ours.get("first_ms") is not None else ""
            rows.append([title, f"{scale}x", (_killed(ours) or fmt_ms(ours.get("median_ms"))) + first,
                         f"{instead}: {_cell_latency(figure.get('baseline', {}), 'median_ms')}",
                         fmt_ratio(figure.get("ratio_median")), "< 300 ms at 1x"])
    return rows


def render(results: dict[str, Any], changes: str = CHANGES_PLACEHOLDER) -> str:
    """The whole of docs/performance.md for these results."""
    meta = results.get("meta", {})
    ceiling = results.get("client_ceiling", {})
    versions = meta.get("versions", {})
    lines = [
        "# Performance",
        "",
        "Figures of the last benchmark run (`make bench`: 1x and 10x; `make bench-large` adds 100x), written by",
        "`python -m bench.table` from `bench/results/latest.json`. Every figure is measured beside what users",
        "would use instead, on the same data in the same run, in interleaved rounds; cells give the median",
        "and, in brackets, the minimum over rounds. The machine has 2 cores shared with other work, so",
        "absolute times are noisy: read the ratios.",
        "",
        f"Run {meta.get('started', '?')} on commit `{meta.get('commit', '?')}` ({meta.get('branch', '?')}"
        f"{', uncommitted changes in src/' if meta.get('dirty') else ''}); {meta.get('cores', '?')} cores, load "
        f"average {_load(meta.get('load_before'))} before and {_load(meta.get('load_after'))} after; "
        f"{versions.get('datasette', 'datasette ?')}, {versions.get('ripgrep', 'ripgrep ?')}, SQLite "
        f"{versions.get('sqlite', '?')}, Python {versions.get('python', '?')}.",
        "",
        "## Figures",
        "",
        _row(["what", "scale", "PolicyAtlas", "what users would use instead", "ratio", "goal (issue 8)"]),
        _row(["---"] * 6),
        *(_row(r) for r in figures_rows(results)),
        "",
        f"The load generator's own ceiling here: {fmt_num(ceiling.get('rps'), 'req/s')} with "
        f"{ceiling.get('clients', '?')} clients against a server that answers {ceiling.get('response_bytes', '?')} "
        f"bytes at once (p99 {fmt_ms(ceiling.get('p99_ms'))}), so the req/s above are the servers', not the client's.",
        "",
        "## Corpus",
        "",
        _row(["scale", "files", "MB", "VCDB MB", "CFR MB", "index tables MB", "documents MB", "atlas file MB"]),
        _row(["---"] * 8),
    ]
    for scale, data in _scales(results):
        corpus = data.get("corpus", {})
        families = corpus.get("families", {})
        lines.append(_row([f"{scale}x", str(corpus.get("files", "?")), f"{corpus.get('bytes', 0) / 1e6:.1f}",
                           *(f"{families.get(f, {}).get('bytes', 0) / 1e6:.1f}" for f in ("vcdb", "cfr", "index",
                                                                                          "documents")),
                           f"{data.get('db_bytes', 0) / 1e6:.0f}"]))
    lines += ["", METHOD, CHANGES_HEADING, "", changes.rstrip("\n") + "\n"]
    return "\n".join(lines)


def _load(value: Any) -> str:
    if not value:
        return "?"
    return "/".join(f"{v:.1f}" for v in value)


METHOD = """## How it is measured

- **Corpus** (`bench/scale.py`): the whole `../shared/corpus` + seeds is 1x. At factor k each scaled
  file is written k times: even copies are newer versions of the same document ("Last Updated" a
  month later per version, one sentence edited), odd copies the document re-rendered for another
  real country (names, Spanish names, demonyms, CERT-XX substituted); VCDB/VERIS incidents get new
  ids (odd copies move their victims to other countries); the CFR tracker and index tables (one
  lineage each) get new versions with a few cells edited. Formats no parser reads yet are copied
  once. Same seed, same bytes; cached under `bench/.cache/corpus`.
- **Atlas**: the corpus ingested family by family with `policyatlas ingest DIR --json` (each a
  timed subprocess) into one SQLite file, kept under `bench/.cache/db` while the code (`src/`, the
  lock file) and the corpus are unchanged; a reused atlas carries the ingest figures of the run
  that built it (said in the table).
- **Servers**: a real `policyatlas serve` (uvicorn) and `datasette serve` (0.65, installed in
  `bench/.venv`, `sql_time_limit_ms` raised to 30 s, other settings default) on 127.0.0.1, on the
  same file, started and stopped by the harness. Each runs under an address-space limit and a
  watcher that kills it above 3 GB resident or 2 GB of temporary files (SQLite spilling a sort of
  joined text to disk): such a figure reads "killed: …" instead of hanging.
- **Load**: 8 client threads with keep-alive connections, bounded in time (5 s a round) and count;
  rounds alternate which server goes first; the same generator for both.
- **Baselines**: raw ingest = read each file, split JSON arrays / CSV rows into items, insert into a
  table + FTS5 (the atlas's tokenizer) with `executemany`, one transaction per file. Raw search =
  the same query as an FTS5 MATCH on the atlas's own `search_fts` rows (top 20 by `rank` with the
  atlas's bm25 weights and snippets, + facet counts). ripgrep = `rg -i -l` over the corpus files
  (process start included). Profile as of a date = one SQL statement choosing the version of each
  lineage at the date, through Datasette's JSON API. Pages = the Datasette table page a user would
  browse instead. Start-up = `policyatlas --help` against `python -c 'import sqlite3'`.
- Profiles of the slow paths: `python -m bench.profile --db ATLAS --out DIR` (py-spy from `bench/.venv`
  attached to a real server; `--ingest FILE` profiles an ingest).
"""


def changes_section(existing: str) -> str:
    """The text under "What was changed to reach them" in the current file (kept across runs)."""
    if CHANGES_HEADING not in existing:
        return CHANGES_PLACEHOLDER
    after = existing.split(CHANGES_HEADING, 1)[1].lstrip("\n")
    stop = after.find("\n## ")
    return (after if stop < 0 else after[:stop + 1]) or CHANGES_PLACEHOLDER


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write docs/performance.md from benchmark results.")
    parser.add_argument("results", type=Path, nargs="?", default=LATEST)
    parser.add_argument("--out", type=Path, default=DOC)
    args = parser.parse_args(argv)
    if not args.results.exists():
        print(f"{args.results}: no results yet; run `make bench` first", file=sys.stderr)
        return 2
    results = json.loads(args.results.read_text())
    existing = args.out.read_text() if args.out.exists() else ""
    args.out.write_text(render(results, changes_section(existing)))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

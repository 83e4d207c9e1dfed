"""Benchmark: build the bundled dataset (data/atlas) into a fresh SQLite atlas, as `make run` does, then read it.

Prints the build's wall and CPU time, what the first run holds (countries, countries with at least ten records,
the median records per country), and the time of each map measure and of every country's at-a-glance summary.
Usage: .venv/bin/python bench/bundled_atlas.py [DATA_DIR]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from policyatlas.store import repository
from policyatlas.store.db import make_engine, session_scope
from policyatlas.store.ingest import ingest_paths
from policyatlas.store.migrate import upgrade
from policyatlas.views.measures import MEASURES, get_measure
from policyatlas.views.summary import get_summary

DATA = Path(__file__).resolve().parents[1] / "data" / "atlas"


def main() -> int:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else DATA
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/atlas.db")
        upgrade(engine)
        wall, cpu = time.perf_counter(), time.process_time()
        report = ingest_paths(engine, [data])
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        if not report.ok:
            print("build failed:", [f.error for f in report.files if f.error])
            return 1
        with session_scope(engine) as session:
            counts = [records for _, records, _, _ in repository.country_counts(session)]
        print(f"build: {wall:.1f} s wall, {cpu:.1f} s CPU; {sum(counts)} records about {len(counts)} countries; "
              f"{sum(c >= 10 for c in counts)} countries with >= 10 records; median {statistics.median(counts):g}")
        for measure in MEASURES:
            start = time.perf_counter()
            shown = get_measure(engine, measure.id)
            print(f"measure {measure.id}: {len(shown.countries)} countries in {time.perf_counter() - start:.2f} s")
        codes = sorted({v.country for v in get_measure(engine, "records").countries})
        start = time.perf_counter()
        for code in codes:
            get_summary(engine, code)
        elapsed = time.perf_counter() - start
        print(f"summaries: {len(codes)} countries in {elapsed:.1f} s ({1000 * elapsed / len(codes):.0f} ms each)")
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

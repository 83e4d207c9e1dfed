"""Benchmark: ingest the whole shared corpus into a fresh SQLite atlas.

Prints documents per second and peak memory, each also as a ratio against a baseline measured
in the same run (reading and hashing the same files: the floor any ingest pays), so figures
compare across machines. Usage: .venv/bin/python bench/ingest_corpus.py [CORPUS_DIR]
"""

from __future__ import annotations

import hashlib
import resource
import sys
import tempfile
import time
from pathlib import Path

from policyatlas.store.db import make_engine
from policyatlas.store.ingest import expand_paths, ingest_paths
from policyatlas.store.migrate import upgrade

SKIP_SUFFIXES = {".md"}
SKIP_NAMES = ("LICENSE", "SOURCES", "README", "UPSTREAM_README", "changelog", "keynames")
SKIP_FOLDERS = {"veris-schema"}  # the VERIS schema itself, not incidents


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "corpus"
    if not corpus.is_dir():
        print(f"corpus folder {corpus} not found", file=sys.stderr)
        return 2
    files = [p for p in expand_paths([corpus]) if p.suffix not in SKIP_SUFFIXES
             and not p.name.startswith(SKIP_NAMES) and not SKIP_FOLDERS & set(p.parts)]
    size = sum(p.stat().st_size for p in files)

    start = time.perf_counter()
    for path in files:
        hashlib.sha256(path.read_bytes()).hexdigest()
    baseline = time.perf_counter() - start
    memory_before = _peak_mib()

    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        upgrade(engine)
        start = time.perf_counter()
        report = ingest_paths(engine, files)
        elapsed = time.perf_counter() - start
        start = time.perf_counter()
        again = ingest_paths(engine, files)
        second = time.perf_counter() - start
        engine.dispose()

    imported, errors = report.count("imported"), report.count("error")
    records = sum(f.records for f in report.files)
    peak = _peak_mib()
    print(f"files: {len(files)} ({size / 1e6:.1f} MB); imported {imported}, errors {errors}, records {records}")
    print(f"ingest: {elapsed:.2f} s = {len(files) / elapsed:.1f} documents/s, {records / elapsed:.0f} records/s")
    print(f"ratio ingest / baseline (read + sha256 of the same files, {baseline * 1000:.1f} ms): "
          f"{elapsed / max(baseline, 1e-9):.0f}x")
    print(f"re-ingest (all unchanged: {again.count('unchanged')}): {second:.2f} s, "
          f"ratio to first ingest {second / elapsed:.3f}")
    print(f"peak memory: {peak:.0f} MiB; ratio to the baseline's peak ({memory_before:.0f} MiB): "
          f"{peak / max(memory_before, 1):.2f}x")
    for file in report.files:
        if file.status == "error":
            print(f"  error: {file.error}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

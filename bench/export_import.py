"""Benchmark: the open data package out and back in.

Builds an atlas as `make build` does (the bundled data/atlas) plus the seeds, then times, each in a
fresh process so peak memory is the phase's own: export as a data package, import into an empty
database, export again (compared byte for byte), and frictionless validation. With --scale K it
also clones every source of the package K times (new ids, same entities) and times importing and
exporting that: peak memory that stays flat as K grows shows the reads and writes are streamed.
Memory figures are also given as a ratio to a baseline process that imports the same modules and
does nothing. Usage:

    .venv/bin/python bench/export_import.py [--scale K] [--postgres URL]   # URL: a database it may empty
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
csv.field_size_limit(2**31 - 1)  # a source text is one cell
SEEDS = REPO.parent / "shared" / "seeds"


def _phase(name: str, *args: str) -> dict[str, float]:
    """Run one phase in a fresh interpreter; returns its seconds and peak memory (MiB)."""
    out = subprocess.run([sys.executable, __file__, "--phase", name, *args], capture_output=True, text=True,
                         check=False)
    if out.returncode != 0:
        raise SystemExit(f"phase {name} failed:\n{out.stderr}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _empty(engine: Any) -> None:
    """Empty a PostgreSQL database (a SQLite one is a new file already)."""
    from sqlalchemy import text

    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))


def _run_phase(name: str, args: list[str]) -> None:
    from policyatlas.config import Settings
    from policyatlas.export.datapackage import export_datapackage
    from policyatlas.store.db import make_engine
    from policyatlas.store.ingest import ingest_paths
    from policyatlas.store.migrate import upgrade
    from policyatlas.store.package_import import import_package

    start = time.perf_counter()
    result: dict[str, float] = {}
    if name == "baseline":
        pass
    elif name == "build":
        engine = make_engine(args[0])
        _empty(engine)
        upgrade(engine)
        start = time.perf_counter()
        report = ingest_paths(engine, [Settings().data_dir, *sorted(SEEDS.glob("*.txt"))])
        assert report.ok, [f.error for f in report.files if f.error]
    elif name == "export":
        export_datapackage(make_engine(args[0]), Path(args[1]))
    elif name == "import":
        engine = make_engine(args[0])
        _empty(engine)
        upgrade(engine)  # the schema is made before the clock starts, as `make run` has it
        start = time.perf_counter()
        report = import_package(engine, Path(args[1]))
        result["records"] = report.inserted["records"]
    elif name == "validate":
        from frictionless import validate

        report = validate(str(Path(args[0]) / "datapackage.json"))
        result["valid"] = float(report.valid)
        result["errors"] = float(sum(len(task.errors) for task in report.tasks))
    result["seconds"] = time.perf_counter() - start
    result["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def _scale(package: Path, target: Path, copies: int) -> None:
    """Clone every source of ``package`` (with its text, records, links, revisions) ``copies`` times."""
    shutil.copytree(package, target)
    sources = list(csv.DictReader((package / "sources.csv").open(encoding="utf-8", newline="")))
    records = list(csv.DictReader((package / "records.csv").open(encoding="utf-8", newline="")))
    where = {r["id"]: (r["source"], r["ordinal"]) for r in records}

    def sha(source_sha: str, k: int) -> str:
        return hashlib.sha256(f"{source_sha}:copy{k}".encode()).hexdigest()

    shas = {s["id"]: s["sha256"] for s in sources}

    def record_id(old: str, k: int) -> str:
        source, ordinal = where[old]
        return hashlib.sha256(f"{sha(shas[source], k)}:{ordinal}".encode()).hexdigest()[:16]

    def rewrite(name: str, change: object) -> None:
        with (package / name).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        with (target / name).open("a", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else [], lineterminator="\n")
            for k in range(1, copies):
                for row in rows:
                    writer.writerow(change(dict(row), k))  # type: ignore[operator]

    def source(row: dict[str, str], k: int) -> dict[str, str]:
        new = sha(row["sha256"], k)
        return {**row, "id": new[:16], "sha256": new, "lineage": f"{row['lineage']}#copy{k}"}

    rewrite("sources.csv", source)
    rewrite("source_texts.csv", lambda row, k: {**row, "source": sha(shas[row["source"]], k)[:16]})
    rewrite("records.csv", lambda row, k: {**row, "id": record_id(row["id"], k),
                                           "source": sha(shas[row["source"]], k)[:16]})
    rewrite("record_entities.csv", lambda row, k: {**row, "record": record_id(row["record"], k)})
    rewrite("revisions.csv", lambda row, k: {**row, "record": record_id(row["record"], k)})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--scale", type=int, default=0, help="also clone the package's sources K times")
    parser.add_argument("--postgres", help="also build and import on this PostgreSQL database (it is emptied)")
    parser.add_argument("rest", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        _run_phase(args.phase, args.rest)
        return 0
    baseline = _phase("baseline")["peak_mib"]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        urls = [f"sqlite:///{work / 'built.db'}"] + ([args.postgres] if args.postgres else [])
        for url in urls:
            backend = url.split(":")[0]
            built = _phase("build", url)
            print(f"[{backend}] build (data/atlas + seeds): {built['seconds']:.1f} s")
            out = _phase("export", url, str(work / f"{backend}-1"))
            print(f"[{backend}] export: {out['seconds']:.2f} s, peak {out['peak_mib']:.0f} MiB "
                  f"({out['peak_mib'] / baseline:.2f}x baseline {baseline:.0f} MiB)")
            target = url if backend != "sqlite" else f"sqlite:///{work / 'imported.db'}"
            back = _phase("import", target, str(work / f"{backend}-1"))
            print(f"[{backend}] import into an empty database: {back['seconds']:.2f} s "
                  f"({back['records']:.0f} records), peak {back['peak_mib']:.0f} MiB")
            _phase("export", target, str(work / f"{backend}-2"))
            first, second = (sorted((work / f"{backend}-{n}").iterdir()) for n in (1, 2))
            same = [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
            print(f"[{backend}] export -> import -> export identical: {same}")
        package = work / "sqlite-1"
        for path in sorted(package.iterdir()):
            rows = sum(1 for _ in csv.reader(path.open(encoding="utf-8", newline=""))) - 1 if path.suffix == ".csv" else 0
            print(f"  {path.name:24} {rows:>7} rows {path.stat().st_size:>10} bytes")
        checked = _phase("validate", str(package))
        print(f"frictionless validate: valid={bool(checked['valid'])}, errors={checked['errors']:.0f}, "
              f"{checked['seconds']:.1f} s")
        if args.scale > 1:
            scaled = work / "scaled"
            _scale(package, scaled, args.scale)
            back = _phase("import", f"sqlite:///{work / 'scaled.db'}", str(scaled))
            out = _phase("export", f"sqlite:///{work / 'scaled.db'}", str(work / "scaled-out"))
            print(f"x{args.scale}: import {back['seconds']:.1f} s ({back['records']:.0f} records, "
                  f"{back['records'] / back['seconds']:.0f} records/s), peak {back['peak_mib']:.0f} MiB; "
                  f"export {out['seconds']:.1f} s, peak {out['peak_mib']:.0f} MiB "
                  f"({out['peak_mib'] / baseline:.2f}x baseline)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

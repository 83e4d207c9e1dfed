"""Bundle the curated dataset (data/curated) as the open data package that `make run` loads (data/atlas).

Usage: ``python scripts/bundle_data.py [--check]``

The curated YAML files and ITU profiles are ingested into a throwaway SQLite atlas and exported with
``policyatlas export --format datapackage``: the bundle is the same Frictionless package anyone can
export, validate and import. The build is reproducible: every ingest time is ``SOURCE_DATE_EPOCH``
and paths are written relative to the repository, so building twice gives the same bytes. The time is
the ``created`` time of the package already there when the curated files still give that package
(nothing changes), else now (or ``SOURCE_DATE_EPOCH`` when set). ``--check`` builds into a temporary
folder and exits 1, naming the files that differ, when data/atlas is not what data/curated gives.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CURATED = REPO / "data" / "curated"
BUNDLE = REPO / "data" / "atlas"


def bundle_epoch(bundle: Path = BUNDLE) -> int:
    """The time the package in ``bundle`` was built with (its descriptor's ``created``)."""
    created = json.loads((bundle / "datapackage.json").read_text(encoding="utf-8"))["created"]
    return int(datetime.fromisoformat(created.replace("Z", "+00:00")).timestamp())


def build(out: Path, epoch: int, curated: Path = CURATED) -> None:
    """Ingest ``curated`` into a throwaway atlas at time ``epoch`` and export it as a data package to ``out``."""
    from policyatlas.export.datapackage import export_datapackage
    from policyatlas.store.db import make_engine
    from policyatlas.store.ingest import ingest_paths

    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    here = Path.cwd()
    try:
        os.chdir(REPO)  # paths in the package are relative to the repository, the same on every machine
        with tempfile.TemporaryDirectory() as scratch:
            engine = make_engine(f"sqlite:///{Path(scratch) / 'atlas.db'}")
            report = ingest_paths(engine, [curated])
            failed = [f for f in report.files if f.status == "error"]
            if failed:
                raise SystemExit(f"error: {failed[0].path}: {failed[0].error}")
            export_datapackage(engine, out)
            engine.dispose()
    finally:
        os.chdir(here)
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def differences(a: Path, b: Path) -> list[str]:
    """Names of the files that are not byte-identical in the two folders (or only in one)."""
    names = {p.name for p in a.iterdir()} | {p.name for p in b.iterdir()}
    return sorted(n for n in names
                  if not (a / n).is_file() or not (b / n).is_file() or (a / n).read_bytes() != (b / n).read_bytes())


def stale() -> list[str]:
    """The files of data/atlas that a build from data/curated, at the package's own time, would change."""
    if not (BUNDLE / "datapackage.json").is_file():
        return ["datapackage.json"]
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / "atlas"
        build(fresh, bundle_epoch())
        return differences(fresh, BUNDLE)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether data/atlas is up to date")
    args = parser.parse_args()
    changed = stale()
    if not args.check:
        if not changed:
            print("data/atlas is up to date")
            return 0
        epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or datetime.now().timestamp())
        build(BUNDLE, epoch)
        print(f"wrote {BUNDLE.relative_to(REPO)} (built as of {datetime.fromtimestamp(epoch).isoformat()})")
        return 0
    if changed:
        print(f"error: data/atlas is not what data/curated gives ({', '.join(changed)} differ): "
              "run `make data`", file=sys.stderr)
        return 1
    print("data/atlas is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Measure format detection on every file under ../shared (seeds and corpus), folder by folder.

For each file, the format ``detect_parser`` picks from the content alone (the name is hidden), or the
reason it is refused. Prints one line per folder (counts by format) and, with ``--files``, one line per
file. The expected formats of the seeds and older corpus folders are pinned by
``tests/test_shared_detection.py``; this script reports the newer folders too.

Usage: ``python bench/format_detection.py [SHARED_DIR] [--files]``
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from policyatlas.errors import PolicyAtlasError
from policyatlas.sources import detect_parser

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO.parent / "shared"
SKIPPED = ("design", "hooks")


def folder_of(relative: Path) -> str:
    """The folder a file is counted under: the dataset folder (two levels below corpus/), else its parent."""
    parts = relative.parts
    if parts[0] == "corpus" and len(parts) > 3:
        return "/".join(parts[:3])
    return "/".join(parts[:-1]) or "."


def detect(path: Path) -> str:
    try:
        return detect_parser(path.read_bytes(), "document").kind
    except PolicyAtlasError as exc:
        return "refused: " + exc.message.split(":")[0][:60]


def main(argv: list[str]) -> int:
    args = [a for a in argv[1:] if not a.startswith("--")]
    shared = Path(args[0]) if args else DEFAULT_SHARED
    if not shared.is_dir():
        sys.stderr.write(f"shared folder not found: {shared}\n")
        return 2
    started = time.perf_counter()
    folders: dict[str, Counter[str]] = {}
    for path in sorted(p for p in shared.rglob("*") if p.is_file()):
        relative = path.relative_to(shared)
        if relative.parts[0] in SKIPPED:
            continue
        kind = detect(path)
        folders.setdefault(folder_of(relative), Counter())[kind] += 1
        if "--files" in argv:
            sys.stdout.write(f"{relative}\t{kind}\n")
    for folder, counts in folders.items():
        total = sum(counts.values())
        sys.stdout.write(f"{folder}\t{total}\t" + ", ".join(f"{k} {n}" for k, n in counts.most_common()) + "\n")
    sys.stdout.write(f"({time.perf_counter() - started:.1f} s)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

"""Measure how well the strategy-document parser tells country, language and year from the content alone.

Every text of the strategy corpus (``../shared/corpus/strategies/inaugural`` and ``sequential``) is
parsed with its name hidden (the bytes are given as ``document.txt``); the truth comes from the file
name, ``YYYYMMDD_<Country>_<Title>_<LANG>.txt`` (dates ending 0101 stand for a year only, so only
years are compared).

Usage: ``python bench/strategy_detection.py [CORPUS_DIR]``
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from policyatlas.model.country import resolve_country
from policyatlas.sources import detect_parser
from policyatlas.sources.strategies.parser import StrategyDocumentParser

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "strategies"
FOLDERS = ("inaugural", "sequential")
LANGUAGES = {"ENG": "en", "ESP": "es", "FRN": "fr", "RUS": "ru", "GRE": "el", "LTV": "lv"}
FIELDS = ("detected", "registry", "language", "country", "year")


@dataclass(frozen=True)
class Truth:
    """What a corpus file's name says of it."""

    name: str
    country: str | None
    language: str | None
    year: str


@dataclass
class Score:
    """Hits and misses of one field."""

    hits: int = 0
    total: int = 0
    misses: list[tuple[str, str | None, str | None]] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.hits / self.total if self.total else 0.0

    def add(self, name: str, expected: str | None, got: str | None) -> None:
        self.total += 1
        if expected == got:
            self.hits += 1
        else:
            self.misses.append((name, expected, got))


def truth_of(path: Path) -> Truth:
    """The country (ISO alpha-2), language (ISO 639-1) and year a corpus file's name gives."""
    stem = path.stem
    date, country, _title_and_language = stem.split("_", 2)
    language = stem.rsplit("_", 1)[1]
    return Truth(path.name, resolve_country(country), LANGUAGES.get(language), date[:4])


def corpus_files(corpus: Path) -> list[Path]:
    """The texts of both folders, in name order."""
    return sorted(path for folder in FOLDERS for path in (corpus / folder).glob("*.txt"))


def measure(corpus: Path = DEFAULT_CORPUS) -> dict[str, Score]:
    """Detect and parse every text with its name hidden; score each field against the file name."""
    parser = StrategyDocumentParser()
    scores = {name: Score() for name in FIELDS}
    for path in corpus_files(corpus):
        truth = truth_of(path)
        data = path.read_bytes()
        detected = parser.detect(data, "document.txt")
        scores["detected"].add(truth.name, "yes", "yes" if detected else "no")
        # what ingest picks among every format (profiles and articles are tried first)
        scores["registry"].add(truth.name, parser.kind, detect_parser(data, "document.txt").kind)
        parsed = parser.parse(data, "document.txt")
        year = parsed.as_of.value[:4] if parsed.as_of and parsed.as_of.value else None
        scores["language"].add(truth.name, truth.language, parsed.language)
        scores["country"].add(truth.name, truth.country, parsed.country)
        scores["year"].add(truth.name, truth.year, year)
    return scores


def report(scores: dict[str, Score]) -> str:
    """The per-field accuracy as ratios, then the misses (file, expected, found)."""
    lines = [f"{name:9} {score.hits}/{score.total} = {score.ratio:.3f}" for name, score in scores.items()]
    for name, score in scores.items():
        for file, expected, got in score.misses:
            lines.append(f"miss {name:9} {file}: expected {expected}, found {got}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    corpus = Path(argv[1]) if len(argv) > 1 else DEFAULT_CORPUS
    if not corpus.is_dir():
        sys.stderr.write(f"corpus not found: {corpus}\n")
        return 2
    started = time.perf_counter()
    scores = measure(corpus)
    sys.stdout.write(report(scores) + f"\n({time.perf_counter() - started:.1f} s)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

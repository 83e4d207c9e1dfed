"""Every file of the shared seeds and corpus folders is detected as its real format (or, for the VERIS schema's
own files, named and refused: they describe incidents and hold none)."""

from __future__ import annotations

from pathlib import Path

import pytest

from policyatlas.errors import UnknownFormatError
from policyatlas.sources import detect_parser
from tests.conftest import need_shared

FOLDERS = ("seeds", "corpus/itu-cyberwellness", "corpus/strategies", "corpus/vcdb", "corpus/indices")
VERIS_SCHEMA = "refused: VERIS schema"


def expected_format(relative: str) -> str:
    """The real format of a shared file, from where it is and what it is named."""
    name = relative.rsplit("/", 1)[-1]
    if relative == "seeds/000_f3d26c38aaf7f9de.txt":
        return "country-profile"
    if relative.startswith("seeds/"):
        return "news-article"
    if name.endswith(".md") or name.startswith("LICENSE") or name == "changelog":
        return "document"
    if relative.startswith("corpus/itu-cyberwellness/"):
        return "itu-profile"
    if relative.startswith("corpus/strategies/"):
        return {"inaugural_cybstrategies_2000_2024.csv": "strategy-panel",
                "oecd_countries.csv": "membership-table"}.get(name, "strategy-document")
    if relative.startswith("corpus/vcdb/veris-schema/"):
        return VERIS_SCHEMA
    if relative.startswith("corpus/vcdb/"):
        return "vcdb-export" if "/derived/" in relative else "veris"
    if relative.startswith("corpus/indices/"):
        return "cfr-tracker" if name.startswith("cfr_") else "index-table"
    raise AssertionError(f"no expected format for {relative}")


def detected_format(path: Path) -> str:
    try:
        return detect_parser(path.read_bytes(), path.name).kind
    except UnknownFormatError as exc:
        return VERIS_SCHEMA if "VERIS" in exc.message else f"refused: {exc.message}"


def _files(folder: str) -> list[Path]:
    root = need_shared(folder)
    return sorted(p for p in root.rglob("*") if p.is_file())


@pytest.mark.parametrize("folder", FOLDERS)
def test_shared_files_are_detected_as_their_real_format(folder: str) -> None:
    shared = need_shared(".")
    wrong = {}
    for path in _files(folder):
        relative = path.relative_to(shared).as_posix()
        expected, got = expected_format(relative), detected_format(path)
        if expected != got:
            wrong[relative] = (expected, got)
    assert not wrong


def test_shared_readmes_are_prose_documents() -> None:
    for relative in ("README.md", "corpus/README.md"):
        path = need_shared(relative)
        assert detect_parser(path.read_bytes(), path.name).kind == "document"

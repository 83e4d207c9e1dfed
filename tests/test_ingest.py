"""Ingest: idempotent, atomic per source, history-keeping, robust to bad input (SQLite and PostgreSQL)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from fpdf import FPDF
from sqlalchemy import Engine, func, select

from policyatlas.model.record import ParsedSource, Record
from policyatlas.sources import register
from policyatlas.store.db import session_scope
from policyatlas.store.ingest import ingest_paths
from policyatlas.store.schema import EntityRow, RecordRow, SourceRow
from policyatlas.views.profile import get_profile
from policyatlas.views.records import list_records


def _count(engine: Engine, table: type) -> int:
    with session_scope(engine) as session:
        if table is EntityRow:  # the entities records are about (not those they only mention)
            return int(session.scalar(select(func.count(func.distinct(RecordRow.entity_id)))) or 0)
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def test_ingest_seed_then_same_file_twice_is_unchanged(engine: Engine, seed_profile: Path) -> None:
    first = ingest_paths(engine, [seed_profile])
    assert first.to_json()["imported"] == 1 and first.files[0].records == 30
    second = ingest_paths(engine, [seed_profile])
    assert second.to_json() == {
        "files": [{"path": str(seed_profile), "status": "unchanged", "source": first.files[0].source,
                   "records": 30, "format": "country-profile", "error": None}],
        "imported": 0, "unchanged": 1, "errors": 0,
    }
    assert (_count(engine, SourceRow), _count(engine, RecordRow), _count(engine, EntityRow)) == (1, 30, 30)


def test_ingest_bundled_dataset_and_seed_share_entities(engine: Engine, seed_profile: Path) -> None:
    dataset = Path(__file__).resolve().parents[1] / "data" / "curated" / "MX.yaml"
    report = ingest_paths(engine, [dataset, seed_profile])
    assert [f.status for f in report.files] == ["imported", "imported"]
    assert _count(engine, RecordRow) == 60
    assert _count(engine, EntityRow) == 30
    profile = get_profile(engine, "MX")
    shown = [r for s in profile["sections"] for r in s["records"]]
    assert len(shown) == 30 and all(len(r["also_in"]) == 1 for r in shown)


def _bad_files(tmp_path: Path, seed_profile: Path) -> dict[str, Path]:
    text = seed_profile.read_text(encoding="utf-8")
    files = {
        "binary": tmp_path / "image.png",
        "empty": tmp_path / "empty.txt",
        "latin1": tmp_path / "latin1.txt",
        "utf16": tmp_path / "utf16.txt",
        "truncated": tmp_path / "truncated.txt",
        "not_profile": tmp_path / "notes.txt",
    }
    files["binary"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    files["empty"].write_bytes(b"  \n")
    files["latin1"].write_bytes(text.encode("latin-1", errors="replace"))
    files["utf16"].write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "National Cybersecurity Strategy. " * 40)
    whole = bytes(pdf.output())
    files["truncated"].write_bytes(whole[: len(whole) // 2])  # a partial text profile is read; a cut PDF is not
    files["not_profile"].write_text("Shopping list\n\n- eggs\n- milk\n", encoding="utf-8")
    return files


@pytest.mark.parametrize(("name", "reason"), [
    ("binary", "binary file"),
    ("empty", "empty file"),
    ("latin1", "not valid UTF-8"),
    ("utf16", "UTF-16"),
    ("truncated", "truncated"),
    ("not_profile", "not a recognised document format"),
])
def test_ingest_bad_input_reports_error_and_keeps_batch(engine: Engine, tmp_path: Path, seed_profile: Path,
                                                        name: str, reason: str) -> None:
    bad = _bad_files(tmp_path, seed_profile)[name]
    report = ingest_paths(engine, [bad, seed_profile])
    failed, good = report.files
    assert failed.status == "error" and good.status == "imported"
    assert failed.error is not None and failed.error.startswith(str(bad)) and reason in failed.error
    assert "\n" not in failed.error
    assert _count(engine, SourceRow) == 1 and _count(engine, RecordRow) == 30


def test_ingest_folder_is_walked_hidden_files_skipped(engine: Engine, tmp_path: Path, seed_profile: Path) -> None:
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "mx.txt").write_bytes(seed_profile.read_bytes())
    (folder / ".hidden.txt").write_text("ignored", encoding="utf-8")
    report = ingest_paths(engine, [folder])
    assert [(Path(f.path).name, f.status) for f in report.files] == [("mx.txt", "imported")]


class _ExplodingParser:
    """A parser whose records break the database half-way through the write."""

    kind = "test-exploding"
    description = "test only"

    def detect(self, data: bytes, name: str) -> bool:
        return False

    def parse(self, data: bytes, origin: str) -> ParsedSource:
        good = [Record(kind="law", country="MX", section="Legal Framework", title=f"Law {i}",
                       line_start=i, line_end=i) for i in range(1, 6)]
        broken = Record(kind="law", country="MX", section="Legal Framework", title="Law 6",
                        line_start=None, line_end=6)  # type: ignore[arg-type]  # NOT NULL in the database
        return ParsedSource(format=self.kind, media_type="text/plain", text=data.decode(),
                            records=tuple([*good, broken]), lineage="test/MX", country="MX")


def test_ingest_failure_mid_write_leaves_nothing(engine: Engine, tmp_path: Path) -> None:
    register(_ExplodingParser())
    doc = tmp_path / "doc.txt"
    doc.write_text("anything", encoding="utf-8")
    report = ingest_paths(engine, [doc], format="test-exploding")
    assert report.files[0].status == "error"
    assert report.files[0].error is not None and report.files[0].error.startswith(str(doc))
    assert (_count(engine, SourceRow), _count(engine, RecordRow)) == (0, 0)
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(EntityRow)) == 0


def test_ingest_parse_error_mid_file_leaves_no_records(engine: Engine, tmp_path: Path, seed_profile: Path) -> None:
    text = seed_profile.read_text(encoding="utf-8")
    broken = text.replace("### Legislation\n", "## Chile\n\nLast Updated: May 2022\n\n### Legislation\n")
    path = tmp_path / "broken.txt"
    path.write_text(broken, encoding="utf-8")
    report = ingest_paths(engine, [path])
    assert report.files[0].status == "error" and "several countries" in (report.files[0].error or "")
    assert _count(engine, RecordRow) == 0


def _newer_version(seed_profile: Path, tmp_path: Path) -> Path:
    text = seed_profile.read_text(encoding="utf-8")
    text = text.replace("Last Updated: November 2021", "Last Updated: March 2023")
    text = text.replace("9 March 2018 (amended 20 May 2021)", "9 March 2018 (amended 1 February 2023)")
    text = text.replace("### National CERT or CSIRT", "#### **Agencia de Transformación Digital (Digital "
                        "Transformation Agency)**\n\nGovernment of Mexico\n\n[Source](#)\n\n### National CERT or CSIRT")
    path = tmp_path / "mexico-2023.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_ingest_newer_version_supersedes_and_keeps_history(engine: Engine, tmp_path: Path,
                                                           seed_profile: Path) -> None:
    newer = _newer_version(seed_profile, tmp_path)
    ingest_paths(engine, [seed_profile, newer])
    current = list_records(engine, country="MX").data
    everything = list_records(engine, country="MX", history=True).data
    assert len(current) == 31 and len(everything) == 61
    assert _count(engine, EntityRow) == 31
    fintech = [r for r in everything if r["title"].startswith("Ley para Regular")]
    assert sorted(r["amended"][0]["value"] for r in fintech) == ["2021-05-20", "2023-02-01"]
    assert len({r["entity"] for r in fintech}) == 1
    assert [r["current"] for r in fintech] == [False, True]


def test_ingest_older_version_after_newer_stays_history(engine: Engine, tmp_path: Path, seed_profile: Path) -> None:
    newer = _newer_version(seed_profile, tmp_path)
    ingest_paths(engine, [newer, seed_profile])
    current = list_records(engine, country="MX").data
    assert len(current) == 31
    assert {r["provenance"]["file"] for r in current} == {"mexico-2023.txt"}


def test_ingest_same_lineage_twice_in_one_run_keeps_newest_current(engine: Engine, tmp_path: Path,
                                                                   seed_profile: Path) -> None:
    """Two versions in one run: the second compares ingest times read back from the database."""
    newer = _newer_version(seed_profile, tmp_path)
    text = seed_profile.read_text(encoding="utf-8").replace("Last Updated: November 2021", "Last Updated: March 2023")
    same_date = tmp_path / "mexico-2023b.txt"
    same_date.write_text(text, encoding="utf-8")
    report = ingest_paths(engine, [newer, same_date])
    assert report.ok
    assert {r["provenance"]["file"] for r in list_records(engine, country="MX").data} == {"mexico-2023b.txt"}


def test_ingest_every_corpus_document_kind(engine: Engine) -> None:
    """The real corpus (all but the 7,500-incident export) goes in on both backends without an error."""
    from tests.conftest import need_shared

    corpus = need_shared("corpus")
    paths = [corpus / "strategies" / "inaugural", corpus / "strategies" / "sequential", corpus / "itu-cyberwellness",
             corpus / "vcdb" / "validated", *sorted((corpus / "indices").glob("*.csv"))]
    files = [p for p in paths if p.is_dir() or p.suffix == ".csv"]
    report = ingest_paths(engine, files)
    errors = [f.error for f in report.files if f.status == "error" and not f.path.endswith(("SOURCES.md",))]
    assert errors == []
    formats = {f.format for f in report.files if f.status == "imported"}
    assert {"strategy-document", "itu-profile", "veris", "index-table", "cfr-tracker"} <= formats

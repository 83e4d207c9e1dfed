"""Hostile input: a bounded fuzz run over mutated real documents of every format (each parsed in its own
process under rlimits: no traceback, no hang over 30 s, no memory over 1 GB), zip bombs and oversized
files refused early with a clear error, and each crash the fuzzer found kept as a regression test.

``fuzz/run.py`` is the long run (docs/reliability.md); ``POLICYATLAS_FUZZ_FILES`` sets this one's size.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine

from fuzz.mutate import docx_bomb, hostile_documents
from fuzz.run import parse_isolated, run, warm_up
from policyatlas.store.db import make_engine
from policyatlas.store.guards import MAX_DOCUMENT_BYTES, DocumentTooLargeError, check_archive
from policyatlas.store.ingest import ingest_file, ingest_paths
from tests.conftest import need_shared

FILES = int(os.environ.get("POLICYATLAS_FUZZ_FILES", "25"))


@pytest.mark.xfail(reason="open: Markdown files with thousands of nested <div>s, '['s or indented keys inserted (their "
                   "front matter broken) still take the prose readers past 30 s on a loaded 2-core machine "
                   "(docs/reliability.md, 'Hostile input')", strict=False)
def test_fuzz_mutated_documents_of_every_format_never_crash_hang_or_bloat(tmp_path: Path) -> None:
    shared = need_shared("corpus").parent
    outcomes = run(shared, files=FILES, seconds=600, seed=10, out=tmp_path / "findings", originals=False,
                   max_seed_bytes=300_000)
    failed = [f"{o.status}: {o.name} {o.detail}" for o in outcomes if o.failed]
    assert not failed, failed
    assert sum(o.status == "parsed" for o in outcomes) >= FILES // 3  # documents were parsed, not only refused


@pytest.mark.parametrize("name, data", list(hostile_documents()), ids=lambda v: v if isinstance(v, str) else "")
def test_fuzz_hostile_shape_is_parsed_or_refused_in_bounds(name: str, data: bytes, tmp_path: Path) -> None:
    warm_up()  # the parsers' imports, once per process (as in a server), are not the parse's time
    outcome = parse_isolated(name, data, tmp_path / "traceback.txt")
    assert not outcome.failed, f"{outcome.status} after {outcome.seconds:.1f} s: {outcome.detail}"


@pytest.fixture
def engine(sqlite_url: str) -> Engine:
    return make_engine(sqlite_url)


def test_fuzz_docx_zip_bomb_is_refused_before_it_unpacks(engine: Engine, tmp_path: Path) -> None:
    bomb = tmp_path / "strategy.docx"
    bomb.write_bytes(docx_bomb(300 * 1024 * 1024))
    assert bomb.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(DocumentTooLargeError, match="zip bomb"):
        check_archive(bomb.read_bytes(), str(bomb))
    started = time.perf_counter()
    report = ingest_paths(engine, [bomb])
    assert time.perf_counter() - started < 60
    [file] = report.files
    assert file.status == "error" and str(bomb) in (file.error or "") and "zip bomb" in (file.error or "")


def test_fuzz_oversized_file_is_refused_unread(engine: Engine, tmp_path: Path) -> None:
    big = tmp_path / "profile.txt"
    with big.open("wb") as out:  # sparse: 200 MB that take no disk and would take 200 MB to read
        out.truncate(200 * 1024 * 1024)
    report = ingest_paths(engine, [big]).files[0]
    assert report.status == "error" and report.error is not None
    assert report.error.startswith(f"{big}: the file is 200.0 MB, larger than the") and "nothing was read" in report.error
    small = tmp_path / "small.txt"
    small.write_bytes(b"x" * 2000)
    refused = ingest_file(engine, small, max_bytes=1000)
    assert refused.status == "error" and "larger than the 1,000 bytes" in (refused.error or "")
    assert MAX_DOCUMENT_BYTES >= 20 * 1024 * 1024  # the upload limit fits under it


def test_fuzz_yaml_nested_50000_deep_is_refused_with_the_line_not_a_crash() -> None:
    """Regression: libyaml composed a YAML nested 50,000 deep by recursion and the process died of a
    segmentation fault (no traceback, no error): a dataset, a supporter's front matter, a statement's."""
    from policyatlas.errors import ParseError
    from policyatlas.store.ingest import parse_document

    deep = b"[" * 50_000 + b"]" * 50_000
    with pytest.raises(ParseError, match=r"^deep\.yaml:3: YAML nested more than 500 levels deep"):
        parse_document(b"format: policyatlas-dataset\nversion: 1\nrecords: " + deep, "deep.yaml")
    with pytest.raises(ParseError, match=r"^supporter\.md:4: YAML nested more than 500"):
        parse_document(b"---\nname: Acme\ncategory: private-sector\nnationality: " + deep + b"\n---\n",
                       "supporter.md", format="paris-call-supporter")
    shallow = b"[" * 400 + b"]" * 400  # deep, but within bounds: read as YAML (and refused as no dataset)
    with pytest.raises(ParseError, match="Field required"):
        parse_document(b"format: policyatlas-dataset\nversion: 1\nrecords: " + shallow, "shallow.yaml")


def test_fuzz_found_pages_of_deeply_nested_tags_and_huge_inputs_stay_in_bounds(tmp_path: Path) -> None:
    """Regressions of the fuzzer's findings: a supporter file whose name opened 30,000 <div>s (its front
    matter broken, so every prose reader looked at it) hung past 30 s; a 558 MB mutation was parsed to
    1.2 GB where ingest refuses it unread."""
    warm_up()
    nested = (b'---\nname: "Acme' + b"<div>" * 30_000 + b"x" + b"</div>" * 30_000 + b'"\ncategory: private-sector\n'
              b"nationality: MEX\n---\nAcme supports the Paris Call.\n")
    outcome = parse_isolated("nested.md", nested, tmp_path / "traceback.txt")
    assert not outcome.failed, f"{outcome.status} after {outcome.seconds:.1f} s: {outcome.detail}"
    huge = parse_isolated("huge.md", b"x" * (MAX_DOCUMENT_BYTES + 1), tmp_path / "traceback.txt")
    assert huge.status == "refused" and huge.seconds < 10


def test_fuzz_seed_documents_cover_every_format() -> None:
    from fuzz.run import seed_documents
    from policyatlas.sources import parsers
    from policyatlas.store.ingest import parse_document

    shared = need_shared("corpus").parent
    formats = set()
    for name, data in seed_documents(shared):
        try:
            formats.add(parse_document(data, name).format)
        except Exception:  # noqa: BLE001 - licence files and notes are not documents
            continue
    assert formats >= {p.kind for p in parsers()}, formats

"""Ingest: files from disk (the CLI) and uploaded documents (the API and the portal), each stored in one
transaction (see ``store.ingest``)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from sqlalchemy import Engine

from policyatlas.sources.base import NO_OPTIONS, ParseOptions
from policyatlas.store.ingest import FileReport as FileReport
from policyatlas.store.ingest import IngestReport as IngestReport
from policyatlas.store.ingest import expand_paths as expand_paths
from policyatlas.store.ingest import ingest_file as ingest_file
from policyatlas.store.ingest import ingest_paths as ingest_paths


def ingest_upload(engine: Engine, data: bytes, name: str, *, uploader: str, format: str | None = None,
                  options: ParseOptions = NO_OPTIONS) -> FileReport:
    """Ingest an uploaded document as ``policyatlas ingest`` would a file; the report names the file as the
    client knows it (never the server's temporary copy), and the source keeps ``upload:<user>/<name>``."""
    with tempfile.TemporaryDirectory(prefix="policyatlas-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        report = ingest_file(engine, path, format=format, options=options, stored_path=f"upload:{uploader}/{name}")
    error = report.error.replace(str(path), name) if report.error else None
    return FileReport(name, report.status, report.source, report.records, report.format, error)

"""The ``export`` command: the atlas out as open data (data package, JSON Lines, Popolo)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from policyatlas.cli import output
from policyatlas.cli.common import JsonOpt, app, handle_errors, ready_engine
from policyatlas.errors import UnknownFormatError

if TYPE_CHECKING:  # the writers (and SQLAlchemy) load when an export runs, not for --help
    from sqlalchemy import Engine

    from policyatlas.export.files import ExportReport

#: The export formats, by name.
EXPORTS = ("datapackage", "json", "popolo")


def _writer(format: str) -> Callable[[Engine, Path], ExportReport]:
    from policyatlas.export.datapackage import export_datapackage
    from policyatlas.export.jsonl import export_jsonl
    from policyatlas.export.popolo import export_popolo

    writers: dict[str, Callable[[Engine, Path], ExportReport]] = {
        "datapackage": export_datapackage, "json": export_jsonl, "popolo": export_popolo}
    return writers[format]


@app.command("export")
@handle_errors
def export_command(
    folder: Annotated[Path, typer.Argument(
        help="Folder to write: new, empty, or an earlier export of the same format (its files are replaced).")],
    format: Annotated[str, typer.Option(
        "--format", "-f", help="datapackage: a CSV file per table and datapackage.json (Frictionless); "
        "json: a JSON Lines file per table; popolo: persons, organizations, memberships, posts and events "
        "in popolo.json.")] = "datapackage",
    as_json: JsonOpt = False,
) -> None:
    """Export the whole atlas as open data into a folder.

    The data package holds every source (with its text), record, entity, link, revision, review,
    framework and assessment, plus tables of countries, initiatives, statements, incidents and index
    values; `policyatlas ingest FOLDER` imports it back. The same atlas always gives the same files.

    Example: policyatlas export --format datapackage out/atlas
    """
    if format not in EXPORTS:
        raise UnknownFormatError(f"unknown export format {format!r} (choose from {', '.join(EXPORTS)})")
    writer = _writer(format)
    start = time.perf_counter()
    report = writer(ready_engine(), folder)
    elapsed = time.perf_counter() - start
    if as_json:
        output.print_json({**report.to_json(), "seconds": round(elapsed, 3)})
        return
    rows = [[f.name, f.rows, f.bytes] for f in report.files]
    output.print_table(None, ["File", "Rows", "Bytes"], rows)
    output.console.print(f"{format}: {len(report.files)} files, {sum(f.bytes for f in report.files)} bytes "
                         f"written to {folder} in {elapsed:.1f} s")

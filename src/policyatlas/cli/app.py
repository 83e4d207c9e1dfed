"""The ``policyatlas`` command: ingest documents, read profiles and records, build and serve."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from sqlalchemy import Engine

from policyatlas.cli import output
from policyatlas.config import Settings, get_settings
from policyatlas.errors import ConfigError, PolicyAtlasError, UnknownFormatError
from policyatlas.sources import parsers
from policyatlas.store.db import make_engine
from policyatlas.store.ingest import IngestReport, expand_paths, ingest_paths
from policyatlas.store.migrate import current_revision, head_revision, upgrade
from policyatlas.views.countries import list_countries
from policyatlas.views.profile import get_profile
from policyatlas.views.records import list_records
from policyatlas.views.sources import list_sources

app = typer.Typer(
    help="PolicyAtlas: a structured, versioned, source-linked atlas of national cyber and AI policy.\n\n"
    "Example: policyatlas ingest profiles/ && policyatlas profile MX",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
db_app = typer.Typer(help="Manage the atlas database schema.\n\nExample: policyatlas db upgrade",
                     no_args_is_help=True)
app.add_typer(db_app, name="db")

F = TypeVar("F", bound=Callable[..., Any])
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of tables.")]
_state: dict[str, Any] = {"debug": False, "database_url": None}


def handle_errors(func: F) -> F:
    """Turn a PolicyAtlasError into one line on stderr and exit code 1 (traceback with --debug)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except UnknownFormatError as exc:
            if _state["debug"]:
                raise
            output.print_error(str(exc))
            raise typer.Exit(2 if exc.path is None else 1) from None
        except PolicyAtlasError as exc:
            if _state["debug"]:
                raise
            output.print_error(str(exc))
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def _settings() -> Settings:
    settings = get_settings()
    if _state["database_url"]:
        settings = settings.model_copy(update={"database_url": _state["database_url"]})
    return settings


def _engine() -> Engine:
    return make_engine(_settings().database_url)


@app.callback()
def main_options(
    database_url: Annotated[str | None, typer.Option(
        "--database-url", help="Database URL (default: $POLICYATLAS_DATABASE_URL or sqlite:///var/atlas.db).",
    )] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks and debug logging.")] = False,
) -> None:
    """PolicyAtlas command line."""
    _state["debug"], _state["database_url"] = debug, database_url
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")


def _run_ingest(paths: list[Path], *, format: str | None, as_json: bool, label: str) -> IngestReport:
    engine = _engine()
    total = len(expand_paths(paths))
    if as_json:
        report = ingest_paths(engine, paths, format=format)
    else:
        progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[file]}"), console=output.err_console, transient=True)
        with progress:
            task = progress.add_task(label, total=total, file="")
            report = ingest_paths(engine, paths, format=format,
                                  on_file=lambda f: progress.update(task, advance=1, file=Path(f.path).name))
    for file in report.files:
        if file.status == "error" and file.error:
            output.print_error(file.error)
    if as_json:
        output.print_json(report.to_json())
    else:
        rows = [[f.path, f.status, f.format, f.records, f.source] for f in report.files]
        output.print_table(None, ["File", "Status", "Format", "Records", "Source"], rows)
        output.console.print(f"{report.count('imported')} imported, {report.count('unchanged')} unchanged, "
                             f"{report.count('error')} errors")
    return report


@app.command()
@handle_errors
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (walked recursively) to ingest.")],
    format: Annotated[str | None, typer.Option("--format", "-f",
                      help="Parser to use instead of detecting the format from the content.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Ingest documents: detect each one's format, parse it and store its records.

    The same bytes again are reported as unchanged; a file that fails is reported with the
    reason and the others are still ingested; the exit code is 1 when any file failed.

    Example: policyatlas ingest ../shared/seeds/000_f3d26c38aaf7f9de.txt --json
    """
    report = _run_ingest(paths, format=format, as_json=as_json, label="Ingesting")
    if not report.ok:
        raise typer.Exit(1)


@app.command()
@handle_errors
def build(as_json: JsonOpt = False) -> None:
    """Build the atlas from the bundled open dataset (data/atlas), migrating the database first.

    Example: policyatlas build
    """
    data_dir = _settings().data_dir
    if not data_dir.is_dir():
        raise ConfigError(f"bundled data folder {data_dir} does not exist (set POLICYATLAS_DATA_DIR)")
    report = _run_ingest([data_dir], format=None, as_json=as_json, label="Building the atlas")
    if not report.ok:
        raise typer.Exit(1)


@app.command()
@handle_errors
def countries(as_json: JsonOpt = False) -> None:
    """List the countries the atlas holds facts about.

    Example: policyatlas countries --json
    """
    upgrade_quietly()
    rows = list_countries(_engine())
    if as_json:
        output.print_json(rows)
        return
    output.print_table("Countries", ["Code", "Name", "Records", "Sources", "As of"],
                       [[r["code"], r["name"], r["records"], r["sources"], r["as_of"]] for r in rows])


@app.command()
@handle_errors
def profile(
    country: Annotated[str, typer.Argument(help="ISO 3166 code or name of the country (MX, MEX, Mexico).")],
    as_json: JsonOpt = False,
) -> None:
    """Show a country's profile in the portal's sections: Cybersecurity Policy, Structure,
    Legal Framework, Cooperation, Select Activities, Membership.

    Example: policyatlas profile MX
    """
    upgrade_quietly()
    result = get_profile(_engine(), country)
    if as_json:
        output.print_json(result)
    else:
        output.print_profile(result)


@app.command()
@handle_errors
def records(
    country: Annotated[str | None, typer.Option("--country", "-c", help="Only this country (ISO code or name).")] = None,
    kind: Annotated[str | None, typer.Option("--kind", "-k", help="Only this kind (law, cert, …).")] = None,
    history: Annotated[bool, typer.Option("--history", help="Include records of superseded source versions.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """List records, each with its source and line span.

    Example: policyatlas records --country MX --kind law --json
    """
    upgrade_quietly()
    rows = list_records(_engine(), country=country, kind=kind, history=history)
    if as_json:
        output.print_json(rows)
        return
    output.print_table(f"{len(rows)} records", ["Id", "Country", "Kind", "Title", "Date", "Source:lines"], [
        [r["id"], r["country"], r["kind"], r["title"], output.format_date(r["date"]),
         f"{r['provenance']['source']}:{r['provenance']['line_start']}-{r['provenance']['line_end']}"]
        for r in rows
    ])


@app.command()
@handle_errors
def sources(
    country: Annotated[str | None, typer.Option("--country", "-c", help="Only sources about this country.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """List the ingested sources (documents) with their format, date and record count.

    Example: policyatlas sources --json
    """
    upgrade_quietly()
    rows = list_sources(_engine(), country=country)
    if as_json:
        output.print_json(rows)
        return
    output.print_table("Sources", ["Id", "Format", "File", "Country", "As of", "Records", "Current"], [
        [r["id"], r["format"], r["file"], r["country"], output.format_date(r["date"]), r["records"],
         "yes" if r["current"] else "no (history)"]
        for r in rows
    ])


@app.command()
def formats(as_json: JsonOpt = False) -> None:
    """List the document formats PolicyAtlas can ingest (names for --format).

    Example: policyatlas formats
    """
    rows = [{"format": p.kind, "description": p.description} for p in parsers()]
    if as_json:
        output.print_json(rows)
    else:
        output.print_table("Formats", ["Format", "Description"], [[r["format"], r["description"]] for r in rows])


@app.command()
@handle_errors
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on (default 8000).")] = None,
) -> None:
    """Serve the atlas over HTTP: pages for people and a JSON API under /api.

    Example: policyatlas serve --port 8000
    """
    import uvicorn

    from policyatlas.web.app import create_app

    settings = _settings()
    upgrade(make_engine(settings.database_url))
    output.err_console.print(f"Serving PolicyAtlas on http://{host or settings.host}:{port or settings.port}")
    uvicorn.run(create_app(settings), host=host or settings.host, port=port or settings.port, log_level="info")


@db_app.command("upgrade")
@handle_errors
def db_upgrade() -> None:
    """Create or migrate the database schema to the newest version.

    Example: policyatlas db upgrade
    """
    engine = _engine()
    applied = upgrade(engine)
    output.console.print(f"database at revision {current_revision(engine)}"
                         + (" (migrated)" if applied else " (already up to date)"))


@db_app.command("current")
@handle_errors
def db_current() -> None:
    """Show the schema revision of the database and the newest one available.

    Example: policyatlas db current
    """
    engine = _engine()
    output.console.print(f"current: {current_revision(engine) or 'empty'}; head: {head_revision(engine)}")


def upgrade_quietly() -> None:
    """Reading commands work on a fresh database: create the schema if it is missing."""
    upgrade(_engine())


def main() -> None:
    """Entry point of the ``policyatlas`` console script."""
    app()

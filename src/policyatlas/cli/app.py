"""The ``policyatlas`` command: ingest documents, build and serve the atlas, manage the database."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from policyatlas.cli import output
from policyatlas.cli.common import JsonOpt, app, engine, handle_errors, settings, state
from policyatlas.errors import ConfigError

if TYPE_CHECKING:  # the heavy modules load when a command runs, so that --help answers at once
    from policyatlas.services.ingest import IngestReport
    from policyatlas.sources.base import ParseOptions

db_app = typer.Typer(
    rich_markup_mode=None,  # plain help: Rich would cost more than the rest of start-up
    help="Manage the atlas database schema.\n\nExample: policyatlas db upgrade",
                     no_args_is_help=True)
app.add_typer(db_app, name="db")


@app.callback()
def main_options(
    database_url: Annotated[str | None, typer.Option(
        "--database-url", help="Database URL (default: $POLICYATLAS_DATABASE_URL or sqlite:///var/atlas.db).",
    )] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks and debug logging.")] = False,
) -> None:
    """PolicyAtlas command line."""
    state["debug"], state["database_url"] = debug, database_url
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")


def _run_ingest(paths: list[Path], *, format: str | None, options: ParseOptions, as_json: bool,
                label: str) -> IngestReport:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from policyatlas.services.ingest import expand_paths, ingest_paths

    eng = engine()
    total = len(expand_paths(paths))
    if as_json:
        report = ingest_paths(eng, paths, format=format, options=options, max_bytes=settings().max_document_bytes)
    else:
        progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[file]}"), console=output.err_console, transient=True)
        with progress:
            task = progress.add_task(label, total=total, file="")
            report = ingest_paths(eng, paths, format=format, options=options, max_bytes=settings().max_document_bytes,
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
    published: Annotated[str | None, typer.Option(
        "--published", help="Publication date of undated articles (makes 'yesterday' a date).")] = None,
    country: Annotated[str | None, typer.Option(
        "--country", "-c", help="Country the documents are about, when they do not say.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Ingest documents: detect each one's format, parse it and store its records.

    The same bytes again are reported as unchanged; a file that fails is reported with the
    reason and the others are still ingested; the exit code is 1 when any file failed.

    Example: policyatlas ingest ../shared/seeds/000_f3d26c38aaf7f9de.txt --json
    """
    from policyatlas.sources.base import parse_options

    report = _run_ingest(paths, format=format, options=parse_options(published, country), as_json=as_json,
                         label="Ingesting")
    if not report.ok:
        raise typer.Exit(1)


@app.command()
@handle_errors
def build(as_json: JsonOpt = False) -> None:
    """Build the atlas from the bundled open dataset (data/atlas), migrating the database first.

    Example: policyatlas build
    """
    from policyatlas.sources.base import ParseOptions

    data_dir = settings().data_dir
    if not data_dir.is_dir():
        raise ConfigError(f"bundled data folder {data_dir} does not exist (set POLICYATLAS_DATA_DIR)")
    report = _run_ingest([data_dir], format=None, options=ParseOptions(), as_json=as_json,
                         label="Building the atlas")
    if not report.ok:
        raise typer.Exit(1)


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

    from policyatlas.services.atlas import connect, ensure_schema
    from policyatlas.web.app import create_app

    current = settings()
    ensure_schema(connect(current.database_url))
    output.err_console.print(f"Serving PolicyAtlas on http://{host or current.host}:{port or current.port}")
    # Forwarded headers (client address, https) are believed only from the proxies named in the settings.
    uvicorn.run(create_app(current), host=host or current.host, port=port or current.port, log_level="info",
                proxy_headers=bool(current.trusted_proxies), forwarded_allow_ips=current.trusted_proxies or "")


@db_app.command("upgrade")
@handle_errors
def db_upgrade() -> None:
    """Create or migrate the database schema to the newest version.

    Example: policyatlas db upgrade
    """
    from policyatlas.services.atlas import schema_revisions, upgrade_schema

    eng = engine()
    applied = upgrade_schema(eng)
    output.console.print(f"database at revision {schema_revisions(eng)[0]}"
                         + (" (migrated)" if applied else " (already up to date)"))


@db_app.command("current")
@handle_errors
def db_current() -> None:
    """Show the schema revision of the database and the newest one available.

    Example: policyatlas db current
    """
    from policyatlas.services.atlas import schema_revisions

    current, head = schema_revisions(engine())
    output.console.print(f"current: {current or 'empty'}; head: {head}")


def main() -> None:
    """Entry point of the ``policyatlas`` console script."""
    app()


# The other command modules register their commands on the same app when imported.
from policyatlas.cli import analysis, entities, export, frameworks, reading, search, users  # noqa: E402,F401

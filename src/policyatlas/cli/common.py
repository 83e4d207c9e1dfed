"""What every CLI module shares: the Typer app, global state, error handling and the engine."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from policyatlas.cli import output
from policyatlas.errors import PolicyAtlasError, UnknownFormatError

if TYPE_CHECKING:  # imported when a command runs, not for --help
    from sqlalchemy import Engine

    from policyatlas.config import Settings

app = typer.Typer(
    rich_markup_mode=None,  # plain help: Rich would cost more than the rest of start-up
    help="PolicyAtlas: a structured, versioned, source-linked atlas of national cyber and AI policy.\n\n"
    "Example: policyatlas ingest profiles/ && policyatlas profile MX",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

F = TypeVar("F", bound=Callable[..., Any])
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of tables.")]
CountryOpt = Annotated[str | None, typer.Option("--country", "-c", help="Only this country (ISO code or name).")]
state: dict[str, Any] = {"debug": False, "database_url": None}


def handle_errors(func: F) -> F:
    """Turn a PolicyAtlasError into one line on stderr and exit code 1 (traceback with --debug)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except UnknownFormatError as exc:
            if state["debug"]:
                raise
            output.print_error(str(exc))
            raise typer.Exit(2 if exc.path is None else 1) from None
        except PolicyAtlasError as exc:
            if state["debug"]:
                raise
            output.print_error(str(exc))
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def settings() -> Settings:
    """The settings, with the --database-url option applied."""
    from policyatlas.config import get_settings

    current = get_settings()
    if state["database_url"]:
        current = current.model_copy(update={"database_url": state["database_url"]})
    return current


def engine() -> Engine:
    """An engine on the configured database."""
    from policyatlas.services.atlas import connect

    return connect(settings().database_url)


def ready_engine() -> Engine:
    """An engine on a database whose schema is up to date (reading works on a fresh atlas): the schema's
    revision is checked cheaply, and migrations run only when it is not the newest."""
    from policyatlas.services.atlas import ensure_schema

    eng = engine()
    ensure_schema(eng)
    return eng


def iso_date(text: str, option: str) -> str:
    """An ISO date (YYYY, YYYY-MM or YYYY-MM-DD) from what a person typed ("2019", "1 March 2020")."""
    from policyatlas.errors import ConfigError
    from policyatlas.model.dates import parse_date

    date = parse_date(text)
    if date is None or date.value is None:
        raise ConfigError(f"{option} {text!r} is not a date (use YYYY-MM-DD)")
    return date.value


InForceAtOpt = Annotated[str | None, typer.Option(
    "--in-force-at", help="Only what existed at this date by the facts' own dates (adopted, enacted, established, "
    "amended, repealed), from any source, even a later one; undated facts are shown apart. A date names a period "
    "(2015 = the end of 2015); a fact dated 2015 counts from its start.")]
KnownAtOpt = Annotated[str | None, typer.Option(
    "--known-at", help="As the sources published by this date said it (a source with no publication date counts "
    "from the day it was ingested).")]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help="Another name for --known-at (kept for scripts).")]


def time_axes(in_force_at: str | None, known_at: str | None, as_of: str | None) -> dict[str, str | None]:
    """The two time axes as the views take them (``as_of`` is another name for ``known_at``), each date
    checked (YYYY, YYYY-MM or YYYY-MM-DD, or what a person typed: "1 March 2020").

    Raises:
        ConfigError: a date that is not one, or --as-of and --known-at with different dates.
    """
    from policyatlas.errors import ConfigError

    force = iso_date(in_force_at, "--in-force-at") if in_force_at else None
    known = iso_date(known_at, "--known-at") if known_at else None
    alias = iso_date(as_of, "--as-of") if as_of else None
    if known and alias and known != alias:
        raise ConfigError(f"--as-of {as_of} and --known-at {known_at} disagree (--as-of is another name for --known-at)")
    return {"in_force_at": force, "known_at": known or alias}


def axes_title(axes: dict[str, str | None]) -> str:
    """`` (in force at 2015, known at 2021)`` for a table's title; empty when neither is set."""
    parts = [f"{name.replace('_', ' ')} {value}" for name, value in axes.items() if value]
    return f" ({', '.join(parts)})" if parts else ""

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

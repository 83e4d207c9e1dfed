"""Shared fixtures: the shared test material, databases on SQLite and PostgreSQL, and the CLI."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner, Result

from policyatlas.cli.app import app
from policyatlas.store.db import make_engine

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("POLICYATLAS_SHARED_DIR", REPO.parent / "shared"))
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
PG_URL = os.environ.get("POLICYATLAS_TEST_DATABASE_URL")


def need_shared(relative: str) -> Path:
    """A path under ../shared: the test fails in CI when it is missing and skips elsewhere."""
    path = SHARED / relative
    if not path.exists():
        message = f"test material {path} is missing (../shared is beside the repository in CI)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def seed_profile() -> Path:
    """The portal-style country profile of Mexico the project started from."""
    return need_shared("seeds/000_f3d26c38aaf7f9de.txt")


@pytest.fixture
def seed_article() -> Path:
    """The news article on the AI and cybersecurity legislation forum."""
    return need_shared("seeds/004_bf5bcae4742deaed.txt")


def _reset_postgres(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _backends() -> list[object]:
    postgres = pytest.param("postgresql", marks=pytest.mark.postgres)
    return ["sqlite", postgres]


@pytest.fixture(params=_backends())
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty atlas database: a SQLite file, and PostgreSQL when one is configured.

    PostgreSQL runs when POLICYATLAS_TEST_DATABASE_URL is set (`.ci/run` starts a server and
    sets it); elsewhere those cases skip, and in CI a missing server is a failure.
    """
    return fresh_database_url(str(request.param), tmp_path)


def fresh_database_url(backend: str, folder: Path) -> str:
    """A fresh database: a SQLite file in ``folder``, or the (emptied) PostgreSQL test database."""
    if backend == "sqlite":
        return f"sqlite:///{folder / 'atlas.db'}"
    if not PG_URL:
        if IN_CI:
            pytest.fail("POLICYATLAS_TEST_DATABASE_URL is not set in CI (.ci/run starts PostgreSQL)")
        pytest.skip("no PostgreSQL configured (set POLICYATLAS_TEST_DATABASE_URL)")
    _reset_postgres(PG_URL)
    return PG_URL


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh SQLite atlas file, for tests whose subject is not the database backend."""
    return f"sqlite:///{tmp_path / 'atlas.db'}"


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on the fresh database (schema not yet created)."""
    eng = make_engine(database_url)
    yield eng
    eng.dispose()


CliRun = Callable[..., Result]


@pytest.fixture
def cli(sqlite_url: str) -> CliRun:
    """Run ``policyatlas ARGS…`` in-process against a fresh SQLite atlas."""
    runner = CliRunner()

    def run(*args: str | Path) -> Result:
        return runner.invoke(app, ["--database-url", sqlite_url, *map(str, args)], catch_exceptions=False)

    return run

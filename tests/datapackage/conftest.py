"""Fixtures of the data package tests: the test atlas (built once per run) and its package."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from policyatlas.export.datapackage import export_datapackage
from policyatlas.store.db import make_engine
from tests.datapackage.helpers import build_atlas


@pytest.fixture(scope="session")
def atlas_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the test atlas lives: its database and, under ``input/``, the documents it was built from."""
    return tmp_path_factory.mktemp("atlas")


@pytest.fixture(scope="session")
def atlas(atlas_folder: Path) -> Iterator[Engine]:
    """The test atlas on SQLite, built once per test run."""
    engine = make_engine(f"sqlite:///{atlas_folder / 'atlas.db'}")
    build_atlas(engine, atlas_folder / "input")
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def package(atlas: Engine, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test atlas exported as a data package (read it; copy it to change it)."""
    folder = tmp_path_factory.mktemp("package") / "atlas"
    export_datapackage(atlas, folder)
    return folder

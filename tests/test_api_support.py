"""What the API tests share: one atlas per test module (seeds, Mexico, the UK, fictional extras), users
with tokens, and a client; plus the tests of the problem catalogue the errors point to."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from policyatlas.api.main import install_api
from policyatlas.store import accounts
from policyatlas.store.db import make_engine, session_scope
from policyatlas.store.ingest import ingest_paths
from tests.conftest import REPO, fresh_database_url, need_shared

DATA = REPO / "data" / "curated"
#: A small upload limit, so that the tests can pass it cheaply.
UPLOAD_LIMIT = 100_000
#: The test databases: SQLite always, PostgreSQL when POLICYATLAS_TEST_DATABASE_URL is set.
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
PROBLEM_FIELDS = {"type", "title", "status", "detail", "code"}

#: Fictional index values and incidents (the bundled index table is large; incidents are not bundled).
EXTRAS = """\
format: policyatlas-dataset
version: 1
id: test/api-extras
title: Fictional index values and incidents for the API tests
as_of: '2021'
sources:
- id: fictional
  title: A table made up for the tests
records:
- kind: index_value
  country: MX
  section: Cybersecurity indices
  title: Global Cybersecurity Index 2020
  date: '2020'
  attributes: {index: gci, index_name: Global Cybersecurity Index, edition: 2020, value: 81.68, scale: 0-100, rank: 52}
  source: fictional
- kind: index_value
  country: GB
  section: Cybersecurity indices
  title: Global Cybersecurity Index 2020
  date: '2020'
  attributes: {index: gci, index_name: Global Cybersecurity Index, edition: 2020, value: 99.54, scale: 0-100, rank: 2}
  source: fictional
- kind: incident
  country: MX
  section: Incidents
  title: Ransomware at a fictional hospital
  date: '2021-03'
  attributes: {sector: Health, year: 2021, actions: [malware]}
  source: fictional
- kind: incident
  country: GB
  section: Incidents
  title: Fictional espionage against a ministry
  date: '2020-11'
  attributes: {sector: Public, year: 2020, actions: [hacking], sponsor: [CN]}
  source: fictional
"""


@dataclass
class Atlas:
    """A built atlas served by the API: the client, the engine, the database URL and a token per role."""

    client: TestClient
    engine: Engine
    url: str
    tokens: dict[str, str]

    def auth(self, role: str) -> dict[str, str]:
        """The Authorization header of the user with this role (viewer, editor, admin)."""
        return {"Authorization": f"Bearer {self.tokens[role]}"}


def database_url(backend: str, folder: Path) -> str:
    """A fresh database: a SQLite file in ``folder``, or the (emptied) PostgreSQL test database."""
    return fresh_database_url(backend, folder)


#: Who the tests act as: a user per role.
USERS = {"viewer": "vera", "editor": "eddie", "admin": "ada"}


def open_atlas(backend: str, folder: Path) -> Iterator[Atlas]:
    """Build an atlas (the two seeds, Mexico and the UK, the first strategies, fictional extras), add a
    user per role and serve it with the API alone (no portal)."""
    seeds = [need_shared("seeds/000_f3d26c38aaf7f9de.txt"), need_shared("seeds/004_bf5bcae4742deaed.txt")]
    url = database_url(backend, folder)
    engine = make_engine(url)
    extras = folder / "extras.yaml"
    extras.write_text(EXTRAS, encoding="utf-8")
    report = ingest_paths(engine, [*seeds, DATA / "MX.yaml", DATA / "itu" / "GB.yaml", DATA / "first-strategies.yaml",
                                   extras])
    assert report.ok, report.to_json()
    tokens = {}
    with session_scope(engine) as session:
        for role, name in USERS.items():
            tokens[role] = accounts.add_user(session, name, role)[1]
    app = FastAPI(title="PolicyAtlas API test")
    install_api(app, engine, max_upload_bytes=UPLOAD_LIMIT)
    with TestClient(app) as client:
        yield Atlas(client, engine, url, tokens)
    engine.dispose()


def assert_problem(response: object, status: int, code: str) -> dict[str, object]:
    """Check a problem details answer: status, media type, the RFC 9457 members and the code."""
    from httpx import Response

    assert isinstance(response, Response)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert PROBLEM_FIELDS <= set(body) and body["status"] == status and body["code"] == code, body
    assert body["type"] == f"/api/problems/{code}" and body["detail"]
    assert "Traceback" not in response.text
    return dict(body)


@pytest.fixture(scope="module", params=BACKENDS)
def atlas(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Atlas]:
    """The atlas of this module."""
    yield from open_atlas(request.param, tmp_path_factory.mktemp("api-support"))


def test_api_problems_catalogue_lists_every_code(atlas: Atlas) -> None:
    listed = atlas.client.get("/api/problems").json()
    codes = {p["code"] for p in listed}
    assert {"not-found", "stale-revision", "precondition-required", "unauthorized", "forbidden",
            "payload-too-large", "unsupported-media-type", "internal-error", "validation-error"} <= codes
    one = atlas.client.get("/api/problems/stale-revision").json()
    assert one["status"] == 412 and one["type"] == "/api/problems/stale-revision"


def test_api_problems_unknown_code_is_not_found(atlas: Atlas) -> None:
    assert_problem(atlas.client.get("/api/problems/no-such-thing"), 404, "not-found")

"""Bounded memory per request: ``policyatlas serve`` under a 512 MB address-space cap (``prlimit --as``),
on an atlas holding the whole shared corpus, answers every GET route of the API and the portal with
the largest country (US): no 5xx, no crash, and the peak memory of each route is recorded.

The corpus atlas is built once and kept in ``test-artifacts/cache`` (keyed by the corpus and the code
that builds it); ``POLICYATLAS_MEMORY_CAP_MB`` changes the cap.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from policyatlas.store import accounts
from policyatlas.store.db import make_engine, write_scope
from policyatlas.store.ingest import ingest_paths
from tests import figures
from tests.conftest import REPO, fresh_database_url, need_shared
from tests.server import Server, running_server

CAP_MB = int(os.environ.get("POLICYATLAS_MEMORY_CAP_MB", "512"))
COUNTRY = "US"
CACHE = REPO / "test-artifacts" / "cache"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
#: Every value a route's path may need, and the query each GET is asked with (the heaviest it takes).
QUERIES = {
    "/api/search": {"q": "cyber security", "limit": "1000"}, "/search": {"q": "cyber security"},
    "/api/compare": {"countries": "US,GB,MX,FR,DE,JP,BR,IN,CN,RU"}, "/compare": {"countries": ["US", "GB", "MX"]},
    "/api/diff/{code}": {"from": "2000", "to": "2025"}, "/api/crosswalk": {"from": "gci", "to": "ncsi", "country": COUNTRY},
    "/api/assess/{code}": {"framework": "gci"}, "/api/graph": {"country": COUNTRY, "format": "graphml"},
    "/api/incidents": {"country": COUNTRY, "by": "sector"}, "/api/timeline": {"country": COUNTRY, "limit": "1000"},
    "/countries/{code}": {"as_of": "2030"},
}


def _corpus_key() -> str:
    """What the cached atlas depends on: the corpus's files and the code that reads them."""
    digest = hashlib.sha256()
    corpus = need_shared("corpus").parent
    for folder in (corpus / "corpus", corpus / "seeds", REPO / "data" / "atlas", REPO / "src" / "policyatlas"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                stat = path.stat()
                digest.update(f"{path.relative_to(folder)}:{stat.st_size}:{int(stat.st_mtime)}\n".encode())
    return digest.hexdigest()[:16]


def _ingest_corpus(url: str) -> None:
    engine = make_engine(url)
    shared = need_shared("corpus").parent
    report = ingest_paths(engine, [shared / "corpus", shared / "seeds", REPO / "data" / "atlas"])
    assert report.count("imported") > 1000, report.to_json()["errors"]
    engine.dispose()


@dataclass
class Atlas:
    url: str
    folder: Path
    user: str
    token: str
    values: dict[str, str]


def _values(url: str) -> dict[str, str]:
    """The US's heaviest things: the record with most links, its source, the entity with most records…"""
    engine = make_engine(url)
    with engine.connect() as connection:
        def one(sql: str) -> str:
            found = connection.execute(text(sql), {"c": COUNTRY}).scalar()
            assert found is not None, sql
            return str(found)

        values = {
            "code": COUNTRY, "framework_id": "gci", "package": "world-atlas", "name": "portal.css", "measure": "gci",
            "record_id": one("SELECT r.id FROM records r LEFT JOIN record_entities l ON l.record_id = r.id"
                             " WHERE r.country = :c GROUP BY r.id ORDER BY count(l.entity_id) DESC, r.id LIMIT 1"),
            "source_id": one("SELECT id FROM sources WHERE country = :c ORDER BY size DESC, id LIMIT 1"),
            "entity_id": one("SELECT entity_id FROM records WHERE country = :c GROUP BY entity_id"
                             " ORDER BY count(*) DESC, entity_id LIMIT 1"),
        }
        for kind, name in (("person", "person_id"), ("organization", "org_id"), ("initiative", "initiative_id")):
            found = connection.execute(text("SELECT e.id FROM entities e JOIN record_entities l ON l.entity_id = e.id"
                                            " WHERE e.kind = :k GROUP BY e.id ORDER BY count(*) DESC, e.id LIMIT 1"),
                                       {"k": kind}).scalar()
            values[name] = str(found or values["entity_id"])
    engine.dispose()
    return values


@pytest.fixture(scope="module", params=BACKENDS)
def atlas(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Atlas]:
    folder = tmp_path_factory.mktemp("memory")
    cached = CACHE / f"corpus-{_corpus_key()}.db"
    if not cached.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(".partial.db")
        partial.unlink(missing_ok=True)
        _ingest_corpus(f"sqlite:///{partial}")
        partial.rename(cached)
    if request.param == "sqlite":
        shutil.copy(cached, folder / "atlas.db")
        url = f"sqlite:///{folder / 'atlas.db'}"
    else:
        url = fresh_database_url(str(request.param), folder)
        _ingest_corpus(url)
    engine = make_engine(url)
    user = f"memory-{time.monotonic_ns()}"
    with write_scope(engine) as session:
        token = accounts.add_user(session, user, "editor")[1]
    engine.dispose()
    yield Atlas(url, folder, user, token, _values(url))


def _routes(server: Server) -> list[str]:
    """Every GET route template the application has (API from its OpenAPI, portal from its pages)."""
    from policyatlas.config import Settings
    from policyatlas.web.app import create_app

    def walk(routes: list[Any], prefix: str = "") -> list[str]:
        """GET paths of ``routes``, into included routers (FastAPI keeps them as routers, not copied routes)."""
        paths: list[str] = []
        for route in routes:
            included = getattr(route, "include_context", None)
            if included is not None:
                paths += walk(included.included_router.routes, prefix + included.prefix)
            elif getattr(route, "path", None) and "GET" in (getattr(route, "methods", None) or ()):
                paths.append(prefix + re.sub(r":path\}", "}", route.path))
        return paths

    app = create_app(Settings(database_url="sqlite://", secret_key="routes"))
    found = walk(list(app.routes))
    openapi = httpx.get(f"{server.url}/openapi.json", timeout=60).json()
    found += [p for p, ops in openapi["paths"].items() if "get" in ops]
    return sorted(set(found) - {"/docs/init.js"})


def _fill(template: str, values: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if template.startswith("/people/"):
            return values["person_id"]
        if template.startswith("/orgs/"):
            return values["org_id"]
        if template.startswith("/initiatives/"):
            return values["initiative_id"]
        if template.startswith("/api/problems/"):
            return "not-found"
        return values[name]

    return re.sub(r"\{(\w+)\}", value, template)


def _memory(pid: int) -> tuple[float, float]:
    """The server's resident memory now and at its peak (MB)."""
    status = Path(f"/proc/{pid}/status").read_text()
    fields = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, re.M))
    return int(fields["VmRSS"]) / 1024, int(fields["VmHWM"]) / 1024


def _query(template: str) -> dict[str, Any]:
    query: dict[str, Any] = dict(QUERIES.get(template, {}))
    if template.startswith("/api/") and "{" not in template and template not in QUERIES:
        query.update(country=COUNTRY, limit="1000")
    return query


def test_memory_every_route_answers_under_the_cap_with_the_largest_country(atlas: Atlas) -> None:
    prlimit = shutil.which("prlimit")
    assert prlimit, "prlimit (util-linux) is needed"
    cap = CAP_MB * 1024 * 1024
    with running_server(atlas.url, atlas.folder, prefix=[prlimit, f"--as={cap}"], name="capped",
                        env={"POLICYATLAS_THREADS": "8"}) as server:
        routes = _routes(server)
        per_route: dict[str, dict[str, float | int]] = {}
        with httpx.Client(base_url=server.url, timeout=600) as client:
            page = client.get("/login")
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
            assert csrf
            signed_in = client.post("/login", data={"name": atlas.user, "token": atlas.token, "next": "/",
                                                     "csrf_token": csrf.group(1)})
            assert signed_in.status_code in (200, 303), signed_in.text[:500]
            for template in routes:
                path = _fill(template, atlas.values)
                started = time.monotonic()
                response = client.get(path, params=_query(template),
                                      headers={"Authorization": f"Bearer {atlas.token}"} if template.startswith("/api/")
                                      else {})
                assert server.process.poll() is None, f"{path}: the server died\n{server.output()[-3000:]}"
                assert response.status_code < 500, f"{path}: {response.status_code} {response.text[:500]}"
                rss, peak = _memory(server.process.pid)
                per_route[template] = {"status": response.status_code, "seconds": round(time.monotonic() - started, 2),
                                       "rss_mb": round(rss), "peak_mb": round(peak), "bytes": len(response.content)}
        assert "MemoryError" not in server.output() and "Traceback" not in server.output(), server.output()[-3000:]
    backend = atlas.url.split(":")[0].split("+")[0]
    figures.record(f"memory-{backend}", cap_mb=CAP_MB, country=COUNTRY, routes=per_route)
    assert len(per_route) >= 60, sorted(per_route)


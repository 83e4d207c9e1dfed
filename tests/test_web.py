"""The minimal portal and read API over a built atlas."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from policyatlas.config import Settings
from policyatlas.store.db import make_engine
from policyatlas.store.ingest import ingest_paths
from policyatlas.web.app import create_app

DATA = Path(__file__).resolve().parents[1] / "data" / "atlas"


def _client(sqlite_url: str) -> TestClient:
    ingest_paths(make_engine(sqlite_url), [DATA])
    return TestClient(create_app(Settings(database_url=sqlite_url)))


def test_web_home_lists_countries_and_profile_page(sqlite_url: str) -> None:
    client = _client(sqlite_url)
    home = client.get("/")
    assert home.status_code == 200 and 'href="/countries/MX"' in home.text
    page = client.get("/countries/MX")
    assert page.status_code == 200
    assert page.text.index("Cybersecurity Policy") < page.text.index("Membership")
    assert "Ley de Seguridad Nacional" in page.text


def test_web_api_profile_records_sources(sqlite_url: str) -> None:
    client = _client(sqlite_url)
    profile = client.get("/api/countries/MX/profile").json()
    assert profile["country"]["code"] == "MX"
    records = client.get("/api/records", params={"country": "MX", "kind": "cert"}).json()
    assert "CERT-MX" in [r["title"] for r in records]
    sources = client.get("/api/sources").json()
    mexico = next(s for s in sources if s["file"] == "MX.yaml")
    detail = client.get(f"/api/sources/{mexico['id']}").json()
    assert detail["text"].startswith("format: policyatlas-dataset")


def test_web_api_unknown_country_is_problem_json(sqlite_url: str) -> None:
    client = _client(sqlite_url)
    response = client.get("/api/countries/XQ/profile")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "not-found"
    assert client.get("/countries/XQ").status_code == 404


def test_web_escapes_imported_text(sqlite_url: str, tmp_path: Path) -> None:
    doc = tmp_path / "evil.yaml"
    doc.write_text((DATA / "MX.yaml").read_text(encoding="utf-8").replace(
        "title: Ley de Seguridad Nacional", "title: \"<script>alert(1)</script>\""), encoding="utf-8")
    engine = make_engine(sqlite_url)
    ingest_paths(engine, [doc])
    page = TestClient(create_app(Settings(database_url=sqlite_url))).get("/countries/MX").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page

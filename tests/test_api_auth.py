"""Authentication and roles on the API's writes (401, 403), and errors that never leak internals."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from policyatlas.api.routes import countries
from policyatlas.store import accounts
from policyatlas.store.db import session_scope
from tests.test_api_support import BACKENDS, Atlas, assert_problem, open_atlas


@pytest.fixture(scope="module", params=BACKENDS)
def atlas(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Atlas]:
    """One atlas for the module (no request here gets far enough to change it)."""
    yield from open_atlas(request.param, tmp_path_factory.mktemp("api-auth"))


def _record_id(atlas: Atlas) -> str:
    return str(atlas.client.get("/api/records", params={"country": "MX", "limit": "1"}).json()["data"][0]["id"])


def _writes(atlas: Atlas) -> list[tuple[str, str, dict[str, Any]]]:
    """Every request that needs an editor: method, path, and what it sends."""
    entity = "mx/cert/cert-mx"
    return [
        ("PATCH", f"/api/records/{_record_id(atlas)}", {"json": {"status": "absent"}}),
        ("POST", "/api/sources", {"files": {"file": ("a.txt", b"hello", "text/plain")}}),
        ("POST", "/api/frameworks", {"files": {"file": ("f.yaml", b"id: x", "application/yaml")}}),
        ("POST", "/api/assess/MX?framework=gci", {}),
        ("POST", f"/api/entities/{entity}/merge", {"json": {"into": entity}}),
        ("POST", "/api/reviews/1", {"json": {"decision": "reject"}}),
        ("GET", "/api/suggestions", {}),
        ("POST", "/api/suggestions/1", {"json": {"decision": "reject"}}),
    ]


def _send(atlas: Atlas, headers: dict[str, str]) -> Iterator[tuple[str, Any]]:
    for method, path, extra in _writes(atlas):
        yield f"{method} {path}", atlas.client.request(method, path, headers=headers, **extra)


def test_api_writes_without_token_are_401(atlas: Atlas) -> None:
    for name, response in _send(atlas, {}):
        body = assert_problem(response, 401, "unauthorized")
        assert response.headers["WWW-Authenticate"].startswith("Bearer"), name
        assert "Bearer" in str(body["detail"]), name


@pytest.mark.parametrize("header", ["Bearer pa_not-a-real-token", "Bearer nonsense", "Basic dmVyYTpzZWNyZXQ=",
                                    "Bearer"])
def test_api_writes_with_invalid_credentials_are_401(atlas: Atlas, header: str) -> None:
    for name, response in _send(atlas, {"Authorization": header}):
        assert_problem(response, 401, "unauthorized")
        assert "Bearer" in response.headers["WWW-Authenticate"], name


def test_api_writes_by_a_viewer_are_403(atlas: Atlas) -> None:
    for name, response in _send(atlas, atlas.auth("viewer")):
        body = assert_problem(response, 403, "forbidden")
        assert "vera" in str(body["detail"]) and "editor" in str(body["detail"]), name


def test_api_admin_has_the_editor_role(atlas: Atlas) -> None:
    path = f"/api/records/{_record_id(atlas)}"
    assert_problem(atlas.client.patch(path, json={"status": "absent"}, headers=atlas.auth("admin")), 428,
                   "precondition-required")
    assert atlas.client.get("/api/suggestions", headers=atlas.auth("admin")).status_code == 200


def test_api_revoked_token_is_401(atlas: Atlas) -> None:
    with session_scope(atlas.engine) as session:
        _, token = accounts.add_user(session, "rita", "editor")
    headers = {"Authorization": f"Bearer {token}"}
    assert atlas.client.get("/api/suggestions", headers=headers).status_code == 200
    with session_scope(atlas.engine) as session:
        accounts.revoke_tokens(session, "rita")
    response = atlas.client.get("/api/suggestions", headers=headers)
    assert_problem(response, 401, "unauthorized")
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_api_reads_need_no_token_but_refuse_a_bad_one_only_where_it_is_read(atlas: Atlas) -> None:
    assert atlas.client.get("/api/countries", headers={"Authorization": "Bearer pa_wrong"}).status_code == 200
    anonymous = atlas.client.post("/api/suggestions", json={"kind": "document", "url": "https://example.org/a"},
                                  headers={"Authorization": "Bearer pa_wrong"})
    assert_problem(anonymous, 401, "unauthorized")


def test_api_suggestion_with_a_token_credits_its_user(atlas: Atlas) -> None:
    posted = atlas.client.post("/api/suggestions", headers=atlas.auth("viewer"),
                               json={"kind": "document", "url": "https://example.org/b", "submitter": "someone else"})
    assert posted.status_code == 202
    queue = atlas.client.get("/api/suggestions", headers=atlas.auth("editor")).json()["data"]
    assert next(s for s in queue if s["id"] == posted.json()["id"])["submitter"] == "vera"


def test_api_suggestions_are_not_cached_publicly(atlas: Atlas) -> None:
    response = atlas.client.get("/api/suggestions", headers=atlas.auth("editor"))
    assert "ETag" not in response.headers


def test_api_unexpected_error_is_500_without_internals(atlas: Atlas, monkeypatch: pytest.MonkeyPatch,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret connection string postgres://user:pw@db")

    monkeypatch.setattr(countries, "list_countries", broken)
    client = TestClient(atlas.client.app, raise_server_exceptions=False)
    response = client.get("/api/countries")
    body = assert_problem(response, 500, "internal-error")
    assert "secret" not in response.text and "RuntimeError" not in response.text
    assert str(body["reference"]) in str(body["detail"])
    assert any(str(body["reference"]) in r.getMessage() for r in caplog.records)


def test_api_handlers_leave_other_paths_alone(atlas: Atlas) -> None:
    response = atlas.client.get("/not-the-api")
    assert response.status_code == 404 and response.headers["content-type"] == "application/json"
    assert response.json() == {"detail": "Not Found"}

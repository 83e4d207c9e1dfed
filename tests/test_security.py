"""Security of the HTTP application: headers on every response, sessions that end at sign-out, rate
limits, body limits before reading, no open redirect, links from the configured base URL, 4xx for
absurd numbers, and 405s that say what is allowed."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
import pytest
from fastapi.testclient import TestClient

from policyatlas.api.ratelimit import RateLimiter
from policyatlas.config import Settings
from policyatlas.store import accounts
from policyatlas.store.db import make_engine, session_scope
from policyatlas.store.ingest import ingest_paths
from policyatlas.web.app import create_app
from policyatlas.web.auth import SESSION_COOKIE, safe_next
from tests.test_api_write import _dataset

SECRET = "test-secret-key-for-the-security-tests"


@dataclass
class Site:
    """A small atlas served by the whole application, and its editor's token."""

    url: str
    token: str

    def client(self, **settings: Any) -> TestClient:
        """A client of the application built with these settings (over ``base_url`` when given)."""
        base_url = settings.pop("base_url", "http://testserver")
        app = create_app(Settings(database_url=self.url, secret_key=SECRET, **settings))
        return TestClient(app, base_url=base_url)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("security")
    url = f"sqlite:///{folder / 'atlas.db'}"
    data = folder / "uy.yaml"
    data.write_bytes(_dataset("security", "Ley de Prueba de Seguridad"))
    engine = make_engine(url)
    assert ingest_paths(engine, [data]).ok
    with session_scope(engine) as session:
        token = accounts.add_user(session, "ana", "editor")[1]
    engine.dispose()
    yield Site(url, token)


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF field"
    return match.group(1)


def _sign_in(client: TestClient, token: str, *, name: str = "ana", next: str = "/") -> Any:
    form = client.get("/login")
    return client.post("/login", data={"name": name, "token": token, "next": next, "csrf_token": _csrf(form.text)},
                       follow_redirects=False)


def _record_id(client: TestClient) -> str:
    return str(client.get("/api/records", params={"country": "UY", "kind": "law"}).json()["data"][0]["id"])


# --- headers on every response ---------------------------------------------------------------------------------

HEADER_PATHS = ["/", "/countries/UY", "/no-such-page", "/api/countries", "/api/no-such-endpoint", "/api/records/nope",
                "/openapi.json", "/docs", "/healthz", "/login"]


@pytest.mark.parametrize("path", HEADER_PATHS)
def test_security_headers_on_every_response(site: Site, path: str) -> None:
    response = site.client().get(path)
    headers = response.headers
    assert headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["referrer-policy"] == "same-origin"
    if path.startswith("/api/"):
        assert headers["content-security-policy"].startswith("default-src 'none'")


def test_security_headers_on_errors_written_by_middleware(site: Site) -> None:
    client = site.client()
    too_large = client.post("/login", content=b"x" * 10, headers={"Content-Length": str(200 * 1024 * 1024),
                                                                   "Content-Type": "multipart/form-data; boundary=x"})
    wrong_method = client.delete("/api/countries")
    for response in (too_large, wrong_method):
        assert response.headers["x-content-type-options"] == "nosniff", response.status_code
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_security_docs_page_needs_no_inline_script(site: Site) -> None:
    page = site.client().get("/docs")
    assert page.status_code == 200
    assert "<script>" not in page.text and '<script src="/docs/init.js">' in page.text
    assert "'unsafe-inline'" not in page.headers["content-security-policy"].split("script-src")[1].split(";")[0]
    assert "SwaggerUIBundle" in site.client().get("/docs/init.js").text


# --- 405 says what is allowed ----------------------------------------------------------------------------------

def test_security_405_lists_every_method_of_the_path(site: Site) -> None:
    client = site.client()
    record = _record_id(client)
    response = client.delete(f"/api/records/{record}")
    assert response.status_code == 405
    assert set(response.headers["allow"].split(", ")) == {"GET", "HEAD", "PATCH"}
    assert client.put("/api/sources").headers["allow"] == "GET, HEAD, POST"
    portal = client.put("/login")
    assert portal.status_code == 405 and portal.headers["allow"] == "GET, HEAD, POST"
    assert "text/html" in portal.headers["content-type"]


# --- sessions --------------------------------------------------------------------------------------------------

def _cookie_data(client: TestClient) -> dict[str, Any]:
    value = client.cookies[SESSION_COOKIE]
    payload = value.split(".")[0]
    data: dict[str, Any] = json.loads(base64.b64decode(payload + "=" * (-len(payload) % 4)))
    return data


def test_security_session_cookie_is_httponly_samesite_and_holds_no_token(site: Site) -> None:
    client = site.client()
    response = _sign_in(client, site.token)
    assert response.status_code == 303
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE))
    flags = [part.strip().lower() for part in cookie.split(";")]
    assert "httponly" in flags and "samesite=lax" in flags and "secure" not in flags  # plain HTTP
    stored = json.dumps(_cookie_data(client))
    assert site.token not in stored and hashlib.sha256(site.token.encode()).hexdigest() not in stored


@pytest.mark.parametrize("how", ["https", "public_url", "setting"])
def test_security_cookies_are_secure_behind_https(site: Site, how: str) -> None:
    options: dict[str, Any] = {"https": {"base_url": "https://testserver"},
                               "public_url": {"public_url": "https://atlas.example.org"},
                               "setting": {"secure_cookies": True}}[how]
    client = site.client(**options)
    response = client.get("/login?lang=es")  # the session (CSRF token) and language cookies
    cookies = response.headers.get_list("set-cookie")
    assert len(cookies) == 2 and all("secure" in [p.strip().lower() for p in c.split(";")] for c in cookies)
    if how == "https":
        assert response.headers["strict-transport-security"].startswith("max-age=")


def test_security_sign_out_ends_the_session_even_for_a_copied_cookie(site: Site) -> None:
    client = site.client()
    assert _sign_in(client, site.token).status_code == 303
    copied = client.cookies[SESSION_COOKIE]
    home = client.get("/")
    assert "Signed in as ana" in home.text
    assert client.post("/logout", data={"csrf_token": _csrf(home.text)}, follow_redirects=False).status_code == 303
    replay = site.client()
    replay.cookies.set(SESSION_COOKIE, copied)
    assert "Signed in as ana" not in replay.get("/").text
    assert replay.get("/upload", follow_redirects=False).status_code == 303  # sent to sign in


def test_security_revoking_the_token_ends_its_sessions(site: Site, tmp_path: Path) -> None:
    engine = make_engine(site.url)
    with session_scope(engine) as session:
        token = accounts.add_user(session, "rita", "editor")[1]
    client = site.client()
    assert _sign_in(client, token, name="rita").status_code == 303
    assert "Signed in as rita" in client.get("/").text
    with session_scope(engine) as session:
        accounts.revoke_tokens(session, "rita")
    engine.dispose()
    assert "Signed in as rita" not in client.get("/").text


# --- open redirects --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["//evil.example", "/\\evil.example", "/\t/evil.example", "https://evil.example",
                                    "/\n/evil.example", "\\\\evil.example", " //evil.example", "javascript:alert(1)"])
def test_security_no_open_redirect_after_sign_in(site: Site, target: str) -> None:
    assert safe_next(target) == "/"
    response = _sign_in(site.client(), site.token, next=target)
    assert response.status_code == 303 and response.headers["location"] == "/"


def test_security_redirect_to_sign_in_keeps_a_local_path(site: Site) -> None:
    response = site.client().get("//evil.example/upload", follow_redirects=False)
    location = response.headers.get("location", "")
    assert not location.startswith("//") and "evil.example" not in location.split("?")[0]


# --- rate limits -----------------------------------------------------------------------------------------------

def test_security_failed_sign_ins_are_rate_limited(site: Site) -> None:
    client = site.client(sign_in_failures_per_minute=3)
    statuses = [_sign_in(client, "pa_guess").status_code for _ in range(5)]
    assert statuses[:3] == [401, 401, 401] and statuses[3:] == [429, 429]
    refused = _sign_in(client, site.token)  # even the right token waits: the client is over its limit
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    assert "Too many" in refused.text


def test_security_bad_tokens_are_rate_limited(site: Site) -> None:
    client = site.client(bad_tokens_per_minute=3)
    record = _record_id(client)
    statuses = [client.patch(f"/api/records/{record}", json={"status": "absent"},
                             headers={"Authorization": f"Bearer pa_guess{i}", "If-Match": "*"}).status_code
                for i in range(5)]
    assert statuses == [401, 401, 401, 429, 429]
    response = client.get("/api/suggestions", headers={"Authorization": f"Bearer {site.token}"})
    assert response.status_code == 429 and response.json()["code"] == "too-many-requests"
    assert int(response.headers["retry-after"]) >= 1


def test_security_anonymous_suggestions_are_rate_limited(site: Site) -> None:
    client = site.client(suggestions_per_hour=2)
    record = _record_id(client)
    body = {"kind": "correction", "record": record, "changes": {"status": "absent"}}
    statuses = [client.post("/api/suggestions", json=body).status_code for _ in range(4)]
    assert statuses == [202, 202, 429, 429]
    editor = client.post("/api/suggestions", json=body, headers={"Authorization": f"Bearer {site.token}"})
    assert editor.status_code == 202  # people with a token are not anonymous
    form = client.get(f"/records/{record}/suggest")
    portal = client.post(f"/records/{record}/suggest", data={"csrf_token": _csrf(form.text), "kind": "document",
                                                             "url": "https://example.org/x"})
    assert portal.status_code == 429 and portal.headers["retry-after"]


def test_security_rate_limiter_memory_is_bounded() -> None:
    now = [0.0]
    limiter = RateLimiter(2, 60, max_clients=100, clock=lambda: now[0])
    for client in range(1000):
        limiter.hit(f"10.0.{client // 256}.{client % 256}")
    assert len(limiter) == 100
    assert limiter.hit("a") is None and limiter.hit("a") is None
    wait = limiter.hit("a")
    assert wait is not None and 29 < wait <= 30
    now[0] += 30
    assert limiter.hit("a") is None  # one event back after half the window


# --- bodies are limited before they are read -------------------------------------------------------------------

def _post_streamed(app: Any, path: str, chunks: int, chunk: int = 1024 * 1024) -> tuple[int, int]:
    """POST ``chunks`` MB to the ASGI app without a Content-Length; returns the status and how many
    chunks the application asked for before it answered."""
    asked = 0
    status = 0

    head = b'--x\r\nContent-Disposition: form-data; name="files"; filename="big.txt"\r\n\r\n'

    async def receive() -> dict[str, Any]:
        nonlocal asked
        asked += 1
        return {"type": "http.request", "body": (head if asked == 1 else b"") + b"a" * chunk,
                "more_body": asked < chunks}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": path, "raw_path": path.encode(), "root_path": "", "query_string": b"",
             "headers": [(b"host", b"testserver"), (b"content-type", b"multipart/form-data; boundary=x")],
             "client": ("127.0.0.1", 5000), "server": ("testserver", 80), "state": {}}
    anyio.run(app, scope, receive, send)
    return status, asked


def test_security_large_anonymous_body_to_login_is_refused_unread(site: Site) -> None:
    app = site.client().app
    status, asked = _post_streamed(app, "/login", chunks=200)  # 200 MB if it were all read
    assert status == 413 and asked <= 4, f"{asked} MB were read before the answer {status}"
    declared = site.client().post("/login", content=b"x", headers={"Content-Length": str(200 * 1024 * 1024),
                                                                    "Content-Type": "application/x-www-form-urlencoded"})
    assert declared.status_code == 413


def test_security_forms_have_a_smaller_limit_than_uploads(site: Site) -> None:
    client = site.client(max_body_bytes=50_000, max_upload_bytes=2_000_000)
    record = _record_id(client)
    big = {"kind": "document", "text": "x" * 100_000, "title": "t"}
    assert client.post("/api/suggestions", json=big).status_code == 413
    upload = client.post("/api/sources", files={"file": ("a.txt", b"a" * 100_000, "text/plain")},
                         headers={"Authorization": f"Bearer {site.token}"})
    assert upload.status_code != 413  # an upload may be larger than a form
    assert client.get(f"/api/records/{record}").status_code == 200


# --- links and numbers -----------------------------------------------------------------------------------------

def test_security_link_header_ignores_the_host_header(site: Site) -> None:
    response = site.client().get("/api/records?limit=1", headers={"Host": "evil.example"})
    assert "evil.example" not in response.headers["link"]
    assert response.headers["link"].startswith("</api/records?")
    published = site.client(public_url="https://atlas.example.org/").get("/api/records?limit=1",
                                                                          headers={"Host": "evil.example"})
    links = re.findall(r"<([^>]+)>", published.headers["link"])
    assert links and all(link.startswith("https://atlas.example.org/api/records?") for link in links)


HUGE = "99999999999999999999"


@pytest.mark.parametrize("path", [f"/api/search?q=ley&offset={HUGE}", f"/api/records?offset={HUGE}",
                                  f"/api/records?limit={HUGE}", f"/api/suggestions/{HUGE}",
                                  f"/api/reviews/{HUGE}", f"/search?q=ley&page={HUGE}",
                                  "/api/search?q=ley&offset=-1"])
def test_security_absurd_numbers_are_4xx(site: Site, path: str) -> None:
    client = site.client()
    headers = {"Authorization": f"Bearer {site.token}"}
    response = client.post(path, json={"decision": "reject"}, headers=headers) if path.count("/") == 3 and \
        "?" not in path else client.get(path, headers=headers)
    assert 400 <= response.status_code < 500, (path, response.status_code, response.text[:300])

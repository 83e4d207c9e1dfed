"""Editing through the portal: sign-in, CSRF on every form, uploads, corrections (revisions, stale forms),
visitors' suggestions and the review queue."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from policyatlas.store.db import make_engine, session_scope
from policyatlas.store.revisions import list_revisions, list_suggestions
from policyatlas.web.pages import PAGE_ROUTERS
from tests.test_web_pages import Atlas, _record_id, atlas_fixture, fresh_fixture  # noqa: F401 (fixtures)

UPLOAD = b"""format: policyatlas-dataset
version: 1
country: UY
title: "Fictional upload for the portal tests"
as_of: "2023-05"
license: CC-BY-4.0
sources:
  - {id: test-note, title: "A fictional note", url: "https://example.org/note", publisher: Test, as_of: "2023-05"}
records:
  - kind: law
    section: Legal Framework
    subsection: Legislation
    title: Ley de Prueba Ficticia
    date: "2023-01-15"
    source: test-note
"""



class _Form(HTMLParser):
    """The values a browser would send from the form posting to ``action`` (first submit button aside)."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action, self.inside, self.values = action, False, {}
        self._field: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("action") == self.action
        elif self.inside and tag == "input" and a.get("name") and a.get("type") not in ("file", "submit"):
            self.values.setdefault(a["name"] or "", a.get("value") or "")
        elif self.inside and tag == "textarea":
            self._field = a.get("name")
            self.values[self._field or ""] = ""
        elif self.inside and tag == "select":
            self._select = a.get("name")
            self.values.setdefault(self._select or "", "")
        elif self._select and tag == "option" and "selected" in a:
            self.values[self._select] = a.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._field = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._field:
            self.values[self._field] += data


def form_values(html: str, action: str) -> dict[str, str]:
    """What the form posting to ``action`` would send unchanged."""
    parser = _Form(action)
    parser.feed(html)
    assert parser.values, f"no form posting to {action}"
    return parser.values


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF field"
    return match.group(1)


def _sign_in(client: TestClient, token: str, name: str = "ana") -> None:
    form = client.get("/login")
    response = client.post("/login", data={"name": name, "token": token, "next": "/", "csrf_token": _csrf(form.text)},
                           follow_redirects=False)
    assert response.status_code == 303


def _shown_record_id(client: TestClient, title: str, country: str = "MX") -> str:
    """The id of the record a country page shows under this title (the newest source's)."""
    match = re.search(rf'id="r-(\w+)">\s*<h3>{re.escape(title)}<', client.get(f"/countries/{country}").text)
    assert match, title
    return match.group(1)


def test_web_login_refuses_a_wrong_token(fresh: tuple[TestClient, str], atlas: Atlas) -> None:
    client, _ = fresh
    form = client.get("/login")
    bad = client.post("/login", data={"name": "ana", "token": "pa_wrong", "csrf_token": _csrf(form.text)})
    assert bad.status_code == 401 and "do not match" in bad.text
    other = client.post("/login", data={"name": "vic", "token": atlas.editor_token, "csrf_token": _csrf(form.text)})
    assert other.status_code == 401
    _sign_in(client, atlas.editor_token)
    home = client.get("/").text
    assert "Signed in as ana" in home and 'href="/review"' in home
    client.post("/logout", data={"csrf_token": _csrf(home)})
    assert "Editor sign-in" in client.get("/").text


def test_web_editor_pages_need_an_editor(fresh: tuple[TestClient, str], atlas: Atlas) -> None:
    client, _ = fresh
    for page in ("/review", "/upload"):
        response = client.get(page, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == f"/login?next={page}"
    _sign_in(client, atlas.viewer_token, name="vic")
    assert client.get("/review").status_code == 403


def _post_routes() -> list[str]:
    return sorted(r.path for router in PAGE_ROUTERS for r in router.routes if "POST" in (getattr(r, "methods", None) or ()))


@pytest.mark.parametrize("path", _post_routes())
def test_web_every_post_needs_the_csrf_token(fresh: tuple[TestClient, str], atlas: Atlas, path: str) -> None:
    client, url = fresh
    _sign_in(client, atlas.editor_token)
    record_id = _record_id(url, "Ley de Seguridad Nacional")
    target = path.replace("{record_id}", record_id).replace("{suggestion_id}", "1")
    for token in (None, "forged"):
        data = {"title": "Changed", "decision": "accept", "name": "ana", "token": atlas.editor_token}
        if token:
            data["csrf_token"] = token
        response = client.post(target, data=data, follow_redirects=False)
        assert response.status_code == 403, target
        assert "The form has expired" in response.text
    assert not list_revisions_for(url, record_id)


def list_revisions_for(url: str, record_id: str) -> list[str]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        authors = [r.author for r in list_revisions(session, record_id)]
    engine.dispose()
    return authors


def test_web_upload_ingests_and_reports(fresh: tuple[TestClient, str], atlas: Atlas) -> None:
    client, _ = fresh
    _sign_in(client, atlas.editor_token)
    token = _csrf(client.get("/upload").text)
    files = {"files": ("fictional.yaml", UPLOAD, "application/yaml")}
    first = client.post("/upload", data={"csrf_token": token}, files=files)
    assert first.status_code == 200
    assert "1 imported, 0 unchanged, 0 errors" in first.text and "fictional.yaml" in first.text
    again = client.post("/upload", data={"csrf_token": token}, files=files)
    assert "0 imported, 1 unchanged, 0 errors" in again.text
    assert "Ley de Prueba Ficticia" in client.get("/countries/UY").text
    broken = client.post("/upload", data={"csrf_token": token},
                         files={"files": ("broken.yaml", b"format: policyatlas-dataset\nversion: [", "text/plain")})
    assert "1 error" in broken.text and "1 errors" not in broken.text and "/tmp" not in broken.text


def _edit(client: TestClient, record_id: str, **changes: str) -> tuple[int, str]:
    action = f"/records/{record_id}/edit"
    values = form_values(client.get(action).text, action)
    response = client.post(action, data={**values, **changes})
    return response.status_code, response.text


def test_web_correction_creates_a_revision(fresh: tuple[TestClient, str], atlas: Atlas) -> None:
    client, url = fresh
    _sign_in(client, atlas.editor_token)
    record_id = _shown_record_id(client, "Ley de Seguridad Nacional")
    status, page = _edit(client, record_id, title="Ley de Seguridad Nacional (corregida)", date="2005-02-01",
                         comment="Fecha del DOF")
    assert status == 200 and "Your correction was saved" in page
    assert list_revisions_for(url, record_id) == ["ana"]
    profile = client.get("/countries/MX").text
    assert "Ley de Seguridad Nacional (corregida)" in profile and "corrected by ana" in profile
    assert "Ley de Seguridad Nacional (corregida)" in client.get("/").text  # latest corrections


def test_web_stale_correction_is_refused_clearly(fresh: tuple[TestClient, str], atlas: Atlas) -> None:
    client, url = fresh
    _sign_in(client, atlas.editor_token)
    record_id = _record_id(url, "Ley de Seguridad Nacional")
    action = f"/records/{record_id}/edit"
    stale = form_values(client.get(action).text, action)
    assert _edit(client, record_id, title="First edit")[0] == 200
    response = client.post(action, data={**stale, "title": "Second edit"})
    assert response.status_code == 412
    assert "Someone changed this record" in response.text and "Second edit" in response.text
    assert list_revisions_for(url, record_id) == ["ana"]


def test_web_suggestion_waits_for_review_then_accept_or_reject(fresh: tuple[TestClient, str], atlas: Atlas) -> None:
    client, url = fresh
    record_id = _record_id(url, "Ley de Seguridad Nacional")
    action = f"/records/{record_id}/suggest"
    form = client.get(action).text
    token = _csrf(form)
    sent = client.post(action, data={**form_values(form, action), "status": "in_force", "submitter": "Lucía",
                                     "comment": "Está en vigor"})
    assert sent.status_code == 200 and "review queue" in sent.text
    doc = client.post(f"/records/{record_id}/suggest", data={
        "csrf_token": token, "kind": "document", "url": "https://example.org/ley", "submitter": "Lucía"})
    assert doc.status_code == 200
    assert not list_revisions_for(url, record_id)  # nothing published before review
    _sign_in(client, atlas.editor_token)
    queue = client.get("/review").text
    assert "Lucía" in queue and "https://example.org/ley" in queue
    engine = make_engine(url)
    with session_scope(engine) as session:
        correction, document = (s.id for s in list_suggestions(session))
    engine.dispose()
    token = _csrf(queue)
    client.post(f"/review/{correction}", data={"csrf_token": token, "decision": "accept"})
    client.post(f"/review/{document}", data={"csrf_token": token, "decision": "reject", "note": "duplicate"})
    assert list_revisions_for(url, record_id) == ["ana (suggested by Lucía)"]
    assert "Nothing here." in client.get("/review").text
    assert "duplicate" in client.get("/review?status=rejected").text


def test_web_suggestion_needs_a_change_and_ignores_robots(fresh: tuple[TestClient, str]) -> None:
    client, url = fresh
    record_id = _record_id(url, "Ley de Seguridad Nacional")
    action = f"/records/{record_id}/suggest"
    values = form_values(client.get(action).text, action)
    same = client.post(action, data=values)
    assert same.status_code == 422 and "Nothing was changed." in same.text
    robot = client.post(action, data={**values, "title": "Spam", "website": "http://spam.example"})
    assert robot.status_code == 200
    engine = make_engine(url)
    with session_scope(engine) as session:
        assert not list_suggestions(session)
    engine.dispose()


def test_web_revoked_token_ends_the_session(fresh: tuple[TestClient, str], atlas: Atlas) -> None:
    from policyatlas.store import accounts
    from policyatlas.store.db import make_engine, session_scope

    client, url = fresh
    _sign_in(client, atlas.editor_token)
    assert client.get("/upload").status_code == 200
    engine = make_engine(url)
    with session_scope(engine) as session:
        accounts.revoke_tokens(session, "ana")
    engine.dispose()
    response = client.get("/upload", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")

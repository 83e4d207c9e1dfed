"""Stored XSS in a real browser (Chromium via Playwright): documents, records and suggestions whose text is
markup render as text on every page that shows them. Two layers are checked apart: escaping (no element
the payload names ever exists in the page) and the Content-Security-Policy (no inline script runs, no
violation is even attempted)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from policyatlas.config import Settings
from policyatlas.store import accounts
from policyatlas.store.db import make_engine, write_scope
from policyatlas.store.ingest import ingest_paths
from policyatlas.views.records import list_records
from policyatlas.web.app import create_app
from tests.server import Server, running_server
from tests.test_browser import ARGS, CHROMIUM, sync_api

#: Markup that would create an element marked ``data-xss`` (or run script) if it were not escaped.
PAYLOAD = '<img data-xss src=x onerror="window.__xss.push(1)"><script>window.__xss.push(2)</script>'
ATTRIBUTE = '" data-xss="1" onmouseover="window.__xss.push(3)'
DATASET = f"""\
format: policyatlas-dataset
version: 1
id: test/xss
country: UY
title: 'Dataset {PAYLOAD}'
as_of: '2023-05'
sources:
- id: evil
  title: 'Source {PAYLOAD}'
  url: 'javascript:window.__xss.push(4)'
  publisher: '{PAYLOAD}'
records:
- kind: law
  section: Legal Framework
  title: 'Ley {PAYLOAD}'
  title_en: 'Law {ATTRIBUTE}'
  acronym: '<b data-xss>'
  aliases: ['{PAYLOAD}']
  description: 'Description {PAYLOAD} xssneedle'
  points: ['Point {PAYLOAD}']
  actors: [{{name: 'Actor {PAYLOAD}', role: '{ATTRIBUTE}'}}]
  links: [{{label: 'Link {PAYLOAD}', url: 'javascript:window.__xss.push(5)'}}]
  date_note: '{PAYLOAD}'
  date: '2019-07-01'
  source: evil
- kind: agency
  section: Organisational
  title: 'Agencia {PAYLOAD}'
  source: evil
"""
JAVASCRIPT_LINKS = ("[...document.querySelectorAll('a[href]')]"
                    ".filter(a => (a.getAttribute('href') || '').trim().toLowerCase().startsWith('javascript:')).length")
WATCH = """
window.__xss = [];
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective));
"""


@dataclass
class Site:
    server: Server
    token: str
    record: str
    entity: str
    source: str


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("xss")
    url = f"sqlite:///{folder / 'atlas.db'}"
    data = folder / "uy.yaml"
    data.write_text(DATASET, encoding="utf-8")
    engine = make_engine(url)
    report = ingest_paths(engine, [data])
    assert report.ok, report.to_json()
    with write_scope(engine) as session:
        token = accounts.add_user(session, "ana", "editor")[1]
    law = next(r for r in list_records(engine, country="UY") if r.kind == "law")
    engine.dispose()
    client = TestClient(create_app(Settings(database_url=url, secret_key="xss-test")))
    suggestion = client.post("/api/suggestions", json={"kind": "document", "url": f"https://example.org/{PAYLOAD}",
                                                        "title": f"Suggested {PAYLOAD}", "comment": PAYLOAD,
                                                        "submitter": PAYLOAD})
    assert suggestion.status_code == 202, suggestion.text
    with running_server(url, folder, name="xss") as server:
        yield Site(server, token, law.id, law.entity, law.provenance.source)


def _pages(site: Site) -> list[str]:
    return ["/", "/countries/UY", f"/records/{site.record}", f"/records/{site.record}/suggest",
            f"/entities/{site.entity}", f"/sources/{site.source}", "/sources", "/orgs", "/compare?countries=UY",
            "/graph?country=UY", "/search?q=xssneedle", f"/search?q={quote(PAYLOAD)}", f"/login?next={quote(PAYLOAD)}",
            f"/no-such-page/{quote(PAYLOAD)}", "/review", f"/records/{site.record}/edit"]


def _sign_in(page: Any, site: Site) -> None:
    page.goto(f"{site.server.url}/login")
    page.fill("input[name=name]", "ana")
    page.fill("input[name=token]", site.token)
    page.click("form[action='/login'] [type=submit]")
    page.wait_for_load_state()


def test_xss_payloads_render_as_text_in_chromium(site: Site) -> None:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            context = browser.new_context()
            context.add_init_script(WATCH)
            page = context.new_page()
            page.set_default_timeout(20_000)
            dialogs: list[str] = []
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            _sign_in(page, site)
            shown_as_text = 0
            for path in _pages(site):
                page.goto(site.server.url + path)
                elements = page.evaluate("document.querySelectorAll('[data-xss]').length")
                ran = page.evaluate("window.__xss.length")
                violations = page.evaluate("window.__violations")
                page.hover("body")
                assert elements == 0, f"{path}: {elements} element(s) made from stored markup"
                assert ran == 0 and not dialogs, f"{path}: a payload ran"
                assert violations == [], f"{path}: the page tried to run inline code: {violations}"
                javascript = page.evaluate(JAVASCRIPT_LINKS)
                assert javascript == 0, f"{path}: a javascript: link"
                shown_as_text += "<img data-xss" in page.inner_text("body")
            assert shown_as_text >= 8, "the payloads should be visible as text on most pages"
        finally:
            browser.close()


def test_xss_api_answers_are_never_rendered_as_html(site: Site, tmp_path: Path) -> None:
    """JSON with markup inside is served as JSON, nosniff, under a CSP that allows nothing."""
    import httpx

    response = httpx.get(f"{site.server.url}/api/records/{site.record}")
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-security-policy"].startswith("default-src 'none'")
    assert "<img data-xss" in response.json()["title"]

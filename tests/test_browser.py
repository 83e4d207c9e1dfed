"""The portal in a real browser (Debian's Chromium driven by Playwright) against a live server on 127.0.0.1:
home and map, search, a country and its as-of date, comparing, an editor's correction, the language switch;
no page may log a JavaScript error. Screenshots of the main pages go to test-artifacts/ (not committed)."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from policyatlas.config import Settings
from policyatlas.store import accounts
from policyatlas.store.db import make_engine, session_scope
from policyatlas.store.ingest import ingest_paths
from policyatlas.web.app import create_app
from tests.conftest import IN_CI, REPO, SHARED
from tests.test_web_pages import write_incidents

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def _unavailable(reason: str) -> None:
    """Skip the module with the reason, except in CI, where a missing browser is a failure."""
    if IN_CI:
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason}", allow_module_level=True)


if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
    _unavailable(f"{CHROMIUM} is not installed (apt-get install chromium)")
try:
    from playwright import sync_api
except ImportError:
    _unavailable("the playwright package is not installed (it is in the test extra)")


@dataclass
class Live:
    """The running portal, the browser page on it, and what the page logged."""

    base: str
    token: str
    page: Any
    errors: list[str] = field(default_factory=list)

    def go(self, path: str) -> Any:
        response = self.page.goto(self.base + path)
        assert response is not None and response.status < 400, path
        return response

    def shot(self, name: str, *, full_page: bool = False) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """A server on a fresh atlas (bundled data, seeds when present, three fictional incidents, an editor),
    and a Chromium page on it."""
    folder = tmp_path_factory.mktemp("browser")
    url = f"sqlite:///{folder / 'atlas.db'}"
    engine = make_engine(url)
    seeds = SHARED / "seeds"
    assert ingest_paths(engine, [REPO / "data" / "atlas", *([seeds] if seeds.is_dir() else []),
                                 *write_incidents(folder / "incidents")]).ok
    with session_scope(engine) as session:
        _, token = accounts.add_user(session, "ana", "editor")
    engine.dispose()
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(Settings(database_url=url, secret_key="browser-test")),
                                           host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        page = context.new_page()
        page.set_default_timeout(10_000)
        state = Live(f"http://127.0.0.1:{port}", token, page)
        page.on("console", lambda m: state.errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: state.errors.append(f"{page.url}: {e}"))
        try:
            yield state
        finally:
            browser.close()
            server.should_exit = True
            thread.join(timeout=10)


@pytest.fixture
def browser(live: Live) -> Iterator[Live]:
    """The live page; after each test, no JavaScript error may have been logged."""
    live.errors.clear()
    yield live
    assert live.errors == []


def test_browser_home_shows_the_map_and_searches(browser: Live) -> None:
    browser.go("/")
    assert browser.page.locator("svg.worldmap a[href='/countries/MX']").count() == 1
    browser.shot("home")
    browser.page.get_by_role("searchbox").fill("seguridad nacional")
    browser.page.get_by_role("button", name="Search", exact=True).click()
    browser.page.wait_for_url("**/search?q=seguridad+nacional")
    assert browser.page.locator("ol.results mark").count() > 0
    browser.shot("search")


def test_browser_country_from_the_map_and_as_of(browser: Live) -> None:
    browser.go("/")
    browser.page.locator("svg.worldmap a[href='/countries/MX']").click()
    browser.page.wait_for_url("**/countries/MX")
    assert browser.page.get_by_role("heading", name="Mexico (MX)").is_visible()
    assert browser.page.locator("svg.timeline circle").count() > 5
    browser.shot("country", full_page=False)
    browser.page.get_by_label("Known at", exact=True).fill("2022-01-01")
    browser.page.get_by_role("button", name="Show").click()
    browser.page.wait_for_url("**/countries/MX?in_force_at=&known_at=2022-01-01")
    assert "Known at 1 January 2022" in browser.page.inner_text("main")  # the date as the reader writes it
    browser.shot("country-as-of")
    # in force at 2015: the laws dated before 2015, not those after; the undated apart; old links still work
    browser.page.get_by_label("Known at", exact=True).fill("")
    browser.page.get_by_label("In force at", exact=True).fill("2015")
    browser.page.get_by_role("button", name="Show").click()
    browser.page.wait_for_url("**/countries/MX?in_force_at=2015&known_at=")
    profile = browser.page.inner_text("#profile")
    assert "Ley de Seguridad Nacional" in profile and "Código Penal Federal" in profile
    assert "Ley para Regular las Instituciones de Tecnología Financiera" not in profile.split("Undated")[0]
    assert browser.page.locator("#undated").is_visible()
    browser.shot("country-in-force-2015")
    browser.go("/countries/MX?as_of=2022-01-01")
    assert "Known at 1 January 2022" in browser.page.inner_text("main")


def test_browser_record_source_lines_are_highlighted(browser: Live) -> None:
    browser.go("/countries/MX")
    card = browser.page.locator("article.item", has=browser.page.get_by_role("heading", name="Ley de Seguridad Nacional"))
    card.first.locator("a[href*='#L']").first.click()
    browser.page.wait_for_url("**/sources/**#L*")
    first = int(browser.page.url.rsplit("#L", 1)[1])
    focused = browser.page.locator("ol.source-text li.focus")
    assert focused.count() >= 1 and focused.first.get_attribute("id") == f"L{first}"
    browser.shot("source")


def test_browser_compare_two_countries(browser: Live) -> None:
    browser.go("/compare")
    browser.page.get_by_label("Country 1").select_option("MX")
    browser.page.get_by_label("Country 2").select_option("GB")
    browser.page.get_by_role("button", name="Compare").click()
    browser.page.wait_for_url("**/compare?countries=MX&countries=GB**")
    cell = browser.page.locator("table.matrix details").first
    cell.locator("summary").click()
    assert cell.locator("a[href^='/sources/']").first.is_visible()
    browser.shot("compare")


def test_browser_editor_corrects_a_record(browser: Live) -> None:
    browser.go("/login")
    browser.page.get_by_label("Name").fill("ana")
    browser.page.get_by_label("API token").fill(browser.token)
    browser.page.get_by_role("button", name="Sign in").click()
    browser.page.wait_for_url(browser.base + "/")
    browser.go("/countries/MX")
    card = browser.page.locator("article.item", has=browser.page.get_by_role("heading", name="CERT-MX", exact=True))
    card.get_by_role("link", name="Correct").click()
    browser.page.wait_for_url("**/edit")
    browser.page.get_by_label("English title").fill("Mexico's national CERT (checked)")
    browser.page.get_by_label("Why (shown in the history)").fill("Checked against the 2021 profile")
    browser.shot("correct-record")
    browser.page.get_by_role("button", name="Save the correction").click()
    assert browser.page.get_by_text("Your correction was saved as a new revision.").is_visible()
    browser.go("/countries/MX")
    assert "Mexico's national CERT (checked)" in browser.page.inner_text("main")


def test_browser_language_switch_and_phone_layout(browser: Live) -> None:
    browser.go("/countries/MX")
    browser.page.get_by_role("link", name="Español").click()
    browser.page.wait_for_url("**lang=es")
    assert browser.page.get_by_role("heading", name="México (MX)").is_visible()
    assert browser.page.locator("html").get_attribute("lang") == "es"
    browser.page.set_viewport_size({"width": 390, "height": 844})
    browser.go("/")
    assert browser.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    browser.shot("home-phone-es")
    browser.go("/?lang=en")
    browser.page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.parametrize("path", ["/people", "/orgs", "/initiatives", "/incidents", "/graph", "/sources", "/review"])
def test_browser_other_pages_log_no_errors(browser: Live, path: str) -> None:
    browser.go(path)
    assert browser.page.locator("main h1").count() == 1
    if path in ("/graph", "/incidents"):
        browser.shot(path.strip("/"))


def test_browser_api_docs_render_offline(browser: Live) -> None:
    """Swagger UI comes from the npm package served by the app, not from a CDN: it renders here."""
    browser.go("/docs")
    browser.page.wait_for_selector(".swagger-ui .info .title", timeout=60000)  # a 380 kB schema on a busy machine
    assert "PolicyAtlas" in browser.page.locator(".swagger-ui .info .title").inner_text()
    assert browser.page.locator(".opblock").count() > 20


def test_browser_map_by_a_chosen_measure_shows_its_legend(browser: Live) -> None:
    browser.go("/")
    legend = browser.page.get_by_role("list", name="Legend")
    assert "adopted 2015–2019" in legend.inner_text()  # the default: the national strategy
    browser.page.get_by_label("Colour countries by").select_option("cri")
    browser.page.wait_for_url("**/?map=cri")
    legend = browser.page.get_by_role("list", name="Legend")
    assert legend.is_visible()
    text = legend.inner_text()
    assert "member since 2021" in text and "not listed as a member" in text and "no data" in text
    assert browser.page.locator("svg.worldmap path.c-4").count() >= 20
    assert browser.page.locator("svg.worldmap a[href='/countries/MX']").get_attribute("aria-label") == (
        "Mexico: CRI: member since 2021")
    browser.shot("map-cri")


def test_browser_country_page_opens_with_its_summary(browser: Live) -> None:
    browser.go("/?map=csirt")
    browser.page.locator("svg.worldmap a[href='/countries/DE']").click()
    browser.page.wait_for_url("**/countries/DE")
    summary = browser.page.locator("#summary")
    assert summary.get_by_role("heading", name="At a glance").is_visible()
    csirt = summary.locator("#topic-csirt")
    assert "CERT-Bund" in csirt.inner_text() and "ENISA" in csirt.inner_text()
    assert summary.locator("#ai-index svg.chart").count() >= 1
    coverage = browser.page.locator("#coverage")
    assert "No data in the atlas for:" in coverage.inner_text()
    coverage.locator("summary").click()
    assert coverage.locator("table a[href='https://github.com/datenanfragen/data']").is_visible()
    browser.shot("country-summary", full_page=True)


def test_browser_brazil_published_gci_beside_our_checklist(browser: Live) -> None:
    """Brazil: ITU's published GCI value and our GCI-style checklist side by side, labelled, with coverage."""
    browser.go("/countries/BR")
    gci = browser.page.locator("#assessment-gci")
    gci.scroll_into_view_if_needed()
    assert gci.get_by_role("heading", name="GCI-style checklist (PolicyAtlas, after ITU GCI 2020)").is_visible()
    table = gci.locator("table.side-by-side")
    assert table.locator("th").all_inner_texts() == ["Published value", "Our checklist (PolicyAtlas)"]
    published, ours = table.locator("td.published"), table.locator("td.ours")
    assert published.is_visible() and ours.is_visible()
    assert "96.6" in published.inner_text() and "as published" in published.inner_text()
    assert "Coverage:" in ours.inner_text() and "indicators known" in ours.inner_text()
    box_published, box_ours = published.bounding_box(), ours.bounding_box()
    assert box_published and box_ours and box_published["x"] < box_ours["x"]  # side by side, published first
    assert abs(box_published["y"] - box_ours["y"]) < 2
    assert "Tier" not in browser.page.locator("#assessment").inner_text()
    browser.shot("brazil-assessment")

"""The portal's pages over the bundled atlas (data/atlas plus the seeds): every page, errors, escaping, charts,
and the language switch (editing is in test_web_editing.py)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from policyatlas.config import Settings
from policyatlas.store import accounts
from policyatlas.store.db import make_engine, session_scope
from policyatlas.store.ingest import ingest_paths
from policyatlas.views.records import list_records
from policyatlas.web.app import create_app
from policyatlas.web.assets import world_file
from tests.conftest import IN_CI, REPO, SHARED, need_shared

DATA = REPO / "data" / "atlas"
CURATED = REPO / "data" / "curated"
SECRET = "test-secret-key"
INCIDENTS = [("Clinica <b>Ficticia</b>", "622110", "101 to 1000", "MX", 2021),
             ("Banco Imaginario", "522110", "Over 100000", "MX", 2022),
             ("Ministerio Inventado", "921110", "1001 to 10000", "CL", 2022)]


def write_incidents(folder: Path) -> list[Path]:
    """Three fictional VERIS incidents (one with markup in the victim's name) as JSON files."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, (victim, industry, size, country, year) in enumerate(INCIDENTS):
        path = folder / f"incident-{index}.json"
        path.write_text(json.dumps({
            "schema_version": "1.3.7", "incident_id": f"TEST-{index}", "summary": f"Fictional incident at {victim}",
            "action": {"malware": {"variety": ["Ransomware"]}},
            "victim": {"victim_id": victim, "industry": industry, "employee_count": size, "country": [country]},
            "timeline": {"incident": {"year": year}}, "actor": {"external": {"variety": ["Organized crime"]}},
        }), encoding="utf-8")
        paths.append(path)
    return paths


@dataclass(frozen=True)
class Atlas:
    """A built atlas file and the API tokens of its users."""

    path: Path
    editor_token: str
    viewer_token: str


@pytest.fixture(scope="module", name="atlas")
def atlas_fixture(tmp_path_factory: pytest.TempPathFactory) -> Atlas:
    """The bundled data plus the seeds (when ../shared is there), an editor ``ana`` and a viewer ``vic``."""
    path = tmp_path_factory.mktemp("atlas") / "atlas.db"
    engine = make_engine(f"sqlite:///{path}")
    seeds = SHARED / "seeds"
    report = ingest_paths(engine, [DATA, *([seeds] if seeds.is_dir() else [])])
    assert report.ok, [f.error for f in report.files if f.error]
    with session_scope(engine) as session:
        _, editor = accounts.add_user(session, "ana", "editor")
        _, viewer = accounts.add_user(session, "vic", "viewer")
    engine.dispose()
    return Atlas(path, editor, viewer)


def _client(path: Path) -> TestClient:
    return TestClient(create_app(Settings(database_url=f"sqlite:///{path}", secret_key=SECRET)))


@pytest.fixture(scope="module")
def reader(atlas: Atlas) -> TestClient:
    """A client for pages that change nothing (shared by the module's read-only tests)."""
    return _client(atlas.path)


@pytest.fixture(name="fresh")
def fresh_fixture(atlas: Atlas, tmp_path: Path) -> Iterator[tuple[TestClient, str]]:
    """A client on a private copy of the atlas (for tests that write), and that copy's URL."""
    path = tmp_path / "atlas.db"
    shutil.copy(atlas.path, path)
    yield _client(path), f"sqlite:///{path}"


def _record_id(url: str, title: str, country: str = "MX") -> str:
    engine = make_engine(url)
    try:
        return next(r["id"] for r in list_records(engine, country=country).data if r["title"] == title)
    finally:
        engine.dispose()


PAGES = [
    "/", "/?map=gci", "/?map=paris_call", "/?map=no-such-measure", "/countries", "/countries/DE", "/countries/BR",
    "/countries/MX", "/countries/mx?as_of=2022-01-01", "/countries/GB",
    "/search?q=seguridad", "/search?q=cert&kind=cert", "/search?q=seguridad&country=MX&year=2021",
    "/compare", "/compare?countries=MX&countries=GB", "/people", "/orgs", "/initiatives", "/incidents",
    "/incidents?country=MX", "/graph", "/graph?country=MX", "/sources", "/login",
    "/entities/mx/law/ley-de-seguridad-nacional",
]
SEED_PAGES = ["/people/mx/person/alejandra-lagunes", "/orgs/mx/organization/senate",
              "/initiatives/mx/initiative/federal-cybersecurity-law"]


@pytest.mark.parametrize("url", PAGES)
def test_web_pages_answer_200_with_html(reader: TestClient, url: str) -> None:
    response = reader.get(url)
    assert response.status_code == 200, response.text[-500:]
    assert response.headers["content-type"].startswith("text/html")
    assert "<main" in response.text and "Traceback" not in response.text
    assert "default-src 'self'" in response.headers["content-security-policy"]


@pytest.mark.parametrize("url", SEED_PAGES)
def test_web_seed_pages_answer_200(reader: TestClient, url: str) -> None:
    need_shared("seeds/004_bf5bcae4742deaed.txt")
    response = reader.get(url)
    assert response.status_code == 200
    assert "<h1>" in response.text


def test_web_source_and_record_pages_link_lines(reader: TestClient, atlas: Atlas) -> None:
    record_id = _record_id(f"sqlite:///{atlas.path}", "Ley de Seguridad Nacional")
    record = reader.get(f"/records/{record_id}")
    assert record.status_code == 200
    link = re.search(r'href="(/sources/[0-9a-f]+)#L(\d+)"', record.text)
    assert link
    source = reader.get(link.group(1))
    assert source.status_code == 200
    assert f'<li id="L{link.group(2)}" class="hl"' in source.text


def test_web_country_page_has_profile_sections_map_and_charts(reader: TestClient) -> None:
    page = reader.get("/countries/MX").text
    profile = page[page.index('id="profile"'):]
    assert profile.index("Cybersecurity Policy") < profile.index("Membership")
    assert "Ley de Seguridad Nacional" in page
    assert 'class="chart timeline"' in page and 'id="assessment"' in page and 'id="history"' in page
    assert "Where sources disagree" in page
    assert re.search(r'href="/sources/[0-9a-f]+#L\d+"', page)


def test_web_home_map_links_countries(reader: TestClient) -> None:
    if world_file() is None:
        if IN_CI:
            pytest.fail("world-atlas is not installed (make install runs npm ci)")
        pytest.skip("world-atlas is not installed (run `make install`)")
    page = reader.get("/").text  # by default: the national strategy, not how much the atlas holds
    assert '<svg class="worldmap"' in page
    assert re.search(r'<a href="/countries/MX" aria-label="Mexico: national strategy adopted in 2017"><path class="c-2"',
                     page)
    assert '<option value="strategy" selected>' in page
    records = reader.get("/?map=records").text
    assert re.search(r'<a href="/countries/MX" aria-label="Mexico: \d+ records"><path class="c-4"', records)
    gci = reader.get("/?map=gci").text
    assert "GCI 2020" in gci


@pytest.mark.parametrize("measure", ["strategy", "csirt", "dpa", "paris_call", "cri", "gci", "ncsi", "ai_laws",
                                     "gdb_dpl", "records"])
def test_web_home_map_by_each_measure_has_a_legend_with_no_data(reader: TestClient, measure: str) -> None:
    page = reader.get(f"/?map={measure}").text
    assert f'<option value="{measure}" selected>' in page
    legend = re.search(r'<ul class="legend".*?</ul>', page, re.S)
    assert legend and '<span class="swatch c-none" aria-hidden="true"></span>no data' in legend.group(0)
    if world_file() is not None:
        drawn = set(re.findall(r'<path class="(c-[a-z0-9]+)"', page))
        listed = set(re.findall(r'swatch (c-[a-z0-9]+)', legend.group(0)))
        assert drawn <= listed  # every colour on the map is explained


def test_web_home_map_says_no_data_not_no(reader: TestClient) -> None:
    page = reader.get("/?map=csirt").text  # the atlas knows few CSIRTs: the others are unknown, not absent
    assert "Brazil: no data" in page and 'class="c-no"' not in page
    cri = reader.get("/?map=cri").text  # a complete member list: a state not named is not a member
    assert "Brazil: CRI: member since 2021" in cri and re.search(r'aria-label="China: CRI: not listed', cri)


def test_web_country_page_opens_with_the_summary_and_what_we_know(reader: TestClient) -> None:
    page = reader.get("/countries/DE").text
    summary = page.index('id="summary"')
    assert summary < page.index('id="profile"') and page.index('id="coverage"') < page.index('id="profile"')
    glance = page[summary:page.index('id="coverage"')]
    assert "CERT-Bund" in glance and "Paris Call for Trust and Security in Cyberspace" in glance
    assert "Datenanfragen.de e.V." in glance  # each fact names its publication
    assert 'class="chart bars"' in glance and "figure 6.2.1" in glance  # the AI Index values, charted as published
    assert "CC BY-ND 4.0" in glance
    coverage = page[page.index('id="coverage"'):page.index('id="profile"')]
    assert "No data in the atlas for:" in coverage and "Legal Framework" in coverage
    assert 'href="https://github.com/datenanfragen/data"' in coverage
    brazil = reader.get("/countries/BR").text
    assert brazil.count('class="nodata"') >= 3  # no CSIRT, DPA or law in the atlas: said so, not "none"


def test_web_country_page_as_of_leaves_out_the_summary(reader: TestClient) -> None:
    page = reader.get("/countries/MX?as_of=2022-01-01").text
    assert 'id="summary"' not in page and "shows what the atlas holds today" in page


def test_web_incidents_dashboard_draws_bar_charts(fresh: tuple[TestClient, str], tmp_path: Path) -> None:
    from policyatlas.views.incidents import incident_stats

    client, url = fresh
    engine = make_engine(url)
    bundled = incident_stats(engine, by="sector")["sample_size"]  # the CFR operations of the bundled data
    mexican = incident_stats(engine, by="sector", country="MX")["sample_size"]
    assert f"Sample: {bundled} incidents." in client.get("/incidents").text
    assert ingest_paths(engine, write_incidents(tmp_path / "incidents")).ok
    page = client.get("/incidents").text
    assert f"Sample: {bundled + 3} incidents." in page
    assert page.count('<svg class="chart bars"') == 5
    assert "Espionage" in page  # the CFR operations by type
    mexico = client.get("/incidents?country=MX").text
    assert f"Sample: {mexican + 2} incidents." in mexico and mexico.count('<svg class="chart bars"') >= 3
    engine.dispose()


def test_web_as_of_before_any_source_says_so(reader: TestClient) -> None:
    page = reader.get("/countries/MX?as_of=1990-01-01")
    assert page.status_code == 200
    assert "no records about this country as of 1990-01-01" in page.text


@pytest.mark.parametrize(("url", "status"), [
    ("/no/such/page", 404), ("/countries/XQ", 404), ("/sources/ffffffffffffffff", 404), ("/records/nope", 404),
    ("/people/xx/person/nobody", 404), ("/countries/MX?as_of=yesterday", 422), ("/search?q=seguridad&page=x", 422),
])
def test_web_errors_are_html_pages(reader: TestClient, url: str, status: int) -> None:
    response = reader.get(url)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert f"<h1>{status} · " in response.text and "Traceback" not in response.text


def test_web_api_errors_stay_json(reader: TestClient) -> None:
    response = reader.get("/api/countries/XQ/profile")
    assert response.status_code == 404 and response.headers["content-type"].startswith("application/problem+json")
    assert "json" in reader.get("/api/nothing-here").headers["content-type"]


def test_web_search_snippets_keep_only_marks(reader: TestClient) -> None:
    page = reader.get("/search?q=seguridad").text
    assert "<mark>Seguridad</mark>" in page
    assert "&lt;mark&gt;" not in page


def test_web_escapes_imported_text(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'atlas.db'}"
    doc = tmp_path / "evil.yaml"
    doc.write_text((CURATED / "MX.yaml").read_text(encoding="utf-8").replace(
        "title: Ley de Seguridad Nacional", 'title: "<script>alert(1)</script> Seguridad"'), encoding="utf-8")
    ingest_paths(make_engine(url), [doc])
    client = _client(tmp_path / "atlas.db")
    record_id = _record_id(url, "<script>alert(1)</script> Seguridad")
    source = re.search(r'href="(/sources/[0-9a-f]+)#L', client.get(f"/records/{record_id}").text)
    assert source
    for page in ("/countries/MX", f"/records/{record_id}", "/search?q=alert", source.group(1),
                 f"/records/{record_id}/suggest"):
        text = client.get(page).text
        assert "<script>alert(1)</script>" not in text, page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text, page


def test_web_language_switch_by_parameter_cookie_and_browser(reader: TestClient) -> None:
    spanish = reader.get("/countries/MX?lang=es")
    assert '<html lang="es">' in spanish.text and "Política de ciberseguridad" in spanish.text
    assert "México" in spanish.text and "lang=es" in spanish.headers["set-cookie"]
    assert '<html lang="es">' in reader.get("/search").text  # the cookie keeps it
    assert '<html lang="en">' in reader.get("/?lang=en").text
    assert '<html lang="en">' in reader.get("/").text
    fresh = TestClient(reader.app)
    assert '<html lang="es">' in fresh.get("/", headers={"accept-language": "es-MX,es;q=0.9,en;q=0.5"}).text
    assert "Página no encontrada" in fresh.get("/nope?lang=es").text


def test_web_country_page_shows_published_indices(atlas: Atlas) -> None:
    client = _client(atlas.path)
    page = client.get("/countries/FR")
    assert page.status_code == 200
    assert 'id="indices"' in page.text and "Global Cybersecurity Index" in page.text
    assert "Índices publicados" in client.get("/countries/FR?lang=es").text


def test_web_country_page_shows_published_value_beside_our_checklist(reader: TestClient) -> None:
    """Brazil: the GCI value ITU published and our GCI-style checklist side by side, labelled, with coverage."""
    page = reader.get("/countries/BR").text
    section = page[page.index('id="assessment"'):]
    section = section[:section.index("</section>")]
    gci = section[section.index('id="assessment-gci"'):]
    gci = gci[:gci.index("</article>")]
    assert "GCI-style checklist (PolicyAtlas, after ITU GCI 2020)" in gci
    table = gci[gci.index('class="side-by-side"'):gci.index("</table>")]
    assert table.index("Published value") < table.index("Our checklist (PolicyAtlas)")
    published = table[table.index('class="published"'):table.index('class="ours"')]
    assert "<strong>96.6</strong>" in published and "Global Cybersecurity Index, edition 2020, as published" in published
    assert "International Telecommunication Union" in published
    ours = table[table.index('class="ours"'):]
    assert re.search(r"Coverage: \d+ of 22 indicators known \(\d+ met, \d+ partly, \d+ not met, \d+ unknown\); "
                     r"a score needs 50% known\.", ours)
    assert "Tier" not in section and "ITU GCI pillars" not in section
    spanish = reader.get("/countries/BR?lang=es").text
    assert "Valor publicado" in spanish and "Nuestra lista de verificación (PolicyAtlas)" in spanish
    assert "Cobertura:" in spanish

"""Data out of the portal and the API: CSV / JSON downloads of every list (the page shown or all its pages, filters
kept, cells as shown, safe in a spreadsheet), gzip, cite-this blocks with permalinks, the print stylesheet, the
Atom feed of changes, and a title and description per page."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from fastapi.testclient import TestClient

from policyatlas.config import Settings
from policyatlas.export.tables import all_pages, csv_lines, safe_cell
from policyatlas.store.db import make_engine
from policyatlas.store.ingest import ingest_paths
from policyatlas.web.app import create_app
from tests.conftest import REPO, SHARED

DATA = REPO / "data" / "atlas"
BASE = "https://atlas.example.org"


@pytest.fixture(scope="module", name="atlas")
def atlas_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled data plus the seeds (when ../shared is there)."""
    path = tmp_path_factory.mktemp("out") / "atlas.db"
    engine = make_engine(f"sqlite:///{path}")
    seeds = SHARED / "seeds"
    report = ingest_paths(engine, [DATA, *([seeds] if seeds.is_dir() else [])])
    assert report.ok, [f.error for f in report.files if f.error]
    engine.dispose()
    return path


@pytest.fixture(scope="module", name="client")
def client_fixture(atlas: Path) -> TestClient:
    return TestClient(create_app(Settings(database_url=f"sqlite:///{atlas}", secret_key="k", public_url=BASE)))


def _csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


class _Table(HTMLParser):
    """The first ``<table>`` of a page as rows of cell texts (a cell's ``<details>`` as its summary only: what
    the page shows before a cell is opened)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.depth = self.hidden = 0
        self.cell: list[str] | None = None
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.done:
            return
        if tag == "table":
            self.depth += 1
        elif tag == "tr" and self.depth:
            self.rows.append([])
        elif tag in ("td", "th") and self.depth:
            self.cell = []
        elif tag == "details" and self.cell is not None:
            self.hidden += 1
        elif tag == "summary" and self.hidden:
            self.hidden -= 1

    def handle_endtag(self, tag: str) -> None:
        if self.done:
            return
        if tag == "table":
            self.done = True
        elif tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "summary" and self.cell is not None:
            self.hidden += 1
        elif tag == "details" and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if self.cell is not None and not self.hidden:
            self.cell.append(data)


def table_of(html: str) -> list[list[str]]:
    parser = _Table()
    parser.feed(html)
    return parser.rows


# --- the pure helpers --------------------------------------------------------------------------------------


def test_cells_that_start_a_formula_are_made_text() -> None:
    assert safe_cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert [safe_cell(v) for v in ("+1", "-cmd", "@SUM(A1)", "\tx", "plain")] == ["'+1", "'-cmd", "'@SUM(A1)",
                                                                                   "'\tx", "plain"]
    assert safe_cell(-3.5) == -3.5 and safe_cell(7) == 7  # numbers stay numbers
    assert safe_cell(["a", "b", None]) == "a; b"
    assert safe_cell({"value": "2005", "precision": "year", "end": "2007"}) == "2005/2007"


def test_all_pages_reads_a_batch_at_a_time_and_csv_streams_in_chunks() -> None:
    calls: list[tuple[int, int]] = []
    items = list(range(1234))

    def fetch(limit: int, offset: int) -> list[int]:
        calls.append((limit, offset))
        return items[offset:offset + limit]

    assert list(all_pages(fetch, batch=500)) == items
    assert calls == [(500, 0), (500, 500), (500, 1000)]
    chunks = list(csv_lines(["n"], ([i] for i in all_pages(fetch, batch=500))))
    assert len(chunks) == 3 and _csv("".join(chunks))[1:] == [[str(i)] for i in items]


# --- portal downloads --------------------------------------------------------------------------------------


LIST_PAGES = ["/countries", "/sources", "/people", "/orgs", "/initiatives", "/search?q=seguridad&country=MX",
              "/compare?countries=MX&countries=GB", "/incidents"]


@pytest.mark.parametrize("url", LIST_PAGES)
def test_every_list_page_links_its_downloads_with_its_filters(client: TestClient, url: str) -> None:
    page = client.get(url)
    assert page.status_code == 200
    links = re.findall(r'href="([^"]*format=(?:csv|json)[^"]*)"', page.text)
    assert links, f"no download link on {url}"
    for link in links:
        link = link.replace("&amp;", "&")
        for name, value in re.findall(r"[?&](\w+)=([^&]+)", url):
            assert f"{name}={value}" in link
        answer = client.get(link)
        assert answer.status_code == 200, (link, answer.text[:300])
        assert "attachment" in answer.headers["content-disposition"]
        if "format=csv" in link:
            assert answer.headers["content-type"].startswith("text/csv")
            assert len(_csv(answer.text)) >= 1
        else:
            assert isinstance(answer.json(), list)


def test_orgs_csv_is_the_page_shown_and_scope_all_every_page(client: TestClient) -> None:
    total = int(client.get("/api/orgs?limit=1").headers["x-total-count"])
    assert total > 100, "the bundled atlas should hold more than one page of organisations"
    page = _csv(client.get("/orgs?format=csv").text)
    shown = table_of(client.get("/orgs").text)
    assert page[0][:4] == shown[0] == ["Name", "Kind", "Country", "Mentions"]
    assert [row[:4] for row in page[1:]] == shown[1:]
    assert len(page) - 1 == 100
    second = _csv(client.get("/orgs?page=2&format=csv").text)
    assert [row[:4] for row in second[1:]] == table_of(client.get("/orgs?page=2").text)[1:]
    whole = _csv(client.get("/orgs?format=csv&scope=all").text)
    assert len(whole) - 1 == total
    assert whole[1:] == page[1:] + second[1:]
    data = client.get("/orgs?format=json&scope=all").json()
    assert len(data) == total and [d["id"] for d in data] == [row[4] for row in whole[1:]]


def test_compare_csv_has_the_cells_of_the_table_shown(client: TestClient) -> None:
    url = "/compare?countries=MX&countries=GB&countries=BR"
    shown = table_of(client.get(url).text)
    rows = _csv(client.get(url + "&format=csv").text)
    assert rows[0] == shown[0]
    assert rows[1:] == shown[1:]
    assert rows[0][1:] == ["Mexico", "United Kingdom", "Brazil"]
    spanish = _csv(client.get(url + "&format=csv&lang=es").text)
    assert spanish[0][1] == "México"
    assert _csv(client.get("/compare?countries=MX,GB,BR&format=csv").text) == rows  # as the API takes them


def test_search_download_keeps_the_query_and_filters(client: TestClient) -> None:
    rows = _csv(client.get("/search?q=seguridad&country=MX&format=csv&scope=all").text)
    api_total = int(client.get("/api/search?q=seguridad&country=MX&limit=1").headers["x-total-count"])
    assert len(rows) - 1 == api_total
    assert {row[2] for row in rows[1:]} == {"Mexico"}
    assert all("<mark>" not in row[5] for row in rows[1:])


def test_unknown_download_format_is_a_clear_error(client: TestClient) -> None:
    answer = client.get("/sources?format=xls")
    assert answer.status_code == 422 and "xls" in answer.text


# --- API downloads -----------------------------------------------------------------------------------------


def test_api_list_as_csv_by_parameter_or_accept_and_json_unchanged(client: TestClient) -> None:
    plain = client.get("/api/records?country=MX&kind=law&limit=5")
    assert plain.headers["content-type"] == "application/json" and set(plain.json()) >= {"data", "total"}
    by_param = client.get("/api/records?country=MX&kind=law&limit=5&format=csv")
    by_accept = client.get("/api/records?country=MX&kind=law&limit=5", headers={"Accept": "text/csv"})
    assert by_param.text == by_accept.text
    assert by_param.headers["etag"] != plain.headers["etag"]
    rows = _csv(by_param.text)
    header = rows[0]
    assert {"id", "title", "kind", "country", "provenance.file"} <= set(header)
    assert [r[header.index("id")] for r in rows[1:]] == [r["id"] for r in plain.json()["data"]]
    assert {r[header.index("kind")] for r in rows[1:]} == {"law"}


def test_api_scope_all_streams_the_whole_filtered_list(client: TestClient) -> None:
    total = int(client.get("/api/records?country=MX&limit=1").headers["x-total-count"])
    rows = _csv(client.get("/api/records?country=MX&limit=3&format=csv&scope=all").text)
    assert len(rows) - 1 == total
    ids = [r[rows[0].index("id")] for r in rows[1:]]
    assert len(set(ids)) == total
    every = client.get("/api/records?country=MX&format=json&scope=all").json()
    assert [r["id"] for r in every] == ids


@pytest.mark.parametrize("url", ["/api/countries", "/api/sources", "/api/people", "/api/orgs", "/api/initiatives",
                                 "/api/events", "/api/entities?kind=cert", "/api/indices", "/api/frameworks",
                                 "/api/timeline?country=MX", "/api/search?q=cert"])
def test_every_api_list_answers_csv(client: TestClient, url: str) -> None:
    answer = client.get(url + ("&" if "?" in url else "?") + "format=csv")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    rows = _csv(answer.text)
    total = int(client.get(url).headers["x-total-count"])
    assert len(rows) - 1 == min(total, 20 if "search" in url else 100)


# --- gzip --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/countries/MX", "/api/records?country=MX", "/sources?format=csv&scope=all"])
def test_responses_are_gzipped_for_clients_that_accept_it(client: TestClient, url: str) -> None:
    raw = client.get(url, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in raw.headers
    zipped = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.content == raw.content  # httpx decodes; the bytes on the wire were compressed
    tiny = client.get("/healthz", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in tiny.headers  # below the minimum size


def test_gzip_really_compresses(client: TestClient) -> None:
    with client.stream("GET", "/countries/MX", headers={"Accept-Encoding": "gzip"}) as answer:
        wire = b"".join(answer.iter_raw())
    assert len(gzip.decompress(wire)) > 3 * len(wire)


def test_json_download_values_match_the_page(client: TestClient) -> None:
    data = client.get("/countries?format=json").json()
    rows = _csv(client.get("/countries?format=csv").text)
    assert [d["code"] for d in data] == [r[1] for r in rows[1:]]
    assert json.loads(json.dumps(data)) == data


# --- cite this ---------------------------------------------------------------------------------------------


def _record(client: TestClient, title: str = "Ley de Seguridad Nacional") -> str:
    found = client.get("/api/records?country=MX&kind=law&limit=1000").json()["data"]
    return next(r["id"] for r in found if r["title"] == title)


def test_record_page_cites_with_a_permalink_on_the_base_url_keeping_the_date_axis(client: TestClient) -> None:
    record = _record(client)
    page = client.get(f"/records/{record}?known_at=2022-01-01&in_force_at=2015&page=3&lang=en",
                      headers={"Host": "evil.example"})
    cite = page.text[page.text.index('class="cite"'):]
    link = f"{BASE}/records/{record}?in_force_at=2015&amp;known_at=2022-01-01"
    assert link in cite and "evil.example" not in cite and "page=3" not in cite
    assert "Ley de Seguridad Nacional" in cite and "31 January 2005" in cite and "UNIDIR" in cite
    assert "Accessed" in cite and "@misc{policyatlas-" in cite
    assert "howpublished = {\\url{" + link.replace("&amp;", "&") in cite.replace("&amp;", "&")


def test_country_page_and_comparison_are_citable(client: TestClient) -> None:
    country = client.get("/countries/MX?as_of=2022-01-01").text
    assert f"{BASE}/countries/MX?as_of=2022-01-01" in country and "Cite this" in country
    compare = client.get("/compare?countries=MX&countries=GB").text
    assert f"{BASE}/compare?countries=GB&amp;countries=MX" in compare or \
        f"{BASE}/compare?countries=MX&amp;countries=GB" in compare
    assert "Mexico, United Kingdom" in compare[compare.index('class="cite"'):]


# --- feed --------------------------------------------------------------------------------------------------

ATOM = "{http://www.w3.org/2005/Atom}"


def _feed(client: TestClient, query: str = "") -> ET.Element:
    answer = client.get("/feeds/changes.atom" + query)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/atom+xml")
    return ET.fromstring(answer.content)


def test_changes_feed_is_valid_atom_with_the_entries_asked_for(client: TestClient) -> None:
    root = _feed(client, "?country=MX&kind=law")
    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{tag}") is not None, tag
    assert root.find(f"{ATOM}id").text.startswith(BASE)  # type: ignore[union-attr]
    entries = root.findall(f"{ATOM}entry")
    assert entries
    ids = set()
    for entry in entries:
        for tag in ("id", "title", "updated", "summary", "author"):
            assert entry.find(f"{ATOM}{tag}") is not None, tag
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2}|\.\d+[+-]\d{2}:\d{2})",
                            entry.find(f"{ATOM}updated").text or "")  # type: ignore[union-attr]
        assert entry.find(f"{ATOM}category").get("term") == "law"  # type: ignore[union-attr]
        assert (entry.find(f"{ATOM}link").get("href") or "").startswith(f"{BASE}/records/")  # type: ignore[union-attr]
        ids.add(entry.find(f"{ATOM}id").text)  # type: ignore[union-attr]
    assert len(ids) == len(entries)
    titles = {e.find(f"{ATOM}title").text for e in entries}  # type: ignore[union-attr]
    assert any("Ley de Seguridad Nacional" in (t or "") or "Federal Criminal Code" in (t or "") for t in titles)
    updated = [e.find(f"{ATOM}updated").text for e in entries]  # type: ignore[union-attr]
    assert updated == sorted(updated, reverse=True)


def test_changes_feed_is_bounded_and_linked_from_pages(client: TestClient) -> None:
    assert len(_feed(client, "?limit=3").findall(f"{ATOM}entry")) == 3
    assert len(_feed(client, "?limit=100000").findall(f"{ATOM}entry")) <= 200
    assert client.get("/feeds/changes.atom?country=ZZ").status_code == 404  # no such country: said, not empty
    home = client.get("/").text
    assert '<link rel="alternate" type="application/atom+xml"' in home and 'href="/feeds/changes.atom"' in home
    assert 'href="/feeds/changes.atom?country=MX"' in client.get("/countries/MX").text


# --- titles, descriptions, print ---------------------------------------------------------------------------


def _head(html: str) -> tuple[str, str]:
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    description = re.search(r'<meta name="description" content="(.*?)">', html, re.S)
    assert title and description
    return unescape(title.group(1)), unescape(description.group(1))


def test_pages_have_their_own_title_and_description(client: TestClient) -> None:
    mx_title, mx_text = _head(client.get("/countries/MX").text)
    gb_title, gb_text = _head(client.get("/countries/GB").text)
    assert "Mexico" in mx_title and "United Kingdom" in gb_title
    assert re.search(r"Mexico's national cybersecurity and AI policy: \d+ facts from \d+ sources", mx_text)
    assert mx_text != gb_text
    record_title, record_text = _head(client.get(f"/records/{_record(client)}").text)
    assert record_title.startswith("Ley de Seguridad Nacional") and "31 January 2005" in record_text
    search_title, search_text = _head(client.get("/search?q=seguridad").text)
    assert "seguridad" in search_title and re.search(r"\d+ results for “seguridad”", search_text)
    _, spanish = _head(client.get("/countries/MX?lang=es").text)
    assert "México" in spanish
    descriptions = {_head(client.get(u).text)[1] for u in ("/", "/sources", "/orgs", "/people", "/countries")}
    assert len(descriptions) == 5


def test_print_stylesheet_hides_navigation_and_shows_link_addresses() -> None:
    css = (REPO / "src" / "policyatlas" / "web" / "static" / "portal.css").read_text(encoding="utf-8")
    block = css[css.index("@media print"):]
    for needed in ("header.site", "nav", "form", "button", ".downloads", "display: none",
                   'content: " <" attr(href) ">"', "break-inside: avoid", "thead { display: table-header-group"):
        assert needed in block, needed

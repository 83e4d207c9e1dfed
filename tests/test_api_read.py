"""The API's read endpoints through HTTP: each answers 200 with the CLI's JSON and a problem on failure."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from typer.testing import CliRunner

from policyatlas.cli.app import app as cli_app
from policyatlas.config import Settings
from tests.test_api_support import BACKENDS, Atlas, assert_problem, open_atlas


@pytest.fixture(scope="module", params=BACKENDS)
def atlas(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Atlas]:
    """One atlas for every read test of the module (nothing here writes)."""
    yield from open_atlas(request.param, tmp_path_factory.mktemp("api-read"))


def _cli_json(atlas: Atlas, *args: str) -> Any:
    result = CliRunner().invoke(cli_app, ["--database-url", atlas.url, *args, "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _first(atlas: Atlas, path: str, **params: str) -> dict[str, Any]:
    data = atlas.client.get(path, params={"limit": "1", **params}).json()["data"]
    assert data, f"{path} {params} is empty"
    return dict(data[0])


# --- the same JSON as the CLI's --json ------------------------------------------------------------------------

LISTS = [
    (["countries"], "/api/countries"),
    (["records", "--country", "MX", "--kind", "law"], "/api/records?country=MX&kind=law"),
    (["sources"], "/api/sources"),
    (["entities", "list", "--country", "MX"], "/api/entities?country=MX"),
    (["people", "--country", "MX"], "/api/people?country=MX"),
    (["orgs", "--country", "MX"], "/api/orgs?country=MX"),
    (["events"], "/api/events"),
    (["initiatives"], "/api/initiatives"),
    (["timeline", "--country", "MX"], "/api/timeline?country=MX"),
    (["frameworks", "list"], "/api/frameworks"),
    (["indices"], "/api/indices"),
    (["entities", "review", "--all"], "/api/reviews?status=all"),
]
OBJECTS = [
    (["profile", "MX"], "/api/countries/MX/profile"),
    (["profile", "MX", "--as-of", "2022-01-01"], "/api/countries/MX/profile?as_of=2022-01-01"),
    (["history", "MX"], "/api/history/MX"),
    (["diff", "MX", "--from", "2010", "--to", "2024"], "/api/diff/MX?from=2010&to=2024"),
    (["compare", "MX", "GB"], "/api/compare?countries=MX,GB"),
    (["crosswalk", "gci", "ncsi", "--country", "MX"], "/api/crosswalk?from=gci&to=ncsi&country=MX"),
    (["incidents", "--by", "sector"], "/api/incidents?by=sector"),
    (["frameworks", "show", "gci"], "/api/frameworks/gci"),
    (["entity", "mx/cert/cert-mx"], "/api/entities/mx/cert/cert-mx"),
]


@pytest.mark.parametrize(("args", "path"), LISTS, ids=[" ".join(a) for a, _ in LISTS])
def test_api_lists_match_cli_json(atlas: Atlas, args: list[str], path: str) -> None:
    response = atlas.client.get(path + ("&" if "?" in path else "?") + "limit=1000")
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    page = response.json()
    expected = _cli_json(atlas, *args)
    if args[0] == "sources":  # the API names a source's file, not where it lies on the server
        assert all(item["path"] == item["file"] for item in page["data"])
        expected = [{**item, "path": item["file"]} for item in expected]
    assert page["data"] == expected and page["total"] == len(expected)
    assert (page["limit"], page["offset"]) == (1000, 0)


@pytest.mark.parametrize(("args", "path"), OBJECTS, ids=[" ".join(a) for a, _ in OBJECTS])
def test_api_objects_match_cli_json(atlas: Atlas, args: list[str], path: str) -> None:
    response = atlas.client.get(path)
    assert response.status_code == 200, response.text
    assert response.json() == _cli_json(atlas, *args)


def test_api_search_hits_match_cli_json(atlas: Atlas) -> None:
    # each entity is one hit (CERT-MX stated by three sources is one): "ley" alone finds too few for two pages
    page = atlas.client.get("/api/search", params={"q": "ley OR law", "country": "MX", "limit": "5",
                                                   "offset": "2"}).json()
    cli = _cli_json(atlas, "search", "ley OR law", "--country", "MX", "--limit", "5", "--offset", "2")
    assert page["data"] == cli["results"] and len(page["data"]) == 5 and page["total"] == cli["total"] >= 7
    assert page["facets"] == cli["facets"] and page["query"] == cli["query"]


# --- each endpoint's failure path -----------------------------------------------------------------------------

FAILURES = [
    ("/api/countries/XQ/profile", 404, "not-found"),
    ("/api/countries/MX/profile?as_of=1990", 404, "not-found"),
    ("/api/countries/MX/profile?as_of=someday", 422, "config-error"),
    ("/api/records?country=Atlantis", 404, "not-found"),
    ("/api/records?limit=0", 422, "validation-error"),
    ("/api/records?limit=1001", 422, "validation-error"),
    ("/api/records?history=perhaps", 422, "validation-error"),
    ("/api/records/0000000000000000", 404, "not-found"),
    ("/api/records/0000000000000000/revisions", 404, "not-found"),
    ("/api/search", 422, "validation-error"),
    ('/api/search?q="unbalanced', 422, "bad-query"),
    ("/api/search?q=ley&from=someday", 422, "config-error"),
    ("/api/sources?country=XQ", 404, "not-found"),
    ("/api/sources/ffffffffffffffff", 404, "not-found"),
    ("/api/entities?country=XQ", 404, "not-found"),
    ("/api/entities/mx/cert/no-such-cert", 404, "not-found"),
    ("/api/people?country=XQ", 404, "not-found"),
    ("/api/orgs?country=XQ", 404, "not-found"),
    ("/api/events?country=XQ", 404, "not-found"),
    ("/api/initiatives?country=XQ", 404, "not-found"),
    ("/api/history/XQ", 404, "not-found"),
    ("/api/diff/MX?from=2024&to=2010", 422, "config-error"),
    ("/api/diff/MX?from=2010", 422, "validation-error"),
    ("/api/timeline?from=someday", 422, "config-error"),
    ("/api/timeline?country=XQ", 404, "not-found"),
    ("/api/compare?countries=", 422, "config-error"),
    ("/api/compare?countries=MX,XQ", 404, "not-found"),
    ("/api/frameworks/no-such-framework", 404, "not-found"),
    ("/api/assess/MX", 422, "validation-error"),
    ("/api/assess/MX?framework=no-such-framework", 404, "not-found"),
    ("/api/assess/XQ?framework=gci", 404, "not-found"),
    ("/api/crosswalk?from=gci&to=nope", 404, "not-found"),
    ("/api/assessments?country=XQ", 404, "not-found"),
    ("/api/incidents?by=colour", 422, "config-error"),
    ("/api/indices?country=XQ", 404, "not-found"),
    ("/api/graph?format=svg", 422, "validation-error"),
    ("/api/graph?country=XQ", 404, "not-found"),
    ("/api/reviews?status=maybe", 422, "validation-error"),
    ("/api/no-such-endpoint", 404, "not-found"),
    ("/api/measures/no-such-measure", 404, "not-found"),
    ("/api/countries/XQ/summary", 404, "not-found"),
    ("/api/countries/AQ/summary", 404, "not-found"),
]


@pytest.mark.parametrize(("path", "status", "code"), FAILURES, ids=[p for p, _, _ in FAILURES])
def test_api_failure_is_problem_details(atlas: Atlas, path: str, status: int, code: str) -> None:
    body = assert_problem(atlas.client.get(path), status, code)
    assert body["instance"] == path.split("?")[0]


def test_api_validation_problem_lists_the_errors(atlas: Atlas) -> None:
    body = assert_problem(atlas.client.get("/api/records", params={"limit": "x", "offset": "-1"}), 422,
                          "validation-error")
    errors: Any = body["errors"]
    assert {tuple(e["loc"]) for e in errors} == {("query", "limit"), ("query", "offset")}


def test_api_wrong_method_is_problem_details(atlas: Atlas) -> None:
    assert_problem(atlas.client.delete("/api/countries"), 405, "method-not-allowed")


# --- endpoints in detail --------------------------------------------------------------------------------------

def test_api_countries_envelope(atlas: Atlas) -> None:
    page = atlas.client.get("/api/countries?limit=1000").json()
    assert set(page) == {"data", "total", "limit", "offset"}
    assert {"MX", "GB"} <= {c["code"] for c in page["data"]} and page["total"] == len(page["data"])


def test_api_records_pages_are_stable_and_linked(atlas: Atlas) -> None:
    everything = atlas.client.get("/api/records", params={"country": "MX", "limit": "1000"}).json()
    ids, url, pages = [], "/api/records?country=MX&limit=7", 0
    while url:
        response = atlas.client.get(url)
        page = response.json()
        assert page["total"] == everything["total"] and response.headers["X-Total-Count"] == str(page["total"])
        assert len(page["data"]) <= 7
        ids += [r["id"] for r in page["data"]]
        links = response.links
        assert "first" in links and "last" in links
        assert ("prev" in links) == (page["offset"] > 0)
        url = links.get("next", {}).get("url", "")
        pages += 1
    assert ids == [r["id"] for r in everything["data"]] and len(set(ids)) == len(ids)
    assert pages == -(-everything["total"] // 7)
    second = atlas.client.get("/api/records?country=MX&limit=7&offset=7")
    assert second.links["prev"]["url"].endswith("offset=0") and "country=MX" in second.links["prev"]["url"]


def test_api_records_history_includes_superseded_versions(atlas: Atlas) -> None:
    current = atlas.client.get("/api/records", params={"country": "MX"}).json()["total"]
    everything = atlas.client.get("/api/records", params={"country": "MX", "history": "true"}).json()["total"]
    assert everything >= current > 0


def test_api_record_has_etag_of_its_revision_and_304(atlas: Atlas) -> None:
    record = _first(atlas, "/api/records", country="MX", kind="law")
    response = atlas.client.get(f"/api/records/{record['id']}")
    assert response.status_code == 200 and response.json() == record
    etag = response.headers["ETag"]
    assert etag.startswith(f'"{record["id"]}-0-') and response.headers["Last-Modified"].endswith("GMT")
    again = atlas.client.get(f"/api/records/{record['id']}", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["ETag"] == etag
    revisions = atlas.client.get(f"/api/records/{record['id']}/revisions").json()
    assert revisions["data"] == [] and revisions["total"] == 0


def test_api_source_has_text_and_record_line_spans(atlas: Atlas) -> None:
    source = next(s for s in atlas.client.get("/api/sources").json()["data"] if s["file"] == "MX.yaml")
    detail = atlas.client.get(f"/api/sources/{source['id']}").json()
    assert detail["text"].startswith("format: policyatlas-dataset")
    assert len(detail["spans"]) == detail["records"] == source["records"] > 0
    lines = detail["text"].splitlines()
    for record in detail["spans"]:
        assert 1 <= record["line_start"] <= record["line_end"] <= len(lines)
    first = detail["spans"][0]
    assert first["title"] in "\n".join(lines[first["line_start"] - 1:first["line_end"]])
    by_prefix = atlas.client.get(f"/api/sources/{source['sha256'][:12]}")
    assert by_prefix.json()["id"] == source["id"]


def test_api_people_are_popolo(atlas: Atlas) -> None:
    people = atlas.client.get("/api/people").json()["data"]
    assert people and all({"id", "name", "other_names", "memberships", "sources"} <= set(p) for p in people)
    person = people[0]
    detail = atlas.client.get(f"/api/entities/{quote(person['id'], safe='/')}").json()
    assert detail["id"] == person["id"] and detail["records"]


def test_api_assess_reads_without_storing(atlas: Atlas) -> None:
    result = atlas.client.get("/api/assess/MX", params={"framework": "gci"}).json()
    assert result["assessment"] is None and result["score"] is not None and result["pillars"]
    gaps = atlas.client.get("/api/assess/MX", params={"framework": "gci", "gaps": "true"}).json()
    assert "gaps" in gaps and gaps["framework"]["id"] == "gci"
    assert atlas.client.get("/api/assessments").json()["total"] == 0


def test_api_incidents_and_indices(atlas: Atlas) -> None:
    sectors = atlas.client.get("/api/incidents", params={"by": "sector"}).json()
    assert sectors["sample_size"] == 2 and {c["value"] for c in sectors["counts"]} == {"Health", "Public"}
    sponsored = atlas.client.get("/api/incidents", params={"by": "country", "sponsor": "China"}).json()
    assert sponsored["counts"] == [{"value": "GB", "count": 1, "share": 1.0}]
    values = atlas.client.get("/api/indices", params={"country": "MX"}).json()["data"]
    assert [(v["index"], v["value"]) for v in values] == [("gci", 81.68)]


@pytest.mark.parametrize(("fmt", "media_type", "marker"), [
    ("json", "application/json", '"nodes"'),
    ("graphml", "application/graphml+xml", "<graphml"),
    ("dot", "text/vnd.graphviz", "digraph policyatlas"),
])
def test_api_graph_formats(atlas: Atlas, fmt: str, media_type: str, marker: str) -> None:
    response = atlas.client.get("/api/graph", params={"country": "MX", "format": fmt})
    assert response.status_code == 200 and response.headers["content-type"].startswith(media_type)
    assert marker in response.text


# --- caching --------------------------------------------------------------------------------------------------

def test_api_reads_carry_etag_and_last_modified_and_answer_304(atlas: Atlas) -> None:
    response = atlas.client.get("/api/countries")
    etag = response.headers["ETag"]
    assert etag.startswith('W/"') and response.headers["Last-Modified"].endswith("GMT")
    assert response.headers["Cache-Control"] == "no-cache"
    cached = atlas.client.get("/api/countries", headers={"If-None-Match": etag})
    assert cached.status_code == 304 and cached.content == b"" and cached.headers["ETag"] == etag
    listed = atlas.client.get("/api/countries", headers={"If-None-Match": f'W/"other", {etag}'})
    assert listed.status_code == 304
    other = atlas.client.get("/api/countries?limit=5")
    assert other.headers["ETag"] != etag
    assert atlas.client.get("/api/countries?limit=5", headers={"If-None-Match": etag}).status_code == 200


def test_api_errors_carry_no_etag(atlas: Atlas) -> None:
    assert "ETag" not in atlas.client.get("/api/countries/XQ/profile").headers


# --- the application: OpenAPI and docs ------------------------------------------------------------------------

PATHS = ["/api/countries", "/api/countries/{code}/profile", "/api/records", "/api/records/{record_id}",
         "/api/records/{record_id}/revisions", "/api/search", "/api/sources", "/api/sources/{source_id}",
         "/api/entities", "/api/entities/{entity_id}", "/api/entities/{entity_id}/merge", "/api/people", "/api/orgs",
         "/api/events", "/api/initiatives", "/api/history/{code}", "/api/diff/{code}", "/api/timeline", "/api/compare",
         "/api/frameworks", "/api/frameworks/{framework_id}", "/api/assess/{code}", "/api/crosswalk",
         "/api/assessments", "/api/incidents", "/api/indices", "/api/graph", "/api/reviews", "/api/reviews/{review_id}",
         "/api/suggestions", "/api/suggestions/{suggestion_id}", "/api/measures", "/api/measures/{measure}",
         "/api/countries/{code}/summary"]


def test_api_openapi_lists_every_path_and_docs_are_served(atlas: Atlas) -> None:
    from policyatlas.web.app import create_app  # the real application, portal and API together

    client = type(atlas.client)(create_app(Settings(database_url=atlas.url)))
    document = client.get("/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert set(PATHS) <= set(document["paths"])
    assert set(document["paths"]["/api/records/{record_id}"]) == {"get", "patch"}
    assert "token" in document["components"]["securitySchemes"]
    assert client.get("/docs").status_code == 200
    served = client.get("/api/countries/MX/profile")
    assert served.status_code == 200 and "ETag" in served.headers
    assert_problem(client.get("/api/countries/XQ/profile"), 404, "not-found")


def test_api_measures_list_and_colour_countries(atlas: Atlas) -> None:
    measures = atlas.client.get("/api/measures").json()
    assert measures[0]["id"] == "strategy" and {"csirt", "dpa", "paris_call", "cri", "gci", "ncsi", "ai_laws"} <= {
        m["id"] for m in measures}
    strategy = atlas.client.get("/api/measures/strategy").json()
    assert set(strategy) == {"measure", "countries", "legend", "complete_list_as_of"}
    mexico = next(c for c in strategy["countries"] if c["country"] == "MX")
    assert mexico["css"].startswith("c-") and "2017" in mexico["label"]
    assert strategy["legend"][-1] == {"css": "c-none", "label": "no data", "countries": 0}
    csirt = {c["country"]: c for c in atlas.client.get("/api/measures/csirt").json()["countries"]}
    assert csirt["MX"]["css"] == "c-3" and "CERT-MX" in csirt["MX"]["label"]
    assert all(c["css"] != "c-no" for c in csirt.values())  # nothing here says a country has none


def test_api_country_summary_cites_publications(atlas: Atlas) -> None:
    response = atlas.client.get("/api/countries/mx/summary")
    assert response.status_code == 200 and "ETag" in response.headers
    summary = response.json()
    assert summary["country"]["code"] == "MX"
    topics = {t["id"]: t for t in summary["topics"]}
    assert list(topics) == ["strategy", "lead_agency", "csirt", "dpa", "laws", "memberships"]
    cert = topics["csirt"]["facts"][0]
    assert cert["title"] == "CERT-MX" and cert["citation"]["title"] and cert["citation"]["source"]
    assert summary["coverage"]["records"] >= sum(t["total"] for t in summary["topics"])
    assert {p["citation"]["title"] for p in summary["coverage"]["publications"]} >= {
        "UNIDIR Cyber Policy Portal: Mexico country profile (last updated November 2021)"}

"""The API's writes through HTTP: edits with If-Match, uploads, frameworks, merges, reviews, suggestions."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from policyatlas.cli.app import app as cli_app
from tests.test_api_support import BACKENDS, UPLOAD_LIMIT, Atlas, assert_problem, open_atlas


@pytest.fixture(scope="module", params=BACKENDS)
def atlas(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Atlas]:
    """One atlas for the module: each test changes records or entities no other test looks at."""
    yield from open_atlas(request.param, tmp_path_factory.mktemp("api-write"))


def _records(atlas: Atlas, **params: str) -> list[dict[str, Any]]:
    return list(atlas.client.get("/api/records", params={"limit": "1000", **params}).json()["data"])


def _record(atlas: Atlas, country: str, kind: str, index: int = 0) -> dict[str, Any]:
    return _records(atlas, country=country, kind=kind)[index]


DATASET = """\
format: policyatlas-dataset
version: 1
id: test/{name}
country: UY
title: A fictional dataset uploaded through the API
as_of: '2023-05'
sources:
- id: fictional
  title: Made up for the tests
records:
- kind: law
  section: Legal Framework
  title: {title}
  date: '2019-07-01'
  status: in_force
  source: fictional
"""


def _dataset(name: str, title: str) -> bytes:
    return DATASET.format(name=name, title=title).encode()


# --- editing a record: If-Match, 428, 412, revisions ---------------------------------------------------------

def test_api_patch_record_needs_if_match_and_detects_stale_writes(atlas: Atlas) -> None:
    record = _record(atlas, "MX", "law", 0)
    path = f"/api/records/{record['id']}"
    etag = atlas.client.get(path).headers["ETag"]
    listing = atlas.client.get("/api/records?country=MX").headers["ETag"]
    change = {"date": {"value": "2006-03-15", "precision": "day", "end": None}}

    assert_problem(atlas.client.patch(path, json=change, headers=atlas.auth("editor")), 428, "precondition-required")
    stale = atlas.client.patch(path, json=change, headers=atlas.auth("editor") | {"If-Match": '"not-the-etag"'})
    assert_problem(stale, 412, "stale-revision")
    assert atlas.client.get(path).headers["ETag"] == etag  # neither attempt changed anything

    edited = atlas.client.patch(path, json=change, headers=atlas.auth("editor") | {"If-Match": etag},
                                params={"comment": "Diario Oficial of 15 March 2006"})
    assert edited.status_code == 200, edited.text
    body = edited.json()
    assert body["date"] == change["date"] and body["dates"] == [change["date"]]
    assert body["revision"]["number"] == 1 and body["revision"]["author"] == "eddie"
    new_etag = edited.headers["ETag"]
    assert new_etag != etag and atlas.client.get(path).headers["ETag"] == new_etag
    assert atlas.client.get(path).json() == body

    again = atlas.client.patch(path, json={"status": "absent"}, headers=atlas.auth("admin") | {"If-Match": etag})
    assert_problem(again, 412, "stale-revision")  # someone else changed it first
    assert atlas.client.get("/api/records?country=MX").headers["ETag"] != listing  # the data version moved on

    revisions = atlas.client.get(f"{path}/revisions").json()
    assert revisions["total"] == 1
    revision = revisions["data"][0]
    assert (revision["number"], revision["author"], revision["comment"]) == (1, "eddie",
                                                                          "Diario Oficial of 15 March 2006")
    assert "dates" in {c["field"] for c in revision["changes"]} and revision["created_at"]


@pytest.mark.parametrize(("body", "status", "code"), [
    ({"sponsor": "nobody"}, 422, "config-error"),
    ({"date": {"value": "31/01/2005"}}, 422, "config-error"),
    ({"status": "abolished"}, 422, "config-error"),
    ({"title": "  "}, 422, "config-error"),
    ({}, 422, "config-error"),
    (["not", "an", "object"], 422, "validation-error"),
])
def test_api_patch_record_rejects_invalid_corrections(atlas: Atlas, body: Any, status: int, code: str) -> None:
    record = _record(atlas, "MX", "cert")
    path = f"/api/records/{record['id']}"
    etag = atlas.client.get(path).headers["ETag"]
    assert_problem(atlas.client.patch(path, json=body, headers=atlas.auth("editor") | {"If-Match": etag}), status, code)
    assert atlas.client.get(path).headers["ETag"] == etag


def test_api_patch_unknown_record_is_not_found(atlas: Atlas) -> None:
    response = atlas.client.patch("/api/records/0000000000000000", json={"status": "absent"},
                                  headers=atlas.auth("editor") | {"If-Match": '"x"'})
    assert_problem(response, 404, "not-found")


# --- uploads --------------------------------------------------------------------------------------------------

def test_api_upload_ingests_and_reports_like_the_cli(atlas: Atlas, tmp_path: Path) -> None:
    data = _dataset("upload-one", "Ley ficticia de ciberseguridad")
    response = atlas.client.post("/api/sources", headers=atlas.auth("editor"),
                                 files={"file": ("../../uy law.yaml", data, "application/yaml")})
    assert response.status_code == 201, response.text
    report = response.json()
    assert set(report) == {"files", "imported", "unchanged", "errors"}
    assert (report["imported"], report["unchanged"], report["errors"]) == (1, 0, 0)
    (file,) = report["files"]
    assert (file["path"], file["status"], file["format"], file["records"]) == ("uy law.yaml", "imported",
                                                                             "atlas-dataset", 1)
    assert response.headers["Location"] == f"/api/sources/{file['source']}"
    source = atlas.client.get(response.headers["Location"]).json()
    assert source["file"] == "uy law.yaml" and source["path"] == "upload:eddie/uy law.yaml"
    assert "Ley ficticia de ciberseguridad" in {r["title"] for r in _records(atlas, country="UY")}

    copy = tmp_path / "uy law.yaml"  # the CLI's report of the same bytes has the same shape
    copy.write_bytes(data)
    cli = CliRunner().invoke(cli_app, ["--database-url", atlas.url, "ingest", str(copy), "--json"])
    cli_report = json.loads(cli.stdout)
    assert set(cli_report) == set(report) and set(cli_report["files"][0]) == set(file)
    assert cli_report["files"][0]["status"] == "unchanged"

    twice = atlas.client.post("/api/sources", headers=atlas.auth("admin"),
                              files={"file": ("again.yaml", data, "application/yaml")})
    assert twice.status_code == 200 and twice.json()["files"][0]["status"] == "unchanged"
    assert twice.json()["files"][0]["source"] == file["source"]


def test_api_upload_generic_type_is_judged_by_its_extension(atlas: Atlas) -> None:
    ok = atlas.client.post("/api/sources", headers=atlas.auth("editor"),
                           files={"file": ("guess.yml", _dataset("guess", "Ley adivinada"), "application/octet-stream")})
    assert ok.status_code == 201, ok.text
    refused = atlas.client.post("/api/sources", headers=atlas.auth("editor"),
                                files={"file": ("guess.exe", b"MZ\x90\x00", "application/octet-stream")})
    assert_problem(refused, 415, "unsupported-media-type")


@pytest.mark.parametrize("content_type", ["image/png", "application/zip", "video/mp4"])
def test_api_upload_refuses_other_content_types(atlas: Atlas, content_type: str) -> None:
    response = atlas.client.post("/api/sources", headers=atlas.auth("editor"),
                                 files={"file": ("x.bin", b"\x89PNG\r\n", content_type)})
    body = assert_problem(response, 415, "unsupported-media-type")
    assert content_type in str(body["detail"])


@pytest.mark.parametrize("size", [UPLOAD_LIMIT + 1, UPLOAD_LIMIT * 3])
def test_api_upload_over_the_limit_is_413(atlas: Atlas, size: int) -> None:
    before = atlas.client.get("/api/sources").json()["total"]
    response = atlas.client.post("/api/sources", headers=atlas.auth("editor"),
                                 files={"file": ("big.txt", b"a" * size, "text/plain")})
    body = assert_problem(response, 413, "payload-too-large")
    assert body["limit"] == UPLOAD_LIMIT
    assert atlas.client.get("/api/sources").json()["total"] == before


def test_api_body_sent_without_length_is_cut_at_the_limit(atlas: Atlas) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: the body is counted as it arrives
        for _ in range(4):
            yield b" " * UPLOAD_LIMIT

    response = atlas.client.post("/api/suggestions", content=chunks(), headers={"Content-Type": "application/json"})
    assert_problem(response, 413, "payload-too-large")


def test_api_multipart_upload_without_length_over_the_limit_is_413(atlas: Atlas) -> None:
    boundary = "policyatlasboundary"

    def chunks() -> Iterator[bytes]:  # a chunked multipart upload: the form parser reads it as it arrives
        yield (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n"
               "Content-Type: text/plain\r\n\r\n").encode()
        for _ in range(4):
            yield b"x" * UPLOAD_LIMIT
        yield f"\r\n--{boundary}--\r\n".encode()

    response = atlas.client.post("/api/sources", content=chunks(), headers={
        **atlas.auth("editor"), "Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert_problem(response, 413, "payload-too-large")


def test_api_upload_of_a_broken_document_reports_the_error(atlas: Atlas) -> None:
    broken = b"format: policyatlas-dataset\nversion: 1\ntitle: [unclosed\n"
    response = atlas.client.post("/api/sources", headers=atlas.auth("editor"),
                                 files={"file": ("broken.yaml", broken, "application/yaml")})
    body = assert_problem(response, 422, "ingest-failed")
    report: Any = body["report"]
    assert (report["imported"], report["errors"]) == (0, 1) and report["files"][0]["path"] == "broken.yaml"
    assert str(body["detail"]).startswith("broken.yaml:") and "policyatlas-upload" not in response.text
    unknown = atlas.client.post("/api/sources", headers=atlas.auth("editor"), data={"format": "no-such-format"},
                                files={"file": ("x.txt", b"hello", "text/plain")})
    assert_problem(unknown, 422, "ingest-failed")


def test_api_upload_needs_a_file(atlas: Atlas) -> None:
    assert_problem(atlas.client.post("/api/sources", headers=atlas.auth("editor"), data={"format": "x"}), 422,
                   "validation-error")


# --- frameworks and assessments -------------------------------------------------------------------------------

FRAMEWORK = """\
format: policyatlas-framework
id: api-mini
name: A fictional framework
version: "1"
pillars:
  - {id: legal, name: Legal}
indicators:
  - id: legal.cybercrime
    pillar: legal
    name: Cybercrime law
    evidence:
      kinds: [law]
      keywords: [cybercrime, delitos informaticos]
"""


def test_api_add_framework_then_assess_with_it(atlas: Atlas) -> None:
    response = atlas.client.post("/api/frameworks", headers=atlas.auth("editor"),
                                 files={"file": ("mini.yaml", FRAMEWORK.encode(), "application/yaml")})
    assert response.status_code == 201, response.text
    added = response.json()
    assert (added["id"], added["origin"], added["file"], added["replaced"]) == ("api-mini", "user", "mini.yaml", False)
    listed = {f["id"]: f for f in atlas.client.get("/api/frameworks").json()["data"]}
    assert listed["api-mini"]["file"] == "mini.yaml"
    assessed = atlas.client.get("/api/assess/MX", params={"framework": "api-mini"}).json()
    assert assessed["framework"]["id"] == "api-mini" and assessed["assessment"] is None

    stored = atlas.client.post("/api/assess/MX", params={"framework": "api-mini"}, headers=atlas.auth("editor"))
    assert stored.status_code == 201 and isinstance(stored.json()["assessment"], int)
    runs = atlas.client.get("/api/assessments", params={"framework": "api-mini"}).json()
    assert runs["total"] == 1 and runs["data"][0]["id"] == stored.json()["assessment"]


def test_api_add_invalid_framework_names_file_and_line(atlas: Atlas) -> None:
    text = FRAMEWORK.replace("pillar: legal\n", "pillar: nowhere\n")
    response = atlas.client.post("/api/frameworks", headers=atlas.auth("editor"),
                                 files={"file": ("bad.yaml", text.encode(), "application/yaml")})
    body = assert_problem(response, 422, "parse-error")
    assert str(body["detail"]).startswith("bad.yaml:") and body["line"] == 9
    refused = atlas.client.post("/api/frameworks", headers=atlas.auth("editor"),
                                files={"file": ("f.pdf", b"%PDF-1.4", "application/pdf")})
    assert_problem(refused, 415, "unsupported-media-type")


# --- entities: merges and the review queue --------------------------------------------------------------------

def test_api_merge_entities(atlas: Atlas) -> None:
    orgs = [o["id"] for o in atlas.client.get("/api/orgs", params={"country": "MX"}).json()["data"]
            if o["kind"] == "organization"]
    source, target = orgs[0], orgs[1]
    merged = atlas.client.post(f"/api/entities/{source}/merge", json={"into": target}, headers=atlas.auth("editor"))
    assert merged.status_code == 200, merged.text
    assert merged.json()["id"] == target
    assert atlas.client.get(f"/api/entities/{source}").json()["id"] == target  # the merged id leads to the survivor

    person = atlas.client.get("/api/people", params={"country": "MX"}).json()["data"][0]["id"]
    assert_problem(atlas.client.post(f"/api/entities/{person}/merge", json={"into": target},
                                     headers=atlas.auth("editor")), 409, "conflict")  # a person into an organisation
    assert_problem(atlas.client.post("/api/entities/mx/organization/nobody/merge", json={"into": target},
                                     headers=atlas.auth("editor")), 404, "not-found")
    assert_problem(atlas.client.post(f"/api/entities/{person}/merge", json={"onto": target},
                                     headers=atlas.auth("editor")), 422, "validation-error")


def test_api_split_entity(atlas: Atlas) -> None:
    laws = atlas.client.get("/api/records", params={"country": "MX", "kind": "law", "limit": 200}).json()["data"]
    by_entity: dict[str, list[str]] = {}
    for law in laws:
        by_entity.setdefault(law["entity"], []).append(law["id"])
    entity, records = next((e, r) for e, r in by_entity.items() if len(r) >= 2)
    split = atlas.client.post(f"/api/entities/{entity}/split", json={"records": records[:1]},
                              headers=atlas.auth("editor"))
    assert split.status_code == 200, split.text
    new = split.json()["id"]
    assert new != entity
    assert [r["id"] for r in atlas.client.get(f"/api/entities/{new}").json()["records"]
            if r["role"] == "subject"] == records[:1]
    assert records[0] not in [r["id"] for r in atlas.client.get(f"/api/entities/{entity}").json()["records"]]
    assert_problem(atlas.client.post(f"/api/entities/{entity}/split", json={"records": ["nope"]},
                                     headers=atlas.auth("editor")), 422, "config-error")
    assert atlas.client.post(f"/api/entities/{entity}/split", json={"records": records[1:2]}).status_code == 401


def test_api_review_decisions(atlas: Atlas) -> None:
    pending = atlas.client.get("/api/reviews").json()["data"]
    assert pending, "the seeds leave pairs to review"
    item = pending[0]["id"]
    decided = atlas.client.post(f"/api/reviews/{item}", json={"decision": "reject"}, headers=atlas.auth("editor"))
    assert decided.json() == {"id": item, "status": "rejected"}
    assert item not in {r["id"] for r in atlas.client.get("/api/reviews").json()["data"]}
    assert_problem(atlas.client.post(f"/api/reviews/{item}", json={"decision": "merge"}, headers=atlas.auth("editor")),
                   409, "conflict")  # decided already
    assert_problem(atlas.client.post("/api/reviews/99999", json={"decision": "merge"}, headers=atlas.auth("editor")),
                   404, "not-found")
    assert_problem(atlas.client.post(f"/api/reviews/{item}", json={"decision": "maybe"}, headers=atlas.auth("editor")),
                   422, "validation-error")


# --- suggestions ----------------------------------------------------------------------------------------------

def test_api_suggestion_flow_anonymous_then_editor_accepts(atlas: Atlas) -> None:
    record = _record(atlas, "MX", "strategy")
    path = f"/api/records/{record['id']}"
    before, listing = atlas.client.get(path), atlas.client.get("/api/records?country=MX")
    change = {"status": "in_force"} if record["status"] != "in_force" else {"status": "exists"}

    posted = atlas.client.post("/api/suggestions", json={
        "kind": "correction", "record": record["id"], "changes": change, "comment": "See the official gazette.",
        "submitter": "visitor"})
    assert posted.status_code == 202, posted.text
    suggestion = posted.json()
    assert suggestion["status"] == "pending" and suggestion["record"] == record["id"]

    after = atlas.client.get(path)  # nothing public changes before an editor accepts
    assert after.json() == before.json() and after.headers["ETag"] == before.headers["ETag"]
    assert atlas.client.get("/api/records?country=MX").headers["ETag"] == listing.headers["ETag"]

    queue = atlas.client.get("/api/suggestions", headers=atlas.auth("editor")).json()
    mine = next(s for s in queue["data"] if s["id"] == suggestion["id"])
    assert mine["submitter"] == "visitor" and mine["payload"]["changes"] == change

    accepted = atlas.client.post(f"/api/suggestions/{suggestion['id']}", json={"decision": "accept", "note": "ok"},
                                 headers=atlas.auth("editor"))
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert accepted.json()["decided_by"] == "eddie"
    now = atlas.client.get(path).json()
    assert now["status"] == change["status"]
    assert now["revision"]["author"] == "eddie (suggested by visitor)"
    history = atlas.client.get(f"{path}/revisions").json()["data"]
    assert history[-1]["comment"] == "See the official gazette."
    assert_problem(atlas.client.post(f"/api/suggestions/{suggestion['id']}", json={"decision": "reject"},
                                     headers=atlas.auth("editor")), 409, "conflict")  # decided already
    assert suggestion["id"] not in {s["id"] for s in atlas.client.get(
        "/api/suggestions", headers=atlas.auth("editor")).json()["data"]}


def test_api_document_suggestion_rejected(atlas: Atlas) -> None:
    posted = atlas.client.post("/api/suggestions", json={"kind": "document", "url": "https://example.org/plan.pdf",
                                                          "title": "A fictional plan", "country": "MX"})
    assert posted.status_code == 202
    number = posted.json()["id"]
    sources = atlas.client.get("/api/sources").json()["total"]
    rejected = atlas.client.post(f"/api/suggestions/{number}", json={"decision": "reject", "note": "not official"},
                                 headers=atlas.auth("editor")).json()
    assert (rejected["status"], rejected["note"], rejected["submitter"]) == ("rejected", "not official", "anonymous")
    every = atlas.client.get("/api/suggestions", params={"status": "all"}, headers=atlas.auth("editor")).json()
    assert number in {s["id"] for s in every["data"]}
    assert atlas.client.get("/api/sources").json()["total"] == sources


@pytest.mark.parametrize(("body", "status", "code"), [
    ({"kind": "correction", "changes": {"status": "absent"}}, 422, "validation-error"),
    ({"kind": "document"}, 422, "validation-error"),
    ({"kind": "praise", "comment": "nice"}, 422, "validation-error"),
    ({"kind": "document", "url": "https://example.org", "colour": "red"}, 422, "validation-error"),
    ({"kind": "correction", "record": "0000000000000000", "changes": {"status": "absent"}}, 404, "not-found"),
])
def test_api_invalid_suggestions_are_refused(atlas: Atlas, body: dict[str, Any], status: int, code: str) -> None:
    assert_problem(atlas.client.post("/api/suggestions", json=body), status, code)


def test_api_suggestion_of_a_bad_correction_is_refused(atlas: Atlas) -> None:
    record = _record(atlas, "GB", "law")
    body = {"kind": "correction", "record": record["id"], "changes": {"date": {"value": 2005}}}
    assert_problem(atlas.client.post("/api/suggestions", json=body), 422, "config-error")
    assert_problem(atlas.client.post("/api/suggestions/99999", json={"decision": "accept"},
                                     headers=atlas.auth("editor")), 404, "not-found")


@pytest.mark.parametrize("body", [{"actors": "nope"}, {"actors": [{"name": "x"}]}, {"points": [1, {"a": 2}]},
                                  {"links": [{"label": "a"}]}, {"description": 5}, {"title_en": ["x"]}])
def test_api_patch_record_rejects_malformed_fields(atlas: Atlas, body: dict[str, Any]) -> None:
    record = _record(atlas, "MX", "law", 2)
    current = atlas.client.get(f"/api/records/{record['id']}")
    response = atlas.client.patch(f"/api/records/{record['id']}", json=body,
                                  headers={**atlas.auth("editor"), "If-Match": current.headers["ETag"]})
    assert_problem(response, 422, "config-error")


def test_api_corrected_title_is_found_by_search(atlas: Atlas) -> None:
    record = _record(atlas, "MX", "law", 1)
    current = atlas.client.get(f"/api/records/{record['id']}")
    patched = atlas.client.patch(f"/api/records/{record['id']}", json={"title": "Ley Zorblax de Prueba"},
                                 headers={**atlas.auth("editor"), "If-Match": current.headers["ETag"]})
    assert patched.status_code == 200, patched.text
    found = atlas.client.get("/api/search", params={"q": "Zorblax"}).json()
    assert [r["record"] for r in found["data"]] == [record["id"]]

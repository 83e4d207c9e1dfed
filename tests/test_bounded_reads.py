"""Bounded reads: no read but the source view touches a document's text, lists page and count in SQL, and
the statements a read issues do not grow with the versions or records stored (SQLite and PostgreSQL)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event

from policyatlas.store.db import make_engine
from policyatlas.store.ingest import ingest_paths
from policyatlas.views import entities, graph, history, incidents, initiatives, profile, records, search, sources
from policyatlas.views.assessment import assess_country
from policyatlas.views.compare import compare_countries
from policyatlas.views.timeline import get_timeline
from tests.conftest import fresh_database_url
from tests.test_api_support import BACKENDS
from tests.test_history import V1, V2

#: A document of the dataset format whose text is long (what a list of records must never carry).
BIG_TEXT = "\n".join(f"# filler line {i} " + "x" * 200 for i in range(2000))


def _version(text: str, updated: str) -> str:
    return text.replace("Last Updated: May 2020", f"Last Updated: {updated}")


def _dataset(records: int) -> str:
    items = "\n".join(
        f"- kind: incident\n  country: UY\n  section: Incidents\n  title: Incident {i} at a fictional agency\n"
        f"  date: '2021-0{1 + i % 9}'\n  attributes: {{sector: Public, year: 2021, actions: [hacking]}}\n"
        f"  source: fictional" for i in range(records))
    return ("format: policyatlas-dataset\nversion: 1\nid: test/bounded\ntitle: Fictional incidents\nas_of: '2021'\n"
            "sources:\n- id: fictional\n  title: A table made up for the tests\nrecords:\n" + items + "\n" + BIG_TEXT + "\n")


@pytest.fixture(scope="module", params=BACKENDS)
def atlas(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """Two versions of a fictional profile of Uruguay and a long dataset of incidents about it (one atlas for
    the module's reads: they write nothing)."""
    folder = tmp_path_factory.mktemp("bounded")
    engine = make_engine(fresh_database_url(str(request.param), folder))
    (folder / "uy-2020.md").write_text(V1, encoding="utf-8")
    (folder / "uy-2022.md").write_text(V2, encoding="utf-8")
    (folder / "incidents.yaml").write_text(_dataset(40), encoding="utf-8")
    assert ingest_paths(engine, [folder / "uy-2020.md", folder / "uy-2022.md", folder / "incidents.yaml"]).ok
    yield engine
    engine.dispose()


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements run on ``engine`` inside the block."""
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def _touches_text(statement: str) -> bool:
    return bool(re.search(r"\bsource_texts\b", statement))


READS: dict[str, Callable[[Engine], Any]] = {
    "records page": lambda e: records.list_records(e, country="UY", limit=10),
    "records with history": lambda e: records.list_records(e, country="UY", history=True, limit=10, offset=5),
    "profile": lambda e: profile.get_profile(e, "UY"),
    "profile as of": lambda e: profile.get_profile(e, "UY", as_of="2021-01-01"),
    "history": lambda e: history.get_history(e, "UY"),
    "diff": lambda e: history.get_diff(e, "UY", date_from="2021", date_to="2023"),
    "timeline": lambda e: get_timeline(e, countries=["UY"]),
    "compare": lambda e: compare_countries(e, ["UY"]),
    "search": lambda e: search.search(e, "prueba OR incident"),
    "sources page": lambda e: sources.list_sources(e, limit=2),
    "entity": lambda e: entities.get_entity(e, "uy/cert/cert-uy"),
    "people": lambda e: entities.list_people(e, limit=5),
    "orgs": lambda e: entities.list_orgs(e, limit=5),
    "incidents": lambda e: incidents.incident_stats(e, by="sector"),
    "graph": lambda e: graph.get_graph(e, country="UY"),
    "events": lambda e: initiatives.list_events(e, limit=5),
    "assessment": lambda e: assess_country(e, "UY", "gci"),
    "profile in force at": lambda e: profile.get_profile(e, "UY", in_force_at="2015"),
    "profile in force and known at": lambda e: profile.get_profile(e, "UY", in_force_at="2015", known_at="2021"),
    "history dated": lambda e: history.get_history(e, "UY", in_force_at="2015", known_at="2021"),
    "timeline dated": lambda e: get_timeline(e, countries=["UY"], in_force_at="2015", known_at="2021"),
    "compare dated": lambda e: compare_countries(e, ["UY"], in_force_at="2015", known_at="2021"),
    "assessment dated": lambda e: assess_country(e, "UY", "gci", in_force_at="2015", known_at="2021"),
}


@pytest.mark.parametrize("name", list(READS))
def test_reads_never_select_document_text(atlas: Engine, name: str) -> None:
    with statements(atlas) as seen:
        READS[name](atlas)
    assert seen and not [s for s in seen if _touches_text(s)], name


def test_only_the_source_view_reads_the_text(atlas: Engine) -> None:
    dataset = next(s for s in sources.list_sources(atlas).data if s.format == "atlas-dataset")
    with statements(atlas) as seen:
        detail = sources.get_source(atlas, dataset.id, with_text=True, with_spans=True)
    assert detail.text is not None and "filler line 1999" in detail.text
    assert sum(_touches_text(s) for s in seen) == 1
    with statements(atlas) as seen:
        sources.get_source(atlas, dataset.id, with_spans=True)
    assert not [s for s in seen if _touches_text(s)]


FLAT = ("records page", "records with history", "profile", "profile as of", "diff", "search", "incidents", "graph",
        "compare", "sources page", "events", "profile in force at", "profile in force and known at", "compare dated",
        "timeline dated")


def test_read_statements_do_not_grow_with_versions_or_records(engine: Engine, tmp_path: Path) -> None:
    """The same reads on 2 versions and 40 incidents, then on 8 versions and 400 incidents: as many statements."""
    counts: dict[str, list[int]] = {name: [] for name in FLAT}
    for versions, incidents_count in ((2, 40), (8, 400)):
        folder = tmp_path / f"v{versions}"
        folder.mkdir()
        paths = []
        for year in range(2015, 2015 + versions):
            path = folder / f"uy-{year}.md"
            path.write_text(_version(V2 if year % 2 else V1, f"June {year}"), encoding="utf-8")
            paths.append(path)
        (folder / "incidents.yaml").write_text(_dataset(incidents_count).replace("test/bounded", f"test/{versions}"),
                                              encoding="utf-8")
        assert ingest_paths(engine, [*paths, folder / "incidents.yaml"]).ok
        for name in FLAT:
            with statements(engine) as seen:
                READS[name](engine)
            counts[name].append(len(seen))
    assert {name: c for name, c in counts.items() if c[0] != c[1]} == {}


def test_records_pages_are_counted_and_sliced_by_the_database(atlas: Engine) -> None:
    everything = records.list_records(atlas, country="UY", history=True)
    ids = [r.id for r in everything.data]
    pages = [records.list_records(atlas, country="UY", history=True, limit=7, offset=start)
             for start in range(0, len(ids), 7)]
    assert [r.id for page in pages for r in page.data] == ids
    assert {page.total for page in pages} == {len(ids)} and len(ids) > 40
    with statements(atlas) as seen:
        records.list_records(atlas, country="UY", history=True, limit=7, offset=14)
    listing = [s for s in seen if "FROM records" in s and "count(" not in s.lower()]
    assert listing and all(re.search(r"\bLIMIT\b", s) for s in listing[:1])


def test_profile_as_of_is_chosen_by_the_database(atlas: Engine) -> None:
    """The as-of statement picks one version per lineage (a window over the lineage), not every version."""
    with statements(atlas) as seen:
        then = profile.get_profile(atlas, "UY", as_of="2021-01-01")
    assert any("row_number()" in s.lower() and "partition by" in s.lower() for s in seen)
    assert {s.date.value for s in then.sources if s.date} == {"2020-05"}


def test_in_force_at_is_a_condition_the_database_evaluates(atlas: Engine) -> None:
    """The facts' dates are filtered in SQL on their stored columns, beside the window choosing the versions."""
    with statements(atlas) as seen:
        profile.get_profile(atlas, "UY", in_force_at="2015", known_at="2021")
    dated = [s for s in seen if re.search(r"substr\(records\.fact_from\b", s, re.IGNORECASE)
             and re.search(r"substr\(records\.fact_until\b", s, re.IGNORECASE)]
    assert dated and any("row_number()" in s.lower() for s in dated)


def test_every_api_list_is_paged(atlas: Engine) -> None:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from policyatlas.api.main import install_api

    app = FastAPI()
    install_api(app, atlas)
    client = TestClient(app)
    for path in ("/api/records?country=UY", "/api/sources", "/api/entities", "/api/people", "/api/orgs",
                 "/api/events", "/api/initiatives", "/api/countries", "/api/reviews?status=all",
                 "/api/assessments", "/api/indices", "/api/timeline"):
        first = client.get(path, params={"limit": 2})
        assert first.status_code == 200, path
        page = first.json()
        assert len(page["data"]) <= 2 and page["total"] >= len(page["data"]) and page["limit"] == 2, path
        assert first.headers["X-Total-Count"] == str(page["total"])


def test_openapi_declares_the_typed_answers(atlas: Engine) -> None:
    """The API's schema names each answer's model: a record's shape is defined once (RecordOut)."""
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from policyatlas.api.main import install_api

    app = FastAPI()
    install_api(app, atlas)
    document = TestClient(app).get("/openapi.json").json()
    components = document["components"]["schemas"]

    def answer(path: str) -> dict[str, Any]:
        schema = document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        return dict(components[schema["$ref"].rsplit("/", 1)[-1]])

    page = answer("/api/records")
    assert set(page["properties"]) == {"data", "total", "limit", "offset"}
    record = components[page["properties"]["data"]["items"]["$ref"].rsplit("/", 1)[-1]]
    assert {"id", "entity", "kind", "title", "dates", "provenance", "current", "revision"} <= set(record["properties"])
    for path, fields in (("/api/countries/{code}/profile", {"country", "sections", "sources", "indices"}),
                         ("/api/search", {"data", "total", "facets", "query"}),
                         ("/api/sources/{source_id}", {"id", "sha256", "text", "spans"}),
                         ("/api/history/{code}", {"country", "changes"}),
                         ("/api/entities/{entity_id}", {"id", "records", "sources"}),
                         ("/api/incidents", {"by", "sample_size", "counts"})):
        assert fields <= set(answer(path)["properties"]), path

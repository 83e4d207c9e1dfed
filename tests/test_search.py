"""Search: accents, stemming, prefixes, phrases, facets, filters, snippets, bad queries, history (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from policyatlas.errors import ConfigError
from policyatlas.store.db import session_scope
from policyatlas.store.ingest import ingest_paths
from policyatlas.store.search import MARK_END, MARK_START, ParsedQuery, SearchQueryError, parse_query, rebuild_index
from policyatlas.views.search import search
from tests.conftest import CliRun, need_shared

LAW = "Ley Federal de Protección de Datos Personales en Posesión de los Particulares"
RENAMED = "Ley Federal de Resguardo de Información Personal (Law on Safeguarding Personal Information)"
FILLER = ("The Government will coordinate public institutions, the private sector and academia to strengthen "
          "resilience, protect critical information infrastructure and raise awareness among citizens. ")


def strategy_text() -> str:
    """A fictional national strategy: its late paragraphs are beyond every section's excerpt."""
    return "\n".join([
        "NATIONAL CYBERSECURITY STRATEGY OF CHILE 2030", "",
        "Approved by the Government of Chile on 14 March 2024.", "",
        "1. INTRODUCTION", "", FILLER * 6, "",
        "2. GOVERNANCE", "", FILLER * 8,
        "The federal government will train the police in the handling of digital evidence. ", FILLER * 4, "",
        "3. INTERNATIONAL COOPERATION", "", FILLER * 10,
        "A national exercise codenamed Quillwater will test the response plans every two years.", "",
    ])


@pytest.fixture
def strategy_file(tmp_path: Path) -> Path:
    path = tmp_path / "chile-strategy.txt"
    path.write_text(strategy_text(), encoding="utf-8")
    return path


@pytest.fixture
def atlas(engine: Engine, seed_profile: Path, strategy_file: Path) -> Engine:
    """The seed profile of Mexico and a fictional strategy of Chile, ingested (format detected)."""
    report = ingest_paths(engine, [seed_profile, strategy_file])
    assert [f.format for f in report.files] == ["country-profile", "strategy-document"], report.to_json()
    return engine


def _find(engine: Engine, query: str, **options: Any) -> dict[str, Any]:
    page = search(engine, query, limit=1000, **options).to_json()
    return {**page, "results": page["data"]}


def _titles(engine: Engine, query: str, **options: Any) -> list[str]:
    return [hit["title"] for hit in _find(engine, query, **options)["results"]]


@pytest.mark.parametrize("query", ["proteccion", "PROTECCIÓN", "Protección", "protección datos", "Proteccion Datos"])
def test_search_ignores_accents_and_case(atlas: Engine, query: str) -> None:
    laws = _titles(atlas, query, kind="law")
    assert laws == [LAW]


@pytest.mark.parametrize("query", ["cybersecurity strategies", "Cybersecurity Strategy", "ciberseguridad",
                                   "CIBERSEGURIDAD", "estrategia nacional ciberseguridad"])
def test_search_stems_and_finds_national_cybersecurity_strategy(atlas: Engine, query: str) -> None:
    mexico = _titles(atlas, query, country="MX", kind="strategy")
    assert "Estrategia Nacional de Ciberseguridad" in mexico  # its English title: National Cybersecurity Strategy


def test_search_prefix_matches_longer_words(atlas: Engine) -> None:
    found = _titles(atlas, "telecom*", kind="agency")
    assert found == ["Instituto Federal de Telecomunicaciones"]
    assert _titles(atlas, "telecom", kind="agency") == []  # without the star the word must match whole


def test_search_phrase_needs_adjacent_words(atlas: Engine) -> None:
    apart = _find(atlas, "federal police")["results"]
    phrase = _find(atlas, '"Federal Police"')["results"]
    key = [(hit["record"], hit["source"]) for hit in phrase]
    assert set(key) < {(hit["record"], hit["source"]) for hit in apart}
    assert "CERT-MX" in [hit["title"] for hit in phrase]
    chile = [hit for hit in apart if hit["country"] == "CL"]  # "the federal government will train the police"
    assert chile and not [hit for hit in phrase if hit["country"] == "CL"]


def test_search_facets_count_every_match(atlas: Engine) -> None:
    everything = _find(atlas, "national OR government")
    results = everything["results"]
    assert everything["total"] == len(results) > 20
    for facet in ("country", "kind"):
        assert everything["facets"][facet] == dict(Counter(hit[facet] or "unknown" for hit in results))
    years = Counter((hit["date"]["value"][:4] if hit["date"] and hit["date"]["value"] else "unknown") for hit in results)
    assert everything["facets"]["year"] == dict(years)
    page = search(atlas, "national OR government", limit=3).to_json()
    page["results"] = page["data"]
    assert len(page["results"]) == 3 and page["total"] == everything["total"]
    assert page["facets"] == everything["facets"]
    assert _find(atlas, "national OR government", country="MX")["total"] == everything["facets"]["country"]["MX"]
    assert _find(atlas, "national OR government", kind="law")["total"] == everything["facets"]["kind"]["law"]


def test_search_pages_do_not_overlap(atlas: Engine) -> None:
    first = search(atlas, "national", limit=5).to_json()["data"]
    second = search(atlas, "national", limit=5, offset=5).to_json()["data"]
    both = [(h["record"], h["source"]) for h in first + second]
    assert len(set(both)) == 10
    assert both == [(h["record"], h["source"]) for h in _find(atlas, "national")["results"][:10]]


def test_search_filters_by_country_and_kind(atlas: Engine) -> None:
    chile = _find(atlas, "government", country="Chile")["results"]
    assert chile and {hit["country"] for hit in chile} == {"CL"}
    laws = _find(atlas, "ley OR law", kind="law")["results"]
    assert laws and {hit["kind"] for hit in laws} == {"law"}
    documents = _find(atlas, "cybersecurity", kind="document")["results"]
    assert {(hit["country"], hit["record"]) for hit in documents} == {("MX", None), ("CL", None)}


@pytest.mark.parametrize(("date_from", "date_to", "expected"), [
    ("2017-11", "2017-11", {"Estrategia Nacional de Ciberseguridad"}),
    ("2017-11-14", "2017", set()),
    ("2021", None, {"Foro Iberoamericano de Ciberdefensa", "NATIONAL CYBERSECURITY STRATEGY OF CHILE 2030"}),
    (None, "2015", {"CERT-MX", "Represented at the Group of Governmental Experts on Developments in the Field of "
                    "Information and Telecommunications in the Context of International Security"}),
])
def test_search_filters_by_date(atlas: Engine, date_from: str | None, date_to: str | None, expected: set[str]) -> None:
    query = "ciberseguridad OR ciberdefensa OR cybersecurity OR governmental"
    found = _find(atlas, query, date_from=date_from, date_to=date_to)["results"]
    assert {hit["title"] for hit in found if hit["record"]} == expected
    for hit in found:
        value = hit["date"]["value"]
        assert (date_from or "")[:len(value)] <= value and value[:len(date_to or "9999")] <= (date_to or "9999")


def test_search_year_precision_overlaps_a_finer_bound(atlas: Engine) -> None:
    found = _titles(atlas, "governmental experts", date_from="2004-05", date_to="2004-05")
    assert found == ["Represented at the Group of Governmental Experts on Developments in the Field of Information "
                     "and Telecommunications in the Context of International Security"]  # dated "2004"


@pytest.mark.parametrize(("date_from", "date_to"), [("yesterday", None), (None, "2021-13"), ("2022", "2021")])
def test_search_bad_dates_are_config_errors(atlas: Engine, date_from: str | None, date_to: str | None) -> None:
    with pytest.raises(ConfigError):
        search(atlas, "mexico", date_from=date_from, date_to=date_to)


def test_search_snippets_mark_the_matches(atlas: Engine) -> None:
    results = _find(atlas, "proteccion")["results"]
    assert results and all(MARK_START in hit["snippet"] and MARK_END in hit["snippet"] for hit in results)
    marked = results[0]["snippet"].split(MARK_START, 1)[1].split(MARK_END, 1)[0]
    assert marked.lower() in {"protección", "protection"}
    assert all(isinstance(hit["score"], float) for hit in results)
    assert [hit["score"] for hit in results] == sorted((hit["score"] for hit in results), reverse=True)


def test_search_finds_words_deep_in_a_document(atlas: Engine) -> None:
    found = _find(atlas, "quillwater")
    assert found["total"] == 1
    hit = found["results"][0]
    assert (hit["record"], hit["kind"], hit["country"]) == (None, "document", "CL")
    assert hit["title"] == "NATIONAL CYBERSECURITY STRATEGY OF CHILE 2030"
    assert f"{MARK_START}Quillwater{MARK_END}" in hit["snippet"]
    assert hit["date"] == {"value": "2024-03-14", "precision": "day", "end": None}
    assert hit["provenance"]["format"] == "strategy-document" and hit["provenance"]["file"] == "chile-strategy.txt"


@pytest.mark.parametrize("query", ['"unbalanced', 'federal "police', "-", "OR", "police OR", "OR police", "-police",
                                   "NOT", '""', "* - ( )", "police OR -federal", "x " * 40])
def test_search_bad_query_raises_search_query_error(atlas: Engine, query: str) -> None:
    with pytest.raises(SearchQueryError) as caught:
        search(atlas, query)
    assert caught.value.code == "bad-query" and "\n" not in str(caught.value)


@pytest.mark.parametrize("query", ["title:police", "NEAR(police federal)", "police^2", "'police'", "police)",
                                   "(police", "col : x", "a AND b", "Police AND NOT guard", "police + {federal}"])
def test_search_user_text_never_reaches_fts_raw(atlas: Engine, query: str) -> None:
    result = search(atlas, query)
    assert result["total"] >= 0


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list('ab "-*():^+{}~,.\'OR NOT AND áé_²\u0301')), max_size=30))
def test_search_any_text_gives_results_or_a_bad_query_error(atlas: Engine, query: str) -> None:
    try:
        result = search(atlas, query, limit=3)
    except SearchQueryError as exc:
        assert exc.code == "bad-query" and "\n" not in str(exc)
    else:
        assert result.total >= len(result.data)


def test_search_database_refusing_the_expression_is_a_bad_query(atlas: Engine,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ParsedQuery, "fts5", lambda self: "AND AND (")
    monkeypatch.setattr(ParsedQuery, "tsquery", lambda self: ("to_tsquery('atlas', :q0)",) * 2 + ({"q0": "& & ("},))
    with pytest.raises(SearchQueryError, match="cannot be searched"):
        search(atlas, "police")


@pytest.mark.parametrize(("query", "expression"), [
    ("police", '"police"'),
    ('"Federal Police" cert*', '"Federal Police" AND "cert" *'),
    ("ley OR law -penal", '("ley" OR "law") NOT "penal"'),
    ("a b -c", '("a" AND "b") NOT "c"'),
    ('say "he said ""x"""', '"say" AND "he said" AND "x"'),
    ("CERT-MX NOT guard", '"CERT-MX" NOT "guard"'),
])
def test_parse_query_builds_quoted_fts5_expressions(query: str, expression: str) -> None:
    assert parse_query(query).fts5() == expression


def test_search_reingest_same_bytes_adds_no_hits(atlas: Engine, seed_profile: Path) -> None:
    before = _find(atlas, "proteccion OR federal")
    assert ingest_paths(atlas, [seed_profile]).files[0].status == "unchanged"
    after = _find(atlas, "proteccion OR federal")
    assert (after["total"], after["facets"]) == (before["total"], before["facets"])


def test_search_newer_version_hides_old_hits_unless_history(atlas: Engine, seed_profile: Path,
                                                           tmp_path: Path) -> None:
    old_text = seed_profile.read_text(encoding="utf-8")
    newer = old_text.replace("Last Updated: November 2021", "Last Updated: March 2023")
    newer = newer.replace(f"{LAW} (Law on the Protection of Private Personal Data)", RENAMED)
    assert newer.count("March 2023") == 3 and RENAMED in newer
    path = tmp_path / "mexico-2023.txt"
    path.write_text(newer, encoding="utf-8")
    assert ingest_paths(atlas, [path]).files[0].status == "imported"
    assert _find(atlas, '"posesion de los particulares"')["total"] == 0
    history = _find(atlas, '"posesion de los particulares"', history=True)["results"]
    assert {(hit["kind"], hit["current"]) for hit in history} == {("law", False), ("document", False)}
    assert _titles(atlas, "resguardo", kind="law") == ["Ley Federal de Resguardo de Información Personal"]
    assert _find(atlas, "resguardo", history=True)["total"] == _find(atlas, "resguardo")["total"]


def test_search_rebuilt_index_gives_same_results(atlas: Engine) -> None:
    before = _find(atlas, "national OR proteccion")
    with session_scope(atlas) as session:
        assert rebuild_index(session) == 30 + 1 + 5 + 1  # records and document rows of both sources
    assert _find(atlas, "national OR proteccion") == before


def test_cli_search_json_and_table(cli: CliRun, seed_profile: Path, strategy_file: Path) -> None:
    assert cli("ingest", seed_profile, strategy_file).exit_code == 0
    result = cli("search", "proteccion", "--country", "MX", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"query", "total", "facets", "results"} and set(data["facets"]) == {"country", "kind", "year"}
    assert data["query"] == "proteccion" and data["total"] == len(data["results"]) >= 2
    assert {"record", "source", "kind", "country", "title", "snippet", "score", "date", "provenance"} <= set(
        data["results"][0])
    human = cli("search", "cybersecurity strategy", "--from", "2017", "--to", "2017-12", "--limit", "2")
    assert human.exit_code == 0 and "Estrategia Nacional de" in human.stdout and "country: MX" in human.stdout
    assert "<mark>" not in human.stdout


@pytest.mark.parametrize("args", [['"unbalanced'], ["-"], ["mexico", "--from", "soon"]])
def test_cli_search_bad_input_is_one_line_and_exit_1(cli: CliRun, seed_profile: Path, args: list[str]) -> None:
    assert cli("ingest", seed_profile).exit_code == 0
    result = cli("search", *args)
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:")


def test_cli_search_history_flag(cli: CliRun, seed_profile: Path, tmp_path: Path) -> None:
    newer = seed_profile.read_text(encoding="utf-8").replace("Last Updated: November 2021", "Last Updated: March 2023")
    path = tmp_path / "mexico-2023.txt"
    path.write_text(newer.replace(LAW, "Ley Federal de Resguardo"), encoding="utf-8")
    assert cli("ingest", seed_profile, path).exit_code == 0
    current = json.loads(cli("search", "particulares", "--json").stdout)
    history = json.loads(cli("search", "particulares", "--history", "--json").stdout)
    assert current["total"] == 0 and history["total"] == 2


def test_search_snippets_are_safe_html(engine: Engine, tmp_path: Path) -> None:
    """A document's own tags come back escaped; only the match markers are HTML."""
    from policyatlas.store.db import session_scope
    from policyatlas.store.ingest import ingest_paths
    from policyatlas.store.search import search as run_search

    doc = tmp_path / "evil.yaml"
    doc.write_text(
        "format: policyatlas-dataset\nversion: 1\ncountry: UY\ntitle: t\nsources: [{id: s, title: s}]\n"
        "records:\n  - {kind: law, section: Legal Framework, title: Ley Xanadu, source: s,\n"
        "     description: \"<script>alert(1)</script> Zanzibar <img src=x onerror=alert(2)>\"}\n", encoding="utf-8")
    assert ingest_paths(engine, [doc]).ok
    with session_scope(engine) as session:
        hits = run_search(session, "Zanzibar").hits
    snippets = " ".join(h.snippet for h in hits)
    assert "<mark>" in snippets
    assert "<" not in snippets.replace("<mark>", "").replace("</mark>", "")  # escaped (SQLite) or dropped (PostgreSQL)


def test_search_shows_one_entity_once_however_many_sources_state_it(engine: Engine, seed_profile: Path) -> None:
    """CERT-MX is stated by the seed profile, the ITU profile and the bundled dataset (twice there: as the
    CIRT and as the national CERT): one entity, so one hit, the best match, standing for the others; totals,
    facets and pages count it once."""
    itu = need_shared("corpus/itu-cyberwellness/Mexico.txt")
    bundled = Path(__file__).resolve().parents[1] / "data" / "curated" / "MX.yaml"
    assert ingest_paths(engine, [seed_profile, itu, bundled]).ok
    found = _find(engine, "CERT", country="MX")
    certs = [hit for hit in found["results"] if hit["kind"] == "cert"]
    assert [hit["title"] for hit in certs] == ["CERT-MX"]
    assert certs[0]["others"] >= 2  # the other sources' records of it
    assert found["total"] == len(found["results"]) == sum(found["facets"]["kind"].values())
    assert found["facets"]["kind"]["cert"] == 1
    records = [hit["record"] for hit in found["results"] if hit["record"]]
    assert len(records) == len(set(records))
    first = search(engine, "CERT", country="MX", limit=1).to_json()
    second = search(engine, "CERT", country="MX", limit=1, offset=1).to_json()
    assert first["data"][0]["title"] != second["data"][0]["title"] and first["total"] == found["total"]

"""Assessments say what they are: our checklist after a framework, its coverage, the strength of each piece of
evidence, unknown never scored, no score under the coverage threshold, and the published index value apart.
Also compare's cells, whose value reflects evidence that disagrees."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from policyatlas.config import Settings
from policyatlas.frameworks.assess import assess
from policyatlas.frameworks.loader import load_framework_text
from policyatlas.frameworks.strength import DOCUMENT_FORMATS, PROSE_FORMATS, STRENGTHS, STRUCTURED_FORMATS, rank
from policyatlas.services.frameworks import add_framework, assess_and_store
from policyatlas.sources import parsers
from policyatlas.store.ingest import ingest_paths
from policyatlas.store.migrate import upgrade
from policyatlas.views.assessment import assess_country, list_assessments
from policyatlas.views.compare import _cell, compare_countries
from policyatlas.web.app import create_app
from tests.conftest import CliRun

# Paraguay's fictional records, and what the checklist below must make of them:
#   a.cert       met      (a CERT record: structured, strong)
#   a.law        met      (a law named for personal data: strong)
#   a.awareness  partly   (the keyword only in an activity's description: weak, so partly at most)
#   a.bill       partly   (a bill in progress)
#   b.strategy   not met  (a source says there is none)
#   b.agency, b.standard, b.un  unknown (nothing about them)
# coverage 5 of 8 known; pooled score over the known only: (1 + 1 + .5 + .5 + 0) / 5 = 0.6
# pillar a: 4 of 4 known, (1 + 1 + .5 + .5) / 4 = 0.75; pillar b: 1 of 4 known, below 0.5: not scored
FRAMEWORK = """\
format: policyatlas-framework
id: honest
name: Honest test framework
version: "1"
based_on: the Fictional Cyber Index
published: {index: fci, name: Fictional Cyber Index}
scoring:
  pillar: mean
  overall: pooled
  min_coverage: 0.5
  tiers:
    - {id: high, name: High, min: 0.75}
    - {id: low, name: Low, min: 0.0}
pillars:
  - {id: a, name: Pillar A}
  - {id: b, name: Pillar B}
indicators:
  - {id: a.cert, pillar: a, name: CERT, evidence: {kinds: [cert]}}
  - {id: a.law, pillar: a, name: Data law, evidence: {kinds: [law], keywords: [datos personales]}}
  - {id: a.awareness, pillar: a, name: Awareness, evidence: {kinds: [activity], keywords: [awareness]}}
  - {id: a.bill, pillar: a, name: Cybercrime bill, evidence: {kinds: [law], keywords: [cybercrime]}}
  - {id: b.strategy, pillar: b, name: Strategy, evidence: {kinds: [strategy]}}
  - {id: b.agency, pillar: b, name: Agency, evidence: {kinds: [agency]}}
  - {id: b.standard, pillar: b, name: Standards, evidence: {kinds: [standard]}}
  - {id: b.un, pillar: b, name: UN processes, evidence: {kinds: [un_process]}}
"""

RECORDS: list[dict[str, Any]] = [
    {"kind": "cert", "title": "CSIRT Ficticio del Paraguay", "status": "exists"},
    {"kind": "law", "title": "Ley de Protección de Datos Personales", "status": "in_force"},
    {"kind": "activity", "title": "Semana Nacional", "description": "A week of public awareness events.",
     "status": "exists"},
    {"kind": "law", "title": "Proyecto de ley sobre cybercrime", "status": "in_progress"},
    {"kind": "strategy", "title": "Estrategia Nacional de Ciberseguridad", "status": "absent"},
    {"kind": "index_value", "title": "Fictional Cyber Index 2020", "source": "fci", "date": "2020",
     "attributes": {"index": "fci", "index_name": "Fictional Cyber Index", "edition": 2020, "value": 60.1,
                    "scale": "0-100"}},
    {"kind": "index_value", "title": "Fictional Cyber Index 2022", "source": "fci", "date": "2022",
     "attributes": {"index": "fci", "index_name": "Fictional Cyber Index", "edition": 2022, "value": 71.5,
                    "scale": "0-100"}},
]


def _dataset(path: Path, as_of: str, records: list[dict[str, Any]], title: str = "Fictional dataset") -> Path:
    data = {
        "format": "policyatlas-dataset", "version": 1, "id": title.lower().replace(" ", "-"), "country": "PY",
        "title": title, "as_of": as_of,
        "sources": [{"id": "s", "title": f"{title}: its source"},
                    {"id": "fci", "title": "Fictional Cyber Index", "publisher": "Fictional Index Office"}],
        "records": [{"section": "Test", "source": "s"} | r for r in records],
    }
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _framework(tmp_path: Path, engine: Engine, text: str = FRAMEWORK) -> None:
    path = tmp_path / f"fw-{abs(hash(text))}.yaml"
    path.write_text(text, encoding="utf-8")
    add_framework(engine, path)


@pytest.fixture
def built(engine: Engine, tmp_path: Path) -> Engine:
    upgrade(engine)
    _framework(tmp_path, engine)
    assert ingest_paths(engine, [_dataset(tmp_path / "PY.yaml", "2023-03", RECORDS)]).ok
    return engine


def _items(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {i["id"]: i for p in result["pillars"] for i in p["indicators"]}


def test_outcomes_coverage_and_score_over_known_indicators(built: Engine) -> None:
    result = assess_country(built, "PY", "honest")
    items = _items(result)
    assert {k: i["status"] for k, i in items.items()} == {
        "a.cert": "met", "a.law": "met", "a.awareness": "partly", "a.bill": "partly", "b.strategy": "not_met",
        "b.agency": "unknown", "b.standard": "unknown", "b.un": "unknown"}
    assert result["coverage"] == {"met": 2, "partly": 2, "not_met": 1, "unknown": 3, "known": 5, "total": 8,
                                  "ratio": 0.625, "threshold": 0.5, "sufficient": True}
    assert result["score"] == pytest.approx(0.6) and result["score_reason"] is None  # 3/8 if unknown were 0
    pillars = {p["id"]: p for p in result["pillars"]}
    assert pillars["a"]["score"] == pytest.approx(0.75) and pillars["a"]["tier"]["id"] == "high"
    assert pillars["b"]["score"] is None and pillars["b"]["tier"] is None
    assert pillars["b"]["score_reason"] == "not scored: 1 of 4 indicators known (25%), below the framework's " \
                                           "threshold of 50%"
    # our checklist, labelled so, after its framework
    assert result["framework"]["label"] == "Honest test framework (PolicyAtlas checklist)"
    assert "not an official index value" in result["framework"]["statement"]


def test_keyword_only_in_a_description_is_weak_and_makes_partly_at_most(built: Engine) -> None:
    items = _items(assess_country(built, "PY", "honest"))
    (awareness,) = items["a.awareness"]["evidence"]
    assert (awareness["strength"], awareness["matched_by"]) == ("weak", "text")
    assert items["a.awareness"]["status"] == "partly" and "only weak evidence" in items["a.awareness"]["reason"]
    (law,) = items["a.law"]["evidence"]
    assert (law["strength"], law["matched_by"]) == ("strong", "name")  # its own name says it
    (cert,) = items["a.cert"]["evidence"]
    assert (cert["strength"], cert["matched_by"]) == ("strong", "structured")
    assert "atlas-dataset" in cert["strength_reason"]


def test_score_is_null_below_the_threshold(built: Engine, tmp_path: Path) -> None:
    _framework(tmp_path, built, FRAMEWORK.replace("id: honest", "id: strict").replace("min_coverage: 0.5",
                                                                                     "min_coverage: 0.75"))
    result = assess_country(built, "PY", "strict")
    assert result["score"] is None and result["tier"] is None
    assert result["score_reason"] == "not scored: 5 of 8 indicators known (62%), below the framework's threshold " \
                                     "of 75%"
    assert result["coverage"]["known"] == 5 and result["coverage"]["sufficient"] is False
    stored = assess_and_store(built, "PY", "strict")
    (row,) = [r for r in list_assessments(built, framework="strict").data if r["id"] == stored["assessment"]]
    assert row["score"] is None and row["score_reason"] == result["score_reason"]  # a null score is stored as null
    assert row["coverage"] == result["coverage"]


def test_unknown_never_lowers_the_score(built: Engine, tmp_path: Path) -> None:
    without = "\n".join(line for line in FRAMEWORK.splitlines() if "id: b.agency" not in line
                        and "id: b.standard" not in line and "id: b.un" not in line)
    _framework(tmp_path, built, without.replace("id: honest", "id: fewer"))
    # an older file that gave unknown a value of 0 is read, and unknown is still left out
    _framework(tmp_path, built, FRAMEWORK.replace("id: honest", "id: zeroed").replace(
        "  pillar: mean\n", "  values: {met: 1.0, partly: 0.5, not_met: 0.0, unknown: 0.0}\n  pillar: mean\n"))
    honest, fewer, zeroed = (assess_country(built, "PY", f)["score"] for f in ("honest", "fewer", "zeroed"))
    assert honest == fewer == zeroed == pytest.approx(0.6)


def test_published_value_is_shown_apart_with_its_source_and_edition(built: Engine) -> None:
    result = assess_country(built, "PY", "honest")
    published = result["published"]
    assert published is not None
    assert (published["value"], published["edition"], published["scale"]) == (71.5, 2022, "0-100")
    assert published["publisher"] == "Fictional Index Office" and published["label"] == "published value"
    assert result["framework"]["published_index"] == "fci" and result["score"] != published["value"]
    # as the sources stood in 2021: the edition published by then
    assert assess_country(built, "PY", "honest", as_of="2021")["published"]["value"] == pytest.approx(60.1)
    assert assess_country(built, "PY", "honest", as_of="2019")["published"] is None


def _record(number: int, kind: str, title: str, source_format: str, description: str | None = None,
            status: str | None = "exists") -> dict[str, Any]:
    return {"id": f"r{number}", "entity": f"e{number}", "kind": kind, "title": title, "description": description,
            "status": status, "provenance": {"source": f"s{number}", "file": f"f{number}", "format": source_format,
                                             "line_start": 1, "line_end": 1}}


STRENGTH_FRAMEWORK = """\
format: policyatlas-framework
id: strengths
name: Strengths checklist
version: "1"
pillars: [{id: p, name: P}]
indicators:
  - {id: cert, pillar: p, name: CERT, evidence: {kinds: [cert]}}
  - {id: strategy, pillar: p, name: Strategy, evidence: {kinds: [strategy], keywords: [cyber*]}}
"""


def test_strength_follows_source_family_then_how_it_matched() -> None:
    framework = load_framework_text(STRENGTH_FRAMEWORK, "strengths.yaml")
    assert [rank(s) for s in STRENGTHS] == [0, 1, 2]
    records = [_record(1, "cert", "CERT-A", "country-profile"), _record(2, "cert", "CERT-B", "strategy-document"),
               _record(3, "cert", "CERT-C", "news-article"),
               _record(4, "strategy", "Plan", "country-profile", description="cyber defence")]
    items = _items(assess(framework, records))
    assert [e["strength"] for e in items["cert"]["evidence"]] == ["strong", "medium", "weak"]
    assert items["cert"]["status"] == "met" and items["cert"]["strength"] == "strong"
    assert items["strategy"]["evidence"][0]["strength"] == "weak" and items["strategy"]["status"] == "partly"
    # news alone never meets an indicator; a document's section does
    only_news = _items(assess(framework, [_record(3, "cert", "CERT-C", "news-article")]))["cert"]
    assert only_news["status"] == "partly" and only_news["strength"] == "weak"
    only_document = _items(assess(framework, [_record(2, "cert", "CERT-B", "strategy-document")]))["cert"]
    assert only_document["status"] == "met" and only_document["strength"] == "medium"
    # a weak "absent" still says not met: the cap is on meeting, not on absence
    gone = _items(assess(framework, [_record(3, "cert", "CERT-C", "news-article", status="absent")]))["cert"]
    assert gone["status"] == "not_met"


def test_every_parser_format_has_a_source_family() -> None:
    kinds = {parser.kind for parser in parsers()}
    families = STRUCTURED_FORMATS | DOCUMENT_FORMATS | PROSE_FORMATS
    assert kinds <= families and families <= kinds
    assert not (STRUCTURED_FORMATS & DOCUMENT_FORMATS or STRUCTURED_FORMATS & PROSE_FORMATS
                or DOCUMENT_FORMATS & PROSE_FORMATS)


def test_api_and_cli_show_coverage_published_value_and_strength(built: Engine, tmp_path: Path, cli: CliRun) -> None:
    client = TestClient(create_app(Settings(database_url=str(built.url.render_as_string(hide_password=False)),
                                            secret_key="test-secret")))
    body = client.get("/api/assess/PY", params={"framework": "honest"}).json()
    assert body["coverage"]["known"] == 5 and body["published"]["value"] == 71.5
    assert all("strength" in e for p in body["pillars"] for i in p["indicators"] for e in i["evidence"])
    gaps = client.get("/api/assess/PY", params={"framework": "honest", "gaps": "true"}).json()
    assert gaps["coverage"] == body["coverage"] and gaps["published"] == body["published"]
    # the CLI, on its own atlas
    (tmp_path / "cli").mkdir()
    (tmp_path / "cli" / "fw.yaml").write_text(FRAMEWORK, encoding="utf-8")
    assert cli("frameworks", "add", tmp_path / "cli" / "fw.yaml").exit_code == 0
    assert cli("ingest", _dataset(tmp_path / "cli" / "PY.yaml", "2023-03", RECORDS)).exit_code == 0
    out = " ".join(cli("assess", "PY", "-f", "honest").stdout.split())  # as read, whatever the terminal's width
    assert "Honest test framework (PolicyAtlas checklist)" in out and "checklist score 0.60" in out
    assert "5 of 8 indicators known (62%, threshold 50%)" in out
    assert "Fictional Cyber Index 2022: 71.5" in out and "weak · Semana Nacional" in out
    as_json = json.loads(cli("assess", "PY", "-f", "honest", "--json").stdout)
    assert as_json["published"]["edition"] == 2022


# --- compare: a cell's value reflects its evidence ------------------------------------------------------------


def test_compare_cell_with_absent_evidence_says_so(engine: Engine, tmp_path: Path) -> None:
    """An older source lists a cybercrime law in force; a newer one says the cybercrime law is absent."""
    upgrade(engine)
    older = _dataset(tmp_path / "old.yaml", "2019-01", [
        {"kind": "law", "title": "Código Penal (delitos informáticos)", "status": "in_force", "date": "2011"}],
        title="Older fictional dataset")
    newer = _dataset(tmp_path / "new.yaml", "2023-06", [
        {"kind": "law", "title": "Ley de Delitos Informáticos", "status": "absent"},
        {"kind": "strategy", "title": "Estrategia Nacional de Ciberseguridad", "status": "in_force", "date": "2020"}],
        title="Newer fictional dataset")
    assert ingest_paths(engine, [older, newer]).ok
    cell = compare_countries(engine, ["PY"]).to_json()["matrix"]["PY"]["cybercrime_law"]
    assert cell["value"] == "absent" and cell["mixed"] is True
    decided = next(e for e in cell["evidence"] if e["record"] == cell["decided_by"])
    assert decided["title"] == "Ley de Delitos Informáticos" and decided["verdict"] == "absent"
    assert {e["verdict"] for e in cell["evidence"]} == {"yes", "absent"}
    assert "sources disagree (1 yes; 1 absent)" in cell["note"]
    strategy = compare_countries(engine, ["PY"]).to_json()["matrix"]["PY"]["strategy"]
    assert strategy["value"] == "yes" and strategy["mixed"] is False and strategy["decided_by"] is None


def test_compare_cell_prefers_the_strongest_evidence() -> None:
    from policyatlas.views.compare import INDICATORS
    law = next(i for i in INDICATORS if i.id == "cybercrime_law")
    structured_yes = _record(1, "law", "Penal Code", "country-profile", status="in_force")
    news_absent = _record(2, "law", "Cybercrime law", "news-article", status="absent")
    newest = {"r1": ("2018", "a"), "r2": ("2024", "b")}  # the news is newer, but weaker
    cell = _cell(law, [news_absent, structured_yes], newest)
    assert (cell["value"], cell["mixed"], cell["decided_by"]) == ("yes", True, "r1")
    assert [e["strength"] for e in cell["evidence"]] == ["weak", "strong"]
    both_structured = _cell(law, [_record(2, "law", "Cybercrime law", "country-profile", status="absent"),
                                  structured_yes], newest)
    assert (both_structured["value"], both_structured["decided_by"]) == ("absent", "r2")  # then the newest
    agree = _cell(law, [structured_yes], newest)
    assert agree["value"] == "yes" and agree["mixed"] is False

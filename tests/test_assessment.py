"""Assessments: outcomes, scores and tiers known by construction, the seed, --as-of, crosswalk, stored runs, CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine

from policyatlas.errors import NotFoundError
from policyatlas.frameworks.assess import assess
from policyatlas.frameworks.loader import builtin_frameworks, load_framework_text
from policyatlas.services.frameworks import add_framework
from policyatlas.services.frameworks import assess_and_store as assess_country  # every run stored, as the CLI does
from policyatlas.store.ingest import ingest_paths
from policyatlas.store.migrate import upgrade
from policyatlas.views.assessment import assess_country as assess_only
from policyatlas.views.assessment import assessment_gaps, crosswalk_country
from policyatlas.views.assessment import list_assessments as list_page
from tests.conftest import CliRun, need_shared


def list_assessments(engine: Engine, **filters: str) -> list[dict[str, object]]:
    return list_page(engine, **filters).data

# A framework whose answer on the dataset below is known by construction:
#   p1 (weight 1): cert met (1), cybercrime partly (0.5), strategy not met (0), activity not met (0) -> 0.375 "low"
#   p2 (weight 3): cooperation unknown (left out), agency met (1), data protection met (1)           -> 1.0 "high"
#   overall weighted by pillar: (0.375 * 1 + 1.0 * 3) / 4 = 0.84375                                   -> "high"
#   coverage: 6 of 7 indicators known (3 met, 1 partly, 2 not met, 1 unknown), above the default 0.5
FRAMEWORK = """\
format: policyatlas-framework
id: test-fw
name: Test framework
version: "3"
scoring:
  pillar: mean
  overall: weighted
  tiers:
    - {id: high, name: High, min: 0.75}
    - {id: mid, name: Mid, min: 0.5}
    - {id: low, name: Low, min: 0.0}
pillars:
  - {id: p1, name: Pillar one, weight: 1}
  - {id: p2, name: Pillar two, weight: 3}
indicators:
  - {id: p1.cert, pillar: p1, name: CERT, evidence: {kinds: [cert]}, crosswalk: [gci:technical.cert]}
  - id: p1.cybercrime
    pillar: p1
    name: Cybercrime law
    evidence: {kinds: [law], keywords: [delitos informaticos, cybercrime]}
    crosswalk: [gci:legal.cybercrime]
  - {id: p1.strategy, pillar: p1, name: Strategy, evidence: {kinds: [strategy]}}
  - {id: p1.activity, pillar: p1, name: Awareness week, evidence: {kinds: [activity]}}
  - {id: p2.cooperation, pillar: p2, name: Cooperation, evidence: {kinds: [cooperation]}}
  - {id: p2.agency, pillar: p2, name: Agency, evidence: {kinds: [agency], keywords: [CIBERSEGURIDAD]}}
  - {id: p2.data, pillar: p2, name: Data protection, evidence: {kinds: [law], keywords: [protección de datos]}}
"""

RECORDS: list[dict[str, Any]] = [
    {"kind": "cert", "title": "CSIRT Nacional de Prueba", "status": "exists"},
    {"kind": "law", "title": "Ley de Delitos Informáticos", "status": "in_progress"},
    {"kind": "law", "title": "Ley de Aguas Nacionales", "status": "in_force"},
    {"kind": "law", "title": "Ley de Proteccion de Datos Personales", "status": "in_force"},
    {"kind": "strategy", "title": "Estrategia Nacional de Ciberseguridad", "status": "absent"},
    {"kind": "activity", "title": "Semana de la Ciberseguridad", "status": "absent"},
    {"kind": "agency", "title": "Agencia Nacional de Ciberseguridad"},
]


def _dataset(path: Path, as_of: str, records: list[dict[str, Any]]) -> Path:
    data = {
        "format": "policyatlas-dataset", "version": 1, "country": "UY", "title": f"Test dataset {as_of}",
        "as_of": as_of, "sources": [{"id": "s", "title": "A test source"}],
        "records": [{"section": "Test", "source": "s"} | {k: v for k, v in r.items() if v is not None} for r in records],
    }
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _indicators(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {i["id"]: i for p in result["pillars"] for i in p["indicators"]}


@pytest.fixture
def built(engine: Engine, tmp_path: Path) -> Engine:
    """The hand-made dataset ingested and the test framework added."""
    upgrade(engine)
    (tmp_path / "fw.yaml").write_text(FRAMEWORK, encoding="utf-8")
    add_framework(engine, tmp_path / "fw.yaml")
    report = ingest_paths(engine, [_dataset(tmp_path / "UY.yaml", "2022-05", RECORDS)])
    assert report.ok and report.files[0].records == len(RECORDS)
    return engine


def test_assess_known_by_construction(built: Engine) -> None:
    result = assess_country(built, "Uruguay", "test-fw")
    statuses = {key: item["status"] for key, item in _indicators(result).items()}
    assert statuses == {"p1.cert": "met", "p1.cybercrime": "partly", "p1.strategy": "not_met",
                        "p1.activity": "not_met", "p2.cooperation": "unknown", "p2.agency": "met", "p2.data": "met"}
    pillars = {p["id"]: p for p in result["pillars"]}
    assert pillars["p1"]["score"] == pytest.approx(0.375) and pillars["p1"]["tier"]["id"] == "low"
    assert pillars["p2"]["score"] == pytest.approx(1.0) and pillars["p2"]["tier"]["id"] == "high"
    assert pillars["p2"]["coverage"] | {} == {"met": 2, "partly": 0, "not_met": 0, "unknown": 1, "known": 2, "total": 3,
                                              "ratio": pytest.approx(0.6667), "threshold": 0.5, "sufficient": True}
    assert result["score"] == pytest.approx(0.84375, abs=1e-4) and result["tier"]["name"] == "High"
    assert result["score_reason"] is None and result["coverage"]["known"] == 6 and result["coverage"]["total"] == 7
    assert result["counts"] == {"met": 3, "partly": 1, "not_met": 2, "unknown": 1}
    assert (result["country"]["code"], result["framework"]["version"], result["framework"]["origin"]) == ("UY", "3", "user")
    law = _indicators(result)["p1.cybercrime"]["evidence"]
    assert [e["title"] for e in law] == ["Ley de Delitos Informáticos"] and law[0]["matched"] == ["delitos informaticos"]
    assert law[0]["file"] == "UY.yaml" and law[0]["line_start"] > 1 and law[0]["source"] == result["sources"][0]["id"]
    assert _indicators(result)["p2.cooperation"]["evidence"] == []


def test_assess_gaps_lists_not_met_then_unknown(built: Engine) -> None:
    missing = assessment_gaps(assess_country(built, "UY", "test-fw"))
    assert [(g["id"], g["status"]) for g in missing["gaps"]] == [
        ("p1.strategy", "not_met"), ("p1.activity", "not_met"), ("p2.cooperation", "unknown")]
    assert missing["gaps"][0]["evidence"][0]["status"] == "absent" and missing["gaps"][2]["wanted"] == "cooperation"


def test_assess_as_of_uses_the_version_current_then(engine: Engine, tmp_path: Path) -> None:
    old = [{"kind": "cert", "title": "CSIRT Nacional de Prueba", "status": "in_progress"}]
    new = [{"kind": "cert", "title": "CSIRT Nacional de Prueba", "status": "exists"},
           {"kind": "strategy", "title": "Estrategia Nacional de Ciberseguridad", "status": "in_force"}]
    (tmp_path / "v1").mkdir()
    (tmp_path / "v2").mkdir()
    assert ingest_paths(engine, [_dataset(tmp_path / "v2" / "UY.yaml", "2022-03", new),
                                 _dataset(tmp_path / "v1" / "UY.yaml", "2019-06", old)]).ok
    gci = "gci"
    now = _indicators(assess_country(engine, "UY", gci))
    assert (now["technical.cert"]["status"], now["organisational.strategy"]["status"]) == ("met", "met")
    then = assess_country(engine, "UY", gci, as_of="2020-12-31")
    past = _indicators(then)
    assert (past["technical.cert"]["status"], past["organisational.strategy"]["status"]) == ("partly", "unknown")
    assert [e["status"] for e in past["technical.cert"]["evidence"]] == ["in_progress"]
    assert [s["as_of"] for s in then["sources"]] == ["2019-06"] and then["as_of"] == "2020-12-31"
    assert _indicators(assess_country(engine, "UY", gci, as_of="2019"))["technical.cert"]["status"] == "partly"
    before = assess_country(engine, "UY", gci, as_of="2018-01-01")
    assert before["sources"] == [] and before["counts"]["unknown"] == sum(before["counts"].values())
    stored = list_assessments(engine, country="UY")
    assert [a["as_of"] for a in stored] == [None, "2020-12-31", "2019", "2018-01-01"]


def test_assess_seed_and_itu_profile_of_mexico(engine: Engine, seed_profile: Path) -> None:
    itu = need_shared("corpus/itu-cyberwellness/Mexico.txt")
    assert ingest_paths(engine, [seed_profile, itu]).ok
    result = assess_country(engine, "MX", "gci")
    items = _indicators(result)
    cert = items["technical.cert"]
    assert cert["status"] == "met" and {e["title"] for e in cert["evidence"]} == {"CERT-MX"}
    assert {e["file"] for e in cert["evidence"]} == {seed_profile.name, itu.name}
    itu_lines = itu.read_text(encoding="utf-8").splitlines()
    for evidence in cert["evidence"]:
        if evidence["file"] == itu.name:
            assert "CERT-MX" in itu_lines[evidence["line_start"] - 1]
    assert items["legal.cybercrime"]["status"] == "met"
    assert {e["title"] for e in items["legal.cybercrime"]["evidence"]} >= {"Código Penal Federal", "Federal Criminal Code"}
    assert items["technical.certification"]["status"] == "not_met"
    assert [e["status"] for e in items["technical.certification"]["evidence"]] == ["absent"]
    assert items["organisational.roadmap"]["status"] == "not_met"
    assert items["organisational.benchmarking"]["status"] == "not_met"
    assert items["organisational.strategy"]["status"] == "met"
    assert "Estrategia Nacional de Ciberseguridad" in {e["title"] for e in items["organisational.strategy"]["evidence"]}
    assert items["cooperation.un"]["status"] == "met" and items["legal.child_online_protection"]["status"] == "unknown"
    tiers = {t.id: t.min for t in builtin_frameworks()["gci"].scoring.tiers}
    assert result["tier"] is not None and result["score"] >= tiers[result["tier"]["id"]]
    for pillar in result["pillars"]:  # a score and a level exactly where coverage reaches the threshold
        assert (pillar["score"] is not None) == pillar["coverage"]["sufficient"] == (pillar["tier"] is not None)
        assert (pillar["score_reason"] is None) == pillar["coverage"]["sufficient"]


def test_assess_rules_statuses_default_status_and_fields() -> None:
    framework = load_framework_text("""\
format: policyatlas-framework
id: rules
name: Rules
version: "1"
rules:
  met: {statuses: [in_force], min: 2}
  partly: {statuses: [in_force, exists, null], min: 1}
  not_met: null
pillars: [{id: p, name: P}]
indicators:
  - {id: two_laws, pillar: p, name: Two laws, evidence: {kinds: [law]}}
  - id: bill
    pillar: p
    name: AI law
    evidence: [{kinds: [law], keywords: [ai]}, {kinds: [initiative], keywords: [ai, ia], default_status: in_progress}]
  - {id: area, pillar: p, name: CIRT by area, evidence: {kinds: [cert], fields: {area: [cirt]}, statuses: [exists]}}
  - {id: gone, pillar: p, name: Absent only, evidence: {kinds: [benchmarking]}}
""", "rules.yaml")
    records: list[dict[str, Any]] = [
        {"id": "r1", "kind": "law", "title": "Ley uno", "status": "in_force"},
        {"id": "r2", "kind": "initiative", "title": "Iniciativa de Ley de IA", "status": None},
        {"id": "r3", "kind": "cert", "title": "CERT", "status": "exists", "area": "cirt"},
        {"id": "r4", "kind": "cert", "title": "Other CERT", "status": "exists", "area": "other"},
        {"id": "r5", "kind": "benchmarking", "title": "Benchmark", "status": "absent"},
    ]
    items = _indicators(assess(framework, records))
    assert items["two_laws"]["status"] == "partly"  # one law in force: met needs two
    assert items["bill"]["status"] == "unknown" and items["bill"]["evidence"][0]["counted_as"] == "in_progress"
    assert [e["id"] for e in items["area"]["evidence"]] == ["r3"] and items["area"]["status"] == "partly"
    assert items["gone"]["status"] == "unknown" and "meets no rule" in items["gone"]["reason"]


def test_assess_newest_record_of_an_entity_counts() -> None:
    framework = builtin_frameworks()["gci"]
    records = [
        {"id": "old", "entity": "uy/cert/x", "kind": "cert", "title": "CERT-X", "status": "exists"},
        {"id": "new", "entity": "uy/cert/x", "kind": "cert", "title": "CERT-X", "status": "absent"},
    ]
    cert = _indicators(assess(framework, records))["technical.cert"]
    assert cert["status"] == "not_met" and [e["counted"] for e in cert["evidence"]] == [False, True]


def test_crosswalk_shows_shared_evidence(built: Engine) -> None:
    result = crosswalk_country(built, "test-fw", "gci", country="UY")
    pairs = {(p["left"]["indicator"], p["right"]["indicator"]): p for p in result["pairs"]}
    assert set(pairs) == {("p1.cert", "technical.cert"), ("p1.cybercrime", "legal.cybercrime")}
    cert = pairs[("p1.cert", "technical.cert")]
    assert (cert["left"]["status"], cert["right"]["status"], cert["agree"]) == ("met", "met", True)
    assert [e["title"] for e in cert["shared_evidence"]] == ["CSIRT Nacional de Prueba"]
    assert cert["declared_by"] == ["test-fw"]
    law = pairs[("p1.cybercrime", "legal.cybercrime")]
    assert law["left"]["status"] == "partly" and law["left"]["evidence"] == law["right"]["evidence"]
    reverse = crosswalk_country(built, "gci", "test-fw")
    assert [(p["left"]["indicator"], p["right"]["indicator"]) for p in reverse["pairs"]] == [
        ("legal.cybercrime", "p1.cybercrime"), ("technical.cert", "p1.cert")]
    assert "status" not in reverse["pairs"][0]["left"] and reverse["country"] is None
    assert list_assessments(built) == []  # a crosswalk stores nothing


def test_stored_assessments_are_listed_and_filtered(built: Engine) -> None:
    first = assess_country(built, "UY", "test-fw")
    assess_country(built, "UY", "gci")
    rows = list_assessments(built)
    assert [(r["id"], r["framework"], r["framework_version"]) for r in rows] == [
        (first["assessment"], "test-fw", "3"), (rows[1]["id"], "gci", "2020.2")]
    stored = rows[0]
    assert stored["score"] == pytest.approx(first["score"]) and stored["tier"]["id"] == "high"
    assert stored["coverage"] == first["coverage"] and stored["score_reason"] is None
    assert stored["assessed_at"] == first["assessed_at"] and stored["country"] == "UY"
    indicators = {i["id"]: i for p in stored["result"]["pillars"] for i in p["indicators"]}
    assert indicators["p1.cybercrime"]["status"] == "partly"
    assert indicators["p1.cybercrime"]["evidence"] == [e["id"] for e in _indicators(first)["p1.cybercrime"]["evidence"]]
    assert [r["framework"] for r in list_assessments(built, framework="gci")] == ["gci"]
    assert list_assessments(built, country="MX") == []
    unsaved = assess_only(built, "UY", "gci")
    assert unsaved["assessment"] is None and len(list_assessments(built)) == 2


def test_assess_errors(built: Engine) -> None:
    with pytest.raises(NotFoundError, match="unknown framework 'nope'"):
        assess_country(built, "UY", "nope")
    with pytest.raises(NotFoundError, match="no records about FR"):
        assess_country(built, "FR", "gci")


def test_cli_assess_gaps_crosswalk_assessments_json(cli: CliRun, tmp_path: Path) -> None:
    (tmp_path / "fw.yaml").write_text(FRAMEWORK, encoding="utf-8")
    assert cli("frameworks", "add", tmp_path / "fw.yaml").exit_code == 0
    assert cli("ingest", _dataset(tmp_path / "UY.yaml", "2022-05", RECORDS)).exit_code == 0
    result = cli("assess", "UY", "--framework", "test-fw", "--json")
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["score"] == pytest.approx(0.84375, abs=1e-4) and body["assessment"] == 1
    gaps = json.loads(cli("assess", "UY", "-f", "test-fw", "--gaps", "--json").stdout)
    assert [g["id"] for g in gaps["gaps"]] == ["p1.strategy", "p1.activity", "p2.cooperation"]
    walk = json.loads(cli("crosswalk", "test-fw", "gci", "--country", "UY", "--json").stdout)
    assert len(walk["pairs"]) == 2 and walk["country"]["code"] == "UY"
    listed = json.loads(cli("assessments", "--country", "UY", "--framework", "test-fw", "--json").stdout)
    assert [a["id"] for a in listed] == [1, 2]
    as_of = json.loads(cli("assess", "UY", "-f", "gci", "--as-of", "2023", "--json").stdout)
    assert as_of["as_of"] == "2023" and as_of["sources"]
    for args in (["assess", "UY"], ["assess", "UY", "-f", "gci", "--gaps"], ["crosswalk", "gci", "ncsi"],
                 ["crosswalk", "gci", "test-fw", "--country", "UY"], ["assessments"]):
        shown = cli(*args if args != ["assess", "UY"] else [*args, "-f", "test-fw"])
        assert shown.exit_code == 0, (args, shown.output)


@pytest.mark.parametrize(("args", "message"), [
    (["assess", "UY", "--framework", "nope", "--json"], "unknown framework 'nope'"),
    (["crosswalk", "gci", "nope"], "unknown framework 'nope'"),
    (["assess", "ZZ", "-f", "gci"], "unknown country 'ZZ'"),
    (["assess", "UY", "-f", "gci", "--as-of", "someday"], "--as-of 'someday' is not a date"),
])
def test_cli_assess_errors_are_one_line_exit_1(cli: CliRun, tmp_path: Path, args: list[str], message: str) -> None:
    cli("ingest", _dataset(tmp_path / "UY.yaml", "2022-05", RECORDS))
    result = cli(*args)
    assert result.exit_code == 1 and result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and message in errors[0]

"""Timeline, comparison, stakeholder graph and disagreements between sources, on real and hand-made data."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from sqlalchemy import Engine

from policyatlas.store.ingest import ingest_paths
from policyatlas.views.compare import compare_countries
from policyatlas.views.graph import get_graph, render_graph
from policyatlas.views.profile import get_profile
from policyatlas.views.timeline import get_timeline
from tests.conftest import CliRun, need_shared

DATASET = """\
format: policyatlas-dataset
version: 1
country: UY
title: A fictional dataset for these tests
as_of: "2022-05"
sources:
  - {id: s, title: A fictional source, url: "https://example.org/uy"}
records:
  - {kind: strategy, section: Cybersecurity Policy, title: Estrategia de Prueba, title_en: Test Cybersecurity Strategy,
     date: "2019-03", source: s, extra: {document_type: strategy}}
  - {kind: law, section: Legal Framework, title: Ley de Delitos Informáticos de Prueba, date: "2008-08-12",
     amended: ["2021-05-03"], source: s}
  - {kind: cert, section: Structure, title: CERT-UY, status: absent, source: s}
"""


@pytest.fixture
def atlas(engine: Engine, seed_profile: Path, tmp_path: Path) -> Engine:
    uy = tmp_path / "uy.yaml"
    uy.write_text(DATASET, encoding="utf-8")
    itu_mexico = need_shared("corpus/itu-cyberwellness/Mexico.txt")
    assert ingest_paths(engine, [seed_profile, uy, itu_mexico]).ok
    return engine


def test_timeline_in_order_with_amendments(atlas: Engine) -> None:
    events = [e.to_json() for e in get_timeline(atlas, countries=["UY"])]
    assert [(e["date"]["value"], e["event"], e["title"]) for e in events] == [
        ("2008-08-12", "enacted", "Ley de Delitos Informáticos de Prueba"),
        ("2019-03", "adopted", "Estrategia de Prueba"),
        ("2021-05-03", "amended", "Ley de Delitos Informáticos de Prueba"),
    ]
    mexico = [e.to_json() for e in get_timeline(atlas, countries=["MX"], kinds=["law"])]
    values = [e["date"]["value"] for e in mexico]
    assert values == sorted(values) and ("2021-05-20", "amended") in [(e["date"]["value"], e["event"]) for e in mexico]
    assert [e.to_json() for e in get_timeline(atlas, countries=["MX"], kinds=["law"], date_from="2015",
                                             date_to="2019")] == [
        e for e in mexico if "2015" <= e["date"]["value"][:4] <= "2019"]


def test_compare_unknown_differs_from_absent(atlas: Engine) -> None:
    result = compare_countries(atlas, ["MX", "UY", "GB"]).to_json()
    mx, uy, gb = (result["matrix"][c] for c in ("MX", "UY", "GB"))
    assert mx["cert"]["value"] == "yes" and "CERT-MX" in mx["cert"]["detail"]
    assert uy["cert"]["value"] == "absent" and uy["cert"]["evidence"][0]["title"] == "CERT-UY"
    assert gb["cert"] == {"value": "unknown", "detail": None, "evidence": [], "mixed": False, "decided_by": None,
                          "note": None}
    assert uy["strategy"]["value"] == "yes" and uy["strategy"]["detail"] == "2019"
    assert uy["cybercrime_law"]["value"] == "yes"
    assert mx["data_protection_law"]["value"] == "yes" and mx["un_gge"]["value"] == "yes"
    assert all(e["file"] and e["lines"][0] >= 1 for e in mx["cert"]["evidence"])


def test_profile_says_when_sources_name_different_responsible_agencies(atlas: Engine) -> None:
    profile = get_profile(atlas, "MX")
    shown = [r["title"] for s in profile["sections"] for r in s["records"] if r["kind"] == "agency"]
    assert "Inter-secretarial Commission for the Development of Electronic Government" in shown
    (note,) = profile["disagreements"]
    assert note["topic"] == "responsible agency" and note["other_file"] == "Mexico.txt"
    assert note["other"] not in shown


def test_graph_formats(atlas: Engine, seed_article: Path) -> None:
    ingest_paths(atlas, [seed_article])
    graph = get_graph(atlas, country="MX")
    ids = {n["id"] for n in graph["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids and e["document"] for e in graph["edges"])
    roles = {e["role"] for e in graph["edges"]}
    assert {"issuer", "responsible", "participant"} <= roles
    assert json.loads(render_graph(graph, "json"))["nodes"] == graph.to_json()["nodes"]
    root = ET.fromstring(render_graph(graph, "graphml"))
    assert len(root.findall(".//{http://graphml.graphdrawing.org/xmlns}node")) == len(graph["nodes"])
    dot = render_graph(graph, "dot")
    assert dot.startswith("digraph") and dot.count("->") == len(graph["edges"])


def test_cli_timeline_compare_graph(cli: CliRun, seed_profile: Path) -> None:
    cli("ingest", seed_profile)
    timeline = json.loads(cli("timeline", "--country", "MX", "--json").stdout)
    assert timeline and timeline[0]["date"]["value"] == "2004"
    compared = cli("compare", "MX", "GB")
    assert compared.exit_code == 0 and "unknown" in compared.stdout
    assert json.loads(cli("compare", "MX", "GB", "--json").stdout)["countries"] == ["MX", "GB"]
    assert cli("graph", "--country", "MX", "--format", "dot").stdout.startswith("digraph")
    bad = cli("graph", "--format", "png")
    assert bad.exit_code == 1 and "unknown graph format" in bad.stderr

"""One entity per real thing across sources and languages, end to end through ingest."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine

from policyatlas.store.ingest import ingest_paths
from policyatlas.views.entities import get_entity, list_people
from policyatlas.views.initiatives import list_initiatives
from tests.conftest import CliRun, need_shared

# A Spanish article of our own making about the bill that seed 004 mentions (fictional dates).
ARTICULO = """\
https://comunicacion.diputados.example.mx/2023/04/25/presentan-ley-federal-de-ciberseguridad/

# Presentan en San Lázaro la Ley Federal de Ciberseguridad

Palacio Legislativo de San Lázaro, 25-04-2023. El diputado Javier Joaquín López Casarín (PVEM), presidente de la \
Comisión de Ciencia, Tecnología e Innovación, presentó el 25 de abril de 2023 la iniciativa de Ley Federal de \
Ciberseguridad, que consta de 70 artículos y 4 transitorios.

El 2 de mayo de 2023 la iniciativa fue turnada a la Comisión de Ciencia, Tecnología e Innovación de la Cámara de \
Diputados.

"México necesita reglas claras para responder a los incidentes", afirmó el diputado López Casarín.
"""


def test_bill_gathers_articles_in_both_languages(engine: Engine, seed_article: Path, tmp_path: Path) -> None:
    article = tmp_path / "articulo.md"
    article.write_text(ARTICULO, encoding="utf-8")
    report = ingest_paths(engine, [seed_article, article])
    assert report.ok, [f.error for f in report.files]
    bills = [b for b in list_initiatives(engine, country="MX").data if "ciberseguridad" in b["title"].lower()
             or "cybersecurity" in b["title"].lower()]
    assert len(bills) == 1, bills
    (bill,) = bills
    assert len(bill["sources"]) == 2
    dated = [s for s in bill["stages"] if s.get("date")]
    assert [s["date"]["value"] for s in dated] == sorted(s["date"]["value"] for s in dated)
    assert dated[0]["date"]["value"] == "2023-04-25"
    people = [p for p in list_people(engine, country="MX").data if "casarin" in p["id"]]
    assert len(people) == 1, [p["id"] for p in people]


def test_cert_in_two_sources_is_one_entity(engine: Engine, seed_profile: Path) -> None:
    itu_mexico = need_shared("corpus/itu-cyberwellness/Mexico.txt")
    assert ingest_paths(engine, [seed_profile, itu_mexico]).ok
    cert = get_entity(engine, "mx/cert/cert-mx")
    assert {r["provenance"]["file"] for r in cert["records"]} == {seed_profile.name, "Mexico.txt"}


def test_cli_entity_and_people(cli: CliRun, seed_profile: Path, seed_article: Path) -> None:
    assert cli("ingest", seed_profile, seed_article, "--published", "2023-10-12").exit_code == 0
    entity = json.loads(cli("entity", "mx/cert/cert-mx", "--json").stdout)
    assert entity["kind"] == "cert" and entity["records"]
    people = json.loads(cli("people", "--country", "MX", "--json").stdout)
    lagunes = [p for p in people if p["name"].endswith("Lagunes")]
    assert len(lagunes) == 2
    alejandra = next(p for p in lagunes if p["name"].startswith("Alejandra"))
    assert {m["role"] for m in alejandra["memberships"]} >= {"Senator", "Secretary", "Founder"}
    orgs = json.loads(cli("orgs", "--country", "MX", "--json").stdout)
    assert any(o["name"] == "Federal Police" for o in orgs)
    assert cli("entity", "mx/nothing/here").exit_code == 1
    events = json.loads(cli("events", "--json").stdout)
    assert events and events[0]["date"]["value"] == "2023-10-11"
    initiatives = json.loads(cli("initiatives", "--json").stdout)
    assert initiatives[0]["proposers"] and initiatives[0]["stages"]


def test_law_named_in_two_languages_and_synonyms_is_one_entity(engine: Engine, seed_profile: Path) -> None:
    itu_mexico = need_shared("corpus/itu-cyberwellness/Mexico.txt")
    assert ingest_paths(engine, [seed_profile, itu_mexico]).ok
    code = get_entity(engine, "mx/law/codigo-penal-federal")  # "Federal Penal Code" (portal) = "Federal Criminal Code" (ITU)
    assert {r["provenance"]["file"] for r in code["records"]} == {seed_profile.name, "Mexico.txt"}
    police = get_entity(engine, "mx/organization/federal-police")  # "Federal Police" and "Federal Police of Mexico"
    assert {r["provenance"]["file"] for r in police["records"]} >= {"Mexico.txt"}


def test_name_keys_normalise_languages_synonyms_plurals_and_spelling() -> None:
    from policyatlas.resolve.names import name_key

    same = [("Código Penal Federal", "Federal Criminal Code"),
            ("Ley de Firma Electrónica Avanzada", "Law on Advanced Electronic Signatures"),
            ("National Cyber Security Centre", "National Cybersecurity Center"),
            ("Programa Nacional de Ciberdefensa", "National Cyber Defence Programme")]
    for one, other in same:
        assert name_key(one) == name_key(other), (one, other)
    assert name_key("Ley de Seguridad Nacional") != name_key("Ley de Seguridad Pública")

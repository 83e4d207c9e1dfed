"""Entity resolution: merges that must happen (across languages and name forms) and those that must not."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from policyatlas.errors import ConfigError
from policyatlas.resolve.names import name_key, same_person, split_person
from policyatlas.resolve.resolver import Resolver, Subject
from policyatlas.store import entity_queries as q
from policyatlas.store.db import session_scope
from policyatlas.store.entities import SqlEntityStore
from policyatlas.store.migrate import upgrade


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    upgrade(engine)
    with session_scope(engine) as s:
        yield s


def _resolve(session: Session, *subjects: Subject) -> list[str]:
    store = SqlEntityStore(session)
    resolver = Resolver(store)
    ids = [resolver.resolve(s) for s in subjects]
    store.flush()  # the store writes what it made in bulk, as ingest does once per source
    return ids


@pytest.mark.parametrize(("first", "second"), [
    (Subject("organization", "MX", ("Federal Police",)), Subject("agency", "MX", ("Policía Federal",))),
    (Subject("organization", "MX", ("Federal Institute of Telecommunications",)),
     Subject("agency", "MX", ("Instituto Federal de Telecomunicaciones", "Federal Institute on Telecommunications"))),
    (Subject("organization", None, ("Organization of American States",)), Subject("organization", "MX", ("OAS",))),
    (Subject("cert", "MX", ("CERT-MX", "Centro Nacional de Respuesta a Incidentes Cibernéticos"), "CERT-MX"),
     Subject("cert", "MX", ("CERT-MX",))),
    (Subject("initiative", "MX", ("Ley Federal de Ciberseguridad",)),
     Subject("initiative", "MX", ("Federal Cybersecurity Law",))),
    (Subject("person", "MX", ("Víctor Lagunes",)), Subject("person", "MX", ("Victor Lagunes",))),
    (Subject("person", "MX", ("Javier López Casarín",)),
     Subject("person", "MX", ("el diputado Javier Joaquín López Casarín",))),
    (Subject("person", "MX", ("Javier López Casarín",)), Subject("person", "MX", ("Deputy López Casarín",))),
    (Subject("law", "MX", ("Ley de Seguridad Nacional",)), Subject("law", "MX", ("Ley de Seguridad Nacionall",))),
    (Subject("agency", "MX", ("Federal Police of Mexico",)), Subject("organization", "MX", ("Federal Police",))),
])
def test_resolver_merges_same_thing(session: Session, first: Subject, second: Subject) -> None:
    a, b = _resolve(session, first, second)
    assert a == b


@pytest.mark.parametrize(("first", "second"), [
    (Subject("person", "MX", ("Senator Alejandra Lagunes",)), Subject("person", "MX", ("Víctor Lagunes",))),
    (Subject("law", "MX", ("Ley de Seguridad Nacional",)), Subject("law", "CO", ("Ley de Seguridad Nacional",))),
    (Subject("law", "MX", ("Cybersecurity",)), Subject("strategy", "MX", ("Cybersecurity",))),
    (Subject("law", "MX", ("Ley de Seguridad Nacional",)), Subject("law", "MX", ("Ley de Seguridad Privada",))),
    (Subject("organization", "MX", ("Ministry of the Navy",)), Subject("organization", "MX", ("Ministry of the Interior",))),
    (Subject("agency", "DE", ("Der Hessische Beauftragte für Datenschutz und Informationsfreiheit",)),
     Subject("agency", "DE", ("Der Hamburgische Beauftragte für Datenschutz und Informationsfreiheit",))),
])
def test_resolver_keeps_different_things_apart(session: Session, first: Subject, second: Subject) -> None:
    a, b = _resolve(session, first, second)
    assert a != b


def test_resolver_unsure_pair_goes_to_review_and_decision_is_kept(session: Session) -> None:
    first, second = _resolve(session, Subject("organization", "MX", ("National Cyber Security Centre",)),
                             Subject("organization", "MX", ("National Cyber Security Center Board",)))
    assert first != second
    (review, a, b) = q.list_reviews(session)[0]
    assert {a.id, b.id} == {first, second} and review.status == "pending"
    q.decide_review(session, review.id, merge=False)
    _resolve(session, Subject("organization", "MX", ("National Cyber Security Center Board",)))
    assert q.list_reviews(session) == []
    assert [r.status for r, _, _ in q.list_reviews(session, status=None)] == ["rejected"]


def test_resolver_merge_decision_moves_links(session: Session) -> None:
    first, second = _resolve(session, Subject("person", "MX", ("Lagunes",)), Subject("person", "MX", ("Víctor Lagunes",)))
    reviews = q.list_reviews(session)
    assert first != second and reviews
    q.decide_review(session, reviews[0][0].id, merge=True)
    merged = q.get_entity(session, reviews[0][1].id)
    assert merged is not None and merged.id == reviews[0][2].id
    assert "Lagunes" in merged.aliases or merged.name == "Lagunes"


def test_name_key_across_languages() -> None:
    assert name_key("Ley Federal de Ciberseguridad") == name_key("Federal Cybersecurity Law")
    assert name_key("Policía Federal") == name_key("Federal Police")
    assert name_key("Ley de Seguridad Nacional") != name_key("Ley de Seguridad Privada")


def test_person_names() -> None:
    assert split_person("el diputado Javier Joaquín López Casarín").surnames == ("lopez", "casarin")
    assert split_person("Deputy López Casarín").given == ()
    assert same_person(split_person("Víctor Lagunes"), split_person("Alejandra Lagunes")) is False
    assert same_person(split_person("Lagunes"), split_person("Víctor Lagunes")) is None


def test_resolver_block_limits_candidates(session: Session) -> None:
    subjects = [Subject("organization", "MX", (f"Regional Office Number {i}",)) for i in range(60)]
    ids = _resolve(session, *subjects)
    assert len(set(ids)) == 60


def test_split_entity_moves_records_and_keeps_them_apart(engine: Engine, seed_profile: Path, tmp_path: Path) -> None:
    from policyatlas.services.entities import split_entity
    from policyatlas.store.ingest import ingest_paths
    from policyatlas.views.entities import get_entity

    copy = tmp_path / "mx.yaml"
    copy.write_bytes((Path(__file__).resolve().parents[1] / "data" / "curated" / "MX.yaml").read_bytes())
    assert ingest_paths(engine, [seed_profile, copy]).ok
    cert = get_entity(engine, "mx/cert/cert-mx")
    subjects = [r["id"] for r in cert["records"] if r["role"] == "subject"]
    assert len(subjects) == 2
    new = split_entity(engine, "mx/cert/cert-mx", subjects[:1]).to_json()
    assert [r["id"] for r in get_entity(engine, new["id"])["records"] if r["role"] == "subject"] == subjects[:1]
    with pytest.raises(ConfigError, match="nothing would remain"):
        split_entity(engine, "mx/cert/cert-mx", subjects[1:])
    with session_scope(engine) as session:
        decided = q.list_reviews(session, status="rejected")
    assert {(r.entity_id, r.candidate_id) for r, _, _ in decided} == {(new["id"], "mx/cert/cert-mx")}

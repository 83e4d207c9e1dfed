"""Frameworks and assessments: list, show and add frameworks, assess a country, crosswalk, stored runs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from policyatlas.errors import NotFoundError, ParseError
from policyatlas.frameworks.assess import assess, checklist_label, crosswalk, gaps
from policyatlas.frameworks.loader import builtin_file, builtin_frameworks
from policyatlas.frameworks.model import Framework
from policyatlas.model.country import get_country
from policyatlas.schemas.common import Page
from policyatlas.store import assessments as store
from policyatlas.store import country_facts
from policyatlas.store import record_queries as q
from policyatlas.store.db import session_scope
from policyatlas.store.schema import AssessmentRow
from policyatlas.views.axes import axes, period_end
from policyatlas.views.cache import cached
from policyatlas.views.countries import normalise_country
from policyatlas.views.records import records_fields
from policyatlas.views.versions import rank


@dataclass(frozen=True)
class Entry:
    """A framework with where it comes from: shipped with PolicyAtlas (``builtin``) or added (``user``)."""

    framework: Framework
    origin: str
    file: str
    added_at: str | None = None


def moment(value: datetime) -> str:
    """A stored time as ISO 8601 in UTC (SQLite returns them without their zone)."""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="seconds")


def registry(session: Session) -> dict[str, Entry]:
    entries = {key: Entry(framework, "builtin", builtin_file(key) or f"{key}.yaml")
               for key, framework in builtin_frameworks().items()}
    for row in store.list_frameworks(session):
        try:
            framework = Framework.model_validate(row.definition)
        except ValidationError as exc:
            raise ParseError(f"stored framework {row.id!r} no longer validates ({exc.errors()[0]['msg']}); "
                             "add its file again", path=row.file) from None
        entries.setdefault(row.id, Entry(framework, "user", row.file, moment(row.added_at)))
    return entries


def _entry(session: Session, framework_id: str) -> Entry:
    entries = registry(session)
    if framework_id not in entries:
        raise NotFoundError(f"unknown framework {framework_id!r} (known: {', '.join(sorted(entries))})")
    return entries[framework_id]


def summary(entry: Entry) -> dict[str, Any]:
    framework = entry.framework
    return {
        "id": framework.id, "name": framework.name, "version": framework.version, "origin": entry.origin,
        "file": entry.file, "added_at": entry.added_at, "based_on": framework.based_on,
        "label": checklist_label(framework),
        "published_index": framework.published.index if framework.published else None,
        "min_coverage": framework.scoring.min_coverage,
        "pillars": len(framework.pillars), "indicators": len(framework.indicators),
        "tiers": [t.name for t in sorted(framework.scoring.tiers, key=lambda t: -t.min)],
        "crosswalks_to": sorted({c.partition(":")[0] for i in framework.indicators for c in i.crosswalk}),
    }


def list_frameworks(engine: Engine) -> list[dict[str, Any]]:
    """Every framework: the built-in ones, then those analysts added."""
    with session_scope(engine) as session:
        return [summary(entry) for entry in registry(session).values()]


def show_framework(engine: Engine, framework_id: str) -> dict[str, Any]:
    """A framework's summary and whole definition (pillars, indicators, evidence, rules, scoring).

    Raises:
        NotFoundError: no framework has this id.
    """
    with session_scope(engine) as session:
        entry = _entry(session, framework_id)
    return summary(entry) | {"definition": entry.framework.definition()}


def evidence_kinds(framework: Framework) -> frozenset[str]:
    """Every record kind some indicator of the framework takes as evidence (no other record can count)."""
    return frozenset(kind for indicator in framework.indicators for evidence in indicator.evidence
                     for kind in evidence.kinds)


def _records(session: Session, code: str, as_of: str | None, kinds: frozenset[str], in_force_at: str | None = None
             ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The country's records of ``kinds`` that count (current sources, or those current at ``as_of``),
    oldest source first, and the sources that count (the database chooses the versions)."""
    if not q.speaks_of(session, code):
        raise NotFoundError(f"the atlas holds no records about {code}; ingest its documents first")
    chosen = sorted(q.records_at(session, code, as_of=as_of, kinds=kinds, in_force_at=in_force_at),
                    key=lambda pair: rank(pair[1]))
    sources = [{"id": s.id, "file": s.file, "format": s.format, "lineage": s.lineage, "as_of": s.as_of}
               for s in sorted(q.sources_speaking_at(session, code, as_of=as_of), key=lambda s: (rank(s), s.id))]
    return records_fields(session, chosen, before=period_end(as_of) if as_of else None), sources


def _edition_year(edition: Any) -> int | None:
    return edition if isinstance(edition, int) else None


def published_value(session: Session, code: str, framework: Framework, as_of: str | None) -> dict[str, Any] | None:
    """The official value published for the index the framework is after (its latest edition, or the
    latest not after ``as_of``'s year), as published, with its source: never mixed with our checklist.
    None when the framework names no index or the atlas holds no value of it for the country."""
    if framework.published is None:
        return None
    index = framework.published.index
    rows = country_facts.latest_index_values(session, index=index, country=code)
    year = int(as_of[:4]) if as_of else None
    if rows and (year is None or (_edition_year(rows[0].edition) or 0) <= year):
        row = rows[0]
        return {"index": index, "name": row.index_name or framework.published.name, "edition": row.edition,
                "value": row.value, "published": row.published or (f"{row.value:g}" if row.value is not None
                                                                    else None),
                "scale": row.scale, "record": row.record, "source": None, "source_title": row.source_title,
                "publisher": row.publisher, "url": row.url, "label": "published value"}
    earlier = sorted(((edition, record, source, attributes)
                      for record, source, _, attributes in q.record_attributes(session, country=code,
                                                                               kinds=["index_value"])
                      if attributes.get("index") == index and year is not None
                      and (edition := _edition_year(attributes.get("edition"))) is not None and edition <= year),
                     key=lambda item: (item[0], item[1]))
    if not earlier:
        return None
    edition, record, source, attributes = earlier[-1]
    value = attributes.get("value")
    return {"index": index, "name": attributes.get("index_name") or framework.published.name, "edition": edition,
            "value": value, "published": attributes.get("published") or (None if value is None else str(value)),
            "scale": attributes.get("scale"), "record": record, "source": source, "source_title": None,
            "publisher": None, "url": None, "label": "published value"}


def _evaluate(session: Session, code: str, entry: Entry, as_of: str | None, in_force_at: str | None = None
              ) -> dict[str, Any]:
    records, sources = _records(session, code, as_of, evidence_kinds(entry.framework), in_force_at)
    result = assess(entry.framework, records)
    info = get_country(code)
    return {
        "assessment": None,
        "country": info.to_json() if info else {"code": code},
        "framework": result["framework"] | {"origin": entry.origin},
        "as_of": as_of,
        "known_at": as_of,
        "in_force_at": in_force_at,
        "assessed_at": None,
        "score": result["score"], "score_reason": result["score_reason"], "tier": result["tier"],
        "counts": result["counts"], "coverage": result["coverage"],
        "published": published_value(session, code, entry.framework,
                                     min((d for d in (as_of, in_force_at) if d), default=None)),
        "sources": sources,
        "pillars": result["pillars"],
    }


def assess_country(engine: Engine, country: str, framework_id: str, *, as_of: str | None = None,
                   save: bool = False, in_force_at: str | None = None, known_at: str | None = None
                   ) -> dict[str, Any]:
    """Assess a country against a framework from the records of the sources current now (or at
    ``as_of``, an ISO date: for each source lineage the newest version not after it; an undated
    source counts from the day it was ingested, as in ``profile --as-of``; ``known_at`` is its newer
    name), and only the facts in force at ``in_force_at`` by their own dates (and undated ones).

    Every indicator gets met, partly, not_met or unknown with its evidence records; every pillar a
    score and tier; the whole an overall score and tier. Nothing is stored: ``save=True`` hands over
    to ``services.frameworks.assess_and_store``, which stores the run (its id is then ``assessment``).

    Raises:
        NotFoundError: unknown country or framework, or no records at all about the country.
    """
    when = axes(in_force_at=in_force_at, known_at=known_at, as_of=as_of)
    if save:
        from policyatlas.services.frameworks import assess_and_store

        return assess_and_store(engine, country, framework_id, as_of=when.known_at, in_force_at=when.in_force_at)
    code = normalise_country(country)

    def evaluate() -> dict[str, Any]:
        with session_scope(engine) as session:
            return _evaluate(session, code, _entry(session, framework_id), when.known_at, when.in_force_at)

    return dict(cached(engine, "assessment", (code, framework_id, when), evaluate))  # once per data version


def assessment_gaps(result: dict[str, Any]) -> dict[str, Any]:
    """What an assessment finds missing (not met, then unknown), with its context."""
    missing = gaps(result)
    missing.sort(key=lambda item: item["status"] != "not_met")
    keys = ("assessment", "country", "framework", "as_of", "assessed_at", "score", "score_reason", "tier", "counts",
            "coverage", "published")
    return {key: result[key] for key in keys} | {"gaps": missing}


def crosswalk_country(engine: Engine, left: str, right: str, *, country: str | None = None,
                      as_of: str | None = None) -> dict[str, Any]:
    """The indicators two frameworks declare equivalent and, for a country, each side's outcome and
    the evidence records they share. Nothing is stored.

    Raises:
        NotFoundError: unknown framework or country, or no records about the country.
    """
    code = normalise_country(country) if country else None
    with session_scope(engine) as session:
        a, b = _entry(session, left), _entry(session, right)
        results: tuple[dict[str, Any] | None, dict[str, Any] | None] = (None, None)
        if code:
            results = (_evaluate(session, code, a, as_of), _evaluate(session, code, b, as_of))
    pairs = crosswalk(a.framework, b.framework, *results)
    info = get_country(code) if code else None
    return {
        "left": _crosswalk_side(a.framework, results[0]),
        "right": _crosswalk_side(b.framework, results[1]),
        "country": (info.to_json() if info else {"code": code}) if code else None,
        "as_of": as_of,
        "pairs": pairs,
    }


def _crosswalk_side(framework: Framework, result: dict[str, Any] | None) -> dict[str, Any]:
    return {"id": framework.id, "name": framework.name, "version": framework.version,
            "label": checklist_label(framework),
            "score": result["score"] if result else None, "score_reason": result["score_reason"] if result else None,
            "coverage": result["coverage"] if result else None}


def _assessment_json(row: AssessmentRow) -> dict[str, Any]:
    """A stored run (runs stored before coverage was recorded have ``coverage`` and ``score_reason`` null)."""
    result = dict(row.result)
    return {
        "id": row.id, "country": row.country, "framework": row.framework_id, "framework_version": row.framework_version,
        "as_of": row.as_of, "assessed_at": moment(row.assessed_at), "score": row.score, "tier": result.get("tier"),
        "counts": result.get("counts"), "coverage": result.get("coverage"), "score_reason": result.get("score_reason"),
        "published": result.get("published"), "result": result,
    }


def list_assessments(engine: Engine, *, country: str | None = None, framework: str | None = None,
                     limit: int | None = None, offset: int = 0) -> Page[dict[str, Any]]:
    """Stored assessments, oldest first, each with its full result (outcomes and evidence ids); paged by
    the database."""
    code = normalise_country(country) if country else None
    with session_scope(engine) as session:
        total, rows = store.page_assessments(session, country=code, framework_id=framework, limit=limit,
                                             offset=offset)
        return Page[dict[str, Any]](data=[_assessment_json(row) for row in rows], total=total,
                                    limit=limit or max(total, 1), offset=offset)

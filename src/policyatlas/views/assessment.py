"""Frameworks and assessments: list, show and add frameworks, assess a country, crosswalk, stored runs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from policyatlas.errors import NotFoundError, ParseError
from policyatlas.frameworks.assess import assess, compact, crosswalk, gaps
from policyatlas.frameworks.loader import builtin_file, builtin_frameworks, load_framework
from policyatlas.frameworks.model import Framework
from policyatlas.model.country import get_country
from policyatlas.store import assessments as store
from policyatlas.store import repository
from policyatlas.store.db import session_scope
from policyatlas.store.schema import AssessmentRow
from policyatlas.views.countries import normalise_country
from policyatlas.views.records import records_json
from policyatlas.views.versions import rank, select_versions


@dataclass(frozen=True)
class Entry:
    """A framework with where it comes from: shipped with PolicyAtlas (``builtin``) or added (``user``)."""

    framework: Framework
    origin: str
    file: str
    added_at: str | None = None


def _moment(value: datetime) -> str:
    """A stored time as ISO 8601 in UTC (SQLite returns them without their zone)."""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="seconds")


def _registry(session: Session) -> dict[str, Entry]:
    entries = {key: Entry(framework, "builtin", builtin_file(key) or f"{key}.yaml")
               for key, framework in builtin_frameworks().items()}
    for row in store.list_frameworks(session):
        try:
            framework = Framework.model_validate(row.definition)
        except ValidationError as exc:
            raise ParseError(f"stored framework {row.id!r} no longer validates ({exc.errors()[0]['msg']}); "
                             "add its file again", path=row.file) from None
        entries.setdefault(row.id, Entry(framework, "user", row.file, _moment(row.added_at)))
    return entries


def _entry(session: Session, framework_id: str) -> Entry:
    entries = _registry(session)
    if framework_id not in entries:
        raise NotFoundError(f"unknown framework {framework_id!r} (known: {', '.join(sorted(entries))})")
    return entries[framework_id]


def _summary(entry: Entry) -> dict[str, Any]:
    framework = entry.framework
    return {
        "id": framework.id, "name": framework.name, "version": framework.version, "origin": entry.origin,
        "file": entry.file, "added_at": entry.added_at, "based_on": framework.based_on,
        "pillars": len(framework.pillars), "indicators": len(framework.indicators),
        "tiers": [t.name for t in sorted(framework.scoring.tiers, key=lambda t: -t.min)],
        "crosswalks_to": sorted({c.partition(":")[0] for i in framework.indicators for c in i.crosswalk}),
    }


def list_frameworks(engine: Engine) -> list[dict[str, Any]]:
    """Every framework: the built-in ones, then those analysts added."""
    with session_scope(engine) as session:
        return [_summary(entry) for entry in _registry(session).values()]


def show_framework(engine: Engine, framework_id: str) -> dict[str, Any]:
    """A framework's summary and whole definition (pillars, indicators, evidence, rules, scoring).

    Raises:
        NotFoundError: no framework has this id.
    """
    with session_scope(engine) as session:
        entry = _entry(session, framework_id)
    return _summary(entry) | {"definition": entry.framework.definition()}


def add_framework(engine: Engine, path: Path) -> dict[str, Any]:
    """Validate a framework file (YAML or JSON) and store it; a framework of the same id is replaced.

    Crosswalk targets are checked against the built-in frameworks and those already added.

    Raises:
        InputError, ParseError: the file cannot be read or is not a valid framework (file, line, reason).
    """
    with session_scope(engine) as session:
        builtins = builtin_frameworks()
        known = {key: entry.framework for key, entry in _registry(session).items()}
        framework = load_framework(path, known, reserved=set(builtins))
        row, replaced = store.save_framework(session, framework_id=framework.id, version=framework.version,
                                             name=framework.name, file=str(path), definition=framework.definition())
        entry = Entry(framework, "user", row.file, _moment(row.added_at))
        return _summary(entry) | {"replaced": replaced}


def _records(session: Session, code: str, as_of: str | None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The country's records that count (current sources, or those current at ``as_of``), oldest
    source first, and those sources."""
    rows = repository.list_records(session, country=code, current_only=False)
    if not rows:
        raise NotFoundError(f"the atlas holds no records about {code}; ingest its documents first")
    chosen = sorted(select_versions(rows, as_of), key=lambda pair: rank(pair[1]))
    sources: dict[str, dict[str, Any]] = {}
    for _, source in chosen:
        sources.setdefault(source.id, {"id": source.id, "file": source.file, "format": source.format,
                                       "lineage": source.lineage, "as_of": source.as_of})
    return records_json(session, chosen), list(sources.values())


def _evaluate(session: Session, code: str, entry: Entry, as_of: str | None) -> dict[str, Any]:
    records, sources = _records(session, code, as_of)
    result = assess(entry.framework, records)
    info = get_country(code)
    return {
        "assessment": None,
        "country": info.to_json() if info else {"code": code},
        "framework": result["framework"] | {"origin": entry.origin},
        "as_of": as_of,
        "assessed_at": None,
        "score": result["score"], "tier": result["tier"], "counts": result["counts"],
        "sources": sources,
        "pillars": result["pillars"],
    }


def assess_country(engine: Engine, country: str, framework_id: str, *, as_of: str | None = None,
                   save: bool = True) -> dict[str, Any]:
    """Assess a country against a framework from the records of the sources current now (or at
    ``as_of``, an ISO date: for each source lineage the newest version not after it; an undated
    source counts from the day it was ingested, as in ``profile --as-of``).

    Every indicator gets met, partly, not_met or unknown with its evidence records; every pillar a
    score and tier; the whole an overall score and tier. The run is stored in ``assessments``
    unless ``save`` is false; its id is ``assessment`` in the result.

    Raises:
        NotFoundError: unknown country or framework, or no records at all about the country.
    """
    code = normalise_country(country)
    with session_scope(engine) as session:
        entry = _entry(session, framework_id)
        result = _evaluate(session, code, entry, as_of)
        if save:
            row = store.add_assessment(
                session, country=code, framework_id=entry.framework.id, framework_version=entry.framework.version,
                as_of=as_of, score=result["score"],
                result=compact({key: value for key, value in result.items() if key not in ("assessment", "assessed_at")}),
            )
            result["assessment"], result["assessed_at"] = row.id, _moment(row.assessed_at)
        return result


def assessment_gaps(result: dict[str, Any]) -> dict[str, Any]:
    """What an assessment finds missing (not met, then unknown), with its context."""
    missing = gaps(result)
    missing.sort(key=lambda item: item["status"] != "not_met")
    keys = ("assessment", "country", "framework", "as_of", "assessed_at", "score", "tier", "counts")
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
        "left": {"id": a.framework.id, "name": a.framework.name, "version": a.framework.version,
                 "score": results[0]["score"] if results[0] else None},
        "right": {"id": b.framework.id, "name": b.framework.name, "version": b.framework.version,
                  "score": results[1]["score"] if results[1] else None},
        "country": (info.to_json() if info else {"code": code}) if code else None,
        "as_of": as_of,
        "pairs": pairs,
    }


def _assessment_json(row: AssessmentRow) -> dict[str, Any]:
    result = dict(row.result)
    return {
        "id": row.id, "country": row.country, "framework": row.framework_id, "framework_version": row.framework_version,
        "as_of": row.as_of, "assessed_at": _moment(row.assessed_at), "score": row.score, "tier": result.get("tier"),
        "counts": result.get("counts"), "result": result,
    }


def list_assessments(engine: Engine, *, country: str | None = None, framework: str | None = None
                     ) -> list[dict[str, Any]]:
    """Stored assessments, oldest first, each with its full result (outcomes and evidence ids)."""
    code = normalise_country(country) if country else None
    with session_scope(engine) as session:
        return [_assessment_json(row) for row in store.list_assessments(session, country=code, framework_id=framework)]

"""Frameworks analysts add, and assessments stored run by run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from policyatlas.errors import PolicyAtlasError
from policyatlas.frameworks.assess import compact
from policyatlas.frameworks.loader import builtin_frameworks, load_framework
from policyatlas.store import assessments as store
from policyatlas.store.db import session_scope, write_scope
from policyatlas.views import assessment as views


def add_framework(engine: Engine, path: Path, *, name: str | None = None) -> dict[str, Any]:
    """Validate a framework file (YAML or JSON) and store it; a framework of the same id is replaced.

    Crosswalk targets are checked against the built-in frameworks and those already added. ``name`` is
    the file's name as the person knows it (an upload's), kept instead of ``path``.

    Raises:
        InputError, ParseError: the file cannot be read or is not a valid framework (file, line, reason).
    """
    with write_scope(engine) as session:  # reads the registry, then writes: one writer at a time
        known = {key: entry.framework for key, entry in views.registry(session).items()}
        try:
            framework = load_framework(path, known, reserved=set(builtin_frameworks()))
        except PolicyAtlasError as exc:
            if name is not None and exc.path == str(path):
                exc.path = name  # the client knows its file, not the server's temporary copy
            raise
        row, replaced = store.save_framework(session, framework_id=framework.id, version=framework.version,
                                             name=framework.name, file=name or str(path),
                                             definition=framework.definition())
        entry = views.Entry(framework, "user", row.file, views.moment(row.added_at))
        return views.summary(entry) | {"replaced": replaced}


def assess_and_store(engine: Engine, country: str, framework_id: str, *, as_of: str | None = None,
                     in_force_at: str | None = None) -> dict[str, Any]:
    """Assess a country (as ``views.assessment.assess_country``: ``as_of`` is the known-at date) and store
    the run; its id is ``assessment`` in the result."""
    result = dict(views.assess_country(engine, country, framework_id, as_of=as_of, in_force_at=in_force_at))
    framework = result["framework"]
    with session_scope(engine) as session:
        row = store.add_assessment(
            session, country=result["country"]["code"], framework_id=framework["id"],
            framework_version=framework["version"], as_of=as_of, score=result["score"],
            result=compact({key: value for key, value in result.items() if key not in ("assessment", "assessed_at")}),
        )
        result["assessment"], result["assessed_at"] = row.id, views.moment(row.assessed_at)
    return result

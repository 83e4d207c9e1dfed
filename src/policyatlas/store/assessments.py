"""Every SQL statement about frameworks analysts add and the assessments stored from each run."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from policyatlas.store.schema import AssessmentRow, FrameworkRow


def get_framework(session: Session, framework_id: str) -> FrameworkRow | None:
    """A framework an analyst added, by id."""
    return session.get(FrameworkRow, framework_id)


def list_frameworks(session: Session) -> Sequence[FrameworkRow]:
    """The frameworks analysts added, by id."""
    return session.scalars(select(FrameworkRow).order_by(FrameworkRow.id)).all()


def save_framework(session: Session, *, framework_id: str, version: str, name: str, file: str,
                   definition: dict[str, Any]) -> tuple[FrameworkRow, bool]:
    """Store a framework, replacing an earlier one of the same id; returns the row and whether it replaced one."""
    row = session.get(FrameworkRow, framework_id)
    replaced = row is not None
    if row is None:
        row = FrameworkRow(id=framework_id)
        session.add(row)
    row.version, row.name, row.file, row.definition = version, name, file, definition
    row.added_at = datetime.now(UTC)
    session.flush()
    return row, replaced


def add_assessment(session: Session, *, country: str, framework_id: str, framework_version: str,
                   as_of: str | None, score: float | None, result: dict[str, Any]) -> AssessmentRow:
    """Store one run of an assessment (assessments are never updated: each run is a new row)."""
    row = AssessmentRow(country=country, framework_id=framework_id, framework_version=framework_version,
                        as_of=as_of, assessed_at=datetime.now(UTC), score=score, result=result)
    session.add(row)
    session.flush()
    return row


def list_assessments(session: Session, *, country: str | None = None, framework_id: str | None = None
                     ) -> Sequence[AssessmentRow]:
    """Stored assessments, oldest run first, optionally of one country and one framework."""
    query = select(AssessmentRow).order_by(AssessmentRow.assessed_at, AssessmentRow.id)
    if country:
        query = query.where(AssessmentRow.country == country)
    if framework_id:
        query = query.where(AssessmentRow.framework_id == framework_id)
    return session.scalars(query).all()


def page_assessments(session: Session, *, country: str | None = None, framework_id: str | None = None,
                     limit: int | None = None, offset: int = 0) -> tuple[int, list[AssessmentRow]]:
    """How many stored assessments (of a country, of a framework) there are, and one page of them, oldest first."""
    count = select(func.count()).select_from(AssessmentRow)
    query = select(AssessmentRow).order_by(AssessmentRow.assessed_at, AssessmentRow.id)
    for column, value in ((AssessmentRow.country, country), (AssessmentRow.framework_id, framework_id)):
        if value:
            count, query = count.where(column == value), query.where(column == value)
    if limit is not None:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    return int(session.execute(count).scalar_one()), list(session.scalars(query))

"""Frameworks and assessments: list, show and add frameworks, assess a country, crosswalk, stored runs."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.responses import Response

from policyatlas.api.deps import ContextDep, EditorDep, EngineDep, date_query, iso_date
from policyatlas.api.errors import AUTH_RESPONSES, PROBLEM_RESPONSE
from policyatlas.api.pagination import Paging, PagingDep, list_response, page_of
from policyatlas.api.uploads import FRAMEWORK_TYPES, media_type, read_upload, safe_name
from policyatlas.schemas.common import Page
from policyatlas.services.frameworks import add_framework, assess_and_store
from policyatlas.views.assessment import (
    assess_country,
    assessment_gaps,
    crosswalk_country,
    list_assessments,
    list_frameworks,
    show_framework,
)

router = APIRouter(tags=["assessment"])
AsOfQuery = Annotated[str | None, date_query("Use the sources as they stood at this date")]
InForceQuery = Annotated[str | None, date_query("Only the facts in force at this date by their own dates")]
KnownQuery = Annotated[str | None, date_query("Another name for as_of: the sources known at this date")]
FrameworkQuery = Annotated[str, Query(description="Framework id (gci, ncsi, ai-readiness, …).")]
GapsQuery = Annotated[bool, Query(description="Only what is missing: not met, then unknown.")]


@router.get("/frameworks", response_model=Page[dict[str, Any]], summary="Assessment frameworks")
def read_frameworks(request: Request, engine: EngineDep, paging: PagingDep) -> Response:
    """The built-in frameworks, then those added (as `policyatlas frameworks list --json`)."""
    frameworks = list_frameworks(engine)
    return list_response(request, paging, lambda limit, offset: page_of(frameworks, Paging(limit, offset)),
                         name="frameworks")


@router.get("/frameworks/{framework_id}", summary="One framework with its definition")
def read_framework(engine: EngineDep, framework_id: str) -> dict[str, Any]:
    """Pillars, indicators, the evidence each needs, scoring and tiers (as
    `policyatlas frameworks show ID --json`)."""
    return show_framework(engine, framework_id)


@router.post("/frameworks", status_code=201, summary="Add a framework file (editor)",
             responses=AUTH_RESPONSES | {413: PROBLEM_RESPONSE, 415: PROBLEM_RESPONSE})
def upload_framework(
    context: ContextDep, editor: EditorDep,
    file: Annotated[UploadFile, File(description="A framework file (YAML or JSON, format: policyatlas-framework).")],
) -> dict[str, Any]:
    """Validate the file and store the framework (one of the same id is replaced: `replaced`). An
    invalid file is a 422 problem naming the line and the reason."""
    media_type(file.content_type, file.filename, FRAMEWORK_TYPES)
    data = read_upload(file, context.max_upload_bytes)
    name = safe_name(file.filename, "framework.yaml")
    with tempfile.TemporaryDirectory(prefix="policyatlas-framework-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return add_framework(context.engine, path, name=name)


@router.get("/assess/{code}", summary="Assess a country against a framework (our checklist, not the index)")
def read_assessment(engine: EngineDep, code: str, framework: FrameworkQuery, as_of: AsOfQuery = None,
                    gaps: GapsQuery = False, in_force_at: InForceQuery = None, known_at: KnownQuery = None
                    ) -> dict[str, Any]:
    """PolicyAtlas's own checklist after the framework, not the official index: each indicator met,
    partly, not met or unknown with its evidence records and their `strength`; each pillar's and the
    overall score with its `coverage` (the score is null, with `score_reason`, when too few
    indicators are known; unknown is never scored as 0); the official value the index published,
    apart, in `published` (as `policyatlas assess CODE --framework ID --json`). Reading stores
    nothing: `assessment` is null; POST stores the run. `in_force_at` and `known_at` are the two time axes."""
    result = assess_country(engine, code, framework, as_of=iso_date(as_of, "as_of"),
                            in_force_at=iso_date(in_force_at, "in_force_at"), known_at=iso_date(known_at, "known_at"))
    return assessment_gaps(result) if gaps else result


@router.post("/assess/{code}", status_code=201, summary="Assess a country and store the run (editor)",
             responses=AUTH_RESPONSES)
def create_assessment(engine: EngineDep, editor: EditorDep, code: str, framework: FrameworkQuery,
                      as_of: AsOfQuery = None, gaps: GapsQuery = False) -> dict[str, Any]:
    """As GET, and the run is stored (see /api/assessments); `assessment` is its id."""
    result = assess_and_store(engine, code, framework, as_of=iso_date(as_of, "as_of"))
    return assessment_gaps(result) if gaps else result


@router.get("/crosswalk", summary="Equivalent indicators of two frameworks")
def read_crosswalk(
    engine: EngineDep,
    left: Annotated[str, Query(alias="from", description="A framework id (gci).")],
    right: Annotated[str, Query(alias="to", description="Another framework id (ncsi).")],
    country: Annotated[str | None, Query(description="With a country: each side's status and shared evidence.")
                       ] = None,
    as_of: AsOfQuery = None,
) -> dict[str, Any]:
    """The indicators the frameworks declare equivalent (as `policyatlas crosswalk A B --json`)."""
    return crosswalk_country(engine, left, right, country=country, as_of=iso_date(as_of, "as_of"))


@router.get("/assessments", response_model=Page[dict[str, Any]], summary="Stored assessments")
def read_assessments(
    request: Request, engine: EngineDep, paging: PagingDep,
    country: Annotated[str | None, Query(description="ISO code or name.")] = None,
    framework: Annotated[str | None, Query(description="Only this framework.")] = None,
) -> Response:
    """Stored runs, oldest first, each with its full result (as `policyatlas assessments --json`)."""
    return list_response(request, paging, lambda limit, offset: list_assessments(
        engine, country=country, framework=framework, limit=limit, offset=offset), name="assessments")

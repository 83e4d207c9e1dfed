"""Entities (one real thing across sources), people and organisations (Popolo), and the review queue."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from policyatlas.api.deps import EditorDep, EngineDep
from policyatlas.api.errors import AUTH_RESPONSES, PROBLEM_RESPONSE
from policyatlas.api.pagination import MAX_ID, PagingDep, json_response, list_response
from policyatlas.schemas.common import Page
from policyatlas.schemas.entities import DecisionOut, EntityDetailOut, EntityOut, PopoloOut, ReviewOut
from policyatlas.services import entities as services
from policyatlas.views import entities as views

router = APIRouter(tags=["entities"])
#: What an entity's path may end with to act on it (POST only).
ACTIONS = ("merge", "split")
CountryQuery = Annotated[str | None, Query(description="ISO code or name.")]


class MergeRequest(BaseModel):
    """Fold the entity of the path into another one."""

    model_config = ConfigDict(extra="forbid")
    into: str = Field(min_length=1, max_length=160, description="The entity that stays.")


class ReviewDecision(BaseModel):
    """A person's decision on a pair the resolver was unsure about."""

    model_config = ConfigDict(extra="forbid")
    decision: Literal["merge", "reject"] = Field(description="`merge` the two entities or `reject` (keep apart).")


@router.get("/entities", response_model=Page[EntityOut], summary="Entities")
def read_entities(request: Request, engine: EngineDep, paging: PagingDep, country: CountryQuery = None,
                  kind: Annotated[str | None, Query(description="Entity kind (law, person, cert…).")] = None
                  ) -> Response:
    """Entities by id (as `policyatlas entities list --json`)."""
    return list_response(request, paging, lambda limit, offset: views.list_entities(
        engine, kind=kind, country=country, limit=limit, offset=offset), name="entities")


@router.get("/entities/{entity_id:path}", response_model=EntityDetailOut,
            summary="One entity with its records and sources")
def read_entity(engine: EngineDep, entity_id: str,
                history: Annotated[bool, Query(description="Include superseded source versions.")] = False
                ) -> Response:
    """An entity (ids contain slashes: `/api/entities/mx/cert/cert-mx`), every record that speaks of
    it with its role there, and their sources (as `policyatlas entity ID --json`)."""
    parts = entity_id.split("/")
    if len(parts) == 4 and parts[-1] in ACTIONS:  # an id is country/kind/slug: this is an action's path
        raise HTTPException(405, headers={"Allow": "POST"})
    return json_response(views.get_entity(engine, entity_id, history=history))


@router.post("/entities/{entity_id:path}/merge", response_model=EntityOut,
             summary="Merge an entity into another (editor)", responses=AUTH_RESPONSES | {409: PROBLEM_RESPONSE})
def merge_entity(engine: EngineDep, editor: EditorDep, entity_id: str, body: MergeRequest) -> EntityOut:
    """Fold the entity into `into` (same family only): its records, links and names move. Answers
    the entity that stays (as `policyatlas entities merge A B --json`)."""
    return services.merge_entities(engine, entity_id, body.into)


class SplitRequest(BaseModel):
    """Records of the entity of the path that speak of another thing."""

    model_config = ConfigDict(extra="forbid")
    records: list[str] = Field(min_length=1, description="Ids of the records to move to a new entity.")


@router.post("/entities/{entity_id:path}/split", response_model=EntityOut,
             summary="Split records off an entity (editor)", responses=AUTH_RESPONSES | {409: PROBLEM_RESPONSE})
def split_entity(engine: EngineDep, editor: EditorDep, entity_id: str, body: SplitRequest) -> EntityOut:
    """Move the records to a new entity of the same kind; the pair is kept apart from then on
    (as `policyatlas entities split ID RECORD… --json`)."""
    return services.split_entity(engine, entity_id, body.records)


@router.get("/people", response_model=Page[PopoloOut], summary="People (Popolo persons)")
def read_people(request: Request, engine: EngineDep, paging: PagingDep, country: CountryQuery = None) -> Response:
    """People with their roles as memberships, statements and sources (as `policyatlas people --json`)."""
    return list_response(request, paging, lambda limit, offset: views.list_people(
        engine, country=country, limit=limit, offset=offset), name="people")


@router.get("/orgs", response_model=Page[PopoloOut], summary="Organisations (Popolo organizations)")
def read_orgs(request: Request, engine: EngineDep, paging: PagingDep, country: CountryQuery = None) -> Response:
    """Agencies, CERTs and bodies named in records, with where they appear (as `policyatlas orgs --json`)."""
    return list_response(request, paging, lambda limit, offset: views.list_orgs(
        engine, country=country, limit=limit, offset=offset), name="orgs")


@router.get("/reviews", response_model=Page[ReviewOut], summary="The entity review queue")
def read_reviews(
    request: Request, engine: EngineDep, paging: PagingDep,
    status: Annotated[Literal["pending", "merged", "rejected", "all"], Query(description="Which items.")] = "pending",
) -> Response:
    """Pairs of entities the resolver asks a person to confirm or reject (as
    `policyatlas entities review --json`)."""
    return list_response(request, paging, lambda limit, offset: views.list_reviews(
        engine, status=None if status == "all" else status, limit=limit, offset=offset), name="reviews")


@router.post("/reviews/{review_id}", response_model=DecisionOut, summary="Decide a review item (editor)",
             responses=AUTH_RESPONSES | {409: PROBLEM_RESPONSE})
def decide_review(engine: EngineDep, editor: EditorDep, review_id: Annotated[int, Path(ge=1, le=MAX_ID)],
                  body: ReviewDecision) -> DecisionOut:
    """Merge the pair or keep it apart; the decision is kept for good."""
    return services.decide_review(engine, review_id, merge=body.decision == "merge")

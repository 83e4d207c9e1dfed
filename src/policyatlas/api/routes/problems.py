"""The catalogue of problem types: what each ``type`` of a problem details answer means."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from policyatlas.api.errors import PROBLEM_TYPES, PROBLEMS_BY_CODE
from policyatlas.errors import NotFoundError

router = APIRouter(tags=["problems"])


def _problem_json(code: str) -> dict[str, Any]:
    problem = PROBLEMS_BY_CODE[code]
    return {"type": f"/api/problems/{code}", "code": code, "status": problem.status, "title": problem.title,
            "description": problem.description}


@router.get("/problems", summary="The kinds of problems the API reports")
def read_problems() -> list[dict[str, Any]]:
    """Every problem `type` with its code, HTTP status, title and what to do about it."""
    return [_problem_json(p.code) for p in PROBLEM_TYPES]


@router.get("/problems/{code}", summary="One kind of problem")
def read_problem(code: str) -> dict[str, Any]:
    """What a problem `type` means."""
    if code not in PROBLEMS_BY_CODE:
        raise NotFoundError(f"no problem type {code!r} (see /api/problems)")
    return _problem_json(code)

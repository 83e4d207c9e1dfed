"""Policy measures for the world map: what the map can be coloured by, and each country's class and label."""

from __future__ import annotations

from fastapi import APIRouter

from policyatlas.api.deps import EngineDep
from policyatlas.views.measures import MapMeasure, MeasureInfo, get_measure, list_measures

router = APIRouter(tags=["map"])


@router.get("/measures", response_model=list[MeasureInfo], summary="Measures the map can show")
def read_measures() -> list[MeasureInfo]:
    """The policy measures a world map can be coloured by (national strategy, CSIRT, data protection authority,
    Paris Call and Counter Ransomware Initiative membership, GCI, NCSI, AI laws, GDB data protection), the
    default first."""
    return list_measures()


@router.get("/measures/{measure}", response_model=MapMeasure, summary="One measure, country by country")
def read_measure(engine: EngineDep, measure: str) -> MapMeasure:
    """Every country the atlas can say something about for this measure: its class (``c-1``…``c-4`` from low to
    high or recent to early, ``c-no`` where a source says no, ``c-undated`` where the year is unknown), a label,
    the value as published and its citation; and the legend with counts. A country not listed has no data:
    the atlas holds nothing about it for this measure (which is not "no")."""
    return get_measure(engine, measure)

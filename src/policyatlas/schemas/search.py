"""Search hits and pages of them."""

from __future__ import annotations

from pydantic import Field

from policyatlas.schemas.common import DateOut, Out, Page
from policyatlas.schemas.records import ProvenanceOut


class SearchHitOut(Out):
    """What matched (a record, or a whole document when ``record`` is null), where, and why."""

    record: str | None
    source: str
    kind: str
    country: str | None
    title: str
    snippet: str = Field(description="Safe HTML: the text escaped, every match between <mark> and </mark>.")
    score: float
    others: int = Field(0, description="Other matches of the same entity (in other sources or sections) that this "
                                       "hit stands for: each entity is one hit, its best match.")
    date: DateOut | None
    current: bool
    provenance: ProvenanceOut


class SearchPage(Page[SearchHitOut]):
    """A page of hits, with the query as understood and facets over all matches."""

    query: str
    facets: dict[str, dict[str, int]] = Field(description="Counts of all hits (each entity once) by country, kind "
                                                          "and year.")

"""What a single page of the portal shows of one thing: a record with its revisions, a source with its text."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from policyatlas.schemas.common import Out
from policyatlas.schemas.records import RecordOut
from policyatlas.schemas.sources import LineOut, SourceOut


class RevisionBrief(Out):
    """An edit of a record as its page lists it."""

    number: int
    author: str
    comment: str | None
    created_at: datetime
    changes: list[dict[str, Any]] = Field(default_factory=list, description="Each field it changed: field, from, to.")


class RecordDetail(Out):
    """A record's page: the record as corrected, its source, its ETag and its revisions, newest first."""

    record: RecordOut
    source: SourceOut
    etag: str
    revisions: list[RevisionBrief]


class SourcePage(Out):
    """A source's page: its metadata, its records (as corrected) and its text line by line."""

    source: SourceOut
    records: list[RecordOut]
    lines: list[LineOut]


class RecentRevision(Out):
    """A recent correction, with the record it changed."""

    record: str
    title: str
    country: str | None
    author: str
    number: int
    created_at: datetime

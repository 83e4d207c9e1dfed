"""The feed of changes: the newest changes to the atlas's records, as the Atom feed gives them."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from policyatlas.schemas.common import Out


class FeedEntry(Out):
    """One change: a record added, changed or gone in a new version of a source, or corrected by an editor."""

    change: str = Field(description="added, changed, gone or edited.")
    updated: str = Field(description="When it changed: the date the source speaks of, or the edit's time (ISO).")
    country: str
    kind: str
    title: str
    record: str
    source: str
    file: str
    author: str | None = None
    fields: list[dict[str, Any]] = Field(default_factory=list, description="Each field's before and after.")


class FeedOut(Out):
    """The newest changes, newest first, with the filters that chose them."""

    country: str | None
    kind: str | None
    entries: list[FeedEntry]

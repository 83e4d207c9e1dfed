"""The feed of changes: the newest changes to records (per country and kind when asked), newest first.

A change is what ``history`` reports (a record added, changed or gone from one version of a source to the
next, or an editor's correction). Without a country, the countries looked at are those of the most recently
ingested sources (a page of them, chosen by the database), so a feed never reads the whole atlas's history."""

from __future__ import annotations

from sqlalchemy import Engine

from policyatlas.schemas.feed import FeedEntry, FeedOut
from policyatlas.views.countries import normalise_country
from policyatlas.views.history import get_history
from policyatlas.views.sources import list_sources

#: Changes a feed gives at most.
FEED_SIZE = 50
#: Newest sources whose countries a feed over every country looks at.
RECENT_SOURCES = 50


def _countries(engine: Engine) -> list[str]:
    recent = list_sources(engine, limit=RECENT_SOURCES, newest_first=True)
    return list(dict.fromkeys(s.country for s in recent if s.country))


def recent_changes(engine: Engine, *, country: str | None = None, kind: str | None = None,
                   limit: int = FEED_SIZE) -> FeedOut:
    """The ``limit`` newest changes (of one country and record kind when given), newest first."""
    code = normalise_country(country) if country else None
    entries: list[FeedEntry] = []
    for each in [code] if code else _countries(engine):
        for change in get_history(engine, each, kind=kind).changes[-limit:]:
            # When the atlas learned of it: an edit's time, else when its source came in (a source's own
            # date may be years earlier, or missing).
            learned = change.date if change.date_basis == "edited" else change.ingested_at or change.date
            entries.append(FeedEntry(change=change.change, updated=learned or "", country=each, kind=change.kind,
                                     title=change.title, record=change.record, source=change.source,
                                     file=change.file, author=change.get("author"),
                                     fields=[f.model_dump(mode="json", by_alias=True) for f in change.fields]))
    entries.sort(key=lambda e: (e.updated, e.record), reverse=True)
    return FeedOut(country=code, kind=kind, entries=entries[:limit])

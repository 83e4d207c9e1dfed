"""The two time axes every dated read follows: ``in_force_at`` (what existed at a date, by the facts' own
dates) and ``known_at`` (what the sources published, or ingested when they give no date, by a date said).

``as_of`` is the older name of ``known_at`` (kept: it is part of the CLI's and the API's contract).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from policyatlas.errors import ConfigError


@dataclass(frozen=True)
class Axes:
    """The date(s) a read follows; None on an axis means "now"."""

    in_force_at: str | None = None
    known_at: str | None = None

    @property
    def dated(self) -> bool:
        return self.in_force_at is not None or self.known_at is not None

    @property
    def edits_before(self) -> datetime | None:
        """Corrections made before this moment are known at ``known_at`` (None: every one)."""
        return period_end(self.known_at) if self.known_at is not None else None

    def describe(self) -> str:
        """``in force at 2015, known at 2021`` (empty when neither is set)."""
        parts = [f"in force at {self.in_force_at}" if self.in_force_at else "",
                 f"known at {self.known_at}" if self.known_at else ""]
        return ", ".join(p for p in parts if p)


def axes(*, in_force_at: str | None = None, known_at: str | None = None, as_of: str | None = None) -> Axes:
    """The axes asked for; ``as_of`` is an alias of ``known_at``.

    Raises:
        ConfigError: ``as_of`` and ``known_at`` both given, with different dates.
    """
    if as_of is not None and known_at is not None and as_of != known_at:
        raise ConfigError(f"as_of {as_of} and known_at {known_at} disagree (as_of is another name for known_at)")
    return Axes(in_force_at=in_force_at, known_at=known_at if known_at is not None else as_of)


def period_end(at: str) -> datetime:
    """The first moment after the period ``at`` names (``2015`` → 2016-01-01 00:00 UTC): what was
    recorded before it was known at ``at``."""
    parts = [int(p) for p in at.split("-")]
    if len(parts) == 1:
        return datetime(parts[0] + 1, 1, 1, tzinfo=UTC)
    if len(parts) == 2:
        year, month = parts
        return datetime(year + month // 12, month % 12 + 1, 1, tzinfo=UTC)
    return datetime(parts[0], parts[1], parts[2], tzinfo=UTC) + timedelta(days=1)

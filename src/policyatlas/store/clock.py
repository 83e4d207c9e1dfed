"""The time ingest stamps on what it writes: now, or the fixed moment of a reproducible build.

``SOURCE_DATE_EPOCH`` (seconds since 1970, the reproducible-builds convention) fixes the time, so
that building the bundled data package twice from the same curated files gives the same bytes.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from policyatlas.errors import ConfigError


def ingest_time() -> datetime:
    """The time to stamp a new source or entity with (UTC)."""
    fixed = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not fixed:
        return datetime.now(UTC)
    try:
        return datetime.fromtimestamp(int(fixed), UTC)
    except (ValueError, OverflowError, OSError):
        raise ConfigError(f"SOURCE_DATE_EPOCH={fixed!r} is not a number of seconds since 1970") from None

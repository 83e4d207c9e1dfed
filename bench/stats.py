"""The arithmetic of the figures: percentiles, min and median over interleaved rounds, ratios."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) with linear interpolation between closest ranks (numpy's default).

    Raises:
        ValueError: no values, or ``q`` outside 0-100.
    """
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile {q} is outside 0-100")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def median(values: Sequence[float]) -> float:
    return percentile(values, 50)


def summary(values: Sequence[float]) -> dict[str, Any]:
    """Min and median of one figure over the rounds of a run (and the rounds themselves)."""
    if not values:
        return {"min": None, "median": None, "max": None, "n": 0, "rounds": []}
    return {"min": min(values), "median": median(values), "max": max(values), "n": len(values),
            "rounds": list(values)}


def latency_summary(seconds: Sequence[float]) -> dict[str, Any]:
    """Latencies of one round in milliseconds: p50, p95, p99, max and the count."""
    if not seconds:
        return {"n": 0}
    ms = [s * 1000 for s in seconds]
    return {"n": len(ms), "p50": percentile(ms, 50), "p95": percentile(ms, 95), "p99": percentile(ms, 99),
            "max": max(ms)}


def ratio(ours: float | None, baseline: float | None) -> float | None:
    """``ours / baseline``; None when either is missing or the baseline is zero."""
    if ours is None or baseline is None or baseline == 0:
        return None
    return ours / baseline

"""Figures the reliability tests measure (kills, writes, cases, files), kept in test-artifacts/ for docs/reliability.md."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIGURES = Path(__file__).resolve().parents[1] / "test-artifacts" / "reliability"


def record(name: str, **figures: Any) -> None:
    """Write one test's figures to ``test-artifacts/reliability/NAME.json`` (not committed)."""
    FIGURES.mkdir(parents=True, exist_ok=True)
    (FIGURES / f"{name}.json").write_text(json.dumps(figures, indent=1, default=str) + "\n", encoding="utf-8")

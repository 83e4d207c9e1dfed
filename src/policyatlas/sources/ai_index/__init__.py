"""The AI Index (Stanford HAI): its policy chapter's country tables as published index values."""

from __future__ import annotations

from policyatlas.sources.ai_index.parser import AiIndexTableParser

__all__ = ["AiIndexTableParser"]

"""National strategies: their documents (plain text, PDF, DOCX) and panels of which countries have one."""

from policyatlas.sources.strategies.panel import StrategyPanelParser
from policyatlas.sources.strategies.parser import StrategyDocumentParser

__all__ = ["StrategyDocumentParser", "StrategyPanelParser"]

"""National strategy documents (plain text, PDF, DOCX): title, country, language, adoption, sections."""

from policyatlas.sources.strategies.parser import StrategyDocumentParser

__all__ = ["StrategyDocumentParser"]

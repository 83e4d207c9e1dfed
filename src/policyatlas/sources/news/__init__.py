"""News articles and other prose: people, organisations, bills and their stages, statements."""

from policyatlas.sources.news.parser import NewsArticleParser, ProseDocumentParser

__all__ = ["NewsArticleParser", "ProseDocumentParser"]

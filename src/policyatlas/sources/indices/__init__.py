"""Published index tables (GCI, NCSI, CEI, DDL) as CSV."""

from policyatlas.sources.indices.parser import IndexTableParser

__all__ = ["IndexTableParser"]

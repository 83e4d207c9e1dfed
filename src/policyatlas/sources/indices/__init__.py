"""Country-level tables: published index tables (GCI, NCSI, CEI, DDL) and organisations' member lists (CSV)."""

from policyatlas.sources.indices.members import MembershipTableParser
from policyatlas.sources.indices.parser import IndexTableParser

__all__ = ["IndexTableParser", "MembershipTableParser"]

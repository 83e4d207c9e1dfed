"""International initiatives and their members: the Paris Call's supporter files and member statements
(joint statements that name an initiative's members in a prose list, such as the Counter Ransomware
Initiative's)."""

from __future__ import annotations

from policyatlas.sources.memberships.paris_call import ParisCallSupporterParser
from policyatlas.sources.memberships.statements import MemberStatementParser

__all__ = ["MemberStatementParser", "ParisCallSupporterParser"]

"""The atlas's own assessment checklists after published frameworks (GCI-style, NCSI-style, AI readiness…) as
data files, and their evaluation: outcomes, evidence strength, coverage and scores over the known indicators."""

from __future__ import annotations

from policyatlas.frameworks.assess import assess, crosswalk, gaps
from policyatlas.frameworks.loader import builtin_frameworks, load_framework, load_framework_text
from policyatlas.frameworks.model import OUTCOMES, Framework, Indicator, Pillar

__all__ = ["OUTCOMES", "Framework", "Indicator", "Pillar", "assess", "builtin_frameworks", "crosswalk", "gaps",
           "load_framework", "load_framework_text"]

"""Assessment frameworks (ITU GCI, AI readiness, NCSI-style…) as data files, and their evaluation."""

from __future__ import annotations

from policyatlas.frameworks.assess import assess, crosswalk, gaps
from policyatlas.frameworks.loader import builtin_frameworks, load_framework, load_framework_text
from policyatlas.frameworks.model import OUTCOMES, Framework, Indicator, Pillar

__all__ = ["OUTCOMES", "Framework", "Indicator", "Pillar", "assess", "builtin_frameworks", "crosswalk", "gaps",
           "load_framework", "load_framework_text"]

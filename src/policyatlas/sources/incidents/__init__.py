"""Incidents: VERIS JSON, the VCDB bulk export and the CFR Cyber Operations Tracker."""

from policyatlas.sources.incidents.cfr import CfrTrackerParser
from policyatlas.sources.incidents.vcdb import VcdbExportParser
from policyatlas.sources.incidents.veris import VerisParser

__all__ = ["CfrTrackerParser", "VcdbExportParser", "VerisParser"]

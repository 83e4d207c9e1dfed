"""Data protection: the authorities that supervise it (Datenanfragen.de database) and the Global Data
Barometer's published scores and evidence."""

from __future__ import annotations

from policyatlas.sources.data_protection.authorities import SupervisoryAuthorityParser
from policyatlas.sources.data_protection.barometer import BarometerParser

__all__ = ["BarometerParser", "SupervisoryAuthorityParser"]

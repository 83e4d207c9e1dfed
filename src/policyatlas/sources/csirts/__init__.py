"""Computer security incident response teams: the EU CSIRTs Network's list of its members' publications."""

from __future__ import annotations

from policyatlas.sources.csirts.network import CsirtsNetworkParser

__all__ = ["CsirtsNetworkParser"]

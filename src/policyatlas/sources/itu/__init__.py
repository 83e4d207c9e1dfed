"""ITU Cyberwellness country profiles (numbered sections 1.1 … 2.4)."""

from policyatlas.sources.itu.parser import ItuProfileParser

__all__ = ["ItuProfileParser"]

"""Portal-style country profiles in every rendering (Markdown, HTML, pasted web text, PDF text)."""

from policyatlas.sources.profiles.parser import CountryProfileParser

__all__ = ["CountryProfileParser"]

"""PolicyAtlas: a structured, versioned, source-linked atlas of national cyber and AI policy."""

__version__ = "0.1.0"

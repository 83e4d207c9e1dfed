"""PolicyAtlas's own open dataset (YAML)."""

from policyatlas.sources.dataset.parser import AtlasDatasetParser

__all__ = ["AtlasDatasetParser"]

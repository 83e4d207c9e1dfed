"""Readable, stable slugs for entity ids (``mx/law/ley-de-seguridad-nacional``)."""

from __future__ import annotations

import hashlib
import re

from policyatlas.text.titles import fold


def slug(text: str, limit: int = 80) -> str:
    """A lowercase ASCII slug; long ones are cut and end with a short hash of the whole."""
    base = re.sub(r"\s+", "-", fold(text)) or "untitled"
    if len(base) <= limit:
        return base
    digest = hashlib.sha256(base.encode()).hexdigest()[:8]
    return f"{base[: limit - 9].rstrip('-')}-{digest}"

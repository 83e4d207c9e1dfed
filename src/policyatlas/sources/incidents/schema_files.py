"""The VERIS schema's own files (JSON Schema, enumerations, labels, key names, country codes): known, and not
documents to ingest — they describe incidents and hold none; ``POLICYATLAS_VERIS_SCHEMA`` points at them."""

from __future__ import annotations

import json
import re
from typing import Any

_KEY_LINE = re.compile(r"[a-z][a-z0-9_]*(?:\.[A-Za-z0-9_][A-Za-z0-9_ \-]*)*")
_VERIS_TOP = frozenset({"action", "actor", "asset", "attribute", "discovery_method", "impact", "plus", "reference",
                        "schema_version", "security_incident", "victim", "timeline", "value_chain", "incident_id"})
_ENUM_KEYS = frozenset({"security_incident", "confidence", "action", "actor", "victim", "timeline"})


def _json(data: bytes) -> Any:
    if not data[:16].lstrip().startswith(b"{") or len(data) > 2_000_000:
        return None
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None


def veris_schema_file(data: bytes) -> str | None:
    """What part of the VERIS schema the bytes are, or None when they are not one of its files."""
    value = _json(data)
    if isinstance(value, dict):
        if "$schema" in value and "VERIS" in str(value.get("description", "")):
            return "the VERIS JSON schema"
        incident = value.get("security_incident")
        if len(_ENUM_KEYS & set(value)) >= 4 and "incident_id" not in value and isinstance(incident, list | dict) \
                and len(incident) >= 2:
            return "the VERIS enumerations" if isinstance(incident, list) else "the VERIS labels"
        items = list(value.items())
        if len(items) >= 50 and all(isinstance(k, str) and isinstance(v, str) for k, v in items):
            codes = sum(1 for k, v in items if re.fullmatch(r"[A-Z]{2}", k) or re.fullmatch(r"[A-Z]{2}", v))
            if codes >= 0.9 * len(items):
                return "a table of country codes (VERIS's country lookup)"
        return None
    if value is not None:
        return None
    if len(data) > 200_000:
        return None
    try:
        lines = [line.strip() for line in data.decode("utf-8").splitlines() if line.strip()]
    except UnicodeDecodeError:
        return None
    if len(lines) >= 20 and all(_KEY_LINE.fullmatch(line) for line in lines) and sum(
            line.split(".", 1)[0] in _VERIS_TOP for line in lines) >= 0.5 * len(lines):
        return "the list of VERIS field names"
    return None

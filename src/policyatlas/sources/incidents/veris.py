"""VERIS incident records (JSON, as in the VERIS Community Database) into incident records."""

from __future__ import annotations

import copy
import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]

from policyatlas.errors import ConfigError, ParseError
from policyatlas.model.country import get_country, resolve_country
from policyatlas.model.dates import FuzzyDate
from policyatlas.model.record import Actor, Link, ParsedSource, Record
from policyatlas.sources.base import NO_OPTIONS, ParseOptions, decode_text
from policyatlas.sources.incidents.naics import clean_naics, naics_sector

#: The newest VERIS version known here (top of the vz-risk/veris changelog), used when no schema is set.
LATEST_VERIS_VERSION = "1.4.1"
#: The environment variable naming a vz-risk/veris checkout (or schema file) to validate records against.
SCHEMA_ENV = "POLICYATLAS_VERIS_SCHEMA"
#: VERIS action categories, in the order the VERIS documentation lists them.
ACTIONS: tuple[str, ...] = ("hacking", "malware", "social", "error", "misuse", "physical", "environmental", "unknown")
_SMALL = frozenset({"Small", "1 to 10", "11 to 100", "101 to 1000"})
_LARGE = frozenset({"Large", "1001 to 10000", "10001 to 25000", "25001 to 50000", "50001 to 100000", "Over 100000"})
_NO_COUNTRY = frozenset({"", "unknown", "other", "none"})  # "NA" is Namibia
_URL = re.compile(r"https?://[^\s,;<>\"']+")
_SENTENCE_END = re.compile(r"[.!?][\"”')\]]?\s+")
_ABBREVIATION = re.compile(r"(?:\b(?:[A-Z]\.)+|\b(?:Mr|Mrs|Ms|Dr|St|Inc|Co|Corp|Ltd|No|Jr|Sr|vs|etc|approx|Dept|Gov)\.)$")
_MAX_SCHEMA_WARNINGS = 12
Warn = Callable[[str], None]


def _version_key(version: str) -> tuple[int, ...] | None:
    parts = version.strip().split(".")
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else None


def _merge_enums(schema: dict[str, Any], enums: Mapping[str, Any]) -> None:
    """Write the allowed values of verisc-enum.json into the JSON schema they belong to."""
    for key, allowed in enums.items():
        node = schema.get("properties", {}).get(key)
        if not isinstance(node, dict):
            continue
        if node.get("type") == "array" and isinstance(node.get("items"), dict):
            node = node["items"]
        if isinstance(allowed, list):
            node["enum"] = allowed
        elif isinstance(allowed, Mapping):
            _merge_enums(node, allowed)


@dataclass(frozen=True)
class VerisSchema:
    """A VERIS JSON schema with its enumerations, and the VERIS version it describes."""

    version: str
    schema: dict[str, Any]

    @cached_property
    def _validator(self) -> Any:
        return jsonschema.Draft4Validator(self.schema)

    def check(self, record: Mapping[str, Any]) -> list[str]:
        """One-line warnings for each place the record departs from the schema (never raises)."""
        messages: list[str] = []
        errors = sorted(self._validator.iter_errors(record), key=lambda e: [str(p) for p in e.absolute_path])
        for error in errors:
            where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path).lstrip(".")
            if error.validator == "enum":
                messages.append(f"{where}: {error.instance!r} is not a VERIS {self.version} value (retired or unknown)")
            else:
                messages.append(f"{where or 'record'}: {' '.join(str(error.message).split())[:160]}")
        if len(messages) > _MAX_SCHEMA_WARNINGS:
            rest = len(messages) - _MAX_SCHEMA_WARNINGS
            messages = messages[:_MAX_SCHEMA_WARNINGS] + [f"… and {rest} more departures from VERIS {self.version}"]
        return messages


def load_veris_schema(path: Path) -> VerisSchema:
    """Read the VERIS schema from a vz-risk/veris checkout (or its ``verisc*.json`` files).

    A directory gives ``verisc-merged.json`` (schema with enumerations) when present, else
    ``verisc.json`` with the values of ``verisc-enum.json`` merged in.

    Raises:
        ConfigError: the files are missing or are not a JSON schema.
    """
    files = [path] if path.is_file() else [path / "verisc-merged.json", path / "verisc.json"]
    found = next((f for f in files if f.is_file()), None)
    if found is None:
        raise ConfigError(f"no VERIS schema (verisc-merged.json or verisc.json) in {path}")
    try:
        schema = json.loads(found.read_text(encoding="utf-8"))
        enum_file = found.with_name("verisc-enum.json")
        if found.name == "verisc.json" and enum_file.is_file():
            schema = copy.deepcopy(schema)
            _merge_enums(schema, json.loads(enum_file.read_text(encoding="utf-8")))
        jsonschema.Draft4Validator.check_schema(schema)
    except (OSError, ValueError, jsonschema.SchemaError) as exc:
        raise ConfigError(f"cannot read the VERIS schema {found}: {exc}") from None
    match = re.search(r"(\d+\.\d+(?:\.\d+)?)", str(schema.get("description", "")))
    default = schema.get("properties", {}).get("schema_version", {}).get("default")
    return VerisSchema(match.group(1) if match else str(default or LATEST_VERIS_VERSION), schema)


# -- coercion of loosely typed values ----------------------------------------------------------
def as_int(value: object) -> int | None:
    """An integer from an int, an integral float or a numeric string ("2013", "2013.0"); else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str):
        try:
            number = float(value.strip().replace(",", ""))
        except ValueError:
            return None
        return int(number) if number.is_integer() else None
    return None


def as_strings(value: object) -> list[str]:
    """A list of non-blank strings from a string, a number or a list of them (others dropped)."""
    items = value if isinstance(value, list) else [value]
    found: list[str] = []
    for item in items:
        if isinstance(item, bool) or item is None or isinstance(item, dict | list):
            continue
        text = str(as_int(item) if isinstance(item, float) and item.is_integer() else item).strip()
        if text and text not in found:
            found.append(text)
    return found


@lru_cache(maxsize=4096)
def _country_code(name: str) -> str | None:
    return None if name.casefold() in _NO_COUNTRY else resolve_country(name)


@lru_cache(maxsize=1024)
def _country_name(code: str) -> str:
    info = get_country(code)
    return info.name if info else code


def country_refs(codes: list[str]) -> list[dict[str, str | None]]:
    """``{"code", "name"}`` for each ISO alpha-2 code."""
    return [{"code": code, "name": _country_name(code)} for code in codes]


def first_sentence(text: str, limit: int = 200) -> str:
    """The first sentence of a summary (skipping abbreviations such as "U.S."), cut at ``limit``."""
    text = " ".join(text.split())
    for match in _SENTENCE_END.finditer(text):
        head = text[: match.start() + 1]
        if len(head) >= 12 and not _ABBREVIATION.search(head):
            text = text[: match.end()].strip()
            break
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def incident_date(parts: object, warn: Warn) -> FuzzyDate | None:
    """The date of ``timeline.incident`` with the precision it is given to (day, month or year)."""
    if not isinstance(parts, Mapping):
        return None
    year, month, day = as_int(parts.get("year")), as_int(parts.get("month")), as_int(parts.get("day"))
    if year is None or not 1900 <= year <= 2100:
        if parts.get("year") not in (None, ""):
            warn(f"timeline.incident.year {parts.get('year')!r} is not a year")
        return None
    if month is None or not 1 <= month <= 12:
        if parts.get("month") not in (None, ""):
            warn(f"timeline.incident.month {parts.get('month')!r} is not a month; year kept")
        return FuzzyDate(f"{year:04d}", "year")
    if day is not None:
        try:
            return FuzzyDate(date(year, month, day).isoformat(), "day")
        except ValueError:
            warn(f"timeline.incident.day {parts.get('day')!r} is not a day of {year:04d}-{month:02d}; month kept")
    return FuzzyDate(f"{year:04d}-{month:02d}", "month")


def _discovery(value: object) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if not isinstance(value, Mapping):
        return []
    found: list[str] = []
    for how, detail in value.items():
        varieties = as_strings(detail.get("variety")) if isinstance(detail, Mapping) else []
        if varieties:
            found.extend(f"{how}: {v}" for v in varieties)
        else:
            found.append(str(how))
    return found


@dataclass
class Incident:
    """The facts of one incident, from a VERIS record or a row of an incident table."""

    incident_id: str
    dataset: str
    summary: str | None = None
    title: str | None = None
    victim_countries: list[str] = field(default_factory=list)
    victim_names: list[str] = field(default_factory=list)
    industry: str | None = None
    size: str | None = None
    actions: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    date: FuzzyDate | None = None
    records_affected: int | None = None
    discovery_method: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    sponsor: list[dict[str, str | None]] | None = None
    victims: list[dict[str, str | None]] | None = None
    type: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_record(self, section: str, line_start: int, line_end: int) -> Record:
        """The ``incident`` record, with the attributes every incident source shares."""
        size_group = "small" if self.size in _SMALL else "large" if self.size in _LARGE else "unknown"
        year = int(self.date.value[:4]) if self.date and self.date.value else None
        attributes: dict[str, Any] = {
            "incident_id": self.incident_id,
            "victim_countries": list(self.victim_countries),
            "industry": self.industry,
            "sector": naics_sector(self.industry),
            "size": self.size,
            "size_group": size_group,
            "actions": list(self.actions),
            "action_varieties": {name: dict(detail) for name, detail in self.actions.items()},
            "records_affected": self.records_affected,
            "discovery_method": list(self.discovery_method),
            "year": year,
            "dataset": self.dataset,
            "sponsor": self.sponsor,
            "victims": self.victims if self.victims is not None else country_refs(self.victim_countries),
            "type": self.type,
            **self.attributes,
        }
        country = self.victim_countries[0] if self.victim_countries else None
        return Record(
            kind="incident",
            country=country,  # None when no victim country is known
            section=section,
            title=self.title or (first_sentence(self.summary) if self.summary else f"Incident {self.incident_id}"),
            line_start=line_start,
            line_end=line_end,
            dates=(self.date,) if self.date else (),
            description=self.summary,
            actors=tuple(Actor(name, "victim") for name in self.victim_names),
            links=tuple(Link("reference", url) for url in self.references),
            attributes=attributes,
            extra=dict(self.extra),
        )


def read_incident(data: Mapping[str, Any], dataset: str, warn: Warn) -> Incident:
    """The incident a VERIS record (or a loosely typed export of one) describes.

    Values are coerced with care (numbers as strings, scalars for lists, floats for years);
    what cannot be read is reported through ``warn`` and left unknown.
    """
    incident = Incident(str(data.get("incident_id") or "").strip(), dataset)
    victims = data.get("victim")
    victim_list = [v for v in (victims if isinstance(victims, list) else [victims]) if isinstance(v, Mapping)]
    for victim in victim_list:
        for name in as_strings(victim.get("country")):
            code = _country_code(name)
            if code is None and name.casefold() not in _NO_COUNTRY:
                warn(f"victim country {name!r} not recognised")
            if code and code not in incident.victim_countries:
                incident.victim_countries.append(code)
        incident.victim_names.extend(n for n in as_strings(victim.get("victim_id")) if n.casefold() != "unknown")
        if incident.industry is None:
            incident.industry = clean_naics(victim.get("industry"))
        if incident.size is None and isinstance(victim.get("employee_count"), str):
            incident.size = victim["employee_count"].strip() or None
    action = data.get("action")
    if isinstance(action, Mapping):
        order = [a for a in ACTIONS if a in action] + sorted(str(a) for a in action if a not in ACTIONS)
        for name in order:
            detail = action[name]
            facets = {key: as_strings(detail.get(key)) for key in ("variety", "vector")} if isinstance(
                detail, Mapping) else {}
            incident.actions[name] = {key: values for key, values in facets.items() if values}
    elif action is not None:
        warn("action is not an object of action categories")
    timeline = data.get("timeline")
    incident.date = incident_date(timeline.get("incident") if isinstance(timeline, Mapping) else None, warn)
    attribute = data.get("attribute")
    confidentiality = attribute.get("confidentiality") if isinstance(attribute, Mapping) else None
    if isinstance(confidentiality, Mapping) and confidentiality.get("data_total") is not None:
        incident.records_affected = as_int(confidentiality["data_total"])
        if incident.records_affected is None:
            warn(f"attribute.confidentiality.data_total {confidentiality['data_total']!r} is not a number")
    incident.discovery_method = _discovery(data.get("discovery_method"))
    summary = data.get("summary")
    incident.summary = " ".join(summary.split()) if isinstance(summary, str) and summary.strip() else None
    reference = data.get("reference")
    if isinstance(reference, str) and reference.strip():
        incident.references = list(dict.fromkeys(_URL.findall(reference)))
        if not incident.references:
            incident.extra["reference"] = reference.strip()
    for key in ("source_id", "schema_version", "security_incident"):
        if isinstance(data.get(key), str):
            incident.extra[key] = data[key]
    if incident.victim_names:
        incident.extra["victim_id"] = incident.victim_names[0]
    return incident


class VerisParser:
    """One VERIS incident record (JSON), as the VERIS Community Database keeps them.

    ``schema``: the VERIS schema to validate against; by default the one ``$POLICYATLAS_VERIS_SCHEMA``
    points to (a vz-risk/veris checkout), else none: departures are then not checked, and said so.
    """

    kind = "veris"
    description = "VERIS incident record (JSON, VERIS Community Database)"

    def __init__(self, schema: VerisSchema | None = None) -> None:
        self._schema = schema
        self._schema_loaded = schema is not None

    def schema(self) -> VerisSchema | None:
        """The schema records are validated against, if any (read from the environment once)."""
        if not self._schema_loaded:
            location = os.environ.get(SCHEMA_ENV)
            self._schema = load_veris_schema(Path(location)) if location else None
            self._schema_loaded = True
        return self._schema

    def detect(self, data: bytes, name: str) -> bool:
        head = data[:65536].lstrip(b"\xef\xbb\xbf \t\r\n")
        if not head.startswith(b"{") or b'"schema_version"' not in data[:1_000_000] or len(data) > 5_000_000:
            return False
        try:
            parsed = json.loads(data.decode("utf-8-sig"))
        except (ValueError, RecursionError):
            return False
        return isinstance(parsed, dict) and "schema_version" in parsed and bool(
            {"action", "victim", "timeline"} & parsed.keys())

    def parse(self, data: bytes, origin: str, options: ParseOptions = NO_OPTIONS) -> ParsedSource:
        text = decode_text(data, origin)
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ParseError(f"invalid JSON: {exc.msg} (column {exc.colno})", path=origin, line=exc.lineno) from None
        except RecursionError:
            raise ParseError("JSON nested too deeply to be a VERIS record", path=origin) from None
        if not isinstance(parsed, dict):
            raise ParseError(f"a VERIS record is a JSON object, not a {type(parsed).__name__}", path=origin, line=1)
        warnings: list[str] = []
        incident = read_incident(parsed, "vcdb", warnings.append)
        if not incident.incident_id:
            plus = parsed.get("plus")
            master = plus.get("master_id") if isinstance(plus, Mapping) else None
            if not isinstance(master, str) or not master.strip():
                raise ParseError("VERIS record without an incident_id", path=origin, line=1)
            incident.incident_id = master.strip()
        incident.dataset = "vcdb" if incident.extra.get("source_id", "vcdb") == "vcdb" else "veris"
        warnings[:0] = self._validate(parsed)
        lines = max(1, len(text.splitlines()))
        record = incident.to_record("Incident", 1, lines)
        modified = parsed.get("plus", {}).get("modified") if isinstance(parsed.get("plus"), Mapping) else None
        as_of = None
        if isinstance(modified, str) and re.match(r"\d{4}-\d{2}-\d{2}", modified):
            try:
                as_of = FuzzyDate(date.fromisoformat(modified[:10]).isoformat(), "day")
            except ValueError:
                warnings.append(f"plus.modified {modified!r} is not a date")
        source_id = incident.extra.get("source_id")
        return ParsedSource(
            format=self.kind,
            media_type="application/json",
            text=text,
            records=(record,),
            lineage=f"veris/{incident.incident_id}",
            country=record.country,
            language="en",
            title=record.title,
            as_of=as_of,
            publisher="VERIS Community Database" if source_id == "vcdb" else source_id,
            warnings=tuple(dict.fromkeys(warnings)),
        )

    def _validate(self, record: Mapping[str, Any]) -> list[str]:
        schema = self.schema()
        checked = schema.version if schema else LATEST_VERIS_VERSION
        version = record.get("schema_version")
        warnings: list[str] = []
        given, latest = _version_key(str(version or "")), _version_key(checked)
        if not isinstance(version, str) or given is None:
            warnings.append(f"schema_version {version!r} is not a VERIS version")
        elif latest is not None and given < latest:
            warnings.append(f"old VERIS schema_version {version} (current: {checked}); retired values may appear")
        elif latest is not None and given > latest:
            warnings.append(f"VERIS schema_version {version} is newer than the schema known here ({checked})")
        if schema is None:
            warnings.append(f"VERIS enumerations not checked: no schema configured (set {SCHEMA_ENV})")
        else:
            warnings.extend(schema.check(record))
        return warnings

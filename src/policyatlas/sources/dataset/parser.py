"""PolicyAtlas's own open dataset: curated records in YAML, each citing the public source it is from."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from policyatlas.errors import ParseError
from policyatlas.model.country import get_country
from policyatlas.model.dates import FuzzyDate
from policyatlas.model.record import EXTENDED_KINDS, KINDS, Actor, Link, ParsedSource, Record
from policyatlas.sources.base import NO_OPTIONS, ParseOptions, check_yaml_depth, decode_text
from policyatlas.text.yaml_nodes import line_span, node_at

FORMAT_MARKER = "policyatlas-dataset"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ISO = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_PRECISION = {4: "year", 7: "month", 10: "day"}


def parse_iso_date(value: Any) -> FuzzyDate | None:
    """An ISO 8601 date of any precision (``2021``, ``2021-09``, ``2021-09-06``), an interval
    ``start/end``, or null; ``"unknown"`` is a date that exists but is not known."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        value = value.isoformat()
    text = str(value).strip()
    if text == "unknown":
        return FuzzyDate.unknown()
    start, _, end = text.partition("/")
    for part in (start, end) if end else (start,):
        if not _ISO.match(part):
            raise ValueError(f"{text!r} is not an ISO date (YYYY, YYYY-MM, YYYY-MM-DD or start/end)")
        if len(part) == 10:
            dt.date.fromisoformat(part)
    if end and end < start:
        raise ValueError(f"{text!r} ends before it starts")
    return FuzzyDate.from_json({"value": start, "precision": _PRECISION[len(start)], "end": end or None})


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CitedSource(_Model):
    id: str
    title: str
    url: str | None = None
    publisher: str | None = None
    as_of: str | None = None


class ActorEntry(_Model):
    name: str
    role: str


class LinkEntry(_Model):
    label: str
    url: str


class RecordEntry(_Model):
    kind: str
    title: str
    section: str
    subsection: str | None = None
    title_en: str | None = None
    title_language: str | None = None
    acronym: str | None = None
    aliases: list[str] = Field(default_factory=list)
    date: Any = None
    dates: list[Any] = Field(default_factory=list)
    amended: list[Any] = Field(default_factory=list)
    date_note: str | None = None
    actors: list[ActorEntry] = Field(default_factory=list)
    description: str | None = None
    points: list[str] = Field(default_factory=list)
    links: list[LinkEntry] = Field(default_factory=list)
    status: Literal["in_force", "exists", "in_progress", "absent"] | None = None
    source: str
    country: str | None = None
    attributes: dict[str, Any] = Field(default_factory=dict)
    extra: dict[str, Any] = Field(default_factory=dict)

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value not in KINDS + EXTENDED_KINDS:
            raise ValueError(f"unknown kind {value!r} (known: {', '.join(KINDS + EXTENDED_KINDS)})")
        return value

    @field_validator("country")
    @classmethod
    def _record_country(cls, value: str | None) -> str | None:
        if value is not None and (len(value) != 2 or get_country(value) is None):
            raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 code")
        return value.upper() if value else None

    @field_validator("date")
    @classmethod
    def _date(cls, value: Any) -> Any:
        parse_iso_date(value)
        return value

    @field_validator("dates", "amended")
    @classmethod
    def _dates(cls, value: list[Any]) -> list[Any]:
        for item in value:
            parse_iso_date(item)
        return value


class Dataset(_Model):
    format: Literal["policyatlas-dataset"]
    version: Literal[1]
    id: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9/_-]{0,80}$")
    country: str | None = None
    title: str
    as_of: Any = None
    license: str | None = None
    sources: list[CitedSource]
    records: list[RecordEntry]

    @field_validator("country")
    @classmethod
    def _country(cls, value: str | None) -> str | None:
        if value is not None and (get_country(value) is None or len(value) != 2):
            raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 code")
        return value.upper() if value else None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80] or "dataset"


def _node_line(root: yaml.Node, path: tuple[Any, ...]) -> tuple[int, int]:
    """The 1-based line span of the YAML node at a validation error's location."""
    return line_span(node_at(root, path))


class AtlasDatasetParser:
    """Our curated open dataset: one YAML file per country, with the sources of every fact."""

    kind = "atlas-dataset"
    description = "PolicyAtlas open dataset (YAML, format: policyatlas-dataset)"

    def detect(self, data: bytes, name: str) -> bool:
        head = data[:2048].decode("utf-8", "ignore")
        return re.search(rf"^format:\s*['\"]?{FORMAT_MARKER}\b", head, re.M) is not None

    def parse(self, data: bytes, origin: str, options: ParseOptions = NO_OPTIONS) -> ParsedSource:
        text = decode_text(data, origin)
        check_yaml_depth(text, origin)
        try:
            root = yaml.compose(text, Loader=_LOADER)  # libyaml when present: the bundled data parse 10x faster
            raw = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]  # a reader's error spans lines
            raise ParseError(f"invalid YAML: {' '.join(str(problem).split())}", path=origin,
                             line=mark.line + 1 if mark else None) from None
        except RecursionError:
            raise ParseError("invalid dataset: YAML nested too deep to read", path=origin) from None
        if root is None or not isinstance(raw, dict):
            raise ParseError("not a PolicyAtlas dataset (expected a mapping)", path=origin)
        try:
            dataset = Dataset.model_validate(raw)
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(p) for p in error["loc"])
            line, _ = _node_line(root, tuple(error["loc"]))
            raise ParseError(f"{where}: {error['msg']}", path=origin, line=line) from None
        cited = {s.id: s for s in dataset.sources}
        records = []
        for index, entry in enumerate(dataset.records):
            if entry.source not in cited:
                line, _ = _node_line(root, ("records", index, "source"))
                raise ParseError(f"records.{index}.source: {entry.source!r} is not among sources",
                                 path=origin, line=line)
            country = entry.country or dataset.country
            if country is None:
                line, _ = _node_line(root, ("records", index))
                raise ParseError(f"records.{index}: no country (give the dataset's or the record's)",
                                 path=origin, line=line)
            records.append(self._record(entry, country, cited[entry.source], _node_line(root, ("records", index))))
        return ParsedSource(
            format=self.kind, media_type="application/yaml", text=text, records=tuple(records),
            lineage=f"{self.kind}/{dataset.id or dataset.country or _slug(dataset.title)}", country=dataset.country,
            language="en",
            title=dataset.title, as_of=parse_iso_date(dataset.as_of), publisher="PolicyAtlas",
        )

    @staticmethod
    def _record(entry: RecordEntry, country: str, cited: CitedSource, span: tuple[int, int]) -> Record:
        dates = [d for d in (parse_iso_date(v) for v in ([entry.date] if entry.date else []) + entry.dates) if d]
        links = [Link(link.label, link.url) for link in entry.links]
        if cited.url and not any(link.url == cited.url for link in links):
            links.append(Link(cited.title, cited.url))
        return Record(
            kind=entry.kind, country=country, section=entry.section, subsection=entry.subsection,
            title=entry.title, title_en=entry.title_en, title_language=entry.title_language,
            acronym=entry.acronym, aliases=tuple(entry.aliases), dates=tuple(dates),
            amended=tuple(d for d in (parse_iso_date(v) for v in entry.amended) if d),
            date_note=entry.date_note, actors=tuple(Actor(a.name, a.role) for a in entry.actors),
            description=entry.description, points=tuple(entry.points), links=tuple(links),
            status=entry.status, line_start=span[0], line_end=span[1], attributes=dict(entry.attributes),
            extra={**entry.extra, "cited_source": cited.model_dump(exclude_none=True)},
        )

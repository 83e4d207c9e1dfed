"""Frameworks as typed data: pillars, indicators, the evidence that meets them, scoring and tiers."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from policyatlas.model.record import EXTENDED_KINDS, KINDS, STATUSES

#: The ``format:`` marker every framework file starts with.
FORMAT_MARKER = "policyatlas-framework"
#: Every record kind an indicator may name as evidence.
RECORD_KINDS: tuple[str, ...] = KINDS + EXTENDED_KINDS
#: What an assessment says of one indicator, best first.
OUTCOMES: tuple[str, ...] = ("met", "partly", "not_met", "unknown")

_ID = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"


def _text(value: Any) -> Any:
    """Accept an integer where a name is expected (``version: 1``); refuse other numbers, which YAML
    would have rounded (``1.10`` is read as 1.1)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        raise ValueError(f"{value!r} is read as a number: write it in quotes")
    return value


#: A name or id (an integer is taken as text).
Text = Annotated[str, BeforeValidator(_text)]
#: An id: letters, digits, ``_``, ``.`` and ``-``.
Id = Annotated[str, BeforeValidator(_text), Field(pattern=_ID)]


def _check_statuses(values: list[str | None]) -> list[str | None]:
    for value in values:
        if value is not None and value not in STATUSES:
            raise ValueError(f"unknown status {value!r} (known: {', '.join(STATUSES)} or null)")
    return values


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Evidence(_Model):
    """Which records evidence an indicator.

    A record matches when its kind is one of ``kinds``; when ``keywords`` are given, one of them
    occurs (whole words, accent- and case-insensitive, ``*`` ending a word for any ending) in its
    title, English title, acronym, aliases, description or points; when ``and_keywords`` are
    given, one of those occurs too; none of ``exclude_keywords`` occurs; its status is one of
    ``statuses`` when given (``null`` for a record whose source does not say); and each of
    ``fields`` (a record field such as ``area`` or ``subsection``) has one of the values listed.
    ``default_status`` is the status assumed for a matching record whose source states none (a
    bill is ``in_progress``).
    """

    kinds: list[str] = Field(min_length=1)
    keywords: list[str] = Field(default_factory=list)
    and_keywords: list[str] = Field(default_factory=list)
    exclude_keywords: list[str] = Field(default_factory=list)
    statuses: list[str | None] | None = None
    fields: dict[str, list[str]] = Field(default_factory=dict)
    default_status: Literal["in_force", "exists", "in_progress", "absent"] | None = None

    @field_validator("kinds")
    @classmethod
    def _known_kinds(cls, values: list[str]) -> list[str]:
        for value in values:
            if value not in RECORD_KINDS:
                raise ValueError(f"unknown record kind {value!r}")
        return values

    @field_validator("keywords", "and_keywords", "exclude_keywords")
    @classmethod
    def _words(cls, values: list[str]) -> list[str]:
        for value in values:
            if not any(ch.isalnum() for ch in value):
                raise ValueError(f"keyword {value!r} has no letters or digits")
        return values

    @field_validator("statuses")
    @classmethod
    def _statuses(cls, values: list[str | None] | None) -> list[str | None] | None:
        return None if values is None else _check_statuses(values)


class Rule(_Model):
    """An outcome holds when at least ``min`` matching records have one of ``statuses``."""

    statuses: list[str | None] = Field(min_length=1)
    min: int = Field(default=1, ge=1)

    @field_validator("statuses")
    @classmethod
    def _statuses(cls, values: list[str | None]) -> list[str | None]:
        return _check_statuses(values)


class Rules(_Model):
    """How evidence becomes an outcome, tried in order: met, then partly, then not met.

    With no matching record at all the indicator is unknown (which is not an explicit absence);
    an outcome set to null is never given.
    """

    met: Rule | None = Rule(statuses=["in_force", "exists", None])
    partly: Rule | None = Rule(statuses=["in_progress"])
    not_met: Rule | None = Rule(statuses=["absent"])


class Pillar(_Model):
    """A group of indicators (a GCI pillar, an NCSI capacity area) with its weight in the total."""

    id: Id
    name: str
    description: str | None = None
    group: str | None = None
    weight: float = Field(default=1.0, gt=0)


class Indicator(_Model):
    """One thing a country has or lacks, the evidence that shows it and its crosswalk to other frameworks.

    ``evidence`` is one matcher or a list of alternatives (a record matching any of them counts);
    ``crosswalk`` names the same thing in other frameworks as ``framework:indicator``.
    """

    id: Id
    pillar: Text
    name: str
    description: str | None = None
    weight: float = Field(default=1.0, gt=0)
    evidence: list[Evidence] = Field(min_length=1)
    rule: Rules | None = None
    crosswalk: list[str] = Field(default_factory=list)

    @field_validator("evidence", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, dict) else value


class Tier(_Model):
    """A band of scores (0–1): the highest tier whose ``min`` a score reaches is its tier."""

    id: Id
    name: str
    min: float = Field(ge=0, le=1)
    description: str | None = None


class Values(_Model):
    """The value (0–1) of each outcome in a score; null leaves indicators with that outcome out of it.

    Unknown is never a value: an indicator the atlas holds no deciding evidence for is left out of
    every score (which then states its coverage). ``unknown`` is still read, for files written before,
    and always taken as null.
    """

    met: float | None = Field(default=1.0, ge=0, le=1)
    partly: float | None = Field(default=0.5, ge=0, le=1)
    not_met: float | None = Field(default=0.0, ge=0, le=1)
    unknown: float | None = None

    @field_validator("unknown", mode="before")
    @classmethod
    def _never_a_value(cls, value: Any) -> None:
        if value is not None and not (isinstance(value, int | float) and not isinstance(value, bool)
                                      and 0 <= value <= 1):
            raise ValueError("unknown is never scored: leave it out (or null)")
        return None


class Scoring(_Model):
    """How indicator outcomes become pillar and overall scores, and the tiers of those scores.

    ``pillar``: ``mean`` of its known indicators' values or ``weighted`` by indicator weight;
    ``overall``: ``mean`` of the pillar scores computed, ``weighted`` by pillar weight, or ``pooled``
    (every known indicator with its weight, pillars aside, as points-based indices count).
    ``min_coverage``: the share of indicators (of the whole, or of a pillar) whose outcome must be
    known (met, partly or not met) for a score to be computed; below it the score is null, with the
    reason. ``tiers`` are the checklist's own levels, never an official index's tiers.
    """

    values: Values = Values()
    pillar: Literal["mean", "weighted"] = "mean"
    overall: Literal["mean", "weighted", "pooled"] = "mean"
    min_coverage: float = Field(default=0.5, ge=0, le=1)
    tiers: list[Tier] = Field(default_factory=list)


class Reference(_Model):
    """A framework PolicyAtlas does not ship that crosswalks may point to (an Oxford CMM factor…)."""

    id: Id
    name: str
    version: Text | None = None
    url: str | None = None


class Published(_Model):
    """The official index a checklist is after, as the atlas holds its published values (``index_value``
    records whose ``index`` is ``index``): shown beside the checklist, never mixed with it."""

    index: Id
    name: str | None = None


class Framework(_Model):
    """An assessment framework: its pillars and indicators, rules, scoring, tiers and references.

    A framework is PolicyAtlas's own checklist "after" a published framework (``based_on``): its
    score is not the official index value, which ``published`` names so that it is shown apart.
    """

    format: Literal["policyatlas-framework"]
    id: Annotated[Id, Field(max_length=80)]
    name: str
    version: Annotated[Text, Field(max_length=40)]
    description: str | None = None
    based_on: str | None = None
    published: Published | None = None
    url: str | None = None
    license: str | None = None
    references: list[Reference] = Field(default_factory=list)
    rules: Rules = Rules()
    scoring: Scoring = Scoring()
    pillars: list[Pillar] = Field(min_length=1)
    indicators: list[Indicator] = Field(min_length=1)

    def indicator(self, indicator_id: str) -> Indicator | None:
        """The indicator with this id, or None."""
        return next((i for i in self.indicators if i.id == indicator_id), None)

    def pillar_indicators(self, pillar_id: str) -> list[Indicator]:
        """The indicators of one pillar, in file order."""
        return [i for i in self.indicators if i.pillar == pillar_id]

    def rules_for(self, indicator: Indicator) -> Rules:
        """The indicator's own rules, or the framework's."""
        return indicator.rule or self.rules

    def definition(self) -> dict[str, Any]:
        """The whole definition as JSON-ready data (what is stored, and read back with ``model_validate``)."""
        return self.model_dump(mode="json")

"""Countries and country profiles."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from policyatlas.schemas.analysis import IndexValueBase
from policyatlas.schemas.common import Out
from policyatlas.schemas.records import RecordOut
from policyatlas.schemas.sources import SourceOut


class CountryOut(Out):
    """A country the atlas holds facts about, with counts."""

    code: str
    alpha3: str | None
    name: str
    records: int = Field(description="Records of current sources about it.")
    sources: int = Field(description="Current sources speaking of it.")
    as_of: str | None = Field(description="The newest date those sources speak of.")


class CountryRef(Out):
    """A country's codes and name."""

    code: str
    alpha3: str | None = None
    name: str | None = None


class ConflictOut(Out):
    """Another source stating a different fact about the same entity."""

    field: str
    value: Any
    shown: Any
    source: str
    file: str
    record: str


class InForceOut(Out):
    """The period a fact existed, by its own dates (each at its precision)."""

    from_: str | None = Field(None, alias="from", description="Its earliest date (adopted, enacted, amended…).")
    until: str | None = Field(None, description="The date it was repealed, if a source says so.")
    undated: bool = Field(False, description="It gives no date of its own: nothing is assumed of when it existed.")


class ProfileRecordOut(RecordOut):
    """A profile item: the record shown, the other sources speaking of its entity, and where they differ."""

    also_in: list[str] = Field(default_factory=list, description="Other sources speaking of the same entity.")
    conflicts: list[ConflictOut] = Field(default_factory=list)
    in_force: InForceOut | None = None


class ProfileSection(Out):
    """One of the portal's sections with its items."""

    name: str
    records: list[ProfileRecordOut]


class DisagreementOut(Out):
    """Sources naming different responsible agencies: the one shown and another."""

    topic: str
    shown: list[str]
    shown_source: str
    shown_date: str | None
    other: str
    other_record: str
    other_source: str
    other_file: str
    other_date: str | None
    other_title: str | None


class IndexValueOut(IndexValueBase):
    """A published index value about the country (GCI, NCSI…), with its source's file."""

    file: str


class ProfileOut(Out):
    """A country's profile as of a date: the newest record of each entity, in the portal's sections."""

    country: CountryRef
    as_of: str | None
    in_force_at: str | None = Field(None, description="Only the facts that existed then, by their own dates.")
    known_at: str | None = Field(None, description="As the sources published (or ingested, when undated) by "
                                 "then said it.")
    sources: list[SourceOut]
    sections: list[ProfileSection]
    undated: list[ProfileRecordOut] = Field(default_factory=list, description="With in_force_at: the facts that "
                                            "give no date of their own (not known to have existed then).")
    disagreements: list[DisagreementOut]
    indices: list[IndexValueOut]

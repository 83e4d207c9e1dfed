"""The tables of the atlas's open data package, with their columns, keys and meaning.

*Core* tables hold what the store holds (importing them restores the same atlas); *derived* tables
are read-only conveniences computed from the core ones on export (countries, initiatives,
statements, incidents, index values), ignored on import.
"""

from __future__ import annotations

from typing import Any

from policyatlas.store import schema
from policyatlas.store.package_schema import COUNTRY, FUZZY_DATE, ISO_DATE, PRECISIONS, Column, ForeignKey, Table


def _length(table: Any, name: str) -> int | None:
    """The declared length of a text column of the store (None for unbounded text)."""
    return getattr(table.__table__.c[name].type, "length", None)


def _c(name: str, type_: str, description: str, **options: Any) -> Column:
    return Column(name, type_, description, **options)


def _fk(column: str, table: str, reference: str = "id") -> ForeignKey:
    return ForeignKey((column,), table, (reference,))


_S, _E, _R = schema.SourceRow, schema.EntityRow, schema.RecordRow
_DATE_COLUMNS = (
    _c("date", "string", "Main date: ISO 8601 to the day, month or year; 'unknown' when the source says there is one "
       "but not which.", pattern=FUZZY_DATE),
    _c("date_precision", "string", "Precision of the main date.", enum=PRECISIONS),
    _c("date_end", "string", "End of the main date when it is a range.", pattern=ISO_DATE),
)

SOURCES = Table(
    "sources", "Sources", "Documents ingested once, identified by the SHA-256 of their bytes. Each belongs to a "
    "lineage (the document it is a version of); the newest of a lineage is current, older ones stay as history.",
    (
        _c("id", "string", "Source id: the first 16 hex digits of sha256.", required=True, pattern=r"^[0-9a-f]{16}$"),
        _c("sha256", "string", "SHA-256 of the document's bytes.", required=True, pattern=r"^[0-9a-f]{64}$"),
        _c("format", "string", "The parser that read it.", required=True, max_length=_length(_S, "format")),
        _c("media_type", "string", "Media type of the document.", max_length=_length(_S, "media_type"), not_null=True),
        _c("lineage", "string", "The document this is a version of (e.g. country-profile/MX).", required=True,
           max_length=_length(_S, "lineage")),
        _c("file", "string", "File name as ingested.", max_length=_length(_S, "file"), not_null=True),
        _c("path", "string", "Where the document was read from.", not_null=True),
        _c("country", "string", "ISO 3166-1 alpha-2 code of the country it is about.", pattern=COUNTRY),
        _c("language", "string", "ISO 639-1 language.", max_length=_length(_S, "language")),
        _c("title", "string", "Title."),
        _c("publisher", "string", "Publisher."),
        _c("url", "string", "Where it is published."),
        _c("as_of", "string", "The date the document speaks of (ISO 8601 to the day, month or year).",
           pattern=ISO_DATE),
        _c("as_of_precision", "string", "Precision of as_of.", enum=PRECISIONS),
        _c("size", "integer", "Size in bytes.", required=True),
        _c("record_count", "integer", "Records drawn from it.", required=True),
        _c("warnings", "array", "What the parser could not read, as sentences.", required=True),
        _c("current", "boolean", "Whether it is the current version of its lineage.", required=True),
        _c("ingested_at", "datetime", "When it was ingested (UTC).", required=True),
    ),
    ("id",), (_fk("country", "countries", "code"),),
)

SOURCE_TEXTS = Table(
    "source_texts", "Source texts", "The full text of each source, as stored (provenance line numbers count its "
    "lines). Kept apart from sources.csv so that table opens in a spreadsheet; the texts keep their publishers' terms.",
    (
        _c("source", "string", "The source.", required=True),
        _c("text", "string", "Its text.", not_null=True),
    ),
    ("source",), (_fk("source", "sources"),),
)

ENTITIES = Table(
    "entities", "Entities", "Real things (an agency, a law, a person…) that records from many sources speak of; an "
    "entity merged into another names it in merged_into.",
    (
        _c("id", "string", "Entity id (country/kind/name).", required=True, max_length=_length(_E, "id")),
        _c("kind", "string", "Record kind of the thing.", required=True, max_length=_length(_E, "kind")),
        _c("family", "string", "Resolver family (org, person, document…).", required=True,
           max_length=_length(_E, "family")),
        _c("country", "string", "ISO 3166-1 alpha-2 code.", pattern=COUNTRY),
        _c("name", "string", "Name.", not_null=True),
        _c("name_en", "string", "English name."),
        _c("acronym", "string", "Acronym.", max_length=_length(_E, "acronym")),
        _c("merged_into", "string", "The entity this one was merged into (an editor's or reviewer's decision).",
           max_length=_length(_E, "id")),
        _c("created_at", "datetime", "When it was first seen (UTC).", required=True),
    ),
    ("id",), (_fk("country", "countries", "code"), _fk("merged_into", "entities")),
)

ENTITY_ALIASES = Table(
    "entity_aliases", "Entity aliases", "Other names of each entity, in the order they were learnt.",
    (
        _c("entity", "string", "The entity.", required=True),
        _c("position", "integer", "Order of the alias (from 1).", required=True),
        _c("alias", "string", "The name.", not_null=True),
    ),
    ("entity", "position"), (_fk("entity", "entities"),),
)

ENTITY_NAMES = Table(
    "entity_names", "Entity name keys", "The normalised names the resolver matches entities by.",
    (
        _c("entity", "string", "The entity.", required=True),
        _c("key", "string", "Normalised name.", required=True, max_length=_length(schema.EntityNameRow, "key")),
        _c("family", "string", "Resolver family.", required=True, max_length=_length(schema.EntityNameRow, "family")),
        _c("country", "string", "Country code (empty for none).", pattern=COUNTRY, not_null=True),
        _c("block", "string", "Blocking key for fuzzy candidates.",
           max_length=_length(schema.EntityNameRow, "block"), not_null=True),
    ),
    ("entity", "key"), (_fk("entity", "entities"),),
)

RECORDS = Table(
    "records", "Records", "Every fact as one source states it, every field, with its provenance (source and line "
    "span); the records of older source versions are kept. Values as the source gave them (editors' corrections are "
    "in revisions).",
    (
        _c("id", "string", "Record id.", required=True, max_length=_length(_R, "id")),
        _c("source", "string", "The source it comes from.", required=True),
        _c("entity", "string", "The entity it speaks of.", required=True),
        _c("ordinal", "integer", "Position among the source's records (from 0).", required=True),
        _c("kind", "string", "Record kind (law, agency, cert, strategy, incident…).", required=True,
           max_length=_length(_R, "kind")),
        _c("country", "string", "ISO 3166-1 alpha-2 code.", pattern=COUNTRY),
        _c("section", "string", "Section of the source."),
        _c("subsection", "string", "Subsection of the source."),
        _c("title", "string", "Title in the source's language.", not_null=True),
        _c("title_en", "string", "English title."),
        _c("title_language", "string", "Language of the title."),
        _c("acronym", "string", "Acronym."),
        _c("aliases", "array", "Other names.", required=True),
        *_DATE_COLUMNS,
        _c("dates", "array", "Every date the source gives ({value, precision, end}).", required=True),
        _c("amended", "array", "Amendment dates ({value, precision, end}; value null when undated).", required=True),
        _c("date_note", "string", "What the source says of the dates."),
        _c("actors", "array", "Bodies and people named, with their roles ({name, role}).", required=True),
        _c("description", "string", "Description."),
        _c("points", "array", "Bullet points.", required=True),
        _c("links", "array", "Links ({label, url}).", required=True),
        _c("status", "string", "What the source says of its existence.",
           enum=("in_force", "exists", "in_progress", "absent")),
        _c("line_start", "integer", "First line of the source's text it came from.", required=True),
        _c("line_end", "integer", "Last line.", required=True),
        _c("page_start", "integer", "First page (paged documents)."),
        _c("page_end", "integer", "Last page."),
        _c("attributes", "object", "Fields of its kind (a person's roles, an initiative's stages, an index value…).",
           required=True),
        _c("extra", "object", "Parser-specific details (the cited source…).", required=True),
    ),
    ("id",),
    (_fk("source", "sources"), _fk("entity", "entities"), _fk("country", "countries", "code")),
)

RECORD_ENTITIES = Table(
    "record_entities", "Relations", "Which entities each record speaks of, and in which role (subject, issuer, "
    "member, speaker…).",
    (
        _c("record", "string", "The record.", required=True),
        _c("entity", "string", "The entity.", required=True),
        _c("role", "string", "Its role there.", required=True, max_length=_length(schema.RecordEntityRow, "role")),
    ),
    ("record", "entity", "role"), (_fk("record", "records"), _fk("entity", "entities")),
)

REVISIONS = Table(
    "revisions", "Revisions", "Editors' corrections of records: who, when, why, and the fields they set (the "
    "record's values before are those of the previous revision, or of the record).",
    (
        _c("record", "string", "The corrected record.", required=True),
        _c("number", "integer", "Revision number (from 1).", required=True),
        _c("author", "string", "Who made it.", required=True, max_length=_length(schema.RevisionRow, "author")),
        _c("comment", "string", "Why."),
        _c("created_at", "datetime", "When (UTC).", required=True),
        _c("changes", "object", "The fields set, with their new values.", required=True),
    ),
    ("record", "number"), (_fk("record", "records"),),
)

ENTITY_REVIEWS = Table(
    "entity_reviews", "Entity reviews", "Pairs of entities the resolver was unsure about, and people's decisions "
    "(merged, rejected) or pending.",
    (
        _c("entity", "string", "One entity.", required=True),
        _c("candidate", "string", "The entity it may be.", required=True),
        _c("score", "number", "Similarity (0-100).", required=True),
        _c("reason", "string", "Why they were paired.", not_null=True),
        _c("status", "string", "pending, merged or rejected.", required=True, enum=("pending", "merged", "rejected")),
        _c("created_at", "datetime", "When suggested (UTC).", required=True),
        _c("decided_at", "datetime", "When decided (UTC)."),
    ),
    ("entity", "candidate"), (_fk("entity", "entities"), _fk("candidate", "entities")),
)

FRAMEWORKS = Table(
    "frameworks", "Frameworks", "Frameworks analysts added (indicators, pillars, scoring); the built-in ones ship "
    "with PolicyAtlas.",
    (
        _c("id", "string", "Framework id.", required=True, max_length=_length(schema.FrameworkRow, "id")),
        _c("version", "string", "Version.", required=True, max_length=_length(schema.FrameworkRow, "version")),
        _c("name", "string", "Name.", not_null=True),
        _c("file", "string", "File it was added from.", not_null=True),
        _c("definition", "object", "The whole definition.", required=True),
        _c("added_at", "datetime", "When added (UTC).", required=True),
    ),
    ("id",),
)

ASSESSMENTS = Table(
    "assessments", "Assessments", "Each stored run of an assessment of a country against a framework: score and the "
    "outcome of every indicator with its evidence.",
    (
        _c("framework", "string", "Framework id.", required=True, max_length=_length(schema.AssessmentRow, "framework_id")),
        _c("framework_version", "string", "Framework version.", required=True,
           max_length=_length(schema.AssessmentRow, "framework_version")),
        _c("country", "string", "ISO 3166-1 alpha-2 code.", required=True, pattern=COUNTRY),
        _c("as_of", "string", "The date assessed (empty: the current sources).", pattern=ISO_DATE),
        _c("assessed_at", "datetime", "When it ran (UTC).", required=True),
        _c("score", "number", "Overall score (empty when not computed)."),
        _c("result", "object", "Outcomes, pillars, tiers and evidence.", required=True),
    ),
    ("framework", "country", "assessed_at"), (_fk("country", "countries", "code"),),
)

# --- derived tables: what the atlas shows now (current sources, corrections applied) --------------------

COUNTRIES = Table(
    "countries", "Countries", "Every country the package names, with counts of the current records about it.",
    (
        _c("code", "string", "ISO 3166-1 alpha-2 code.", required=True, pattern=COUNTRY),
        _c("alpha3", "string", "ISO 3166-1 alpha-3 code."),
        _c("name", "string", "English short name.", required=True),
        _c("records", "integer", "Current records about it.", required=True),
        _c("sources", "integer", "Current sources with records about it.", required=True),
        _c("as_of", "string", "Latest date those sources speak of.", pattern=ISO_DATE),
    ),
    ("code",), derived=True,
)

_CURRENT = ("record", "string", "The record (of a current source, as corrected).")
_PROVENANCE = (
    _c("source", "string", "Its source.", required=True),
    _c("line_start", "integer", "First line in the source.", required=True),
    _c("line_end", "integer", "Last line.", required=True),
)
_PROVENANCE_KEYS = (_fk("record", "records"), _fk("source", "sources"))

INITIATIVES = Table(
    "initiatives", "Initiatives", "Legislative initiatives (bills), each once, from every current record about it.",
    (
        _c("entity", "string", "The initiative's entity.", required=True),
        _c("country", "string", "ISO 3166-1 alpha-2 code.", pattern=COUNTRY),
        _c("title", "string", "Name.", required=True),
        _c("title_en", "string", "English name."),
        _c("status", "string", "Status in the newest record."),
        _c("chamber", "string", "Chamber it was presented to."),
        _c("proposers", "array", "Who proposed it.", required=True),
        _c("committees", "array", "Committees it went to.", required=True),
        _c("stages", "integer", "Stages known (initiative_stages).", required=True),
        _c("records", "integer", "Records about it.", required=True),
    ),
    ("entity",), (_fk("entity", "entities"), _fk("country", "countries", "code")), derived=True,
)

INITIATIVE_STAGES = Table(
    "initiative_stages", "Initiative stages", "The stages of each initiative in date order (undated last, as read).",
    (
        _c("initiative", "string", "The initiative.", required=True),
        _c("position", "integer", "Order (from 1).", required=True),
        _c("stage", "string", "Stage (proposed, approved, published…).", required=True),
        *_DATE_COLUMNS,
        _c("body", "string", "Chamber or body."),
        _c("vote", "object", "Vote counts, when reported."),
        _c("record", "string", "The record reporting it.", required=True),
        _c("source", "string", "Its source.", required=True),
    ),
    ("initiative", "position"), (_fk("initiative", "initiatives", "entity"), *_PROVENANCE_KEYS), derived=True,
)

STATEMENTS = Table(
    "statements", "Statements", "What people said, as reported, linked to the speaker.",
    (
        _c(*_CURRENT, required=True),
        _c("entity", "string", "The statement's entity.", required=True),
        _c("country", "string", "ISO 3166-1 alpha-2 code.", pattern=COUNTRY),
        _c("speaker", "string", "Who said it."),
        _c("speaker_entity", "string", "The speaker's entity."),
        _c("topic", "string", "Topic."),
        _c("title", "string", "Summary.", required=True),
        _c("text", "string", "The statement."),
        *_DATE_COLUMNS,
        *_PROVENANCE,
    ),
    ("record",), (*_PROVENANCE_KEYS, _fk("entity", "entities"), _fk("speaker_entity", "entities"),
                  _fk("country", "countries", "code")), derived=True,
)

INCIDENTS = Table(
    "incidents", "Incidents", "Publicly reported incidents (VERIS/VCDB, CFR tracker): a sample of what became "
    "public, not all that happened.",
    (
        _c(*_CURRENT, required=True),
        _c("entity", "string", "The incident's entity.", required=True),
        _c("country", "string", "First victim country.", pattern=COUNTRY),
        _c("dataset", "string", "Dataset (vcdb, cfr…)."),
        _c("incident_id", "string", "Id in the dataset."),
        _c("title", "string", "Name or summary.", required=True),
        *_DATE_COLUMNS,
        _c("year", "integer", "Year."),
        _c("type", "string", "Type of operation."),
        _c("category", "array", "Categories of victims."),
        _c("sector", "string", "Victim sector."),
        _c("industry", "string", "Victim industry (NAICS)."),
        _c("size", "string", "Victim size."),
        _c("actions", "array", "Actions (hacking, malware…)."),
        _c("records_affected", "integer", "Records affected."),
        _c("victim_countries", "array", "Victim countries (ISO codes)."),
        _c("sponsors", "array", "Sponsor states or groups (codes or names)."),
        _c("description", "string", "Summary."),
        *_PROVENANCE,
    ),
    ("record",), (*_PROVENANCE_KEYS, _fk("entity", "entities"), _fk("country", "countries", "code")), derived=True,
)

INDEX_VALUES = Table(
    "index_values", "Index values", "Published values of indices (GCI, NCSI…) per country and edition, as the "
    "publisher gave them.",
    (
        _c(*_CURRENT, required=True),
        _c("country", "string", "ISO 3166-1 alpha-2 code.", pattern=COUNTRY),
        _c("index", "string", "Index id (gci, ncsi…)."),
        _c("index_name", "string", "Index name."),
        _c("edition", "integer", "Edition (year)."),
        _c("value", "number", "Published value."),
        _c("scale", "string", "Scale of the value (0-1, 0-100…)."),
        _c("rank", "integer", "Published rank."),
        *_PROVENANCE,
    ),
    ("record",), (*_PROVENANCE_KEYS, _fk("country", "countries", "code")), derived=True,
)

#: Every table in the order the package lists them (and the importer reads the core ones).
TABLES: tuple[Table, ...] = (
    COUNTRIES, SOURCES, SOURCE_TEXTS, ENTITIES, ENTITY_ALIASES, ENTITY_NAMES, RECORDS, RECORD_ENTITIES, REVISIONS,
    ENTITY_REVIEWS, FRAMEWORKS, ASSESSMENTS, INITIATIVES, INITIATIVE_STAGES, STATEMENTS, INCIDENTS, INDEX_VALUES,
)
TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}
CORE_TABLES: tuple[Table, ...] = tuple(t for t in TABLES if not t.derived)

"""Full-text search: the index kept in step with ingest, and ranked, faceted queries (FTS5 or tsvector).

The index (``search_fts``, created by migration 0003) holds one row per record and one row per
document-like source (its whole text, ``kind`` "document", ``record_id`` NULL). SQLite searches it
with FTS5 (porter stemming, accents and case folded); PostgreSQL with a tsvector built with the
``atlas`` configuration (english stemming, unaccent). Snippets mark each match as
``<mark>…</mark>`` (``MARK_START``/``MARK_END``); the rest of a snippet is the text HTML-escaped, so a
snippet is safe to insert as HTML.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from policyatlas.errors import ConfigError
from policyatlas.errors import SearchQueryError as SearchQueryError
from policyatlas.store.bulk import execute_many
from policyatlas.store.record_queries import records_by_id, sources_by_id
from policyatlas.store.rows import RECORD_COLUMNS, RecordData, SourceMeta
from policyatlas.store.schema import RecordRow, SourceRow, SourceTextRow

#: Formats whose whole text is indexed as one "document" row (never bulk exports such as CSV/JSON).
DOCUMENT_FORMATS: frozenset[str] = frozenset({"country-profile", "itu-profile", "strategy-document", "news-article",
                                              "document"})
DOCUMENT_KIND = "document"
MARK_START, MARK_END = "<mark>", "</mark>"
_HIT_START, _HIT_END = "\ue000", "\ue001"  # what the database marks matches with, before MARK_*
MAX_QUERY_CHARS = 1000
MAX_TERMS = 32
#: PostgreSQL indexes this much of a document's text (a tsvector holds at most 1 MB; positions stop
#: at 16383 anyway); the whole text is still stored for snippets. About 4 MB of strategies make 0.6 MB.
PG_TSVECTOR_CHARS = 2_000_000
_FACETS = ("country", "kind", "year")
_UNKNOWN = "unknown"
_DATE_BOUND = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_HEADLINE = f'StartSel="{_HIT_START}", StopSel="{_HIT_END}", MaxFragments=2, MaxWords=24, MinWords=8, ' \
            'FragmentDelimiter=" … "'


# --- the query language ------------------------------------------------------------------------

@dataclass(frozen=True)
class Term:
    """One thing to look for: a word (``prefix`` when it ended in ``*``) or a quoted phrase."""

    text: str
    phrase: bool = False
    prefix: bool = False

    def fts5(self) -> str:
        """The term as an FTS5 string (quoted, so the user's text is never FTS5 syntax)."""
        quoted = '"' + self.text.replace('"', '""') + '"'
        return f"{quoted} *" if self.prefix else quoted


@dataclass(frozen=True)
class ParsedQuery:
    """A query as groups that must all match (each an OR of terms) and terms that must not."""

    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...] = ()

    def fts5(self) -> str:
        """The FTS5 MATCH expression."""
        parts = [t[0].fts5() if len(t) == 1 else "(" + " OR ".join(x.fts5() for x in t) + ")" for t in self.groups]
        expression = " AND ".join(parts)
        if self.excluded and len(parts) > 1:
            expression = f"({expression})"
        return expression + "".join(f" NOT {t.fts5()}" for t in self.excluded)

    def tsquery(self) -> tuple[str, str, dict[str, str]]:
        """PostgreSQL: SQL for the positive part, SQL for the whole query, and their parameters."""
        params: dict[str, str] = {}

        def one(term: Term) -> str:
            name = f"q{len(params)}"
            if term.prefix:
                params[name] = " <-> ".join(re.findall(r"[^\W_]+", term.text)) + ":*"
                return f"to_tsquery('atlas', :{name})"
            params[name] = f'"{term.text}"'
            return f"websearch_to_tsquery('atlas', :{name})"

        positive = " && ".join("(" + " || ".join(one(t) for t in group) + ")" for group in self.groups)
        whole = positive + "".join(f" && !!{one(t)}" for t in self.excluded)
        return positive, whole, params


_TOKEN = re.compile(r'(-?)(?:"([^"]*)("?)|([^\s"]+))')


def parse_query(query: str) -> ParsedQuery:
    """Read a person's query: words (implicit AND), ``"phrases"``, ``word*`` prefixes, ``OR``,
    ``-word`` or ``NOT word`` to exclude. Raises ``SearchQueryError`` when nothing sensible is left.
    """
    if len(query) > MAX_QUERY_CHARS:
        raise SearchQueryError(f"query too long ({len(query)} characters, at most {MAX_QUERY_CHARS})")
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    last: str | None = None  # "term", "excluded" or "or"
    negate_next = False
    for match in _TOKEN.finditer(query):
        minus, phrase, closing, word = match.groups()
        negated = bool(minus) or negate_next
        if phrase is not None and not closing:
            raise SearchQueryError(f"unbalanced quote in query {query!r}: close the phrase with \"")
        if word in {"OR", "AND", "NOT"} and not minus:
            if negate_next or (word == "OR" and last in (None, "or", "excluded")):
                raise SearchQueryError(f"{word} needs a term on each side in query {query!r}")
            last, negate_next = ("or", False) if word == "OR" else (last, word == "NOT")
            continue
        negate_next = False
        term = _term(phrase, word)
        if term is None:
            continue
        if negated:
            if last == "or":
                raise SearchQueryError(f"an excluded term cannot follow OR in query {query!r}")
            excluded.append(term)
            last = "excluded"
        elif last == "or":
            groups[-1].append(term)
            last = "term"
        else:
            groups.append([term])
            last = "term"
    if last == "or" or negate_next:
        raise SearchQueryError(f"query {query!r} ends with an operator: add a term after it")
    if not groups:
        what = "only excluded terms" if excluded else "nothing to search for"
        raise SearchQueryError(f"query {query!r} has {what}: give at least one word to look for")
    if sum(map(len, groups)) + len(excluded) > MAX_TERMS:
        raise SearchQueryError(f"query has too many terms (at most {MAX_TERMS})")
    return ParsedQuery(tuple(tuple(g) for g in groups), tuple(excluded))


def _term(phrase: str | None, word: str | None) -> Term | None:
    """A term from a phrase or a bare word; None when it holds no letter or digit."""
    if phrase is not None:
        cleaned = " ".join(phrase.split())
        return Term(cleaned, phrase=True) if any(c.isalnum() for c in cleaned) else None
    assert word is not None
    core = word.lstrip("-").rstrip("*")
    if not any(c.isalnum() for c in core):
        return None
    return Term(core, prefix=word.endswith("*"))


def date_bound(value: str, *, end: bool = False) -> str:
    """Check a ``--from``/``--to`` bound (YYYY, YYYY-MM or YYYY-MM-DD) and return it as given."""
    found = _DATE_BOUND.match(value.strip())
    if found is None:
        raise ConfigError(f"{'--to' if end else '--from'} {value!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(x) if x else None for x in found.groups())
    try:
        date(year or 1, month or 1, day or 1)
    except ValueError:
        raise ConfigError(f"{'--to' if end else '--from'} {value!r} is not a valid date") from None
    return found.group(0)


# --- the index ----------------------------------------------------------------------------------

def _strings(value: Any) -> list[str]:
    """The words in an attribute value (a string or a list of strings), not codes such as ``en``."""
    values = value if isinstance(value, list) else [value]
    return [x for x in values if isinstance(x, str) and not (len(x) <= 3 and x.islower())]


def _join(parts: Iterable[Any]) -> str:
    """Distinct non-empty texts, one a line, without soft hyphens (they would split words)."""
    texts = (p.replace("\xad", "").strip() for p in parts if isinstance(p, str))
    return "\n".join(dict.fromkeys(t for t in texts if t))


class RecordLike(Protocol):
    """What the index needs of a record (a stored row, or one being ingested)."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def country(self) -> str | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def date_value(self) -> str | None: ...
    @property
    def data(self) -> dict[str, Any]: ...
    @property
    def is_current(self) -> bool: ...


@dataclass(frozen=True)
class IndexedRecord:
    """A record being ingested, as the index sees it."""

    id: str
    source_id: str
    title: str
    country: str | None
    kind: str
    date_value: str | None
    data: dict[str, Any]
    is_current: bool


@dataclass(frozen=True)
class IndexedSource:
    """A source being indexed: what its document row shows and its whole text."""

    id: str
    format: str
    title: str | None
    file: str
    country: str | None
    as_of: str | None
    text: str
    is_current: bool


def record_document(row: RecordLike, data: dict[str, Any] | None = None) -> tuple[str, str]:
    """What a record is found by: its names (title, English title, acronym, aliases) and its body
    (description, points, actors' names, statements' text, textual attributes). ``data`` is the
    record as corrected by its newest revision, when it has one."""
    data = data if data is not None else (row.data or {})
    names = _join([data.get("title") or row.title, data.get("title_en"), data.get("acronym"),
                   *data.get("aliases", [])])
    actors = [a.get("name") for a in data.get("actors", []) if isinstance(a, dict)]
    attributes = [s for v in (data.get("attributes") or {}).values() for s in _strings(v)]
    body = _join([data.get("description"), *data.get("points", []), *actors, *attributes])
    return names, body


def _year(value: str | None) -> int | None:
    return int(value[:4]) if value and value[:4].isdigit() else None


def _index_rows(source: IndexedSource, records: Sequence[RecordLike],
                revised: dict[str, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    rows = []
    if source.format in DOCUMENT_FORMATS and source.text.strip():
        rows.append({"title": source.title or source.file, "body": source.text.replace("\xad", ""), "record_id": None,
                     "source_id": source.id, "country": source.country, "kind": DOCUMENT_KIND,
                     "year": _year(source.as_of), "is_current": source.is_current})
    for record in records:
        rows.append(_record_row(record, source.id, (revised or {}).get(record.id)))
    return rows


def _record_row(record: RecordLike, source_id: str, data: dict[str, Any] | None) -> dict[str, Any]:
    names, body = record_document(record, data)
    date = ((data or {}).get("date") or {}).get("value") if data is not None else record.date_value
    return {"title": names, "body": body, "record_id": record.id, "source_id": source_id,
            "country": record.country, "kind": record.kind, "year": _year(date), "is_current": bool(record.is_current)}


def index_source(session: Session, source: IndexedSource, records: Sequence[RecordLike],
                 revised: dict[str, dict[str, Any]] | None = None) -> int:
    """Add a newly stored source and its records to the index (same transaction); returns the rows added."""
    return _insert(session, _index_rows(source, records, revised))


def mark_superseded(session: Session, source_ids: Sequence[str]) -> None:
    """The index's rows of these sources are no longer of a current version (same transaction)."""
    mark_current(session, source_ids, False)


def mark_current(session: Session, source_ids: Sequence[str], current: bool) -> None:
    """Set the current flag of the index's rows of these sources (same transaction)."""
    for source_id in source_ids:
        session.execute(text("UPDATE search_fts SET is_current = :flag WHERE source_id = :source_id"),
                        {"flag": current, "source_id": source_id})


def reindex_record(session: Session, record: RecordRow | RecordData, data: dict[str, Any]) -> None:
    """Index a record again as corrected (``data``: its newest revision), in the edit's transaction."""
    session.execute(text("DELETE FROM search_fts WHERE record_id = :record_id"), {"record_id": record.id})
    _insert(session, [_record_row(record, record.source_id, data)])


def _insert(session: Session, rows: list[dict[str, Any]]) -> int:
    if not rows:
        return 0
    columns = "title, body, record_id, source_id, country, kind, year, is_current"
    if session.get_bind().dialect.name == "sqlite":
        sql = (f"INSERT INTO search_fts ({columns}) VALUES (:title, :body, :record_id, :source_id, :country, :kind,"
               " :year, :is_current)")
        rows = [dict(row, is_current=int(row["is_current"])) for row in rows]
    else:
        sql = (f"INSERT INTO search_fts ({columns}, tsv) VALUES (:title, :body, :record_id, :source_id, :country,"
               " :kind, :year, :is_current, setweight(to_tsvector('atlas', :title), 'A')"
               f" || setweight(to_tsvector('atlas', left(:body, {PG_TSVECTOR_CHARS})), 'B'))")
    return execute_many(session, sql, rows)


def rebuild_index(session: Session) -> int:
    """Empty the index and index every stored source again (for atlases filled before the index)."""
    session.execute(text("DELETE FROM search_fts"))
    added = 0
    from policyatlas.store.revisions import latest_revisions

    ids = list(session.scalars(select(SourceRow.id).order_by(SourceRow.ingested_at, SourceRow.id)))
    for source_id in ids:  # one document's text at a time
        row = session.execute(select(SourceRow.id, SourceRow.format, SourceRow.title, SourceRow.file, SourceRow.country,
                                     SourceRow.as_of, SourceTextRow.text, SourceRow.is_current)
                              .join(SourceTextRow, SourceTextRow.source_id == SourceRow.id)
                              .where(SourceRow.id == source_id)).one()
        records = [RecordData.from_row(r) for r in session.execute(
            select(*RECORD_COLUMNS).where(RecordRow.source_id == source_id).order_by(RecordRow.ordinal))]
        revised = {k: v.data for k, v in latest_revisions(session, [r.id for r in records]).items()}
        added += index_source(session, IndexedSource(*row), records, revised)
    return added


# --- searching ----------------------------------------------------------------------------------

@dataclass
class SearchHit:
    """One match: a record (or a whole document when ``record`` is None), its source and snippet."""

    record: RecordData | None
    source: SourceMeta
    kind: str
    country: str | None
    snippet: str
    score: float
    others: int = 0  # other matches of the same entity (other sources, other sections) this hit stands for

    @property
    def title(self) -> str:
        return self.record.title if self.record else (self.source.title or self.source.file)


@dataclass
class SearchResults:
    """A page of hits, best first, with the number of all matches and facets counted over them all."""

    query: str
    total: int
    facets: dict[str, dict[str, int]]
    hits: list[SearchHit] = field(default_factory=list)


@dataclass
class _Plan:
    """One search's SQL pieces for its dialect: WITH, FROM, WHERE, the index's alias, and parameters."""

    sqlite: bool
    with_: str = ""
    where: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    sources: bool = False  # the filters read the source (current version, a document's date)
    records: bool = True  # the record is read: its entity groups the hits (and a date filter reads its date)

    @property
    def t(self) -> str:
        return "search_fts" if self.sqlite else "f"

    @property
    def from_(self) -> str:
        """The index, joined only to what the filters read (each join is a lookup per match)."""
        table = "search_fts" if self.sqlite else "search_fts AS f CROSS JOIN q"
        if self.sources:
            table += f" JOIN sources AS s ON s.id = {self.t}.source_id"
        if self.records:
            table += f" LEFT JOIN records AS r ON r.id = {self.t}.record_id"
        return table


def _plan(session: Session, parsed: ParsedQuery, *, country: str | None, kind: str | None,
          date_from: str | None, date_to: str | None, history: bool) -> _Plan:
    plan = _Plan(sqlite=session.get_bind().dialect.name == "sqlite")
    t = plan.t
    if plan.sqlite:
        plan.where.append("search_fts MATCH :match")
        plan.params["match"] = parsed.fts5()
    else:  # a query of stop words only ("the") has no positive part left: it matches nothing
        positive, whole, params = parsed.tsquery()
        plan.with_ = f"WITH q AS (SELECT {positive} AS positive, {whole} AS query) "
        plan.where += ["numnode(q.positive) > 0", "f.tsv @@ q.query"]
        plan.params.update(params)
    if not history:  # the index keeps each row's current flag: no join to sources
        plan.where.append(f"{t}.is_current = :current")
        plan.params["current"] = True
    if country:
        plan.where.append(f"{t}.country = :country")
        plan.params["country"] = country
    if kind:
        plan.where.append(f"{t}.kind = :kind")
        plan.params["kind"] = kind
    day = f"(CASE WHEN {t}.record_id IS NULL THEN s.as_of ELSE r.date_value END)"
    if date_from or date_to:
        plan.sources = plan.records = True
    if date_from:  # a fuzzy date overlapping the range counts: 2017 is within --from 2017-06
        plan.where.append(f"substr(CAST(:date_from AS VARCHAR), 1, length({day})) <= {day}")
        plan.params["date_from"] = date_from
    if date_to:
        plan.where.append(f"substr({day}, 1, :to_length) <= CAST(:date_to AS VARCHAR)")
        plan.params.update(date_to=date_to, to_length=len(date_to))
    return plan


def _snippet(raw: str | None) -> str:
    """A snippet as safe HTML: the document's text escaped, each match in ``<mark>…</mark>``."""
    cleaned = html.escape(" ".join((raw or "").split()), quote=False)
    return cleaned.replace(_HIT_START, MARK_START).replace(_HIT_END, MARK_END)


def search(session: Session, query: str, *, country: str | None = None, kind: str | None = None,
           date_from: str | None = None, date_to: str | None = None, history: bool = False,
           limit: int = 20, offset: int = 0) -> SearchResults:
    """Search records and documents, best match first.

    Args:
        query: words, ``"phrases"``, ``prefix*``, ``OR``, ``-excluded`` (see ``parse_query``).
        country: an ISO alpha-2 code; kind: a record kind or ``document``.
        date_from, date_to: YYYY[-MM[-DD]] bounds on the record's date (a document's as-of date);
            hits without a known date are left out when a bound is given.
        history: include superseded source versions (by default only current sources).
        limit, offset: the page of hits; ``total`` and ``facets`` count every match.
    """
    if limit < 1 or offset < 0:
        raise ConfigError("--limit must be at least 1 and the offset not negative")
    parsed = parse_query(query)
    date_from = date_bound(date_from) if date_from else None
    date_to = date_bound(date_to, end=True) if date_to else None
    if date_from and date_to and date_from[:len(date_to)] > date_to:
        raise ConfigError(f"--from {date_from} is after --to {date_to}")
    plan = _plan(session, parsed, country=country, kind=kind, date_from=date_from, date_to=date_to,
                 history=history)
    where = " AND ".join(plan.where)
    best = _best_per_entity(plan, where)
    try:
        facet_rows = session.execute(text(
            f"{_best_per_entity(plan, where, ranked=False)} SELECT country, kind, year, count(*) FROM best WHERE n = 1"
            " GROUP BY country, kind, year"), plan.params).all()
        page = dict(plan.params, limit=limit, offset=offset)
        rows: Sequence[Any]
        if plan.sqlite:
            rows = _sqlite_page(session, plan, best, page)
        else:
            rows = session.execute(text(
                f"{best}, page AS (SELECT id, score, copies FROM best WHERE n = 1"
                " ORDER BY score DESC, id LIMIT :limit OFFSET :offset)"
                " SELECT f.record_id, f.source_id, f.kind, f.country, page.score,"
                " ts_headline('atlas', coalesce(f.title, '') || ' ' || coalesce(f.body, ''), q.query, :options),"
                " page.copies - 1"
                " FROM page JOIN search_fts AS f ON f.id = page.id CROSS JOIN q ORDER BY page.score DESC, page.id"),
                dict(page, options=_HEADLINE)).all()
    except DBAPIError as exc:  # FTS5 or tsquery refusing an expression: should not happen, and is no crash
        reason = str(exc.orig).splitlines()[0] if str(exc.orig) else type(exc.orig).__name__
        if "fts5" not in reason.lower() and "tsquery" not in reason.lower():
            raise
        raise SearchQueryError(f"query {query!r} cannot be searched: {reason}") from None
    return SearchResults(query=query, total=sum(int(r[3]) for r in facet_rows), facets=_facets(facet_rows),
                         hits=_hits(session, rows))


def _best_per_entity(plan: _Plan, where: str, *, ranked: bool = True) -> str:
    """A ``WITH`` whose ``best`` rows are the matches, each numbered within its entity (``n = 1``: the
    entity's best match; the first indexed when not ``ranked``, as the facets need no ranking) with how many
    matches the entity has (``copies``). One entity (CERT-MX) stated by a profile, its earlier version's twin
    section and the ITU profile is one hit, not three; a document (no record) is its own group."""
    t = plan.t
    # FTS5's ranking weighs names ten times the body
    score = "-bm25(search_fts, 10.0, 1.0)" if plan.sqlite else "ts_rank(f.tsv, q.query, 1)"
    if not ranked:
        score = "0"
    row_id = "search_fts.rowid" if plan.sqlite else "f.id"
    group = f"coalesce(r.entity_id, 'source:' || {t}.source_id)"
    head = plan.with_ + ", " if plan.with_ else "WITH "
    return (f"{head}matches AS (SELECT {row_id} AS id, {score} AS score, {group} AS grp, {t}.country AS country,"
            f" {t}.kind AS kind, {t}.year AS year FROM {plan.from_} WHERE {where}),"
            " best AS (SELECT id, score, country, kind, year,"
            " row_number() OVER (PARTITION BY grp ORDER BY score DESC, id) AS n,"
            " count(*) OVER (PARTITION BY grp) AS copies FROM matches)")


def _sqlite_page(session: Session, plan: _Plan, best: str, page: dict[str, Any]) -> list[Any]:
    """One page of hits, best first (each entity once), with snippets made for the page's rows only (a
    snippet re-reads its row's text, and a document row holds a whole document): every match is ranked and
    grouped first, and the page's snippets come after."""
    snippet = "snippet(search_fts, -1, :hit_start, :hit_end, '…', 24)"
    marks = {"hit_start": _HIT_START, "hit_end": _HIT_END}
    ranked = session.execute(text(
        f"{best} SELECT id, score, copies - 1 FROM best WHERE n = 1 ORDER BY score DESC, id"
        " LIMIT :limit OFFSET :offset"), page).all()
    if not ranked:
        return []
    ids = {f"r{i}": row[0] for i, row in enumerate(ranked)}
    rows = session.execute(text(
        f"SELECT search_fts.rowid, search_fts.record_id, search_fts.source_id, search_fts.kind, search_fts.country,"
        f" {snippet} FROM search_fts"
        f" WHERE search_fts MATCH :match AND search_fts.rowid IN ({', '.join(':' + k for k in ids)})"),
        dict(ids, match=plan.params["match"], **marks)).all()
    by_rowid = {row[0]: row for row in rows}
    return [(*by_rowid[rowid][1:5], score, by_rowid[rowid][5], others) for rowid, score, others in ranked
            if rowid in by_rowid]


def _facets(rows: Sequence[Any]) -> dict[str, dict[str, int]]:
    """Counts by country, kind and year over every match (``unknown`` where the value is missing)."""
    counters: dict[str, Counter[str]] = {name: Counter() for name in _FACETS}
    for country, kind, year, count in rows:
        for name, value in zip(_FACETS, (country, kind, year), strict=True):
            counters[name][_UNKNOWN if value is None else str(value)] += int(count)
    return {name: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) for name, c in counters.items()}


def _hits(session: Session, rows: Sequence[Any]) -> list[SearchHit]:
    records = records_by_id(session, {r[0] for r in rows if r[0]})
    sources = sources_by_id(session, {r[1] for r in rows})
    return [SearchHit(record=records.get(record_id) if record_id else None, source=sources[source_id], kind=kind,
                      country=country, snippet=_snippet(snippet), score=round(float(score), 6), others=int(others))
            for record_id, source_id, kind, country, score, snippet, others in rows if source_id in sources]

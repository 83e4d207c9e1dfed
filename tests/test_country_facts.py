"""Map measures and the country summary on both backends: classes, "no data" never "no", corrections, citations,
what the atlas knows, and reads that never touch a source's text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, event

from policyatlas.errors import NotFoundError
from policyatlas.store.db import session_scope
from policyatlas.store.ingest import ingest_paths
from policyatlas.store.revisions import edit_record
from policyatlas.views.measures import MEASURES, get_measure, list_measures
from policyatlas.views.records import list_records
from policyatlas.views.summary import get_summary

DATASET = """format: policyatlas-dataset
version: 1
id: test-facts
title: Fictional facts for four real countries
license: CC-BY-4.0
sources:
  - {id: panel, title: A strategy panel, url: "https://example.org/panel", publisher: Panel Institute, as_of: "2024"}
  - {id: lists, title: A member list, url: "https://example.org/list", publisher: List Office, as_of: "2025-01-01"}
  - {id: index, title: An index 2021, url: "https://example.org/index", publisher: Index Agency, as_of: "2021"}
records:
  - {kind: strategy, country: UY, section: Cybersecurity Policy, title: First national cybersecurity strategy,
     date: "2014-04-17", status: exists, source: panel, attributes: {first_strategy: true}}
  - {kind: strategy, country: UY, section: Cybersecurity Policy, title: Digital agenda, date: "2011", source: panel}
  - {kind: strategy, country: PY, section: Cybersecurity Policy, title: First national cybersecurity strategy,
     status: absent, source: panel, attributes: {first_strategy: true}}
  - {kind: strategy, country: BO, section: Cybersecurity Policy, title: National cyber plan, status: exists,
     source: panel}
  - {kind: cert, country: UY, section: Structure, subsection: National CERT or CSIRT, title: CERTuy, status: exists,
     source: lists, links: [{label: Advisories, url: "https://example.org/certuy"}]}
  - {kind: agency, country: UY, section: Structure, subsection: Data protection authority,
     title: Unidad Reguladora y de Control de Datos Personales, status: exists, source: lists,
     attributes: {role: data_protection_authority}}
  - {kind: agency, country: UY, section: Structure, subsection: National Centre or Responsible Agency,
     title: AGESIC, source: lists}
  - {kind: law, country: UY, section: Legal Framework, title: Ley 18331, date: "2008-08-11", status: in_force,
     source: lists}
  - {kind: membership, country: UY, section: Membership, title: Example Cyber Pact, date: "2023", source: lists,
     attributes: {organisation: example-pact, list_complete_as_of: "2025-01-01"}}
  - {kind: membership, country: BO, section: Membership, title: Example Cyber Pact, date: unknown, source: lists,
     attributes: {organisation: example-pact, list_complete_as_of: "2025-01-01"}}
  - {kind: index_value, country: UY, section: Indices, title: Global Cybersecurity Index 2018, date: "2018",
     source: index, attributes: {index: gci, index_name: Global Cybersecurity Index, edition: 2018, value: 0.681,
     scale: "0-1", rank: 47}}
  - {kind: index_value, country: UY, section: Indices, title: Global Cybersecurity Index 2020, date: "2020",
     source: index, attributes: {index: gci, index_name: Global Cybersecurity Index, edition: 2020, value: 75.15,
     scale: "0-100", rank: null}}
  - {kind: index_value, country: PY, section: AI Index, title: "AI Index: bills", date: "2016/2024", source: index,
     attributes: {index: ai-index/bills_passed/2016-2024, index_name: "Number of AI-related bills passed into law,
     2016-24", edition: 2025, metric: bills_passed, period: 2016-2024, value: 0, published: "0", scale: bills}}
  - {kind: index_value, country: UY, section: AI Index, title: "AI Index: bills 2024", date: "2024", source: index,
     attributes: {index: ai-index/bills_passed/2024, index_name: "Number of AI-related bills passed into law, 2024",
     edition: 2025, metric: bills_passed, period: "2024", value: 2, published: "2", scale: bills}}
  - {kind: index_value, country: UY, section: AI Index, title: "AI Index: bills", date: "2016/2024", source: index,
     attributes: {index: ai-index/bills_passed/2016-2024, index_name: "Number of AI-related bills passed into law,
     2016-24", edition: 2025, metric: bills_passed, period: 2016-2024, value: 7, published: "7", scale: bills}}
"""


@pytest.fixture
def atlas(engine: Engine, tmp_path: Path) -> Iterator[Engine]:
    path = tmp_path / "facts.yaml"
    path.write_text(DATASET, encoding="utf-8")
    report = ingest_paths(engine, [path])
    assert report.ok, [f.error for f in report.files]
    yield engine


def _by_country(engine: Engine, measure: str) -> dict[str, tuple[str, str]]:
    return {v.country: (v.css, v.label) for v in get_measure(engine, measure).countries}


def test_strategy_measure_separates_year_unknown_absent_and_no_data(atlas: Engine) -> None:
    values = _by_country(atlas, "strategy")
    assert values["UY"] == ("c-3", "national strategy adopted in 2014")  # the first national one, not the 2011 agenda
    assert values["BO"][0] == "c-undated"
    assert values["PY"] == ("c-no", "no national strategy, per the sources")
    assert "AR" not in values  # nothing about Argentina: no data, never "no"
    legend = {e.css: e.countries for e in get_measure(atlas, "strategy").legend}
    assert legend["c-3"] == 1 and legend["c-no"] == 1 and "c-none" in legend


def test_organisation_measures_name_the_body_and_leave_others_without_data(atlas: Engine) -> None:
    assert _by_country(atlas, "csirt") == {"UY": ("c-3", "national CSIRT: CERTuy")}
    assert _by_country(atlas, "dpa") == {"UY": ("c-3", "data protection authority: Unidad Reguladora y de Control "
                                                       "de Datos Personales")}


def test_membership_measure_knows_non_members_only_from_a_complete_list(atlas: Engine) -> None:
    from policyatlas.views import measures

    read = measures._membership("example-pact", ("example cyber pact",), "Pact")
    with session_scope(atlas) as session:
        values, classes, complete = read(session, measures.english)
    by_country = {v.country: v for v in values}
    assert complete == "2025-01-01"
    assert by_country["UY"].css == "c-4" and by_country["UY"].year == 2023
    assert by_country["BO"].css == "c-undated"  # a member whose joining date is unknown
    assert by_country["PY"].css == "c-no" and "list as of 2025-01-01" in by_country["PY"].label
    assert ("c-no", "not listed as a member") in classes
    # without a complete list, a country not named is no data, not "no"
    assert _by_country(atlas, "paris_call") == {}


def test_index_measures_use_the_latest_edition_and_the_published_value(atlas: Engine) -> None:
    gci = {v.country: v for v in get_measure(atlas, "gci").countries}
    assert gci["UY"].label == "GCI 2020: 75.15 (0-100)" and gci["UY"].css == "c-4"
    assert gci["UY"].citation is not None and gci["UY"].citation.publisher == "Index Agency"
    laws = {v.country: v for v in get_measure(atlas, "ai_laws").countries}
    assert laws["UY"].published == "7" and laws["UY"].css == "c-3"  # the 2016-24 value, not 2024's
    assert laws["PY"].css == "c-no" and laws["PY"].label.endswith(": 0")  # searched, none found: a real zero


def test_measures_follow_an_editors_correction(atlas: Engine) -> None:
    record = next(r for r in list_records(atlas, country="UY", kind="strategy") if r["title"].startswith("First"))
    with session_scope(atlas) as session:
        edit_record(session, record["id"], {"date": {"value": "2013-02-01", "precision": "day"}}, author="ana")
    assert _by_country(atlas, "strategy")["UY"] == ("c-3", "national strategy adopted in 2013")


def test_unknown_measure_is_not_found(atlas: Engine) -> None:
    with pytest.raises(NotFoundError):
        get_measure(atlas, "nope")
    assert [m.id for m in list_measures()][0] == "strategy" and len(list_measures()) == len(MEASURES)


def test_summary_topics_cite_the_publication_not_our_file(atlas: Engine) -> None:
    summary = get_summary(atlas, "uy")
    topics = {t.id: t for t in summary.topics}
    assert [f.title for f in topics["strategy"].facts][0] == "First national cybersecurity strategy"
    assert topics["csirt"].facts[0].citation.publisher == "List Office"
    assert topics["csirt"].facts[0].citation.url == "https://example.org/list"
    assert topics["csirt"].facts[0].citation.file == "facts.yaml"
    assert [f.title for f in topics["lead_agency"].facts] == ["AGESIC"]
    assert [f.title for f in topics["laws"].facts] == ["Ley 18331"]
    assert topics["memberships"].total == 1
    gci = next(i for i in summary.indices if i.index == "gci")
    assert (gci.edition, gci.published) == (2020, "75.15")
    assert {(f.period, f.published) for f in summary.ai_index} == {("2024", "2"), ("2016-2024", "7")}


def test_summary_says_how_much_we_know(atlas: Engine) -> None:
    coverage = get_summary(atlas, "BO").coverage
    assert coverage.records == 2
    assert {p.citation.title for p in coverage.publications} == {"A strategy panel", "A member list"}
    assert (coverage.oldest, coverage.newest) == ("2024", "2025-01-01")
    assert "Structure" in coverage.empty_sections and "Membership" not in coverage.empty_sections
    with pytest.raises(NotFoundError):
        get_summary(atlas, "AR")


def test_measure_and_summary_reads_never_select_source_text(atlas: Engine) -> None:
    statements: list[str] = []

    def capture(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    event.listen(atlas, "before_cursor_execute", capture)
    try:
        for measure in MEASURES:
            get_measure(atlas, measure.id)
        get_summary(atlas, "UY")
    finally:
        event.remove(atlas, "before_cursor_execute", capture)
    assert statements and not [s for s in statements if "sources.text" in s]


def test_kosovo_has_a_country_page_code() -> None:
    from policyatlas.views.countries import normalise_country

    assert normalise_country("XK") == normalise_country("xkx") == normalise_country("Kosovo") == "XK"


def test_statements_naming_an_initiative_two_ways_link_one_organisation(engine: Engine, tmp_path: Path) -> None:
    from policyatlas.store import entity_queries

    first = tmp_path / "2021.md"
    first.write_text("---\ndate: '2021-10-14'\ntitle: Joint Statement from the Counter Ransomware Initiative Meeting\n"
                     "---\nWe the Ministers and Representatives of Chile, Peru, Bolivia, Ecuador, Uruguay and "
                     "Paraguay recognize that ransomware is a threat.\n", encoding="utf-8")
    second = tmp_path / "2022.md"
    second.write_text("---\ndate: '2022-11-01'\n---\nThe members of the International Counter Ransomware Initiative "
                      "(CRI)\u2014Chile, Peru, Bolivia, Ecuador, Uruguay, Paraguay and Colombia\u2014met.\n",
                      encoding="utf-8")
    assert ingest_paths(engine, [first, second]).ok
    with session_scope(engine) as session:
        organisations = [e for e in entity_queries.list_entities(session, kinds=["organization"])
                         if "ransomware" in e.name.casefold()]
        assert [e.name for e in organisations] == ["International Counter Ransomware Initiative"]
        members = entity_queries.entity_links(session, [organisations[0].id])
        assert {record.country for _, role, record, _ in members if role == "member_of"} == {
            "CL", "PE", "BO", "EC", "UY", "PY", "CO"}
    values = {v.country: v for v in get_measure(engine, "cri").countries}
    assert values["CL"].year == 2021 and values["CO"].year == 2022  # first named: the year joined

"""Bulk incident tables: the VCDB derived export and the CFR Cyber Operations Tracker CSV."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from typing import Any

import pycountry
import pytest

from policyatlas.errors import ParseError
from policyatlas.model.record import ParsedSource
from policyatlas.sources.incidents.cfr import countries_in, resolve_name, split_countries
from policyatlas.sources.incidents.vcdb import CfrTrackerParser, VcdbExportParser
from policyatlas.sources.incidents.veris import VerisParser
from tests.conftest import need_shared

EXPORT = "corpus/vcdb/derived/vcdb-SIMPLIFICADA.json"
CFR = "corpus/indices/cfr_cyber_operations_tracker_incidents.csv"


@pytest.fixture(scope="module")
def export_raw() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(need_shared(EXPORT).read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def export() -> ParsedSource:
    path = need_shared(EXPORT)
    return VcdbExportParser().parse(path.read_bytes(), str(path))


@pytest.fixture(scope="module")
def cfr() -> ParsedSource:
    path = need_shared(CFR)
    return CfrTrackerParser().parse(path.read_bytes(), str(path))


def _first_per_id(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    kept: dict[str, dict[str, Any]] = {}
    for item in raw:
        kept.setdefault(item["incident_id"], item)
    return list(kept.values())


# -- VCDB export ---------------------------------------------------------------------------------
def test_vcdb_export_one_record_per_incident_id(export: ParsedSource, export_raw: list[dict[str, Any]]) -> None:
    ids = {item["incident_id"] for item in export_raw}
    assert len(export.records) == len(ids)
    assert {r.attributes["incident_id"] for r in export.records} == ids
    dropped = len(export_raw) - len(ids)
    assert any(w.startswith(f"{dropped} duplicate records dropped") for w in export.warnings)
    assert export.lineage == "vcdb-export/vcdb-SIMPLIFICADA" and export.country is None


def test_vcdb_export_counts_by_country_agree(export: ParsedSource, export_raw: list[dict[str, Any]]) -> None:
    direct: Counter[str | None] = Counter()
    for item in _first_per_id(export_raw):
        country = item["victim"]["country"]
        direct[pycountry.countries.get(alpha_3=country).alpha_2 if isinstance(country, str) else None] += 1
    parsed = Counter(r.country for r in export.records)
    assert parsed == direct
    assert parsed["MX"] == sum(1 for item in _first_per_id(export_raw) if item["victim"]["country"] == "MEX") == 4


def test_vcdb_export_counts_by_year_agree(export: ParsedSource, export_raw: list[dict[str, Any]]) -> None:
    direct = Counter(int(item["timeline"]["incident"]["year"]) for item in _first_per_id(export_raw))
    assert Counter(r.attributes["year"] for r in export.records) == direct


def test_vcdb_export_record_fields(export: ParsedSource) -> None:
    mexico = {r.attributes["incident_id"]: r for r in export.records if r.country == "MX"}
    record = mexico["3E88E995-3D24-4944-AFDC-431F1BA9A52F"]
    assert record.attributes["sector"] == "Public Administration" and record.attributes["dataset"] == "vcdb"
    assert record.date is not None and record.date.to_json()["value"] == "2013-09-01"
    assert record.attributes["actions"] == ["hacking"] and record.title == "Incident 3E88E995-3D24-4944-AFDC-431F1BA9A52F"
    assert mexico["36ee1e50-0b59-11e8-985b-1119ad21cbad"].attributes["sector"] == "Finance and Insurance"
    start, end = record.extra["offset_start"], record.extra["offset_end"]
    assert json.loads(export.text[start:end])["incident_id"] == "3E88E995-3D24-4944-AFDC-431F1BA9A52F"
    assert (record.line_start, record.line_end) == (1, 1)  # the export is one line
    unknown = [r for r in export.records if r.country is None]
    assert unknown and all(r.attributes["victim_countries"] == [] for r in unknown)
    assert export.as_of is not None and export.as_of.to_json()["value"] == "2018-08-26"


def test_vcdb_export_detect_claims_only_the_export() -> None:
    export = need_shared(EXPORT).read_bytes()
    veris = need_shared("corpus/vcdb/validated/0001AA7F-C601-424A-B2B8-BE6C9F5164E7.json").read_bytes()
    cfr = need_shared(CFR).read_bytes()
    parser = VcdbExportParser()
    assert parser.detect(export, "x.json") and not parser.detect(veris, "x.json") and not parser.detect(cfr, "x.csv")
    assert not VerisParser().detect(export, "x.json") and not CfrTrackerParser().detect(export, "x.json")


DIRTY_EXPORT = """[
  {"_id": {"$oid": "5b82e5ecda262d1070e3bc8f"}, "incident_id": "A-1",
   "victim": {"country": "MEX", "industry": 5182, "employee_count": "Large"},
   "timeline": {"incident": {"year": "2014", "month": 3.0}},
   "action": {"hacking": {"variety": "DoS", "vector": ["Web application"]}}},
  {"incident_id": "A-2", "victim": {"country": ["Unknown"], "industry": "000"},
   "timeline": {"incident": {"year": 2015.0}}, "action": {"unknown": {}}},
  {"incident_id": "A-1", "victim": {"country": "MEX"}, "timeline": {"incident": {"year": 2014}}},
  {"incident_id": "A-3", "victim": {"country": "Atlantis"}, "timeline": {"incident": {"year": "soon"}}},
  {"incident_id": "A-4", "victim": {"country": ["XXX", "GTM"]}, "timeline": {}}
]
"""


def test_vcdb_export_dirty_values_coerced_and_reported() -> None:
    parsed = VcdbExportParser().parse(DIRTY_EXPORT.encode(), "/tmp/upload/vcdb-2018-0123456789abcdef.json")
    records = {r.attributes["incident_id"]: r for r in parsed.records}
    assert list(records) == ["A-1", "A-2", "A-3", "A-4"]
    first = records["A-1"]
    assert (first.country, first.attributes["sector"], first.attributes["size_group"]) == ("MX", "Information", "large")
    assert first.date is not None and first.date.to_json()["value"] == "2014-03"
    assert first.attributes["action_varieties"] == {"hacking": {"variety": ["DoS"], "vector": ["Web application"]}}
    assert (first.line_start, first.line_end) == (2, 5)
    assert (records["A-4"].line_start, records["A-4"].line_end) == (10, 10)
    assert records["A-2"].country is None and records["A-2"].attributes["industry"] is None
    assert records["A-2"].attributes["actions"] == ["unknown"]
    assert records["A-4"].country == "GT" and records["A-3"].country is None
    assert parsed.lineage == "vcdb-export/vcdb-2018"
    warnings = "\n".join(parsed.warnings)
    assert "1 duplicate records dropped" in warnings and "1 of them differ" in warnings
    assert "victim country 'Atlantis' not recognised" in warnings and "victim country 'XXX'" in warnings
    assert "timeline.incident.year 'soon' is not a year" in warnings


def test_vcdb_export_json_lines() -> None:
    lines = b'{"incident_id": "B-1", "victim": {"country": "USA"}}\n{"incident_id": "B-2", "action": {}}\n'
    parser = VcdbExportParser()
    assert parser.detect(lines, "x.jsonl")
    parsed = parser.parse(lines, "x.jsonl")
    assert [(r.line_start, r.country) for r in parsed.records] == [(1, "US"), (2, None)]


@pytest.mark.parametrize(("content", "line"), [
    ('[\n{"incident_id": "A", "victim": {}},\n{"incident_id": "B", "victim": {\n', 4),
    ('[\n{"incident_id": "A", "victim": {}}\n{"incident_id": "B"}\n]', 3),
    ('[\n{"incident_id": "A", "victim": {}}\n', 3),
    ('[\n{"incident_id": "A", "victim": {}}\n]\nextra', 4),
])
def test_vcdb_export_malformed_raises_parse_error_with_line(content: str, line: int) -> None:
    with pytest.raises(ParseError) as caught:
        VcdbExportParser().parse(content.encode(), "bad.json")
    assert caught.value.line == line


def test_vcdb_export_without_incidents_is_an_error() -> None:
    with pytest.raises(ParseError):
        VcdbExportParser().parse(b'[{"victim": {}}, 3]', "empty.json")


# -- CFR Cyber Operations Tracker -----------------------------------------------------------------
def _dict_rows() -> list[tuple[int, dict[str, str]]]:
    """Each row of the tracker as csv.DictReader reads it, with the line it ends on."""
    with need_shared(CFR).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return [(reader.line_num, row) for row in reader]


def _realigned_lines(parsed: ParsedSource) -> set[int]:
    return {int(m.group(1)) for w in parsed.warnings if (m := re.match(r"row at line (\d+): columns realigned", w))}


def test_cfr_row_count_and_lines_agree_with_dictreader(cfr: ParsedSource) -> None:
    rows = _dict_rows()
    assert len(cfr.records) == len(rows) == 768
    previous = 1
    for record, (end, _) in zip(cfr.records, rows, strict=True):
        assert (record.line_start, record.line_end) == (previous + 1, end)
        previous = end
    assert any(r.line_end > r.line_start for r in cfr.records)  # quoted fields spanning lines
    assert cfr.lineage == "cfr-tracker" and cfr.country is None and cfr.format == "cfr-tracker"


def test_cfr_sponsor_counts_agree_with_direct_count(cfr: ParsedSource) -> None:
    realigned = _realigned_lines(cfr)
    assert realigned == {127, 143, 226, 257, 280, 351, 499}
    names = {"China": "CN", "Russian Federation": "RU", "Iran (Islamic Republic of)": "IR",
             "Korea (Democratic People's Republic of)": "KP", "United States": "US", "United States of America": "US"}
    direct: Counter[str] = Counter()
    for end, row in _dict_rows():
        if end not in realigned:
            direct.update({names[n.strip()] for n in row["Sponsor"].split(",") if n.strip() in names})
    parsed: Counter[str] = Counter()
    for record in cfr.records:
        if record.line_end not in realigned:
            parsed.update({s["code"] for s in record.attributes["sponsor"] if s["code"] in set(names.values())})
    assert parsed == direct and direct["CN"] == 265
    by_line = {r.line_end: r for r in cfr.records}
    assert [s["code"] for s in by_line[127].attributes["sponsor"]] == ["PK"]
    assert all([s["code"] for s in by_line[n].attributes["sponsor"]] == ["RU"] for n in (143, 226, 257, 280, 351))
    assert by_line[499].attributes["sponsor"] == []
    assert by_line[499].attributes["victims_text"] == "Iraq, Pakistan, Israel, United Kingdom"
    assert by_line[127].attributes["type"] == "Espionage"


def test_cfr_record_fields(cfr: ParsedSource) -> None:
    first = cfr.records[0]
    assert first.title == "Targeting of dissidents and opposition political candidates in Ghana"
    assert first.country == "GH" and first.attributes["dataset"] == "cfr"
    assert first.date is not None and first.date.to_json() == {"value": "2022-01-20", "precision": "day", "end": None}
    assert first.attributes["sponsor"] == [{"code": "GH", "name": "Ghana"}]
    assert first.attributes["type"] == "Espionage" and first.attributes["response"] == "Denial"
    assert first.attributes["year"] == 2022 and first.links[0].url.startswith("https://www.haaretz.com/")
    types = Counter(r.attributes["type"] for r in cfr.records)
    assert not any(str(t).startswith("http") for t in types)
    assert sum(1 for r in cfr.records if r.date is None) == 15
    assert len({r.attributes["incident_id"] for r in cfr.records}) == len(cfr.records)
    json.dumps([r.content_json() for r in cfr.records])


def test_cfr_detect_claims_only_the_tracker() -> None:
    parser = CfrTrackerParser()
    assert parser.detect(need_shared(CFR).read_bytes(), "x.csv")
    for other in ("cyber_security_indexes_cei_gci2020_ncsi_ddl.csv", "gci2018_scores_country_names.csv"):
        data = need_shared(f"corpus/indices/{other}").read_bytes()
        assert not parser.detect(data, other) and not VcdbExportParser().detect(data, other)


FICTION_CSV = (
    "Title,Date,Affiliations,Description,Response,Victims,Sponsor,Type,Category,Sources_1,Sources_2,Sources_3\r\n"
    'Operation Alpha,2/3/2019,Group A,"A first line.\nA second line.",,Ukrainian banks,"Sokovia, China",Espionage,'
    "Private sector,https://example.org/1,,\r\n"
    "Operation Beta,,,Short.,,Government of Chile,Sokovia,Sabotage,Government,,,\r\n"
    'Operation Gamma,13/45/2020,,"Quoted ??end.??,,Victims in Peru""",Wakanda; Kingdom of,Espionage,Military,'
    "https://example.org/3,,,,\r\n"
    "Operation Delta,1/2/2021,,Text.,,Banks,\"Palestine, State of, Iran (Islamic Republic of)\",Doxing,,,,\r\n"
)


def test_cfr_fiction_unresolved_names_realignment_and_lines() -> None:
    parsed = CfrTrackerParser().parse(FICTION_CSV.encode(), "fiction.csv")
    alpha, beta, gamma, delta = parsed.records
    assert (alpha.line_start, alpha.line_end, beta.line_start, gamma.line_start, delta.line_end) == (2, 3, 4, 5, 6)
    assert alpha.attributes["sponsor"] == [{"code": None, "name": "Sokovia"}, {"code": "CN", "name": "China"}]
    assert alpha.country == "UA" and alpha.description == "A first line. A second line."
    assert [a.role for a in alpha.actors] == ["sponsor", "sponsor"]
    assert beta.date is None and beta.country == "CL"
    assert gamma.attributes["victims_text"] == "Victims in Peru" and gamma.attributes["type"] == "Espionage"
    assert gamma.country == "PE" and gamma.links[0].url == "https://example.org/3"
    assert [s["code"] for s in delta.attributes["sponsor"]] == ["PS", "IR"]
    unresolved = [w for w in parsed.warnings if "not recognised" in w]
    assert unresolved == ["sponsor 'Sokovia' not recognised as a country (kept as text)",
                          "sponsor 'Wakanda; Kingdom of' not recognised as a country (kept as text)"]
    assert any("row at line 5: columns realigned" in w for w in parsed.warnings)
    assert any("row at line 5: date '13/45/2020' not understood" in w for w in parsed.warnings)


@pytest.mark.parametrize("content", [
    b"Title,Date,Victims,Sponsor,Type\r\n",
    b'Title,Date,Victims,Sponsor,Type\r\nA,1/1/2020,"unclosed,X,Espionage\r\n',
    b"Country,Score\r\nMexico,1\r\n",
])
def test_cfr_malformed_raises_parse_error(content: bytes) -> None:
    with pytest.raises(ParseError):
        CfrTrackerParser().parse(content, "bad.csv")


@pytest.mark.parametrize(("name", "code"), [
    ("Iran (Islamic Republic of)", "IR"), ("Korea (Democratic People's Republic of)", "KP"),
    ("Korea (Republic of)", "KR"), ("The Philippines", "PH"), ("Russian Federation", "RU"),
    (' United Kingdom"', "GB"), ("Atlantis", None),
])
def test_cfr_resolve_name(name: str, code: str | None) -> None:
    assert resolve_name(name) == code


def test_cfr_split_countries_rejoins_names_with_commas() -> None:
    assert split_countries("Palestine, State of, China, Russian Federation") == [
        ("Palestine, State of", "PS"), ("China", "CN"), ("Russian Federation", "RU")]
    assert split_countries("") == []


@pytest.mark.parametrize(("text", "codes"), [
    ("Ukrainian state bodies", ["UA"]),
    ("U.S. political reporters and White House correspondents", ["US"]),
    ("Pharmaceutical companies in the United States, Canada, France, India, and South Korea",
     ["US", "CA", "FR", "IN", "KR"]),
    ("Latin American banks and Tibetan groups", []),
    ("Malwarebytes employees", []),
])
def test_cfr_countries_in_victims_text(text: str, codes: list[str]) -> None:
    assert countries_in(text) == codes


def test_cfr_line_counting_matches_splitlines() -> None:
    text = "Title,Date,Victims,Sponsor,Type\nA,1/1/2020,\"x\u2028y\",China,Espionage\nB,1/2/2020,Z,China,Espionage\n"
    parsed = CfrTrackerParser().parse(text.encode(), "u2028.csv")
    lines = parsed.text.splitlines()
    assert [(r.line_start, r.line_end) for r in parsed.records] == [(2, 3), (4, 4)]
    assert lines[3].startswith("B,")
    assert list(csv.reader(io.StringIO(text, newline="")))[2][0] == "B"

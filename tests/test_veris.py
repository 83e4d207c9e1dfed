"""VERIS incident records: extraction, schema warnings, malformed input, NAICS sectors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from policyatlas.errors import ConfigError, ParseError
from policyatlas.sources.incidents.naics import clean_naics, naics_sector
from policyatlas.sources.incidents.veris import (
    SCHEMA_ENV,
    VerisParser,
    VerisSchema,
    first_sentence,
    load_veris_schema,
)
from tests.conftest import need_shared

VALIDATED = "corpus/vcdb/validated"

# From corpus/vcdb/SOURCES.md (country, NAICS code) and the files themselves (year, actions).
CASES = [
    ("3E88E995-3D24-4944-AFDC-431F1BA9A52F", "MX", "Public Administration", 2013, ["hacking"]),
    ("E11793F2-AA3E-4666-A96D-FE3FBB22BC0A", "MX", "Manufacturing", 2013, ["hacking"]),
    ("6BEB4BBE-4072-4D0A-8F74-75932C6DE3F4", "MX", "Information", 2012, ["hacking"]),
    ("434E52F3-74AA-4087-9DD4-E98C9160D84B", "AR", "Public Administration", 2013, ["hacking"]),
    ("50BCC245-20B2-4B4F-8DE6-C00AB1924AE5", "CL", "Public Administration", 2013, ["hacking"]),
    ("0012CC25-9167-40D8-8FE3-3D0DFD8FB6BB", "GB", "Information", 2012, ["hacking"]),
    ("00224226-4A39-435C-BFFD-672B5D61C7C1", "AZ", "Utilities", 2013, ["hacking"]),
    ("0001AA7F-C601-424A-B2B8-BE6C9F5164E7", "US", "Public Administration", 2010, ["misuse"]),
]

# A fictional record of an old VERIS version with values VERIS has since retired.
OLD_RECORD: dict[str, Any] = {
    "schema_version": "1.2.1",
    "incident_id": "FICTION-0001",
    "source_id": "vcdb",
    "summary": "Staff of the U.S. office of Example Corp. mailed a list to the wrong address. Nobody noticed.",
    "reference": "https://example.org/a, https://example.org/b; case 42",
    "victim": {"country": ["MEX", "Unknown"], "industry": 921110.0, "employee_count": "1 to 10",
               "victim_id": "Example Corp"},
    "action": {"error": {"variety": ["Omission"], "vector": "Carelessness"},
               "social": {"variety": ["Phishing"], "vector": ["Website"]}},
    "attribute": {"confidentiality": {"data_total": "1,200"}},
    "timeline": {"incident": {"year": "2011", "month": 2, "day": 30}},
    "discovery_method": "Ext - Customer",
}


def _tiny_schema() -> VerisSchema:
    """A fictional schema that knows one enumeration, to test warnings without the shared files."""
    social = {"type": "object", "properties": {"vector": {"type": "array", "items": {"enum": ["Email"]}}}}
    return VerisSchema("9.0.0", {"type": "object", "properties": {"action": {
        "type": "object", "properties": {"social": social}}}})


@pytest.fixture(scope="module")
def schema() -> VerisSchema:
    return load_veris_schema(need_shared("corpus/vcdb/veris-schema"))


def _parse(record: dict[str, Any], schema: VerisSchema | None = None) -> Any:
    return VerisParser(schema or _tiny_schema()).parse(json.dumps(record, indent=2).encode(), "fiction.json")


@pytest.mark.parametrize(("incident_id", "country", "sector", "year", "actions"), CASES)
def test_veris_validated_file(incident_id: str, country: str, sector: str, year: int, actions: list[str],
                              schema: VerisSchema) -> None:
    path = need_shared(f"{VALIDATED}/{incident_id}.json")
    data = path.read_bytes()
    parser = VerisParser(schema)
    assert parser.detect(data, path.name)
    parsed = parser.parse(data, str(path))
    (record,) = parsed.records
    attributes = record.attributes
    assert (record.kind, record.country, attributes["sector"], attributes["year"]) == ("incident", country, sector, year)
    assert attributes["actions"] == actions
    assert attributes["victim_countries"] == [country] and attributes["incident_id"] == incident_id
    assert attributes["dataset"] == "vcdb" and attributes["sponsor"] is None and attributes["type"] is None
    assert attributes["victims"][0]["code"] == country
    assert record.date is not None and record.date.value is not None and record.date.value.startswith(str(year))
    assert parsed.lineage == f"veris/{incident_id}" and parsed.format == "veris"
    assert (record.line_start, record.line_end) == (1, len(parsed.text.splitlines()))
    assert record.links and record.links[0].url.startswith("http")
    assert any("old VERIS schema_version" in w for w in parsed.warnings)  # all are 1.3.x, the schema is 1.4.1
    json.dumps(record.content_json())


def test_veris_mexican_house_of_representatives_details(schema: VerisSchema) -> None:
    path = need_shared(f"{VALIDATED}/3E88E995-3D24-4944-AFDC-431F1BA9A52F.json")
    (record,) = VerisParser(schema).parse(path.read_bytes(), str(path)).records
    assert record.title.startswith("Anonymous hacktivists have temporarily disrupted") and record.title.endswith(").")
    assert record.date is not None and record.date.to_json() == {"value": "2013-09-01", "precision": "day", "end": None}
    assert record.attributes["action_varieties"] == {"hacking": {"variety": ["Unknown"], "vector": ["Web application"]}}
    assert record.attributes["industry"] == "921110" and record.attributes["size_group"] == "unknown"
    assert record.attributes["discovery_method"] == ["external: Actor disclosure"]
    assert record.extra["source_id"] == "vcdb"


def test_veris_records_affected_and_size(schema: VerisSchema) -> None:
    path = need_shared(f"{VALIDATED}/434E52F3-74AA-4087-9DD4-E98C9160D84B.json")
    (record,) = VerisParser(schema).parse(path.read_bytes(), str(path)).records
    assert record.attributes["records_affected"] == 5900
    assert record.date is not None and record.date.precision == "month"
    path = need_shared(f"{VALIDATED}/0001AA7F-C601-424A-B2B8-BE6C9F5164E7.json")
    (record,) = VerisParser(schema).parse(path.read_bytes(), str(path)).records
    assert (record.attributes["size"], record.attributes["size_group"]) == ("Over 100000", "large")


def test_veris_old_record_with_retired_values_warns_against_the_real_schema(schema: VerisSchema) -> None:
    parsed = _parse(OLD_RECORD, schema)
    warnings = "\n".join(parsed.warnings)
    assert "old VERIS schema_version 1.2.1" in warnings
    assert "action.error.variety[0]: 'Omission' is not a VERIS 1.4.1 value" in warnings
    assert "action.social.vector[0]: 'Website' is not a VERIS 1.4.1 value" in warnings
    assert parsed.records[0].attributes["actions"] == ["social", "error"]


def test_veris_old_record_still_parsed_with_coerced_values() -> None:
    parsed = _parse(OLD_RECORD)
    (record,) = parsed.records
    attributes = record.attributes
    assert record.country == "MX" and attributes["victim_countries"] == ["MX"]
    assert (attributes["industry"], attributes["sector"]) == ("921110", "Public Administration")
    assert (attributes["size"], attributes["size_group"]) == ("1 to 10", "small")
    assert attributes["records_affected"] == 1200
    assert attributes["action_varieties"]["error"] == {"variety": ["Omission"], "vector": ["Carelessness"]}
    assert record.date is not None and record.date.to_json()["value"] == "2011-02"  # 30 February: month kept
    assert attributes["year"] == 2011 and attributes["discovery_method"] == ["Ext - Customer"]
    assert record.title == "Staff of the U.S. office of Example Corp. mailed a list to the wrong address."
    assert [link.url for link in record.links] == ["https://example.org/a", "https://example.org/b"]
    assert [actor.name for actor in record.actors] == ["Example Corp"]
    warnings = "\n".join(parsed.warnings)
    assert "'Website' is not a VERIS 9.0.0 value (retired or unknown)" in warnings
    assert "is not a day of 2011-02" in warnings


def test_veris_without_schema_says_enumerations_were_not_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SCHEMA_ENV, raising=False)
    parsed = VerisParser().parse(json.dumps(OLD_RECORD).encode(), "old.json")
    assert any("not checked" in w for w in parsed.warnings)
    assert any("old VERIS schema_version 1.2.1" in w for w in parsed.warnings)


def test_veris_schema_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(SCHEMA_ENV, str(need_shared("corpus/vcdb/veris-schema")))
    parsed = VerisParser().parse(json.dumps(OLD_RECORD).encode(), "old.json")
    assert any("'Omission' is not a VERIS 1.4.1 value" in w for w in parsed.warnings)
    monkeypatch.setenv(SCHEMA_ENV, str(tmp_path))
    with pytest.raises(ConfigError):
        VerisParser().parse(json.dumps(OLD_RECORD).encode(), "old.json")


def test_veris_schema_file_with_separate_enumerations(schema: VerisSchema) -> None:
    merged = load_veris_schema(need_shared("corpus/vcdb/veris-schema/verisc.json"))
    assert merged.version == schema.version == "1.4.1"
    assert merged.check(OLD_RECORD) == schema.check(OLD_RECORD)


@pytest.mark.parametrize(("content", "line"), [
    (b'{\n  "schema_version": "1.3.7",\n  "incident_id": "X",\n  "victim": {\n}', 5),
    (b'{\n  "schema_version": "1.3.7",\n  "action": {"hacking": }\n}', 3),
    (b'[\n  {"schema_version": "1.3.7"}\n]', 1),
    (b'{"schema_version": "1.3.7", "action": {}}', 1),
])
def test_veris_malformed_input_raises_parse_error_with_line(content: bytes, line: int) -> None:
    with pytest.raises(ParseError) as caught:
        VerisParser(_tiny_schema()).parse(content, "bad.json")
    assert caught.value.line == line


@pytest.mark.parametrize(("content", "expected"), [
    (json.dumps(OLD_RECORD).encode(), True),
    (b'{"schema_version": "1.3.7", "incident_id": "X"}', False),
    (b'[{"incident_id": "X", "victim": {}}]', False),
    (b"format: policyatlas-dataset\ncountry: MX\n", False),
    (b'{"schema_version": "1.3.7", "action": ', False),
])
def test_veris_detect(content: bytes, expected: bool) -> None:
    assert VerisParser().detect(content, "any.json") is expected


@pytest.mark.parametrize(("code", "sector"), [
    ("92", "Public Administration"), ("921110", "Public Administration"), ("5182", "Information"),
    ("518210", "Information"), ("324110", "Manufacturing"), ("48-49", "Transportation and Warehousing"),
    (921110.0, "Public Administration"), (62, "Health Care and Social Assistance"), ("000", None), ("", None),
    (None, None), ("99", None), ("Unknown", None), (5.5, None),
])
def test_naics_sector(code: object, sector: str | None) -> None:
    assert naics_sector(code) == sector


def test_naics_clean_keeps_code_and_drops_unknown() -> None:
    assert [clean_naics(c) for c in ("921110", 921110.0, " 51919 ", "48-49", "000", "0")] == [
        "921110", "921110", "51919", "48-49", None, None]


@pytest.mark.parametrize(("summary", "title"), [
    ("Site hacked and files dumped on pastebin.", "Site hacked and files dumped on pastebin."),
    ("leaked info from Azerbaijan electrical producer", "leaked info from Azerbaijan electrical producer"),
    ("The U.S. Department of X lost a laptop. It held data.", "The U.S. Department of X lost a laptop."),
    ("A" * 300, "A" * 200 + "…"),
])
def test_veris_first_sentence(summary: str, title: str) -> None:
    assert first_sentence(summary) == title

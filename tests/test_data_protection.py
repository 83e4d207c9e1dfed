"""Data protection authorities (Datenanfragen.de records) and the Global Data Barometer's raw results."""

from __future__ import annotations

import json

import pytest

from policyatlas.sources import detect_parser
from policyatlas.sources.data_protection import BarometerParser, SupervisoryAuthorityParser
from policyatlas.sources.data_protection.authorities import split_name
from tests.conftest import need_shared


def _authority(**changes: object) -> bytes:
    entry: dict[str, object] = {
        "slug": "xxdpa", "relevant-countries": ["nl"],
        "name": "Autoriteit Persoonsgegevens (Dutch Data Protection Authority)",
        "address": "Postbus 93374\n2509 AJ DEN HAAG\nThe Netherlands", "phone": "+31 70 888 8500",
        "email": "info@example.nl", "web": "https://autoriteitpersoonsgegevens.nl",
        "sources": ["https://autoriteitpersoonsgegevens.nl/en/contact-dutch-dpa/contact-us"],
    }
    entry.update(changes)
    return json.dumps(entry, indent=4, ensure_ascii=False).encode()


def test_authority_is_an_agency_with_its_urls_and_no_contact_details() -> None:
    data = _authority()
    assert SupervisoryAuthorityParser().detect(data, "x.json") and detect_parser(data, "x.json").kind == "dpa-record"
    parsed = SupervisoryAuthorityParser().parse(data, "x.json")
    (record,) = parsed.records
    assert (record.kind, record.country, record.subsection) == ("agency", "NL", "Data protection authority")
    assert (record.title, record.title_en) == ("Autoriteit Persoonsgegevens", "Dutch Data Protection Authority")
    assert [link.url for link in record.links] == ["https://autoriteitpersoonsgegevens.nl",
                                                   "https://autoriteitpersoonsgegevens.nl/en/contact-dutch-dpa/contact-us"]
    assert record.attributes["role"] == "data_protection_authority" and record.line_start == 6
    assert "info@example.nl" not in json.dumps(record.content_json())  # contact details are not policy facts


def test_authority_of_several_countries_and_of_all() -> None:
    parsed = SupervisoryAuthorityParser().parse(_authority(**{"relevant-countries": ["be", "lu", "all", "xx"]}),
                                                "x.json")
    assert [r.country for r in parsed.records] == ["BE", "LU"]
    assert any("'all'" in w for w in parsed.warnings) and any("'xx'" in w for w in parsed.warnings)


@pytest.mark.parametrize(("raw", "expected"), [
    ("UODO – Urząd Ochrony Danych Osobowych (Personal Data Protection Office of Poland)",
     ("Urząd Ochrony Danych Osobowych", "Personal Data Protection Office of Poland", "UODO")),
    ("Commission Nationale de l'Informatique et des Libertés – CNIL (French National Commission on Informatics "
     "and Liberty)", ("Commission Nationale de l'Informatique et des Libertés",
                      "French National Commission on Informatics and Liberty", "CNIL")),
    ("Bayerisches Landesamt für Datenschutzaufsicht (BayLDA)", ("Bayerisches Landesamt für Datenschutzaufsicht",
                                                                None, "BayLDA")),
    ("Katholisches Datenschutzzentrum Frankfurt/M. KdöR (Mittel- und Südwestdeutsche Bistümer)",
     ("Katholisches Datenschutzzentrum Frankfurt/M. KdöR (Mittel- und Südwestdeutsche Bistümer)", None, None)),
    ("Irish Data Protection Commission", ("Irish Data Protection Commission", None, None)),
])
def test_split_name_finds_english_names_and_acronyms(raw: str, expected: tuple[str, str | None, str | None]) -> None:
    assert split_name(raw) == expected


def test_authority_detection_skips_the_schema_and_other_json() -> None:
    parser = SupervisoryAuthorityParser()
    assert not parser.detect(b'{"$schema": "http://json-schema.org/draft-07/schema#", "slug": {}, '
                             b'"relevant-countries": {}}', "schema.json")
    assert not parser.detect(b'{"name": "x", "countries": ["nl"]}', "x.json")


MEASURES = """[
    {
        "iso": "BRA",
        "G.GOVERNANCE.DPL": "90",
        "G.PI.RTIF": "72",
        "A.PI.RTI": ""
    },
    {
        "iso": "AVERAGE",
        "G.GOVERNANCE.DPL": "60"
    },
    {
        "iso": "XKX",
        "G.GOVERNANCE.DPL": "n/a"
    }
]"""


def test_barometer_scores_are_published_values() -> None:
    data = MEASURES.encode()
    assert detect_parser(data, "measures.json").kind == "gdb-json"
    parsed = BarometerParser().parse(data, "measures.json")
    assert [(r.country, r.attributes["indicator"], r.attributes["value"]) for r in parsed.records] == [
        ("BR", "G.GOVERNANCE.DPL", 90), ("BR", "G.PI.RTIF", 72)]
    assert parsed.records[0].attributes["published"] == "90" and parsed.records[0].attributes["scale"] == "0-100"
    assert (parsed.records[0].line_start, parsed.records[0].line_end) == (2, 7)
    assert any("AVERAGE" in w for w in parsed.warnings) and any("'n/a'" in w for w in parsed.warnings)


def test_barometer_evidence_is_a_list_of_links_per_country_and_indicator() -> None:
    data = json.dumps([
        {"iso": "BRA", "indicator_id": "G.GOVERNANCE.DPL", "title": "LGPD", "link": "https://example.org/lgpd"},
        {"iso": "BRA", "indicator_id": "G.GOVERNANCE.DPL", "title": "ANPD", "link": "https://example.org/anpd"},
        {"iso": "BRA", "indicator_id": "G.PI.RTI", "title": "No link", "link": ""},
    ], indent=4).replace("/", "\\/").encode()  # GDB escapes its slashes
    parsed = BarometerParser().parse(data, "supporting_evidence.json")
    (record,) = parsed.records
    assert record.kind == "list" and record.country == "BR"
    assert [link.url for link in record.links] == ["https://example.org/lgpd", "https://example.org/anpd"]


def test_barometer_codebooks_state_no_country_facts() -> None:
    data = b'[\n    {"indicator_id": "G.GOVERNANCE.DPL", "indicator_name": "Governance (G): Data protection"}\n]'
    parsed = BarometerParser().parse(data, "indicators.json")
    assert parsed.records == () and "codebook" in parsed.warnings[0]
    assert not BarometerParser().detect(b'[{"id": 1, "name": "x"}]', "x.json")


def test_data_protection_corpus_is_read() -> None:
    folder = need_shared("corpus/data-protection")
    authorities = SupervisoryAuthorityParser()
    countries = set()
    for path in sorted((folder / "datenanfragen-supervisory-authorities").glob("*.json")):
        data = path.read_bytes()
        if authorities.detect(data, path.name):
            countries |= {r.country for r in authorities.parse(data, str(path)).records}
    assert len(countries) == 32
    measures = folder / "global-data-barometer-2021" / "measures.json"
    parsed = BarometerParser().parse(measures.read_bytes(), str(measures))
    dpl = {r.country: r.attributes["value"] for r in parsed.records if r.attributes["indicator"] == "G.GOVERNANCE.DPL"}
    assert len(dpl) == 109 and dpl["BR"] == 90 and "XK" in dpl

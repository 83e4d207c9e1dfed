"""The portal-style country profile parser, on seed 000 (Mexico) and on hand-made profiles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from policyatlas.errors import ParseError
from policyatlas.model.record import PROFILE_SECTIONS, Record
from policyatlas.sources.profiles.parser import CountryProfileParser

PARSER = CountryProfileParser()
GOV = [("Government of Mexico", "issuer")]

# Every item of seed 000, in document order:
# (kind, title, title_en, dates as "value[/end]@precision", amended, actors, number of points, line_start)
EXPECTED: list[tuple[str, str, str | None, list[str], list[str | None], list[tuple[str, str]], int, int]] = [
    ("strategy", "Estrategia Digital Nacional 2021-2024", "National Digital Strategy", ["2021-09-06@day"], [], [], 0, 9),
    ("strategy", "Políticas y disposiciones para impulsar el uso y aprovechamiento de la informática, el gobierno "
     "digital, las tecnologías de la información y comunicación, y la seguridad de la información en la "
     "Administración Pública Federal", "Policies and standards to promote the use of information and "
     "communication technologies, the digital government and information security by the Federal Government",
     ["2021-09-06@day"], [], [], 0, 15),
    ("strategy", "Estrategia Nacional de Seguridad Pública", "National Strategy on Public Security", [], [], GOV, 0, 21),
    ("strategy", "Estrategia Nacional de Ciberseguridad", "National Cybersecurity Strategy", ["2017-11-13@day"], [],
     GOV, 5, 27),
    ("strategy", "Programa Sectorial de Seguridad y Protección Ciudadana 2020-2024",
     "National Sectorial Program on Security and Public Safety 2020-2024", [], [], GOV, 0, 43),
    ("strategy", "Bases técnicas de seguridad informática para la Administración Pública Federal",
     "Technical Basis on Information Security for the Federal Government", ["2020-03@month"], [], [], 0, 49),
    ("agency", "Inter-secretarial Commission for the Development of Electronic Government", None, [], [], [], 0, 59),
    ("agency", "Dirección General Científica de la Guardia Nacional",
     "Scientific General Directorate of the National Guard", [], [], [("Government of Mexico", "responsible")], 0, 75),
    ("agency", "Coordinación de Estrategia Digital Nacional", "Coordination of National Digital Strategy", [], [],
     [("Government of Mexico", "responsible")], 0, 81),
    ("agency", "Instituto Federal de Telecomunicaciones", "Federal Institute on Telecommunications", [], [], [], 0, 87),
    ("cert", "CERT-MX", None, ["2010-06-01@day"], [], [("Federal Police", "responsible")], 4, 95),
    ("law", "Ley de Seguridad Nacional", "Law on National Security", ["2005-01-31@day"], ["2021-05-20@day"], [], 1, 114),
    ("law", "Ley para Regular las Instituciones de Tecnología Financiera",
     "Law to Regulate the Financial Technology Institutions", ["2018-03-09@day"], ["2021-05-20@day"], [], 0, 122),
    ("law", "Código Penal Federal", "Federal Penal Code", ["2014-03-06@day"], [None], [], 3, 128),
    ("law", "Ley Federal de Protección de Datos Personales en Posesión de los Particulares",
     "Law on the Protection of Private Personal Data", ["2010-07-05@day"], [], [], 2, 146),
    ("un_process", "Represented at the Group of Governmental Experts on Developments in the Field of Information "
     "and Telecommunications in the Context of International Security", None,
     ["2004@year", "2014/2015@year", "2016/2017@year", "2019/2021@year"], [], [], 0, 161),
    ("un_process", "Expressed views to the Annual Report of the UN Secretary-General on Developments in the Field "
     "of Information and Telecommunications in the Context of International Security", None, ["2010@year"], [], [],
     0, 167),
    ("un_process", "Expressed Views at the Open-Ended Working Group on Developments in the Field of Information "
     "and Telecommunications in the Context of International Security", None, ["2019/2020@year"], [], [], 0, 173),
    ("cooperation", "Foro Iberoamericano de Ciberdefensa", "Iberoamerican Cyberdefense Forum", ["2021-04@month"], [],
     [("Chief of the General Staff of the Navy", "participant"), ("Secretary of the Navy", "participant")], 1, 183),
    ("cooperation", "Subgrupo sobre Ciberseguridad México-EUA", "Sub-Group on Cybersecurity Mexico-USA",
     ["2019-10-31@day"], [], [(name, "participant") for name in (
         "Ministry of the Interior", "Ministry of Foreign Relations", "Ministry of National Defense",
         "Ministry of the Navy", "Ministry of Security and Citizen Protection", "Ministry of Finance and Public Credit",
         "Ministry of Communications and Transportation", "Attorney General's Office")], 2, 193),
    ("cooperation", "Hemispheric Forum on International Cooperation Against Cybercrime", None,
     ["2017-12-05/2017-12-07@day"], [], [("Mexico", "participant")], 0, 210),
    ("cooperation", "Workshop on Good Practices, with European Union experts", None, ["2017-09-11/2017-09-13@day"], [],
     [("Federal Institute of Telecommunications", "participant")], 0, 218),
    ("cooperation", "Technical Assistance Mission from the Organisation of American States", None,
     ["2017-04-18/2017-04-21@day"], [], [("Government of Mexico", "participant")], 2, 228),
    ("cooperation", "Resolution on Working Group on Cooperative and Confidence Building Measures for Cyberspace, "
     "Inter-American Committee against Terrorism", None, ["2017-04-10@day"], [],
     [(c, "presenter") for c in ("Chile", "Colombia", "Perú", "Costa Rica", "Canada", "Guatemala", "Mexico")], 0, 239),
    ("cooperation", "OAS Cyber Security Initiative", None, ["2015-04-16@day"], [], [("Mexico", "co-sponsor")], 2, 249),
    ("cooperation", "Global Forum on Cyber Expertise", None, ["2015-04-16@day"], [], [("Mexico", "member")], 0, 258),
    ("activity", "National Cyber Security Week", None, ["2020-10-09@day"], [], [("Federal Police", "organizer")], 2, 270),
    ("membership", "International Telecommunications Union", None, [], [], [], 0, 287),
    ("membership", "Organization of American States", None, [], [], [], 0, 292),
    ("membership", "United Nations", None, [], [], [], 0, 296),
]


def _date(d: Any) -> str | None:
    if d.value is None:
        return None
    return f"{d.value}{'/' + d.end if d.end else ''}@{d.precision}"


def _summary(record: Record) -> tuple[Any, ...]:
    return (record.kind, record.title, record.title_en, [_date(d) for d in record.dates],
            [_date(d) for d in record.amended], [(a.name, a.role) for a in record.actors],
            len(record.points), record.line_start)


@pytest.fixture
def seed_records(seed_profile: Path) -> tuple[Record, ...]:
    return PARSER.parse(seed_profile.read_bytes(), str(seed_profile)).records


def test_profile_seed_every_item_once(seed_records: tuple[Record, ...]) -> None:
    assert [_summary(r) for r in seed_records] == EXPECTED


def test_profile_seed_metadata(seed_profile: Path) -> None:
    parsed = PARSER.parse(seed_profile.read_bytes(), str(seed_profile))
    assert (parsed.country, parsed.format, parsed.lineage, parsed.media_type) == (
        "MX", "country-profile", "country-profile/MX", "text/markdown")
    assert parsed.as_of is not None and (parsed.as_of.value, parsed.as_of.precision) == ("2021-11", "month")
    assert PARSER.detect(seed_profile.read_bytes(), seed_profile.name)


def test_profile_seed_sections_in_portal_order(seed_records: tuple[Record, ...]) -> None:
    seen = list(dict.fromkeys(r.section for r in seed_records))
    assert seen == list(PROFILE_SECTIONS)
    subsections = {r.subsection for r in seed_records if r.kind == "agency"}
    assert subsections == {"National Centre or Responsible Agency", "Dedicated Agencies and Departments"}


def test_profile_seed_page_headers_are_noise(seed_records: tuple[Record, ...]) -> None:
    for record in seed_records:
        text = " ".join([record.title, record.description or "", *record.points, record.date_note or ""])
        assert "Last Updated" not in text
        assert record.title != "Mexico"


def test_profile_seed_descriptions_points_links_and_notes(seed_records: tuple[Record, ...]) -> None:
    by_title = {r.title: r for r in seed_records}
    strategy = by_title["Estrategia Nacional de Ciberseguridad"]
    assert strategy.description == "Identifies 5 strategic objectives:"
    assert strategy.points[0] == "Society and Rights;" and strategy.points[-1] == "National Security."
    assert [(link.label, link.url) for link in strategy.links] == [("Source", "#"), ("Source 2", "#")]
    assert strategy.extra["document_type"] == "strategy"
    assert by_title["Bases técnicas de seguridad informática para la Administración Pública Federal"].extra[
        "document_type"] == "policy"
    centre = by_title["Inter-secretarial Commission for the Development of Electronic Government"]
    assert centre.acronym == "CIDGE"
    assert centre.description is not None and centre.description.startswith("Aims to promote")
    penal = by_title["Código Penal Federal"]
    assert penal.description is not None and penal.description.startswith("Provisions that sanction")
    assert penal.points[0].startswith("Illegal access to computer systems")
    assert by_title["Global Forum on Cyber Expertise"].date_note == "Member since"
    assert by_title["National Cyber Security Week"].date_note == "Sixth National Cybersecurity Week"
    cert = by_title["CERT-MX"]
    assert cert.aliases == ("Centro Nacional de Respuesta a Incidentes Cibernéticos",)
    assert cert.points[-1] == "Governmental CERT."
    assert by_title["International Telecommunications Union"].acronym == "ITU"
    assert by_title["Estrategia Nacional de Ciberseguridad"].title_language == "es"
    assert all(r.country == "MX" and r.line_end >= r.line_start for r in seed_records)


def test_profile_seed_line_spans_point_at_the_item(seed_profile: Path, seed_records: tuple[Record, ...]) -> None:
    lines = seed_profile.read_text(encoding="utf-8").splitlines()
    for record in seed_records:
        span = "\n".join(lines[record.line_start - 1 : record.line_end])
        assert record.title.split()[0] in span
        for point in record.points:
            assert point in span


def test_profile_html_rendering_gives_same_records(seed_profile: Path, seed_records: tuple[Record, ...]) -> None:
    html = MarkdownIt("commonmark").render(seed_profile.read_text(encoding="utf-8"))
    page = f"<!doctype html>\n<html><head><title>Mexico</title></head>\n<body>\n{html}</body></html>\n"
    parsed = PARSER.parse(page.encode(), "mexico.html")
    assert parsed.media_type == "text/html" and parsed.country == "MX"
    assert parsed.as_of == PARSER.parse(seed_profile.read_bytes(), "x").as_of

    def content(records: tuple[Record, ...]) -> list[dict[str, Any]]:
        return [r.content_json() for r in records]

    assert content(parsed.records) == content(seed_records)
    assert all(r.line_start >= 1 for r in parsed.records)


# A hand-made profile of an imaginary set of Uruguayan items (fictional facts, written for
# these tests) that uses the portal's layout with its quirks: ### items, a #### subsection
# heading, a headless item, no-date items and a page header in the middle of an item.
FICTIONAL = """\
# Uruguay

## CYBERSECURITY POLICY

### ✓ Strategy Documents

### Estrategia Nacional de Prueba (National Test Strategy)

Agencia de Prueba

[Source](https://example.org/s)

March 2019

## STRUCTURE

#### National CERT or CSIRT

#### **CERT-UY (Centro de Respuesta de Prueba)**

- Coordinates test incidents;

## Uruguay

Last Updated: May 2022

- Runs test exercises.

[Source](#)

## LEGAL FRAMEWORK

### Legislation

#### Ley de Prueba N° 1 (Test Law No. 1)

[Source](#)

2 de marzo de 2020 (amended 2021)

## COOPERATION

## Select Activities

## Membership

**Organization of American States (OAS)**
"""


def test_profile_fictional_layout_quirks() -> None:
    parsed = PARSER.parse(FICTIONAL.encode(), "uy.md")
    assert parsed.country == "UY"
    assert parsed.as_of is not None and parsed.as_of.value == "2022-05"
    summary = [(r.kind, r.title, r.title_en, [_date(d) for d in r.dates], [_date(d) for d in r.amended],
                [(a.name, a.role) for a in r.actors], list(r.points)) for r in parsed.records]
    assert summary == [
        ("strategy", "Estrategia Nacional de Prueba", "National Test Strategy", ["2019-03@month"], [],
         [("Agencia de Prueba", "issuer")], []),
        ("cert", "CERT-UY", None, [], [], [], ["Coordinates test incidents;", "Runs test exercises."]),
        ("law", "Ley de Prueba N° 1", "Test Law No. 1", ["2020-03-02@day"], ["2021@year"], [], []),
        ("membership", "Organization of American States", None, [], [], [], []),
    ]
    assert parsed.records[0].links[0].url == "https://example.org/s"


def test_profile_truncated_mid_section_gives_its_records_and_a_warning(seed_profile: Path) -> None:
    text = seed_profile.read_text(encoding="utf-8")
    cut = text[: text.index("## COOPERATION") + 200]
    parsed = PARSER.parse(cut.encode(), "cut.txt")
    assert len(parsed.records) == 16 and parsed.records[-1].kind == "un_process"
    assert any("missing: Select Activities, Membership" in w for w in parsed.warnings)


def test_profile_truncated_mid_word_warns_about_the_last_item(seed_profile: Path) -> None:
    text = seed_profile.read_text(encoding="utf-8")
    cut = text[: text.index("Union (ITU)")]
    parsed = PARSER.parse(cut.encode(), "cut.txt")
    assert parsed.records[-1].title == "International Telecommunications"
    assert any("cut mid-item" in w for w in parsed.warnings)


def test_profile_not_a_profile(seed_article: Path) -> None:
    assert not PARSER.detect(seed_article.read_bytes(), seed_article.name)
    with pytest.raises(ParseError, match="not a portal country profile"):
        PARSER.parse(seed_article.read_bytes(), str(seed_article))


def test_profile_without_country_header_is_an_error() -> None:
    text = FICTIONAL.replace("# Uruguay\n", "").replace("## Uruguay\n\nLast Updated: May 2022\n", "")
    with pytest.raises(ParseError, match="which country"):
        PARSER.parse(text.encode(), "anon.md")


def test_profile_list_item_outside_any_item_is_a_warning_naming_the_line() -> None:
    text = FICTIONAL.replace("### Legislation\n", "### Legislation\n\n- stray point\n")
    parsed = PARSER.parse(text.encode(), "stray.md")
    assert any(w.startswith("line ") and "outside any item" in w for w in parsed.warnings)
    assert [r.title for r in parsed.records] == [r.title for r in PARSER.parse(FICTIONAL.encode(), "uy.md").records]

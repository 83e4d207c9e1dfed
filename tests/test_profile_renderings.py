"""One profile, every rendering: Markdown, HTML, text pasted from the page, the PDF export (written with fpdf2,
read with pypdf) and a pdftotext-like layout must give the same records, field by field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from policyatlas.model.record import ParsedSource, Record
from policyatlas.sources import detect_parser
from policyatlas.sources.profiles import CountryProfileParser
from tests.conftest import IN_CI, need_shared
from tests.profile_renderings import has_pdf_font, pdf_to_text, to_html, to_pasted, to_pdf, to_pdftotext

PARSER = CountryProfileParser()
FIXTURES = Path(__file__).parent / "fixtures" / "profiles"
PROFILES = {"seed-000": "seeds/000_f3d26c38aaf7f9de.txt", "costa-rica": str(FIXTURES / "costa_rica.md")}
TEXT_FORMS = ("pasted", "pasted-compact", "pdf-text", "pdftotext", "pdftotext-narrow", "pdftotext-wide")
FORMS = ("html", "pdf", *TEXT_FORMS)


def _markdown(profile: str) -> str:
    relative = PROFILES[profile]
    path = Path(relative) if relative.startswith("/") else need_shared(relative)
    return path.read_text(encoding="utf-8")


def _need_font() -> None:
    if not has_pdf_font():
        message = "no DejaVu or Liberation TrueType font to write the PDF form (apt-get install fonts-dejavu-core)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


def render(markdown: str, form: str) -> bytes:
    """The profile in one of its renderings, as the bytes a user would ingest."""
    if form == "html":
        return to_html(markdown).encode()
    if form == "pasted":
        return to_pasted(markdown, blank_lines=True).encode()
    if form == "pasted-compact":
        return to_pasted(markdown, blank_lines=False).encode()
    if form == "pdftotext":
        return to_pdftotext(markdown).encode()
    if form == "pdftotext-narrow":
        return to_pdftotext(markdown, width=60, page_lines=24).encode()
    if form == "pdftotext-wide":
        return to_pdftotext(markdown, width=110, page_lines=60).encode()
    _need_font()
    pdf = to_pdf(markdown)
    return pdf if form == "pdf" else pdf_to_text(pdf).encode()


def fields(record: Record, *, urls: bool) -> dict[str, Any]:
    """A record's content; link addresses only where the rendering carries them (HTML, Markdown)."""
    content = record.content_json()
    content.pop("page_start")
    content.pop("page_end")
    if not urls:
        content["links"] = [link["label"] for link in content["links"]]
    return content


@pytest.fixture(scope="module", params=sorted(PROFILES))
def profile(request: pytest.FixtureRequest) -> tuple[str, ParsedSource]:
    markdown = _markdown(str(request.param))
    return markdown, PARSER.parse(markdown.encode(), "profile.md")


@pytest.mark.parametrize("form", FORMS)
def test_profile_every_rendering_gives_the_same_records(profile: tuple[str, ParsedSource], form: str) -> None:
    markdown, expected = profile
    data = render(markdown, form)
    assert detect_parser(data, f"profile.{form}").kind == "country-profile"
    parsed = PARSER.parse(data, f"profile.{form}")
    assert (parsed.country, parsed.as_of, parsed.warnings) == (expected.country, expected.as_of, ())
    urls = form == "html"
    got = [fields(r, urls=urls) for r in parsed.records]
    want = [fields(r, urls=urls) for r in expected.records]
    assert len(got) == len(want)
    for mine, theirs in zip(got, want, strict=True):
        assert mine == theirs, theirs["title"]
    lines = parsed.text.splitlines()
    for record in parsed.records:
        assert 1 <= record.line_start <= record.line_end <= len(lines)
        if form != "html":
            span = " ".join(lines[record.line_start - 1 : record.line_end])
            assert record.title.split()[0] in span


def test_profile_pdf_records_carry_their_pages(profile: tuple[str, ParsedSource]) -> None:
    markdown, _ = profile
    parsed = PARSER.parse(render(markdown, "pdf"), "profile.pdf")
    assert parsed.media_type == "application/pdf"
    pages = [r.page_start for r in parsed.records]
    assert all(p is not None for p in pages) and pages == sorted(p for p in pages if p is not None)
    assert max(p for p in pages if p is not None) >= 2


def _cut(text: str, marker: str) -> str:
    return text[: text.index(marker)]


@pytest.mark.parametrize("form", ("markdown", "pasted", "pdftotext"))
def test_profile_first_section_only_gives_its_records_and_names_what_is_missing(form: str) -> None:
    markdown = _cut(_markdown("seed-000"), "## STRUCTURE") + "\n## Mexico\n\nLast Updated: November 2021\n"
    data = markdown.encode() if form == "markdown" else render(markdown, form)
    assert detect_parser(data, "partial").kind == "country-profile"
    parsed = PARSER.parse(data, "partial")
    assert [r.kind for r in parsed.records] == ["strategy"] * 6
    assert parsed.records[-1].dates[0].value == "2020-03"
    (warning,) = parsed.warnings
    assert "partial profile" in warning and "missing: Structure, Legal Framework, Cooperation" in warning


@pytest.mark.parametrize("form", ("markdown", "pasted", "pdftotext"))
def test_profile_cut_mid_item_keeps_what_it_has(form: str) -> None:
    full = _markdown("seed-000")
    markdown = full[: full.index("conducts committed through") + len("conducts comm")]
    data = markdown.encode() if form == "markdown" else render(markdown, form)
    parsed = PARSER.parse(data, "cut")
    titles = [r.title for r in parsed.records]
    assert titles[-1] == "Código Penal Federal" and len(titles) == 14
    assert parsed.records[-1].description is not None and parsed.records[-1].description.endswith("comm")
    assert any("cut mid-item" in w and "Código Penal Federal" in w for w in parsed.warnings)
    assert any("missing: Cooperation, Select Activities, Membership" in w for w in parsed.warnings)


def test_profile_without_header_names_its_country_from_the_items() -> None:
    text = _cut(_markdown("seed-000"), "## STRUCTURE").replace("## Mexico\n\nLast Updated: November 2021", "")
    parsed = PARSER.parse(to_pasted(text, blank_lines=False).encode(), "no-header.txt")
    assert parsed.country == "MX"
    assert any("no page header names the country" in w for w in parsed.warnings)


def test_profile_run_in_and_unmarked_lists_become_points() -> None:
    text = ("Peru\nLast Updated: 2023\nCybersecurity Policy\nStrategy Documents\n"
            "Estrategia Nacional de Prueba (National Test Strategy)\n"
            "Identifies 3 goals: 1. Resilience; 2. Skills; 3. Cooperation.\nSource\n4 May 2019\n"
            "Plan Nacional de Prueba (National Test Plan)\nIts measures include: audits of ministries; yearly drills; "
            "a public register.\nSource\n2020\nLegal Framework\nLegislation\nLey de Prueba (Test Law)\n"
            "Makes the operators report incidents;\nSets fines for late reports.\nSource Source 2 2015\n")
    parsed = PARSER.parse(text.encode(), "lists.txt")
    strategy, plan, law = parsed.records[:3]
    assert (strategy.description, strategy.points) == ("Identifies 3 goals:", ("Resilience;", "Skills;",
                                                                                 "Cooperation."))
    assert (plan.description, plan.points) == ("Its measures include:", ("audits of ministries;", "yearly drills;",
                                                                           "a public register."))
    assert law.points == ("Makes the operators report incidents;", "Sets fines for late reports.")
    assert [link.label for link in law.links] == ["Source", "Source 2"] and law.dates[0].value == "2015"


def test_profile_hyphenated_words_are_joined_or_kept() -> None:
    text = ("Peru\nCybersecurity Policy\nStrategy Documents\nEstrategia de Prueba (Test Strategy)\n"
            "The plan was prepared by the inter-\nsecretarial commission to pro-\nmote the co-\nordination of "
            "agencies and to\nstrengthen the cooperation between public institutions of the government and\n"
            "private operators of the critical infrastructure of the country in every region.\n"
            "Source\n2020\nCooperation\nBilateral and Multilateral Cooperation\nForo de Prueba (Test Forum) "
            "Government of\nPeru\nSource\n2021\n")
    parsed = PARSER.parse(text.encode(), "hyphens.txt")
    description = parsed.records[0].description or ""
    assert "inter-secretarial commission to promote the co-ordination of agencies" in description
    assert [a.name for a in parsed.records[1].actors] == ["Government of Peru"]

"""Articles from several (fictional) outlets and layouts, in Spanish, English and Portuguese, as text and saved
web pages: each is read, its people, parties, bills and stages found; one bill across articles is one initiative."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from policyatlas.model.dates import FuzzyDate
from policyatlas.model.record import ParsedSource, Record
from policyatlas.sources import detect_parser
from policyatlas.sources.news import NewsArticleParser, ProseDocumentParser
from policyatlas.store.ingest import ingest_paths
from policyatlas.views.initiatives import list_initiatives
from policyatlas.views.search import search

NEWS = Path(__file__).parent / "fixtures" / "news"
PARSERS = {"news-article": NewsArticleParser(), "document": ProseDocumentParser()}

# file: (format, country, language, publication date as value@precision)
EXPECTED = {
    "notilegis_presentacion.txt": ("news-article", "MX", "es", "2024-03-22@day"),
    "diario_url_parrafo.txt": ("news-article", "MX", "es", "2024-05-08@day"),
    "wire_en_dateline.txt": ("news-article", "MX", "en", "2023-10-12@day"),
    "newsletter_date_linea.md": ("news-article", "MX", "en", "2023-05@month"),
    "senado_pt.txt": ("news-article", "BR", "pt", "2024-12-10@day"),
    "portal_noticias.html": ("news-article", "MX", "es", "2024-09-17@day"),
    "techpolicy_en.html": ("news-article", "MX", "en", "2024-11-05@day"),
    "comunicado_pt.html": ("news-article", "BR", "pt", "2025-04-03@day"),
    "ensayo_colombia.txt": ("document", "CO", "en", None),
}


def _parse(name: str) -> ParsedSource:
    data = (NEWS / name).read_bytes()
    parser = detect_parser(data, name)
    return parser.parse(data, name)


def _kind(parsed: ParsedSource, kind: str) -> list[Record]:
    return [r for r in parsed.records if r.kind == kind]


def _people(parsed: ParsedSource) -> dict[str, dict[str, Any]]:
    return {r.title: r.attributes for r in _kind(parsed, "person")}


def _stages(record: Record) -> list[tuple[str, str | None]]:
    return [(s["stage"], f"{s['date']['value']}@{s['date']['precision']}" if s["date"] else None)
            for s in record.attributes["stages"]]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_outlet_detected_and_read(name: str) -> None:
    kind, country, language, published = EXPECTED[name]
    data = (NEWS / name).read_bytes()
    assert detect_parser(data, name).kind == kind
    parsed = PARSERS[kind].parse(data, name)
    as_of = f"{parsed.as_of.value}@{parsed.as_of.precision}" if parsed.as_of else None
    assert (parsed.country, parsed.language, as_of) == (country, language, published)
    assert parsed.title and parsed.records and parsed.warnings == ()
    lines = parsed.text.splitlines()
    for record in parsed.records:
        assert 1 <= record.line_start <= record.line_end <= len(lines)


def test_outlet_title_and_party_before_the_name() -> None:
    parsed = _parse("notilegis_presentacion.txt")
    people = _people(parsed)
    assert people["Mariana Ortega Sáenz"]["party"] == "PAN"
    assert people["Mariana Ortega Sáenz"]["roles"][0]["role"] == "diputada federal"
    assert people["Héctor Lozano Ruiz"]["party"] == "PVEM"
    (bill,) = _kind(parsed, "initiative")
    assert bill.title == "Ley General de Ciberseguridad"
    assert bill.attributes["proposers"] == ["Mariana Ortega Sáenz"]
    assert bill.attributes["chamber"] == "Cámara de Diputados"
    assert bill.attributes["size"] == {"articles": 58, "transitory_articles": 6}
    assert _stages(bill)[0] == ("presented", "2024-03-22@day")


def test_outlet_url_and_one_paragraph() -> None:
    parsed = _parse("diario_url_parrafo.txt")
    assert parsed.url is not None and parsed.publisher == "elobservadordigital.example.mx"
    (bill,) = _kind(parsed, "initiative")
    assert _stages(bill) == [("presented", "2024-03@month"), ("approved", "2024-05-08@day")]
    assert bill.attributes["stages"][1]["vote"] == {"in_favour": 24, "against": 2}
    assert bill.attributes["proposers"] == ["Mariana Ortega Sáenz"]  # "presentada … por la diputada …"


def test_outlet_english_wire_with_dateline() -> None:
    parsed = _parse("wire_en_dateline.txt")
    people = _people(parsed)
    assert people["Ricardo Montes Aguilar"]["party"] == "MC"  # "of the Citizens' Movement (MC)"
    assert people["Daniel Ferrer"]["roles"][0]["role"] == "Congressman"
    (bill,) = _kind(parsed, "initiative")
    assert bill.title == "Law for the Ethical Regulation of Artificial Intelligence"
    assert (bill.attributes["proposers"], bill.attributes["chamber"]) == (["Ricardo Montes Aguilar"], "Senate")
    assert _stages(bill)[0] == ("presented", "2023-10-11@day")  # "on Wednesday", before 12 October 2023
    assert "Legislative Studies Committee" in bill.attributes["committees"]


def test_outlet_metadata_lines_keep_month_precision() -> None:
    parsed = _parse("newsletter_date_linea.md")
    assert parsed.as_of == FuzzyDate("2023-05", "month")
    (bill,) = _kind(parsed, "initiative")
    assert bill.title == "Federal Law on Artificial Intelligence"
    stage = bill.attributes["stages"][0]
    assert (stage["stage"], stage["date"], stage["date_from"]) == (
        "presented", {"value": "2023-05", "precision": "month", "end": None}, "publication")


def test_outlet_portuguese_senate_bill() -> None:
    parsed = _parse("senado_pt.txt")
    people = _people(parsed)
    assert people["Paulo Henrique Duarte"]["party"] == "PSD-MG"
    assert people["Cláudia Ferraz"]["honorific"] == "Senator"
    (bill,) = _kind(parsed, "initiative")
    assert bill.title == "Projeto de Lei 4120/2023"
    assert bill.attributes["proposers"] == ["Paulo Henrique Duarte"]
    assert _stages(bill)[:2] == [("presented", "2023-08@month"), ("approved", "2024-12-10@day")]
    assert any(s.attributes["speaker"] == "Cláudia Ferraz" for s in _kind(parsed, "statement"))


def test_outlet_saved_pages_keep_the_article_only() -> None:
    parsed = _parse("portal_noticias.html")
    assert (parsed.title, parsed.publisher) == ("Aprueba el pleno la Ley General de Ciberseguridad",
                                                "Crónica Legislativa")
    titles = " ".join(r.title for r in parsed.records)
    assert "Reforma judicial" not in titles and "Aviso de privacidad" not in titles
    (bill,) = _kind(parsed, "initiative")
    approved = bill.attributes["stages"][-1]
    assert approved["stage"] == "approved" and approved["vote"] == {"in_favour": 402, "against": 35,
                                                                     "abstentions": 12}
    english = _parse("techpolicy_en.html")
    assert english.publisher == "The Digital Statecraft Review"
    assert "Libertades Digitales" not in _people(english)
    (law,) = _kind(english, "initiative")
    assert law.title == "General Cybersecurity Law"
    assert ("published", "2024-11-04@day") in _stages(law)


def test_outlet_prose_that_is_no_article_is_a_document() -> None:
    parsed = _parse("ensayo_colombia.txt")
    assert parsed.format == "document"
    (document,) = _kind(parsed, "publication")
    assert document.title == "Notes on the state of cyber governance in Colombia"
    assert document.attributes["language"] == "en" and document.attributes["words"] > 100
    assert any(r.title.startswith("Ministry of Information Technologies") for r in _kind(parsed, "organization"))


def test_outlet_only_non_text_or_empty_input_is_refused() -> None:
    from policyatlas.errors import InputError, UnknownFormatError

    with pytest.raises(InputError, match="empty"):
        detect_parser(b" \n", "empty.txt")
    with pytest.raises(InputError, match="binary"):
        detect_parser(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(200)), "image.png")
    with pytest.raises(UnknownFormatError):
        detect_parser(b"a,b,c\n1,2,3\n4,5,6\n", "numbers.csv")
    short = "Apuntes sobre la reunión de ayer con el equipo de la agencia de ciberseguridad y sus socios locales."
    assert detect_parser(short.encode() * 2, "nota.txt").kind == "document"


def test_outlet_one_bill_in_four_articles_is_one_initiative(engine: Engine) -> None:
    files = [NEWS / n for n in ("notilegis_presentacion.txt", "diario_url_parrafo.txt", "portal_noticias.html",
                                "techpolicy_en.html")]
    report = ingest_paths(engine, files)
    assert report.ok, [f.error for f in report.files]
    bills = [b for b in list_initiatives(engine, country="MX") if "ciberseguridad" in b["entity"]
             or "cybersecurity" in b["entity"]]
    assert len(bills) == 1, [b["entity"] for b in bills]
    (bill,) = bills
    assert len(bill["sources"]) == 4
    stages = {(s["stage"], (s["date"] or {}).get("value")) for s in bill["stages"]}
    assert {("presented", "2024-03-22"), ("approved", "2024-05-08"), ("approved", "2024-10-22"),
            ("published", "2024-11-04")} <= stages
    dated = [s["date"]["value"] for s in bill["stages"] if s.get("date")]
    assert dated == sorted(dated)


def test_outlet_document_text_is_searchable(engine: Engine) -> None:
    assert ingest_paths(engine, [NEWS / "ensayo_colombia.txt"]).ok
    hits = search(engine, "municipalities")
    assert hits["total"] >= 1

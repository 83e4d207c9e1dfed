"""The news-article parser on bill stories of our own making (Spanish and English, text and HTML)."""

from __future__ import annotations

from typing import Any

import pytest

from policyatlas.model.dates import FuzzyDate
from policyatlas.model.record import ParsedSource, Record
from policyatlas.sources.base import ParseOptions
from policyatlas.sources.news.parser import NewsArticleParser

PARSER = NewsArticleParser()

URL_ES = "https://comunicacion.senado.example.mx/2024/03/22/aprueba-senado-ley-general-de-ciberseguridad/"
PARAGRAPHS_ES = [
    "Palacio Legislativo, 22-03-2024. El Pleno del Senado de la República aprobó ayer, con 98 votos a favor, 2 en "
    "contra y 3 abstenciones, la Ley General de Ciberseguridad, que consta de 80 artículos y 5 transitorios.",
    "El 28 de febrero de 2024, la senadora María Fernanda Ruiz Téllez (Morena), presidenta de la Comisión de Ciencia, "
    "Tecnología e Innovación, presentó la iniciativa, que fue turnada el 5 de marzo a las Comisiones Unidas de "
    "Ciencia, Tecnología e Innovación y de Estudios Legislativos, Primera.",
    "El 14 de marzo, las comisiones presentaron una nueva versión del dictamen, que incorporó las observaciones de la "
    "Asociación Mexicana de Ciberseguridad (AMCS) y del Instituto Nacional de Transparencia, Acceso a la Información "
    "y Protección de Datos Personales (INAI).",
    "“Hoy damos un paso histórico para proteger a las personas y a las instituciones en el entorno digital”, afirmó "
    "la senadora Ruiz Téllez durante la discusión. Explicó que la ley crea la Agencia Nacional de Ciberseguridad, que "
    "coordinará la respuesta a incidentes.",
    "Por su parte, el senador Jorge Alberto Medina Luna (PAN), secretario de la Comisión de Estudios Legislativos, "
    "señaló que su grupo parlamentario votó en contra porque la agencia no tendrá autonomía presupuestal. Añadió "
    "que presentarán reservas en la Cámara de Diputados.",
    "La minuta fue enviada a la Cámara de Diputados para sus efectos constitucionales.",
]
HEADLINE_ES = "Aprueba el Senado la Ley General de Ciberseguridad"
ARTICLE_ES = f"{URL_ES}\n\n# {HEADLINE_ES}\n\n" + "\n\n".join(PARAGRAPHS_ES) + "\n"
HTML_ES = "\n".join([
    "<!DOCTYPE html>", '<html lang="es"><head><meta charset="utf-8">',
    f"<title>{HEADLINE_ES} | Comunicación Social</title>",
    f'<link rel="canonical" href="{URL_ES}">',
    '<meta property="og:site_name" content="Comunicación Social del Senado">',
    '<meta property="article:published_time" content="2024-03-22T09:30:00-06:00">',
    "</head><body>", '<header><nav><a href="/">Inicio</a> <a href="/boletines">Boletines</a></nav></header>',
    "<main><article>", f"<h1>{HEADLINE_ES}</h1>",
    *(f"<p>{p.replace('Primera.', '<strong>Primera</strong>.')}</p>" for p in PARAGRAPHS_ES),
    "</article></main>", "<footer>Senado de la República © 2024</footer>", "</body></html>",
])

ARTICLE_EN = """\
https://www.example-news.com.co/politics/2024/05/16/senate-passes-national-cybersecurity-act

Colombian Senate passes National Cybersecurity Act after heated debate

By Laura Gómez

Bogotá, May 16, 2024 — The plenary of the Senate of the Republic passed the National Cybersecurity Act on \
Wednesday by 62 votes to 9, sending the bill to the House of Representatives.

On 2 April 2024, Senator Andrés Felipe Rojas (Liberal Party), chair of the First Committee of the Senate, \
introduced the bill, which was referred to the Committee on Constitutional Affairs and on Information \
Technologies on April 9. A revised version was filed on April 30 after consultations with the Colombian \
Chamber of Informatics and Telecommunications (CCIT).

The act consists of 45 articles, divided into seven titles, and three transitory provisions. It creates a \
National Digital Security Agency under the Presidency.

"Colombia cannot keep facing ransomware attacks without a clear chain of command," Rojas said during the \
debate. He added that the agency will publish an annual report on incidents affecting public institutions.

Senator Paula Martínez Quintero, of the Democratic Center, warned that the bill gives the agency powers that \
belong to the Prosecutor's Office. The senator also said that her party will ask the Constitutional Court to \
review the law.

According to Diego Herrera, director of the Karisma Foundation, the text still lacks safeguards for privacy.
"""


def _day(value: str) -> dict[str, Any]:
    return {"value": value, "precision": "day", "end": None}


def _kind(parsed: ParsedSource, kind: str) -> list[Record]:
    return [r for r in parsed.records if r.kind == kind]


def _person(parsed: ParsedSource, title: str) -> Record:
    return next(r for r in _kind(parsed, "person") if r.title == title)


@pytest.fixture(scope="module")
def spanish() -> ParsedSource:
    return PARSER.parse(ARTICLE_ES.encode(), "senado.txt")


@pytest.fixture(scope="module")
def english() -> ParsedSource:
    return PARSER.parse(ARTICLE_EN.encode(), "colombia.txt")


@pytest.mark.parametrize("text", [ARTICLE_ES, HTML_ES, ARTICLE_EN])
def test_news_bill_articles_are_detected(text: str) -> None:
    assert PARSER.detect(text.encode(), "article")


def test_news_bill_spanish_metadata(spanish: ParsedSource) -> None:
    assert (spanish.country, spanish.language, spanish.title) == ("MX", "es", HEADLINE_ES)
    assert spanish.as_of == FuzzyDate("2024-03-22", "day")  # the dateline "Palacio Legislativo, 22-03-2024"
    assert spanish.url == URL_ES
    assert spanish.lineage == "news-article/aprueba-el-senado-la-ley-general-de-ciberseguridad"
    assert spanish.warnings == ()


def test_news_bill_spanish_initiative(spanish: ParsedSource) -> None:
    (bill,) = _kind(spanish, "initiative")
    assert (bill.title, bill.title_language, bill.status) == ("Ley General de Ciberseguridad", "es", "in_progress")
    assert bill.attributes["proposers"] == ["María Fernanda Ruiz Téllez"]
    assert bill.attributes["chamber"] == "Senado"
    assert bill.attributes["committees"] == ["Comisión de Ciencia, Tecnología e Innovación",
                                             "Comisión de Estudios Legislativos, Primera"]
    assert bill.attributes["stages"] == [
        {"date": _day("2024-02-28"), "stage": "presented"},
        {"date": _day("2024-03-05"), "stage": "sent_to_committee"},  # the year comes from the sentence's start
        {"date": _day("2024-03-14"), "stage": "new_version"},
        {"date": _day("2024-03-21"), "stage": "approved", "body": "Senado",  # "ayer" = the day before the dateline
         "vote": {"in_favour": 98, "against": 2, "abstentions": 3}},
    ]
    assert bill.attributes["size"] == {"articles": 80, "transitory_articles": 5}
    assert bill.date == FuzzyDate("2024-02-28", "day")


def test_news_bill_spanish_people(spanish: ParsedSource) -> None:
    ruiz = _person(spanish, "María Fernanda Ruiz Téllez")
    assert ruiz.attributes == {
        "roles": [{"role": "senadora", "organization": "Senado"},
                  {"role": "presidenta", "organization": "Comisión de Ciencia, Tecnología e Innovación"}],
        "party": "Morena", "honorific": "Senator",
        "mentions": ["senadora María Fernanda Ruiz Téllez", "senadora Ruiz Téllez"]}
    medina = _person(spanish, "Jorge Alberto Medina Luna")
    assert medina.attributes["party"] == "PAN"
    assert medina.attributes["roles"][1] == {"role": "secretario", "organization": "Comisión de Estudios Legislativos"}


def test_news_bill_spanish_statements(spanish: ParsedSource) -> None:
    first, second = _kind(spanish, "statement")
    assert first.attributes["speaker"] == "María Fernanda Ruiz Téllez"
    assert first.title == ("Hoy damos un paso histórico para proteger a las personas y a las instituciones en el "
                           "entorno digital")
    assert first.description == PARAGRAPHS_ES[3]
    assert second.attributes == {"speaker": "Jorge Alberto Medina Luna", "topic": None}
    assert second.title == "Su grupo parlamentario votó en contra"
    assert second.description == PARAGRAPHS_ES[4]


def test_news_bill_spanish_organizations(spanish: ParsedSource) -> None:
    orgs = {r.title: r for r in _kind(spanish, "organization")}
    assert orgs["Senado de la República"].attributes["mentions"] == ["Senado", "Senado de la República"]
    assert orgs["Asociación Mexicana de Ciberseguridad"].acronym == "AMCS"
    assert orgs["Instituto Nacional de Transparencia, Acceso a la Información y Protección de Datos Personales"].acronym \
        == "INAI"
    assert "Comisión de Estudios Legislativos, Primera" in orgs
    assert not any(title.startswith(("Pleno", "Comisiones")) for title in orgs)


def test_news_bill_spanish_event(spanish: ParsedSource) -> None:
    (event,) = _kind(spanish, "event")
    assert event.title == HEADLINE_ES
    assert event.dates == (FuzzyDate("2024-03-21", "day"),)
    assert event.attributes["participants"] == ["María Fernanda Ruiz Téllez", "Jorge Alberto Medina Luna"]


def test_news_bill_html_gives_same_records(spanish: ParsedSource) -> None:
    parsed = PARSER.parse(HTML_ES.encode(), "boletin.html")
    assert parsed.media_type == "text/html"
    assert (parsed.as_of, parsed.url, parsed.title) == (spanish.as_of, URL_ES, HEADLINE_ES)
    assert parsed.publisher == "Comunicación Social del Senado"
    assert [r.content_json() for r in parsed.records] == [r.content_json() for r in spanish.records]
    (bill,) = _kind(parsed, "initiative")
    lines = parsed.text.splitlines()
    assert "Ley General de Ciberseguridad" in lines[bill.line_start - 1]


def test_news_bill_url_date_when_no_dateline() -> None:
    text = ARTICLE_ES.replace("Palacio Legislativo, 22-03-2024. ", "")
    parsed = PARSER.parse(text.encode(), "senado.txt")
    assert parsed.as_of == FuzzyDate("2024-03-22", "day")  # from /2024/03/22/ in the address
    approved = _kind(parsed, "initiative")[0].attributes["stages"][-1]
    assert approved["date"] == _day("2024-03-21")


def test_news_bill_published_option_wins_and_warns() -> None:
    parsed = PARSER.parse(ARTICLE_ES.encode(), "senado.txt", ParseOptions(published=FuzzyDate("2024-03-23", "day")))
    assert parsed.as_of == FuzzyDate("2024-03-23", "day")
    assert any("differs" in w for w in parsed.warnings)


def test_news_bill_english_initiative(english: ParsedSource) -> None:
    assert (english.country, english.language, english.as_of) == ("CO", "en", FuzzyDate("2024-05-16", "day"))
    (bill,) = _kind(english, "initiative")
    assert (bill.title, bill.title_en) == ("National Cybersecurity Act", "National Cybersecurity Act")
    assert bill.attributes["proposers"] == ["Andrés Felipe Rojas"]
    assert bill.attributes["chamber"] == "Senate"
    assert bill.attributes["committees"] == ["Committee on Constitutional Affairs",
                                             "Committee on Information Technologies"]
    assert bill.attributes["stages"] == [
        {"date": _day("2024-04-02"), "stage": "presented"},
        {"date": _day("2024-04-09"), "stage": "sent_to_committee"},
        {"date": _day("2024-04-30"), "stage": "new_version"},
        {"date": _day("2024-05-15"), "stage": "approved", "body": "Senate",  # "on Wednesday" before Thursday 16 May
         "vote": {"in_favour": 62, "against": 9}},
    ]
    assert bill.attributes["size"] == {"articles": 45, "titles": 7, "transitory_articles": 3}


def test_news_bill_english_people_and_statements(english: ParsedSource) -> None:
    rojas = _person(english, "Andrés Felipe Rojas")
    assert rojas.attributes["party"] == "Liberal Party"
    assert rojas.attributes["roles"] == [{"role": "Senator", "organization": "Senate"},
                                         {"role": "chair", "organization": "First Committee of the Senate"}]
    assert set(rojas.attributes["mentions"]) == {"Senator Andrés Felipe Rojas", "Rojas"}
    martinez = _person(english, "Paula Martínez Quintero")
    assert martinez.attributes["party"] == "Democratic Center"
    assert "The senator" in martinez.attributes["mentions"]
    speakers = [(s.attributes["speaker"], s.title) for s in _kind(english, "statement")]
    assert speakers == [
        ("Andrés Felipe Rojas", "Colombia cannot keep facing ransomware attacks without a clear chain of command"),
        ("Paula Martínez Quintero", "The bill gives the agency powers that belong to the Prosecutor's Office"),
        ("Diego Herrera", "The text still lacks safeguards for privacy"),
    ]
    assert "He added that the agency will publish" in (_kind(english, "statement")[0].description or "")
    assert _person(english, "Diego Herrera").attributes["roles"] == [
        {"role": "director", "organization": "Karisma Foundation"}]
    assert not any(p.title == "Laura Gómez" for p in _kind(english, "person"))  # the byline is not news


def test_news_bill_english_organizations(english: ParsedSource) -> None:
    titles = [r.title for r in _kind(english, "organization")]
    assert "Colombian Chamber of Informatics and Telecommunications" in titles
    assert "Karisma Foundation" in titles
    assert not any("April" in t or "Wednesday" in t for t in titles)

"""The news-article parser on a Spanish forum report and an English commentary of our own making."""

from __future__ import annotations

import pytest

from policyatlas.model.dates import FuzzyDate
from policyatlas.model.record import ParsedSource, Record
from policyatlas.sources.base import ParseOptions
from policyatlas.sources.news.parser import NewsArticleParser

PARSER = NewsArticleParser()

FORUM_ES = """\
Expertos piden una ley de inteligencia artificial con enfoque de derechos

Ciudad de México, 12 de octubre de 2023.

Ayer se llevó a cabo el foro “Inteligencia Artificial y Derechos Digitales en México”, organizado por la \
Universidad Nacional Autónoma de México (UNAM) y la Fundación Datos Abiertos, con el apoyo de la Embajada de Canadá.

Participaron la Dra. Lucía Herrera Campos, investigadora del Instituto de Investigaciones Jurídicas de la UNAM; \
el Mtro. Tomás Iglesias, director general de la Red por la Privacidad Digital, quien moderó la mesa; y la \
diputada Rosa Elena Vidal (PRI), integrante de la Comisión de Ciencia, Tecnología e Innovación de la Cámara de \
Diputados.

La Dra. Herrera Campos afirmó que México necesita una Ley General de Inteligencia Artificial que proteja los \
derechos humanos. Explicó que los sistemas de alto riesgo deben someterse a evaluaciones de impacto.

En materia de ciberseguridad, la diputada Vidal señaló que presentará el próximo mes una iniciativa para \
reformar el Código Penal Federal. Según la legisladora, los delitos informáticos crecieron en el último año.

Para Tomás Iglesias, la regulación debe construirse con la sociedad civil. Propuso cuatro principios:

1. Transparencia de los algoritmos.
2. Supervisión humana.
3. Rendición de cuentas.
4. Protección de datos personales.

Al cierre, los participantes coincidieron en la necesidad de un parlamento abierto.
"""

COMMENT_EN = """\
Brazil's AI bill: what comes next

Last week, Brazil's Senate approved Bill 2338/2023, which sets rules for the development and use of artificial \
intelligence. The bill now goes to the Chamber of Deputies.

Senator Eduardo Gomes, the bill's rapporteur, said the text protects innovation while guarding fundamental \
rights. According to Bruna Martins dos Santos, a researcher at Data Privacy Brasil, the final version weakened \
the obligations of high-risk systems.

In our view, three issues deserve attention in the Chamber:

- the definition of high-risk systems;
- the powers of the supervisory authority;
- copyright remuneration for training data.
"""

US_BILL = """\
Senators unveil bipartisan AI research security bill

WASHINGTON, July 9, 2024 — Sen. Laura Whitfield (D-Ore.) and Sen. Mark Delaney (R-Ind.) introduced the Future of \
Secure AI Research Act on Tuesday, a bill that would create an AI Security Office at the National Institute of \
Standards and Technology (NIST).

"This bill keeps America at the forefront of AI," said Whitfield, who chairs the Senate Commerce Committee.

Delaney added that the office would work with allies on common standards. The bill was referred to the \
Committee on Commerce, Science, and Transportation.

Critics were less enthusiastic. "Voluntary standards are not enough," said Jane Okafor, president and CEO of the \
Center for Digital Rights.
"""


def _kind(parsed: ParsedSource, kind: str) -> list[Record]:
    return [r for r in parsed.records if r.kind == kind]


@pytest.fixture(scope="module")
def forum() -> ParsedSource:
    return PARSER.parse(FORUM_ES.encode(), "foro.txt")


def test_news_forum_metadata(forum: ParsedSource) -> None:
    assert PARSER.detect(FORUM_ES.encode(), "foro.txt")
    assert (forum.country, forum.language, forum.as_of) == ("MX", "es", FuzzyDate("2023-10-12", "day"))


def test_news_forum_event(forum: ParsedSource) -> None:
    (event,) = _kind(forum, "event")
    assert event.title == "Inteligencia Artificial y Derechos Digitales en México"  # the forum's name, not the headline
    assert event.dates == (FuzzyDate("2023-10-11", "day"),)  # "Ayer", the day before the dateline
    assert event.attributes == {
        "organizers": ["Universidad Nacional Autónoma de México", "Fundación Datos Abiertos"],
        "supporters": ["Embajada de Canadá"],
        "participants": ["Lucía Herrera Campos", "Tomás Iglesias", "Rosa Elena Vidal"],
    }
    assert event.extra["moderators"] == ["Tomás Iglesias"]


def test_news_forum_people(forum: ParsedSource) -> None:
    people = {p.title: p.attributes for p in _kind(forum, "person")}
    assert people["Lucía Herrera Campos"] == {
        "roles": [{"role": "investigadora", "organization": "Instituto de Investigaciones Jurídicas de la UNAM"}],
        "party": None, "honorific": "Dr.", "mentions": ["Dra. Lucía Herrera Campos", "Dra. Herrera Campos"]}
    assert people["Tomás Iglesias"]["roles"] == [
        {"role": "director general", "organization": "Red por la Privacidad Digital"}]
    assert people["Rosa Elena Vidal"]["party"] == "PRI"
    assert people["Rosa Elena Vidal"]["honorific"] == "Deputy"
    assert "la legisladora" in people["Rosa Elena Vidal"]["mentions"]


def test_news_forum_statements_and_principles(forum: ParsedSource) -> None:
    statements = [(s.attributes["speaker"], s.attributes["topic"]) for s in _kind(forum, "statement")]
    assert statements == [("Lucía Herrera Campos", "inteligencia artificial"), ("Rosa Elena Vidal", "ciberseguridad"),
                          ("Tomás Iglesias", None)]
    (principles,) = _kind(forum, "list")
    assert principles.title == "Principios"
    assert principles.attributes["proposed_by"] == "Tomás Iglesias"
    assert principles.points == ("Transparencia de los algoritmos.", "Supervisión humana.", "Rendición de cuentas.",
                                 "Protección de datos personales.")


def test_news_forum_announced_reform(forum: ParsedSource) -> None:
    (bill,) = _kind(forum, "initiative")  # a demanded "Ley General de Inteligencia Artificial" is no initiative
    assert bill.title == "Reforma al Código Penal Federal"
    assert bill.aliases == ("Código Penal Federal",)
    assert bill.attributes["proposers"] == ["Rosa Elena Vidal"]
    assert bill.attributes["chamber"] == "Cámara de Diputados"
    assert bill.attributes["stages"] == [{"date": None, "stage": "proposed"}]


def test_news_forum_organizations(forum: ParsedSource) -> None:
    orgs = [(r.title, r.acronym) for r in _kind(forum, "organization")]
    assert orgs[0] == ("Universidad Nacional Autónoma de México", "UNAM")
    assert ("Comisión de Ciencia, Tecnología e Innovación de la Cámara de Diputados", None) in orgs


def test_news_commentary_last_week_is_a_range() -> None:
    parsed = PARSER.parse(COMMENT_EN.encode(), "comment.txt", ParseOptions(published=FuzzyDate("2024-12-17", "day")))
    assert (parsed.country, parsed.as_of) == ("BR", FuzzyDate("2024-12-17", "day"))
    (bill,) = _kind(parsed, "initiative")
    assert bill.title == "Bill 2338/2023"
    assert bill.attributes["stages"] == [
        {"date": {"value": "2024-12-09", "precision": "day", "end": "2024-12-15"}, "stage": "approved",
         "body": "Senate"}]
    speakers = [(s.attributes["speaker"], s.title) for s in _kind(parsed, "statement")]
    assert speakers == [("Eduardo Gomes", "The text protects innovation while guarding fundamental rights"),
                        ("Bruna Martins dos Santos", "The final version weakened the obligations of high-risk systems")]
    (issues,) = _kind(parsed, "list")
    assert len(issues.points) == 3 and issues.attributes["proposed_by"] is None


def test_news_commentary_without_publication_date() -> None:
    parsed = PARSER.parse(COMMENT_EN.encode(), "comment.txt")
    assert parsed.as_of is None
    assert _kind(parsed, "initiative")[0].attributes["stages"] == [{"date": None, "stage": "approved", "body": "Senate"}]


def test_news_us_bill_with_two_sponsors() -> None:
    parsed = PARSER.parse(US_BILL.encode(), "us.txt")
    assert (parsed.country, parsed.as_of) == ("US", FuzzyDate("2024-07-09", "day"))
    (bill,) = _kind(parsed, "initiative")
    assert bill.title == "Future of Secure AI Research Act"
    assert bill.attributes["proposers"] == ["Laura Whitfield", "Mark Delaney"]
    assert bill.attributes["chamber"] == "Senate"
    assert bill.attributes["committees"] == ["Committee on Commerce, Science, and Transportation"]
    assert bill.attributes["stages"] == [
        {"date": {"value": "2024-07-09", "precision": "day", "end": None}, "stage": "presented"},  # "on Tuesday"
        {"date": None, "stage": "sent_to_committee"}]
    people = {p.title: p.attributes for p in _kind(parsed, "person")}
    assert people["Laura Whitfield"]["party"] == "D-Ore."
    assert people["Laura Whitfield"]["roles"] == [{"role": "Senator", "organization": "Senate"}]
    assert people["Jane Okafor"]["roles"] == [{"role": "president", "organization": "Center for Digital Rights"},
                                              {"role": "CEO", "organization": "Center for Digital Rights"}]
    statements = _kind(parsed, "statement")
    assert [s.attributes["speaker"] for s in statements] == ["Laura Whitfield", "Mark Delaney", "Jane Okafor"]
    assert statements[1].description == "Delaney added that the office would work with allies on common standards."
    orgs = [o.title for o in _kind(parsed, "organization")]
    assert "WASHINGTON" not in orgs and "National Institute of Standards and Technology" in orgs

"""The pieces of the news-article parser: dates, roles, acronyms, sentences, language, committees."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policyatlas.errors import PolicyAtlasError
from policyatlas.model.dates import FuzzyDate
from policyatlas.sources.base import ParseOptions
from policyatlas.sources.news.context import slug
from policyatlas.sources.news.dates import (
    dateline,
    find_dates,
    html_published,
    resolve_relative,
    sentence_start_date,
    url_date,
)
from policyatlas.sources.news.orgs import acronym_matches, committee_names
from policyatlas.sources.news.parser import NewsArticleParser
from policyatlas.sources.news.roles import Role, apposition, parse_roles
from policyatlas.sources.news.text import detect_language, split_sentences

DAY = "day"


@pytest.mark.parametrize("sentence, value", [
    ("Mexico City October 12, 2023.", "2023-10-12"),
    ("Ciudad de México, 12 de octubre de 2023.", "2023-10-12"),
    ("Ciudad de México, a 12 de octubre de 2023.", "2023-10-12"),
    ("Palacio Legislativo, 22-03-2024.", "2024-03-22"),
    ("Bogotá, May 16, 2024 —", "2024-05-16"),
    ("MEXICO CITY (Reuters), Oct 12, 2023 -", "2023-10-12"),
    ("Published: 2024-03-22", "2024-03-22"),
    ("Publicado el 5 de marzo de 2024", "2024-03-05"),
    ("12 October 2023", "2023-10-12"),
])
def test_news_dateline_reads_place_and_date(sentence: str, value: str) -> None:
    found = dateline(sentence)
    assert found is not None and found.date == FuzzyDate(value, DAY)


@pytest.mark.parametrize("sentence", [
    "On 28 February 2024, Senator Ana Ruiz presented the bill.",
    "The senator said on October 12, 2023 that the law is urgent.",
    "Mexico City October 2023.",
    "Yesterday, we met to discuss the future of cybersecurity.",
])
def test_news_dateline_rejects_sentences(sentence: str) -> None:
    assert dateline(sentence) is None


@pytest.mark.parametrize("text, expected", [
    ("El 28 de febrero de 2024 presentó", [("2024-02-28", DAY)]),
    ("On 2 April 2024 and on April 9", [("2024-04-02", DAY), ("2024-04-09", DAY)]),
    ("febrero de 2024", [("2024-02", "month")]),
    ("the 5th of May, 2021", [("2021-05-05", DAY)]),
    ("it may 5 times", []),
    ("el 31 de febrero de 2024", []),
])
def test_news_find_dates(text: str, expected: list[tuple[str, str]]) -> None:
    found = [(d.date.value, d.date.precision) for d in find_dates(text, default_year=2024) if d.date]
    assert found == expected


def test_news_find_dates_year_from_context_or_unknown() -> None:
    assert find_dates("el 5 de marzo", default_year=2024)[0].date == FuzzyDate("2024-03-05", DAY)
    assert find_dates("el 5 de marzo")[0].date is None


@pytest.mark.parametrize("word, value, end, precision", [
    ("Yesterday", "2023-10-11", None, DAY),
    ("ayer", "2023-10-11", None, DAY),
    ("hoy", "2023-10-12", None, DAY),
    ("anteayer", "2023-10-10", None, DAY),
    ("last week", "2023-10-02", "2023-10-08", DAY),
    ("la semana pasada", "2023-10-02", "2023-10-08", DAY),
    ("last month", "2023-09", None, "month"),
    ("el año pasado", "2022", None, "year"),
    ("last Thursday", "2023-10-05", None, DAY),  # 12 October 2023 is a Thursday
    ("on Thursday", "2023-10-12", None, DAY),
    ("el lunes pasado", "2023-10-09", None, DAY),
])
def test_news_relative_words(word: str, value: str, end: str | None, precision: str) -> None:
    resolved = resolve_relative(word, FuzzyDate("2023-10-12", DAY))
    assert resolved is not None
    assert (resolved.value, resolved.end, resolved.precision) == (value, end, precision)


@pytest.mark.parametrize("reference", [None, FuzzyDate("2023-10", "month")])
def test_news_relative_words_need_a_day(reference: FuzzyDate | None) -> None:
    assert resolve_relative("yesterday", reference) is None
    (mention,) = find_dates("Yesterday, we met.", reference=reference)
    assert mention.relative and mention.date is None


@pytest.mark.parametrize("url, value", [
    ("https://example.org/2024/03/22/senate-approves", FuzzyDate("2024-03-22", DAY)),
    ("https://example.org/news/2024-03-22-senate", FuzzyDate("2024-03-22", DAY)),
    ("https://example.org/2024/03/senate.html", FuzzyDate("2024-03", "month")),
    ("https://example.org/news/20240322/senate", FuzzyDate("2024-03-22", DAY)),
    ("https://example.org/news/senate-2024", None),
    (None, None),
])
def test_news_url_date(url: str | None, value: FuzzyDate | None) -> None:
    assert url_date(url) == value


def test_news_html_published_metadata() -> None:
    page = '<meta property="article:published_time" content="2024-03-22T09:30:00-06:00">'
    assert html_published(page) == FuzzyDate("2024-03-22", DAY)
    assert html_published('<time class="x" datetime="2023-10-12">12 Oct</time>') == FuzzyDate("2023-10-12", DAY)
    assert html_published("<p>no date</p>") is None


def test_news_sentence_start_date() -> None:
    assert sentence_start_date("On 28 February 2024, the Senate met.") == FuzzyDate("2024-02-28", DAY)
    assert sentence_start_date("El 28 de febrero de 2024, la senadora presentó.") == FuzzyDate("2024-02-28", DAY)
    assert sentence_start_date("The Senate met on 28 February 2024.") is None


@pytest.mark.parametrize("text, roles", [
    ("Secretary of the Science and Technology Commission of the Senate and Founder of the National Alliance for "
     "Artificial Intelligence", [Role("Secretary", "Science and Technology Commission of the Senate"),
                                 Role("Founder", "National Alliance for Artificial Intelligence")]),
    ("Doctor in Private Law and Criminal Sciences, also a member of the IFT Advisory Council",
     [Role("Doctor in Private Law and Criminal Sciences", None), Role("member", "IFT Advisory Council")]),
    ("Vice President of Digital Health of the MX Internet Association",
     [Role("Vice President of Digital Health", "MX Internet Association")]),
    ("presidente de la Comisión de Ciencia, Tecnología e Innovación",
     [Role("presidente", "Comisión de Ciencia, Tecnología e Innovación")]),
    ("investigadora del Instituto de Investigaciones Jurídicas de la UNAM",
     [Role("investigadora", "Instituto de Investigaciones Jurídicas de la UNAM")]),
    ("a researcher at Data Privacy Brasil", [Role("researcher", "Data Privacy Brasil")]),
    ("Minister of Science", [Role("Minister of Science", None)]),
    ("President of Mexico", [Role("President of Mexico", None)]),
])
def test_news_parse_roles(text: str, roles: list[Role]) -> None:
    assert parse_roles(text) == roles


def test_news_apposition_stops_at_the_verb() -> None:
    after = ", presidenta de la Comisión de Ciencia, Tecnología e Innovación, presentó la iniciativa."
    assert apposition(after) == ("presidenta de la Comisión de Ciencia, Tecnología e Innovación", 63)
    listed = ", Director of CyberLat, Vice President of X Association, who moderated the dialogue."
    found = apposition(listed)
    assert found is not None and found[0] == "Director of CyberLat, Vice President of X Association"
    assert apposition(" comments that it is positive") is None
    two = ", director of A Institute, Juan López, president of B Association, said"
    assert apposition(two) == ("director of A Institute", two.index(", Juan"))


@pytest.mark.parametrize("acronym, name, expected", [
    ("ANIA", "National Alliance for Artificial Intelligence", True),  # Spanish order of the same initials
    ("CCIT", "Colombian Chamber of Informatics and Telecommunications", True),
    ("IMJUS", "Instituto Mexicano para la Justicia", True),  # word prefixes
    ("UNAM", "Universidad Nacional Autónoma de México", True),
    ("PVEM", "Javier Joaquín López Casarín", False),
    ("AI", "Artificial Intelligence Institute", False),
])
def test_news_acronym_matches(acronym: str, name: str, expected: bool) -> None:
    assert acronym_matches(acronym, name) is expected


def test_news_committee_names_split_joint_committees() -> None:
    assert committee_names("Comisiones Unidas de Ciencia, Tecnología e Innovación y de Estudios Legislativos, "
                           "Primera") == ["Comisión de Ciencia, Tecnología e Innovación",
                                          "Comisión de Estudios Legislativos, Primera"]
    assert committee_names("Committees on Science and Technology and on Legislative Studies") == [
        "Committee on Science and Technology", "Committee on Legislative Studies"]
    assert committee_names("Committee on Science and Technology") == ["Committee on Science and Technology"]
    assert committee_names("Comisión de Salud") == []


def test_news_split_sentences_keeps_abbreviations() -> None:
    text = "La Dra. Herrera afirmó que sí. El Sr. J. López dijo que no. “Hoy”, dijo. Ver el Art. 73 de la ley. Fin"
    pieces = [text[a:b] for a, b in split_sentences(text)]
    assert pieces == ["La Dra. Herrera afirmó que sí.", "El Sr. J. López dijo que no.", "“Hoy”, dijo.",
                      "Ver el Art. 73 de la ley.", "Fin"]


@pytest.mark.parametrize("text, language", [
    ("The Senate approved the bill and the senator said that it is urgent.", "en"),
    ("El Senado aprobó la iniciativa y la senadora dijo que es urgente para el país.", "es"),
])
def test_news_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_news_slug() -> None:
    expected = "aprueba-el-senado-la-ley-general-de-ciberseguridad"
    assert slug("Aprueba el Senado la Ley General de Ciberseguridad!") == expected
    assert len(slug("word " * 100)) <= 80
    assert slug("¿?") == "untitled"


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=600))
def test_news_parse_fails_only_with_policyatlas_errors(text: str) -> None:
    parser = NewsArticleParser()
    data = text.encode("utf-8")
    parser.detect(data, "x")
    try:
        parser.parse(data, "x", ParseOptions(country="MX"))
    except PolicyAtlasError:
        pass

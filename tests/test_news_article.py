"""The news-article parser on seed 004 (an English forum report on AI and cybersecurity law in Mexico)."""

from __future__ import annotations

import html
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest

from policyatlas.errors import InputError, ParseError
from policyatlas.model.dates import FuzzyDate
from policyatlas.model.record import EXTENDED_KINDS, STATUSES, ParsedSource, Record
from policyatlas.sources.base import ParseOptions
from policyatlas.sources.news.parser import NewsArticleParser
from tests.conftest import need_shared

PARSER = NewsArticleParser()
HEADLINE = "AI and Cybersecurity: Visions, Challenges and Legislation towards a Digital Mexico"

# Every person of seed 004, in order of first mention: roles (role, organisation), honorific, forms used.
PEOPLE: list[tuple[str, list[tuple[str, str | None]], str | None, set[str]]] = [
    ("Alejandra Lagunes", [("Senator", "Senate"), ("Secretary", "Science and Technology Commission of the Senate"),
                           ("Founder", "National Alliance for Artificial Intelligence")], "Senator",
     {"Senator Alejandra Lagunes", "the Senator"}),
    ("Cynthia Solís", [("Doctor in Private Law and Criminal Sciences", None), ("member", "IFT Advisory Council")], None,
     {"Cynthia Solís"}),
    ("Ernesto Ibarra", [("President", "Mexican Academy of Cybersecurity and Digital Law")], None,
     {"Ernesto Ibarra", "Ernesto"}),
    ("Pablo Corona", [("Vice President of Digital Health", "MX Internet Association")], None, {"Pablo Corona"}),
    ("Víctor Lagunes", [("Director", "CyberLat"), ("Vice President of Emerging Technologies", "MX Internet Association")],
     None, {"Víctor Lagunes", "Victor Lagunes"}),
    ("López Casarín", [("Deputy", "Chamber of Deputies")], "Deputy", {"Deputy López Casarín"}),
]
ORGANIZATIONS: list[tuple[str, str | None]] = [
    ("Mexican Institute for Justice", "IMJUS"), ("Red 360 + 1", None),
    ("Science and Technology Commission of the Senate", None), ("National Alliance for Artificial Intelligence", "ANIA"),
    ("IFT Advisory Council", None), ("Mexican Academy of Cybersecurity and Digital Law", None),
    ("MX Internet Association", None), ("CyberLat", None), ("Congress", None),
]
# (speaker, summary, topic, first words of the text, last words of the text)
STATEMENTS: list[tuple[str, str, str | None, str, str]] = [
    ("Alejandra Lagunes", "It is urgent to have the Federal Cybersecurity Law", "cybersecurity",
     "Senator Alejandra Lagunes shared with us", "a multi-stakeholder effort is needed."),
    ("Alejandra Lagunes", "Working groups will be held at the ANIA to begin to ask the right questions about how to "
     "regulate AI", "artificial intelligence", "Regarding artificial intelligence, the Senator told us",
     "regarding this new technology will be divided."),
    ("Cynthia Solís", "Defines cybersecurity as a multifactorial issue in which we will all have to participate",
     "cybersecurity", "For her part, Cynthia Solís defines", "responsibilities and roles defined."),
    ("Ernesto Ibarra", "It is very positive that there will be a Federal Cybersecurity Law in Mexico", "cybersecurity",
     "Ernesto Ibarra comments that", "the terms of the transitional articles."),
    ("Pablo Corona", "AI takes us to an unprecedented situation", "artificial intelligence",
     "From Pablo Corona's perspective,", "It will be necessary to make a transversal proposal."),
    ("Víctor Lagunes", "Explained the industries that will be most impacted by AI and suggests being prepared for these "
     "changes in Mexico with the following pillars", "artificial intelligence", "Victor Lagunes explained",
     "with the following pillars:"),
]
PILLARS = ["Education and formation", "International cooperation", "Technological infrastructure",
           "Economic diversification", "Legislation and regulation", "Social inclusion", "Investment and financing",
           "Environmental sustainability"]


def _kind(parsed: ParsedSource, kind: str) -> list[Record]:
    return [r for r in parsed.records if r.kind == kind]


def _content(parsed: ParsedSource) -> list[dict[str, Any]]:
    return [r.content_json() for r in parsed.records]


def _line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


@pytest.fixture(scope="module")
def seed_bytes() -> bytes:
    return need_shared("seeds/004_bf5bcae4742deaed.txt").read_bytes()


@pytest.fixture(scope="module")
def seed(seed_bytes: bytes) -> ParsedSource:
    return PARSER.parse(seed_bytes, "004.txt")


def test_news_seed_is_detected(seed_bytes: bytes) -> None:
    assert PARSER.detect(seed_bytes, "anything.bin")


def test_news_seed_metadata(seed: ParsedSource) -> None:
    assert (seed.format, seed.media_type, seed.country, seed.language) == ("news-article", "text/plain", "MX", "en")
    assert seed.title == HEADLINE
    assert seed.lineage == "news-article/ai-and-cybersecurity-visions-challenges-and-legislation-towards-a-digital-mexico"
    assert seed.as_of is None  # "Yesterday" says nothing of the publication date
    assert seed.publisher == "CyberLat"  # "At CyberLat, we reaffirm…"
    assert any("relative dates" in w for w in seed.warnings)


def test_news_seed_record_kinds_are_known(seed: ParsedSource) -> None:
    for record in seed.records:
        assert record.kind in EXTENDED_KINDS
        assert record.country == "MX"
        assert record.status is None or record.status in STATUSES
        assert 1 <= record.line_start <= record.line_end


def test_news_seed_people_with_every_role(seed: ParsedSource) -> None:
    people = _kind(seed, "person")
    assert [p.title for p in people] == [name for name, _, _, _ in PEOPLE]
    for record, (name, roles, honorific, mentions) in zip(people, PEOPLE, strict=True):
        assert [(r["role"], r["organization"]) for r in record.attributes["roles"]] == roles, name
        assert record.attributes["honorific"] == honorific
        assert set(record.attributes["mentions"]) == mentions, name
        assert record.attributes["party"] is None


def test_news_seed_namesakes_stay_two_people(seed: ParsedSource) -> None:
    lagunes = [p for p in _kind(seed, "person") if p.title.endswith("Lagunes")]
    assert len(lagunes) == 2
    assert "the Senator" not in lagunes[1].attributes["mentions"]


def test_news_seed_person_lines_point_at_the_introduction(seed: ParsedSource) -> None:
    for record in _kind(seed, "person"):
        line = seed.text.splitlines()[record.line_start - 1]
        assert record.attributes["mentions"][0].split()[-1] in line


def test_news_seed_organizations(seed: ParsedSource) -> None:
    orgs = _kind(seed, "organization")
    assert [(o.title, o.acronym) for o in orgs] == ORGANIZATIONS
    ania = orgs[3]
    assert ania.attributes["mentions"] == ["National Alliance for Artificial Intelligence", "ANIA"]


def test_news_seed_statements_linked_to_speakers(seed: ParsedSource) -> None:
    statements = _kind(seed, "statement")
    assert len(statements) == len(STATEMENTS)
    flat = " ".join(seed.text.split())
    for record, (speaker, summary, topic, first, last) in zip(statements, STATEMENTS, strict=True):
        assert record.attributes["speaker"] == speaker
        assert record.title == summary
        assert record.attributes["topic"] == topic
        assert record.description is not None
        assert record.description.startswith(first) and record.description.endswith(last)
        assert record.description in flat  # the article's own words
        assert _line_of(seed.text, first) == record.line_start


def test_news_seed_statement_follows_pronouns_and_first_names(seed: ParsedSource) -> None:
    ibarra = _kind(seed, "statement")[3]
    assert ibarra.description is not None
    assert "He also explained that it is necessary to review the rights" in ibarra.description
    assert "Ernesto also suggests holding an open parliament" in ibarra.description


def test_news_seed_initiative(seed: ParsedSource) -> None:
    (bill,) = _kind(seed, "initiative")
    assert (bill.title, bill.title_en, bill.status) == ("Federal Cybersecurity Law", "Federal Cybersecurity Law",
                                                        "in_progress")
    assert bill.attributes == {"proposers": ["López Casarín"], "chamber": "Chamber of Deputies", "committees": [],
                               "stages": [{"date": None, "stage": "proposed"}], "size": None}


def test_news_seed_pillars_in_order(seed: ParsedSource) -> None:
    (pillars,) = _kind(seed, "list")
    assert pillars.title.startswith("Pillars")
    assert list(pillars.points) == PILLARS
    assert pillars.attributes == {"proposed_by": "Víctor Lagunes", "items": PILLARS}
    assert (pillars.line_start, pillars.line_end) == (_line_of(seed.text, PILLARS[0]), _line_of(seed.text, PILLARS[-1]))
    assert list(_kind(seed, "statement")[-1].points) == PILLARS


def test_news_seed_event(seed: ParsedSource) -> None:
    (event,) = _kind(seed, "event")
    assert event.title == HEADLINE
    assert event.dates == ()
    assert event.attributes == {
        "organizers": [], "supporters": ["Mexican Institute for Justice", "Red 360 + 1"],
        "participants": ["Alejandra Lagunes", "Cynthia Solís", "Ernesto Ibarra", "Pablo Corona", "Víctor Lagunes"]}
    assert event.extra["moderators"] == ["Víctor Lagunes"]


def test_news_seed_wrapped_lines_point_at_each_sentence(seed_bytes: bytes, seed: ParsedSource) -> None:
    paragraphs = re.split(r"\n\s*\n", seed_bytes.decode("utf-8"))
    wrapped = "\n\n".join(p if p.strip().startswith("•") else textwrap.fill(p.strip(), 70) for p in paragraphs)
    parsed = PARSER.parse(wrapped.encode(), "wrapped.txt")
    assert [r.content_json() for r in parsed.records] == _content(seed)
    lines = wrapped.splitlines()
    for record in _kind(parsed, "statement"):
        assert record.description is not None
        words = record.description.split()
        assert " ".join(words[:2]) in lines[record.line_start - 1]
        assert words[-1] in lines[record.line_end - 1]
        assert record.line_end > record.line_start


def test_news_seed_published_resolves_yesterday(seed_bytes: bytes) -> None:
    parsed = PARSER.parse(seed_bytes, "004.txt", ParseOptions(published=FuzzyDate("2023-10-12", "day")))
    assert parsed.as_of == FuzzyDate("2023-10-12", "day")
    (event,) = _kind(parsed, "event")
    assert event.dates == (FuzzyDate("2023-10-11", "day"),)
    assert not any("relative dates" in w for w in parsed.warnings)


def test_news_seed_month_publication_leaves_yesterday_unknown(seed_bytes: bytes) -> None:
    parsed = PARSER.parse(seed_bytes, "004.txt", ParseOptions(published=FuzzyDate("2023-10", "month")))
    assert parsed.as_of == FuzzyDate("2023-10", "month")
    assert _kind(parsed, "event")[0].dates == ()


def test_news_country_option_overrides(seed_bytes: bytes) -> None:
    assert PARSER.parse(seed_bytes, "004.txt", ParseOptions(country="CO")).country == "CO"


def _to_html(text: str) -> str:
    """The article as a web page would carry it: h1, paragraphs, a list, navigation and footer."""
    out = ["<!DOCTYPE html>", "<html><head><title>CyberLat | Blog</title></head><body>",
           "<nav><a href='/'>Home</a> <a href='/blog'>Blog</a></nav>", "<article>"]
    in_list = False
    first = True
    for chunk in (c.strip() for c in re.split(r"\n\s*\n", text) if c.strip()):
        bullet = re.match(r"^[•*-]\s+(.*)$", chunk)
        if bullet:
            out += [] if in_list else ["<ul>"]
            in_list = True
            out.append(f"  <li>{html.escape(bullet.group(1))}</li>")
            continue
        if in_list:
            out.append("</ul>")
            in_list = False
        if chunk in ("top of page", "bottom of page"):
            continue
        out.append(f"<h1>{html.escape(chunk)}</h1>" if first else f"<p>{html.escape(chunk)}</p>")
        first = False
    out += ["</ul>"] if in_list else []
    out += ["</article>", "<footer>© 2023 CyberLat</footer>", "</body></html>"]
    return "\n".join(out)


def test_news_seed_html_gives_same_records(seed_bytes: bytes, seed: ParsedSource) -> None:
    page = _to_html(seed_bytes.decode("utf-8")).encode("utf-8")
    assert PARSER.detect(page, "page.html")
    parsed = PARSER.parse(page, "page.html")
    assert parsed.media_type == "text/html"
    assert (parsed.title, parsed.country, parsed.language) == (seed.title, seed.country, seed.language)
    assert _content(parsed) == _content(seed)
    lines = parsed.text.splitlines()
    for record in parsed.records:
        if record.kind == "person":
            assert record.title.split()[-1] in lines[record.line_start - 1]


@pytest.mark.parametrize("relative", [
    "seeds/000_f3d26c38aaf7f9de.txt",
    "corpus/itu-cyberwellness/Mexico.txt",
    "corpus/strategies/sequential/20130101_Russia_National Cybersecurity Strategy_ENG.txt",
    "corpus/strategies/inaugural/20140417_Uruguay_National Cybersecurity Strategy_ESP.txt",
    "corpus/indices/gci2018_scores_iso2.csv",
    "corpus/vcdb/validated/3E88E995-3D24-4944-AFDC-431F1BA9A52F.json",
])
def test_news_detect_leaves_other_formats(relative: str) -> None:
    path: Path = need_shared(relative)
    assert not PARSER.detect(path.read_bytes(), path.name)


@pytest.mark.parametrize("data", [
    b"format: policyatlas-dataset\ncountry: MX\nrecords: []\n",
    b"country,score\nMexico,0.6\nChile,0.7\nPeru,0.5\n",
    b"Senator Ana Ruiz said hello.",  # too short to be an article
    b"\xff\xfe\x00\x00binary",
    b"",
])
def test_news_detect_rejects(data: bytes) -> None:
    assert not PARSER.detect(data, "x")


def test_news_empty_input_is_an_input_error() -> None:
    with pytest.raises(InputError):
        PARSER.parse(b"  \n", "empty.txt")


def test_news_navigation_only_page_is_a_parse_error() -> None:
    page = b"<html><body><nav><a href='/'>Home</a></nav><footer>(c)</footer></body></html>"
    with pytest.raises(ParseError, match="no article text"):
        PARSER.parse(page, "nav.html")


def test_news_too_long_is_a_parse_error() -> None:
    text = ("Senator Ana Ruiz said that Mexico needs a law. " * 3000).encode()
    with pytest.raises(ParseError, match="too long"):
        PARSER.parse(text, "long.txt")


def test_news_without_country_is_read_with_a_warning() -> None:
    text = b"A forum on AI\n\nSenator Ana Ruiz, president of the Digital Commission, said that a law is needed.\n"
    parsed = PARSER.parse(text, "x.txt")
    assert parsed.country is None and all(r.country is None for r in parsed.records)
    assert any("--country" in w for w in parsed.warnings)
    assert PARSER.parse(text, "x.txt", ParseOptions(country="CL")).country == "CL"

"""The portal's languages: the gettext catalogues are complete and consistent with the code, counted strings take
their plural forms, country names, dates and numbers come from CLDR, and every page in Spanish is free of our
English interface strings (over the bundled atlas, the seeds and a fictional profile written for this test)."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from fastapi.testclient import TestClient
from sqlalchemy import text

from policyatlas.config import Settings
from policyatlas.store import accounts
from policyatlas.store.db import make_engine, session_scope
from policyatlas.store.ingest import ingest_paths
from policyatlas.web.app import create_app
from policyatlas.web.catalogue import LOCALE_DIR, read_catalogue
from policyatlas.web.formatting import format_date, format_iso, number_text, percent_text, score_text
from policyatlas.web.i18n import LANGUAGES, Translator, country_name
from tests.conftest import REPO, SHARED, need_shared

#: The keywords `make messages` adds to gettext's defaults (Makefile's MESSAGE_KEYWORDS; checked below).
OUR_KEYWORDS = {"t": None, "say": None, "N_": None, "ngettext": (1, 2), "Column": (2,), "field": (2,)}
TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]
EN_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December")


def _extracted() -> Catalog:
    """Every interface string of the code and templates, as ``make messages`` extracts them (babel.cfg)."""
    with (REPO / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    catalog = Catalog()
    for filename, lineno, message, _, context in extract_from_dir(REPO / "src" / "policyatlas", method_map, options_map,
                                                                 {**DEFAULT_KEYWORDS, **OUR_KEYWORDS}):
        catalog.add(message, None, [(filename, lineno)], context=context)
    return catalog


@pytest.fixture(scope="module", name="extracted")
def extracted_fixture() -> Catalog:
    return _extracted()


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def test_makefile_extracts_with_the_same_keywords() -> None:
    line = next(x for x in (REPO / "Makefile").read_text().splitlines() if x.startswith("MESSAGE_KEYWORDS"))
    flags = set(re.findall(r"-k (\S+)", line))
    assert flags == {name if spec is None else f"{name}:{','.join(map(str, spec))}" for name, spec in OUR_KEYWORDS.items()}


def test_extraction_finds_the_portal_strings(extracted: Catalog) -> None:
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in extracted if m.id}
    assert len(ids) > 350
    # from templates, Python pages, views (``say``, ``N_``) and plural forms
    assert {"Compare countries", "Bad request", "Cybersecurity Policy", "none found", "{n} result",
            "National cybersecurity strategy", "line {n}"} <= ids
    assert "( OR )" not in ids  # the store's own ``t(…)`` is not an interface string


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalogue_translates_every_extracted_string(extracted: Catalog, lang: str) -> None:
    catalogue = read_catalogue(lang)
    missing, fuzzy, plural_mismatch = [], [], []
    for message in extracted:
        if not message.id:
            continue
        entry = catalogue.get(message.id)
        key = message.id if isinstance(message.id, str) else message.id[0]
        if entry is None or not entry.string or (isinstance(entry.string, tuple) and not all(entry.string)):
            missing.append(key)
        elif entry.fuzzy:
            fuzzy.append(key)
        elif isinstance(message.id, tuple) != isinstance(entry.id, tuple):
            plural_mismatch.append(key)
    assert missing == [], f"untranslated in {lang} (run `make messages`, then translate): {missing}"
    assert fuzzy == [] and plural_mismatch == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalogue_has_no_stale_or_fuzzy_entries(extracted: Catalog, lang: str) -> None:
    catalogue = read_catalogue(lang)
    stale = [m.id for m in catalogue if m.id and extracted.get(m.id) is None]
    assert stale == [], f"no longer in the code (run `make messages`): {stale}"
    assert not catalogue.obsolete and not [m.id for m in catalogue if m.id and m.fuzzy]
    assert catalogue.num_plurals == len(next(m for m in catalogue if isinstance(m.id, tuple)).string)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_keep_their_placeholders(lang: str) -> None:
    for message in read_catalogue(lang):
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        expected = set().union(*(_placeholders(i) for i in ids))
        for translated in strings:  # a plural form may leave out {n} ("un resultado"), never add a name
            assert _placeholders(translated) <= expected | {"n"}, (message.id, translated)
            if isinstance(message.id, str):
                assert _placeholders(translated) == expected, (message.id, translated)


def test_catalogues_are_the_po_files_in_the_repository() -> None:
    assert sorted(p.parent.parent.name for p in LOCALE_DIR.glob("*/LC_MESSAGES/messages.po")) == TRANSLATED
    assert not list(LOCALE_DIR.rglob("*.mo"))  # compiled at start, never committed


@pytest.mark.parametrize(("lang", "n", "text"), [
    ("en", 1, "1 result"), ("en", 0, "0 results"), ("en", 12345, "12,345 results"),
    ("es", 1, "1 resultado"), ("es", 2, "2 resultados"), ("es", 0, "0 resultados"), ("es", 12345, "12.345 resultados"),
    ("es", 1000000, "1.000.000 de resultados"),
])
def test_counted_strings_take_the_language_plural_form(lang: str, n: int, text: str) -> None:
    assert Translator(lang).ngettext("{n} result", "{n} results", n) == text


@pytest.mark.parametrize(("lang", "start", "end", "text"), [
    ("en", 19, 19, "line 19"), ("en", 19, 21, "lines 19–21"), ("en", 19, None, "line 19"), ("en", None, None, ""),
    ("es", 19, 19, "línea 19"), ("es", 19, 21, "líneas 19–21"),
])
def test_line_ranges_say_line_or_lines(lang: str, start: int | None, end: int | None, text: str) -> None:
    assert Translator(lang).lines(start, end) == text


@pytest.mark.parametrize(("code", "lang", "name"), [
    ("CI", "es", "Côte d’Ivoire"), ("CI", "en", "Côte d’Ivoire"), ("GB", "es", "Reino Unido"),
    ("US", "es", "Estados Unidos"), ("KR", "en", "South Korea"), ("KR", "es", "Corea del Sur"),
    ("MX", "es", "México"), ("BO", "en", "Bolivia"), ("mx", "en", "Mexico"), ("XQ", "es", "XQ"), (None, "es", ""),
])
def test_country_names_come_from_cldr(code: str | None, lang: str, name: str) -> None:
    assert country_name(code, lang) == name


def test_no_country_name_is_misspelt_in_spanish() -> None:
    import pycountry

    names = [country_name(c.alpha_2, "es") for c in pycountry.countries]
    assert all(names) and not [n for n in names if "Marfíl" in n or "," in n]


@pytest.mark.parametrize(("value", "lang", "text"), [
    ("2026-12-03", "es", "3 de diciembre de 2026"), ("2026-12-03", "en", "3 December 2026"),
    ("2015-06", "es", "junio de 2015"), ("2015-06", "en", "June 2015"), ("2015", "es", "2015"), ("2015", "en", "2015"),
    ("2015-13", "es", "2015-13"), ("not a date", "es", "not a date"),
])
def test_dates_in_the_reader_locale_keep_their_precision(value: str, lang: str, text: str) -> None:
    assert format_iso(value, lang) == text


def test_date_ranges_and_unknown_dates_in_both_languages() -> None:
    assert format_date({"value": "2017-05", "end": "2019"}, "es") == "mayo de 2017 – 2019"
    assert format_date({"value": None}, "es") == "fecha desconocida" and format_date({"value": None}, "en") == \
        "unknown date"


def test_numbers_in_the_reader_locale() -> None:
    assert number_text(12345, "es") == "12.345" and number_text(12345, "en") == "12,345"
    assert score_text(26.384, "es") == "26,38" and score_text(96.0, "en") == "96" and score_text(0.04, "en") == "0.04"
    assert percent_text(0.125, "es") == "12,5\xa0%" and percent_text(0.125, "en") == "12.5%"
    assert number_text(None, "es") == "" and number_text(True, "es") == ""


# -- every page in Spanish ---------------------------------------------------------------------------------

#: A fictional profile of Côte d'Ivoire (invented facts, the portal's layout), in two versions for the history.
PROFILE_V1 = """\
## CYBERSECURITY POLICY

### Strategy Documents

#### Stratégie Nationale de Test (National Test Strategy)

Gouvernement de Test

[Source](#)

June 2015

## STRUCTURE

### National CERT or CSIRT

#### **CI-TEST (Centre de Réponse de Test)**

[Source](#)

## Côte d'Ivoire

Last Updated: May 2020

## LEGAL FRAMEWORK

### Legislation

#### Loi de Test sur la Cybercriminalité (Test Cybercrime Law)

[Source](#)

12 August 2013

## COOPERATION

## Select Activities

## Membership

**Test Alliance (TA)**
"""
PROFILE_V2 = (PROFILE_V1.replace("Last Updated: May 2020", "Last Updated: June 2022")
              .replace("12 August 2013", "12 August 2013 (amended 3 May 2021)")
              .replace("\n**Test Alliance (TA)**\n", "\n"))


class _Text(HTMLParser):
    """The text a reader sees or hears on a page: text nodes and the labelling attributes, each whole (scripts and
    styles left out)."""

    ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")

    def __init__(self) -> None:
        super().__init__()
        self.pieces: list[str] = []
        self._skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "style"):
            self._skipping.append(tag)
            return
        self.pieces += [" ".join(v.split()) for k, v in attrs if k in self.ATTRIBUTES and v]
        if tag == "input" and values.get("type") == "submit" and values.get("value"):
            self.pieces.append(str(values["value"]))

    def handle_endtag(self, tag: str) -> None:
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split()).strip(" ·:()")
        if text and not self._skipping:
            self.pieces.append(text)


def _pieces(html: str) -> list[str]:
    parser = _Text()
    parser.feed(re.sub(r'<ol class="source-text">.*?</ol>', "", html, flags=re.S))  # a document's own text
    return parser.pieces


COUNTS = {"n", "count", "total", "first", "last", "records", "sources", "countries", "imported", "unchanged", "errors"}
NUMBER = r"[\d.,\s\xa0]+"


def _english_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Each English interface string whose Spanish differs, as a pattern a whole piece of page text would match
    (placeholders match anything)."""
    patterns = []
    for message in read_catalogue("es"):
        if not message.id:
            continue
        pairs = zip((message.id,) if isinstance(message.id, str) else message.id,
                    (message.string,) if isinstance(message.string, str) else message.string, strict=False)
        for english, spanish in pairs:
            if english == spanish or len(english) < 3:
                continue
            parts = [re.escape(literal) + ("" if field is None else NUMBER if field in COUNTS else ".+?")
                     for literal, field, _, _ in string.Formatter().parse(english)]
            patterns.append((english, re.compile("".join(parts).strip(), re.S)))
    return patterns


@dataclass(frozen=True)
class Spanish:
    """A client that reads the portal in Spanish, and the titles and names the documents gave (data, not ours)."""

    client: TestClient
    data: frozenset[str]


@pytest.fixture(scope="module", name="spanish")
def spanish_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Spanish]:
    """A signed-in editor's client, in Spanish, over the bundled atlas, the seeds and the fictional profile."""
    need_shared("seeds")
    folder = tmp_path_factory.mktemp("i18n")
    (folder / "ci-2020.md").write_text(PROFILE_V1, encoding="utf-8")
    (folder / "ci-2022.md").write_text(PROFILE_V2, encoding="utf-8")
    path = folder / "atlas.db"
    engine = make_engine(f"sqlite:///{path}")
    report = ingest_paths(engine, [REPO / "data" / "atlas", SHARED / "seeds", folder / "ci-2022.md",
                                   folder / "ci-2020.md"])
    assert report.ok, [f.error for f in report.files if f.error]
    with session_scope(engine) as session:
        _, token = accounts.add_user(session, "ana", "editor")
        titles = {" ".join(str(t).split()) for t in session.scalars(text("SELECT title FROM records UNION "
                                                                        "SELECT name FROM entities"))}
    engine.dispose()
    client = TestClient(create_app(Settings(database_url=f"sqlite:///{path}", secret_key="i18n-test")))
    login = client.get("/login?lang=es").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', login)
    assert csrf is not None
    signed = client.post("/login", data={"name": "ana", "token": token, "next": "/", "csrf_token": csrf.group(1)},
                         follow_redirects=False)
    assert signed.status_code == 303
    yield Spanish(client, frozenset(titles))


START = ["/", "/?metric=records", "/?metric=gci", "/?metric=paris_call", "/countries", "/countries/CI",
         "/countries/CI?as_of=2021-01-01", "/countries/MX", "/countries/MX?as_of=2015", "/countries/GB",
         "/search?q=seguridad", "/search?q=ley&kind=law", "/search?q=zzzyxwv", "/search",
         "/compare", "/compare?countries=MX&countries=CI&countries=GB", "/people", "/orgs", "/initiatives",
         "/incidents", "/incidents?country=MX", "/graph", "/graph?country=MX", "/sources", "/login", "/upload",
         "/review", "/review?status=accepted", "/countries/ZZ", "/records/nonexistent", "/no/such/page"]
FOLLOW = re.compile(r'href="(/(?:records|sources|people|orgs|initiatives|entities)/[^"#?]+)')
PER_KIND = 4


def _walk(client: TestClient) -> dict[str, str]:
    """Every start page and a few of each kind of page they link to (records and their forms too)."""
    pages: dict[str, str] = {}
    queue = list(START)
    seen_kinds: dict[str, int] = {}
    while queue:
        url = queue.pop(0)
        if url in pages:
            continue
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        assert response.headers["content-type"].startswith("text/html"), url
        pages[url] = response.text
        for link in FOLLOW.findall(response.text):
            kind = link.split("/")[1]
            if link not in pages and seen_kinds.get(kind, 0) < PER_KIND:
                seen_kinds[kind] = seen_kinds.get(kind, 0) + 1
                queue.append(link)
                if kind == "records":
                    queue += [f"{link}/edit", f"{link}/suggest"]
    return pages


UPLOAD = b"""format: policyatlas-dataset
version: 1
country: CI
title: "A fictional upload"
as_of: "2023-05"
license: CC-BY-4.0
sources:
  - {id: note, title: "A fictional note", url: "https://example.org/note", publisher: Test, as_of: "2023-05"}
records:
  - {kind: law, section: Legal Framework, subsection: Legislation, title: Loi Fictive, date: "2023-01-15", source: note}
"""


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF field"
    return match.group(1)


def _posted(client: TestClient) -> dict[str, str]:
    """The pages that answer forms: a suggested document and a suggested correction (then the review queue that
    lists them), an upload's report (one file read, one refused) and a form sent back with an error."""
    record = re.search(r'href="/records/(\w+)"', client.get("/countries/CI").text)
    assert record is not None
    action = f"/records/{record.group(1)}/suggest"
    token = _csrf(client.get(action).text)
    pages = {
        "suggest document": client.post(action, data={"csrf_token": token, "kind": "document", "url":
                                                      "https://example.org/doc", "comment": "x"}).text,
        "suggest correction": client.post(action, data={"csrf_token": token, "kind": "correction", "title": "Otra",
                                                        "comment": "y"}).text,
        "suggest without address": client.post(action, data={"csrf_token": token, "kind": "document", "url": "x"}).text,
        "review with suggestions": client.get("/review").text,
        "upload report": client.post("/upload", data={"csrf_token": token}, files=[
            ("files", ("fictional.yaml", UPLOAD, "application/yaml")),
            ("files", ("broken.yaml", b"format: policyatlas-dataset\nversion: [", "text/plain"))]).text,
        "forged form": client.post(action, data={"csrf_token": "forged", "kind": "document"}).text,
    }
    assert "https://example.org/doc" in pages["review with suggestions"] and "Otra" in pages["review with suggestions"]
    assert "1 incorporado, 0 sin cambios, 1 error" in pages["upload report"]
    assert "Indique la dirección del documento" in pages["suggest without address"]
    assert "El formulario ha caducado" in pages["forged form"] and "Gracias" in pages["suggest document"]
    return pages


def test_every_spanish_page_is_free_of_english_interface_strings(spanish: Spanish) -> None:
    pages = _walk(spanish.client) | _posted(spanish.client)
    assert len(pages) > 40
    patterns = _english_patterns()
    leftovers: set[tuple[str, str, str]] = set()
    for url, html in pages.items():
        assert '<html lang="es"' in html, url
        for piece in _pieces(html):
            if piece in spanish.data:
                continue
            leftovers.update((url, piece, english) for english, pattern in patterns if pattern.fullmatch(piece))
            if re.fullmatch(rf"(?:\d{{1,2}} )?(?:{EN_MONTHS}) \d{{4}}", piece):
                leftovers.add((url, piece, "an English date"))
            if re.fullmatch(r"[a-z]+(?:_[a-z]+)+", piece):
                leftovers.add((url, piece, "a raw code"))
            if re.search(r"\(s\)|\b1 (?:results|records|sources|errors|incidents|facts)\b|\blines (\d+)–\1\b", piece):
                leftovers.add((url, piece, "a count without its plural form"))
    assert sorted(leftovers) == [], "\n".join(map(repr, sorted(leftovers)))


def test_spanish_pages_show_cldr_names_dates_and_plurals(spanish: Spanish) -> None:
    country = spanish.client.get("/countries/CI").text
    assert "Côte d’Ivoire" in country and "Marfíl" not in country
    assert "12 de agosto de 2013" in country and "junio de 2015" in country
    assert re.search(r"\b[2-9] fuentes\b", country)  # the two versions (and the upload, when it ran first)
    home = spanish.client.get("/").text
    assert re.search(r"\d+ países · \d+ documentos · [\d.]+ registros", home)
    missing = spanish.client.get("/countries/ZZ")
    assert missing.status_code == 404 and "El atlas no tiene nada en esta dirección." in missing.text
    assert "unknown country" not in missing.text


def test_english_pages_count_in_the_singular_too(spanish: Spanish) -> None:
    client = spanish.client
    try:
        pages = {url: client.get(url + ("&" if "?" in url else "?") + "lang=en").text
                 for url in ("/", "/countries/CI", "/countries/MX", "/search?q=seguridad", "/search?q=zzzyxwv")}
        record = re.search(r'href="/records/(\w+)"', pages["/countries/CI"])
        assert record is not None
        pages["record"] = client.get(f"/records/{record.group(1)}").text
    finally:
        client.get("/?lang=es")
    # no fact is stamped with today (the citation's "accessed" date is today's, rightly)
    uncited = re.sub(r'<section class="cite".*?</section>', "", pages["/countries/CI"], flags=re.S)
    assert "0 results" in pages["/search?q=zzzyxwv"] and "December" not in uncited
    assert "12 August 2013" in pages["/countries/CI"] and "Côte d’Ivoire" in pages["/countries/CI"]
    for url, html in pages.items():
        text = " ".join(_pieces(html))
        assert not re.search(r"\(s\)|\b1 (?:results|records|sources|errors|incidents|facts)\b|\blines (\d+)–\1\b",
                             text), url
    assert re.search(r"\blines? \d+", pages["record"]) and re.search(r"\bline \d+\b", pages["/search?q=seguridad"])

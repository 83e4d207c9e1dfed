"""What a news article says about itself: address, headline, publisher, publication date and country."""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlparse

from policyatlas.model.country import resolve_country
from policyatlas.model.dates import FuzzyDate
from policyatlas.sources.news.dates import dateline, html_published, sentence_start_date, url_date
from policyatlas.sources.news.text import Article
from policyatlas.text.titles import fold

_META = {
    "url": re.compile(r"""<link[^>]+rel\s*=\s*["']canonical["'][^>]*href\s*=\s*["']([^"']+)["']|"""
                      r"""<meta[^>]+property\s*=\s*["']og:url["'][^>]*content\s*=\s*["']([^"']+)["']""", re.I),
    "title": re.compile(r"""<meta[^>]+property\s*=\s*["']og:title["'][^>]*content\s*=\s*["']([^"']+)["']|"""
                        r"""<title[^>]*>([^<]+)</title>""", re.I),
    "site": re.compile(r"""<meta[^>]+property\s*=\s*["']og:site_name["'][^>]*content\s*=\s*["']([^"']+)["']""", re.I),
}
_DEMONYMS = {
    "MX": "mexican mexicano mexicana mexicanos mexicanas", "CO": "colombian colombiano colombiana colombianos",
    "CL": "chilean chileno chilena chilenos", "AR": "argentine argentinian argentino argentina argentinos",
    "PE": "peruvian peruano peruana peruanos", "BR": "brazilian brasileño brasileña", "UY": "uruguayan uruguayo uruguaya",
    "EC": "ecuadorian ecuatoriano ecuatoriana", "CR": "costarricense", "GT": "guatemalan guatemalteco guatemalteca",
    "PY": "paraguayan paraguayo paraguaya", "BO": "bolivian boliviano boliviana", "VE": "venezuelan venezolano venezolana",
    "PA": "panamanian panameño panameña", "DO": "dominicano dominicana", "SV": "salvadoran salvadoreño salvadoreña",
    "HN": "honduran hondureño hondureña", "NI": "nicaraguan nicaragüense", "CU": "cuban cubano cubana",
    "CA": "canadian", "GB": "british",
}
_DEMONYM = {fold(word): code for code, words in _DEMONYMS.items() for word in words.split()}
_PLACES = {"ciudad de mexico": "MX", "cdmx": "MX", "san lazaro": "MX", "congreso de la union": "MX",
           "diario oficial de la federacion": "MX", "bogota": "CO", "buenos aires": "AR", "lima": "PE",
           "montevideo": "UY", "quito": "EC", "brasilia": "BR", "santiago de chile": "CL",
           "asuncion": "PY", "caracas": "VE", "tegucigalpa": "HN", "managua": "NI", "la habana": "CU", "havana": "CU",
           "santiago": "CL", "san jose": "CR", "ciudad de panama": "PA", "panama city": "PA", "san salvador": "SV",
           "santo domingo": "DO", "washington": "US", "america": "US", "ottawa": "CA", "london": "GB",
           "londres": "GB", "paris": "FR", "berlin": "DE", "madrid": "ES", "tokyo": "JP", "beijing": "CN",
           "new delhi": "IN", "canberra": "AU", "brasília": "BR", "sao paulo": "BR", "rio de janeiro": "BR"}
# Parties named by their short names, which tell the country a political story is from.
_PARTY_COUNTRY = {"pan": "MX", "pri": "MX", "pvem": "MX", "morena": "MX", "prd": "MX", "mc": "MX",
                  "psoe": "ES", "vox": "ES", "ucr": "AR", "udi": "CL", "pln": "CR", "pusc": "CR", "mdb": "BR",
                  "psdb": "BR", "psol": "BR"}
_BR_STATES = frozenset("ac al ap am ba ce df es go ma mt ms mg pa pb pr pe pi rj rn rs ro rr sc sp se to".split())
_PARTY_PAREN = re.compile(r"\(\s*([A-Za-z]{2,8})(?:\s*-\s*([A-Za-z]{2,5}\.?))?\s*\)")
_COUNTRY_CHARS = 60_000
_GENERIC_TLDS = frozenset("co io ai tv me ly fm am to cc ws gg la is it".split())
_CAPITALISED = re.compile(r"[A-ZÁÉÍÓÚÑ][\w'’.-]+(?:\s+(?:(?:of|the|de|del|and|y)\s+)?[A-ZÁÉÍÓÚÑ][\w'’.-]+){0,3}")


@dataclass(frozen=True)
class Published:
    """The publication date and where it was read (metadata, dateline, address, text or option)."""

    date: FuzzyDate
    source: str
    sentence: int | None = None


def meta(source_html: str, name: str) -> str | None:
    """A value of the page's metadata: ``url`` (canonical), ``title`` (og:title or <title>), ``site``."""
    match = _META[name].search(source_html)
    if match is None:
        return None
    value = next((g for g in match.groups() if g), "")
    return html.unescape(" ".join(value.split())) or None


def publisher_of(url: str | None) -> str | None:
    """The site of an address, without ``www.`` (``www.senado.gob.mx`` → ``senado.gob.mx``)."""
    if not url:
        return None
    host = urlparse(url).hostname or ""
    return host.removeprefix("www.") or None


def stated_publication(article: Article, source_html: str | None) -> Published | None:
    """The publication date the article states: metadata, a dateline, the address, or an opening "On <date>"."""
    if source_html is not None:
        found = html_published(source_html)
        if found is not None:
            return Published(found, "metadata")
    body = [i for i, b in enumerate(article.blocks) if i != article.headline][:4]
    for block in body:
        sentences = article.block_sentences(block)
        if sentences:
            mention = dateline(sentences[0].text)
            if mention is not None and mention.date is not None:
                return Published(mention.date, "dateline", sentences[0].index)
    from_url = url_date(article.url)
    if from_url is not None:
        return Published(from_url, "url")
    dates = [(d, s.index) for s in article.sentences if (d := sentence_start_date(s.text)) is not None]
    if dates:
        latest = max(dates, key=lambda pair: pair[0].sort_key)
        return Published(latest[0], "text", latest[1])
    return None


def detect_country(article: Article) -> str | None:
    """The country the article is most about: country names, demonyms, capitals, the address's domain."""
    counts: Counter[str] = Counter()
    read = 0
    for sentence in article.sentences:
        read += len(sentence.text)
        if read > _COUNTRY_CHARS:
            break  # the opening pages say which country a document is about
        for match in _CAPITALISED.finditer(sentence.text):
            words = match.group().split()
            index = 0
            while index < len(words):
                for length in range(min(4, len(words) - index), 0, -1):
                    candidate = " ".join(words[index:index + length]).strip(".,")
                    code = resolve_country(candidate) if len(candidate) > 3 else None
                    if code is not None:
                        counts[code] += 1
                        index += length
                        break
                else:
                    index += 1
        folded = f" {fold(sentence.text)} "
        for word in folded.split():
            if word in _DEMONYM:
                counts[_DEMONYM[word]] += 1
        for place, code in _PLACES.items():
            counts[code] += folded.count(f" {place} ")
        for match in _PARTY_PAREN.finditer(sentence.text):
            party, region = fold(match.group(1)), fold(match.group(2) or "")
            if region in _BR_STATES and party not in _PARTY_COUNTRY:
                counts["BR"] += 1
            elif party in _PARTY_COUNTRY and not region:
                counts[_PARTY_COUNTRY[party]] += 1
    host = urlparse(article.url).hostname if article.url else None
    if host:
        labels = host.split(".")
        tld = labels[-1]
        if tld not in _GENERIC_TLDS or (tld == "co" and len(labels) > 2 and labels[-2] in ("com", "gov", "org", "edu")):
            code = resolve_country(tld) if len(tld) == 2 else None
            if code is not None:
                counts[code] += 2
    counts = Counter({code: n for code, n in counts.items() if n > 0})
    return counts.most_common(1)[0][0] if counts else None


def slug(text: str, limit: int = 80) -> str:
    """A lineage key from a headline: folded words joined by hyphens, cut at a word."""
    words = fold(text).split()
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            break
        out = candidate
    return out or "untitled"

"""Tell which country a document is about by counting the names it gives countries in its language."""

from __future__ import annotations

import gettext
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import pycountry

# Names and adjectives ISO 3166 does not give, by language (lower case). Adjectives count as
# mentions: "the Mexican Government", "el Estado panameño", "ελληνική νομοθεσία".
_EXTRA: dict[str, dict[str, str]] = {
    "en": {
        "usa": "US", "u.s.": "US", "u.s.a.": "US", "united states of america": "US",
        "uk": "GB", "britain": "GB", "great britain": "GB", "british": "GB", "russia": "RU", "russian": "RU",
        "south korea": "KR", "korea": "KR", "republic of korea": "KR", "korean": "KR", "north korea": "KP",
        "macedonia": "MK", "macedonian": "MK", "republic of macedonia": "MK", "the gambia": "GM",
        "gambian": "GM", "ivory coast": "CI", "turkey": "TR", "czech republic": "CZ", "vietnam": "VN",
        "laos": "LA", "syria": "SY", "palestine": "PS", "burma": "MM", "swaziland": "SZ",
        "cape verde": "CV", "east timor": "TL", "kosovo": "XK", "brunei": "BN", "vatican": "VA",
        "mexican": "MX", "jamaican": "JM", "ghanaian": "GH", "nigerian": "NG", "ugandan": "UG",
        "malawian": "MW", "australian": "AU", "norwegian": "NO", "austrian": "AT", "japanese": "JP",
        "lebanese": "LB", "singaporean": "SG", "albanian": "AL", "hungarian": "HU", "malaysian": "MY",
        "philippine": "PH", "filipino": "PH", "filipinos": "PH", "bangladeshi": "BD", "thai": "TH",
        "indonesian": "ID", "lithuanian": "LT", "latvian": "LV", "estonian": "EE", "saudi": "SA",
        "jordanian": "JO", "belizean": "BZ", "samoan": "WS", "sri lankan": "LK", "costa rican": "CR",
        "sierra leonean": "SL", "kenyan": "KE", "rwandan": "RW", "tanzanian": "TZ", "zambian": "ZM",
        "south african": "ZA", "egyptian": "EG", "moroccan": "MA", "tunisian": "TN", "indian": "IN",
        "pakistani": "PK", "chinese": "CN", "canadian": "CA", "german": "DE", "french": "FR",
        "spanish": "ES", "italian": "IT", "dutch": "NL", "belgian": "BE", "swiss": "CH", "swedish": "SE",
        "finnish": "FI", "danish": "DK", "polish": "PL", "czech": "CZ", "greek": "GR", "israeli": "IL",
        "emirati": "AE", "qatari": "QA", "omani": "OM", "kuwaiti": "KW", "bahraini": "BH",
        "brazilian": "BR", "argentine": "AR", "chilean": "CL", "colombian": "CO", "peruvian": "PE",
        "uruguayan": "UY", "panamanian": "PA", "ukrainian": "UA", "georgian": "GE", "estonia's": "EE",
        "new zealand": "NZ", "kiwi": "NZ", "scottish": "GB", "welsh": "GB",
    },
    "es": {
        "mexicano": "MX", "mexicana": "MX", "uruguayo": "UY", "uruguaya": "UY", "panameño": "PA",
        "panameña": "PA", "costarricense": "CR", "español": "ES", "española": "ES", "españa": "ES",
        "colombiano": "CO", "colombiana": "CO", "chileno": "CL", "chilena": "CL", "argentino": "AR",
        "argentina": "AR", "peruano": "PE", "peruana": "PE", "estados unidos de américa": "US",
        "eeuu": "US", "ee.uu.": "US", "rusia": "RU", "corea del sur": "KR", "república dominicana": "DO",
        "dominicano": "DO", "guatemalteco": "GT", "hondureño": "HN", "salvadoreño": "SV",
        "nicaragüense": "NI", "paraguayo": "PY", "boliviano": "BO", "ecuatoriano": "EC",
        "venezolano": "VE", "cubano": "CU", "brasil": "BR", "brasileño": "BR",
    },
    "fr": {
        "tchadien": "TD", "tchadienne": "TD", "belge": "BE", "béninois": "BJ", "béninoise": "BJ",
        "togolais": "TG", "togolaise": "TG", "mauritanien": "MR", "mauritanienne": "MR", "burkinabè": "BF",
        "burkinabé": "BF", "burkinabe": "BF", "ivoirien": "CI", "ivoirienne": "CI", "sénégalais": "SN",
        "sénégalaise": "SN", "malien": "ML", "malienne": "ML", "nigérien": "NE", "nigérienne": "NE",
        "camerounais": "CM", "camerounaise": "CM", "gabonais": "GA", "gabonaise": "GA", "marocain": "MA",
        "marocaine": "MA", "tunisien": "TN", "tunisienne": "TN", "algérien": "DZ", "algérienne": "DZ",
        "français": "FR", "française": "FR", "luxembourgeois": "LU", "suisse": "CH", "canadien": "CA",
        "guinéen": "GN", "guinéenne": "GN", "congolais": "CG", "rwandais": "RW", "burundais": "BI",
        "malgache": "MG", "djiboutien": "DJ", "comorien": "KM", "haïtien": "HT", "russie": "RU",
        "états-unis d'amérique": "US", "corée du sud": "KR",
    },
    "ru": {"россия": "RU", "российск": "RU", "казахстанск": "KZ", "узбекистанск": "UZ", "кыргызстан": "KG",
           "киргизия": "KG", "белорусск": "BY", "украинск": "UA", "сша": "US"},
    "uk": {"україн": "UA", "українськ": "UA", "росі": "RU"},
    "el": {"ελλην": "GR", "ελλας": "GR", "κυπριακ": "CY"},
    "lv": {"latvijas": "LV", "latviešu": "LV", "lietuvas": "LT", "igaunijas": "EE"},
    "lt": {"lietuvos": "LT", "lietuviu": "LT", "latvijos": "LV", "estijos": "EE"},
    "de": {"deutsch": "DE", "österreichisch": "AT", "schweizer": "CH", "schweizerisch": "CH"},
    "pt": {"brasileiro": "BR", "brasileira": "BR", "português": "PT", "portuguesa": "PT",
           "moçambicano": "MZ", "angolano": "AO", "cabo-verdiano": "CV"},
    "it": {"italiano": "IT", "italiana": "IT"},
}
# Capitals and seats of government, the clue left when a decree is signed "Montevideo, 7 April
# 2014" and never names its country: used only when no country is named at all.
_CAPITALS: dict[str, str] = {
    name: code
    for entry in (
        "Kabul AF; Tirana AL; Algiers/Alger DZ; Andorra la Vella AD; Luanda AO; Buenos Aires AR; Yerevan AM; "
        "Canberra AU; Vienna/Wien/Vienne AT; Baku AZ; Nassau BS; Manama BH; Dhaka BD; Bridgetown BB; Minsk BY; "
        "Brussels/Bruxelles/Brussel BE; Belmopan BZ; Porto-Novo/Cotonou BJ; Thimphu BT; La Paz/Sucre BO; "
        "Sarajevo BA; Gaborone BW; Brasília BR; Sofia BG; Ouagadougou BF; Gitega/Bujumbura BI; Phnom Penh KH; "
        "Yaoundé CM; Ottawa CA; Praia CV; Bangui CF; N'Djamena/Ndjamena TD; Santiago de Chile CL; "
        "Beijing/Pékin CN; Bogotá CO; Moroni KM; Kinshasa CD; Brazzaville CG; San José CR; "
        "Yamoussoukro/Abidjan CI; Zagreb HR; Havana/La Habana CU; Nicosia CY; Prague/Praha CZ; Copenhagen DK; "
        "Djibouti DJ; Roseau DM; Santo Domingo DO; Quito EC; Cairo EG; San Salvador SV; Malabo GQ; Asmara ER; "
        "Tallinn EE; Mbabane SZ; Addis Ababa ET; Suva FJ; Helsinki FI; Paris FR; Libreville GA; Banjul GM; "
        "Tbilisi GE; Berlin DE; Accra GH; Athens/Αθήνα GR; Conakry GN; Bissau GW; Georgetown GY; "
        "Port-au-Prince HT; Tegucigalpa HN; Budapest HU; Reykjavík IS; New Delhi IN; Jakarta ID; Tehran IR; "
        "Baghdad IQ; Dublin IE; Rome/Roma IT; Kingston JM; Tokyo JP; Amman JO; Astana/Nur-Sultan/Астана KZ; "
        "Nairobi KE; Tarawa KI; Pristina XK; Kuwait City KW; Bishkek KG; Vientiane LA; Riga/Rīga LV; "
        "Beirut/Beyrouth LB; Maseru LS; Monrovia LR; Tripoli LY; Vaduz LI; Vilnius LT; Antananarivo MG; "
        "Lilongwe MW; Kuala Lumpur/Putrajaya MY; Malé MV; Bamako ML; Valletta MT; Majuro MH; Nouakchott MR; "
        "Port Louis MU; Mexico City/Ciudad de México MX; Palikir FM; Chișinău/Chisinau MD; Ulaanbaatar MN; "
        "Podgorica ME; Rabat MA; Maputo MZ; Naypyidaw MM; Windhoek NA; Kathmandu NP; Amsterdam/The Hague NL; "
        "Wellington NZ; Managua NI; Niamey NE; Abuja NG; Pyongyang KP; Skopje MK; Oslo NO; Muscat OM; "
        "Islamabad PK; Ngerulmud PW; Panama City/Ciudad de Panamá PA; Port Moresby PG; Asunción PY; Lima PE; "
        "Manila PH; Warsaw/Warszawa PL; Lisbon/Lisboa PT; Doha QA; Bucharest/București RO; Moscow/Москва RU; "
        "Kigali RW; Basseterre KN; Castries LC; Kingstown VC; Apia WS; São Tomé ST; Riyadh SA; Dakar SN; "
        "Belgrade/Beograd RS; Freetown SL; Bratislava SK; Ljubljana SI; Honiara SB; Mogadishu SO; "
        "Pretoria/Tshwane ZA; Seoul KR; Juba SS; Madrid ES; Colombo/Sri Jayawardenepura Kotte LK; Khartoum SD; "
        "Paramaribo SR; Stockholm SE; Bern/Berne CH; Damascus SY; Taipei TW; Dushanbe TJ; Dodoma/Dar es Salaam TZ; "
        "Bangkok TH; Dili TL; Lomé TG; Nuku'alofa TO; Port of Spain TT; Tunis TN; Ankara TR; Ashgabat TM; "
        "Funafuti TV; Kampala UG; Kyiv/Kiev/Київ UA; Abu Dhabi AE; London GB; Washington US; Montevideo UY; "
        "Tashkent/Ташкент UZ; Port Vila VU; Caracas VE; Hanoi VN; Sanaa YE; Lusaka ZM; Harare ZW"
    ).split("; ")
    for names, code in [entry.rsplit(" ", 1)]
    for name in names.split("/")
}
# Languages whose nouns change their endings ("Латвия", "Латвии"; "Latvija", "Latvijas"): a
# name matches by its stem.
_INFLECTED = frozenset({"ru", "uk", "bg", "el", "lv", "lt", "pl", "cs", "sk", "sl", "hr", "sr", "fi", "et", "hu", "tr"})
_VOWELS = set("aeiouyāēīūąęėįų" "аеёиоуыэюяйь" "αεηιουωσ" "іїє")
_HEAD = 2500  # characters of the cover page, whose mentions weigh more
_HEAD_WEIGHT = 5


class _FoldTable(dict[int, str]):
    """A ``str.translate`` table that folds one character into one lower-case character without accents."""

    def __missing__(self, key: int) -> str:
        decomposed = unicodedata.normalize("NFKD", chr(key))
        base = "".join(ch for ch in decomposed if not unicodedata.combining(ch)) or chr(key)
        lowered = base.lower()[:1] or chr(key)
        folded = "σ" if lowered == "ς" else lowered
        self[key] = folded
        return folded


_FOLD = _FoldTable()


def fold_same_length(text: str) -> str:
    """The text lower-cased and without accents, one character for one (so offsets still agree)."""
    return text.translate(_FOLD)


def _variants(name: str) -> list[str]:
    """A name and, for ISO's inverted forms ("Korea, Republic of"), the direct one."""
    variants = [name]
    if ", " in name:
        head, rest = name.split(", ", 1)
        variants.append(f"{rest} {head}")
        if head.casefold() not in {"korea", "virgin islands", "congo", "corée", "corea"}:
            variants.append(head)
    return variants


def _stem(word: str) -> str:
    """The stem of an inflected word: without up to two final vowels, at least four letters kept."""
    stem = word
    for _ in range(2):
        if len(stem) > 4 and stem[-1] in _VOWELS:
            stem = stem[:-1]
    return stem


_TOKEN = re.compile(r"\w+")
_MAX_ENDING = 6  # letters an inflected word may add to its stem ("латви" + "йской")


@dataclass(frozen=True)
class _Name:
    """One way of naming a country: its words (stems for inflected languages)."""

    words: tuple[str, ...]
    stemmed: bool
    code: str
    capital: bool  # must start with a capital letter (names do, adjectives need not)

    def matches(self, tokens: list[str], start: int) -> bool:
        if start + len(self.words) > len(tokens):
            return False
        for offset, word in enumerate(self.words):
            token = tokens[start + offset]
            if self.stemmed and len(word) >= 4:
                if not token.startswith(word) or len(token) - len(word) > _MAX_ENDING:
                    return False
            elif token != word:
                return False
        return True


@dataclass(frozen=True)
class _Index:
    """Names by their first word (exact) and by the stem of their first word (inflected)."""

    exact: dict[str, tuple[_Name, ...]]
    stems: dict[str, tuple[_Name, ...]]

    def candidates(self, token: str) -> list[_Name]:
        found = list(self.exact.get(token, ()))
        if self.stems:
            for cut in range(max(1, len(token) - _MAX_ENDING), len(token) + 1):
                found.extend(self.stems.get(token[:cut], ()))
        return found


@lru_cache(maxsize=64)
def _index(language: str | None, capitals: bool = False) -> _Index:
    names: dict[tuple[str, ...], _Name] = {}

    def add(name: str, code: str, lang: str, capital: bool) -> None:
        stemmed = lang in _INFLECTED
        for variant in _variants(name):
            words = tuple(_TOKEN.findall(fold_same_length(variant)))
            if stemmed:
                words = tuple(_stem(w) for w in words)
            if words and sum(map(len, words)) >= 2:
                names.setdefault(words, _Name(words, stemmed, code, capital))

    if capitals:
        for name, code in _CAPITALS.items():
            add(name, code, language or "en", capital=True)
        return _build(names.values())
    translator: gettext.NullTranslations | None = None
    if language and language != "en":
        try:
            translator = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
        except OSError:
            translator = None
    for lang in dict.fromkeys((language or "en", "en")):
        for name, code in _EXTRA.get(lang, {}).items():
            add(name, code, lang, capital=lang == "en")  # English capitalises adjectives too
    for entry in pycountry.countries:
        for attr in ("common_name", "name", "official_name"):
            value = getattr(entry, attr, None)
            if not value:
                continue
            if translator is not None:
                add(translator.gettext(value), entry.alpha_2, language or "en", capital=True)
            add(value, entry.alpha_2, "en", capital=True)
    return _build(names.values())


def _build(names: Iterable[_Name]) -> _Index:
    exact: dict[str, list[_Name]] = {}
    stems: dict[str, list[_Name]] = {}
    for name in names:
        first = name.words[0]
        target = stems if name.stemmed and len(first) >= 4 else exact
        target.setdefault(first, []).append(name)
    return _Index({k: tuple(v) for k, v in exact.items()}, {k: tuple(v) for k, v in stems.items()})


def country_mentions(text: str, language: str | None) -> Counter[str]:
    """Weighted mentions of each country (ISO alpha-2) in the text, in its language and English.

    A mention on the cover (the first characters of the text) weighs more than one in the body.
    Country names must start with a capital letter (so "turkey" and "china" are not countries);
    adjectives need not, except in English ("Mexican", but "panameño", "ελληνική"). Where names overlap ("American Samoa",
    "Samoa"), the longest wins. When no country is named at all, capital cities count instead
    (a decree signed "Montevideo, 07 ABR 2014").
    """
    counts = _count(text, _index(language))
    return counts or _count(text, _index(language, capitals=True))


def _count(text: str, index: _Index) -> Counter[str]:
    folded = fold_same_length(text)
    matches = list(_TOKEN.finditer(folded))
    tokens = [m.group() for m in matches]
    head_end = len(text) - len(text.lstrip()) + _HEAD
    counts: Counter[str] = Counter()
    position = 0
    while position < len(tokens):
        found = [n for n in index.candidates(tokens[position]) if n.matches(tokens, position)]
        offset = matches[position].start()
        first = text[offset]
        found = [n for n in found if not (n.capital and first.isalpha() and not first.isupper())]
        if not found:
            position += 1
            continue
        best = max(found, key=lambda n: (len(n.words), sum(map(len, n.words))))
        counts[best.code] += _HEAD_WEIGHT if offset < head_end else 1
        position += len(best.words)
    return counts


def detect_country(text: str, language: str | None) -> str | None:
    """The ISO alpha-2 code of the country the document is about (the one it names most), or None."""
    counts = country_mentions(text, language)
    if not counts:
        return None
    (code, _), *_ = counts.most_common(1)
    return code

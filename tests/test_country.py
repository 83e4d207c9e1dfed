"""Country names to ISO codes: ISO names, codes, translations and the spellings of published tables."""

from __future__ import annotations

import csv
import io

import pycountry
import pytest
from hypothesis import given
from hypothesis import strategies as st

from policyatlas.model.country import Country, get_country, is_country_name, resolve_country
from tests.conftest import need_shared

INDEX_TABLES = (
    "corpus/indices/gci2017_scores_country_names.csv",
    "corpus/indices/gci2018_scores_country_names.csv",
    "corpus/indices/gci2018_scores_iso2.csv",
    "corpus/indices/cyber_security_indexes_cei_gci2020_ncsi_ddl.csv",
)


@pytest.mark.parametrize(("name", "code"), [
    ("Mexico", "MX"), ("México", "MX"), ("EUA", "US"), ("South Korea", "KR"), ("MX", "MX"), ("mex", "MX"),
    ("us", "US"), ("Perú", "PE"), ("Reino Unido", "GB"), ("Turquía", "TR"), ("Congo", "CG"), ("Korea", "KR"),
])
def test_resolve_country_keeps_existing_names(name: str, code: str) -> None:
    assert resolve_country(name) == code


@pytest.mark.parametrize(("name", "code"), [
    ("Korea (Rep. of)", "KR"), ("Republic of Korea", "KR"), ("Korea, Rep.", "KR"), ("Korea, (South) Republic of", "KR"),
    ("Côte d'Ivoire", "CI"), ("Cote d'Ivoire", "CI"), ("Côte d’Ivoire", "CI"), ("Cote d'ivoire", "CI"),
    ("Cote dIvoire", "CI"), ("Ivory Coast (Cote d'Ivoire)", "CI"),
    ("Lao P.D.R.", "LA"), ("Lao PDR", "LA"), ("Lao People’s Democratic Republic", "LA"), ("Lao People's Dem. Rep.", "LA"),
    ("Congo (Dem. Rep.)", "CD"), ("Congo, Dem. Rep. of the", "CD"), ("Democratic Republic of the Congo", "CD"),
    ("Congo (Kinshasa)", "CD"), ("Congo (Brazzaville)", "CG"), ("Congo, Rep.", "CG"), ("Republic of the Congo", "CG"),
    ("Viet Nam", "VN"), ("Türkiye", "TR"), ("Turkiye", "TR"), ("Bolivia (Plurinational State of)", "BO"),
    ("Iran (Islamic Republic of)", "IR"), ("Iran, Islamic Republic of", "IR"), ("Micronesia", "FM"),
    ("Micronesia (Federated States of)", "FM"), ("Micronesia, Fed. States of", "FM"),
    ("St. Kitts and Nevis", "KN"), ("Saint Vincent and the Grenadines", "VC"), ("St. Vincent & the Grenadines", "VC"),
    ("S Vincent & Grenadines", "VC"), ("Brunei Darussalam", "BN"), ("Eswatini", "SZ"), ("Swaziland", "SZ"),
    ("Cabo Verde", "CV"), ("Syrian Arab Republic", "SY"), ("United Republic of Tanzania", "TZ"),
    ("Tanzania, United Rep. of", "TZ"), ("Russian Federation", "RU"), ("Russia (Russian Fed.)", "RU"),
    ("Czechia", "CZ"), ("Czech Republic", "CZ"), ("North Macedonia", "MK"), ("The Republic of North Macedonia", "MK"),
    ("The former Yugoslav Republic of Macedonia", "MK"), ("Macedonia, TFYR", "MK"), ("Palestine", "PS"),
    ("State of Palestine", "PS"), ("Palestinian Territory", "PS"), ("Kosovo", "XK"), ("Hong Kong", "HK"),
    ("Hong Kong SAR, China", "HK"), ("Macao", "MO"), ("Macau", "MO"), ("Bahamas, The", "BS"), ("Gambia, the", "GM"),
    ("Antigua & Barbuda", "AG"), ("Trinidad & Tobago", "TT"), ("Vatican (Holy See)", "VA"), ("Vatican City", "VA"),
    ("East Timor (Timor-Leste)", "TL"), ("Sri Lanka (ex-Ceilan)", "LK"), ("Myanmar (ex-Burma)", "MM"),
    ("Libyan Arab Jamahiriya", "LY"), ("Korea Dem. People's Rep.", "KP"), ("Democratic People's Republic of Korea", "KP"),
    ("United States of America", "US"), ("Egypt, Arab Rep.", "EG"), ("Venezuela, RB", "VE"), ("Kyrgyz Republic", "KG"),
    ("U.S. Virgin Islands", "VI"), ("British Virgin Islands", "VG"), ("Namibia", "NA"), ("NA", "NA"),
])
def test_resolve_country_reads_published_table_spellings(name: str, code: str) -> None:
    assert resolve_country(name) == code


@pytest.mark.parametrize(("name", "code"), [
    ("Allemagne", "DE"), ("Países Bajos", "NL"), ("Pays-Bas", "NL"), ("Corée du Sud", "KR"), ("Corea del Norte", "KP"),
    ("République démocratique du Congo", "CD"), ("Royaume-Uni", "GB"), ("Estados Unidos", "US"), ("États-Unis", "US"),
    ("Costa de Marfil", "CI"), ("Estado plurinacional de Bolivia", "BO"), ("Tanzanie", "TZ"), ("Suiza", "CH"),
])
def test_resolve_country_knows_spanish_and_french_names(name: str, code: str) -> None:
    assert resolve_country(name) == code


@pytest.mark.parametrize(("name", "code"), [
    ("Guinea", "GN"), ("Papua New Guinea", "PG"), ("Equatorial Guinea", "GQ"), ("Guinea-Bissau", "GW"),
    ("Niger", "NE"), ("Nigeria", "NG"), ("Dominica", "DM"), ("Dominican Republic", "DO"), ("Sudan", "SD"),
    ("South Sudan", "SS"), ("Samoa", "WS"), ("American Samoa", "AS"), ("New Guinea", None), ("Virgin Islands", None),
    ("Republic", None), ("Islands", None), ("Government of Mexico", None), ("Ministry (Mexico)", None),
    ("Mexico (Ministry of the Interior)", None), ("Atlantis", None), ("", None),
])
def test_resolve_country_never_guesses_between_similar_names(name: str, code: str | None) -> None:
    assert resolve_country(name) == code


def test_resolve_country_finds_every_iso_name_in_every_language() -> None:
    import gettext

    catalogs = [gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang]) for lang in ("es", "fr")]
    wrong = []
    for entry in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(entry, attr, None)
            for name in [value, *(c.gettext(value) for c in catalogs)] if value else []:
                if resolve_country(name) != entry.alpha_2:
                    wrong.append((name, entry.alpha_2, resolve_country(name)))
    assert wrong == []


@pytest.mark.parametrize("relative", INDEX_TABLES)
def test_resolve_country_resolves_every_name_of_the_index_tables(relative: str) -> None:
    path = need_shared(relative)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))[1:]
    unresolved = [row[0] for row in rows if resolve_country(row[0]) is None]
    codes = [resolve_country(row[0]) for row in rows]
    assert unresolved == []
    assert len(set(codes)) == len(codes)  # no two spellings of one table fall on the same country


def test_resolve_country_agrees_with_the_iso2_copy_of_gci_2018() -> None:
    names = list(csv.reader(io.StringIO(need_shared(INDEX_TABLES[1]).read_text(encoding="utf-8"))))[1:]
    codes = list(csv.reader(io.StringIO(need_shared(INDEX_TABLES[2]).read_text(encoding="utf-8"))))[1:]
    assert len(names) == len(codes)
    mismatches = [(name[0], code[0]) for name, code in zip(names, codes, strict=True)
                  if name[2] == code[2] and resolve_country(name[0]) != code[0]]
    assert mismatches == []


@given(st.text(max_size=60))
def test_resolve_country_returns_a_code_or_none_for_any_text(text: str) -> None:
    code = resolve_country(text)
    assert code is None or (len(code) == 2 and get_country(code) is not None)


@pytest.mark.parametrize(("code", "expected"), [
    ("MX", Country("MX", "MEX", "Mexico")), ("mex", Country("MX", "MEX", "Mexico")),
    ("XK", Country("XK", "XKX", "Kosovo")), ("ZZ", None), ("", None),
])
def test_get_country_by_alpha2_or_alpha3(code: str, expected: Country | None) -> None:
    assert get_country(code) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("Perú", True), ("Bolivia (Plurinational State of)", True), ("MX", False), ("USA", False),
    ("Government of Mexico", False), ("Secretary of the Navy", False),
])
def test_is_country_name_needs_a_name_not_a_code(name: str, expected: bool) -> None:
    assert is_country_name(name) is expected

"""Country names the corpus scaler substitutes when it re-renders a document for another country.

A fixed table (not pycountry) so the scaled bytes never change with a library upgrade. Each entry:
ISO alpha-2, ISO alpha-3, English name, Spanish name, English demonym, Spanish demonym (masculine
singular; the scaler derives the other forms). Targets are real countries the atlas resolves by
their English name.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Country:
    """How a country is written in the documents the scaler rewrites."""

    iso2: str
    iso3: str
    name: str
    name_es: str
    demonym: str
    demonym_es: str

    def spellings(self) -> list[str]:
        """Every spelling to substitute, longest first (so "Mexican" goes before "Mexico")."""
        es = self.demonym_es
        forms = {self.name, self.name_es, self.demonym, es}
        if es.endswith("o"):
            forms |= {es[:-1] + "a", es + "s", es[:-1] + "as"}
        elif es.endswith("e") or es.endswith("a"):
            forms.add(es + "s")
        return sorted((f for f in forms if f), key=lambda f: (-len(f), f))


_TABLE = """
MX MEX Mexico|México|Mexican|mexicano
US USA United States|Estados Unidos|American|estadounidense
GB GBR United Kingdom|Reino Unido|British|británico
AR ARG Argentina|Argentina|Argentine|argentino
PE PER Peru|Perú|Peruvian|peruano
CL CHL Chile|Chile|Chilean|chileno
CO COL Colombia|Colombia|Colombian|colombiano
EC ECU Ecuador|Ecuador|Ecuadorian|ecuatoriano
PY PRY Paraguay|Paraguay|Paraguayan|paraguayo
UY URY Uruguay|Uruguay|Uruguayan|uruguayo
GT GTM Guatemala|Guatemala|Guatemalan|guatemalteco
HN HND Honduras|Honduras|Honduran|hondureño
PA PAN Panama|Panamá|Panamanian|panameño
CR CRI Costa Rica|Costa Rica|Costa Rican|costarricense
DO DOM Dominican Republic|República Dominicana|Dominican|dominicano
ES ESP Spain|España|Spanish|español
PT PRT Portugal|Portugal|Portuguese|portugués
BR BRA Brazil|Brasil|Brazilian|brasileño
CA CAN Canada|Canadá|Canadian|canadiense
KE KEN Kenya|Kenia|Kenyan|keniano
NG NGA Nigeria|Nigeria|Nigerian|nigeriano
IN IND India|India|Indian|indio
JP JPN Japan|Japón|Japanese|japonés
FR FRA France|Francia|French|francés
DE DEU Germany|Alemania|German|alemán
IT ITA Italy|Italia|Italian|italiano
PL POL Poland|Polonia|Polish|polaco
MA MAR Morocco|Marruecos|Moroccan|marroquí
EG EGY Egypt|Egipto|Egyptian|egipcio
ZA ZAF South Africa|Sudáfrica|South African|sudafricano
AU AUS Australia|Australia|Australian|australiano
PH PHL Philippines|Filipinas|Filipino|filipino
ID IDN Indonesia|Indonesia|Indonesian|indonesio
GH GHA Ghana|Ghana|Ghanaian|ghanés
SN SEN Senegal|Senegal|Senegalese|senegalés
"""


def _parse(table: str) -> tuple[Country, ...]:
    countries = []
    for line in table.strip().splitlines():
        iso2, iso3, rest = line.split(" ", 2)
        name, name_es, demonym, demonym_es = rest.split("|")
        countries.append(Country(iso2, iso3, name, name_es, demonym, demonym_es))
    return tuple(countries)


COUNTRIES: tuple[Country, ...] = _parse(_TABLE)
BY_NAME: dict[str, Country] = {c.name: c for c in COUNTRIES}
#: Where a document's country goes when it is re-rendered: every country of the table but the
#: three the corpus is richest in (their own documents stay theirs).
TARGETS: tuple[Country, ...] = tuple(c for c in COUNTRIES if c.iso2 not in {"MX", "US", "GB"})

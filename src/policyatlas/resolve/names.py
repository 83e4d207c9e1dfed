"""Name keys for matching: folded, stop-word-free and translated to English word by word."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from policyatlas.text.titles import fold

GLOSSARY = Path(__file__).resolve().parent / "data" / "glossary.yaml"

_STOP = frozenset(
    "of the and for on to in against with by at a an "
    "de la del el los las y para en por sobre con al "
    "le les des du et pour sur au aux d l "
    "do da dos das e em ao".split()
)
HONORIFICS = frozenset(
    "senator senadora senador deputy diputada diputado dip sen dr dra doctor doctora mr mrs ms "
    "lic licenciado licenciada ing ingeniero ingeniera mtro mtra maestro maestra prof professor "
    "profesor profesora president presidente presidenta minister ministro ministra secretary "
    "secretario secretaria hon honourable honorable sir madam don dona the el la".split()
)


@dataclass(frozen=True)
class InternationalOrg:
    """An international organisation known by several names across languages."""

    name: str
    acronym: str | None
    aliases: tuple[str, ...]


@lru_cache(maxsize=1)
def _glossary() -> tuple[dict[str, str], tuple[InternationalOrg, ...]]:
    data = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))
    words = {fold(k): fold(v) for k, v in (data.get("words") or {}).items()}
    orgs = tuple(
        InternationalOrg(o["name"], o.get("acronym"), tuple(o.get("aliases") or ()))
        for o in data.get("organizations") or ()
    )
    return words, orgs


def international_orgs() -> tuple[InternationalOrg, ...]:
    """The international organisations of the glossary."""
    return _glossary()[1]


@lru_cache(maxsize=1)
def _orgs_by_key() -> dict[str, InternationalOrg]:
    """Each folded name, alias and acronym of the glossary's organisations, to the first org that has it."""
    found: dict[str, InternationalOrg] = {}
    for org in international_orgs():
        for other in [org.name, *org.aliases] + ([org.acronym] if org.acronym else []):
            found.setdefault(fold(other), org)
    return found


def find_international_org(name: str) -> InternationalOrg | None:
    """The international organisation a name or acronym stands for, if any (the names are folded once,
    not on every call: ingest asks this for every organisation a record names)."""
    return _orgs_by_key().get(fold(name))


_COMPOUNDS = re.compile(r"\b(cyber|ciber) (security|seguridad|defen[cs]e|defensa|space|espacio|crime|crimen)\b")
_BRITISH = {"defence": "defense", "programme": "program", "organisation": "organization", "centre": "center",
            "licence": "license", "labour": "labor"}


def _singular(word: str) -> str:
    """An English plural made singular ("signatures" → "signature"), for keys only."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A language-neutral key: folded words, stop words dropped, translated, singular, sorted.

    ``Ley Federal de Ciberseguridad`` and ``Federal Cybersecurity Law`` share the key
    ``cybersecurity federal law``; ``Código Penal Federal`` and ``Federal Criminal Code`` share
    ``code criminal federal``; ``Cyber Security`` is ``Cybersecurity``.
    """
    words, _ = _glossary()
    folded = _COMPOUNDS.sub(lambda m: m.group(1) + m.group(2), fold(name))
    tokens = []
    for token in folded.split():
        if token in _STOP:
            continue
        token = words.get(token, token)
        tokens.append(_singular(_BRITISH.get(token, token)))
    return " ".join(sorted(tokens))


@dataclass(frozen=True)
class PersonName:
    """A person's name split into given names and surnames, honorifics removed."""

    given: tuple[str, ...]
    surnames: tuple[str, ...]

    @property
    def surname_key(self) -> str:
        return " ".join(self.surnames)


def split_person(name: str) -> PersonName:
    """Split ``el diputado Javier Joaquín López Casarín`` into given ``(javier, joaquin)`` and
    surnames ``(lopez, casarin)`` (folded). Spanish-style double surnames are kept together
    when the name has three or more words; ``Deputy López Casarín`` has no given name."""
    tokens = [t for t in fold(re.sub(r"\([^)]*\)", " ", name)).split() if t]
    while tokens and tokens[0] in HONORIFICS:
        tokens = tokens[1:]
    if not tokens:
        return PersonName((), ())
    if len(tokens) == 1:
        return PersonName((), tuple(tokens))
    capitalised = [w for w in re.sub(r"\([^)]*\)", " ", name).split() if w[:1].isupper()]
    no_given = len(capitalised) <= 3 and fold(name).split()[0] in HONORIFICS and len(tokens) == 2 and (
        tokens[0] not in _COMMON_GIVEN)
    if no_given:
        return PersonName((), tuple(tokens))
    if len(tokens) >= 4 or (len(tokens) == 3 and tokens[1] not in _COMMON_GIVEN):
        return PersonName(tuple(tokens[:-2]), tuple(tokens[-2:]))
    return PersonName(tuple(tokens[:-1]), (tokens[-1],))


# A few frequent given names, to tell "Deputy Javier Casarín" (given + surname) from
# "Deputy López Casarín" (two surnames) when a title precedes a two-word name.
_COMMON_GIVEN = frozenset(
    "javier jose juan maria luis carlos jorge miguel pedro ana laura alejandra victor ernesto pablo "
    "cynthia ricardo manuel antonio francisco fernando rosa elena sofia daniel david andres raul "
    "monica patricia gabriela mario eduardo alberto sergio roberto diego oscar".split()
)


def same_person(a: PersonName, b: PersonName) -> bool | None:
    """True when two names are surely one person, False when surely not, None when unsure.

    Surnames must agree (one side may carry only the last of a double surname); given names
    must agree where both sides have them (``Víctor`` = ``Victor``; ``Alejandra`` ≠ ``Víctor``).
    """
    if not a.surnames or not b.surnames:
        return None
    short, long = sorted((a.surnames, b.surnames), key=len)
    if short != long[-len(short):] and short != long[: len(short)]:
        return False
    if a.given and b.given:
        if a.given[0] == b.given[0] or set(a.given) <= set(b.given) or set(b.given) <= set(a.given):
            return True
        return False
    # One side has no given name ("Deputy López Casarín"): sure only with a double surname.
    return True if len(short) >= 2 else None

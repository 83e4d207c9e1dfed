"""Roles written beside a person's name: "Secretary of the … Commission of the Senate and Founder of …"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from policyatlas.model.country import is_country_name
from policyatlas.sources.news.lexicon import (
    HONORIFICS,
    NAME,
    ORG_KEYWORDS,
    ROLE_FILLERS,
    ROLE_RE,
    ROLE_START_RE,
    ROLE_WORDS,
    UPPER,
)
from policyatlas.text.titles import is_acronym


@dataclass(frozen=True)
class Role:
    """A role a person holds, in the organisation the text names (None when it names none)."""

    role: str
    organization: str | None

    def to_json(self) -> dict[str, str | None]:
        return {"role": self.role, "organization": self.organization}


_SEGMENT = re.compile(
    rf"(?:\s*[,;]\s*(?:(?:and|y|e)\s+)?|\s+(?:and|y|e|as well as|así como)\s+)"
    rf"(?=(?:(?:also|currently|former|a|an|the|el|la|un|una)\s+)*(?:ex-?\s*)?(?:{ROLE_WORDS})\b)",
    re.IGNORECASE,
)
_LEAD = re.compile(rf"^(?:(?:{ROLE_FILLERS})\s+)*", re.IGNORECASE)
_CONNECTOR = re.compile(r"\s+(of|de|del|at|in|en|for|para|from)\s+", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:the|la|el|los|las|l['’])\s*", re.IGNORECASE)
_LAST_OK = frozenset({"of", "de", "del", "at", "from"})
_APPOSITION_STOP = re.compile(
    r",\s+|;|:|\s[—–-]\s|\.(?=\s|$)|\)|\s+(?:who|quien|que|which|whose|cuyo|cuya|where|donde)\b"
)
_PERSON_THEN_ROLE = re.compile(rf"^{NAME}\s*(?:\([^)]*\))?,\s+{ROLE_START_RE.pattern}", re.IGNORECASE)
_HONORIFIC_WORDS = "|".join(sorted((re.escape(w) for w in HONORIFICS), key=len, reverse=True))
_ROLE_BEFORE = re.compile(
    rf"(?:^|[,;:(]\s*|\b(?:the|el|la|del|al)\s+)(?P<role>(?:ex-?\s*)?(?:{ROLE_WORDS})\b[^;:()]*?),\s*"
    rf"(?:(?:the|el|la)\s+)?(?:(?:{_HONORIFIC_WORDS})\.?\s+)?$",
    re.IGNORECASE,
)
_MODERATOR = re.compile(r"^\s*,?\s*(?:who|quien)\s+(?:also\s+|también\s+)?(?:moderated|moderates|moderó|modera|"
                        r"chaired|presidió|hosted|condujo|conduced)\b", re.IGNORECASE)


def is_org_name(text: str) -> bool:
    """True when a capitalised phrase names an organisation by a word such as Institute or Comisión."""
    words = re.findall(r"[\w+&'’-]+", text)
    return any(w[:1].isupper() and w.casefold() in ORG_KEYWORDS for w in words) or any(
        is_acronym(w) for w in words)


def _orgish(chunk: str, last: bool, connector: str) -> bool:
    bare = _ARTICLE.sub("", chunk).strip()
    if not bare or not (bare[0].isupper() or bare[0].isdigit()):
        return False
    if is_country_name(bare):
        return False
    if is_org_name(bare):
        return True
    if len(bare.split()) == 1 and not re.search(r"[a-z][A-Z]|\d", bare):
        return False  # "Minister of Science": a field, not a body ("Director of CyberLat" is one)
    return last and connector.casefold() in _LAST_OK


def _one_role(segment: str) -> Role | None:
    segment = _LEAD.sub("", segment.strip(" ,;.")).strip()
    head = ROLE_START_RE.match(segment)
    if head is None:
        return None
    parts = _CONNECTOR.split(segment)
    role_parts = [parts[0]]
    pieces = [(parts[i], parts[i + 1]) for i in range(1, len(parts) - 1, 2)]
    for index, (connector, chunk) in enumerate(pieces):
        if _orgish(chunk, index == len(pieces) - 1, connector):
            tail = [chunk] + [f"{c} {t}" for c, t in pieces[index + 1:]]
            organization = _ARTICLE.sub("", re.sub(r"\s*\([^)]*\)", "", " ".join(tail))).strip(" ,.;")
            return Role(" ".join(role_parts).strip(), organization or None)
        role_parts.append(f"{connector} {chunk}")
    return Role(" ".join(role_parts).strip(" ,.;"), None)


def parse_roles(text: str) -> list[Role]:
    """The roles of an apposition, each with its organisation (the first part that names one, to the end).

    ``Secretary of the Science and Technology Commission of the Senate and Founder of the National
    Alliance for Artificial Intelligence`` gives (Secretary, Science and Technology Commission of the
    Senate) and (Founder, National Alliance for Artificial Intelligence); ``Doctor in Private Law``
    gives a role without an organisation.
    """
    roles: list[Role] = []
    for segment in _SEGMENT.split(text):
        role = _one_role(segment)
        if role is not None and role.role:
            roles.append(role)
    for index in range(len(roles) - 2, -1, -1):  # "president and CEO of X": both roles are in X
        bare = roles[index].organization is None and ROLE_RE.fullmatch(roles[index].role)
        if bare and roles[index + 1].organization and re.search(
                rf"\b{re.escape(roles[index].role)}\s+(?:and|y|e)\s+", text, re.IGNORECASE):
            roles[index] = Role(roles[index].role, roles[index + 1].organization)
    return roles


def _depth(text: str) -> int:
    return text.count("(") - text.count(")")


def _continues(rest: str) -> bool:
    if _PERSON_THEN_ROLE.match(rest):
        return False
    if ROLE_START_RE.match(rest):
        return True
    return bool(re.match(rf"[{UPPER}0-9]", rest)) and not re.match(r"(?:The|El|La|Los|Las|This|Este|Esta)\b", rest)


def apposition(after: str) -> tuple[str, int] | None:
    """The role apposition that follows a name (``after`` starts right after it), and where it ends.

    The apposition runs from the comma after the name over roles and organisation names (which may hold
    commas: "Comisión de Ciencia, Tecnología e Innovación") up to a verb, a relative clause or the end.
    """
    lead = re.match(r"\s*,\s*", after)
    if lead is None or not ROLE_START_RE.match(after, lead.end()):
        return None
    start = position = lead.end()
    while True:
        stop = _APPOSITION_STOP.search(after, position)
        while stop is not None and _depth(after[start:stop.start()]) > 0 and stop.group() != ")":
            stop = _APPOSITION_STOP.search(after, stop.end())
        if stop is not None and stop.group() == ")" and _depth(after[start:stop.start()]) > 0:
            position = stop.end()
            continue
        end = stop.start() if stop else len(after)
        if stop is not None and stop.group().startswith(",") and _continues(after[stop.end():]):
            position = stop.end()
            continue
        return after[start:end].strip(), end


def role_before(before: str) -> str | None:
    """A role written before a name ("la presidenta de la Comisión de …, senadora …")."""
    match = _ROLE_BEFORE.search(before)
    return match.group("role").strip() if match else None


def moderates(after: str) -> bool:
    """True when the text after a person's apposition says they moderated ("…, who moderated the dialogue")."""
    return bool(_MODERATOR.match(after))

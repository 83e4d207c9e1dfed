"""The words of a portal profile's structure: its sections, the lists inside them, and the roles of actors."""

from __future__ import annotations

import re
import unicodedata

from policyatlas.messages import N_
from policyatlas.model.record import PROFILE_SECTIONS
from policyatlas.text.titles import fold, strip_markup

# The portal's sections in its order, the names they go by, and the kind of their items.
SECTIONS: tuple[tuple[str, frozenset[str], str], ...] = (
    ("Cybersecurity Policy", frozenset({"cybersecurity policy", "cyber security policy", "cyber policy",
                                        "cybersecurity policies"}), "strategy"),
    ("Structure", frozenset({"structure", "institutional structure"}), "agency"),
    ("Legal Framework", frozenset({"legal framework", "legal frameworks"}), "law"),
    ("Cooperation", frozenset({"cooperation", "international cooperation"}), "cooperation"),
    ("Select Activities", frozenset({"select activities", "selected activities", "activities"}), "activity"),
    ("Membership", frozenset({"membership", "memberships"}), "membership"),
)
SECTION_ORDER = PROFILE_SECTIONS
assert SECTION_ORDER == tuple(name for name, _, _ in SECTIONS)

# The lists inside sections (folded name -> canonical name, kind of their items).
SUBSECTIONS: dict[str, tuple[str, str]] = {
    "strategy documents": (N_("Strategy Documents"), "strategy"),
    "policy documents": (N_("Policy Documents"), "strategy"),
    "national centre or responsible agency": (N_("National Centre or Responsible Agency"), "agency"),
    "national center or responsible agency": (N_("National Centre or Responsible Agency"), "agency"),
    "key positions": (N_("Key Positions"), "key_position"),
    "dedicated agencies and departments": (N_("Dedicated Agencies and Departments"), "agency"),
    "national cert or csirt": (N_("National CERT or CSIRT"), "cert"),
    "national csirt or cert": (N_("National CERT or CSIRT"), "cert"),
    "legislation": (N_("Legislation"), "law"),
    "un processes": (N_("UN Processes"), "un_process"),
    "bilateral and multilateral cooperation": (N_("Bilateral and Multilateral Cooperation"), "cooperation"),
}

# The role the bodies named under an item play, by the item's kind.
ACTOR_ROLES: dict[str, str] = {
    "strategy": "issuer", "law": "issuer", "agency": "responsible", "cert": "responsible",
    "key_position": "holder", "un_process": "participant", "cooperation": "participant",
    "activity": "organizer", "membership": "member",
}

# Words an actor's name (a body of government) starts with, and words that make a phrase a body's name;
# for exports that write the actor on the title's line.
ACTOR_STARTS = frozenset(
    "ministry ministerio ministere secretariat secretaria secretary secretario government gobierno gouvernement "
    "governo federal office oficina department departamento presidency presidencia chief attorney institute "
    "instituto commission comision council consejo agency agencia directorate direccion police policia guardia "
    "army navy armada ejercito poder national royal state presented organized organised led hosted".split()
)
ACTOR_WORDS = frozenset(
    "ministry ministerio secretariat secretaria secretary secretario government gobierno office oficina department "
    "departamento presidency presidencia chief attorney institute instituto commission comision council consejo "
    "agency agencia directorate direccion police policia guard guardia army navy armada ejercito judicial "
    "authority autoridad bank banco court tribunal senate senado congress congreso parliament".split()
)
LAST_UPDATED = re.compile(r"^(?:last updated|last update|updated|última actualización)\s*:?\s*(.{1,60})$", re.I)
# "Source", "Source 2" … as link labels written out in text (a four-digit number is a year, not a label).
SOURCE_LABEL = re.compile(r"(?:Sources?|Fuente)(?:[ \t]+(?!\d{4}\b)\d{1,2}\b)?", re.I)
SOURCE_LABELS = re.compile(rf"^(?:{SOURCE_LABEL.pattern})(?:[ \t,;|·]+(?:{SOURCE_LABEL.pattern}))*", re.I)


_ALL_NAMES = sorted({name for _, names, _ in SECTIONS for name in names} | set(SUBSECTIONS), key=len, reverse=True)
HEADING_LINE = re.compile(
    r"(?im)(?:^|>)[^\w<\n]{0,12}(" + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in _ALL_NAMES)
    + r")[^\w<\n]{0,8}(?:$|<)"
)


def split_source_line(text: str) -> tuple[list[str], str] | None:
    """The source labels a line of text without markup starts with, and the rest of the line.

    ``Source Source 2 2015`` gives ``["Source", "Source 2"]`` and ``2015``; ``Source 6 September 2021``
    gives ``["Source"]`` and ``6 September 2021`` (a number that starts a date is no label).
    """
    match = SOURCE_LABELS.match(text)
    if match is None:
        return None
    labels = [m.group() for m in SOURCE_LABEL.finditer(match.group())]
    rest = text[match.end():].strip(" ,;|·:")
    last = labels[-1] if labels else ""
    number = re.search(r"(\d{1,2})$", last)
    if rest and number is not None and (int(number.group(1)) < 2 or int(number.group(1)) != len(labels)):
        from policyatlas.model.dates import parse_date_line

        if parse_date_line(f"{number.group(1)} {rest}") is not None:  # "Source 6 September 2021"
            labels[-1] = last[: number.start()].rstrip()
            rest = f"{number.group(1)} {rest}"
    return [re.sub(r"\s+", " ", label) for label in labels], rest


def heading_name(text: str) -> str:
    """A heading's words without markup, decoration or a trailing colon ("✓ Strategy Documents:")."""
    return strip_markup(text).rstrip(" :").strip()


def match_section(name: str) -> tuple[str, str] | None:
    """The canonical section and its item kind for a heading's text, or None."""
    bare = heading_name(name)
    if len(name) > 80 or not bare[:1].isalnum():
        return None
    folded = fold(bare)
    for canonical, names, kind in SECTIONS:
        if folded in names:
            return canonical, kind
    return None


def match_subsection(name: str) -> tuple[str, str] | None:
    """The canonical list name and its item kind for a heading's text, or None."""
    bare = heading_name(name)
    if len(name) > 80 or not bare[:1].isalnum():
        return None
    return SUBSECTIONS.get(fold(bare))


def is_decorated(raw: str) -> bool:
    """Whether a heading starts with a symbol (✓, 🌐): the portal decorates its list headings so."""
    first = raw.lstrip("*_ ")[:1]
    return bool(first) and unicodedata.category(first) == "So"

"""The numbered section headings of ITU Cyberwellness profiles and the record kind each one holds."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Ways a name is found in a section's prose (tried in the order a section lists them):
#   "cert"     a CIRT's own name (CERT-MX, EG-CERT, JPCERT/CC, CERTuy);
#   "acronym"  the first capitalised name followed by its acronym in parentheses;
#   "keyword"  the first capitalised name containing one of the section's keywords (or "ISO 27001");
#   "spelled"  a lower-case name spelled out before its acronym ("cyber ... partnership (CISP)");
#   "subject"  the capitalised name the first sentence starts with (not the country itself).


@dataclass(frozen=True)
class SectionSpec:
    """One ITU heading: its canonical label, the kind of record its content gives, and how to name it."""

    pattern: str
    label: str
    kind: str | None
    area: str
    generic: str
    naming: tuple[str, ...] = ()
    keywords: str = ""
    item_kind: str | None = None

    @property
    def is_pillar(self) -> bool:
        """True for the headings that only group sections (1.1 LEGAL MEASURES…)."""
        return self.area.startswith("pillar:")


_LAW_WORDS = r"Acts?|Laws?|Code|Decrees?|Regulations?|Bill|Ordinance|Directive|Statute"
_STRATEGY_WORDS = r"Strateg(?:y|ies)|Polic(?:y|ies)|Plans?|Programme|Program|Agenda|Roadmap|Framework|Vision"
_COOPERATION_WORDS = (r"Partnerships?|Programmes?|Programs?|Agreements?|Memorandum|MoU|Forum|Network|Exchanges?|"
                      r"Initiative|Convention|Treaty|Alliance|Council")

# Longer patterns first: the first that matches after a section number wins.
SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(r"CHILD\s+ONLINE\s+PROTECTION", "Child Online Protection", "child_online_protection",
                "pillar:child_online_protection", "Child online protection", ("acronym", "subject")),
    SectionSpec(r"(?:CYBER\s*SECURITY\s+)?GOOD\s+PRACTICES", "Cybersecurity Good Practices", "capacity_building",
                "good_practices", "Cybersecurity good practices", ("keyword", "subject"), r"Guidelines?|Practices?"),
    SectionSpec(r"(?:NATIONAL\s+)?(?:CYBER\s*-?\s*SECURITY\s+)?STRATEG(?:Y|IES)|NATIONAL\s+(?:CYBER\s*-?\s*SECURITY\s+)?"
                r"POLICY|CYBER\s*-?\s*SECURITY\s+POLICY", "Policy", "strategy", "policy",
                "National cybersecurity strategy", ("keyword",), _STRATEGY_WORDS),
    SectionSpec(r"(?:NATIONAL\s+)?(?:CYBER\s*-?\s*SECURITY\s+)?GOVERNANCE\s+ROAD\s*MAP|NATIONAL\s+ROAD\s*MAP",
                "Roadmap for Governance", "strategy", "roadmap", "National governance roadmap for cybersecurity",
                ("keyword",), r"Road\s*map|Plan"),
    SectionSpec(r"(?:LEAD|NATIONAL)\s+AGENC(?:Y|IES)|RESPONSIBLE\s+AGENCIES", "Responsible Agency", "agency",
                "responsible_agency", "Responsible agency", ("acronym", "subject")),
    SectionSpec(r"CYBER\s*-?\s*SECURITY", "Cybersecurity", None, "pillar:cybersecurity", "Cybersecurity"),
    SectionSpec(r"LEGAL\s+MEASURES", "Legal Measures", "law", "pillar:legal", "Cybersecurity legislation",
                ("keyword",), _LAW_WORDS),
    SectionSpec(r"TECHNICAL\s+MEASURES", "Technical Measures", "standard", "pillar:technical",
                "Technical measures"),
    SectionSpec(r"ORGANI[SZ]ATION(?:AL)?\s+MEASURES", "Organization Measures", "strategy", "pillar:organizational",
                "National cybersecurity strategy", ("keyword",), _STRATEGY_WORDS),
    SectionSpec(r"CAPACITY\s+BUILDING", "Capacity Building", "capacity_building", "pillar:capacity_building",
                "Capacity building", ("keyword", "subject"), r"Programmes?|Programs?|Initiative|Campaign"),
    SectionSpec(r"CRIMINAL\s+LEGISLATION", "Criminal Legislation", "law", "criminal_legislation",
                "Cybercrime legislation", ("keyword",), _LAW_WORDS),
    SectionSpec(r"REGULATION\s+AND\s+COMPLIANCE", "Regulation and Compliance", "law", "regulation_and_compliance",
                "Cybersecurity regulation", ("keyword",), _LAW_WORDS),
    SectionSpec(r"C(?:S)?IRTS?|CERTS?|CSIRTS?", "CIRT", "cert", "cirt", "National CIRT", ("cert", "acronym")),
    SectionSpec(r"STANDARDI[SZ]ATION\s+DEVELOPMENT", "Standardisation Development", "capacity_building",
                "standardisation_development", "Cybersecurity standardisation research and development",
                ("keyword", "subject"), r"Programmes?|Programs?|Projects?|Initiative"),
    SectionSpec(r"STANDARDS", "Standards", "standard", "standards", "National cybersecurity standards framework",
                ("keyword",), r"Standards?|Frameworks?|Criteria|Decree|Norms?|Guidelines?|Model|ISO"),
    SectionSpec(r"PROFESSIONAL\s+CERTIFICATION", "Professional Certification", "certification",
                "professional_certification", "Certification of public sector professionals",
                ("keyword",), r"Certifications?|Scheme|Institute|ISO"),
    SectionSpec(r"AGENCY\s+CERTIFICATION", "Agency Certification", "certification", "agency_certification",
                "Certification of public agencies", ("keyword", "subject"), r"Certifications?|Scheme|ISO"),
    SectionSpec(r"CERTIFICATION", "Certification", "certification", "certification",
                "Cybersecurity certification framework", ("keyword",),
                r"Certifications?|Certificates?|Scheme|Standards?|Institute|Framework|Accreditation|ISO"),
    SectionSpec(r"ROAD\s*MAP\s+FOR\s+GOVERNANCE", "Roadmap for Governance", "strategy", "roadmap",
                "National governance roadmap for cybersecurity", ("keyword",), r"Road\s*map|Plan"),
    SectionSpec(r"POLICY", "Policy", "strategy", "policy", "National cybersecurity strategy", ("keyword",),
                _STRATEGY_WORDS),
    SectionSpec(r"RESPONSIBLE\s+AGENCY", "Responsible Agency", "agency", "responsible_agency",
                "Responsible agency", ("acronym", "subject")),
    SectionSpec(r"NATIONAL\s+BENCHMARKING", "National Benchmarking", "benchmarking", "benchmarking",
                "National cybersecurity benchmarking", ("keyword",), r"Index|Benchmark\w*"),
    SectionSpec(r"MANPOWER\s+DEVELOPMENT", "Manpower Development", "capacity_building", "manpower_development",
                "Cybersecurity manpower development", ("keyword", "subject"),
                r"Programmes?|Programs?|Initiative|Campaign|Academy|Course"),
    SectionSpec(r"R\s*&\s*D\s+PROGRAM(?:ME)?S?|RESEARCH\s+AND\s+DEVELOPMENT(?:\s+PROGRAM(?:ME)?S?)?",
                "R&D Programs", "capacity_building", "research_and_development",
                "Cybersecurity research and development programmes", ("keyword", "subject"),
                r"Programmes?|Programs?|Projects?|Centre|Center|Institute|Laborator(?:y|ies)"),
    SectionSpec(r"PUBLIC\s+AWARENESS(?:\s+CAMPAIGNS?)?", "Public Awareness", "capacity_building", "public_awareness",
                "Public cybersecurity awareness campaigns", ("keyword", "subject"),
                r"Campaigns?|Programmes?|Programs?|Initiative|Week|Month|Day"),
    SectionSpec(r"PROFESSIONAL\s+TRAINING(?:\s+COURSES)?", "Professional Training Courses", "capacity_building",
                "professional_training", "Cybersecurity professional training", ("keyword", "subject"),
                r"Courses?|Programmes?|Programs?|Academy|Training"),
    SectionSpec(r"NATIONAL\s+EDUCATION(?:\s+PROGRAM(?:ME)?S?)?", "National Education Programs", "capacity_building",
                "education", "National cybersecurity education programmes", ("keyword", "subject"),
                r"Programmes?|Programs?|Degrees?|Masters?|Curricul\w+|University"),
    SectionSpec(r"INCENTIVE\s+MECHANISMS?", "Incentive Mechanisms", "capacity_building", "incentives",
                "Cybersecurity incentive mechanisms", ("keyword", "subject"), r"Programmes?|Programs?|Fund|Grants?"),
    SectionSpec(r"HOME[\s-]*GROWN\s+(?:CYBER\s*SECURITY\s+)?INDUSTRY", "Home-Grown Industry", "capacity_building",
                "home_grown_industry", "Home-grown cybersecurity industry", ("keyword", "subject"),
                r"Industry|Programmes?|Programs?|Cluster"),
    SectionSpec(r"INTRA[\s-]*STATE\s+COOPERATION", "Intra-State Cooperation", "cooperation", "intra_state",
                "Cross-border cybersecurity cooperation", ("keyword", "spelled"), _COOPERATION_WORDS,
                item_kind="partnership"),
    SectionSpec(r"(?:INTRA|INTER)[\s-]*AGENCY\s+(?:COOPERATION|PARTNERSHIPS?)", "Intra-Agency Cooperation",
                "cooperation", "intra_agency", "Intra-agency cybersecurity cooperation", ("keyword", "spelled"),
                _COOPERATION_WORDS),
    SectionSpec(r"PUBLIC[\s-]+(?:SECTOR|PRIVATE)\s+PARTNERSHIPS?", "Public Sector Partnership", "partnership",
                "public_private", "Public-private partnership", ("keyword", "spelled"), _COOPERATION_WORDS),
    SectionSpec(r"INTERNATIONAL\s+(?:COOPERATION|(?:FORA\s+)?PARTICIPATION)", "International Cooperation",
                "cooperation", "international", "International cybersecurity cooperation", ("keyword", "spelled"),
                _COOPERATION_WORDS),
    SectionSpec(r"BILATERAL\s+AGREEMENTS?", "Bilateral Agreements", "cooperation", "bilateral",
                "Bilateral cybersecurity agreements", ("keyword", "spelled"), _COOPERATION_WORDS),
    SectionSpec(r"MULTILATERAL\s+AGREEMENTS?", "Multilateral Agreements", "cooperation", "multilateral",
                "Multilateral cybersecurity agreements", ("keyword", "spelled"), _COOPERATION_WORDS),
    SectionSpec(r"COOPERATION", "Cooperation", "cooperation", "pillar:cooperation", "Cybersecurity cooperation",
                ("keyword", "spelled"), _COOPERATION_WORDS),
    SectionSpec(r"NATIONAL\s+LEGISLATION", "National Legislation", "law", "child_online_protection",
                "Child online protection legislation", ("keyword",), _LAW_WORDS),
    SectionSpec(r"UN\s+CONVENTIONS?\s+AND\s+PROTOCOLS?", "UN Convention and Protocol", "child_online_protection",
                "un_convention", "UN Convention on the Rights of the Child", ("keyword",),
                r"Conventions?|Protocols?|Charter|Treaty"),
    SectionSpec(r"INSTITUTIONAL\s+SUPPORT", "Institutional Support", "child_online_protection",
                "institutional_support", "Institutional support for child online protection", ("acronym", "subject")),
    SectionSpec(r"REPORTING\s+MECHANISMS?", "Reporting Mechanism", "child_online_protection", "reporting_mechanism",
                "Reporting mechanism for child online protection", ("keyword",), r"Hotline|Helpline|Portal"),
)

# A section number: "1." or "2." for the two parts, "1.2" and "1.2.3" below them.
_NUMBER = r"(?<![\w.,/\-])(?P<number>[12]\.(?:\d(?:\.\d)?\.?)?)"
_KNOWN = re.compile(
    _NUMBER + r"[ \t]*\s[ \t]*(?P<title>" + "|".join(f"(?:{s.pattern})" for s in SECTIONS) + r")(?![\w\-&])",
    re.IGNORECASE,
)
# An unknown heading keeps the numbered form on a line of its own, in capitals.
_UNKNOWN = re.compile(
    r"^[ \t]*(?P<number>[12]\.\d(?:\.\d)?)\.?[ \t]+(?P<title>[A-Z][A-Z&/\-]*(?:[ \t]+[A-Z&/\-]+){0,7})[ \t]*$",
    re.MULTILINE,
)
_PILLAR_DEFAULTS: dict[str, str] = {"1.1": "LEGAL MEASURES", "1.2": "TECHNICAL MEASURES",
                                    "1.3": "ORGANIZATION MEASURES", "1.4": "CAPACITY BUILDING", "1.5": "COOPERATION",
                                    "2": "CHILD ONLINE PROTECTION"}
_KIND_WORDS: tuple[tuple[str, str], ...] = (
    (r"CERT|CIRT|CSIRT", "CIRT"), (r"CERTIFI", "CERTIFICATION"), (r"STANDARD", "STANDARDS"),
    (r"STRATEG|POLICY|ROADMAP", "POLICY"), (r"AGENCY", "RESPONSIBLE AGENCY"), (r"BENCHMARK", "NATIONAL BENCHMARKING"),
    (r"PARTNERSHIP", "PUBLIC SECTOR PARTNERSHIP"), (r"LEGISLATION|LAW", "CRIMINAL LEGISLATION"),
)


_SMALL = frozenset({"and", "for", "of", "the", "on", "in", "to"})


def spec_for(title: str) -> SectionSpec | None:
    """The section a heading's title (without its number) names, or None when it is not an ITU heading."""
    for spec in SECTIONS:
        if re.fullmatch(spec.pattern, title.strip(), re.IGNORECASE):
            return spec
    return None


@dataclass(frozen=True)
class Heading:
    """A numbered heading found in the text, with its character offsets."""

    number: str
    spec: SectionSpec
    start: int
    end: int
    label: str
    upper: bool = True
    known: bool = True

    @property
    def depth(self) -> int:
        """1 for "1." and "2.", 2 for "1.1", 3 for "1.1.1"."""
        return self.number.count(".") + 1


def _label(number: str, spec: SectionSpec) -> str:
    return f"{number}. {spec.label}" if "." not in number else f"{number} {spec.label}"


def _spec_for_unknown(number: str, title: str) -> SectionSpec:
    for words, known in _KIND_WORDS:
        if re.search(words, title):
            base = spec_for(known)
            break
    else:
        pillar = "2" if number.startswith("2") else number[:3]
        base = spec_for(_PILLAR_DEFAULTS.get(pillar, "CYBERSECURITY"))
    assert base is not None
    small = {"AND", "FOR", "OF", "THE", "ON", "IN", "TO"}
    label = " ".join(word.lower() if word in small and position else word if len(word) <= 3 else word.capitalize()
                     for position, word in enumerate(title.split()))
    area = re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")
    return SectionSpec(base.pattern, label, base.kind, area, label, base.naming, base.keywords, base.item_kind)


def find_headings(text: str) -> list[Heading]:
    """Every ITU section heading in the text, inside lines too (a profile may be flattened to one line).

    Known headings ("1.2.1 CIRT") are found anywhere; an unknown numbered title in capitals only
    on a line of its own. Headings come back in document order.
    """
    found: dict[int, Heading] = {}
    for match in _KNOWN.finditer(text):
        title = match.group("title")
        at_line_start = not text[text.rfind("\n", 0, match.start()) + 1 : match.start()].strip()
        titled = all(word[:1].isupper() for word in title.split() if word.casefold() not in _SMALL)
        if title != title.upper() and not at_line_start and not (titled and "." in match.group("number").rstrip(".")):
            continue  # inside a line, a heading is in capitals or numbered below a part ("1.3.1 Policy")
        spec = spec_for(title)
        if spec is None:
            continue
        number = match.group("number").rstrip(".")
        found[match.start()] = Heading(number, spec, match.start(), match.end(), _label(number, spec),
                                       title == title.upper())
    for match in _UNKNOWN.finditer(text):
        start = match.start("number")
        if any(h.start <= start < h.end for h in found.values()) or not text[match.end():].strip():
            continue  # a known heading, or the last words of a truncated text ("1.3.2 ROAD")
        number = match.group("number")
        spec = _spec_for_unknown(number, match.group("title"))
        found[start] = Heading(number, spec, start, match.end("title"), _label(number, spec), known=False)
    return [found[key] for key in sorted(found)]

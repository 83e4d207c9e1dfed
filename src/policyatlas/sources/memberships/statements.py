"""Member statements: joint statements and fact sheets that name an initiative's members in prose.

"The 68 members of the International Counter Ransomware Initiative (CRI)—Albania, Argentina, … and
Vietnam—met …", "we the Ministers and Representatives of Australia, Brazil, … recognize …", "welcomed
Belgium as a new CRI member", "welcomed 18 new members—…—who participated … along with …": each state
named becomes a ``membership`` record of that state, as of the statement's date; states named as new
members are dated the statement's year (they joined then). Members that are not states (the European
Union, INTERPOL…) are listed in the records' ``attributes``; a name that is neither is a warning.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import yaml

from policyatlas.errors import ParseError
from policyatlas.model.country import get_country, resolve_country
from policyatlas.model.dates import FuzzyDate, parse_date
from policyatlas.model.record import Actor, ParsedSource, Record
from policyatlas.sources.base import NO_OPTIONS, ParseOptions, check_yaml_depth, decode_text
from policyatlas.sources.memberships.paris_call import front_matter
from policyatlas.text.lines import line_locator

_DASH = "—–"
#: Phrases that open a list of members; ``kind`` says what the list is.
_ANCHORS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("members", re.compile(
        r"\b(?:the\s+)?(?:(?P<count>\d+|[a-z]+)\s+)?members\s+of\s+the\s+(?P<org>[A-Z][^\n" + _DASH + r"()]{3,120}?)"
        r"\s*(?:\((?P<acr>[A-Z][A-Za-z]{1,10})\))?\s*[" + _DASH + r"]\s*")),
    ("participants", re.compile(r"\b(?:Ministers\s+and\s+)?Representatives\s+of\s+(?=[A-Z]|the\s)")),
    ("new", re.compile(r"\bwelcomed?\s+(?P<count>\d+|[a-z]+)\s+new\s+members\s*[" + _DASH + r"]\s*")),
    ("new", re.compile(r"\bwelcomed?\s+(?=(?:the\s+)?[A-Z])(?=[^.]{0,1500}?\s+as\s+(?:a\s+)?new\s+(?:[A-Z]{2,}\s+)?"
                       r"members?\b)")),
    ("members", re.compile(r"\balong\s+with\s*(?=(?:the\s+)?[A-Z])")),
)
_AS_NEW = re.compile(r"\s+as\s+(?:a\s+)?new\s+(?:[A-Z]{2,}\s+)?members?\b")
_SENTENCE_END = re.compile(r"\.(?=\s+[A-Z]|\s*$)|\n[ \t]*\n")
_ABBREVIATIONS = frozenset({"st", "ste", "mt", "u.s", "u.k", "d.c", "no", "rep", "dem"})
_INITIATIVE = re.compile(
    r"\b((?:[A-Z][\w-]*\s+){1,7}(?:Initiative|Call|Partnership|Coalition|Alliance|Pledge|Network|Compact|Pact))\b"
    r"(?:\s*\((?P<acr>[A-Z]{2,10})\))?")
_ORG_WORDS = frozenset("union council commission forum organization organisation interpol europol agency community "
                       "bank secretariat office expertise nations league bureau institute centre center".split())
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
            "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
            "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
_MIN_STATES = 5
_GLUE = str.maketrans({"\u00a0": " ", "\u2060": " ", "\u200b": " "})  # one character for one: offsets hold
_JOINERS = str.maketrans({"\u2060": None, "\u200b": None, "\u00a0": " "})


@dataclass
class Named:
    """A name read from a member list: its country (None for a non-state member), where it stands, how listed."""

    name: str
    code: str | None
    offset: int
    new: bool = False


@dataclass
class MemberList:
    """A list of members as a statement gives it."""

    kind: str
    offset: int
    count: int | None
    initiative: tuple[str, str | None] | None = None
    names: list[Named] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def find_member_lists(text: str) -> list[MemberList]:
    """Every list of members in a text (``text`` with no-break spaces made plain, one character for one)."""
    found: list[MemberList] = []
    taken: set[int] = set()
    for kind, pattern in _ANCHORS:
        for match in pattern.finditer(text):
            start = match.end()
            if start in taken:
                continue
            taken.add(start)
            end = _list_end(text, start, kind)
            groups = match.groupdict()
            org = " ".join(groups["org"].split()) if groups.get("org") else None
            member_list = MemberList(kind, match.start(), _number(groups.get("count")),
                                     (org, groups.get("acr")) if org else None)
            _read_items(text, start, end, member_list, tail=kind in ("participants", "new", "members"))
            states = sum(1 for n in member_list.names if n.code)
            if states >= 2 or (kind == "new" and states == 1):  # else it was not a list of members
                found.append(member_list)
    return sorted(found, key=lambda m: m.offset)


def _number(word: str | None) -> int | None:
    if word is None:
        return None
    return int(word) if word.isdigit() else _NUMBERS.get(word.casefold())


def _list_end(text: str, start: int, kind: str) -> int:
    """Where a list stops: at the next dash, at " as new members", or at the end of the sentence."""
    limit = min(len(text), start + 3000)
    candidates = [limit]
    dash = re.compile(f"[{_DASH}]").search(text, start, limit)
    if dash:
        candidates.append(dash.start())
    if kind == "new":
        as_new = _AS_NEW.search(text, start, limit)
        if as_new:
            candidates.append(as_new.start())
    for end in _SENTENCE_END.finditer(text, start, limit):
        word = re.search(r"([\w.]+)$", text[start:end.start()])
        if text[end.start()] == "." and word and word.group(1).casefold().rstrip(".") in _ABBREVIATIONS:
            continue
        candidates.append(end.start())
        break
    return min(candidates)


def _read_items(text: str, start: int, end: int, member_list: MemberList, *, tail: bool) -> None:
    """Split ``text[start:end]`` at commas and "and", and read each item as a state or a body; the list's last
    item may run on into the sentence ("… and the United States recognize that …") when ``tail``."""
    pieces = [(m.group(0), start + m.start()) for m in re.finditer(r"[^,;]+", text[start:end])]
    for index, (raw, offset) in enumerate(pieces):
        last = tail and index == len(pieces) - 1
        for name, at, item in _split_and(raw, offset, last):
            if item is None:
                if name.strip():
                    member_list.unknown.append(" ".join(name.split()))
                continue
            member_list.names.append(Named(item[0], item[1], at))


def _split_and(raw: str, offset: int, last: bool) -> list[tuple[str, int, tuple[str, str | None] | None]]:
    """"and the Netherlands" → "the Netherlands"; "Lithuania and India" → both, unless the whole is one name
    ("Trinidad and Tobago"); each with where it stands and what it reads as (None: unknown)."""
    lead = re.match(r"\s*(?:and\s+)?(?:the\s+)?", raw)
    skip = lead.end() if lead else 0
    body = raw[skip:]
    whole = _read_name(body)
    if whole is not None or not body.strip():
        return [(body, offset + skip, whole)]
    parts = [(m.group(0), offset + skip + m.start()) for m in re.finditer(r"\S.*?(?=\s+and\s+|\s*$)", body)]
    read = [_read_name(part) for part, _ in parts]
    if last and read and read[-1] is None:
        read[-1] = _longest_prefix(parts[-1][0])  # the sentence goes on after the list's last name
    if len(parts) > 1 and all(r is not None for r in read):
        return [(part, at, item) for (part, at), item in zip(parts, read, strict=True)]
    if last:
        return [(body, offset + skip, _longest_prefix(body))]
    return [(body, offset + skip, None)]


def _clean(name: str) -> str:
    name = " ".join(name.split()).strip(" .:*_")
    return re.sub(r"^(?:the|and)\s+", "", name, flags=re.I)


def _read_name(raw: str) -> tuple[str, str | None] | None:
    """(name, alpha-2) for a state, (name, None) for a body that is a member, None for anything else."""
    name = _clean(raw)
    if not name or len(name) > 80:
        return None
    code = resolve_country(name)
    if code is not None and get_country(code) is not None:
        return name, code
    words = re.findall(r"[\w'-]+", name)
    if words and (any(w.casefold() in _ORG_WORDS for w in words) or (len(words) == 1 and words[0].isupper()
                                                                   and len(words[0]) >= 3)):
        if words[0][:1].isupper():
            return name, None
    return None


def _longest_prefix(raw: str) -> tuple[str, str | None] | None:
    words = _clean(raw).split()
    for size in range(min(6, len(words)), 0, -1):
        found = _read_name(" ".join(words[:size]))
        if found is not None and found[1] is not None:
            return found
    return None


def initiative_name(text: str, title: str | None) -> tuple[str, str | None] | None:
    """The initiative a statement is about: its longest name given with an acronym, else its most named one."""
    names: Counter[str] = Counter()
    acronyms: dict[str, str] = {}
    for source in (title or "", text):
        for match in _INITIATIVE.finditer(source):
            name = re.sub(r"^(?:The|A|An|This|Joint|Statement|Fact|Sheet)\s+", "", " ".join(match.group(1).split()))
            names[name] += 1
            if match.group("acr"):
                acronyms[name] = match.group("acr")
    if not names:
        return None
    with_acronym = sorted(acronyms, key=lambda n: (-len(n), n))
    if with_acronym:
        return with_acronym[0], acronyms[with_acronym[0]]
    return names.most_common(1)[0][0], None


def organisation_key(name: str) -> str:
    """A stable key for an initiative, the same for "International X Initiative" and "X Initiative"."""
    bare = re.sub(r"^(?:international|global)\s+", "", name.strip(), flags=re.I)
    return re.sub(r"[^a-z0-9]+", "-", bare.casefold()).strip("-")


class MemberStatementParser:
    """A statement naming the members of an international initiative in a prose list."""

    kind = "member-statement"
    description = "statement naming an initiative's members in prose (joint statements, fact sheets)"

    def detect(self, data: bytes, name: str) -> bool:
        head = data[:24576].decode("utf-8", "ignore").translate(_GLUE)
        if "member" not in head.casefold() and "representatives of" not in head.casefold():
            return False
        lists = find_member_lists(head)
        states = {n.code for m in lists for n in m.names if n.code}
        if len(states) < _MIN_STATES:
            return False
        meta, _ = _metadata(head)
        title = _plain(str(meta.get("title") or ""))
        return any(m.initiative for m in lists) or initiative_name(head, title) is not None

    def parse(self, data: bytes, origin: str, options: ParseOptions = NO_OPTIONS) -> ParsedSource:
        raw_text = decode_text(data, origin)
        text = raw_text.translate(_GLUE)
        meta, body_start = _metadata(text)
        title = _plain(str(meta.get("title") or "")) or None
        lists = find_member_lists(text[body_start:])
        given = [m.initiative for m in lists if m.initiative]
        found = given[0] if given else initiative_name(text[body_start:], title)
        warnings: list[str] = []
        if found is None:
            raise ParseError("no initiative named (an 'X Initiative', 'X Call', 'X Partnership' …)", path=origin)
        initiative, acronym = found
        stated = _statement_date(meta, options, warnings)
        locate = line_locator(raw_text)
        members: dict[str, Named] = {}
        bodies: list[str] = []
        for member_list in lists:
            for named in member_list.names:
                named.offset += body_start
                named.new = member_list.kind == "new"
                if named.code is None:
                    if named.name not in bodies:
                        bodies.append(named.name)
                    continue
                held = members.get(named.code)
                if held is None:
                    members[named.code] = named
                else:
                    held.new = held.new or named.new
            for unknown in member_list.unknown:
                warnings.append(f"name in a member list not recognised as a state or a body: {unknown!r}")
            if member_list.count is not None and member_list.kind != "participants":
                read = len(member_list.names)
                if read != member_list.count:
                    warnings.append(f"a list of {member_list.count} {'new ' if member_list.kind == 'new' else ''}"
                                    f"members names {read}")
        if not members:
            warnings.append("no state named in a member list")
        key = organisation_key(initiative)
        as_of = stated.value if stated else None
        records = []
        for code, named in sorted(members.items(), key=lambda item: item[1].offset):
            line = locate(named.offset)
            joined = FuzzyDate(stated.value[:4], "year") if named.new and stated and stated.value else None
            attributes: dict[str, Any] = {"organisation": key, "role": "member", "member_as_of": as_of,
                                          "new_member": named.new, "name_as_published": named.name}
            if bodies:
                attributes["non_state_members"] = list(bodies)
            records.append(Record(
                kind="membership", country=code, section="Membership", title=initiative, title_language="en",
                acronym=acronym, line_start=line, line_end=line, dates=(joined,) if joined else (),
                date_note=(f"welcomed as a new member in the statement of {as_of}" if joined else
                           f"named as a member in the statement of {as_of}" if as_of else
                           "named as a member in an undated statement"),
                actors=(Actor(named.name, "member"),), attributes=attributes,
            ))
        url = str(meta.get("source_url") or meta.get("url") or "").strip() or None
        publisher = str(meta.get("publisher") or meta.get("author") or "").strip() or (
            urlsplit(url).hostname if url else None)
        return ParsedSource(
            format=self.kind, media_type="text/markdown", text=raw_text, records=tuple(records),
            lineage=f"{self.kind}/{key}/{as_of or _slug(title or origin)}", language="en",
            title=title or f"{initiative}: statement", as_of=stated, publisher=publisher, url=url,
            warnings=tuple(warnings),
        )


def _metadata(text: str) -> tuple[dict[str, Any], int]:
    """The front matter's fields (empty when there is none or it is not YAML) and where the body starts."""
    block = front_matter(text)
    if block is None:
        return {}, 0
    try:
        check_yaml_depth(block[0], "front matter")
        fields = yaml.load(block[0], Loader=yaml.CSafeLoader)  # noqa: S506 - CSafeLoader is the safe loader
    except (yaml.YAMLError, ParseError):  # front matter that cannot be read is no metadata
        fields = None
    end = len("".join(text.splitlines(keepends=True)[: block[1]]))
    return (fields if isinstance(fields, dict) else {}), end


def _plain(text: str) -> str:
    return " ".join(text.translate(_JOINERS).split())


def _statement_date(meta: dict[str, Any], options: ParseOptions, warnings: list[str]) -> FuzzyDate | None:
    for key in ("date", "published_time", "published", "date_published"):
        value = meta.get(key)
        if isinstance(value, dt.datetime):
            return FuzzyDate(value.date().isoformat(), "day")
        if isinstance(value, dt.date):
            return FuzzyDate(value.isoformat(), "day")
        if isinstance(value, str) and value.strip():
            parsed = parse_date(value.strip()[:10]) or parse_date(value)
            if parsed is not None and parsed.value:
                return parsed
    if options.published is not None:
        return options.published
    warnings.append("the statement gives no date (use --published): memberships are undated")
    return None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:60] or "statement"

"""What a sentence of an ITU profile says: the status it gives a thing, the names and dates it holds."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from policyatlas.model.dates import FuzzyDate, parse_date
from policyatlas.sources.itu.sections import SectionSpec

_ABBREVIATIONS = frozenset({"no", "nr", "nos", "art", "arts", "st", "inc", "ltd", "co", "mr", "mrs", "ms", "dr",
                            "e.g", "i.e", "u.s", "u.k", "vs", "approx", "ref"})
_SENTENCE_END = re.compile(r"[.!?](?=[\"”’)]?\s+[\"“(]?[A-Z§])")

NO_INFORMATION = "no_information"
_NO_INFORMATION = re.compile(r"\bno (?:available |public )?information\b|\binformation (?:is|was) not available\b", re.I)
_ABSENT = re.compile(
    r"\bthere (?:is|are|was|were) (?:currently |still |yet |as yet )?no\b|\b(?:does|do|did) not (?:yet )?(?:have|exist)"
    r"|\b(?:has|have) (?:not|no)\b|\bno (?:officially )?(?:recogni[sz]ed|approved|national|specific|official)\b"
    r"|\bnot (?:yet )?(?:in place|established|available|adopted)\b|\black(?:s)? (?:a|an|any)\b|\bnone\b",
    re.I,
)
_IN_PROGRESS = re.compile(
    r"\bin the process of\b|\b(?:is|are) (?:currently |now )?(?:drafting|developing|preparing|establishing|elaborating"
    r"|finali[sz]ing|working on|being (?:drafted|developed|prepared|established|planned|finali[sz]ed))\b"
    r"|\bwill (?:be )?(?:establish|adopt|launch|develop|create|set up|publish)\w*|\bunder (?:development|preparation"
    r"|review|consideration|discussion)\b|\b(?:was|were) (?:created|established|set up|commissioned) to "
    r"(?:develop|draft|prepare|elaborate)\b|\b(?:plans?|planning|intends?) to\b|\bdraft\b|\bpending\b",
    re.I,
)
_IN_FORCE = re.compile(r"\benacted\b|\bin force\b|\bmandated\b|\bacceded\b|\bratified\b|\bpromulgated\b", re.I)
_IN_FORCE_KINDS = frozenset({"law", "child_online_protection"})

_TOKEN = re.compile(r"\([^()]*\)|[^\s()]+")
_CONNECTORS = frozenset({"of", "the", "and", "for", "on", "to", "in", "de", "del", "la", "las", "los", "y", "et",
                         "du", "des", "&"})
_NOT_SUBJECTS = frozenset({"there", "it", "this", "these", "that", "those", "in", "to", "while", "specific",
                           "additional", "an", "a", "its", "their", "however", "lastly", "also", "although", "as",
                           "for", "with", "since", "according", "currently", "under", "through", "moreover",
                           "furthermore", "all", "each", "some", "many", "most", "both", "such"})
_ACRONYM = re.compile(r"[A-Za-z][A-Za-z0-9&/.\-]{1,14}")
_CERT_NAME = re.compile(r"[A-Za-z\-/]*(?:CERT|CIRT|CSIRT)[A-Za-z0-9\-/]*")
_GENERIC_CERT = frozenset({"CERT", "CIRT", "CSIRT", "CERTs", "CIRTs", "CSIRTs"})
_ISO = re.compile(r"\bISO(?:/IEC)?\s*(?:standard\s+)?\d{4,6}(?:[-:]\d+)*")
_MEMBER = re.compile(r"^(?P<member>.+?)\s+(?:is|are)\s+(?:a|an|the)\s+(?:[\w\-]+\s+)?members?\s+of\s+(?:the\s+)?"
                     r"(?P<org>[^,;]+?)\s*(?:[,;.]|$)")
_EVENT_DATE = re.compile(r"\b(?:published|adopted|approved|launched|enacted|issued|established|created|signed|updated"
                         r"|released|entered into force)\s+(?:in|on)\s+((?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:[A-Z][a-z]+"
                         r"\s+)?\d{4})\b")
_TARGET = re.compile(r"\bby (?:the )?end of (\d{4})\b|\bby (\d{4})\b")
_VERBS = frozenset({"is", "are", "was", "were", "has", "have", "had", "runs", "run", "manages", "manage",
                    "provides", "provide", "promotes", "offers", "operates", "coordinates", "leads", "will", "can"})
_POSSESSIVE = re.compile(r"^(?P<owner>.+?)[’']s\s+(?P<rest>.+)$")


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The (start, end) offsets of the sentences of ``text[start:end]``, white space trimmed.

    A full stop ends a sentence when a capital follows, unless it ends an abbreviation ("No.",
    "Art.") or a single letter.
    """
    spans: list[tuple[int, int]] = []
    begin = start
    for match in _SENTENCE_END.finditer(text, start, end):
        word = re.search(r"[\w.]*$", text[begin : match.start()])
        before = word.group(0).casefold() if word else ""
        if before in _ABBREVIATIONS or (len(before) == 1 and before.isalpha()):
            continue
        spans.append((begin, match.end()))
        begin = match.end()
    spans.append((begin, end))
    trimmed = []
    for left, right in spans:
        piece = text[left:right]
        if piece.strip():
            trimmed.append((left + len(piece) - len(piece.lstrip()), right - (len(piece) - len(piece.rstrip()))))
    return trimmed


def classify(sentence: str, kind: str) -> str | None:
    """The status a sentence gives the thing it speaks of: absent, in_progress, in_force or exists.

    "There is no information on…" gives ``NO_INFORMATION`` (the source does not know); laws and
    conventions said to be enacted, mandated, acceded to or ratified are ``in_force``.
    """
    if _NO_INFORMATION.search(sentence):
        return NO_INFORMATION
    if _ABSENT.search(sentence):
        return "absent"
    if _IN_PROGRESS.search(sentence):
        return "in_progress"
    if _IN_FORCE.search(sentence) and kind in _IN_FORCE_KINDS:
        return "in_force"
    return "exists"


@dataclass(frozen=True)
class Phrase:
    """A run of capitalised words in a sentence (a name), with what stands in parentheses after it."""

    text: str
    position: int
    after: str = ""
    acronym: str | None = None
    date: FuzzyDate | None = None
    note: str | None = None


def _capital(word: str) -> bool:
    return any(ch.isupper() for ch in word) or word[:1].isdigit() or word[:1] == "§"


def _comma_goes_on(tokens: list[str], index: int) -> bool:
    """After "Children," a name goes on when a capitalised list ending in "and X" follows."""
    for offset, token in enumerate(tokens[index + 1 : index + 7]):
        word = token.rstrip(",.;:")
        if token.startswith("(") or not word:
            return False
        if word == "and" and offset > 0:
            following = tokens[index + offset + 2] if index + offset + 2 < len(tokens) else ""
            return _capital(following)
        if not _capital(word) and word.casefold() not in _CONNECTORS:
            return False
    return False


def _paren(token: str) -> tuple[str | None, FuzzyDate | None, str | None]:
    inner = token[1:-1].strip()
    date = parse_date(inner)
    if date is not None:
        return None, date, None
    if _ACRONYM.fullmatch(inner) and sum(ch.isupper() for ch in inner) >= 2:
        return inner, None, None
    return None, None, inner or None


def phrases(sentence: str) -> list[Phrase]:
    """The capitalised names of a sentence, in order (a leading "The" left out)."""
    tokens = _TOKEN.findall(sentence)
    found: list[Phrase] = []
    run: list[str] = []
    run_start = 0

    def flush(paren: str | None = None, after: str = "") -> None:
        nonlocal run
        while run and run[-1].rstrip(",").casefold() in _CONNECTORS:
            run.pop()
        if run and run[0] in {"The", "the"}:
            run = run[1:]
        text = " ".join(run).rstrip(",")
        if text and any(any(ch.isupper() for ch in word) for word in run):
            acronym, date, note = _paren(paren) if paren else (None, None, None)
            found.append(Phrase(text, run_start, after, acronym, date, note))
        run = []

    for index, token in enumerate(tokens):
        if token.startswith("("):
            flush(token if run else None, tokens[index + 1] if index + 1 < len(tokens) else "")
            continue
        core = token.strip("\"“”‘")
        word = core if core.rstrip(".").casefold() in _ABBREVIATIONS else core.rstrip(",;:.")
        if word and (_capital(word) or (run and word.casefold() in _CONNECTORS)):
            if not run:
                run_start = index
            ends = core[len(word):]
            if ends.startswith(",") and _comma_goes_on(tokens, index):
                run.append(word + ",")
            else:
                run.append(word)
                if ends:
                    flush(after=ends)
        else:
            flush(after=token)
    flush()
    return found


def _strip_owner(text: str, is_country: Callable[[str], bool]) -> str:
    match = _POSSESSIVE.match(text)
    return match.group("rest") if match and is_country(match.group("owner")) else text


@dataclass(frozen=True)
class Name:
    """A name a section's prose gives its record, with its acronym and date when the text gives them."""

    title: str
    acronym: str | None = None
    date: FuzzyDate | None = None


def _spelled(tokens: list[str]) -> Name | None:
    """A lower-case name spelled out before its acronym: "cyber information security partnership (CISP)"."""
    for index, token in enumerate(tokens):
        if not token.startswith("("):
            continue
        acronym = token[1:-1].strip()
        if not _ACRONYM.fullmatch(acronym) or sum(ch.isupper() for ch in acronym) < 2:
            continue
        letters = acronym.rstrip("s").casefold()
        for begin in range(index - 1, max(-1, index - len(letters) - 4), -1):
            words = [t.strip(",;:") for t in tokens[begin:index]]
            initials = "".join(w[0] for w in words if w and w.casefold() not in _CONNECTORS).casefold()
            if initials == letters and words[0].casefold() not in _CONNECTORS:
                return Name(" ".join(words), acronym)
    return None


def subject(sentence: str, is_country: Callable[[str], bool]) -> Phrase | None:
    """The name a sentence starts with ("The Office of … (OCSIA)"), unless it is the country or a pronoun."""
    found = phrases(sentence)
    if not found or found[0].position != 0:
        return None
    first = found[0]
    text = _strip_owner(first.text, is_country)
    if not text or text.split()[0].casefold() in _NOT_SUBJECTS or is_country(text):
        return None
    plain_word = " " not in text and not any(ch.isupper() for ch in text[1:]) and first.acronym is None
    if plain_word and first.after.casefold() not in _VERBS:
        return None  # "Inappropriate and offensive content…": a capital that only starts the sentence
    return Phrase(text, first.position, first.after, first.acronym, first.date, first.note)


_BODY_WORDS = re.compile(r"\b(?:Office|Ministry|Agency|Authority|Centre|Center|Police|Government|Commission|Council"
                         r"|Committee|Institute|Department|Directorate|Unit|Team|Bank|Foundation|Association|Group"
                         r"|Secretariat|Board|Service|Forces?|Command|Cabinet|Parliament|University)\b")


def is_body(phrase: Phrase) -> bool:
    """Whether a name reads as an organisation (an acronym, or a name with Ministry, Office, Agency…)."""
    words = phrase.text.split()
    single_acronym = len(words) == 1 and sum(ch.isupper() for ch in words[0]) >= 2
    return phrase.acronym is not None or single_acronym or bool(_BODY_WORDS.search(phrase.text))


def find_name(sentence: str, spec: SectionSpec, is_country: Callable[[str], bool]) -> Name | None:
    """The name a section's first sentence gives its record, by the section's ways of naming (see itu_sections)."""
    tokens = _TOKEN.findall(sentence)
    keywords = re.compile(rf"\b(?:{spec.keywords})\b") if spec.keywords else None
    for way in spec.naming:
        if way == "cert":
            for token in tokens:
                core = token.strip("()\"“”.,;:")
                if _CERT_NAME.fullmatch(core) and core not in _GENERIC_CERT:
                    return Name(core)
        elif way == "acronym":
            for phrase in phrases(sentence):
                text = _strip_owner(phrase.text, is_country)
                if phrase.acronym and not is_country(text):
                    return Name(text, phrase.acronym, phrase.date)
        elif way == "keyword" and keywords is not None:
            candidates: list[tuple[int, Name]] = []
            iso = _ISO.search(sentence) if "ISO" in spec.keywords else None
            if iso:
                candidates.append((len(_TOKEN.findall(sentence[: iso.start()])), Name(iso.group(0))))
            for phrase in phrases(sentence):
                text = _strip_owner(phrase.text, is_country)
                if len(text.split()) >= 2 and keywords.search(text):
                    candidates.append((phrase.position, Name(text, phrase.acronym, phrase.date)))
                    break
            if candidates:
                return min(candidates, key=lambda c: c[0])[1]
        elif way == "spelled":
            spelled = _spelled(tokens)
            if spelled is not None:
                return spelled
        elif way == "subject":
            first = subject(sentence, is_country)
            if first is not None:
                return Name(first.text, first.acronym, first.date)
    return None


def membership(sentence: str) -> tuple[str, str] | None:
    """(member, organisation) of a sentence such as "GovCertUK is a member of FIRST."."""
    match = _MEMBER.match(sentence)
    if match is None:
        return None
    member = re.sub(r"^(?:The|the)\s+", "", match.group("member")).strip()
    return member, match.group("org").strip()


def event_date(sentence: str) -> FuzzyDate | None:
    """The date a sentence says something happened ("published in 2011")."""
    match = _EVENT_DATE.search(sentence)
    return parse_date(match.group(1)) if match else None


def target_date(sentence: str) -> FuzzyDate | None:
    """The date by which a sentence says something will be done ("by end of 2014")."""
    match = _TARGET.search(sentence)
    return parse_date(match.group(1) or match.group(2)) if match else None

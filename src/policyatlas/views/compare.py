"""Compare countries: a matrix of indicators, each cell with the evidence behind it.

"unknown" means the atlas holds no information; "absent" means a source says the thing does
not exist; the two are never confused. When a cell's evidence disagrees (one source says absent,
another that the thing exists), the cell says so (``mixed``) and shows the verdict of the strongest
evidence (a structured source before a document, a document before news), then the newest source's,
naming the record that decides it; every piece of evidence keeps its own verdict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from policyatlas.frameworks.strength import rank as strength_rank
from policyatlas.frameworks.strength import source_family, strength
from policyatlas.messages import N_
from policyatlas.schemas.analysis import CompareOut
from policyatlas.store import record_queries as q
from policyatlas.store.db import session_scope
from policyatlas.text.titles import fold
from policyatlas.views.axes import axes
from policyatlas.views.countries import normalise_country
from policyatlas.views.records import records_fields
from policyatlas.views.versions import is_responsible_agency, newest_per_entity, rank


@dataclass(frozen=True)
class Indicator:
    """A row of the matrix: which records evidence it (kinds and words, accent-insensitive)."""

    id: str
    label: str
    kinds: tuple[str, ...]
    words: tuple[str, ...] = ()
    show: str = "yes"  # "yes": yes/no with the year; "names": the evidence's names; "value": an index value


INDICATORS: tuple[Indicator, ...] = (
    Indicator("strategy", N_("National cybersecurity strategy"), ("strategy",),
              ("cyber", "ciber", "strateg", "estrategia", "information security", "seguridad de la informacion")),
    Indicator("cert", N_("National CERT / CSIRT"), ("cert",), (), "names"),
    Indicator("cybercrime_law", N_("Cybercrime law"), ("law",),
              ("cybercrime", "computer misuse", "computer crime", "penal", "criminal", "delitos informaticos",
               "ciberdelito", "cybercriminalite", "electronic crimes", "crimes")),
    Indicator("data_protection_law", N_("Data protection law"), ("law",),
              ("data protection", "datos personales", "proteccion de datos", "privacy", "privacidad",
               "donnees personnelles", "personal data", "habeas data")),
    Indicator("responsible_agency", N_("Responsible agency"), ("agency",), (), "names"),
    Indicator("un_gge", N_("UN GGE participation"), ("un_process",), ("group of governmental experts", "gge")),
    Indicator("un_oewg", N_("UN OEWG participation"), ("un_process",), ("open-ended working group", "oewg")),
    Indicator("memberships", N_("Memberships"), ("membership",), (), "names"),
    Indicator("gci", N_("Global Cybersecurity Index (latest)"), ("index_value",), ("gci",), "value"),
    Indicator("ncsi", N_("National Cyber Security Index (latest)"), ("index_value",), ("ncsi",), "value"),
)


def _text(record: dict[str, Any]) -> str:
    parts = [record["title"], record.get("title_en") or "", record.get("description") or "", *record.get("points", []),
             str(record.get("index") or ""), record.get("subsection") or ""]
    return " " + fold(" ".join(parts)) + " "


def _matches(indicator: Indicator, record: dict[str, Any]) -> bool:
    if record["kind"] not in indicator.kinds:
        return False
    if indicator.id == "strategy" and (record.get("extra") or {}).get("document_type") == "policy":
        return False
    if indicator.id == "responsible_agency":
        return is_responsible_agency(record)
    text = _text(record)
    return not indicator.words or any(re.search(rf"\b{re.escape(fold(w))}", text) for w in indicator.words)


def verdict(record: dict[str, Any]) -> str:
    """What one record says of an indicator: ``absent``, ``in progress`` or ``yes``."""
    return {"absent": "absent", "in_progress": "in progress"}.get(str(record.get("status")), "yes")


def evidence_strength(record: dict[str, Any]) -> str:
    """How strong a record is as a compare cell's evidence: by its source's family (structured, document, prose)."""
    return strength(source_family((record.get("provenance") or {}).get("format")), "structured")


_PRECEDENCE = {"yes": 2, "in progress": 1, "absent": 0}


def _fact_date(record: dict[str, Any]) -> str:
    date = record.get("date")
    return str(date.get("value") or "") if isinstance(date, dict) else ""


def _decider(records: list[dict[str, Any]], newest: dict[str, tuple[str, str]]) -> dict[str, Any]:
    """The record whose verdict a mixed cell shows: the strongest evidence, then the newest source's, then
    the most recently dated fact; among records a source states alike, a thing that exists before one in
    progress before an absence (records of other things than the absent one)."""
    return max(records, key=lambda r: (-strength_rank(evidence_strength(r)), newest.get(r["id"], ("", "")),
                                       _fact_date(r), _PRECEDENCE[verdict(r)]))


def _cell(indicator: Indicator, records: list[dict[str, Any]],
          newest: dict[str, tuple[str, str]] | None = None) -> dict[str, Any]:
    """One cell: its value reflects its evidence. With evidence that disagrees the cell is ``mixed``,
    shows the deciding record's verdict (``decided_by``) and says so in ``note``."""
    evidence = [{"record": r["id"], "title": r["title"], "status": r.get("status"), "date": r.get("date"),
                 "source": r["provenance"]["source"], "file": r["provenance"]["file"],
                 "lines": [r["provenance"]["line_start"], r["provenance"]["line_end"]],
                 "verdict": verdict(r), "strength": evidence_strength(r)} for r in records]
    if not records:
        return {"value": "unknown", "detail": None, "evidence": []}
    verdicts = list(dict.fromkeys(verdict(r) for r in records))
    mixed = len(verdicts) > 1
    decider = _decider(records, newest or {}) if mixed else None
    shown = verdict(decider) if decider else verdicts[0]
    extra: dict[str, Any] = {"mixed": mixed, "decided_by": decider["id"] if decider else None, "note": None}
    if decider:
        says = "; ".join(f"{sum(1 for r in records if verdict(r) == v)} {v}" for v in verdicts)
        extra["note"] = (f"sources disagree ({says}): shown, the {evidence_strength(decider)} evidence of "
                         f"{decider['provenance']['file']} ({decider['title']}), strongest then newest")
    if shown != "yes":
        return {"value": shown, "detail": None, "evidence": evidence} | extra
    positive = [r for r in records if verdict(r) == "yes"]
    if indicator.show == "value":
        latest = max(positive, key=lambda r: (r.get("edition") or 0))
        return {"value": latest.get("value"), "detail": f"{latest.get('edition')}, scale {latest.get('scale')}",
                "evidence": [e for e in evidence if e["record"] == latest["id"]]} | extra
    if indicator.show == "names":
        names = list(dict.fromkeys(r["title"] for r in positive))
        return {"value": "yes", "detail": "; ".join(names), "evidence": evidence} | extra
    years = sorted(d["value"][:4] for r in positive for d in [r.get("date")] if d and d.get("value"))
    return {"value": "yes", "detail": years[0] if years else None, "evidence": evidence} | extra


def compare_countries(engine: Engine, countries: list[str], *, in_force_at: str | None = None,
                      known_at: str | None = None, as_of: str | None = None) -> CompareOut:
    """The indicator matrix for the countries, with evidence per cell (only the records of the
    indicators' kinds are read): of the sources known at ``known_at`` (``as_of`` is its older name;
    default: now), and only the facts in force at ``in_force_at`` by their own dates, or undated, when
    given."""
    when = axes(in_force_at=in_force_at, known_at=known_at, as_of=as_of)
    codes = list(dict.fromkeys(normalise_country(c) for c in countries))
    kinds = frozenset(k for i in INDICATORS for k in i.kinds)
    columns: dict[str, dict[str, Any]] = {}
    with session_scope(engine) as session:
        for code in codes:
            chosen, _ = newest_per_entity(q.records_at(session, code, kinds=kinds, as_of=when.known_at,
                                                       in_force_at=when.in_force_at))
            newest = {row.id: rank(source) for row, source in chosen}
            records = records_fields(session, chosen, before=when.edits_before)
            columns[code] = {i.id: _cell(i, [r for r in records if _matches(i, r)], newest) for i in INDICATORS}
    return CompareOut.model_validate({
        "countries": codes,
        "in_force_at": when.in_force_at,
        "known_at": when.known_at,
        "indicators": [{"id": i.id, "label": i.label} for i in INDICATORS],
        "matrix": {code: columns[code] for code in codes},
    })

"""Compare countries: a matrix of indicators, each cell with the evidence behind it.

"unknown" means the atlas holds no information; "absent" means a source says the thing does
not exist; the two are never confused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from policyatlas.schemas.analysis import CompareOut
from policyatlas.store import record_queries as q
from policyatlas.store.db import session_scope
from policyatlas.text.titles import fold
from policyatlas.views.countries import normalise_country
from policyatlas.views.records import records_fields
from policyatlas.views.versions import is_responsible_agency, newest_per_entity


@dataclass(frozen=True)
class Indicator:
    """A row of the matrix: which records evidence it (kinds and words, accent-insensitive)."""

    id: str
    label: str
    kinds: tuple[str, ...]
    words: tuple[str, ...] = ()
    show: str = "yes"  # "yes": yes/no with the year; "names": the evidence's names; "value": an index value


INDICATORS: tuple[Indicator, ...] = (
    Indicator("strategy", "National cybersecurity strategy", ("strategy",),
              ("cyber", "ciber", "strateg", "estrategia", "information security", "seguridad de la informacion")),
    Indicator("cert", "National CERT / CSIRT", ("cert",), (), "names"),
    Indicator("cybercrime_law", "Cybercrime law", ("law",),
              ("cybercrime", "computer misuse", "computer crime", "penal", "criminal", "delitos informaticos",
               "ciberdelito", "cybercriminalite", "electronic crimes", "crimes")),
    Indicator("data_protection_law", "Data protection law", ("law",),
              ("data protection", "datos personales", "proteccion de datos", "privacy", "privacidad",
               "donnees personnelles", "personal data", "habeas data")),
    Indicator("responsible_agency", "Responsible agency", ("agency",), (), "names"),
    Indicator("un_gge", "UN GGE participation", ("un_process",), ("group of governmental experts", "gge")),
    Indicator("un_oewg", "UN OEWG participation", ("un_process",), ("open-ended working group", "oewg")),
    Indicator("memberships", "Memberships", ("membership",), (), "names"),
    Indicator("gci", "Global Cybersecurity Index (latest)", ("index_value",), ("gci",), "value"),
    Indicator("ncsi", "National Cyber Security Index (latest)", ("index_value",), ("ncsi",), "value"),
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


def _cell(indicator: Indicator, records: list[dict[str, Any]]) -> dict[str, Any]:
    evidence = [{"record": r["id"], "title": r["title"], "status": r.get("status"), "date": r.get("date"),
                 "source": r["provenance"]["source"], "file": r["provenance"]["file"],
                 "lines": [r["provenance"]["line_start"], r["provenance"]["line_end"]]} for r in records]
    if not records:
        return {"value": "unknown", "detail": None, "evidence": []}
    positive = [r for r in records if r.get("status") not in ("absent", "in_progress")]
    if not positive:
        state = "in progress" if any(r.get("status") == "in_progress" for r in records) else "absent"
        return {"value": state, "detail": None, "evidence": evidence}
    if indicator.show == "value":
        latest = max(positive, key=lambda r: (r.get("edition") or 0))
        return {"value": latest.get("value"), "detail": f"{latest.get('edition')}, scale {latest.get('scale')}",
                "evidence": [e for e in evidence if e["record"] == latest["id"]]}
    if indicator.show == "names":
        names = list(dict.fromkeys(r["title"] for r in positive))
        return {"value": "yes", "detail": "; ".join(names), "evidence": evidence}
    years = sorted(d["value"][:4] for r in positive for d in [r.get("date")] if d and d.get("value"))
    return {"value": "yes", "detail": years[0] if years else None, "evidence": evidence}


def compare_countries(engine: Engine, countries: list[str]) -> CompareOut:
    """The indicator matrix for the countries, with evidence per cell (only the records of the
    indicators' kinds are read)."""
    codes = list(dict.fromkeys(normalise_country(c) for c in countries))
    kinds = frozenset(k for i in INDICATORS for k in i.kinds)
    columns: dict[str, dict[str, Any]] = {}
    with session_scope(engine) as session:
        for code in codes:
            chosen, _ = newest_per_entity(q.records_at(session, code, kinds=kinds))
            records = records_fields(session, chosen)
            columns[code] = {i.id: _cell(i, [r for r in records if _matches(i, r)]) for i in INDICATORS}
    return CompareOut.model_validate({
        "countries": codes,
        "indicators": [{"id": i.id, "label": i.label} for i in INDICATORS],
        "matrix": {code: columns[code] for code in codes},
    })

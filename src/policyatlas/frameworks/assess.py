"""Evaluate a country's records against a framework: each indicator's outcome and evidence, scores, tiers."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from typing import Any

from policyatlas.frameworks.model import OUTCOMES, Evidence, Framework, Indicator, Rules, Scoring, Tier
from policyatlas.frameworks.strength import rank, record_strength
from policyatlas.text.titles import fold

_TEXT_FIELDS = ("title", "title_en", "acronym", "description")
_LIST_FIELDS = ("aliases", "points")
_NAME_FIELDS = ("title", "title_en", "acronym")


def _body(keyword: str) -> str:
    parts = []
    for token in keyword.split():
        star = token.endswith("*")
        words = fold(token.rstrip("*")).split()
        if words:
            parts.append(r"\s+".join(re.escape(w) for w in words) + (r"\w*" if star else ""))
    return r"\s+".join(parts)


@functools.lru_cache(maxsize=4096)
def keyword_pattern(keyword: str) -> re.Pattern[str]:
    """A keyword as a pattern on folded text: whole words, ``*`` ending a word for any ending."""
    return re.compile(rf"(?<!\w){_body(keyword)}(?!\w)")


@functools.lru_cache(maxsize=1024)
def _any_pattern(keywords: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(_body(k) for k in keywords) + r")(?!\w)")


def record_texts(record: dict[str, Any]) -> str:
    """The folded text keywords are looked for in: titles, acronym, aliases, description and points
    (kept apart by `` | `` so that no phrase runs from one into the next)."""
    texts = [record.get(name) for name in _TEXT_FIELDS]
    for name in _LIST_FIELDS:
        texts.extend(record.get(name) or [])
    return " | ".join(fold(str(t)) for t in texts if t)


def name_text(record: dict[str, Any]) -> str:
    """The folded text of a record's own name: titles, acronym and aliases."""
    texts = [record.get(name) for name in _NAME_FIELDS] + list(record.get("aliases") or [])
    return " | ".join(fold(str(t)) for t in texts if t)


def matched_by(evidence: Evidence, record: dict[str, Any]) -> str:
    """How a matching record meets an evidence rule: ``structured`` (its kind or a field decides),
    ``name`` (the keywords are in its own name) or ``text`` (only in its description or points)."""
    if evidence.fields or not (evidence.keywords or evidence.and_keywords):
        return "structured"
    name = name_text(record)
    in_name = (not evidence.keywords or bool(_found(evidence.keywords, name))) and \
        (not evidence.and_keywords or bool(_found(evidence.and_keywords, name)))
    return "name" if in_name else "text"


def _found(keywords: list[str], text: str) -> list[str]:
    if not keywords or not _any_pattern(tuple(keywords)).search(text):
        return []
    return [k for k in keywords if keyword_pattern(k).search(text)]


def _field_values(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [fold(str(v)) for v in items if v is not None]


def status_of(evidence: Evidence, record: dict[str, Any]) -> str | None:
    """A record's status as an indicator counts it (the evidence's default when the source states none)."""
    status = record.get("status")
    return evidence.default_status if status is None else str(status)


def match(evidence: Evidence, record: dict[str, Any], text: str) -> list[str] | None:
    """The keywords by which a record evidences an indicator (empty when none are asked), or None."""
    if record.get("kind") not in evidence.kinds:
        return None
    if evidence.statuses is not None and status_of(evidence, record) not in evidence.statuses:
        return None
    for name, allowed in evidence.fields.items():
        if not set(_field_values(record.get(name))) & {fold(a) for a in allowed}:
            return None
    hits = _found(evidence.keywords, text)
    if evidence.keywords and not hits:
        return None
    also = _found(evidence.and_keywords, text)
    if evidence.and_keywords and not also:
        return None
    if _found(evidence.exclude_keywords, text):
        return None
    return hits + also


def _status_words(statuses: Iterable[str | None]) -> str:
    words = ["unstated" if s is None else s.replace("_", " ") for s in statuses]
    return " or ".join(w for w in (", ".join(words[:-1]), words[-1]) if w) if words else ""


def outcome(rules: Rules, statuses: Sequence[str | None]) -> tuple[str, str]:
    """The outcome of an indicator from the statuses of the records that count, and why."""
    for name in ("met", "partly", "not_met"):
        rule = getattr(rules, name)
        if rule is None:
            continue
        count = sum(1 for status in statuses if status in rule.statuses)
        if count >= rule.min:
            noun = "record" if count == 1 else "records"
            return name, f"{count} {noun} with status {_status_words(rule.statuses)}"
    if not statuses:
        return "unknown", "no record evidences it"
    return "unknown", f"the evidence (status {_status_words(sorted(set(statuses), key=str))}) meets no rule"


def wanted(indicator: Indicator) -> str:
    """What evidence would meet an indicator, in words."""
    alternatives = []
    for evidence in indicator.evidence:
        text = " or ".join(evidence.kinds)
        if evidence.keywords:
            text += " mentioning " + " / ".join(evidence.keywords)
        if evidence.and_keywords:
            text += " and " + " / ".join(evidence.and_keywords)
        if evidence.exclude_keywords:
            text += " but not " + " / ".join(evidence.exclude_keywords)
        for name, values in evidence.fields.items():
            text += f" whose {name} is " + " or ".join(values)
        if evidence.statuses is not None:
            text += f" with status {_status_words(evidence.statuses)}"
        if evidence.default_status:
            text += f" (counted as {_status_words([evidence.default_status])} when no status is stated)"
        alternatives.append(text)
    return "; or ".join(alternatives)


def _evidence_item(record: dict[str, Any], matched: list[str], status: str | None, counted: bool, how: str
                   ) -> dict[str, Any]:
    provenance = record.get("provenance") or {}
    strength, why = record_strength(record, how)
    return {
        "id": record["id"], "entity": record.get("entity"), "kind": record.get("kind"), "title": record.get("title"),
        "title_en": record.get("title_en"), "status": record.get("status"), "counted_as": status,
        "matched": matched, "counted": counted, "matched_by": how, "strength": strength, "strength_reason": why,
        "source": provenance.get("source"), "file": provenance.get("file"), "format": provenance.get("format"),
        "line_start": provenance.get("line_start"), "line_end": provenance.get("line_end"),
        "page_start": provenance.get("page_start"), "page_end": provenance.get("page_end"),
    }


def assess_indicator(framework: Framework, indicator: Indicator, records: Sequence[dict[str, Any]],
                     texts: dict[str, str]) -> dict[str, Any]:
    """One indicator: its outcome, value and the records that evidence it.

    ``records`` come oldest source first: where several records speak of one entity, only the
    last (the newest source's) counts; the others are listed with ``counted: false``. Each piece
    of evidence has a strength (``frameworks.strength``); weak evidence alone (a keyword in news,
    or in a record's description only) makes an indicator at most "partly", never "met".
    """
    hits: list[tuple[dict[str, Any], list[str], str | None, str]] = []
    for record in records:
        for evidence in indicator.evidence:
            matched = match(evidence, record, texts[record["id"]])
            if matched is not None:
                hits.append((record, matched, status_of(evidence, record), matched_by(evidence, record)))
                break
    last = {record.get("entity") or record["id"]: record["id"] for record, _, _, _ in hits}
    counted = set(last.values())
    rules = framework.rules_for(indicator)
    items = [_evidence_item(r, m, s, r["id"] in counted, how) for r, m, s, how in hits]
    status, reason = outcome(rules, [s for r, _, s, _ in hits if r["id"] in counted])
    if status == "met" and rules.met is not None:
        meeting = [e for e in items if e["counted"] and e["counted_as"] in rules.met.statuses]
        if meeting and all(e["strength"] == "weak" for e in meeting):
            status = "partly"
            reason += "; only weak evidence (a keyword in prose or in a description): partly at most"
    strongest = min((e["strength"] for e in items if e["counted"]), key=rank, default=None)
    return {
        "id": indicator.id, "name": indicator.name, "pillar": indicator.pillar, "weight": indicator.weight,
        "status": status, "value": getattr(framework.scoring.values, status), "reason": reason,
        "strength": strongest, "evidence": items,
        "wanted": wanted(indicator), "crosswalk": list(indicator.crosswalk),
    }


def _average(pairs: Sequence[tuple[float | None, float]]) -> float | None:
    scored = [(value, weight) for value, weight in pairs if value is not None]
    total = sum(weight for _, weight in scored)
    return round(sum(v * w for v, w in scored) / total, 4) if scored and total else None


def tier_of(tiers: Sequence[Tier], score: float | None) -> dict[str, Any] | None:
    """The highest tier a score reaches (None without tiers or score)."""
    if score is None:
        return None
    for tier in sorted(tiers, key=lambda t: t.min, reverse=True):
        if score >= tier.min - 1e-9:
            return {"id": tier.id, "name": tier.name, "min": tier.min}
    return None


def _counts(indicators: Iterable[dict[str, Any]]) -> dict[str, int]:
    counts = dict.fromkeys(OUTCOMES, 0)
    for item in indicators:
        counts[item["status"]] += 1
    return counts


def coverage(indicators: Sequence[dict[str, Any]], threshold: float) -> dict[str, Any]:
    """How many indicators are met, partly, not met and unknown of how many; the share known (met,
    partly or not met: decided by evidence) and whether it reaches the threshold for a score."""
    counts = _counts(indicators)
    total = len(indicators)
    known = total - counts["unknown"]
    ratio = round(known / total, 4) if total else 0.0
    return counts | {"known": known, "total": total, "ratio": ratio, "threshold": threshold,
                     "sufficient": bool(total) and ratio >= threshold - 1e-9}


def _scored(value: float | None, cover: dict[str, Any]) -> tuple[float | None, str | None]:
    """A score kept only when coverage reaches the threshold, with the reason when it does not."""
    if not cover["sufficient"]:
        return None, (f"not scored: {cover['known']} of {cover['total']} indicators known "
                      f"({cover['ratio']:.0%}), below the framework's threshold of {cover['threshold']:.0%}")
    if value is None:
        return None, "not scored: no known indicator has a value"
    return value, None


def _overall(scoring: Scoring, every: Sequence[dict[str, Any]], pillars: Sequence[dict[str, Any]]) -> float | None:
    if scoring.overall == "pooled":
        return _average([(i["value"], i["weight"]) for i in every])
    weighted = scoring.overall == "weighted"
    return _average([(p["score"], p["weight"] if weighted else 1.0) for p in pillars])


def checklist_label(framework: Framework) -> str:
    """The framework's name as the atlas's own checklist: its name when it says so, otherwise the
    name followed by "PolicyAtlas checklist" (never an official index's name alone)."""
    name = framework.name
    return name if "checklist" in name.lower() else f"{name} (PolicyAtlas checklist)"


def statement(framework: Framework) -> str:
    """What the checklist is, in one sentence: ours, after its framework, not the official value."""
    after = f", after {framework.based_on}" if framework.based_on else ""
    return (f"PolicyAtlas's own checklist{after}, scored from the records the atlas holds: not an official "
            "index value, rank or tier. Unknown indicators are left out of the score, which is computed only "
            f"when at least {framework.scoring.min_coverage:.0%} of the indicators are known.")


def assess(framework: Framework, records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """A framework applied to records (as ``record_json`` gives them, oldest source first).

    Returns the overall score and tier (our checklist's level), outcome counts and coverage, and per
    pillar its score, tier, coverage and indicators with their evidence. Unknown indicators are left
    out of every score; a score whose coverage is below ``scoring.min_coverage`` is null, and
    ``score_reason`` says why.
    """
    texts = {record["id"]: record_texts(record) for record in records}
    scoring = framework.scoring
    threshold = scoring.min_coverage
    pillars: list[dict[str, Any]] = []
    every: list[dict[str, Any]] = []
    for pillar in framework.pillars:
        items = [assess_indicator(framework, i, records, texts) for i in framework.pillar_indicators(pillar.id)]
        every.extend(items)
        weighted = scoring.pillar == "weighted"
        cover = coverage(items, threshold)
        score, why = _scored(_average([(i["value"], i["weight"] if weighted else 1.0) for i in items]), cover)
        pillars.append({
            "id": pillar.id, "name": pillar.name, "group": pillar.group, "weight": pillar.weight, "score": score,
            "score_reason": why, "tier": tier_of(scoring.tiers, score), "counts": _counts(items), "coverage": cover,
            "indicators": items,
        })
    cover = coverage(every, threshold)
    overall, why = _scored(_overall(scoring, every, pillars), cover)
    return {
        "framework": {"id": framework.id, "name": framework.name, "version": framework.version,
                      "label": checklist_label(framework), "based_on": framework.based_on,
                      "statement": statement(framework),
                      "published_index": framework.published.index if framework.published else None},
        "score": overall, "score_reason": why, "tier": tier_of(scoring.tiers, overall), "counts": _counts(every),
        "coverage": cover, "pillars": pillars,
    }


def gaps(result: dict[str, Any]) -> list[dict[str, Any]]:
    """What is missing: the indicators not met or unknown, with what would meet them."""
    return [
        {"pillar": pillar["id"], "pillar_name": pillar["name"], "id": item["id"], "name": item["name"],
         "status": item["status"], "reason": item["reason"], "wanted": item["wanted"], "evidence": item["evidence"]}
        for pillar in result["pillars"] for item in pillar["indicators"] if item["status"] in ("not_met", "unknown")
    ]


def compact(result: dict[str, Any]) -> dict[str, Any]:
    """An assessment as it is stored: every indicator's outcome and the ids of its evidence."""
    pillars = []
    for pillar in result["pillars"]:
        indicators = [{"id": i["id"], "status": i["status"], "value": i["value"],
                       "evidence": [e["id"] for e in i["evidence"]],
                       "counted": [e["id"] for e in i["evidence"] if e["counted"]],
                       "strength": {e["id"]: e["strength"] for e in i["evidence"]}}
                      for i in pillar["indicators"]]
        keys = ("id", "score", "score_reason", "tier", "counts", "coverage")
        pillars.append({key: pillar[key] for key in keys} | {"indicators": indicators})
    kept = {key: value for key, value in result.items() if key != "pillars"}
    return kept | {"pillars": pillars}


def crosswalk_pairs(left: Framework, right: Framework) -> list[dict[str, Any]]:
    """The pairs of indicators either framework declares equivalent, in the left framework's order."""
    pairs: dict[tuple[str, str], list[str]] = {}
    for source, target, flip in ((left, right, False), (right, left, True)):
        for indicator in source.indicators:
            for ref in indicator.crosswalk:
                other, _, name = ref.partition(":")
                if other != target.id or target.indicator(name) is None:
                    continue
                key = (name, indicator.id) if flip else (indicator.id, name)
                pairs.setdefault(key, []).append(source.id)
    left_order = {i.id: n for n, i in enumerate(left.indicators)}
    right_order = {i.id: n for n, i in enumerate(right.indicators)}
    ordered = sorted(pairs, key=lambda k: (left_order[k[0]], right_order[k[1]]))
    return [{"left": a, "right": b, "declared_by": pairs[(a, b)]} for a, b in ordered]


def _side(framework: Framework, indicator_id: str, result: dict[str, Any] | None) -> dict[str, Any]:
    indicator = framework.indicator(indicator_id)
    assert indicator is not None
    side: dict[str, Any] = {"framework": framework.id, "indicator": indicator.id, "name": indicator.name,
                            "pillar": indicator.pillar}
    if result is not None:
        item = next(i for p in result["pillars"] for i in p["indicators"] if i["id"] == indicator_id)
        side |= {"status": item["status"], "reason": item["reason"], "strength": item["strength"],
                 "evidence": [e["id"] for e in item["evidence"]]}
    return side


def crosswalk(left: Framework, right: Framework, left_result: dict[str, Any] | None = None,
              right_result: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Each crosswalked pair of indicators with, given both assessments, each side's outcome and the
    evidence they share (the same records seen through both frameworks)."""
    rows = []
    for pair in crosswalk_pairs(left, right):
        row: dict[str, Any] = {"left": _side(left, pair["left"], left_result),
                               "right": _side(right, pair["right"], right_result),
                               "declared_by": pair["declared_by"]}
        if left_result is not None and right_result is not None:
            items = {e["id"]: e for p in left_result["pillars"] for i in p["indicators"] if i["id"] == pair["left"]
                     for e in i["evidence"]}
            theirs = row["right"]["evidence"]
            row["shared_evidence"] = [items[e] for e in row["left"]["evidence"] if e in theirs]
            row["only_left"] = [e for e in row["left"]["evidence"] if e not in theirs]
            row["only_right"] = [e for e in theirs if e not in items]
            row["agree"] = row["left"]["status"] == row["right"]["status"]
        rows.append(row)
    return rows

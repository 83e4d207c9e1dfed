"""Country pages: the profile as of any date, with history, assessments, timeline and disagreements."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from policyatlas.errors import ConfigError, NotFoundError
from policyatlas.messages import N_
from policyatlas.views.assessment import assess_country, list_frameworks
from policyatlas.views.countries import list_countries, normalise_country
from policyatlas.views.history import get_history
from policyatlas.views.profile import get_profile
from policyatlas.views.summary import CountrySummary, IndexFact, get_summary
from policyatlas.views.timeline import get_timeline
from policyatlas.web import downloads
from policyatlas.web.citation import citation
from policyatlas.web.downloads import Column, field
from policyatlas.web.formatting import format_date
from policyatlas.web.i18n import Translator, country_name
from policyatlas.web.portal import Portal, PortalDep
from policyatlas.web.svg import Bar, bar_chart, timeline_svg

router = APIRouter(include_in_schema=False)

_ISO = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def checked_as_of(value: str | None, name: str = "as_of") -> str | None:
    """A date from a form or an address (``name`` says which): empty means now; otherwise YYYY, YYYY-MM or
    YYYY-MM-DD.

    Raises:
        ConfigError: anything else.
    """
    if not value or not value.strip():
        return None
    if not _ISO.fullmatch(value.strip()):
        raise ConfigError(f"{name} {value!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    return value.strip()


def _assessments(portal: Portal, code: str, dates: dict[str, str | None]) -> list[dict[str, Any]]:
    results = []
    for framework in list_frameworks(portal.engine):
        try:
            results.append(assess_country(portal.engine, code, framework["id"], in_force_at=dates["in_force_at"],
                                          known_at=dates["known_at"]))
        except NotFoundError:
            continue
    return results


def page_dates(request: Request, as_of: str | None = None) -> dict[str, str | None]:
    """The time axes of a page from its address (``in_force_at``, ``known_at``; ``as_of`` is the older name
    of ``known_at``), so that a link reproduces the view.

    Raises:
        ConfigError: a date that is not YYYY, YYYY-MM or YYYY-MM-DD.
    """
    params = request.query_params
    known = checked_as_of(params.get("known_at"), "known_at") or checked_as_of(as_of)
    return {"in_force_at": checked_as_of(params.get("in_force_at"), "in_force_at"), "known_at": known}


def _timeline(events: list[dict[str, Any]], t: Translator, profile_ids: set[str]) -> Any:
    def href(event: dict[str, Any]) -> str:
        return f"#r-{event['record']}" if event["record"] in profile_ids else f"/records/{event['record']}"

    def describe(event: dict[str, Any]) -> str:
        return f"{format_date(event['date'], t.lang)}: {event['title']} ({t.label(event['event'])})"

    return timeline_svg(events, title=t("Timeline"), lane_of=lambda e: t.label(e["kind"]), describe=describe,
                        href=href)


#: The AI Index measures charted on a country page, and how a value's bar is labelled.
AI_CHARTS: tuple[tuple[str, str], ...] = (
    ("bills_passed", N_("AI-related bills passed into law")),
    ("legislative_mentions", N_("Mentions of AI in legislative proceedings")),
    ("public_ai_spending", N_("Public spending on AI-related contracts (millions of US dollars)")),
)


def _ai_bar_label(fact: IndexFact, t: Translator) -> str:
    if fact.period:
        return fact.period.replace("-", "–")
    return t("figure {figure}", figure=fact.figure) if fact.figure else fact.name


def ai_charts(summary: CountrySummary, t: Translator) -> list[dict[str, Any]]:
    """Bar charts of the country's AI Index values, one per measure, each bar showing the value as published."""
    charts: list[dict[str, Any]] = []
    for metric, title in AI_CHARTS:
        facts = [f for f in summary.ai_index if f.metric == metric and f.value is not None]
        if not facts:
            continue
        facts.sort(key=lambda f: (f.period is None, (f.period or "").count("-"), f.period or "", f.figure or ""))
        bars = [Bar(_ai_bar_label(f, t), float(f.value or 0), href=f"/records/{f.record}", text=f.published)
                for f in facts]
        charts.append({"title": t(title), "svg": bar_chart(bars, title=t(title), limit=20), "facts": facts})
    others = [f for f in summary.ai_index if f.metric not in {m for m, _ in AI_CHARTS}]
    if others:
        charts.append({"title": t("Public AI procurement"), "svg": None, "facts": others})
    return charts


def country_columns(t: Translator) -> list[Column]:
    """The columns of the countries table, as it shows them."""
    return [Column("name", "Country", lambda c: country_name(c["code"], t.lang)), field("code", "Code"),
            field("records", "Records"), field("sources", "Sources"), field("as_of", "As of")]


@router.get("/countries", response_class=HTMLResponse)
def countries_page(request: Request, portal: PortalDep) -> Response:
    """Every country the atlas holds facts about (``format=csv|json`` downloads the table)."""
    countries = [c.to_json() for c in list_countries(portal.engine).data]
    if downloads.requested(request):
        t = portal.translator(request)
        return downloads.download(request, "countries", country_columns(t), countries, t)
    return portal.render(request, "countries.html", {"countries": countries, "dl": downloads.links(request)})


@router.get("/countries/{code}", response_class=HTMLResponse)
def country_page(request: Request, portal: PortalDep, code: str, as_of: str | None = None) -> HTMLResponse:
    """A country's profile, history, assessments and timeline, all at the same date(s) when asked: in force
    at ``in_force_at`` (by the facts' own dates) as the sources known at ``known_at`` (or ``as_of``) said it."""
    t = portal.translator(request)
    dates = page_dates(request, as_of)
    when = dates["known_at"]
    iso = normalise_country(code)
    page = {"code": iso, "name": country_name(iso, t.lang), "as_of": when, **dates}
    try:
        profile = get_profile(portal.engine, iso, **dates).to_json()
    except NotFoundError:
        if not any(dates.values()):
            raise
        said = when or ""
        if dates["in_force_at"]:
            said = ", ".join(f"{t(label)} {value}" for label, value in ((N_("in force at"), dates["in_force_at"]),
                                                                         (N_("known at"), when)) if value)
        return portal.render(request, "country.html", {
            **page, "profile": None,
            "description": t("{country}'s national cybersecurity and AI policy as of {date}.",
                             country=page["name"], date=said),
            "message": t("The atlas holds no records about this country as of {date}.", date=said),
        })
    summary = get_summary(portal.engine, iso) if not any(dates.values()) else None
    name = page["name"]
    cite = citation(request, portal.settings, t, key=f"{iso}-{when or dates['in_force_at'] or 'current'}",
                    title=t("{country}: national cybersecurity and AI policy profile", country=name),
                    source=t.ngettext("Compiled from {n} source", "Compiled from {n} sources", len(profile["sources"])),
                    date={"value": when or profile.get("as_of")})
    counts = {"records": sum(len(s["records"]) for s in profile["sections"]), "sources": len(profile["sources"])}
    description = t("{country}'s national cybersecurity and AI policy{when}: {facts} from {sources} (laws, strategies, "
                    "agencies, CERTs), each linked to the line of its document.", country=name,
                    when=t(" as of {date}", date=when) if when else "",
                    facts=t.ngettext("{n} fact", "{n} facts", counts["records"]),
                    sources=t.ngettext("{n} source", "{n} sources", counts["sources"]))
    profile_ids = {r["id"] for s in profile["sections"] for r in s["records"]}
    events = [e.to_json() for e in get_timeline(portal.engine, countries=[iso], in_force_at=dates["in_force_at"],
                                                known_at=dates["known_at"])]
    history = [c.to_json() for c in get_history(portal.engine, iso, **dates).changes]
    return portal.render(request, "country.html", {
        **page, "profile": profile, "cite": cite, "description": description,
        "history": list(reversed(history)), "assessments": _assessments(portal, iso, dates),
        "timeline": _timeline(events, t, profile_ids), "events": events,
        "conflicted": [r for s in profile["sections"] for r in s["records"] if r.get("conflicts")],
        "source_files": {s["id"]: s["file"] for s in profile["sources"]},
        "summary": summary, "ai_charts": ai_charts(summary, t) if summary else [],
        "empty_sections": ", ".join(t(name) for name in summary.coverage.empty_sections) if summary else "",
    })

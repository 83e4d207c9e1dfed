"""Commands for frameworks and assessments: frameworks list/show/add, assess, crosswalk, assessments."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from policyatlas.cli import output
from policyatlas.cli.common import (
    CountryOpt,
    InForceAtOpt,
    JsonOpt,
    KnownAtOpt,
    app,
    handle_errors,
    iso_date,
    ready_engine,
    time_axes,
)
from policyatlas.cli.output import escape

frameworks_app = typer.Typer(
    rich_markup_mode=None,
    help="Assessment checklists after frameworks (GCI-style, NCSI-style, AI readiness, your own): list, show, add.\n\n"
    "Example: policyatlas frameworks list",
    no_args_is_help=True,
)
app.add_typer(frameworks_app, name="frameworks")

AsOfOpt = Annotated[str | None, typer.Option(
    "--as-of", help="Use the sources as they stood at this date (YYYY, YYYY-MM or YYYY-MM-DD).")]
_STATUS = {"met": "met", "partly": "partly", "not_met": "not met", "unknown": "unknown"}


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _tier(tier: dict[str, Any] | None) -> str:
    return tier["name"] if tier else "—"


def _counts(counts: dict[str, int] | None) -> str:
    return " / ".join(f"{counts.get(k, 0)} {label}" for k, label in _STATUS.items()) if counts else ""


def _coverage(cover: dict[str, Any] | None) -> str:
    """``14 of 22 indicators known (64%, threshold 50%): 10 met / 2 partly / 2 not met / 8 unknown``."""
    if not cover:
        return "coverage not recorded"
    return (f"{cover['known']} of {cover['total']} indicators known ({cover['ratio']:.0%}, threshold "
            f"{cover['threshold']:.0%}): {_counts(cover)}")


def _scored(result: dict[str, Any], *, brief: bool = False) -> str:
    """Our checklist's score and level, or why it is not scored (``brief``: only that it is not)."""
    if result["score"] is None and result.get("score_reason"):
        return "not scored" if brief else str(result["score_reason"])
    level = f", {_tier(result['tier'])}" if result.get("tier") else ""
    return f"checklist score {_score(result['score'])}{level}"


def _published(value: dict[str, Any] | None) -> str:
    """The official value as published, with its edition and source."""
    if value is None:
        return "none held by the atlas"
    edition = f" {value['edition']}" if value.get("edition") else ""
    scale = f" ({value['scale']})" if value.get("scale") else ""
    source = ", ".join(str(value[k]) for k in ("publisher", "source_title") if value.get(k))
    shown = value.get("published") or value.get("value")
    return f"{value['name']}{edition}: {shown}{scale}" + (f" — {source}" if source else "")


def _where(evidence: dict[str, Any]) -> str:
    start, end = evidence["line_start"], evidence["line_end"]
    lines = f"{start}" if start == end else f"{start}-{end}"
    status = (evidence["status"] or "status unstated").replace("_", " ")
    note = "" if evidence["counted"] else ", superseded"
    strength = f"{evidence['strength']} · " if evidence.get("strength") else ""
    return f"{strength}{evidence['title']} ({status}{note}) — {evidence['file']}:{lines}"


@frameworks_app.command("list")
@handle_errors
def frameworks_list(as_json: JsonOpt = False) -> None:
    """List the frameworks: the built-in ones and those added with `frameworks add`.

    Example: policyatlas frameworks list --json
    """
    from policyatlas.views.assessment import list_frameworks

    rows = list_frameworks(ready_engine())
    if as_json:
        output.print_json(rows)
        return
    output.print_table("Frameworks", ["Id", "Name", "Version", "Origin", "Pillars", "Indicators", "Crosswalks to"], [
        [r["id"], r["label"], r["version"], r["origin"], r["pillars"], r["indicators"], ", ".join(r["crosswalks_to"])]
        for r in rows
    ])


@frameworks_app.command("show")
@handle_errors
def frameworks_show(
    framework_id: Annotated[str, typer.Argument(metavar="ID", help="Framework id (gci, ncsi, ai-readiness, …).")],
    as_json: JsonOpt = False,
) -> None:
    """Show a framework: its pillars, indicators, the evidence each one needs, scoring and tiers.

    Example: policyatlas frameworks show gci
    """
    from policyatlas.views.assessment import show_framework

    result = show_framework(ready_engine(), framework_id)
    if as_json:
        output.print_json(result)
        return
    definition = result["definition"]
    output.console.print(f"[bold]{escape(result['label'])}[/bold] ({result['id']} {result['version']}, "
                         f"{result['origin']})")
    if definition.get("based_on"):
        output.console.print(escape(f"After: {definition['based_on']} (PolicyAtlas's own checklist, not the index)"))
    if result.get("published_index"):
        output.console.print(escape(f"Published values shown apart: index_value records of index "
                                    f"{result['published_index']!r}"))
    scoring = definition["scoring"]
    output.console.print(f"Scoring: pillars {scoring['pillar']}, overall {scoring['overall']}, unknown left out, "
                         f"scored from {scoring['min_coverage']:.0%} of indicators known; our levels: "
                         + escape(", ".join(f"{t['name']} ≥ {t['min']}" for t in scoring["tiers"]) or "none"))
    names = {p["id"]: p["name"] for p in definition["pillars"]}
    output.print_table(None, ["Pillar", "Indicator", "Name", "Evidence kinds", "Crosswalk"], [
        [names[i["pillar"]], i["id"], i["name"], "; ".join(", ".join(e["kinds"]) for e in i["evidence"]),
         ", ".join(i["crosswalk"])]
        for i in definition["indicators"]
    ])


@frameworks_app.command("add")
@handle_errors
def frameworks_add(
    file: Annotated[Path, typer.Argument(help="A framework file (YAML or JSON, format: policyatlas-framework).")],
    as_json: JsonOpt = False,
) -> None:
    """Validate a framework file and store it (a framework of the same id is replaced).

    An error names the file, the line and the reason, and the exit code is 1.

    Example: policyatlas frameworks add my-framework.yaml
    """
    from policyatlas.services.frameworks import add_framework

    result = add_framework(ready_engine(), file)
    if as_json:
        output.print_json(result)
    else:
        verb = "replaced" if result["replaced"] else "added"
        output.console.print(f"{verb} framework {escape(result['id'])} {escape(result['version'])}: "
                             f"{result['pillars']} pillars, {result['indicators']} indicators")


def _print_assessment(result: dict[str, Any]) -> None:
    country, framework = result["country"], result["framework"]
    when = f" as of {result['as_of']}" if result["as_of"] else ""
    when += f", in force at {result['in_force_at']}" if result.get("in_force_at") else ""
    output.console.print(
        f"[bold]{escape(country.get('name', country['code']))} ({country['code']})[/bold] — "
        f"{escape(framework.get('label') or framework['name'])} {escape(framework['version'])}{when}: "
        f"{escape(_scored(result))}")
    output.console.print(f"  Coverage: {escape(_coverage(result.get('coverage')))}")
    if framework.get("published_index"):
        output.console.print(f"  Published value (not ours, shown apart): {escape(_published(result.get('published')))}")
    if framework.get("statement"):
        output.console.print(f"  {escape(framework['statement'])}")
    for pillar in result["pillars"]:
        output.print_table(
            f"{pillar['name']}: {_scored(pillar, brief=True)} — {_coverage(pillar.get('coverage'))}",
            ["Status", "Indicator", "Evidence"],
            [[_STATUS[i["status"]], f"{i['name']} ({i['id']})",
              "\n".join(_where(e) for e in i["evidence"]) or i["reason"]] for i in pillar["indicators"]],
        )
    if result.get("assessment"):
        output.err_console.print(f"stored as assessment {result['assessment']}")


@app.command()
@handle_errors
def assess(
    country: Annotated[str, typer.Argument(help="ISO 3166 code or name of the country (MX, MEX, Mexico).")],
    framework: Annotated[str, typer.Option("--framework", "-f", help="Framework id (see `frameworks list`).")],
    as_of: AsOfOpt = None,
    show_gaps: Annotated[bool, typer.Option("--gaps", help="List only what is missing: not met, then unknown.")
                         ] = False,
    as_json: JsonOpt = False,
    in_force_at: InForceAtOpt = None,
    known_at: KnownAtOpt = None,
) -> None:
    """Assess a country against a framework: PolicyAtlas's own checklist after it, not the official index.
    Each indicator met, partly, not met or unknown with its evidence records and their strength (strong,
    medium, weak); each pillar's and the overall score with its coverage (not scored below the framework's
    threshold; unknown is left out, never 0); the official value published for the index, shown apart.
    Every run is stored (see `assessments`).

    Example: policyatlas assess MX --framework gci --gaps
    """
    from policyatlas.services.frameworks import assess_and_store
    from policyatlas.views.assessment import assessment_gaps

    dates = time_axes(in_force_at, known_at, as_of)
    result = assess_and_store(ready_engine(), country, framework, as_of=dates["known_at"],
                              in_force_at=dates["in_force_at"])
    if show_gaps:
        missing = assessment_gaps(result)
        if as_json:
            output.print_json(missing)
            return
        output.print_table(
            f"{len(missing['gaps'])} gaps for {missing['country']['code']} in {missing['framework']['id']}",
            ["Status", "Pillar", "Indicator", "Why", "What would meet it"],
            [[_STATUS[g["status"]], g["pillar_name"], f"{g['name']} ({g['id']})",
              "\n".join(_where(e) for e in g["evidence"]) or g["reason"], g["wanted"]] for g in missing["gaps"]],
        )
        return
    if as_json:
        output.print_json(result)
    else:
        _print_assessment(result)


@app.command("crosswalk")
@handle_errors
def crosswalk_command(
    left: Annotated[str, typer.Argument(help="A framework id (gci).")],
    right: Annotated[str, typer.Argument(help="Another framework id (ncsi).")],
    country: CountryOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show the indicators two frameworks declare equivalent; with --country, each side's status and
    the evidence records both see.

    Example: policyatlas crosswalk gci ncsi --country MX
    """
    from policyatlas.views.assessment import crosswalk_country

    result = crosswalk_country(ready_engine(), left, right, country=country,
                               as_of=iso_date(as_of, "--as-of") if as_of else None)
    if as_json:
        output.print_json(result)
        return
    rows = []
    for pair in result["pairs"]:
        a, b = pair["left"], pair["right"]
        row = [a["indicator"], _STATUS.get(a.get("status", ""), ""), f"{b['indicator']} {b['name']}",
               _STATUS.get(b.get("status", ""), "")]
        shared = [e["title"] if len(e["title"]) <= 60 else e["title"][:59] + "…" for e in pair.get("shared_evidence", [])]
        rows.append(row + ["\n".join(shared)])
    left, right = result["left"]["id"], result["right"]["id"]
    where = f" for {result['country']['code']}" if result["country"] else " (add --country for statuses)"
    output.print_table(f"Crosswalk {left} ↔ {right}{where}",
                       [left, "Status", right, "Status", "Shared evidence"], rows)


@app.command("assessments")
@handle_errors
def assessments_command(
    country: CountryOpt = None,
    framework: Annotated[str | None, typer.Option("--framework", "-f", help="Only this framework.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """List stored assessments (one per run of `assess`), oldest first, to export or compare over time.

    Example: policyatlas assessments --country MX --framework gci --json
    """
    from policyatlas.views.assessment import list_assessments

    rows = list_assessments(ready_engine(), country=country, framework=framework).data
    if as_json:
        output.print_json(rows)
        return
    output.print_table("Assessments", ["Id", "Country", "Framework", "Version", "As of", "Assessed at", "Score",
                                       "Level", "Indicators"], [
        [r["id"], r["country"], r["framework"], r["framework_version"], r["as_of"] or "current", r["assessed_at"],
         _score(r["score"]), _tier(r["tier"]), _coverage(r["coverage"]) if r.get("coverage") else _counts(r["counts"])]
        for r in rows
    ])

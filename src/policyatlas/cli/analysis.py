"""Commands for events, initiatives, incidents and index values."""

from __future__ import annotations

from typing import Annotated

import typer

from policyatlas.cli import output
from policyatlas.cli.common import (
    AsOfOpt,
    CountryOpt,
    InForceAtOpt,
    JsonOpt,
    KnownAtOpt,
    app,
    axes_title,
    handle_errors,
    iso_date,
    ready_engine,
    time_axes,
)


@app.command()
@handle_errors
def events(country: CountryOpt = None, as_json: JsonOpt = False) -> None:
    """List events (forums, meetings, exercises) by date.

    Example: policyatlas events --country MX
    """
    from policyatlas.views.initiatives import list_events

    rows = [e.to_json() for e in list_events(ready_engine(), country=country).data]
    if as_json:
        output.print_json(rows)
        return
    output.print_table("Events", ["Date", "Title", "Organizers", "Source"], [
        [output.format_date(r["date"]), r["title"], ", ".join(r.get("organizers") or []), r["provenance"]["file"]]
        for r in rows
    ])


@app.command()
@handle_errors
def initiatives(country: CountryOpt = None, as_json: JsonOpt = False) -> None:
    """List legislative initiatives with proposers, committees and stages in date order.

    Example: policyatlas initiatives --json
    """
    from policyatlas.views.initiatives import list_initiatives

    rows = [i.to_json() for i in list_initiatives(ready_engine(), country=country).data]
    if as_json:
        output.print_json(rows)
        return
    for row in rows:
        output.console.print(f"[bold]{output.escape(row['title'])}[/bold] ({row['country']}) "
                             f"proposed by {output.escape(', '.join(row['proposers']) or 'unknown')}")
        output.print_table(None, ["Date", "Stage", "Source"], [
            [output.format_date(s.get("date")) or "undated", s.get("stage"), s["source"]] for s in row["stages"]
        ])


@app.command()
@handle_errors
def incidents(
    country: CountryOpt = None,
    by: Annotated[str, typer.Option("--by", help="sector, size, year, type, action, country, sponsor or dataset.")
                  ] = "sector",
    sponsor: Annotated[str | None, typer.Option("--sponsor", help="Only operations sponsored by this state.")] = None,
    csv: Annotated[bool, typer.Option("--csv", help="Print CSV for spreadsheets.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Count publicly reported incidents by sector, size, year, type or action.

    Example: policyatlas incidents --country MX --by sector
    """
    from policyatlas.views.countries import normalise_country
    from policyatlas.views.incidents import incident_stats

    code = normalise_country(country) if country else None
    sponsor_code = normalise_country(sponsor) if sponsor else None
    stats = incident_stats(ready_engine(), by=by, country=code, sponsor=sponsor_code).to_json()
    if as_json:
        output.print_json(stats)
    elif csv:
        output.print_csv([by, "count", "share"], [[r["value"], r["count"], r["share"]] for r in stats["counts"]])
    else:
        output.print_table(f"Incidents by {by} (n = {stats['sample_size']})", [by.capitalize(), "Count", "Share"],
                           [[r["value"], r["count"], f"{r['share']:.1%}"] for r in stats["counts"]])
        output.err_console.print(stats["caveat"])


@app.command()
@handle_errors
def indices(
    country: CountryOpt = None,
    index: Annotated[str | None, typer.Option("--index", help="Only this index (gci, ncsi, cei, ddl).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """List published index values (GCI, NCSI, …) per country and edition.

    Example: policyatlas indices --country MX
    """
    from policyatlas.views.indices import list_index_values

    rows = [v.to_json() for v in list_index_values(ready_engine(), country=country, index=index)]
    if as_json:
        output.print_json(rows)
        return
    output.print_table("Index values", ["Country", "Index", "Edition", "Value", "Scale", "Rank"], [
        [r["country"] or r["country_name"], r["index"], r["edition"], r["value"], r["scale"], r["rank"]] for r in rows
    ])


@app.command()
@handle_errors
def timeline(
    country: Annotated[list[str] | None, typer.Option("--country", "-c", help="Only these countries (repeat).")] = None,
    kind: Annotated[list[str] | None, typer.Option("--kind", "-k", help="Only these kinds (repeat).")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="From this date (YYYY[-MM[-DD]]).")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Up to this date.")] = None,
    in_force_at: InForceAtOpt = None,
    known_at: KnownAtOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List dated events in order: strategies adopted, laws enacted, amended and repealed, cooperation, bill
    stages (with --in-force-at, those of the facts in force then, up to then).

    Example: policyatlas timeline --country MX --kind law --in-force-at 2015
    """
    from policyatlas.views.timeline import get_timeline

    events = [e.to_json() for e in get_timeline(ready_engine(), countries=country, kinds=kind,
                                                date_from=iso_date(date_from, "--from") if date_from else None,
                                                date_to=iso_date(date_to, "--to") if date_to else None,
                                                **time_axes(in_force_at, known_at, as_of))]
    if as_json:
        output.print_json(events)
        return
    output.print_table(f"{len(events)} events", ["Date", "Country", "Event", "Kind", "Title"], [
        [output.format_date(e["date"]), e["country"], e["event"], e["kind"], e["title"]] for e in events
    ])


@app.command()
@handle_errors
def compare(
    countries: Annotated[list[str], typer.Argument(help="Two or more countries (ISO codes or names).")],
    in_force_at: InForceAtOpt = None,
    known_at: KnownAtOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Compare countries on key indicators, each cell with the records behind it.

    "unknown" means the atlas has no information; "absent" means a source says there is none.

    Example: policyatlas compare MX CO GB --in-force-at 2015
    """
    from policyatlas.views.compare import compare_countries

    dates = time_axes(in_force_at, known_at, as_of)
    result = compare_countries(ready_engine(), countries, **dates).to_json()
    if as_json:
        output.print_json(result)
        return
    rows = []
    for indicator in result["indicators"]:
        row = [indicator["label"]]
        for code in result["countries"]:
            cell = result["matrix"][code][indicator["id"]]
            row.append(f"{cell['value']}" + (f" ({cell['detail']})" if cell["detail"] else "")
                       + (" — sources disagree" if cell.get("mixed") else ""))
        rows.append(row)
    output.print_table(f"Comparison{axes_title(dates)}", ["Indicator", *result["countries"]], rows)


@app.command()
@handle_errors
def graph(
    country: CountryOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="json, graphml or dot.")] = "json",
) -> None:
    """Export the stakeholder graph: people, organisations, events, initiatives and their links.

    Example: policyatlas graph --country MX --format graphml > mx.graphml
    """
    from policyatlas.views.graph import get_graph, render_graph

    output.print_text(render_graph(get_graph(ready_engine(), country=country), fmt))

"""Commands that read the atlas: countries, profile, records, sources, formats."""

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
def countries(as_json: JsonOpt = False) -> None:
    """List the countries the atlas holds facts about.

    Example: policyatlas countries --json
    """
    from policyatlas.views.countries import list_countries

    rows = [c.to_json() for c in list_countries(ready_engine()).data]
    if as_json:
        output.print_json(rows)
        return
    output.print_table("Countries", ["Code", "Name", "Records", "Sources", "As of"],
                       [[r["code"], r["name"], r["records"], r["sources"], r["as_of"]] for r in rows])


@app.command()
@handle_errors
def profile(
    country: Annotated[str, typer.Argument(help="ISO 3166 code or name of the country (MX, MEX, Mexico).")],
    in_force_at: InForceAtOpt = None,
    known_at: KnownAtOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show a country's profile in the portal's sections: Cybersecurity Policy, Structure,
    Legal Framework, Cooperation, Select Activities, Membership.

    Example: policyatlas profile MX --in-force-at 2015 --known-at 2022
    """
    from policyatlas.views.profile import get_profile

    result = get_profile(ready_engine(), country, **time_axes(in_force_at, known_at, as_of)).to_json()
    if as_json:
        output.print_json(result)
    else:
        output.print_profile(result)


@app.command()
@handle_errors
def records(
    country: CountryOpt = None,
    kind: Annotated[str | None, typer.Option("--kind", "-k", help="Only this kind (law, cert, …).")] = None,
    history: Annotated[bool, typer.Option("--history", help="Include records of superseded source versions.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """List records, each with its source and line span.

    Example: policyatlas records --country MX --kind law --json
    """
    from policyatlas.views.records import list_records

    rows = [r.to_json() for r in list_records(ready_engine(), country=country, kind=kind, history=history).data]
    if as_json:
        output.print_json(rows)
        return
    output.print_table(f"{len(rows)} records", ["Id", "Country", "Kind", "Title", "Date", "Source:lines"], [
        [r["id"], r["country"], r["kind"], r["title"], output.format_date(r["date"]),
         f"{r['provenance']['source']}:{r['provenance']['line_start']}-{r['provenance']['line_end']}"]
        for r in rows
    ])


@app.command()
@handle_errors
def sources(country: CountryOpt = None, as_json: JsonOpt = False) -> None:
    """List the ingested sources (documents) with their format, date and record count.

    Example: policyatlas sources --json
    """
    from policyatlas.views.sources import list_sources

    rows = [s.to_json() for s in list_sources(ready_engine(), country=country).data]
    if as_json:
        output.print_json(rows)
        return
    output.print_table("Sources", ["Id", "Format", "File", "Country", "Lang", "Date", "Records", "Current"], [
        [r["id"], r["format"], r["file"], r["country"], r["language"], output.format_date(r["date"]), r["records"],
         "yes" if r["current"] else "no (history)"]
        for r in rows
    ])


@app.command()
def formats(as_json: JsonOpt = False) -> None:
    """List the document formats PolicyAtlas can ingest (names for --format).

    Example: policyatlas formats
    """
    from policyatlas.sources import parsers

    rows = [{"format": p.kind, "description": p.description} for p in parsers()]
    if as_json:
        output.print_json(rows)
    else:
        output.print_table("Formats", ["Format", "Description"], [[r["format"], r["description"]] for r in rows])


@app.command()
@handle_errors
def history(
    country: Annotated[str, typer.Argument(help="ISO 3166 code or name of the country.")],
    kind: Annotated[str | None, typer.Option("--kind", "-k", help="Only this kind (any kind, not just profile items).")
                    ] = None,
    in_force_at: InForceAtOpt = None,
    known_at: KnownAtOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List the changes to a country's records: added, changed, gone (each with the date its source speaks
    of, the source's title, publisher and link, and each field before → after) and edits (with author).

    Example: policyatlas history MX --known-at 2022
    """
    from policyatlas.views.history import get_history

    dates = time_axes(in_force_at, known_at, as_of)
    result = get_history(ready_engine(), country, kind=kind, **dates).to_json()
    if as_json:
        output.print_json(result)
        return
    output.print_table(f"History of {result['country']}{axes_title(dates)}",
                       ["Date", "Change", "Kind", "Title", "Before → after", "Source"],
                       [output.history_row(c) for c in result["changes"]])


@app.command()
@handle_errors
def diff(
    country: Annotated[str, typer.Argument(help="ISO 3166 code or name of the country.")],
    date_from: Annotated[str, typer.Option("--from", help="The earlier date (YYYY[-MM[-DD]]).")],
    date_to: Annotated[str, typer.Option("--to", help="The later date (YYYY[-MM[-DD]]).")],
    kind: Annotated[str | None, typer.Option("--kind", "-k", help="Only this kind.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Show field by field what changed in a country's records between two dates.

    Example: policyatlas diff MX --from 2021-01-01 --to 2023-12-31
    """
    from policyatlas.views.history import get_diff

    result = get_diff(ready_engine(), country, date_from=iso_date(date_from, "--from"),
                      date_to=iso_date(date_to, "--to"), kind=kind).to_json()
    if as_json:
        output.print_json(result)
        return
    rows = []
    for change in result["changes"]:
        if not change["fields"]:
            rows.append([change["change"], change["kind"], change["title"], "", "", ""])
        for field in change["fields"]:
            rows.append([change["change"], change["kind"], change["title"], field["field"],
                         output.short(field["from"]), output.short(field["to"])])
    output.print_table(f"{result['country']}: {result['from']} → {result['to']}",
                       ["Change", "Kind", "Title", "Field", "Before", "After"], rows)

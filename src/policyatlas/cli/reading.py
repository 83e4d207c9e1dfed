"""Commands that read the atlas: countries, profile, records, sources, formats."""

from __future__ import annotations

from typing import Annotated

import typer

from policyatlas.cli import output
from policyatlas.cli.common import CountryOpt, JsonOpt, app, handle_errors, ready_engine
from policyatlas.sources import parsers
from policyatlas.views.countries import list_countries
from policyatlas.views.profile import get_profile
from policyatlas.views.records import list_records
from policyatlas.views.sources import list_sources


@app.command()
@handle_errors
def countries(as_json: JsonOpt = False) -> None:
    """List the countries the atlas holds facts about.

    Example: policyatlas countries --json
    """
    rows = list_countries(ready_engine())
    if as_json:
        output.print_json(rows)
        return
    output.print_table("Countries", ["Code", "Name", "Records", "Sources", "As of"],
                       [[r["code"], r["name"], r["records"], r["sources"], r["as_of"]] for r in rows])


@app.command()
@handle_errors
def profile(
    country: Annotated[str, typer.Argument(help="ISO 3166 code or name of the country (MX, MEX, Mexico).")],
    as_json: JsonOpt = False,
) -> None:
    """Show a country's profile in the portal's sections: Cybersecurity Policy, Structure,
    Legal Framework, Cooperation, Select Activities, Membership.

    Example: policyatlas profile MX
    """
    result = get_profile(ready_engine(), country)
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
    rows = list_records(ready_engine(), country=country, kind=kind, history=history)
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
    rows = list_sources(ready_engine(), country=country)
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
    rows = [{"format": p.kind, "description": p.description} for p in parsers()]
    if as_json:
        output.print_json(rows)
    else:
        output.print_table("Formats", ["Format", "Description"], [[r["format"], r["description"]] for r in rows])

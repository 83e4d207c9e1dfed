"""The ``search`` command: full-text search over every record and document, with facets."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Annotated, Any

import typer

from policyatlas.cli import output
from policyatlas.cli.common import CountryOpt, JsonOpt, app, handle_errors, ready_engine

if TYPE_CHECKING:
    from rich.text import Text

HIGHLIGHT = "bold black on yellow"


def highlighted(snippet: str) -> Text:
    """A snippet as Rich text, each ``<mark>…</mark>`` shown highlighted (the text is never markup)."""
    from rich.text import Text

    from policyatlas.views.search import MARK_END, MARK_START

    result = Text()
    rest = snippet
    while (start := rest.find(MARK_START)) >= 0:
        end = rest.find(MARK_END, start)
        if end < 0:
            break
        result.append(html.unescape(rest[:start]))
        result.append(html.unescape(rest[start + len(MARK_START):end]), style=HIGHLIGHT)
        rest = rest[end + len(MARK_END):]
    result.append(html.unescape(rest))
    return result


def _facet_line(name: str, counts: dict[str, int], top: int = 8) -> str:
    shown = ", ".join(f"{key} {count}" for key, count in list(counts.items())[:top])
    more = f", … ({len(counts) - top} more)" if len(counts) > top else ""
    return f"{name}: {shown}{more}"


def _print_results(result: dict[str, Any]) -> None:
    from rich.table import Table
    from rich.text import Text

    rows = result["results"]
    table = Table(title=f"{result['total']} matches for {result['query']!r}", header_style="bold", expand=True)
    for column, ratio in (("Kind", 1), ("Title", 2), ("Match", 4), ("Date", 1), ("Source:lines", 1)):
        table.add_column(column, overflow="fold", ratio=ratio)
    for row in rows:
        kind = " · ".join(x for x in (row["kind"], row["country"]) if x)
        kind += "" if row["current"] else " (history)"
        where = f"{row['source']}:{row['provenance']['line_start']}-{row['provenance']['line_end']}"
        table.add_row(Text(kind), Text(row["title"] or ""), highlighted(row["snippet"]),
                      Text(output.format_date(row["date"])), Text(where))
    output.console.print(table)
    if result["total"]:
        for name, counts in result["facets"].items():
            output.console.print(Text(_facet_line(name, counts)))
    if result["total"] > len(rows):
        output.console.print(Text(f"showing {len(rows)} of {result['total']}; use --limit to see more"))


@app.command()
@handle_errors
def search(
    query: Annotated[str, typer.Argument(help='Words (all must match), "exact phrases", prefix*, a OR b, -excluded.')],
    country: CountryOpt = None,
    kind: Annotated[str | None, typer.Option("--kind", "-k", help="Only this kind (law, cert, …, or document).")
                    ] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="Dated on or after (YYYY, YYYY-MM or YYYY-MM-DD).")
                         ] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Dated on or before (YYYY, YYYY-MM or YYYY-MM-DD).")
                       ] = None,
    history: Annotated[bool, typer.Option("--history", help="Include superseded source versions.")] = False,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=1000, help="How many hits to show.")] = 20,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip this many hits (next pages).")] = 0,
    as_json: JsonOpt = False,
) -> None:
    """Search every record and document (Spanish and English, accents and case ignored), best first.

    Matches are highlighted; in --json each snippet marks them as <mark>…</mark> (HTML-escaped text, not
    HTML) and "facets" counts all matches by country, kind and year. A query that starts with "-"
    goes after "--": policyatlas search -- -draft strategy

    Example: policyatlas search "proteccion de datos" --country MX --from 2010 --json
    """
    from policyatlas.views.search import search as run_search

    page = run_search(ready_engine(), query, country=country, kind=kind, date_from=date_from, date_to=date_to,
                      history=history, limit=limit, offset=offset).to_json()
    result = {"query": page["query"], "total": page["total"], "facets": page["facets"], "results": page["data"]}
    if as_json:
        output.print_json(result)
    else:
        _print_results(result)

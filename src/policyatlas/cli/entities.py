"""Commands about entities: one thing across sources, people, organisations, the review queue."""

from __future__ import annotations

from typing import Annotated

import typer

from policyatlas.cli import output
from policyatlas.cli.common import CountryOpt, JsonOpt, app, handle_errors, ready_engine
from policyatlas.errors import ConfigError

entities_app = typer.Typer(
    rich_markup_mode=None,  # plain help: Rich would cost more than the rest of start-up
    help="List, review and merge entities.\n\nExample: policyatlas entities review",
                           no_args_is_help=True)
app.add_typer(entities_app, name="entities")


@app.command()
@handle_errors
def entity(
    entity_id: Annotated[str, typer.Argument(help="Entity id, e.g. mx/law/ley-de-seguridad-nacional.")],
    history: Annotated[bool, typer.Option("--history", help="Include superseded source versions.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Show one entity with every record and source that mentions it.

    Example: policyatlas entity mx/cert/cert-mx
    """
    from policyatlas.views import entities as views

    result = views.get_entity(ready_engine(), entity_id, history=history).to_json()
    if as_json:
        output.print_json(result)
        return
    aliases = ", ".join(result["aliases"])
    output.console.print(f"[bold]{output.escape(result['name'])}[/bold] ({result['kind']}, "
                         f"{result['country'] or 'international'})" + (f"\naka {output.escape(aliases)}" if aliases else ""))
    output.print_table(f"{len(result['records'])} records", ["Role", "Kind", "Title", "Date", "Source:lines"], [
        [r["role"], r["kind"], r["title"], output.format_date(r["date"]),
         f"{r['provenance']['file']}:{r['provenance']['line_start']}-{r['provenance']['line_end']}"]
        for r in result["records"]
    ])


@app.command()
@handle_errors
def people(country: CountryOpt = None, as_json: JsonOpt = False) -> None:
    """List people (Popolo persons) with their roles, organisations and statements.

    Example: policyatlas people --country MX --json
    """
    from policyatlas.views import entities as views

    rows = [p.to_json() for p in views.list_people(ready_engine(), country=country).data]
    if as_json:
        output.print_json(rows)
        return
    output.print_table("People", ["Id", "Name", "Roles", "Statements", "Sources"], [
        [r["id"], r["name"], "; ".join(f"{m['role']} ({m.get('organization_name') or '-'})" for m in r["memberships"]),
         r["statements"], len(r["sources"])] for r in rows
    ])


@app.command()
@handle_errors
def orgs(country: CountryOpt = None, as_json: JsonOpt = False) -> None:
    """List organisations (agencies, CERTs, bodies named in records) with where they appear.

    Example: policyatlas orgs --country MX
    """
    from policyatlas.views import entities as views

    rows = [o.to_json() for o in views.list_orgs(ready_engine(), country=country).data]
    if as_json:
        output.print_json(rows)
        return
    output.print_table("Organisations", ["Id", "Name", "Kind", "Country", "Mentions"], [
        [r["id"], r["name"] + (f" ({r['acronym']})" if r["acronym"] and r["acronym"] != r["name"] else ""),
         r["kind"], r["country"] or "intl", r["mentions"]] for r in rows
    ])


@entities_app.command("list")
@handle_errors
def entities_list(
    kind: Annotated[str | None, typer.Option("--kind", "-k", help="Only this kind.")] = None,
    country: CountryOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List entities.

    Example: policyatlas entities list --kind law --country MX
    """
    from policyatlas.views import entities as views

    rows = [e.to_json() for e in views.list_entities(ready_engine(), kind=kind, country=country).data]
    if as_json:
        output.print_json(rows)
        return
    output.print_table(f"{len(rows)} entities", ["Id", "Kind", "Name", "Aliases"],
                       [[r["id"], r["kind"], r["name"], ", ".join(r["aliases"])] for r in rows])


@entities_app.command("review")
@handle_errors
def entities_review(
    merge: Annotated[int | None, typer.Option("--merge", help="Merge the pair of this review item.")] = None,
    reject: Annotated[int | None, typer.Option("--reject", help="Keep the pair of this item apart.")] = None,
    all_items: Annotated[bool, typer.Option("--all", help="List decided items too.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """List the pairs of entities the resolver was unsure about, or decide one (kept for good).

    Example: policyatlas entities review --merge 3
    """
    from policyatlas.services import entities as services
    from policyatlas.views import entities as views

    eng = ready_engine()
    if merge is not None and reject is not None:
        raise ConfigError("give --merge or --reject, not both")
    if merge is not None or reject is not None:
        result = services.decide_review(eng, merge if merge is not None else reject or 0,
                                        merge=merge is not None).to_json()
        if as_json:
            output.print_json(result)
        else:
            output.console.print(f"review item {result['id']}: {result['status']}")
        return
    rows = [r.to_json() for r in views.list_reviews(eng, status=None if all_items else "pending").data]
    if as_json:
        output.print_json(rows)
        return
    output.print_table("Entities to review", ["Item", "Status", "Score", "New entity", "Existing entity", "Why"], [
        [r["id"], r["status"], f"{r['score']:.0f}", r["entity"]["id"], r["candidate"]["id"], r["reason"]] for r in rows
    ])


@entities_app.command("merge")
@handle_errors
def entities_merge(
    source: Annotated[str, typer.Argument(help="Entity to fold away.")],
    target: Annotated[str, typer.Argument(help="Entity that stays.")],
    as_json: JsonOpt = False,
) -> None:
    """Merge one entity into another by hand (same family only).

    Example: policyatlas entities merge mx/organization/policia-federal mx/organization/federal-police
    """
    from policyatlas.services import entities as services

    result = services.merge_entities(ready_engine(), source, target).to_json()
    if as_json:
        output.print_json(result)
    else:
        output.console.print(f"merged {source} into {result['id']}")


@entities_app.command("split")
@handle_errors
def entities_split(
    entity_id: Annotated[str, typer.Argument(help="Entity that wrongly joins two things.")],
    records: Annotated[list[str], typer.Argument(help="Ids of its records that speak of the other thing.")],
    as_json: JsonOpt = False,
) -> None:
    """Split records off an entity into a new entity (the pair is then never merged again).

    Example: policyatlas entities split mx/organization/federal-police 8282cb1e9673484c
    """
    from policyatlas.services import entities as services

    result = services.split_entity(ready_engine(), entity_id, records).to_json()
    if as_json:
        output.print_json(result)
    else:
        output.console.print(f"split {len(records)} record(s) off {entity_id} into {result['id']}")

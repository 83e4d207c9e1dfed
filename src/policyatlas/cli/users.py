"""Commands for accounts: users with roles (viewer, editor, admin) and their API tokens."""

from __future__ import annotations

from typing import Annotated

import typer

from policyatlas.cli import output
from policyatlas.cli.common import JsonOpt, app, handle_errors, ready_engine

users_app = typer.Typer(
    rich_markup_mode=None,  # plain help: Rich would cost more than the rest of start-up
    help="Manage users and API tokens.\n\nExample: policyatlas users add ana --role editor",
                        no_args_is_help=True)
app.add_typer(users_app, name="users")


@users_app.command("add")
@handle_errors
def users_add(
    name: Annotated[str, typer.Argument(help="The user's name.")],
    role: Annotated[str, typer.Option("--role", help="viewer, editor or admin.")] = "viewer",
    as_json: JsonOpt = False,
) -> None:
    """Add a user and print their API token (shown once: it is stored only as a hash).

    Example: policyatlas users add ana --role editor
    """
    from policyatlas.services import accounts

    user, token = accounts.add_user(ready_engine(), name, role)
    result = {"name": user.name, "role": user.role, "token": token}
    if as_json:
        output.print_json(result)
    else:
        output.console.print(f"user {result['name']} ({result['role']}); API token (keep it, it is shown once):")
        output.print_text(token)


@users_app.command("token")
@handle_errors
def users_token(name: Annotated[str, typer.Argument(help="The user's name.")], as_json: JsonOpt = False) -> None:
    """Create a new API token for a user.

    Example: policyatlas users token ana
    """
    from policyatlas.services import accounts

    token = accounts.new_token(ready_engine(), name)
    if as_json:
        output.print_json({"name": name, "token": token})
    else:
        output.print_text(token)


@users_app.command("revoke")
@handle_errors
def users_revoke(name: Annotated[str, typer.Argument(help="The user's name.")]) -> None:
    """Revoke every API token of a user.

    Example: policyatlas users revoke ana
    """
    from policyatlas.services import accounts

    count = accounts.revoke_tokens(ready_engine(), name)
    output.console.print(f"revoked {count} token(s) of {name}")


@users_app.command("list")
@handle_errors
def users_list(as_json: JsonOpt = False) -> None:
    """List users and their roles.

    Example: policyatlas users list --json
    """
    from policyatlas.services import accounts

    rows = [{"name": u.name, "role": u.role, "created_at": u.created_at.isoformat() if u.created_at else None}
            for u in accounts.list_users(ready_engine())]
    if as_json:
        output.print_json(rows)
    else:
        output.print_table("Users", ["Name", "Role", "Created"], [[r["name"], r["role"], r["created_at"]] for r in rows])

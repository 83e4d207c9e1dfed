"""Accounts: users with a role and their API tokens (stored only as hashes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine

from policyatlas.store import accounts
from policyatlas.store.accounts import ROLES as ROLES
from policyatlas.store.accounts import hash_token as hash_token
from policyatlas.store.accounts import role_allows as role_allows
from policyatlas.store.db import session_scope, write_scope


@dataclass(frozen=True)
class User:
    """A person who may write: name, role, when they were added."""

    name: str
    role: str
    created_at: datetime | None = None


def authenticate(engine: Engine, token: str) -> User | None:
    """The user an API token belongs to, None for an unknown or revoked token; its last use is written
    when due (at most every few minutes, in a statement that writes before it reads)."""
    with session_scope(engine) as session:
        user, due = accounts.authenticate_use(session, token)
        found = User(user.name, user.role) if user is not None else None
    if due:
        with session_scope(engine) as session:
            accounts.record_token_use(session, token)
    return found


def open_session(engine: Engine, name: str, token: str, *, lifetime: timedelta) -> tuple[User, str] | None:
    """Sign a user in to the portal with their name and an API token: the user and the new session's
    nonce (the database keeps only its hash), or None when they do not match an active account."""
    with write_scope(engine) as session:
        opened = accounts.open_session(session, name, token, lifetime=lifetime)
        return None if opened is None else (User(opened[0].name, opened[0].role), opened[1])


def session_user(engine: Engine, nonce: str) -> User | None:
    """The user of an open, unexpired portal session whose token is still active, or None."""
    with session_scope(engine) as session:
        user = accounts.session_user(session, nonce)
        return User(user.name, user.role) if user is not None else None


def close_session(engine: Engine, nonce: str) -> None:
    """End a portal session (sign-out): its cookie no longer signs anyone in."""
    with session_scope(engine) as session:
        accounts.close_session(session, nonce)


def add_user(engine: Engine, name: str, role: str) -> tuple[User, str]:
    """Create a user and a first API token; the token is returned once and never stored in clear."""
    with write_scope(engine) as session:
        user, token = accounts.add_user(session, name, role)
        return User(user.name, user.role, user.created_at), token


def new_token(engine: Engine, name: str) -> str:
    """A new API token for a user."""
    with write_scope(engine) as session:
        return accounts.new_token(session, accounts.get_user(session, name))


def revoke_tokens(engine: Engine, name: str) -> int:
    """Revoke every token of a user (and close their portal sessions); returns how many were active."""
    with write_scope(engine) as session:
        return accounts.revoke_tokens(session, name)


def list_users(engine: Engine) -> list[User]:
    """Every user, by name."""
    with session_scope(engine) as session:
        return [User(u.name, u.role, u.created_at) for u in accounts.list_users(session)]

"""Accounts: users with a role and their API tokens (stored only as hashes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from policyatlas.store import accounts
from policyatlas.store.accounts import ROLES as ROLES
from policyatlas.store.accounts import hash_token as hash_token
from policyatlas.store.accounts import role_allows as role_allows
from policyatlas.store.db import session_scope


@dataclass(frozen=True)
class User:
    """A person who may write: name, role, when they were added."""

    name: str
    role: str
    created_at: datetime | None = None


def authenticate(engine: Engine, token: str) -> User | None:
    """The user an API token belongs to (its last use is noted), None for an unknown or revoked token."""
    with session_scope(engine) as session:
        user = accounts.authenticate(session, token)
        return User(user.name, user.role) if user is not None else None


def authenticate_hash(engine: Engine, token_hash: str) -> User | None:
    """The user whose active token has this hash (a signed-in portal session keeps only the hash)."""
    with session_scope(engine) as session:
        user = accounts.authenticate_hash(session, token_hash)
        return User(user.name, user.role) if user is not None else None


def add_user(engine: Engine, name: str, role: str) -> tuple[User, str]:
    """Create a user and a first API token; the token is returned once and never stored in clear."""
    with session_scope(engine) as session:
        user, token = accounts.add_user(session, name, role)
        return User(user.name, user.role, user.created_at), token


def new_token(engine: Engine, name: str) -> str:
    """A new API token for a user."""
    with session_scope(engine) as session:
        return accounts.new_token(session, accounts.get_user(session, name))


def revoke_tokens(engine: Engine, name: str) -> int:
    """Revoke every token of a user; returns how many were active."""
    with session_scope(engine) as session:
        return accounts.revoke_tokens(session, name)


def list_users(engine: Engine) -> list[User]:
    """Every user, by name."""
    with session_scope(engine) as session:
        return [User(u.name, u.role, u.created_at) for u in accounts.list_users(session)]

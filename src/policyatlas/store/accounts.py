"""Accounts: users with a role and their API tokens (stored only as SHA-256 hashes)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from policyatlas.errors import ConfigError, NotFoundError
from policyatlas.store.schema import ApiTokenRow, UserRow

ROLES: tuple[str, ...] = ("viewer", "editor", "admin")
TOKEN_PREFIX = "pa_"


def hash_token(token: str) -> str:
    """The stored form of a token (tokens are long random strings, so a plain SHA-256 suffices)."""
    return hashlib.sha256(token.encode()).hexdigest()


def role_allows(role: str, needed: str) -> bool:
    """Whether a role includes another (admin ⊇ editor ⊇ viewer)."""
    return ROLES.index(role) >= ROLES.index(needed)


def add_user(session: Session, name: str, role: str) -> tuple[UserRow, str]:
    """Create a user and a first API token; the token is returned once and never stored in clear."""
    if role not in ROLES:
        raise ConfigError(f"unknown role {role!r} (choose from {', '.join(ROLES)})")
    if not name.strip() or len(name) > 80:
        raise ConfigError("a user name is 1 to 80 characters")
    if session.scalars(select(UserRow).where(UserRow.name == name)).first() is not None:
        raise ConfigError(f"user {name!r} exists already (use `policyatlas users token {name}` for a new token)")
    user = UserRow(name=name, role=role, created_at=datetime.now(UTC))
    session.add(user)
    session.flush()
    return user, new_token(session, user)


def new_token(session: Session, user: UserRow) -> str:
    """A new API token for a user."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiTokenRow(user_id=user.id, token_hash=hash_token(token), created_at=datetime.now(UTC),
                            revoked=False))
    session.flush()
    return token


def get_user(session: Session, name: str) -> UserRow:
    """A user by name."""
    user = session.scalars(select(UserRow).where(UserRow.name == name)).first()
    if user is None:
        raise NotFoundError(f"no user {name!r}")
    return user


def list_users(session: Session) -> Sequence[UserRow]:
    """Every user, by name."""
    return session.scalars(select(UserRow).order_by(UserRow.name)).all()


def authenticate(session: Session, token: str) -> UserRow | None:
    """The user a token belongs to, or None for an unknown or revoked token."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    row = session.scalars(select(ApiTokenRow).where(ApiTokenRow.token_hash == hash_token(token))).first()
    if row is None or row.revoked:
        return None
    row.last_used_at = datetime.now(UTC)
    return session.get(UserRow, row.user_id)


def authenticate_hash(session: Session, token_hash: str) -> UserRow | None:
    """The user whose active token has this hash (a signed-in portal session keeps only the hash)."""
    row = session.scalars(select(ApiTokenRow).where(ApiTokenRow.token_hash == token_hash)).first()
    if row is None or row.revoked:
        return None
    return session.get(UserRow, row.user_id)


def revoke_tokens(session: Session, name: str) -> int:
    """Revoke every token of a user; returns how many were active."""
    user = get_user(session, name)
    rows = session.scalars(select(ApiTokenRow).where(ApiTokenRow.user_id == user.id,
                                                     ApiTokenRow.revoked.is_(False))).all()
    for row in rows:
        row.revoked = True
    return len(rows)

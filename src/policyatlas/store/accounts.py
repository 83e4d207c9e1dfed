"""Accounts: users with a role, their API tokens (stored only as SHA-256 hashes) and their portal sessions."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from policyatlas.errors import ConfigError, NotFoundError
from policyatlas.store.schema import ApiTokenRow, PortalSessionRow, UserRow

ROLES: tuple[str, ...] = ("viewer", "editor", "admin")
TOKEN_PREFIX = "pa_"
#: A token's last use is written at most this often (a write per request would serialise every reader).
USE_GRANULARITY = timedelta(minutes=5)


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


def _active_token(session: Session, token_hash: str) -> ApiTokenRow | None:
    row = session.scalars(select(ApiTokenRow).where(ApiTokenRow.token_hash == token_hash)).first()
    return None if row is None or row.revoked else row


def authenticate(session: Session, token: str) -> UserRow | None:
    """The user a token belongs to, or None for an unknown or revoked token (a read: see ``record_token_use``)."""
    return authenticate_use(session, token)[0]


def authenticate_use(session: Session, token: str) -> tuple[UserRow | None, bool]:
    """The user a token belongs to (None for an unknown or revoked token), and whether its last use is
    due to be written (``record_token_use``): only every ``USE_GRANULARITY``, since on SQLite even an
    UPDATE that changes nothing waits for the write lock."""
    if not token.startswith(TOKEN_PREFIX):
        return None, False
    row = _active_token(session, hash_token(token))
    if row is None:
        return None, False
    last = row.last_used_at
    if last is not None and last.tzinfo is None:
        last = last.replace(tzinfo=UTC)  # SQLite keeps times without their zone
    return session.get(UserRow, row.user_id), last is None or last < datetime.now(UTC) - USE_GRANULARITY


def record_token_use(session: Session, token: str) -> None:
    """Note that a token was used now (written at most every ``USE_GRANULARITY``; the statement writes
    before it reads, so it never needs a read-then-write transaction)."""
    now = datetime.now(UTC)
    session.execute(update(ApiTokenRow).where(
        ApiTokenRow.token_hash == hash_token(token),
        or_(ApiTokenRow.last_used_at.is_(None), ApiTokenRow.last_used_at < now - USE_GRANULARITY),
    ).values(last_used_at=now))


def open_session(session: Session, name: str, token: str, *, lifetime: timedelta) -> tuple[UserRow, str] | None:
    """Sign a user in to the portal with their name and an API token (run in a write transaction).

    Returns the user and a new session nonce for the cookie (the database keeps only its SHA-256
    and the token it was opened with), or None when the name and token do not match an active account.
    Sessions that expired are deleted on the way.
    """
    if not token.startswith(TOKEN_PREFIX):
        return None
    row = _active_token(session, hash_token(token))
    user = None if row is None else session.get(UserRow, row.user_id)
    if row is None or user is None or user.name != name:
        return None
    now = datetime.now(UTC)
    session.execute(delete(PortalSessionRow).where(PortalSessionRow.expires_at < now))
    nonce = secrets.token_urlsafe(32)
    session.add(PortalSessionRow(id=hash_token(nonce), user_id=user.id, token_id=row.id, created_at=now,
                                 expires_at=now + lifetime))
    row.last_used_at = now
    session.flush()
    return user, nonce


def session_user(session: Session, nonce: str) -> UserRow | None:
    """The user of an open, unexpired portal session whose token is still active, or None."""
    found = session.execute(
        select(UserRow).join(PortalSessionRow, PortalSessionRow.user_id == UserRow.id)
        .join(ApiTokenRow, ApiTokenRow.id == PortalSessionRow.token_id)
        .where(PortalSessionRow.id == hash_token(nonce), PortalSessionRow.expires_at > datetime.now(UTC),
               ApiTokenRow.revoked.is_(False))
    ).scalars().first()
    return found


def close_session(session: Session, nonce: str) -> None:
    """End a portal session (sign-out): its cookie no longer signs anyone in."""
    session.execute(delete(PortalSessionRow).where(PortalSessionRow.id == hash_token(nonce)))


def revoke_tokens(session: Session, name: str) -> int:
    """Revoke every token of a user; returns how many were active."""
    user = get_user(session, name)
    rows = session.scalars(select(ApiTokenRow).where(ApiTokenRow.user_id == user.id,
                                                     ApiTokenRow.revoked.is_(False))).all()
    for row in rows:
        row.revoked = True
    session.execute(delete(PortalSessionRow).where(PortalSessionRow.user_id == user.id))
    return len(rows)

"""Users, roles and API tokens (stored hashed)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine, select

from policyatlas.errors import ConfigError
from policyatlas.store import accounts
from policyatlas.store.db import session_scope
from policyatlas.store.migrate import upgrade
from policyatlas.store.schema import ApiTokenRow
from tests.conftest import CliRun


def test_accounts_token_authenticates_and_is_stored_hashed(engine: Engine) -> None:
    upgrade(engine)
    with session_scope(engine) as session:
        user, token = accounts.add_user(session, "ana", "editor")
    with session_scope(engine) as session:
        stored = session.scalars(select(ApiTokenRow.token_hash)).all()
        assert token not in stored and accounts.hash_token(token) in stored
        found = accounts.authenticate(session, token)
        assert found is not None and (found.name, found.role) == ("ana", "editor")
        assert accounts.authenticate(session, token + "x") is None
        assert accounts.authenticate(session, "not-a-token") is None
        assert accounts.revoke_tokens(session, "ana") == 1
    with session_scope(engine) as session:
        assert accounts.authenticate(session, token) is None


def test_accounts_roles_and_errors(engine: Engine) -> None:
    upgrade(engine)
    assert accounts.role_allows("admin", "editor") and not accounts.role_allows("viewer", "editor")
    with session_scope(engine) as session:
        accounts.add_user(session, "ana", "viewer")
        with pytest.raises(ConfigError, match="exists already"):
            accounts.add_user(session, "ana", "viewer")
        with pytest.raises(ConfigError, match="unknown role"):
            accounts.add_user(session, "bob", "owner")


def test_cli_users(cli: CliRun) -> None:
    added = json.loads(cli("users", "add", "ana", "--role", "editor", "--json").stdout)
    assert added["role"] == "editor" and added["token"].startswith("pa_")
    assert [u["name"] for u in json.loads(cli("users", "list", "--json").stdout)] == ["ana"]
    assert cli("users", "token", "ana").stdout.strip().startswith("pa_")
    assert "revoked 2" in cli("users", "revoke", "ana").stdout
    bad = cli("users", "add", "bob", "--role", "owner")
    assert bad.exit_code == 1 and "unknown role" in bad.stderr


def test_accounts_token_use_is_written_at_most_every_few_minutes(engine: Engine) -> None:
    upgrade(engine)
    with session_scope(engine) as session:
        _, token = accounts.add_user(session, "tess", "editor")
    with session_scope(engine) as session:
        user, due = accounts.authenticate_use(session, token)
        assert user is not None and user.name == "tess" and due  # never used
        accounts.record_token_use(session, token)
    with session_scope(engine) as session:
        assert accounts.authenticate_use(session, token)[1] is False  # used just now: nothing to write
        assert accounts.authenticate_use(session, token + "x") == (None, False)


def test_accounts_portal_session_ends_at_close_expiry_or_revocation(engine: Engine) -> None:
    from datetime import timedelta

    upgrade(engine)
    with session_scope(engine) as session:
        _, token = accounts.add_user(session, "sam", "editor")
    with session_scope(engine) as session:
        assert accounts.open_session(session, "someone else", token, lifetime=timedelta(hours=1)) is None
        opened = accounts.open_session(session, "sam", token, lifetime=timedelta(hours=1))
        expired = accounts.open_session(session, "sam", token, lifetime=timedelta(seconds=-1))
    assert opened is not None and expired is not None
    nonce = opened[1]
    with session_scope(engine) as session:
        assert accounts.hash_token(nonce) != nonce and token not in nonce
        found = accounts.session_user(session, nonce)
        assert found is not None and found.name == "sam"
        assert accounts.session_user(session, expired[1]) is None
        accounts.close_session(session, nonce)
    with session_scope(engine) as session:
        assert accounts.session_user(session, nonce) is None
        again = accounts.open_session(session, "sam", token, lifetime=timedelta(hours=1))
        assert again is not None
        accounts.revoke_tokens(session, "sam")
    with session_scope(engine) as session:
        assert accounts.session_user(session, again[1]) is None

"""The atlas database an interface works on: open it, bring its schema up to date only when needed."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from policyatlas.store.db import DEFAULT_POOL_SIZE, make_engine

VERSIONS = Path(__file__).resolve().parents[1] / "store" / "migrations" / "versions"
_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)


def connect(url: str, *, pool_size: int = DEFAULT_POOL_SIZE) -> Engine:
    """An engine on the atlas database at ``url`` (a SQLite file's folder is created); a server sizes its
    pool (``pool_size``) for its worker threads."""
    return make_engine(url, pool_size=pool_size)


@lru_cache(maxsize=1)
def head() -> str | None:
    """The newest schema revision the package ships, read from the migration files' headers (no Alembic
    import: this is checked on every command)."""
    revisions, parents = set(), set()
    for path in VERSIONS.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        found = _REVISION.search(source)
        if found:
            revisions.add(found.group(1))
        parent = _DOWN.search(source)
        if parent:
            parents.add(parent.group(1))
    heads = sorted(revisions - parents)
    return heads[0] if len(heads) == 1 else None


def stored_revision(engine: Engine) -> str | None:
    """The schema revision the database is at (None for a database not yet made)."""
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError:
        return None


def ensure_schema(engine: Engine) -> bool:
    """Migrate the database when (and only when) it is not at the newest revision; True when it was."""
    newest = head()
    if newest is not None and stored_revision(engine) == newest:
        return False
    return upgrade_schema(engine)


def upgrade_schema(engine: Engine) -> bool:
    """Run every pending migration (Alembic); True when any was applied."""
    from policyatlas.store.migrate import upgrade

    return upgrade(engine)


def schema_revisions(engine: Engine) -> tuple[str | None, str | None]:
    """The database's schema revision and the newest one the package ships (as Alembic sees them)."""
    from policyatlas.store.migrate import current_revision, head_revision

    return current_revision(engine), head_revision(engine)

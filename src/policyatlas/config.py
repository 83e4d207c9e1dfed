"""Settings: one typed object read from POLICYATLAS_* environment variables (or a .env file)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    """Everything PolicyAtlas can be configured with; every field has a working default."""

    model_config = SettingsConfigDict(
        env_prefix="POLICYATLAS_", env_file=".env", env_ignore_empty=True, extra="ignore"
    )

    database_url: str = "sqlite:///var/atlas.db"
    """SQLAlchemy URL of the atlas database (SQLite file by default, PostgreSQL supported)."""

    data_dir: Path = REPO_ROOT / "data" / "atlas"
    """The bundled open dataset that `policyatlas build` ingests."""

    host: str = "127.0.0.1"
    """Address `policyatlas serve` listens on."""

    port: int = 8000
    """Port `policyatlas serve` listens on."""

    max_upload_bytes: Annotated[int, Field(gt=0)] = 20 * 1024 * 1024
    """Largest upload the API and the portal accept (bytes): one document, or all the files of one portal upload."""

    max_document_bytes: Annotated[int, Field(gt=0)] = 50 * 1024 * 1024
    """Largest file `policyatlas ingest` reads (bytes); a larger one is refused, unread, with a one-line error."""

    max_body_bytes: Annotated[int, Field(gt=0)] = 2 * 1024 * 1024
    """Largest body of any other request (sign-in and edit forms, JSON), refused with 413 before it is read."""

    public_url: str | None = None
    """The address the atlas is published at (``https://atlas.example.org``): links the server writes
    (``Link`` headers) start with it; unset, they are paths on the host the client asked."""

    trusted_proxies: str | None = None
    """Addresses of reverse proxies whose X-Forwarded-For / X-Forwarded-Proto headers are believed
    (comma-separated, ``*`` for any): the client's address (rate limits) and HTTPS (Secure cookies)
    come from them. Unset, forwarded headers are ignored."""

    secure_cookies: bool | None = None
    """Mark cookies Secure: unset, when the request came over HTTPS (directly or through a trusted
    proxy) or ``public_url`` is https."""

    session_hours: Annotated[float, Field(gt=0)] = 8
    """How long a portal sign-in lasts (signing out ends it at once)."""

    threads: Annotated[int, Field(ge=1, le=256)] = 16
    """Worker threads serving requests; the database pool keeps as many connections (and as many again under load)."""

    sign_in_failures_per_minute: Annotated[int, Field(ge=0)] = 10
    """Failed portal sign-ins a client may make per minute before it gets 429 (0: no limit)."""

    bad_tokens_per_minute: Annotated[int, Field(ge=0)] = 20
    """Unknown or revoked API tokens a client may send per minute before every token it sends gets 429 (0: no limit)."""

    suggestions_per_hour: Annotated[int, Field(ge=0)] = 30
    """Suggestions a client without a token may send per hour (0: no limit)."""

    secret_key: str | None = None
    """Key signing the portal's session cookies (unset: a random key made at first run, kept in var/secret_key)."""


def public_base(settings: Settings) -> str:
    """Where the atlas is reached from outside, for the addresses it gives out (permalinks, citations, feeds):
    ``public_url``, else ``http://HOST:PORT``; never a request's Host header. No trailing slash."""
    return (settings.public_url or f"http://{settings.host}:{settings.port}").rstrip("/")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()

"""Settings: one typed object read from POLICYATLAS_* environment variables (or a .env file)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

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

    max_upload_bytes: int = 20 * 1024 * 1024
    """Largest document the API and the portal accept for upload (bytes)."""

    secret_key: str | None = None
    """Key signing the portal's session cookies (unset: a random key made at first run, kept in var/secret_key)."""


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()

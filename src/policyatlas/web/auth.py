"""Editors' sign-in (name + API token, kept in a signed session cookie) and CSRF tokens for every form."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy import Engine
from starlette.datastructures import FormData

from policyatlas.config import Settings
from policyatlas.services import accounts

log = logging.getLogger(__name__)

SECRET_FILE = Path("var") / "secret_key"
CSRF_FIELD = "csrf_token"
SESSION_COOKIE = "policyatlas_session"
SESSION_MAX_AGE = 8 * 3600


@dataclass(frozen=True)
class Editor:
    """The person signed in to the portal."""

    name: str
    role: str

    @property
    def can_edit(self) -> bool:
        """Whether the role lets them correct records, upload documents and review suggestions."""
        return accounts.role_allows(self.role, "editor")


class LoginRequired(Exception):
    """A page for editors was asked for by someone not signed in (answered with a redirect to /login)."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class CsrfError(HTTPException):
    """A form came without the session's CSRF token (an old page, or a request forged by another site)."""

    def __init__(self) -> None:
        super().__init__(status_code=403, detail="csrf")


def secret_key(settings: Settings, path: Path = SECRET_FILE) -> str:
    """The key that signs session cookies: the setting, else one made at first run and kept in ``path``."""
    if settings.secret_key:
        return settings.secret_key
    if path.is_file():
        kept = path.read_text(encoding="utf-8").strip()
        if kept:
            return kept
    key = secrets.token_urlsafe(48)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_text(key + "\n", encoding="utf-8")
    log.info("made a new session key in %s", path)
    return key


def csrf_token(request: Request) -> str:
    """This visitor's CSRF token (made on first use and kept in the session)."""
    token = request.session.get("csrf")
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


async def checked_form(request: Request) -> FormData:
    """The posted form, once its CSRF token matches the session's; otherwise a 403 page."""
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    kept = request.session.get("csrf")
    if not isinstance(sent, str) or not isinstance(kept, str) or not secrets.compare_digest(sent, kept):
        raise CsrfError()
    return form


CheckedForm = Annotated[FormData, Depends(checked_form)]


def current_editor(request: Request) -> Editor | None:
    """Who is signed in, if anyone: checked against the database on every request, so a revoked
    token or a changed role takes effect at once, not when the cookie expires."""
    user = request.session.get("user")
    if not isinstance(user, dict) or not isinstance(user.get("token"), str):
        return None
    found = accounts.authenticate_hash(request.app.state.portal.engine, user["token"])
    if found is None or found.name != user.get("name"):
        request.session.clear()
        return None
    return Editor(found.name, found.role)


def require_editor(request: Request) -> Editor:
    """The signed-in editor; anyone else is sent to the sign-in page (or refused, when signed in as a viewer)."""
    editor = current_editor(request)
    if editor is None:
        raise LoginRequired(request.url.path)
    if not editor.can_edit:
        raise HTTPException(status_code=403, detail="editors-only")
    return editor


EditorDep = Annotated[Editor, Depends(require_editor)]


def sign_in(engine: Engine, request: Request, name: str, token: str) -> Editor | None:
    """Check a name and API token; on success the session remembers the person (with a new CSRF token)."""
    user = accounts.authenticate(engine, token.strip())
    if user is None or user.name != name.strip():
        return None
    editor = Editor(user.name, user.role)
    request.session.clear()
    request.session["user"] = {"name": editor.name, "role": editor.role, "token": accounts.hash_token(token.strip())}
    csrf_token(request)
    return editor


def sign_out(request: Request) -> None:
    """Forget who was signed in."""
    request.session.clear()


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site only (never another host)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"

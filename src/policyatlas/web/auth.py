"""Editors' sign-in and CSRF tokens for every form.

Signing in with a name and an API token opens a session in the database; the signed session cookie
carries only a random nonce naming it (and the visitor's CSRF token), never the token or its digest.
Signing out deletes the session, so a copy of the cookie signs no one in afterwards; revoking the
token ends its sessions too. Failed sign-ins are rate-limited per client.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request
from sqlalchemy import Engine
from starlette.datastructures import FormData

from policyatlas.api.deps import get_context
from policyatlas.api.ratelimit import check, count
from policyatlas.config import Settings
from policyatlas.services import accounts

log = logging.getLogger(__name__)

SECRET_FILE = Path("var") / "secret_key"
CSRF_FIELD = "csrf_token"
SESSION_COOKIE = "policyatlas_session"
#: The session cookie's key naming the signed-in session (a random nonce; the database keeps its hash).
SESSION_KEY = "sid"


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
    """Who is signed in, if anyone: the session is looked up in the database on every request, so
    signing out, a revoked token or a changed role takes effect at once, not when the cookie expires."""
    if hasattr(request.state, "editor"):
        cached: Editor | None = request.state.editor
        return cached
    nonce = request.session.get(SESSION_KEY)
    editor = None
    if isinstance(nonce, str) and nonce:
        found = accounts.session_user(request.app.state.portal.engine, nonce)
        editor = Editor(found.name, found.role) if found is not None else None
        if editor is None:
            request.session.clear()
    request.state.editor = editor
    return editor


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
    """Check a name and API token; on success a new session (and a new CSRF token) replaces the old one.

    Raises:
        TooManyRequestsError: this client failed to sign in too often lately.
    """
    limiter = get_context(request).limits.sign_in_failures
    check(limiter, request, "failed sign-ins")
    hours = request.app.state.portal.settings.session_hours
    opened = accounts.open_session(engine, name.strip(), token.strip(), lifetime=timedelta(hours=hours))
    if opened is None:
        count(limiter, request, "failed sign-ins")
        return None
    editor = Editor(opened[0].name, opened[0].role)
    sign_out(request)
    request.session[SESSION_KEY] = opened[1]
    request.state.editor = editor
    csrf_token(request)
    return editor


def sign_out(request: Request) -> None:
    """End the signed-in session (in the database too) and forget the visitor's session data."""
    nonce = request.session.get(SESSION_KEY)
    if isinstance(nonce, str) and nonce:
        accounts.close_session(request.app.state.portal.engine, nonce)
    request.session.clear()
    request.state.editor = None


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site only (never another host).

    Browsers drop tabs and line breaks from a URL and read a backslash as a slash, so ``/\t/evil``
    and ``/\\evil`` would lead away: any such character, a scheme or a host refuses the target.
    """
    if (not target or not target.startswith("/") or target.startswith("//")
            or any(ord(c) < 0x21 or c in "\\\x7f" for c in target)):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    return target

"""What every page shares: the atlas engine, the templates and the rendering of a page in the visitor's language."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape
from sqlalchemy import Engine

from policyatlas import __version__
from policyatlas.config import Settings
from policyatlas.web import formatting
from policyatlas.web.auth import CSRF_FIELD, csrf_token, current_editor
from policyatlas.web.i18n import COOKIE, Translator, country_name, language_links, pick_language

TEMPLATES = Path(__file__).resolve().parent / "templates"
LANG_COOKIE_AGE = 365 * 24 * 3600


@pass_context
def _fdate(context: Context, date: dict[str, Any] | None) -> str:
    return formatting.format_date(date, context.get("lang", "en"))


@pass_context
def _isodate(context: Context, value: str | None) -> str:
    return formatting.format_iso(str(value), context.get("lang", "en")) if value else ""


@pass_context
def _number(context: Context, value: Any) -> str:
    return formatting.number_text(value, context.get("lang", "en"))


@pass_context
def _score(context: Context, value: Any) -> str:
    return formatting.score_text(value, context.get("lang", "en"))


@pass_context
def _percent(context: Context, share: float | None) -> str:
    return formatting.percent_text(share, context.get("lang", "en"))


@pass_context
def _fiso(context: Context, value: Any) -> str:
    return formatting.human_date(value, context.get("lang", "en"))


@pass_context
def _change_value(context: Context, value: Any) -> str:
    return formatting.change_value(value, context.get("lang", "en"))


@pass_context
def _country(context: Context, code: str | None) -> str:
    return country_name(code, context.get("lang", "en"))


@pass_context
def _label(context: Context, code: Any) -> str:
    translator = context.get("_")
    return translator.label(code) if isinstance(translator, Translator) else str(code)


def line_href(source: str, line: int | None = None) -> str:
    """The address of a source document, at a line when one is given."""
    return f"/sources/{source}" + (f"#L{line}" if line else "")


def make_templates() -> Jinja2Templates:
    """The portal's Jinja environment (autoescaping on) with its filters."""
    templates = Jinja2Templates(directory=str(TEMPLATES))
    env = templates.env
    env.autoescape = True
    env.trim_blocks = env.lstrip_blocks = True
    env.filters.update(fdate=_fdate, isodate=_isodate, country=_country, label=_label, marked=formatting.marked,
                       score=_score, number=_number, percent=_percent, date_input=formatting.date_input,
                       moment=formatting.moment, fiso=_fiso, change_value=_change_value)
    env.globals.update(line_href=line_href, version=__version__)
    return templates


@dataclass
class Portal:
    """The atlas and templates the pages render from."""

    engine: Engine
    settings: Settings
    templates: Jinja2Templates

    def translator(self, request: Request) -> Translator:
        """The interface strings in the visitor's language."""
        return Translator(pick_language(request))

    def render(self, request: Request, name: str, context: dict[str, Any] | None = None, *,
               status_code: int = 200) -> HTMLResponse:
        """A page from a template, with what every page needs (language, editor, CSRF field)."""
        lang = pick_language(request)

        def csrf_field() -> Markup:
            return Markup(f'<input type="hidden" name="{CSRF_FIELD}" value="{escape(csrf_token(request))}">')

        translator = Translator(lang)
        values = {"_": translator, "ngettext": translator.ngettext, "lang": lang, "languages": language_links(request),
                  "editor": current_editor(request), "csrf_field": csrf_field, "path": request.url.path,
                  **(context or {})}
        response = self.templates.TemplateResponse(request, name, values, status_code=status_code)
        if request.query_params.get("lang") == lang:
            response.set_cookie(COOKIE, lang, max_age=LANG_COOKIE_AGE, samesite="lax", httponly=True)
        return response


def get_portal(request: Request) -> Portal:
    """The portal of the application handling this request."""
    portal = request.app.state.portal
    assert isinstance(portal, Portal)
    return portal


PortalDep = Annotated[Portal, Depends(get_portal)]

"""The portal's translations: gettext catalogues (``locale/<lang>/LC_MESSAGES/messages.po``), read at start.

The ``.po`` files in the repository are the source of truth. They are read with Babel when the portal first
needs a language and compiled in memory (fuzzy and untranslated entries left out, so those show in English),
which keeps a fresh clone or ``make install`` working with no compile step. ``make messages`` extracts the
strings from the code and templates (``babel.cfg``) and merges them into every catalogue.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from policyatlas.errors import ConfigError

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"


def po_path(lang: str) -> Path:
    """Where a language's catalogue lives in the repository."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalogue(lang: str) -> Catalog:
    """A language's ``.po`` catalogue as Babel reads it; a clear error naming the file when it cannot be read."""
    path = po_path(lang)
    try:
        with path.open("rb") as handle:
            return read_po(handle, locale=lang, domain=DOMAIN)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path}: cannot read the {lang} catalogue: {exc}") from None


@lru_cache(maxsize=8)
def translations(lang: str) -> gettext.NullTranslations:
    """A language's compiled translations (plural forms from the catalogue's header)."""
    if not po_path(lang).is_file():
        return gettext.NullTranslations()
    buffer = BytesIO()
    write_mo(buffer, read_catalogue(lang), use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)

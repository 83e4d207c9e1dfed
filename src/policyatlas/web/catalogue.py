"""The portal's translations: gettext catalogues (``locale/<lang>/LC_MESSAGES/messages.po``), read at start.

The ``.po`` files in the repository are the source of truth. They are read with Babel when the portal first
needs a language and compiled in memory (fuzzy and untranslated entries left out, so those show in English),
which keeps a fresh clone or ``make install`` working with no compile step. ``make messages`` extracts the
strings from the code and templates (``babel.cfg``) and merges them into every catalogue.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import IO, Any

import yaml
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


#: What a reader sees of a framework, translated like any interface string (``{{ _(a.framework.name) }}``).
_FRAMEWORK_PATHS = (("name",), ("based_on",), ("pillars", "name"), ("indicators", "name"), ("scoring", "tiers", "name"))


def extract_framework(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
                      ) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel extraction method for a framework's YAML (babel.cfg): its name and its pillars', indicators' and
    tiers' names and what it is based on, each with its line."""
    del keywords, comment_tags, options
    root = yaml.compose(fileobj)

    def walk(node: yaml.Node | None, path: tuple[str, ...]) -> Iterator[tuple[int, str | None, str, list[str]]]:
        if node is None:
            return
        if isinstance(node, yaml.SequenceNode):
            for item in node.value:
                yield from walk(item, path)
        elif isinstance(node, yaml.MappingNode) and path:
            for key, value in node.value:
                if key.value != path[0]:
                    continue
                if len(path) == 1 and isinstance(value, yaml.ScalarNode) and value.value:
                    yield value.start_mark.line + 1, None, str(value.value), []
                else:
                    yield from walk(value, path[1:])

    for path in _FRAMEWORK_PATHS:
        yield from walk(root, path)

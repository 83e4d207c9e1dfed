"""Marking the English interface strings that layers below the portal name (profile sections, summary topics,
comparison indicators, map measures) so that ``make messages`` extracts them into the portal's catalogue.

``N_`` returns its text unchanged: the layer keeps speaking English, and the portal translates the string when
it shows it (``t(section)``, ``{{ _(topic.name) }}``).
"""

from __future__ import annotations


def N_(text: str) -> str:  # noqa: N802 - the name gettext's tools look for
    """``text`` itself, marked for the catalogue."""
    return text

"""Answers computed once per data version: aggregates over many records (the incidents dashboard, the
stakeholder graph, the countries' counts) are kept until the public atlas changes.

The data version is read from the database on every call (one cheap, index-backed query), so a cached
answer is never served after an ingest, an edit, a merge or a review decision, by this process or any
other sharing the database.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import Engine

from policyatlas.store import repository
from policyatlas.store.db import session_scope

T = TypeVar("T")
#: How many answers are kept (least recently used go first).
MAX_ENTRIES = 256
_entries: OrderedDict[tuple[Any, ...], tuple[tuple[Any, ...], Any]] = OrderedDict()
_lock = threading.Lock()


def data_token(engine: Engine) -> tuple[Any, ...]:
    """What identifies the state of the public atlas now (see ``repository.data_state``)."""
    with session_scope(engine) as session:
        return repository.data_state(session)


def cached(engine: Engine, name: str, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``'s answer, computed once per data version of ``engine``'s atlas; callers must not
    change what they get (it is shared)."""
    token = data_token(engine)
    entry_key = (engine.url.render_as_string(hide_password=True), name, key)
    with _lock:
        held = _entries.get(entry_key)
        if held is not None and held[0] == token:
            _entries.move_to_end(entry_key)
            return held[1]  # type: ignore[no-any-return]
    value = compute()
    with _lock:
        _entries[entry_key] = (token, value)
        _entries.move_to_end(entry_key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value

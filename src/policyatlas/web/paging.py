"""Long lists on the portal come a page at a time (the views page them in SQL); links to the neighbours."""

from __future__ import annotations

from typing import Any

from fastapi import Request

#: Items on one page of a portal list.
PAGE_SIZE = 100


def offset_of(page: int, size: int = PAGE_SIZE) -> int:
    """Where page ``page`` (1-based; anything below counts as 1) starts."""
    return (max(1, page) - 1) * size


def page_links(request: Request, page: int, total: int, size: int = PAGE_SIZE) -> dict[str, Any]:
    """The previous and next pages' addresses (None at either end) and which items this page shows."""
    page = max(1, page)
    first = (page - 1) * size
    return {
        "previous": str(request.url.include_query_params(page=page - 1)) if page > 1 else None,
        "next": str(request.url.include_query_params(page=page + 1)) if first + size < total else None,
        "first": min(total, first + 1), "last": min(total, first + size), "total": total,
    }

"""Paging for every list: ``?limit=N&cursor=C``; the next page's cursor in a response header.

Lists stay JSON arrays. When a page is full, the response carries
``X-Next-Cursor: C`` (and ``Link: <...?cursor=C&limit=N>; rel="next"``);
asking again with ``cursor=C`` gives the rows after the last one shown, in
the same order, however many rows were added meanwhile. A cursor is the
last id shown: ids only grow, so pages never repeat or skip a row.
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from fastapi import Query, Request, Response
from sqlalchemy import Select

from entente.service.schemas import MAX_ID

_Query = TypeVar("_Query", bound=Select)  # type: ignore[type-arg]

__all__ = ["DEFAULT_LIMIT", "MAX_LIMIT", "Cursor", "Limit", "page"]

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="rows per page")]
Cursor = Annotated[
    int | None,
    Query(ge=0, le=MAX_ID, description="the X-Next-Cursor of the previous page"),
]

NEXT_PAGE_HEADERS = {
    "X-Next-Cursor": {
        "description": "present when the page is full: pass it as ?cursor= for the next",
        "schema": {"type": "string"},
    }
}


def page(
    query: _Query,
    id_column: Any,
    *,
    limit: int,
    cursor: int | None,
    newest_first: bool,
) -> _Query:
    """``query`` ordered by ``id_column`` and cut to the page after ``cursor``."""
    if cursor is not None:
        query = query.where(id_column < cursor if newest_first else id_column > cursor)
    order = id_column.desc() if newest_first else id_column.asc()
    return query.order_by(order).limit(limit)


def next_page(request: Request, response: Response, last_id: int | None, *, full: bool) -> None:
    """Set the next-page headers when the page was full."""
    if not full or last_id is None:
        return
    response.headers["X-Next-Cursor"] = str(last_id)
    url = request.url.include_query_params(cursor=last_id)
    response.headers["Link"] = f'<{url}>; rel="next"'

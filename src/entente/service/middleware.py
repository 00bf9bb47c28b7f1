"""ASGI middleware: admission, a cap on request bodies, and security headers on every response.

Admission lets at most ``slots`` requests into the app at once; the rest wait
on the event loop, holding neither a thread nor a database connection. A
request keeps its connection from its first query until its response has
been sent, and FastAPI validates a sync route's response in the thread pool:
without a bound, a burst filled the pool with requests waiting for a thread
to serialise their answer while every thread waited for a connection, and
the server stood still until the pool's 30 s timeout (200 clients on a
loaded machine; 50 clients against ``--threads 2`` every time).

The body cap looks at ``Content-Length`` first and also counts the bytes of a
chunked body as they arrive, so no request can make the server buffer more
than ``limit`` bytes. Beyond it: 413 with a JSON ``detail``.
"""

from __future__ import annotations

from typing import Any

import anyio
import orjson

__all__ = ["Admission", "BodyLimit", "SecurityHeaders"]

Scope = dict[str, Any]


class _TooLarge(Exception):
    pass


class Admission:
    def __init__(self, app: Any, *, slots: int) -> None:
        self.app = app
        self.slots = slots
        self._gate: anyio.Semaphore | None = None  # made in the event loop, at first use

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self._gate is None:
            self._gate = anyio.Semaphore(self.slots)
        async with self._gate:
            await self.app(scope, receive, send)


class BodyLimit:
    def __init__(self, app: Any, *, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._reject(send)
            return
        received = 0
        started = False

        async def limited_receive() -> Any:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _TooLarge
            return message

        async def tracking_send(message: Any) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._reject(send)

    async def _reject(self, send: Any) -> None:
        body = orjson.dumps({"detail": f"request body larger than {self.limit} bytes"})
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


_PAGE_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
_COMMON = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class SecurityHeaders:
    """nosniff, no referrer, no framing; a strict CSP; ``no-store`` on API answers."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        api = scope["path"].startswith("/api/")

        async def with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [h for h in _COMMON if h[0] not in present]
                if b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", _PAGE_CSP.encode()))
                if api:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)

"""The FastAPI application: API routes, the web page, jobs, limits and headers.

``create_app(settings)`` builds an app bound to one database; the schema must
already be migrated (``entente serve`` and ``entente token`` do it). The job
manager starts and stops with the app's lifespan. The OpenAPI schema is served
at ``/openapi.json``; the interactive docs pages are off, because FastAPI's
load their scripts from a CDN and nothing here fetches from outside.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import metadata, resources
from typing import Any

import orjson
from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from entente._exceptions import InputError, ScenarioError
from entente.service.config import Settings
from entente.service.db import connect, request_slots, sessions
from entente.service.jobs import JobManager
from entente.service.middleware import Admission, BodyLimit, SecurityHeaders
from entente.service.routes import (
    admin,
    jobs,
    methods,
    plan_views,
    rosters,
    scenarios,
    shares,
    sweeps,
    versions,
)
from entente.service.schemas import ErrorDetail

__all__ = ["create_app"]

_WEB = resources.files("entente.service") / "web"


def create_app(settings: Settings) -> FastAPI:
    engine = connect(settings.database_url, threads=settings.threads)
    factory = sessions(engine)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # the thread pool and the connection pool are sized from one setting
        to_thread.current_default_thread_limiter().total_tokens = settings.threads
        app.state.jobs.start()
        try:
            yield
        finally:
            app.state.jobs.stop()
            engine.dispose()

    app = FastAPI(
        title="entente",
        version=metadata.version("entente"),
        summary="Certified Stackelberg security plans: scenarios, solves, plans, rosters.",
        lifespan=lifespan,
        docs_url=None,  # Swagger UI and ReDoc load scripts from a CDN: no external requests
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = factory
    app.state.jobs = JobManager(
        factory,
        workers=settings.workers,
        lease_seconds=settings.lease_seconds,
        max_time_limit=settings.max_time_limit,
    )
    routers = (admin, versions, scenarios, sweeps, jobs, rosters, shares, plan_views, methods)
    for router in (module.router for module in routers):
        app.include_router(router, responses=_ERRORS)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    _errors(app)
    _web(app)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(Admission, slots=request_slots(settings.threads))  # the outermost
    return app


_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorDetail, "description": "No token, or an unknown, revoked or expired one"},
    403: {"model": ErrorDetail, "description": "The token's role is too low"},
    404: {"model": ErrorDetail, "description": "No such thing, or another organisation's"},
    413: {"model": ErrorDetail, "description": "Request body larger than --max-body"},
}
"""Errors any route may answer, documented on every operation."""


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema with the scenario schema's ``$defs`` moved under components.

    The scenario schema is pydantic's JSON Schema, whose references point to
    its own ``#/$defs``: rewritten to ``#/components/schemas`` so that every
    reference resolves from the document's root.
    """
    if app.openapi_schema is not None:
        return app.openapi_schema
    generated = get_openapi(
        title=app.title,
        version=app.version,
        summary=app.summary,
        routes=app.routes,
    )
    text = orjson.dumps(generated).decode().replace('"#/$defs/', '"#/components/schemas/')
    schema: dict[str, Any] = orjson.loads(text)
    components = schema.setdefault("components", {}).setdefault("schemas", {})

    def hoist(node: Any) -> None:
        if isinstance(node, dict):
            components.update(node.pop("$defs", {}))
            for value in list(node.values()):
                hoist(value)
        elif isinstance(node, list):
            for value in node:
                hoist(value)

    hoist(schema["paths"])
    hoist(components)
    app.openapi_schema = schema
    return schema


def _errors(app: FastAPI) -> None:
    @app.exception_handler(ScenarioError)
    async def scenario_error(_: Request, error: ScenarioError) -> JSONResponse:
        return scenarios.problem_response(error.problems)

    @app.exception_handler(InputError)
    async def input_error(_: Request, error: InputError) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=400)


def _web(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=str(_WEB)), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> Any:
        return FileResponse(str(_WEB / "index.html"), media_type="text/html")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Any:
        return FileResponse(str(_WEB / "favicon.ico"), media_type="image/x-icon")

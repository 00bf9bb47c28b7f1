"""Property-based tests of the whole API from its OpenAPI schema: no input makes a 500.

schemathesis generates requests for every operation (valid and invalid bodies,
paths and queries) and sends them, with an admin token so that every handler
is reached; responses must not be server errors and must match the documented
schemas. The examples per operation are bounded to keep the run short.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from entente.service.app import create_app
from entente.service.config import Settings
from entente.service.db import connect, migrate, sessions
from entente.service.tokens import create_token


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> tuple[schemathesis.BaseSchema, dict[str, str]]:
    folder: Path = tmp_path_factory.mktemp("schemathesis")
    url = f"sqlite:///{folder / 'entente.db'}"
    engine = connect(url)
    migrate(engine)
    with sessions(engine)() as session:
        token = create_token(session, name="fuzz", role="admin", actor="test")
    engine.dispose()
    app = create_app(Settings(database_url=url, workers=1, max_body_bytes=1 << 20))
    return schemathesis.openapi.from_asgi("/openapi.json", app), {
        "Authorization": f"Bearer {token}"
    }


def _operations(schema: schemathesis.BaseSchema) -> list:
    return [result.ok() for result in schema.get_all_operations()]


def test_every_operation_is_covered(api: tuple[schemathesis.BaseSchema, dict[str, str]]) -> None:
    names = {f"{op.method.upper()} {op.path}" for op in _operations(api[0])}
    assert {
        "POST /api/scenarios",
        "POST /api/scenarios/{scenario_id}/solve",
        "GET /api/plans/{plan_id}",
        "DELETE /api/jobs/{job_id}",
        "GET /api/audit",
        "POST /api/tokens",
    } <= names


def test_no_server_errors(api: tuple[schemathesis.BaseSchema, dict[str, str]]) -> None:
    schema, admin = api
    for operation in _operations(schema):

        @given(case=operation.as_strategy())
        @settings(
            max_examples=50, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        def check(case: schemathesis.Case) -> None:
            case.call_and_validate(
                headers=admin, checks=[not_a_server_error, response_schema_conformance]
            )

        check()

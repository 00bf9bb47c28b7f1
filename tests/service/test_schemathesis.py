"""Property-based tests of the whole API from its OpenAPI schema: no input makes a 500.

schemathesis generates requests for every operation (valid and invalid bodies,
paths and queries) and sends them, with an admin token so that every handler
is reached, and runs all its checks: no server error, every status code and
header documented, responses matching their schemas, valid requests accepted
and invalid ones refused (one exception, named in ``_excluded``). The examples per operation are bounded to keep the run short.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from entente.service.app import create_app
from entente.service.config import Settings
from entente.service.db import connect, migrate, sessions
from entente.service.tokens import create_token

pytestmark = pytest.mark.slow


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


def _excluded(case: schemathesis.Case) -> list:
    """Every check, except one that JSON Schema cannot satisfy for scenario uploads.

    A scenario's fields refer to each other (a schedule names target ids, a
    count bounds a list ...) and the service bounds names, integers and
    compile cost: a body that fits the schema may still be refused with 422,
    which ``positive_data_acceptance`` would call a rejected valid request.
    The same holds for the routes that take a scenario (validate, save a
    version) and for sweeps and budgets, whose fields name the scenario's
    resources and targets and are bounded by ``max_solves``.
    """
    refers = {
        "/api/scenarios",
        "/api/scenarios/validate",
        "/api/scenarios/{scenario_id}/versions",
        "/api/scenarios/{scenario_id}/sweep",
        "/api/scenarios/{scenario_id}/budget",
    }
    if case.operation.method.upper() == "POST" and case.operation.path in refers:
        return [positive_data_acceptance]
    return []


def test_no_server_errors(api: tuple[schemathesis.BaseSchema, dict[str, str]]) -> None:
    schema, admin = api
    for operation in _operations(schema):

        @given(case=operation.as_strategy())
        @settings(
            max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        def check(case: schemathesis.Case) -> None:
            case.call_and_validate(headers=admin, excluded_checks=_excluded(case))

        check()


def test_every_reference_resolves_from_the_root(
    api: tuple[schemathesis.BaseSchema, dict[str, str]],
) -> None:
    import re

    document = api[0].raw_schema
    text = str(document)
    assert "#/$defs" not in text
    named = set(re.findall(r"#/components/schemas/([^'\"]+)", text))
    assert named <= set(document["components"]["schemas"])
    method = document["components"]["schemas"]["SolveOptions"]["properties"]["method"]
    assert method["enum"][:3] == ["auto", "origami", "multiple-lps"]
    for path, operations in document["paths"].items():
        for verb, operation in operations.items():
            if path.startswith("/api/") and path != "/api/health":
                assert {"401", "403", "404"} <= set(operation["responses"]), (verb, path)

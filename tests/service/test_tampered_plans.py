"""A stored plan edited behind the service's back is refused by every route that reads it.

The routes read plans through :func:`entente.planfile.read_plan` (the
certificate re-run), as the CLI does: the same message, as a 400.
"""

from __future__ import annotations

import orjson
import pytest
from sqlalchemy import update

from entente.planfile import EDITED
from entente.scenario import builtin_scenarios, load_scenario
from entente.service.db import connect, sessions
from entente.service.models import PlanRow
from tests.service.conftest import Service


def _solved(service: Service, name: str) -> int:
    document = load_scenario(builtin_scenarios()[name]).document
    created = service.client.post(
        "/api/scenarios",
        content=orjson.dumps(document),
        headers={**service.as_("planner"), "Content-Type": "application/json"},
    )
    job = service.client.post(
        f"/api/scenarios/{created.json()['id']}/solve", headers=service.as_("planner")
    )
    done = service.wait_job(job.json()["job"])
    assert done["status"] == "done", done
    return int(done["plan"])


def _tamper(service: Service, plan: int) -> None:
    """Every coverage set to 1.0 in the stored plan (the issue's case)."""
    engine = connect(service.url)
    with sessions(engine)() as session:
        row = session.get(PlanRow, plan)
        assert row is not None
        document = orjson.loads(row.document)
        document["coverage"] = dict.fromkeys(document["coverage"], 1.0)
        session.execute(
            update(PlanRow)
            .where(PlanRow.id == plan)
            .values(document=orjson.dumps(document).decode())
        )
        session.commit()
    engine.dispose()


@pytest.mark.slow
def test_an_edited_stored_plan_is_refused_with_one_message(service: Service) -> None:
    plan = _solved(service, "channel-coast")
    planner = service.as_("planner")
    calls = [
        lambda: service.client.get(f"/api/plans/{plan}/report.html", headers=planner),
        lambda: service.client.get(f"/api/plans/{plan}/map.svg", headers=planner),
        lambda: service.client.post(f"/api/plans/{plan}/roster", json={"days": 1}, headers=planner),
        lambda: service.client.post(
            f"/api/plans/{plan}/orders", json={"date": "2025-06-02"}, headers=planner
        ),
    ]
    for call in calls:
        assert call().status_code == 200, call().text
    _tamper(service, plan)
    details = set()
    for call in calls:
        response = call()
        assert response.status_code == 400, response.text  # InputError: 400, as everywhere
        detail = response.json()["detail"]
        assert EDITED in str(detail)
        assert f"plan {plan}: the certificate fails on reading" in str(detail)
        details.add(str(detail))
    assert len(details) == 1, details

"""Schemathesis against the API's own OpenAPI schema, in-process through Django's WSGI app.

The schema is the app's (``api.get_openapi_schema()``, the document served at
``/api/v1/openapi.json``: a test below checks they are the same). Requests carry a real token
of the owner, whose client has a held session with an analysed transcript. Generated path
identifiers are random (404 expected), so hooks swap in the real ones half the time: the
documented 200/201/400/403/413 answers are exercised too.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis import checks

from talkingcure.api.api import api
from talkingcure.api.tokens import create_token
from talkingcure.insights.service import run_analysis
from talkingcure.scheduling.models import Appointment
from tests.insights.transcript_fixtures import make_transcript

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_dict(json.loads(json.dumps(api.get_openapi_schema())))
schema.app = get_wsgi_application()
REAL: dict[str, str] = {}  # the current test's identifiers and token, set by the fixture


@schema.auth(refresh_interval=None)  # no caching: each test has its own token
class OwnerToken:
    def get(self, case: Any, ctx: Any) -> str | None:
        return REAL.get("token")  # None while pytest collects, before any fixture ran

    def set(self, case: Any, data: str, ctx: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


def _swap_in_real(generated: dict[str, Any] | None, names: tuple[str, ...]) -> Any:
    """Half the time, the real identifiers instead of generated ones; only where the generated
    ones are valid UUIDs, so that deliberately invalid (negative) cases stay invalid."""
    if not generated or not all(
        _is_uuid(generated.get(name)) for name in names if name in generated
    ):
        return st.just(generated)
    mine = {name: REAL[name] for name in names if name in generated}
    return st.sampled_from([generated, {**generated, **mine}]) if mine else st.just(generated)


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@schema.hook
def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any] | None) -> Any:
    return _swap_in_real(path_parameters, ("session_id", "transcript_id", "analysis_id"))


@schema.hook
def flatmap_query(context: Any, query: dict[str, Any] | None) -> Any:
    return _swap_in_real(query, ("client",))


@pytest.fixture(autouse=True)
def connection_kept_open() -> Any:
    """Keep the test's database connection across the WSGI requests, as Django's test client
    does: otherwise the end of each request closes it (on PostgreSQL), ending the test's
    transaction and every later query."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def owner_token(held: Appointment, personas: Any, consented: None) -> str:
    """The owner's token; their client has a held session with an analysed transcript."""
    cache.clear()  # the per-token rate limit starts from zero
    transcript = make_transcript(held, personas)
    run_analysis(transcript.analysis.pk)
    REAL.clear()
    _token, secret = create_token(personas["owner"], name="schemathesis", days=1)
    REAL.update(
        token=secret,
        session_id=str(held.public_id),
        transcript_id=str(transcript.public_id),
        analysis_id=str(transcript.analysis.public_id),
        client=str(personas["client"].public_id),
    )
    return secret


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case: Any, owner_token: str) -> None:
    # Every check but positive_data_acceptance: schema-valid requests may still break a rule
    # the schema cannot express (no turn 4000, a blank reason), answered 400 by design.
    case.call_and_validate(excluded_checks=[checks.positive_data_acceptance])


def test_the_served_schema_is_the_tested_one() -> None:
    response = Client().get("/api/v1/openapi.json")  # no token needed for the schema
    assert response.status_code == 200
    assert response.json() == json.loads(json.dumps(api.get_openapi_schema()))
    assert "docs" not in " ".join(response.json()["paths"])

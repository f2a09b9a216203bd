"""Least access: the pages' rules, 404 (same body as a missing object) and audited otherwise.

Transcripts, analyses, findings and corrections are psychotherapy notes: the treating therapist
only. The sessions list follows the client rules (a supervisor sees their supervisees' clients)
and says whether a transcript exists only to the therapist who held the session.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.utils import timezone

from talkingcure.audit.models import AuditEntry
from talkingcure.clients.models import BreakGlassGrant
from talkingcure.insights.findings import keyed_findings
from talkingcure.insights.models import Transcript
from talkingcure.insights.service import run_analysis
from talkingcure.scheduling.models import Appointment
from tests.insights.transcript_fixtures import make_transcript

from .conftest import Api

pytestmark = pytest.mark.django_db

OUTSIDERS = ["colleague", "supervisor", "other_supervisor", "admin", "intake", "researcher"]


@pytest.fixture
def analysed(held: Appointment, personas: Any) -> Transcript:
    transcript = make_transcript(held, personas)
    run_analysis(transcript.analysis.pk)
    transcript.refresh_from_db()
    return transcript


def _calls(held: Appointment, transcript: Transcript) -> list[tuple[str, str, Any]]:
    analysis = f"/analyses/{transcript.analysis.public_id}"
    key = keyed_findings(transcript.analysis.result)[0]["key"]
    return [
        ("get", f"/sessions/{held.public_id}/transcripts", None),
        ("post", f"/sessions/{held.public_id}/transcripts", {"format": "txt", "content": "T: hi"}),
        ("get", analysis, None),
        ("get", f"{analysis}/findings", None),
        ("get", f"{analysis}/result", None),
        ("get", f"{analysis}/corrections", None),
        ("post", f"{analysis}/corrections", {"action": "wrong", "key": key}),
        ("delete", f"/transcripts/{transcript.public_id}", {"reason": "test"}),
    ]


def _send(api: Api, method: str, path: str, body: Any) -> Any:
    return api.get(path) if method == "get" else getattr(api, method)(path, body)


def test_owner_reaches_every_endpoint(
    held: Appointment, personas: Any, api_as: Any, consented: None, analysed: Transcript
) -> None:
    api = api_as("owner")
    statuses = [_send(api, *call).status_code for call in _calls(held, analysed)]
    assert statuses == [200, 201, 200, 200, 200, 200, 201, 200]
    reads = AuditEntry.objects.filter(action="read", actor_id=str(personas["owner"].public_id))
    assert reads.filter(object_type="analysis").count() >= 4
    assert reads.filter(object_type="transcript").exists()


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_outsiders_get_the_missing_object_answer_and_are_audited(
    held: Appointment,
    personas: Any,
    api_as: Any,
    consented: None,
    analysed: Transcript,
    outsider: str,
) -> None:
    if outsider == "admin":  # break-glass opens the record, never the psychotherapy notes
        BreakGlassGrant.objects.create(
            user=personas["admin"],
            client=personas["client"],
            reason="audited emergency (test)",
            until=timezone.now() + datetime.timedelta(minutes=30),
        )
    api = api_as(outsider)
    missing = api.get(f"/analyses/{uuid.uuid4()}")
    assert missing.status_code == 404
    for call in _calls(held, analysed):
        denied_before = AuditEntry.objects.filter(action="denied").count()
        response = _send(api, *call)
        assert (response.status_code, response.json()) == (404, missing.json()), call
        assert AuditEntry.objects.filter(action="denied").count() > denied_before, call
    analysed.refresh_from_db()
    assert analysed.content is not None and Transcript.objects.count() == 1
    assert not analysed.analysis.corrections.exists()


def test_sessions_follow_the_client_rules(
    held: Appointment, personas: Any, api_as: Any, analysed: Transcript
) -> None:
    client_id = personas["client"].public_id
    owner = api_as("owner").get("/sessions", client=client_id)
    assert owner.status_code == 200
    [row] = owner.json()
    assert row["id"] == str(held.public_id) and row["status"] == "attended"
    assert row["minutes"] == held.minutes and row["has_transcript"] is True

    supervisor = api_as("supervisor").get("/sessions", client=client_id)
    assert supervisor.status_code == 200
    assert supervisor.json()[0]["has_transcript"] is None  # not theirs to know

    for outsider in ("colleague", "other_supervisor", "admin", "intake", "researcher"):
        response = api_as(outsider).get("/sessions", client=client_id)
        assert response.status_code == 404, outsider
    denied = AuditEntry.objects.filter(action="denied", object_type="client")
    assert denied.count() == 5


def test_malformed_ids_are_missing_objects(personas: Any, api_as: Any) -> None:
    api = api_as("owner")
    for path in ("/analyses/not-a-uuid", "/sessions/123/transcripts"):
        assert api.get(path).status_code == 404
    assert api.get("/sessions", client="nope").status_code == 404
    assert api.get("/sessions").status_code == 400  # the client is required


def test_group_names_are_the_insight_pages_filters() -> None:
    from typing import get_args

    from talkingcure.api.schemas import AddableGroup, GroupName
    from talkingcure.insights.findings import GROUPS, OTHER

    assert list(get_args(AddableGroup)) == [group.name for group in GROUPS]
    assert list(get_args(GroupName)) == [*get_args(AddableGroup), OTHER]

"""Attaching transcripts through the API: the page's rules, limits and messages."""

from __future__ import annotations

from typing import Any

import pytest

from talkingcure.analysis.readers import read_text
from talkingcure.analysis.readers.errors import TranscriptError
from talkingcure.api.auth import TOO_LARGE
from talkingcure.consents.models import ConsentKind
from talkingcure.insights.forms import MAX_UPLOAD_BYTES
from talkingcure.insights.models import AnalysisStatus, Transcript
from talkingcure.insights.service import run_analysis
from talkingcure.insights.views import NOT_HELD, consent_refusals
from talkingcure.scheduling.models import Appointment
from tests.insights.transcript_fixtures import SYNTHETIC, give

pytestmark = pytest.mark.django_db


def _url(appointment: Appointment) -> str:
    return f"/sessions/{appointment.public_id}/transcripts"


def test_upload_is_stored_and_queued(
    held: Appointment, personas: Any, api_as: Any, consented: None
) -> None:
    body = {"format": "txt", "content": SYNTHETIC, "filename": "../../private/session.txt"}
    response = api_as("owner").post(_url(held), body)
    assert response.status_code == 201
    data = response.json()
    transcript = Transcript.objects.get(public_id=data["id"])
    assert transcript.content == SYNTHETIC and transcript.fmt == "txt"
    assert transcript.filename == data["filename"] == "session.txt"
    assert data["analysis"] == {
        "id": str(transcript.analysis.public_id),
        "status": AnalysisStatus.QUEUED,
    }
    listed = api_as("owner").get(_url(held)).json()
    assert [t["id"] for t in listed] == [data["id"]] and "content" not in listed[0]


@pytest.mark.parametrize("missing", [ConsentKind.RECORDING, ConsentKind.ANALYSIS])
def test_refused_without_each_consent_with_the_pages_message(
    held: Appointment, personas: Any, api_as: Any, missing: str
) -> None:
    other = ConsentKind.ANALYSIS if missing == ConsentKind.RECORDING else ConsentKind.RECORDING
    give(personas, other)
    response = api_as("owner").post(_url(held), {"format": "txt", "content": SYNTHETIC})
    assert response.status_code == 403
    [message] = consent_refusals(personas["client"])
    assert response.json() == {"detail": message}
    assert ConsentKind(missing).label.lower() in message
    assert not Transcript.objects.exists()


def test_only_a_held_session_takes_a_transcript(
    held: Appointment, personas: Any, api_as: Any, consented: None
) -> None:
    held.status = Appointment.Status.BOOKED
    held.save()
    response = api_as("owner").post(_url(held), {"format": "txt", "content": SYNTHETIC})
    assert (response.status_code, response.json()) == (403, {"detail": NOT_HELD})


def test_oversized_body_is_refused_before_it_is_read(
    held: Appointment, personas: Any, api_as: Any, consented: None
) -> None:
    content = "T: " + "word " * (MAX_UPLOAD_BYTES // 5)
    response = api_as("owner").post(_url(held), {"format": "txt", "content": content})
    assert (response.status_code, response.json()) == (413, {"detail": TOO_LARGE})
    assert not Transcript.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"format": "docx", "content": SYNTHETIC},
        {"format": "txt"},
        {"format": "txt", "content": 5},
        {"format": "txt", "content": ""},
        {"format": "txt", "content": "   \n "},
        {"format": "txt", "content": SYNTHETIC, "filename": 7},
        "{not json",
    ],
)
def test_bad_bodies_get_400_with_a_message(
    held: Appointment, personas: Any, api_as: Any, consented: None, body: Any
) -> None:
    response = api_as("owner").post(_url(held), body)
    assert response.status_code == 400
    assert isinstance(response.json()["detail"], str) and response.json()["detail"]
    assert not Transcript.objects.exists()


def test_a_transcript_the_engine_rejects_fails_with_the_engines_message(
    held: Appointment, personas: Any, api_as: Any, consented: None
) -> None:
    content = '{"turns": [{"speaker": "T", "text": "hello"'  # cut off: not valid JSON
    with pytest.raises(TranscriptError) as engine:
        read_text(content, input_format="json", source="notes.json")
    api = api_as("owner")
    body = {"format": "json", "content": content, "filename": "notes.json"}
    created = api.post(_url(held), body).json()
    run_analysis(Transcript.objects.get(public_id=created["id"]).analysis.pk)

    analysis = api.get(f"/analyses/{created['analysis']['id']}").json()
    assert analysis["status"] == "failed" and analysis["error"] == str(engine.value)
    assert Transcript.objects.get().content == content  # kept for correction
    findings = api.get(f"/analyses/{created['analysis']['id']}/findings").json()
    assert findings == {"analysis": created["analysis"]["id"], "status": "failed", "findings": []}


def test_each_token_is_rate_limited(personas: Any, api_as: Any, settings: Any) -> None:
    settings.API_RATE_LIMIT = "2/m"
    api, other = api_as("owner"), api_as("owner")
    client_id = personas["client"].public_id
    assert [api.get("/sessions", client=client_id).status_code for _ in range(3)] == [200, 200, 429]
    refused = api.get("/sessions", client=client_id)
    assert refused.json() == {"detail": "Too many requests."} and int(refused["Retry-After"]) > 0
    assert other.get("/sessions", client=client_id).status_code == 200  # per token

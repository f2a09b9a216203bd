"""Upload, analyse, read the findings, correct them, delete: all through the API."""

from __future__ import annotations

from typing import Any

import pytest

from talkingcure.insights.models import Correction, Transcript
from talkingcure.insights.service import run_analysis
from talkingcure.scheduling.models import Appointment
from tests.insights.transcript_fixtures import SYNTHETIC

pytestmark = pytest.mark.django_db


def test_upload_analyse_correct_and_delete(
    held: Appointment, personas: Any, api_as: Any, consented: None
) -> None:
    api = api_as("owner")
    created = api.post(
        f"/sessions/{held.public_id}/transcripts",
        {"format": "txt", "content": SYNTHETIC, "filename": "session.txt"},
    ).json()
    analysis_url = f"/analyses/{created['analysis']['id']}"
    assert api.get(analysis_url).json()["status"] == "queued"
    run_analysis(Transcript.objects.get(public_id=created["id"]).analysis.pk)

    status = api.get(analysis_url).json()
    assert status["status"] == "done" and status["progress"] == 100 and status["error"] is None
    assert status["engine_version"] and status["finished_at"]
    result = api.get(f"{analysis_url}/result").json()["result"]
    assert result["schema"] == "talkingcure.analysis/1" and result["turns"]

    findings = api.get(f"{analysis_url}/findings").json()["findings"]
    groups = [f["group"] for f in findings]
    assert groups[0] == "risk" and groups == sorted(groups, key=lambda g: g != "risk")
    first = findings[0]
    span = first["evidence"][0]
    turn_text = result["turns"][span["turn"]]["text"]
    assert span["quote"] == turn_text[span["start"] : span["end"]]
    assert first["detector"] and isinstance(first["candidate"], bool)
    risk_only = api.get(f"{analysis_url}/findings", group="risk").json()["findings"]
    assert risk_only and {f["group"] for f in risk_only} == {"risk"}
    assert api.get(f"{analysis_url}/findings", group="nonsense").status_code == 400

    corrections = f"{analysis_url}/corrections"
    wrong = {"action": "wrong", "key": first["key"], "note": "not risk (synthetic)"}
    marked = api.post(corrections, wrong)
    assert marked.status_code == 201
    again = api.post(corrections, wrong)
    assert again.status_code == 200 and again.json()["id"] == marked.json()["id"]
    bad = api.post(corrections, {"action": "added", "group": "insight", "turn": 9999})
    assert bad.status_code == 400 and "There is no turn 9999" in bad.json()["detail"]
    unknown = api.post(corrections, {"action": "wrong", "key": "no-such-key"})
    assert (unknown.status_code, unknown.json()) == (
        400,
        {"detail": "This analysis has no such finding."},
    )
    added = api.post(
        corrections, {"action": "added", "group": "insight", "turn": 1, "start": 0, "end": 5}
    )
    assert added.status_code == 201
    assert Correction.objects.count() == 2

    listed = api.get(corrections).json()
    assert [c["action"] for c in listed] == ["wrong", "added"]
    assert all(c["author"]["name"] == "owner" and c["created_at"] for c in listed)
    assert listed[0]["finding"]["key"] == first["key"] and listed[0]["note"].startswith("not risk")
    again_findings = api.get(f"{analysis_url}/findings").json()["findings"]
    assert [f["marked_wrong"] for f in again_findings if f["key"] == first["key"]] == [True]

    transcript_url = f"/transcripts/{created['id']}"
    assert api.delete(transcript_url, {"reason": "  "}).status_code == 400
    deleted = api.delete(transcript_url, {"reason": "wrong client (synthetic)"})
    assert deleted.status_code == 200 and deleted.json()["deleted"] is True
    stored = Transcript.objects.get()
    assert stored.content is None and stored.deletion_reason == "wrong client (synthetic)"
    assert '"quote"' not in api.get(f"{analysis_url}/result").content.decode()
    after = api.get(f"{analysis_url}/findings").json()["findings"]
    assert after and all(span["quote"] is None for f in after for span in f["evidence"])
    assert all(c["note"] is None for c in api.get(corrections).json())
    assert api.delete(transcript_url, {"reason": "again"}).json()["deleted"] is True

"""Attaching a transcript: consent gate, held sessions only, treating therapist only, deletion."""
# ruff: noqa: F811  (fixtures come from transcript_fixtures by name)

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from talkingcure.audit.models import AuditEntry
from talkingcure.clients.models import BreakGlassGrant
from talkingcure.consents.models import ConsentKind
from talkingcure.insights.forms import MAX_UPLOAD_BYTES
from talkingcure.insights.models import Analysis, AnalysisStatus, Transcript
from talkingcure.insights.service import run_analysis
from talkingcure.scheduling.models import Appointment

from .transcript_fixtures import (  # noqa: F401
    SYNTHETIC,
    consented,
    give,
    held,
    make_transcript,
    session_url,
    transcript_url,
)

pytestmark = pytest.mark.django_db


def upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/plain")


def test_upload_stores_encrypted_and_queues(
    held: Appointment,
    personas: Any,
    signed_in: Any,
    consented: None,
) -> None:
    browser = signed_in(personas["owner"])
    assert b"Store and analyse" in browser.get(session_url(held)).content
    response = browser.post(session_url(held), {"file": upload("session.txt", SYNTHETIC)})
    assert response.status_code == 302
    transcript = Transcript.objects.get()
    assert transcript.content == SYNTHETIC and transcript.fmt == "txt"
    assert transcript.analysis.status == AnalysisStatus.QUEUED
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT content, filename FROM insights_transcript")
        raw = " ".join(str(v) for v in cursor.fetchone())
    assert "Morgan" not in raw and "session.txt" not in raw
    page = browser.get(response["Location"]).content.decode()
    assert "Queued" in page


def test_pasted_text_is_accepted(
    held: Appointment,
    personas: Any,
    signed_in: Any,
    consented: None,
) -> None:
    response = signed_in(personas["owner"]).post(session_url(held), {"text": SYNTHETIC})
    assert response.status_code == 302
    transcript = Transcript.objects.get()
    assert transcript.filename is None and transcript.fmt == "txt"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Upload a transcript file or paste"),
        ({"file": "bad.docx"}, "Use a .txt, .json, .vtt or .srt file"),
        ({"file": "big.txt"}, "larger than 2 MB"),
    ],
)
def test_bad_uploads_are_refused_clearly(
    held: Appointment,
    personas: Any,
    signed_in: Any,
    consented: None,
    data: dict[str, str],
    message: str,
) -> None:
    post: dict[str, Any] = {}
    if data.get("file") == "bad.docx":
        post["file"] = upload("bad.docx", SYNTHETIC)
    elif data.get("file") == "big.txt":
        post["file"] = upload("big.txt", "x" * (MAX_UPLOAD_BYTES + 1))
    response = signed_in(personas["owner"]).post(session_url(held), post)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and 'role="alert"' in page
    assert not Transcript.objects.exists()


@pytest.mark.parametrize(
    ("present", "missing"),
    [
        (ConsentKind.ANALYSIS, "recording or transcription"),
        (ConsentKind.RECORDING, "automated analysis"),
    ],
)
def test_refused_without_each_consent_naming_it(
    held: Appointment,
    personas: Any,
    signed_in: Any,
    present: str,
    missing: str,
) -> None:
    give(personas, present)
    browser = signed_in(personas["owner"])
    assert missing in browser.get(session_url(held)).content.decode()
    response = browser.post(session_url(held), {"text": SYNTHETIC})
    assert response.status_code == 403
    assert missing in response.content.decode()
    assert not Transcript.objects.exists()


def test_revoked_consent_refuses(
    held: Appointment,
    personas: Any,
    signed_in: Any,
    consented: None,
) -> None:
    personas["client"].consents.filter(kind=ConsentKind.ANALYSIS).update(
        revoked_on=timezone.localdate()
    )
    response = signed_in(personas["owner"]).post(session_url(held), {"text": SYNTHETIC})
    assert response.status_code == 403 and "was revoked on" in response.content.decode()


def test_only_a_held_session_takes_a_transcript(
    held: Appointment,
    personas: Any,
    signed_in: Any,
    consented: None,
) -> None:
    held.status = Appointment.Status.BOOKED
    held.save()
    response = signed_in(personas["owner"]).post(session_url(held), {"text": SYNTHETIC})
    assert response.status_code == 403 and "held" in response.content.decode()
    assert not Transcript.objects.exists()


def test_done_page_lists_risk_first_with_quotes(
    held: Appointment,
    personas: Any,
    signed_in: Any,
) -> None:
    transcript = make_transcript(held, personas)
    run_analysis(transcript.analysis.pk)
    page = signed_in(personas["owner"]).get(transcript_url(transcript)).content.decode()
    count = len(Analysis.objects.get().result["findings"])
    assert f"{count} findings" in page
    first = page.index("<strong>")
    assert page[first : first + 20].startswith("<strong>risk")
    assert "&ldquo;" in page


def test_running_and_failed_pages(
    held: Appointment,
    personas: Any,
    signed_in: Any,
) -> None:
    transcript = make_transcript(held, personas)
    Analysis.objects.filter(transcript=transcript).update(
        status=AnalysisStatus.RUNNING, progress=40
    )
    browser = signed_in(personas["owner"])
    assert 'value="40"' in browser.get(transcript_url(transcript)).content.decode()
    Analysis.objects.filter(transcript=transcript).update(
        status=AnalysisStatus.FAILED, error="s.txt:3: no speaker [no-speaker]"
    )
    page = browser.get(transcript_url(transcript)).content.decode()
    assert "[no-speaker]" in page and "upload is kept" in page


def test_delete_needs_sudo_and_a_reason_and_is_audited(
    held: Appointment,
    personas: Any,
    signed_in: Any,
) -> None:
    transcript = make_transcript(held, personas)
    run_analysis(transcript.analysis.pk)
    browser = signed_in(personas["owner"])
    response = browser.post(transcript_url(transcript, "delete"), {"reason": "wrong client"})
    assert response.status_code == 302 and "/accounts/confirm/" in response["Location"]
    transcript.refresh_from_db()
    assert transcript.content == SYNTHETIC

    browser = signed_in(personas["owner"], sudo=True)
    assert browser.post(transcript_url(transcript, "delete"), {"reason": ""}).status_code == 400
    response = browser.post(transcript_url(transcript, "delete"), {"reason": "wrong client"})
    assert response.status_code == 302
    transcript.refresh_from_db()
    assert transcript.content is None and transcript.deletion_reason == "wrong client"
    assert '"quote"' not in str(Analysis.objects.get().result)
    assert AuditEntry.objects.filter(
        action="transcript-deleted", object_id=str(transcript.public_id)
    ).exists()
    page = browser.get(transcript_url(transcript)).content.decode()
    assert "quote removed" in page and "Morgan" not in page


@pytest.mark.parametrize(
    "outsider", ["colleague", "supervisor", "other_supervisor", "admin", "intake", "researcher"]
)
def test_outsiders_get_404(
    held: Appointment,
    personas: Any,
    signed_in: Any,
    consented: None,
    outsider: str,
) -> None:
    transcript = make_transcript(held, personas)
    if outsider == "admin":  # break-glass opens the record, never the transcripts
        BreakGlassGrant.objects.create(
            user=personas["admin"],
            client=personas["client"],
            reason="audited emergency (test)",
            until=timezone.now() + datetime.timedelta(minutes=30),
        )
    browser = signed_in(personas[outsider], sudo=True)
    for url in (session_url(held), transcript_url(transcript)):
        assert browser.get(url).status_code == 404
    assert browser.post(session_url(held), {"text": SYNTHETIC}).status_code == 404
    response = browser.post(transcript_url(transcript, "delete"), {"reason": "x"})
    assert response.status_code == 404
    transcript.refresh_from_db()
    assert transcript.content == SYNTHETIC and Transcript.objects.count() == 1


def test_client_page_links_the_treating_therapist_only(
    held: Appointment,
    personas: Any,
    signed_in: Any,
) -> None:
    from django.urls import reverse

    url = reverse("clients:detail", args=[personas["client"].public_id])
    assert session_url(held) in signed_in(personas["owner"]).get(url).content.decode()

"""Single-use, expiring links; half-filled forms kept as drafts; bad values refused."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from talkingcure.outcomes.links import LinkRefused, issue, redeem
from talkingcure.outcomes.models import Administration


def test_expired_and_unknown_links_are_refused(personas: Any) -> None:
    administration, token = issue(personas["client"], "gad7")
    later = administration.expires_at + datetime.timedelta(seconds=1)
    with pytest.raises(LinkRefused, match="expired"):
        redeem(token, now=later)
    with pytest.raises(LinkRefused, match="not valid"):
        redeem("made-up-token")


def test_link_shows_no_client_name(personas: Any, client: Any) -> None:
    _, token = issue(personas["client"], "gad7")
    body = client.get(f"/q/{token}/").content.decode()
    assert "Quinn" not in body and "Synthetic-Test" not in body
    assert 'name="item-' in body


def test_half_filled_form_is_saved_and_completed_later(personas: Any, client: Any) -> None:
    administration, token = issue(personas["client"], "gad7")
    refused = client.post(f"/q/{token}/", {"item-1": "2", "submit": "1"})
    assert refused.status_code == 400
    assert "2" in refused.content.decode()  # names what is missing
    administration.refresh_from_db()
    assert administration.status == "draft" and administration.answers["1"] == 2
    again = client.get(f"/q/{token}/").content.decode()
    assert 'value="2" checked' in again
    rest = {f"item-{i}": "1" for i in range(2, 8)}
    done = client.post(f"/q/{token}/", {**rest, "submit": "1"})
    assert "Thank you" in done.content.decode()
    administration.refresh_from_db()
    assert administration.result["total"] == 8


def test_out_of_range_and_garbage_values_are_refused(personas: Any, client: Any) -> None:
    administration, token = issue(personas["client"], "gad7")
    values = {f"item-{i}": "1" for i in range(1, 8)}
    bad = client.post(f"/q/{token}/", {**values, "item-3": "9", "submit": "1"})
    assert bad.status_code == 400 and "3" in bad.content.decode()
    garbage = client.post(f"/q/{token}/", {**values, "item-3": "lots", "submit": "1"})
    assert "not understood: 3" in garbage.content.decode()
    administration.refresh_from_db()
    assert administration.status == "draft"


def test_schedule_more_often_than_the_recall_window_is_refused(
    personas: Any, signed_in: Any
) -> None:
    page = reverse("outcomes:client", args=[personas["client"].public_id])
    body = (
        signed_in(personas["owner"])
        .post(page, {"schedule": "1", "instrument": "audit", "every_days": "7"})
        .content.decode()
    )
    assert "past year" in body or "year" in body
    assert not personas["client"].measure_schedules.exists()


@pytest.mark.parametrize("persona", ["colleague", "admin", "intake", "researcher"])
def test_outsiders_cannot_see_scores(personas: Any, signed_in: Any, persona: str) -> None:
    browser = signed_in(personas[persona], sudo=True)
    client_id = personas["client"].public_id
    assert browser.get(reverse("outcomes:client", args=[client_id])).status_code == 404
    assert browser.get(reverse("outcomes:fhir_export", args=[client_id])).status_code == 404


def test_caseload_and_centre_views(personas: Any, signed_in: Any) -> None:
    administration, _ = issue(personas["client"], "gad7")
    administration.status = Administration.Status.COMPLETED
    administration.completed_at = timezone.now()
    administration.result = {"total": 12, "band": "Moderate", "change": None}
    administration.save()
    assert (
        "Quinn" in signed_in(personas["owner"]).get(reverse("outcomes:caseload")).content.decode()
    )
    assert (
        "Quinn"
        not in signed_in(personas["colleague"]).get(reverse("outcomes:caseload")).content.decode()
    )
    centre = signed_in(personas["supervisor"]).get(reverse("outcomes:centre")).content.decode()
    assert "baseline only: 1" in centre and "Quinn" not in centre
    assert signed_in(personas["owner"]).get(reverse("outcomes:centre")).status_code == 404


def test_research_csv_is_deidentified_and_consented_only(personas: Any, tmp_path: Any) -> None:
    from typer.testing import CliRunner

    from talkingcure.cli import app
    from talkingcure.clients.models import Client
    from talkingcure.consents.models import Consent, ConsentKind
    from talkingcure.outcomes.answering import submit

    consenting = Client.objects.create(
        given_name="Ola", family_name="Synthetic-Two", clinician=personas["owner"], synthetic=True
    )
    Consent.objects.create(client=consenting, kind=ConsentKind.RESEARCH, given_on="2026-01-01")
    for record in (consenting, personas["client"]):
        administration, _ = issue(record, "gad7")
        submit(administration, {str(i): 1 for i in range(1, 8)})
    out = tmp_path / "scores.csv"
    result = CliRunner().invoke(
        app,
        ["export", "measures", "--as", "researcher", "--purpose", "outcome study", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert "1 de-identified rows" in result.output and "1 clients withheld" in result.output
    text = out.read_text()
    assert "gad7" in text and "Ola" not in text and str(consenting.public_id) not in text


def test_home_lists_questionnaires_that_expired_unanswered(personas: Any, signed_in: Any) -> None:
    issue(personas["client"], "gad7", now=timezone.now() - datetime.timedelta(days=5))
    body = signed_in(personas["owner"]).get(reverse("home")).content.decode()
    assert "Overdue questionnaires" in body and "gad7 sent" in body
    answered, _ = issue(personas["client"], "phq9", now=timezone.now() - datetime.timedelta(days=5))
    answered.status = Administration.Status.COMPLETED
    answered.save()
    body = signed_in(personas["owner"]).get(reverse("home")).content.decode()
    assert "phq9 sent" not in body


def test_critical_answer_in_a_saved_draft_raises_a_flag(personas: Any, client: Any) -> None:
    from talkingcure.risk.models import RiskFlag

    _, token = issue(personas["client"], "phq9")
    body = client.post(f"/q/{token}/", {"item-9": "3", "save_draft": "1"}).content.decode()
    assert "get help now" in body  # crisis information on the spot
    client.post(f"/q/{token}/", {"item-9": "3", "save_draft": "1"})
    flags = list(RiskFlag.objects.filter(source="questionnaire"))  # the kind is encrypted
    assert [f.kind for f in flags] == ["suicide"]


def test_kiosk_mode_signs_the_clinician_out_first(personas: Any, signed_in: Any) -> None:
    browser = signed_in(personas["owner"])
    page = reverse("outcomes:client", args=[personas["client"].public_id])
    response = browser.post(page, {"send": "1", "instrument": "gad7", "kiosk": "on"})
    assert response["Location"].startswith("/q/")
    form = browser.get(response["Location"]).content.decode()
    assert "Sign out" not in form and "Clients" not in form
    assert browser.get(reverse("clients:list")).status_code == 302  # signed out

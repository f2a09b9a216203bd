"""Adding and editing clients, status changes and enrolment, with specific refusals."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from talkingcure.clients.models import Client
from talkingcure.programmes.models import Programme

VALID = {
    "given_name": "Noor",
    "family_name": "Synthetic-New",
    "sex": "female",
    "date_of_birth": "1991-02-03",
    "concerns": ["anxiety", "interpersonal"],
    "pronouns": "she/her",
}


def test_clinician_adds_a_client_to_own_caseload(personas: Any, signed_in: Any) -> None:
    response = signed_in(personas["owner"]).post(reverse("clients:create"), VALID)
    client = Client.objects.exclude(pk=personas["client"].pk).get()
    assert response["Location"] == reverse("clients:detail", args=[client.public_id])
    assert client.clinician == personas["owner"]
    assert client.concerns == ["anxiety", "interpersonal"]
    assert client.concern_labels == ["Anxiety", "Interpersonal or relationship problems"]


def test_supervisor_may_assign_to_a_supervisee(personas: Any, signed_in: Any) -> None:
    data = dict(VALID, clinician=str(personas["owner"].public_id))
    signed_in(personas["supervisor"]).post(reverse("clients:create"), data)
    assert (
        Client.objects.get(family_name__isnull=False, pk__gt=personas["client"].pk).clinician
        == personas["owner"]
    )


@pytest.mark.parametrize("persona", ["admin", "intake", "researcher"])
def test_other_roles_cannot_add_clients(personas: Any, signed_in: Any, persona: str) -> None:
    assert signed_in(personas[persona]).post(reverse("clients:create"), VALID).status_code == 404


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"date_of_birth": "2091-01-01"}, "The date of birth is in the future."),
        ({"date_of_birth": "1991-02-30"}, "Enter a real date as YYYY-MM-DD"),
        ({"date_of_birth": "1850-01-01"}, "before 1900"),
        ({"email": "not-an-address"}, "Enter a valid email address."),
        ({"concerns": ["telepathy"]}, "Select a valid choice."),
    ],
)
def test_bad_details_are_refused_specifically(
    personas: Any, signed_in: Any, change: dict[str, Any], message: str
) -> None:
    response = signed_in(personas["owner"]).post(reverse("clients:create"), {**VALID, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Client.objects.count() == 1


def test_minor_needs_a_guardian(personas: Any, signed_in: Any) -> None:
    born = timezone.localdate() - datetime.timedelta(days=15 * 365)
    data = dict(VALID, date_of_birth=born.isoformat())
    refused = signed_in(personas["owner"]).post(reverse("clients:create"), data)
    assert "The client is a minor: record a parent or guardian." in refused.content.decode()
    data["guardian"] = "Pat Synthetic-Parent, mother, +1 555 0199"
    signed_in(personas["owner"]).post(reverse("clients:create"), data)
    assert Client.objects.filter(pk__gt=personas["client"].pk).get().is_minor


def test_edit_keeps_what_was_saved_when_input_is_bad(personas: Any, signed_in: Any) -> None:
    client = personas["client"]
    url = reverse("clients:edit", args=[client.public_id])
    browser = signed_in(personas["owner"])
    bad = browser.post(url, {**VALID, "date_of_birth": "1990-13-45"})
    assert "Enter a real date" in bad.content.decode()
    assert "Noor" in bad.content.decode()  # what was typed is shown again, not lost
    client.refresh_from_db()
    assert client.given_name == "Quinn"
    browser.post(url, VALID)
    client.refresh_from_db()
    assert client.given_name == "Noor"


def test_outsider_cannot_edit(personas: Any, signed_in: Any) -> None:
    url = reverse("clients:edit", args=[personas["client"].public_id])
    assert signed_in(personas["colleague"]).post(url, VALID).status_code == 404


def test_status_change_records_date_and_reason(personas: Any, signed_in: Any) -> None:
    client = personas["client"]
    signed_in(personas["owner"]).post(
        reverse("clients:status", args=[client.public_id]),
        {"status": "on_hold", "since": "2026-11-01", "reason": "Travelling for a month"},
    )
    client.refresh_from_db()
    assert (client.status, client.status_since, client.status_reason) == (
        "on_hold",
        datetime.date(2026, 11, 1),
        "Travelling for a month",
    )


def test_enrolment_end_before_start_is_refused(personas: Any, signed_in: Any) -> None:
    programme = Programme.objects.create(name="Outpatient", kind="mental_health")
    url = reverse("clients:enrol", args=[personas["client"].public_id])
    browser = signed_in(personas["owner"])
    bad = browser.post(
        url, {"programme": programme.pk, "started_on": "2026-05-01", "ended_on": "2026-04-01"}
    )
    assert "The end date is before the start date." in bad.content.decode()
    browser.post(url, {"programme": programme.pk, "started_on": "2026-05-01"})
    assert personas["client"].enrolments.count() == 1
    assert signed_in(personas["colleague"]).post(url, {}).status_code == 404


def test_edit_form_shows_the_saved_date_in_the_date_input(personas: Any, signed_in: Any) -> None:
    """A date input only accepts YYYY-MM-DD; any other rendering would blank it and a re-save
    would silently clear the date of birth."""
    client = personas["client"]
    client.date_of_birth = datetime.date(1988, 3, 14)
    client.save()
    body = signed_in(personas["owner"]).get(reverse("clients:edit", args=[client.public_id]))
    assert 'value="1988-03-14"' in body.content.decode()

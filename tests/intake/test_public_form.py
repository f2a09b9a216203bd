"""The public inquiry page: valid, invalid, honeypot, rate limit, crisis information."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.urls import reverse

from talkingcure.intake.models import Inquiry


def test_page_needs_no_login_and_always_shows_crisis_numbers(client: Any, db: Any) -> None:
    body = client.get(reverse("inquiry")).content.decode()
    assert "Are you safe right now?" in body
    assert "988" in body and "911" in body


def test_valid_inquiry_is_saved_encrypted_and_acknowledged(
    client: Any, db: Any, answers: dict[str, Any]
) -> None:
    response = client.post(reverse("inquiry"), answers, follow=True)
    assert "We have your message" in response.content.decode()
    assert "within one working day" in response.content.decode()
    inquiry = Inquiry.objects.get()
    assert inquiry.email == "sam@example.org" and not inquiry.urgent and not inquiry.incomplete
    with connection.cursor() as cursor:
        cursor.execute("SELECT message, email FROM intake_inquiry")
        raw = " ".join(cursor.fetchone())
    assert "sleep" not in raw and "sam@example.org" not in raw


def test_not_safe_now_shows_crisis_help_and_marks_urgent(
    client: Any, db: Any, answers: dict[str, Any]
) -> None:
    answers["safe_now"] = "no"
    body = client.post(reverse("inquiry"), answers, follow=True).content.decode()
    assert "crisis-urgent" in body and "get help now" in body
    assert Inquiry.objects.get().urgent


def test_honeypot_submission_is_not_stored(client: Any, db: Any, answers: dict[str, Any]) -> None:
    answers["website"] = "http://spam.example"
    response = client.post(reverse("inquiry"), answers, follow=True)
    assert "We have your message" in response.content.decode()
    assert not Inquiry.objects.exists()


def test_flood_from_one_address_is_limited(
    client: Any, db: Any, answers: dict[str, Any], settings: Any
) -> None:
    for _ in range(settings.INTAKE_SUBMISSIONS_PER_HOUR):
        client.post(reverse("inquiry"), answers)
    limited = client.post(reverse("inquiry"), answers)
    assert limited.status_code == 429
    assert "Please call us instead" in limited.content.decode()
    assert Inquiry.objects.count() == settings.INTAKE_SUBMISSIONS_PER_HOUR
    other = client.post(reverse("inquiry"), answers, REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 302


def test_invalid_field_keeps_the_valid_answers(
    client: Any, db: Any, answers: dict[str, Any]
) -> None:
    answers["email"] = "not an address"
    answers["message"] = "I keep thinking about ending my life."
    response = client.post(reverse("inquiry"), answers)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Enter a valid email address." in body
    assert "We saved what you told us so far" in body
    saved = Inquiry.objects.get()
    assert saved.incomplete and saved.urgent  # the risk is not lost with the bad e-mail
    token = body.split('name="continue" value="')[1].split('"')[0]
    answers.update(email="sam@example.org", **{"continue": token})
    client.post(reverse("inquiry"), answers)
    saved = Inquiry.objects.get()
    assert not saved.incomplete and saved.email == "sam@example.org"


def test_missing_contact_detail_is_asked_for(client: Any, db: Any, answers: dict[str, Any]) -> None:
    answers.update(contact_by=["phone"], email="")
    body = client.post(reverse("inquiry"), answers).content.decode()
    assert "Give a phone number, or choose another way to reach you." in body


def test_oversized_and_hostile_text(client: Any, db: Any, answers: dict[str, Any]) -> None:
    answers["message"] = "x" * 5000
    assert "at most 4000 characters" in client.post(reverse("inquiry"), answers).content.decode()
    answers["message"] = "<script>alert(1)</script> I need help"
    client.post(reverse("inquiry"), answers)
    assert Inquiry.objects.filter(incomplete=False).count() == 1


def test_substance_programme_applicant_is_part2(
    client: Any, db: Any, answers: dict[str, Any]
) -> None:
    from talkingcure.programmes.models import Programme

    programme = Programme.objects.create(name="Residential", kind="substance_use")
    answers["programme"] = programme.pk
    client.post(reverse("inquiry"), answers)
    assert Inquiry.objects.get().part2


def test_behind_a_proxy_the_forwarded_address_is_limited(
    client: Any, db: Any, answers: dict[str, Any], settings: Any
) -> None:
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    for _ in range(settings.INTAKE_SUBMISSIONS_PER_HOUR):
        client.post(reverse("inquiry"), answers, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert (
        client.post(reverse("inquiry"), answers, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code
        == 429
    )
    other = client.post(reverse("inquiry"), answers, HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert other.status_code == 302  # a different person behind the same proxy

"""Separate, dated, revocable consents; an action needing one is refused while it is missing."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from talkingcure.consents.models import Consent, ConsentKind
from talkingcure.consents.require import ConsentMissing, require_consent

TODAY = datetime.date(2026, 11, 27)


@pytest.mark.parametrize("kind", ConsentKind.values)
def test_each_missing_consent_is_named(personas: Any, kind: str) -> None:
    with pytest.raises(ConsentMissing) as refused:
        require_consent(personas["client"], kind)
    assert ConsentKind(kind).label.lower() in str(refused.value)
    assert "is not on file" in str(refused.value)


def test_revoked_and_expired_consents_are_refused_with_the_date(personas: Any) -> None:
    client = personas["client"]
    today = timezone.localdate()
    Consent.objects.create(
        client=client,
        kind=ConsentKind.ANALYSIS,
        given_on=today - datetime.timedelta(days=30),
        revoked_on=today,
    )
    with pytest.raises(ConsentMissing, match=f"was revoked on {today.isoformat()}"):
        require_consent(client, ConsentKind.ANALYSIS)
    expired = today - datetime.timedelta(days=1)
    Consent.objects.create(
        client=client,
        kind=ConsentKind.RECORDING,
        given_on=today - datetime.timedelta(days=30),
        expires_on=expired,
    )
    with pytest.raises(ConsentMissing, match=f"expired on {expired.isoformat()}"):
        require_consent(client, ConsentKind.RECORDING)


def test_consent_in_force_is_returned(personas: Any) -> None:
    consent = Consent.objects.create(
        client=personas["client"], kind=ConsentKind.TREATMENT, given_on=timezone.localdate()
    )
    assert require_consent(personas["client"], ConsentKind.TREATMENT) == consent


def test_part2_consent_form_requires_every_element(personas: Any, signed_in: Any) -> None:
    url = reverse("consents:add", args=[personas["client"].public_id])
    response = signed_in(personas["owner"]).post(
        url,
        {
            "kind": "part2_disclosure",
            "given_on": timezone.localdate().isoformat(),
            "recipient": "Hillside GP",
        },
    )
    body = response.content.decode()
    assert body.count("A written Part 2 consent must state this") == 5
    assert not Consent.objects.exists()


def test_consent_cannot_be_dated_in_the_future_or_expire_first(
    personas: Any, signed_in: Any
) -> None:
    url = reverse("consents:add", args=[personas["client"].public_id])
    browser = signed_in(personas["owner"])
    future = browser.post(url, {"kind": "treatment", "given_on": "2099-01-01"})
    assert "cannot be dated in the future" in future.content.decode()
    backwards = browser.post(
        url, {"kind": "treatment", "given_on": "2026-01-10", "expires_on": "2026-01-01"}
    )
    assert "expire before it was given" in backwards.content.decode()


def test_revoke_through_the_page(personas: Any, signed_in: Any) -> None:
    consent = Consent.objects.create(
        client=personas["client"], kind=ConsentKind.RESEARCH, given_on=datetime.date(2026, 1, 5)
    )
    url = reverse("consents:revoke", args=[personas["client"].public_id, consent.public_id])
    browser = signed_in(personas["owner"])
    early = browser.post(url, {"revoked_on": "2025-12-31"})
    assert "cannot be revoked before it was given" in early.content.decode()
    browser.post(url, {"revoked_on": "2026-02-01"})
    consent.refresh_from_db()
    assert consent.revoked_on == datetime.date(2026, 2, 1)
    again = browser.post(url, {"revoked_on": "2026-03-01"})
    assert "Already revoked on 2026-02-01" in again.content.decode()


def test_outsiders_cannot_record_or_revoke(personas: Any, signed_in: Any) -> None:
    consent = Consent.objects.create(
        client=personas["client"], kind=ConsentKind.RESEARCH, given_on=datetime.date(2026, 1, 5)
    )
    client_id = personas["client"].public_id
    for persona in ("colleague", "admin", "intake", "researcher"):
        browser = signed_in(personas[persona])
        assert browser.get(reverse("consents:add", args=[client_id])).status_code == 404
        revoke = reverse("consents:revoke", args=[client_id, consent.public_id])
        assert browser.post(revoke, {"revoked_on": "2026-02-01"}).status_code == 404


def test_malformed_consent_id_is_a_404(personas: Any, signed_in: Any) -> None:
    url = f"/consents/{personas['client'].public_id}/not-a-uuid/revoke/"
    assert signed_in(personas["owner"]).get(url).status_code == 404

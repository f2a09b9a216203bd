"""Sharing with the client: a random-token link (hash stored) to a read-only page; it expires,
can be withdrawn, is spent an hour after first opening, and is a recorded disclosure."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.urls import reverse
from django.utils import timezone

from talkingcure.coping import links
from talkingcure.coping.models import CopingPlanVersion, PlanLink
from talkingcure.disclosure.models import Disclosure
from talkingcure.plans import lifecycle
from talkingcure.plans.models import VersionStatus

from .conftest import BAR, url


def _share(personas: Any, signed_in: Any, plan: CopingPlanVersion) -> Any:
    return signed_in(personas["owner"], sudo=True).post(
        url("share", personas["client"], plan.number)
    )


def _token(response: Any) -> str:
    found = re.search(r"/my-plan/([\w-]+)/", response.content.decode())
    assert found
    return found.group(1)


def test_a_valid_link_shows_the_plan_read_only(
    personas: Any, signed_plan: CopingPlanVersion, signed_in: Any, client: Any
) -> None:
    response = _share(personas, signed_in, signed_plan)
    assert response.status_code == 200
    token = _token(response)
    link = PlanLink.objects.get()
    assert token not in link.token_hash and len(link.token_hash) == 64
    disclosure = Disclosure.objects.get()
    assert (disclosure.path, disclosure.recipient) == ("coping_plan_share", "the client")
    client.logout()
    page = client.get(reverse("coping_plan", args=[token]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Walking past the bar after work (synthetic)" in body
    assert "Quinn" not in body  # the page does not name the client
    assert "<form" not in body.split("<main")[-1]  # read-only
    assert page["Cache-Control"] == "no-store"
    link.refresh_from_db()
    assert link.first_opened_at is not None


def test_an_expired_link_is_refused(
    personas: Any, signed_plan: CopingPlanVersion, signed_in: Any, client: Any
) -> None:
    token = _token(_share(personas, signed_in, signed_plan))
    PlanLink.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    page = client.get(reverse("coping_plan", args=[token]))
    assert page.status_code == 410
    assert "This link has expired." in page.content.decode()
    assert "past the bar" not in page.content.decode()


def test_a_revoked_link_is_refused(
    personas: Any, signed_plan: CopingPlanVersion, signed_in: Any, client: Any
) -> None:
    browser = signed_in(personas["owner"], sudo=True)
    token = _token(browser.post(url("share", personas["client"], signed_plan.number)))
    link = PlanLink.objects.get()
    browser.post(url("revoke_link", personas["client"], link.public_id))
    page = client.get(reverse("coping_plan", args=[token]))
    assert page.status_code == 410
    assert "withdrawn by your clinic" in page.content.decode()


def test_a_link_is_spent_an_hour_after_first_opening(
    personas: Any, signed_plan: CopingPlanVersion, signed_in: Any
) -> None:
    _, token = links.issue(signed_plan, personas["owner"])
    opened = timezone.now()
    links.redeem(token, now=opened)
    links.redeem(token, now=opened + datetime.timedelta(minutes=30))  # a reload works
    later = opened + datetime.timedelta(minutes=links.OPEN_MINUTES + 1)
    try:
        links.redeem(token, now=later)
    except links.LinkRefused as refused:
        assert "already used" in str(refused)
    else:
        raise AssertionError("a spent link opened")


def test_an_unknown_token_is_refused(db: Any, client: Any) -> None:
    page = client.get(reverse("coping_plan", args=["not-a-real-token"]))
    assert page.status_code == 410
    assert "This link is not valid." in page.content.decode()


def test_a_replaced_version_is_refused(
    personas: Any, signed_plan: CopingPlanVersion, signed_in: Any, client: Any
) -> None:
    _, token = links.issue(signed_plan, personas["owner"])
    second = CopingPlanVersion.objects.create(
        client=personas["client"],
        author=personas["owner"],
        number=2,
        triggers=signed_plan.triggers,
        strategies="x (synthetic)",
        contacts=signed_plan.contacts,
    )
    lifecycle.sign(second, personas["owner"])
    page = client.get(reverse("coping_plan", args=[token]))
    assert page.status_code == 410 and "has been updated" in page.content.decode()


def test_a_plan_with_no_confirmed_trigger_is_not_shared(personas: Any, signed_in: Any) -> None:
    empty = CopingPlanVersion.objects.create(
        client=personas["client"],
        author=personas["owner"],
        number=1,
        status=VersionStatus.SIGNED,
        signed_by=personas["owner"],
        signed_at=timezone.now(),
        strategies="Walk (synthetic)",
    )
    response = _share(personas, signed_in, empty)
    assert response.status_code == 400
    assert "no confirmed trigger" in response.content.decode()
    assert not PlanLink.objects.exists() and not Disclosure.objects.exists()


def test_a_draft_is_not_shared(personas: Any, signed_in: Any) -> None:
    from talkingcure.coping import drafts

    draft = drafts.add_trigger(personas["client"], personas["owner"], BAR)
    response = _share(personas, signed_in, draft)
    assert response.status_code == 400
    assert "Only a signed version is shared" in response.content.decode()
    assert not PlanLink.objects.exists()


def test_sharing_needs_sudo_and_the_assigned_clinician(
    personas: Any, signed_plan: CopingPlanVersion, signed_in: Any
) -> None:
    no_sudo = signed_in(personas["owner"]).post(url("share", personas["client"], 1))
    assert no_sudo.status_code == 302 and "/accounts/confirm/" in no_sudo["Location"]
    supervisor = signed_in(personas["supervisor"], sudo=True).post(
        url("share", personas["client"], 1)
    )
    assert supervisor.status_code == 403
    assert not PlanLink.objects.exists() and not Disclosure.objects.exists()

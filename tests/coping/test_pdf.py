"""The plan prints as a PDF only through the disclosure gate, in sudo mode."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from talkingcure.consents.models import Consent, ConsentKind
from talkingcure.coping.models import CopingPlanVersion
from talkingcure.disclosure.models import Disclosure

from .conftest import enrol_in_substance_programme, url

FORM = {"recipient": "the client", "purpose": "the client's copy of their plan"}


def _text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_pdf_goes_through_the_gate(
    personas: Any, signed_plan: CopingPlanVersion, signed_in: Any, settings: Any
) -> None:
    settings.CRISIS_LINE = "988 (synthetic test line)"
    response = signed_in(personas["owner"], sudo=True).post(
        url("export_pdf", personas["client"], signed_plan.number), FORM
    )
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "Coping plan, version 1" in text
    assert "Walking past the bar after work (synthetic)" in text
    assert "Sponsor (synthetic)" in text and "988 (synthetic test line)" in text
    disclosure = Disclosure.objects.get()
    assert disclosure.path == "coping_plan_pdf_export"
    assert disclosure.categories == "treatment_plan"
    assert disclosure.recipient == "the client"


def test_pdf_needs_sudo(personas: Any, signed_plan: CopingPlanVersion, signed_in: Any) -> None:
    response = signed_in(personas["owner"]).post(
        url("export_pdf", personas["client"], signed_plan.number), FORM
    )
    assert response.status_code == 302 and "/accounts/confirm/" in response["Location"]
    assert not Disclosure.objects.exists()


def test_a_part2_plan_leaves_only_under_consent(
    personas: Any, signed_plan: CopingPlanVersion, signed_in: Any
) -> None:
    enrol_in_substance_programme(personas["client"])
    response = signed_in(personas["owner"], sudo=True).post(
        url("export_pdf", personas["client"], signed_plan.number), FORM
    )
    assert response.status_code == 400
    assert "42 CFR Part 2" in response.content.decode()
    assert "record the client's consent" in response.content.decode()
    assert not Disclosure.objects.exists()


def test_a_part2_plan_leaves_under_a_consent_naming_the_client(
    personas: Any, signed_plan: CopingPlanVersion, signed_in: Any
) -> None:
    enrol_in_substance_programme(personas["client"])
    today = timezone.localdate()
    Consent.objects.create(
        client=personas["client"],
        kind=ConsentKind.PART2_DISCLOSURE,
        recipient="the client",
        purpose="the client's own copy of their plan",
        information="relapse-prevention plan",
        signed_by="client",
        categories=["treatment_plan"],
        given_on=today - datetime.timedelta(days=1),
        expires_on=today + datetime.timedelta(days=90),
    )
    browser = signed_in(personas["owner"], sudo=True)
    response = browser.post(url("export_pdf", personas["client"], signed_plan.number), FORM)
    assert response["Content-Type"] == "application/pdf"
    assert "42 CFR part 2 prohibits" in _text(response.content)
    assert Disclosure.objects.filter(part2=True).count() == 1


def test_a_part2_client_gets_their_own_plan_without_a_disclosure_consent(
    personas: Any, signed_plan: CopingPlanVersion, signed_in: Any
) -> None:
    """42 CFR 2.23: a patient's access to their own record needs no consent."""
    enrol_in_substance_programme(personas["client"])
    browser = signed_in(personas["owner"], sudo=True)
    shared = browser.post(url("share", personas["client"], signed_plan.number))
    assert shared.status_code == 200 and "/my-plan/" in shared.content.decode()
    assert Disclosure.objects.get().path == "coping_plan_share"
    token = shared.content.decode().split("/my-plan/")[1].split("/")[0]
    browser.logout()
    page = browser.get(reverse("coping_plan", args=[token]))
    assert "My coping plan" in page.content.decode()  # signed before the enrolment


def test_a_draft_is_not_printed(personas: Any, signed_in: Any) -> None:
    from talkingcure.coping import drafts

    from .conftest import BAR

    draft = drafts.add_trigger(personas["client"], personas["owner"], BAR)
    response = signed_in(personas["owner"], sudo=True).post(
        url("export_pdf", personas["client"], draft.number), FORM
    )
    assert response.status_code == 400
    assert "Only a signed version is printed" in response.content.decode()
    assert not Disclosure.objects.exists()

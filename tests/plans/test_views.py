"""Plan pages: writing, signing, co-signing through the pages; outsiders get 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from talkingcure.plans.models import DiagnosisCode, PlanVersion, VersionStatus

OUTSIDERS = ("colleague", "admin", "intake", "researcher", "other_supervisor")


def _plan_post(**overrides: str) -> dict[str, str]:
    data = {
        "problems": "Panic at work (synthetic)",
        "diagnoses": "SYN-A01",
        "interventions": "Weekly sessions",
        "review_on": "2099-01-01",
        "goals-TOTAL_FORMS": "2",
        "goals-INITIAL_FORMS": "0",
        "goals-0-goal": "Fewer panic attacks",
        "goals-0-target": "Under one a week for a month",
        "goals-0-by": "",
        "goals-1-goal": "",
        "goals-1-target": "",
        "goals-1-by": "",
    }
    data.update(overrides)
    return data


def test_clinician_writes_and_signs_a_plan(
    personas: dict[str, Any], signed_in: Any, codes: None
) -> None:
    browser = signed_in(personas["owner"])
    client_id = personas["client"].public_id
    assert browser.get(f"/plans/{client_id}/edit/").status_code == 200
    response = browser.post(f"/plans/{client_id}/edit/", _plan_post())
    assert response.status_code == 302
    plan = PlanVersion.objects.get(client=personas["client"])
    assert plan.diagnoses[0]["code"] == "SYN-A01"
    assert plan.goals[0]["target"] == "Under one a week for a month"
    browser.post(f"/plans/{client_id}/v/1/sign/")
    plan.refresh_from_db()
    assert plan.status == VersionStatus.SIGNED
    page = browser.get(f"/plans/{client_id}/")
    assert b"Panic at work" in page.content


def test_bad_input_is_refused_with_a_message_and_kept(
    personas: dict[str, Any], signed_in: Any, codes: None
) -> None:
    browser = signed_in(personas["owner"])
    client_id = personas["client"].public_id
    response = browser.post(
        f"/plans/{client_id}/edit/",
        _plan_post(**{"goals-0-target": "", "review_on": "2001-01-01"}),
    )
    assert response.status_code == 200
    assert b"Give a measurable target for this goal." in response.content
    assert b"The review date is in the past" in response.content
    assert b"Panic at work" in response.content  # nothing typed is lost
    assert not PlanVersion.objects.exists()


def test_signing_an_empty_plan_is_refused_on_the_page(
    personas: dict[str, Any], signed_in: Any
) -> None:
    PlanVersion.objects.create(client=personas["client"], author=personas["owner"], number=1)
    browser = signed_in(personas["owner"])
    response = browser.post(f"/plans/{personas['client'].public_id}/v/1/sign/", follow=True)
    assert b"Not signed: Name at least one problem" in response.content
    assert PlanVersion.objects.get().status == VersionStatus.DRAFT


def test_supervisor_reads_and_cosigns_but_does_not_write(
    personas: dict[str, Any], signed_in: Any, make_plan: Any
) -> None:
    from talkingcure.plans import lifecycle

    lifecycle.sign(make_plan(), personas["owner"])
    browser = signed_in(personas["supervisor"])
    client_id = personas["client"].public_id
    assert browser.get(f"/plans/{client_id}/v/1/").status_code == 200
    assert browser.get(f"/plans/{client_id}/edit/").status_code == 403
    browser.post(f"/plans/{client_id}/v/1/cosign/")
    assert PlanVersion.objects.get().cosigned_by == personas["supervisor"]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_404(
    personas: dict[str, Any], signed_in: Any, make_plan: Any, who: str
) -> None:
    make_plan()
    browser = signed_in(personas[who])
    client_id = personas["client"].public_id
    for url in (
        f"/plans/{client_id}/",
        f"/plans/{client_id}/edit/",
        f"/plans/{client_id}/v/1/",
        f"/plans/{client_id}/discharge/",
    ):
        assert browser.get(url).status_code == 404, url
    for url in (f"/plans/{client_id}/v/1/sign/", f"/plans/{client_id}/v/1/cosign/"):
        assert browser.post(url).status_code == 404, url
    assert PlanVersion.objects.get().status == VersionStatus.DRAFT


@pytest.mark.parametrize("who", ("owner", "supervisor", "intake", "researcher"))
def test_code_list_page_is_for_administrators_only(
    personas: dict[str, Any], signed_in: Any, who: str
) -> None:
    assert signed_in(personas[who]).get("/plans/codes/").status_code == 404


def test_administrator_loads_a_code_list(personas: dict[str, Any], signed_in: Any) -> None:
    browser = signed_in(personas["admin"])
    good = SimpleUploadedFile("codes.csv", b"code,description\nSYN-Z9,Synthetic demo code\n")
    assert browser.post("/plans/codes/", {"csv_file": good}).status_code == 302
    assert DiagnosisCode.objects.filter(code="SYN-Z9").exists()
    bad = SimpleUploadedFile("codes.csv", b"code,description\n,No code\n")
    response = browser.post("/plans/codes/", {"csv_file": bad})
    assert b"Nothing was loaded" in response.content
    assert b"line 2: code" in response.content
    assert DiagnosisCode.objects.count() == 1


def test_earlier_signed_versions_stay_readable(
    personas: dict[str, Any], signed_in: Any, codes: None
) -> None:
    browser = signed_in(personas["owner"])
    client_id = personas["client"].public_id
    browser.post(f"/plans/{client_id}/edit/", _plan_post())
    browser.post(f"/plans/{client_id}/v/1/sign/")
    browser.post(f"/plans/{client_id}/edit/", _plan_post(problems="Panic; insomnia (synthetic)"))
    assert PlanVersion.objects.count() == 2
    draft_page = browser.get(f"/plans/{client_id}/").content.decode()
    assert "Version 2 is a draft in progress" in draft_page
    signed = browser.post(f"/plans/{client_id}/v/2/sign/", follow=True).content.decode()
    assert "Plan version 2 signed" in signed, signed[signed.find("messages") :][:300]
    old = browser.get(f"/plans/{client_id}/v/1/").content.decode()
    assert "A later signed version replaces this one" in old
    assert "Panic at work (synthetic)" in old
    assert "insomnia" not in old

"""Risk pages: raise by hand, acknowledge with a note, open flags top the home page."""

from __future__ import annotations

from typing import Any

import pytest

from talkingcure.risk.models import RiskFlag, Status

OUTSIDERS = ("colleague", "admin", "intake", "researcher", "other_supervisor")


def test_clinician_raises_a_flag_from_the_client_page(
    personas: dict[str, Any], signed_in: Any, outbox: list[Any]
) -> None:
    browser = signed_in(personas["owner"])
    client_id = personas["client"].public_id
    detail = browser.get(f"/clients/{client_id}/")
    assert f"/risk/{client_id}/raise/".encode() in detail.content
    response = browser.post(
        f"/risk/{client_id}/raise/", {"kind": "harm_to_others", "evidence": "Synthetic threat"}
    )
    assert response.status_code == 302
    made = RiskFlag.objects.get()
    assert (made.kind, made.source, made.raised_by) == (
        "harm_to_others",
        "clinician",
        personas["owner"],
    )


def test_raising_without_evidence_is_refused(personas: dict[str, Any], signed_in: Any) -> None:
    browser = signed_in(personas["owner"])
    response = browser.post(
        f"/risk/{personas['client'].public_id}/raise/", {"kind": "suicide", "evidence": ""}
    )
    assert response.status_code == 200
    assert b"the evidence is required" in response.content
    assert not RiskFlag.objects.exists()


def test_acknowledge_on_the_page_needs_a_note(
    personas: dict[str, Any], signed_in: Any, flag: Any
) -> None:
    made = flag()
    browser = signed_in(personas["owner"])
    url = f"/risk/{personas['client'].public_id}/flags/{made.public_id}/"
    response = browser.post(url, {"note": ""})
    assert b"Write a note" in response.content
    made.refresh_from_db()
    assert made.status == Status.OPEN
    assert browser.post(url, {"note": "Safety plan agreed (synthetic)"}).status_code == 302
    made.refresh_from_db()
    assert made.status == Status.ACKNOWLEDGED


def test_open_flags_stay_at_the_top_of_home_until_acknowledged(
    personas: dict[str, Any], signed_in: Any, flag: Any
) -> None:
    made = flag()
    page = signed_in(personas["owner"]).get("/").content.decode()
    assert "Open risk flags (1)" in page
    assert page.index("Open risk flags") < page.index("Upcoming sessions")
    assert page.index("Open risk flags") < page.index("This week")
    from talkingcure.risk.pipeline import acknowledge

    acknowledge(made, by=personas["owner"], note="Reviewed (synthetic)")
    page = signed_in(personas["owner"]).get("/").content.decode()
    assert "Open risk flags" not in page


def test_supervisor_home_shows_flags_across_supervisees(
    personas: dict[str, Any], signed_in: Any, flag: Any
) -> None:
    flag()
    assert b"Open risk flags (1)" in signed_in(personas["supervisor"]).get("/").content
    assert b"Open risk flags" not in signed_in(personas["other_supervisor"]).get("/").content
    assert b"Open risk flags" not in signed_in(personas["colleague"]).get("/").content


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_404(personas: dict[str, Any], signed_in: Any, flag: Any, who: str) -> None:
    made = flag()
    browser = signed_in(personas[who])
    client_id = personas["client"].public_id
    for url in (
        f"/risk/{client_id}/",
        f"/risk/{client_id}/raise/",
        f"/risk/{client_id}/flags/{made.public_id}/",
    ):
        assert browser.get(url).status_code == 404, url
    response = browser.post(f"/risk/{client_id}/flags/{made.public_id}/", {"note": "closing it"})
    assert response.status_code == 404
    made.refresh_from_db()
    assert made.status == Status.OPEN


def test_a_flag_of_another_client_is_not_found(
    personas: dict[str, Any], signed_in: Any, flag: Any
) -> None:
    from talkingcure.clients.models import Client

    mine = Client.objects.create(
        given_name="Sky", family_name="Synthetic-Other", clinician=personas["owner"]
    )
    made = flag()
    browser = signed_in(personas["owner"])
    assert browser.get(f"/risk/{mine.public_id}/flags/{made.public_id}/").status_code == 404
    assert browser.get(f"/risk/{mine.public_id}/flags/not-a-uuid/").status_code == 404

"""Session patterns are the treating therapist's only; outcome charts follow the outcomes rule;
every read and refusal is audited."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from talkingcure.audit.models import AuditEntry
from talkingcure.clients.models import BreakGlassGrant

from .treatment_fixtures import SESSIONS, analysed_session, answered, page_url, session_date

pytestmark = pytest.mark.django_db
QUOTE = "Kev would just boss"  # words of the first synthetic session


@pytest.fixture
def analysed(personas: dict[str, Any]) -> list[Any]:
    analyses = [analysed_session(personas, path) for path in SESSIONS[:2]]
    answered(personas["client"], "phq9", session_date(SESSIONS[0]), 2)
    return analyses


def entries(user: Any, **filters: Any) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(actor_id=str(user.public_id), **filters))


def test_treating_therapists_read_is_audited_once_per_analysis(
    personas: dict[str, Any], signed_in: Any, analysed: list[Any]
) -> None:
    owner = personas["owner"]
    page = signed_in(owner).get(page_url(personas["client"])).content.decode()
    assert QUOTE in page
    patterns = entries(owner, object_type="patterns")
    assert [(e.action, e.object_id) for e in patterns] == [
        ("read", str(personas["client"].public_id))
    ]
    read = {e.object_id for e in entries(owner, object_type="analysis", action="read")}
    assert read == {str(a.public_id) for a in analysed}
    assert entries(owner, object_type="outcomes", action="read")


def test_supervisor_sees_outcomes_but_no_session_patterns(
    personas: dict[str, Any], signed_in: Any, analysed: list[Any]
) -> None:
    viewer = personas["supervisor"]
    response = signed_in(viewer).get(page_url(personas["client"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "visible to the treating therapist only" in page
    assert "PHQ-9" in page  # the supervisor may see the client's outcomes
    for leak in (QUOTE, "Kev", 'id="tone-chart"', "analysed session", "/insights/"):
        assert leak not in page
    assert [e.action for e in entries(viewer, object_type="patterns")] == ["denied"]
    assert entries(viewer, object_type="analysis") == []


def test_the_notice_is_the_same_whether_or_not_sessions_were_analysed(
    personas: dict[str, Any], signed_in: Any
) -> None:
    browser = signed_in(personas["supervisor"])
    before = browser.get(page_url(personas["client"])).content.decode()
    analysed_session(personas, SESSIONS[0])
    after = browser.get(page_url(personas["client"])).content.decode()
    notice = 'id="patterns-withheld"'
    assert notice in before and notice in after
    assert "No analysed sessions yet" not in before + after


@pytest.mark.parametrize("role", ["colleague", "other_supervisor", "admin", "intake", "researcher"])
def test_people_who_may_not_see_the_client_get_404(
    personas: dict[str, Any], signed_in: Any, analysed: list[Any], role: str
) -> None:
    viewer = personas[role]
    response = signed_in(viewer).get(page_url(personas["client"]))
    assert response.status_code == 404
    assert QUOTE not in response.content.decode()
    assert [e.action for e in entries(viewer, object_type="client")] == ["denied"]
    assert entries(viewer, object_type="analysis") == []


def test_administrator_with_break_glass_sees_outcomes_only(
    personas: dict[str, Any], signed_in: Any, analysed: list[Any]
) -> None:
    admin = personas["admin"]
    BreakGlassGrant.objects.create(
        user=admin,
        client=personas["client"],
        reason="synthetic test",
        until=timezone.now() + datetime.timedelta(minutes=30),
    )
    page = signed_in(admin).get(page_url(personas["client"])).content.decode()
    assert "PHQ-9" in page and "visible to the treating therapist only" in page
    assert QUOTE not in page and 'id="tone-chart"' not in page
    assert [e.action for e in entries(admin, object_type="patterns")] == ["denied"]


def test_only_sessions_the_therapist_held_are_used(
    personas: dict[str, Any], signed_in: Any
) -> None:
    owner, supervisor = personas["owner"], personas["supervisor"]
    mine = analysed_session(personas, SESSIONS[1])
    theirs = analysed_session(personas, SESSIONS[0], clinician=supervisor)  # covered a session
    page = signed_in(owner).get(page_url(personas["client"])).content.decode()
    assert "1 analysed session (2026-09-15)" in page
    assert QUOTE not in page and "2026-09-08" not in page
    read = {e.object_id for e in entries(owner, object_type="analysis")}
    assert read == {str(mine.public_id)}

    covering = signed_in(supervisor).get(page_url(personas["client"])).content.decode()
    assert "1 analysed session (2026-09-08)" in covering and QUOTE in covering
    assert {e.object_id for e in entries(supervisor, object_type="analysis")} == {
        str(theirs.public_id)
    }

"""Plan lifecycle: draft, sign, a change after signing makes a new version, co-sign."""

from __future__ import annotations

from typing import Any

import pytest

from talkingcure.plans import lifecycle
from talkingcure.plans.models import PlanVersion, VersionStatus


def test_draft_is_signed_and_locked(personas: dict[str, Any], make_plan: Any) -> None:
    plan = make_plan()
    lifecycle.sign(plan, personas["owner"])
    plan.refresh_from_db()
    assert plan.status == VersionStatus.SIGNED
    assert plan.signed_by == personas["owner"]
    with pytest.raises(lifecycle.Refused, match="already signed"):
        lifecycle.sign(plan, personas["owner"])


def test_empty_plan_is_not_signed(personas: dict[str, Any], make_plan: Any) -> None:
    plan = make_plan(problems="", goals=[])
    with pytest.raises(lifecycle.Refused, match="at least one problem"):
        lifecycle.sign(plan, personas["owner"])
    plan.refresh_from_db()
    assert plan.status == VersionStatus.DRAFT


def test_goal_without_target_is_not_signed(personas: dict[str, Any], make_plan: Any) -> None:
    plan = make_plan(goals=[{"goal": "Feel better", "target": "", "by": ""}])
    with pytest.raises(lifecycle.Refused, match="measurable target"):
        lifecycle.sign(plan, personas["owner"])


def test_only_the_assigned_clinician_signs(personas: dict[str, Any], make_plan: Any) -> None:
    plan = make_plan()
    for who in ("colleague", "supervisor"):
        with pytest.raises(lifecycle.Refused, match="assigned clinician"):
            lifecycle.sign(plan, personas[who])


def test_draft_is_edited_in_place(personas: dict[str, Any], make_plan: Any) -> None:
    plan = make_plan()
    draft = lifecycle.editable(PlanVersion, personas["client"], personas["owner"])
    assert draft.pk == plan.pk


def test_change_after_signing_makes_a_new_version(personas: dict[str, Any], make_plan: Any) -> None:
    plan = make_plan()
    lifecycle.sign(plan, personas["owner"])
    draft = lifecycle.editable(PlanVersion, personas["client"], personas["owner"])
    assert draft.pk is None and draft.number == 2
    assert draft.problems == plan.problems  # starts as a copy
    draft.problems = "Low mood; sleep disturbance (synthetic)"
    draft.save()
    old = PlanVersion.objects.get(client=personas["client"], number=1)
    assert old.status == VersionStatus.SIGNED
    assert old.problems == "Low mood after a bereavement (synthetic)"
    assert lifecycle.latest(PlanVersion, personas["client"]) == draft


def test_cosign_by_the_clinicians_supervisor_only(personas: dict[str, Any], make_plan: Any) -> None:
    plan = make_plan()
    with pytest.raises(lifecycle.Refused, match="Sign the version"):
        lifecycle.cosign(plan, personas["supervisor"])
    lifecycle.sign(plan, personas["owner"])
    with pytest.raises(lifecycle.Refused, match="Only a clinical supervisor"):
        lifecycle.cosign(plan, personas["owner"])
    with pytest.raises(lifecycle.Refused, match="Only a clinical supervisor"):
        lifecycle.cosign(plan, personas["admin"])
    with pytest.raises(lifecycle.Refused, match="supervisor of the client's clinician"):
        lifecycle.cosign(plan, personas["other_supervisor"])
    lifecycle.cosign(plan, personas["supervisor"])
    plan.refresh_from_db()
    assert plan.cosigned_by == personas["supervisor"]
    with pytest.raises(lifecycle.Refused, match="already co-signed"):
        lifecycle.cosign(plan, personas["supervisor"])

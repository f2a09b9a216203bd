"""The demo clinic has a plan for each client and one open risk flag, once."""

from __future__ import annotations

from typing import Any

from talkingcure.clients.models import Client
from talkingcure.demo import load_demo
from talkingcure.plans.models import PlanVersion, VersionStatus
from talkingcure.risk.models import RiskFlag


def test_demo_plans_and_flag(db: Any) -> None:
    load_demo()
    load_demo()
    for client in Client.objects.filter(synthetic=True):
        first = PlanVersion.objects.get(client=client, number=1)
        assert first.status == VersionStatus.SIGNED
        assert first.cosigned_by is not None
    assert PlanVersion.objects.filter(status=VersionStatus.DRAFT).count() == 1
    flags = list(RiskFlag.objects.exclude(source="questionnaire"))  # outcomes add their own
    assert len(flags) == 1 and flags[0].is_open
    assert "Synthetic" in str(flags[0].evidence)

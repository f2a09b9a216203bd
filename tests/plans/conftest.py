from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from talkingcure.notifications.senders import MemorySender
from talkingcure.plans import codelist
from talkingcure.plans.models import PlanVersion


@pytest.fixture
def outbox(settings: Any) -> list[Any]:
    settings.NOTIFICATION_SENDER = "talkingcure.notifications.senders.MemorySender"
    MemorySender.outbox.clear()
    return MemorySender.outbox


@pytest.fixture
def codes(db: Any) -> None:
    codelist.load_sample()


@pytest.fixture
def make_plan(personas: dict[str, Any]) -> Callable[..., PlanVersion]:
    """A complete draft plan for the personas' client, ready to sign."""

    def make(**overrides: Any) -> PlanVersion:
        fields: dict[str, Any] = {
            "client": personas["client"],
            "author": personas["owner"],
            "number": 1,
            "problems": "Low mood after a bereavement (synthetic)",
            "goals": [{"goal": "Lift mood", "target": "PHQ-9 below 10 twice", "by": ""}],
            "diagnoses": [{"code": "SYN-D01", "description": "Synthetic sample"}],
            "interventions": "Weekly 50-minute psychodynamic psychotherapy",
            "review_on": timezone.localdate() + datetime.timedelta(days=30),
        }
        fields.update(overrides)
        return PlanVersion.objects.create(**fields)

    return make

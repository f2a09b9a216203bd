from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from talkingcure.notifications.senders import MemorySender
from talkingcure.risk.models import RiskFlag
from talkingcure.risk.pipeline import raise_flag


@pytest.fixture
def outbox(settings: Any) -> list[Any]:
    settings.NOTIFICATION_SENDER = "talkingcure.notifications.senders.MemorySender"
    MemorySender.outbox.clear()
    return MemorySender.outbox


@pytest.fixture
def staff_addresses(personas: dict[str, Any]) -> None:
    for name in ("owner", "supervisor", "other_supervisor", "colleague"):
        personas[name].email = f"{name}@example.org"
        personas[name].save()


@pytest.fixture
def flag(personas: dict[str, Any], outbox: list[Any]) -> Callable[..., RiskFlag]:
    def make(**overrides: Any) -> RiskFlag:
        fields: dict[str, Any] = {
            "client": personas["client"],
            "kind": "suicide",
            "source": "clinician",
            "evidence": "Synthetic: spoke of not wanting to wake up",
            "raised_by": personas["owner"],
        }
        fields.update(overrides)
        return raise_flag(**fields)

    return make

from __future__ import annotations

from typing import Any

import pytest

VALID = {
    "safe_now": "yes",
    "asking_for": "self",
    "age_band": "18_64",
    "concerns": ["anxiety"],
    "message": "I have been struggling to sleep since the move.",
    "name": "Sam",
    "contact_by": ["email"],
    "email": "sam@example.org",
    "best_time": "evenings",
    "safe_to_leave_message": "yes",
    "consent_to_contact": "on",
}


@pytest.fixture
def answers() -> dict[str, Any]:
    return dict(VALID)


@pytest.fixture
def rota(personas: Any) -> list[Any]:
    from talkingcure.accounts.models import Role, User
    from talkingcure.intake.models import RotaEntry

    first = personas["intake"]
    first.email = "first@example.org"
    first.save()
    second = User.objects.create_user(
        username="intake2",
        password="pw-for-tests-only-1",
        role=Role.INTAKE,
        email="second@example.org",
    )
    RotaEntry.objects.create(user=first, position=1)
    RotaEntry.objects.create(user=second, position=2)
    return [first, second]


@pytest.fixture
def outbox(settings: Any) -> list[Any]:
    from talkingcure.notifications.senders import MemorySender

    settings.NOTIFICATION_SENDER = "talkingcure.notifications.senders.MemorySender"
    MemorySender.outbox.clear()
    return MemorySender.outbox

"""Review reminders: sent to the clinician once per review date, with no client data."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from talkingcure.plans import lifecycle
from talkingcure.plans.models import PlanVersion
from talkingcure.plans.reviews import due_reviews


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def test_reminder_when_due_and_only_once(
    personas: dict[str, Any], make_plan: Any, outbox: list[Any]
) -> None:
    personas["owner"].email = "owner@example.org"
    personas["owner"].save()
    review_on = datetime.date(2026, 12, 1)
    plan = make_plan(review_on=review_on)
    lifecycle.sign(plan, personas["owner"])
    assert due_reviews(_at(review_on - datetime.timedelta(days=1))) == 0
    assert outbox == []
    assert due_reviews(_at(review_on)) == 1
    assert due_reviews(_at(review_on)) == 0
    assert due_reviews(_at(review_on + datetime.timedelta(days=3))) == 0
    assert [n.to for n in outbox] == ["owner@example.org"]
    message = outbox[0].subject + outbox[0].body
    client = personas["client"]
    for secret in (client.given_name, client.family_name, str(client.public_id), "bereavement"):
        assert secret not in message


def test_a_new_review_date_is_reminded_again(
    personas: dict[str, Any], make_plan: Any, outbox: list[Any]
) -> None:
    first = make_plan(review_on=datetime.date(2026, 12, 1))
    lifecycle.sign(first, personas["owner"])
    assert due_reviews(_at(datetime.date(2026, 12, 1))) == 1
    second = PlanVersion.objects.create(
        client=personas["client"],
        author=personas["owner"],
        number=2,
        problems=first.problems,
        goals=first.goals,
        review_on=datetime.date(2027, 3, 1),
    )
    lifecycle.sign(second, personas["owner"])
    assert due_reviews(_at(datetime.date(2026, 12, 2))) == 0
    assert due_reviews(_at(datetime.date(2027, 3, 1))) == 1
    assert len(outbox) == 2


def test_drafts_and_discharged_clients_are_not_reminded(
    personas: dict[str, Any], make_plan: Any, outbox: list[Any]
) -> None:
    make_plan(review_on=datetime.date(2026, 12, 1))  # a draft is not a plan in force
    assert due_reviews(_at(datetime.date(2026, 12, 5))) == 0
    assert outbox == []

"""Schedule, send, answer through the link, score, alert on a critical item, chart, FHIR."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from talkingcure.disclosure.models import Disclosure
from talkingcure.outcomes.models import Administration, MeasureSchedule
from talkingcure.outcomes.sending import send_due
from talkingcure.risk.models import RiskFlag


def _item_ids(body: str) -> list[str]:
    return sorted(set(re.findall(r'name="item-([^"]+)"', body)))


@pytest.fixture
def outbox(settings: Any) -> list[Any]:
    from talkingcure.notifications.senders import MemorySender

    settings.NOTIFICATION_SENDER = "talkingcure.notifications.senders.MemorySender"
    MemorySender.outbox.clear()
    return MemorySender.outbox


def _link(outbox: list[Any]) -> str:
    match = re.search(r"/q/[^/\s]+/", outbox[-1].body)
    assert match, outbox[-1].body
    return match.group(0)


def _answer_all(client: Any, link: str, value: int, **overrides: int) -> Any:
    body = client.get(link).content.decode()
    data = {f"item-{i}": str(overrides.get(i, value)) for i in _item_ids(body)}
    data["submit"] = "1"
    return client.post(link, data)


def test_schedule_send_answer_alert_chart_export(
    personas: Any, signed_in: Any, outbox: list[Any], client: Any
) -> None:
    owner, record = personas["owner"], personas["client"]
    browser = signed_in(owner)
    page = reverse("outcomes:client", args=[record.public_id])
    browser.post(page, {"schedule": "1", "instrument": "phq9", "every_days": "7"})
    assert MeasureSchedule.objects.get().instrument_id == "phq9"

    now = timezone.now()
    assert send_due(now) == 1
    assert send_due(now + datetime.timedelta(days=1)) == 0  # not due again for a week
    message = [n for n in outbox if n.to == "quinn@example.org"][-1]
    assert "Quinn" not in message.body and "PHQ" not in message.body

    browser.logout()
    first = _link([message])
    answered = _answer_all(client, first, 2)  # moderate, item 9 endorsed
    assert "call 911" in answered.content.decode() or "911" in answered.content.decode()
    flag = RiskFlag.objects.get(source="questionnaire")
    assert flag.kind == "suicide" and flag.client == record
    reused = client.get(first)
    assert reused.status_code == 410 and "already answered" in reused.content.decode()

    assert send_due(now + datetime.timedelta(days=8)) == 1
    second = _link([n for n in outbox if n.to == "quinn@example.org"])
    _answer_all(client, second, 0, **{"1": 1})
    latest = Administration.objects.filter(status="completed").order_by("completed_at").last()
    assert latest.result["total"] == 1
    assert latest.result["change"]["label"] in ("recovered", "improved")

    browser = signed_in(owner, sudo=True)
    chart = browser.get(page).content.decode()
    assert "<svg" in chart and "PHQ-9" in chart and latest.result["change"]["label"] in chart
    export = browser.post(
        reverse("outcomes:fhir_export", args=[record.public_id]),
        {"recipient": "Dr Example", "purpose": "referral"},
    )
    bundle = Bundle.model_validate_json(export.content)
    kinds = [e.resource.get_resource_type() for e in bundle.entry]
    assert kinds.count("QuestionnaireResponse") == 2 and kinds.count("Observation") == 2
    codes = {
        c.code
        for e in bundle.entry
        if e.resource.get_resource_type() == "Observation"
        for c in e.resource.code.coding
    }
    assert codes == {"44261-6"}
    assert Disclosure.objects.get().path == "measures_fhir_export"


def test_demo_clinic_has_improving_unchanged_and_deteriorating_clients(db: Any) -> None:
    from talkingcure.demo import load_demo

    load_demo()
    labels = set()
    for administration in Administration.objects.filter(instrument_id="phq9", status="completed"):
        labels.add((administration.result.get("change") or {}).get("label"))
    assert {"improved", "unchanged", "deteriorated"} <= labels or {
        "recovered",
        "unchanged",
        "deteriorated",
    } <= labels
    assert RiskFlag.objects.filter(source="questionnaire").exists()  # not-on-track alert


def test_not_on_track_alert_is_raised_once_while_open(personas: Any) -> None:
    from talkingcure.outcomes.answering import submit
    from talkingcure.outcomes.links import issue

    start = timezone.now() - datetime.timedelta(weeks=6)
    for week, value in enumerate([0, 2, 3, 3, 2]):
        administration, _ = issue(
            personas["client"], "gad7", now=start + datetime.timedelta(weeks=week)
        )
        submit(
            administration,
            {str(i): value for i in range(1, 8)},
            now=start + datetime.timedelta(weeks=week, hours=1),
        )
    alerts = [
        f
        for f in RiskFlag.objects.filter(source="questionnaire")
        if f.evidence.get("rule") == "not on track"
    ]
    assert len(alerts) == 1
    assert "reliable deterioration" in alerts[0].evidence["reason"]

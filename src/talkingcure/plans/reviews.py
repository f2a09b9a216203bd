"""Plan reviews: which are due, and the reminder to the clinician when one is.

The reminder names no client: it says a review is due and points to the home page,
where the signed-in clinician sees which plan.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from talkingcure.accounts.models import User
from talkingcure.audit.log import record
from talkingcure.clients.models import Client
from talkingcure.notifications.senders import notify
from talkingcure.plans.models import PlanVersion, ReviewReminder, VersionStatus

REMINDER_SUBJECT = "A treatment plan review is due"


@dataclass(frozen=True)
class DueReview:
    client: Client
    plan: PlanVersion

    @property
    def overdue_days(self) -> int:
        assert self.plan.review_on is not None
        return (timezone.localdate() - self.plan.review_on).days


def current_plans(clients: QuerySet[Client]) -> list[PlanVersion]:
    """The last signed plan version of each of these clients."""
    signed = PlanVersion.objects.filter(
        client__in=clients, status=VersionStatus.SIGNED
    ).select_related("client", "client__clinician")
    current: dict[int, PlanVersion] = {}
    for version in signed:
        kept = current.get(version.client_id)
        if kept is None or version.number > kept.number:
            current[version.client_id] = version
    return list(current.values())


def reviews_due(clients: QuerySet[Client], *, on: datetime.date) -> list[DueReview]:
    """Reviews of current plans of these (not discharged) clients due on or before ``on``."""
    open_clients = clients.exclude(status=Client.Status.DISCHARGED)
    due = [
        DueReview(client=plan.client, plan=plan)
        for plan in current_plans(open_clients)
        if plan.review_on is not None and plan.review_on <= on
    ]
    return sorted(due, key=lambda d: (d.plan.review_on, d.client.pk))


def due_reviews(now: datetime.datetime | None = None) -> int:
    """Remind each clinician once per review date that is due; returns reminders sent.

    Safe to run as often as wanted (e.g. hourly from cron): a review date is reminded once."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    for due in reviews_due(Client.objects.all(), on=today):
        if _remind(due, now):
            sent += 1
    return sent


def _remind(due: DueReview, now: datetime.datetime) -> bool:
    clinician: User = due.client.clinician
    review_on = due.plan.review_on
    assert review_on is not None
    if ReviewReminder.objects.filter(client=due.client, review_on=review_on).exists():
        return False
    try:
        with transaction.atomic():
            ReviewReminder.objects.create(
                client=due.client, review_on=review_on, sent_to=clinician, sent_at=now
            )
            notify(
                clinician.email or clinician.username,
                REMINDER_SUBJECT,
                "A treatment plan review on your caseload is due "
                f"(review date {review_on.isoformat()}).\n"
                f"Sign in to see it on your home page: {reverse('home')}\n",
            )
    except IntegrityError:
        return False  # already reminded, perhaps by a run at the same moment
    record(
        action="remind", actor=None, object_type="planversion", object_id=due.plan.public_id, at=now
    )
    return True

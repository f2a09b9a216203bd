"""What a clinician's (or a supervisor's, across their team) home page lists.

Open risk flags come first; then this week's sessions, unsigned progress notes and plan
reviews due, and questionnaires sent but not answered before their link expired.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from talkingcure.accounts.models import User
from talkingcure.clients.access import visible_clients
from talkingcure.clients.models import Client
from talkingcure.notes.models import ProgressNote
from talkingcure.outcomes.models import Administration
from talkingcure.plans.reviews import DueReview, reviews_due
from talkingcure.risk.models import RiskFlag
from talkingcure.risk.pipeline import open_flags
from talkingcure.scheduling.models import Appointment

REVIEW_HORIZON_DAYS = 7


@dataclass
class Caseload:
    week_start: datetime.date
    open_flags: list[RiskFlag] = field(default_factory=list)
    week_sessions: list[Appointment] = field(default_factory=list)
    unsigned_notes: list[ProgressNote] = field(default_factory=list)
    reviews_due: list[DueReview] = field(default_factory=list)
    overdue_questionnaires: list[Administration] = field(default_factory=list)

    @property
    def week_end(self) -> datetime.date:
        return self.week_start + datetime.timedelta(days=6)


def caseload_for(user: User, now: datetime.datetime | None = None) -> Caseload:
    now = now or timezone.now()
    today = timezone.localdate(now)
    monday = today - datetime.timedelta(days=today.weekday())
    clients = visible_clients(user)
    return Caseload(
        week_start=monday,
        open_flags=open_flags(clients),
        week_sessions=_week_sessions(clients, monday),
        unsigned_notes=_unsigned_notes(clients),
        reviews_due=reviews_due(clients, on=today + datetime.timedelta(days=REVIEW_HORIZON_DAYS)),
        overdue_questionnaires=_overdue_questionnaires(clients, now),
    )


def _overdue_questionnaires(
    clients: QuerySet[Client], now: datetime.datetime
) -> list[Administration]:
    """Links that expired unanswered (or only half-answered) in the last four weeks."""
    since = now - datetime.timedelta(weeks=4)
    return list(
        Administration.objects.filter(
            client__in=clients,
            expires_at__lte=now,
            expires_at__gte=since,
            status__in=[Administration.Status.SENT, Administration.Status.DRAFT],
        )
        .select_related("client", "client__clinician")
        .order_by("expires_at")
    )


def _week_sessions(clients: QuerySet[Client], monday: datetime.date) -> list[Appointment]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(monday, datetime.time.min, tzinfo=tz)
    end = start + datetime.timedelta(days=7)
    return list(
        Appointment.objects.filter(client__in=clients, starts_at__gte=start, starts_at__lt=end)
        .select_related("client", "clinician")
        .order_by("starts_at")
    )


def _unsigned_notes(clients: QuerySet[Client]) -> list[ProgressNote]:
    return list(
        ProgressNote.objects.filter(
            appointment__client__in=clients, status=ProgressNote.Status.DRAFT
        )
        .select_related("appointment", "appointment__client", "author")
        .order_by("appointment__starts_at")
    )

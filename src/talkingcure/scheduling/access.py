"""Who may see whose calendar and which appointments; everyone else gets 404.

- A therapist sees their own calendar; a supervisor also sees their supervisees'.
- An appointment is reachable when its client is visible to the user
  (:func:`talkingcure.clients.access.visible_clients`) and it sits in a calendar the user
  may see.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from talkingcure.accounts.models import Role, User
from talkingcure.audit.log import record
from talkingcure.clients.access import visible_clients
from talkingcure.scheduling.models import Appointment


def request_user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def calendar_team(user: User) -> QuerySet[User]:
    """Therapists whose calendars ``user`` may see (empty for non-clinical roles)."""
    if user.role == Role.CLINICIAN:
        return User.objects.filter(pk=user.pk)
    if user.role == Role.SUPERVISOR:
        team = [user.pk, *user.supervisees.values_list("pk", flat=True)]
        return User.objects.filter(pk__in=team)
    return User.objects.none()


def get_calendar_owner(request: HttpRequest, public_id: uuid.UUID | str) -> User:
    user = request_user(request)
    try:
        return calendar_team(user).get(public_id=public_id)
    except (User.DoesNotExist, ValidationError, ValueError, TypeError):
        record(action="denied", actor=user, request=request, object_type="calendar")
        raise Http404("No such calendar, or you may not see it.") from None


def visible_appointments(user: User) -> QuerySet[Appointment]:
    return Appointment.objects.filter(
        client__in=visible_clients(user), clinician__in=calendar_team(user)
    )


def get_appointment_for_user(request: HttpRequest, public_id: uuid.UUID | str) -> Appointment:
    user = request_user(request)
    try:
        appointment = visible_appointments(user).select_related("client", "room", "series")
        return appointment.get(public_id=public_id)
    except (Appointment.DoesNotExist, ValidationError, ValueError, TypeError):
        record(action="denied", actor=user, request=request, object_type="appointment")
        raise Http404("No such appointment, or you may not see it.") from None

"""A synthetic demo clinic. Every person and record here is invented and marked synthetic."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from talkingcure.accounts.models import Role, User
from talkingcure.clients.models import Client, Concern, Sex
from talkingcure.consents.models import Consent, ConsentKind
from talkingcure.coping.demo_coping import add_demo_coping
from talkingcure.insights.demo_insights import add_demo_transcripts
from talkingcure.notes.demo_notes import add_demo_notes
from talkingcure.outcomes.demo_outcomes import add_demo_scores
from talkingcure.plans.demo_plans import add_demo_plans
from talkingcure.programmes.models import Enrolment, Programme
from talkingcure.risk.demo_risk import add_demo_flags
from talkingcure.scheduling.demo_schedule import add_demo_series

DEMO_PASSWORD = "synthetic-demo-only"  # noqa: S105  (published demo password)

STAFF = [
    ("admin", "Avery", "Admin", Role.ADMIN),
    ("dr.ada", "Ada", "Okafor", Role.CLINICIAN),
    ("dr.ben", "Ben", "Lindqvist", Role.CLINICIAN),
    ("sam.supervisor", "Sam", "Moreau", Role.SUPERVISOR),
    ("ivy.intake", "Ivy", "Tanaka", Role.INTAKE),
    ("rex.research", "Rex", "Haddad", Role.RESEARCHER),
]

CLIENTS = [
    # given, family, birth year, clinician, programme kind, sex, presenting concerns
    (
        "Morgan",
        "Synthetic-Reyes",
        1988,
        "dr.ada",
        Programme.Kind.MENTAL_HEALTH,
        Sex.FEMALE,
        [Concern.DEPRESSION, Concern.INTERPERSONAL],
    ),
    (
        "Jordan",
        "Synthetic-Clarke",
        1979,
        "dr.ada",
        Programme.Kind.SUBSTANCE_USE,
        Sex.MALE,
        [Concern.SUBSTANCE_USE, Concern.DEPRESSION],
    ),
    (
        "Riley",
        "Synthetic-Novak",
        1995,
        "dr.ada",
        Programme.Kind.MENTAL_HEALTH,
        Sex.FEMALE,
        [Concern.ANXIETY, Concern.PTSD],
    ),
    (
        "Casey",
        "Synthetic-Owusu",
        1968,
        "dr.ben",
        Programme.Kind.SUBSTANCE_USE,
        Sex.MALE,
        [Concern.SUBSTANCE_USE],
    ),
    (
        "Taylor",
        "Synthetic-Brandt",
        2001,
        "dr.ben",
        Programme.Kind.MENTAL_HEALTH,
        Sex.NOT_RECORDED,
        [Concern.EATING, Concern.DISTRESS],
    ),
]
# Treatment began this many weeks ago; questionnaires run over the whole of it.
TREATMENT_WEEKS = 13


@dataclass
class DemoResult:
    created: bool
    logins: list[tuple[str, str]]
    transcripts: int = 0  # synthetic session transcripts queued for analysis


@transaction.atomic
def load_demo() -> DemoResult:
    """Create the demo clinic once; running it again changes nothing."""
    logins = [(username, role.label) for username, _, _, role in STAFF]
    if User.objects.filter(username="dr.ada").exists():
        return DemoResult(created=False, logins=logins)
    users = {u: _user(u, g, f, r) for u, g, f, r in STAFF}
    users["sam.supervisor"].supervisees.add(users["dr.ada"], users["dr.ben"])
    programmes = {
        Programme.Kind.SUBSTANCE_USE: Programme.objects.get_or_create(
            name="Residential substance-use treatment",
            defaults={"kind": Programme.Kind.SUBSTANCE_USE, "residential": True},
        )[0],
        Programme.Kind.MENTAL_HEALTH: Programme.objects.get_or_create(
            name="Outpatient mental health", defaults={"kind": Programme.Kind.MENTAL_HEALTH}
        )[0],
    }
    today = timezone.localdate()
    for number, (given, family, year, clinician, kind, sex, concerns) in enumerate(CLIENTS):
        client = Client.objects.create(
            given_name=given,
            family_name=family,
            sex=sex,
            concerns=concerns,
            date_of_birth=datetime.date(year, 3, 14),
            email=f"{given.lower()}@example.org",
            phone=f"+1 555 0100 {number:03d}",
            clinician=users[clinician],
            synthetic=True,
        )
        start = today - datetime.timedelta(weeks=TREATMENT_WEEKS)
        Enrolment.objects.create(client=client, programme=programmes[kind], started_on=start)
        Consent.objects.create(client=client, kind=ConsentKind.TREATMENT, given_on=start)
        if number % 2 == 0:
            Consent.objects.create(client=client, kind=ConsentKind.RESEARCH, given_on=start)
        _weekly_sessions(client, users[clinician], number)
    add_demo_notes()
    add_demo_plans()
    add_demo_flags()
    add_demo_scores()
    add_demo_coping()
    transcripts = add_demo_transcripts()
    return DemoResult(created=True, logins=logins, transcripts=transcripts)


def _user(username: str, given: str, family: str, role: Role) -> User:
    user = User.objects.create_user(
        username=username,
        first_name=given,
        last_name=family,
        role=role,
        email=f"{username}@example.org",
        password=DEMO_PASSWORD,
    )
    return user


def _weekly_sessions(client: Client, clinician: User, slot: int) -> None:
    """A real weekly series: three held 50-minute sessions, then the weeks to come."""
    add_demo_series(client, clinician, slot)

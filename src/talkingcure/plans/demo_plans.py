"""Treatment plans for the synthetic demo clinic, with the synthetic sample code list.

All text is invented for the demo and says so. Running it again adds nothing twice.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from talkingcure.clients.models import Client
from talkingcure.plans import codelist, lifecycle
from talkingcure.plans.models import DiagnosisCode, PlanVersion

MARK = "[Synthetic demo text, invented.]"

# (problems, goal, target, diagnosis code) by the client's first concern or programme
SUBSTANCE = (
    "Alcohol use returning under stress (synthetic)\n"
    "Shame after relapses; avoids telling anyone (synthetic)",
    "Stay abstinent through the residential programme",
    "No drinking days reported at 12 weekly sessions; AUDIT-C below 3 at review",
    "SYN-S01",
)
MOOD = (
    "Low mood since a job loss (synthetic)\n"
    "Withdraws from close relationships when hurt (synthetic)",
    "Lift mood and return to daily routine",
    "PHQ-9 below 10 on two consecutive measurements",
    "SYN-D01",
)


def add_demo_plans() -> None:
    if not DiagnosisCode.objects.exists():
        codelist.load_sample()
    today = timezone.localdate()
    clients = Client.objects.filter(synthetic=True).select_related("clinician").order_by("pk")
    for number, client in enumerate(clients):
        if PlanVersion.objects.filter(client=client).exists():
            continue
        problems, goal, target, code = SUBSTANCE if client.in_part2_programme else MOOD
        # the first client's review falls this week, so the home page shows one due
        review_on = today + datetime.timedelta(days=2 if number == 0 else 8 * 7)
        _signed_plan(client, problems, goal, target, code, review_on)
        if number == 1:
            _draft_revision(client)


def _signed_plan(
    client: Client, problems: str, goal: str, target: str, code: str, review_on: datetime.date
) -> None:
    description = DiagnosisCode.objects.get(code=code).description
    plan = PlanVersion.objects.create(
        client=client,
        author=client.clinician,
        number=1,
        problems=problems,
        goals=[
            {"goal": goal, "target": target, "by": ""},
            {
                "goal": "Notice and put into words the wish to withdraw",
                "target": "Named in session, unprompted, in 3 of 4 consecutive sessions",
                "by": "",
            },
        ],
        diagnoses=[{"code": code, "description": description}],
        interventions=f"{MARK} Weekly 50-minute psychodynamic psychotherapy; "
        "attention to the transference around breaks.",
        review_on=review_on,
    )
    signed_at = timezone.now() - datetime.timedelta(weeks=3)
    lifecycle.sign(plan, client.clinician, now=signed_at)
    supervisor = client.clinician.supervisors.first()
    if supervisor is not None:
        lifecycle.cosign(plan, supervisor, now=signed_at + datetime.timedelta(days=1))


def _draft_revision(client: Client) -> None:
    draft = lifecycle.editable(PlanVersion, client, client.clinician)
    draft.problems = f"{draft.problems}\nSleep disturbance (added at review, synthetic)"
    draft.save()

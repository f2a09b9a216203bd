"""Periodic housekeeping: escalations, reminders and retention.

``talkingcure jobs run`` runs each job once (for cron or a systemd timer, every minute);
``--every SECONDS`` keeps running them. Each job is idempotent, so running it often is safe.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Job:
    name: str
    description: str
    run: Callable[[], int]


def _intake_escalation() -> int:
    from talkingcure.intake.workflow import escalate_unacknowledged

    return escalate_unacknowledged()


def _inquiry_retention() -> int:
    from talkingcure.intake.retention import purge_stale

    return purge_stale()


def _measures_due() -> int:
    from talkingcure.outcomes.sending import send_due

    return send_due()


def _risk_escalation() -> int:
    from talkingcure.risk.escalation import escalate_overdue

    return escalate_overdue()


def _plan_reviews() -> int:
    from talkingcure.plans.reviews import due_reviews

    return due_reviews()


def _audit_retention() -> int:
    from talkingcure.audit.retention import prune

    return prune()


JOBS: dict[str, Job] = {
    job.name: job
    for job in [
        Job(
            "intake-escalation",
            "pass unacknowledged urgent inquiries down the on-call rota",
            _intake_escalation,
        ),
        Job(
            "inquiry-retention",
            "purge inquiries that never converted, after the retention period",
            _inquiry_retention,
        ),
        Job(
            "audit-retention",
            "drop audit entries older than the retention period",
            _audit_retention,
        ),
    ]
}

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


def _series_horizon() -> int:
    from talkingcure.scheduling.booking import extend_all_series

    added, _ = extend_all_series()
    return added


def _transcript_retention() -> int:
    from talkingcure.insights.retention import delete_expired

    return delete_expired()


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
            "risk-escalation",
            "escalate risk flags not acknowledged in time to the supervisors",
            _risk_escalation,
        ),
        Job(
            "plan-reviews",
            "remind clinicians of treatment-plan reviews that are due",
            _plan_reviews,
        ),
        Job("measures-due", "send questionnaires whose schedule is due", _measures_due),
        Job(
            "series-horizon",
            "generate the next weeks of every weekly appointment series",
            _series_horizon,
        ),
        Job(
            "transcript-retention",
            "delete session transcripts older than the retention period (words only)",
            _transcript_retention,
        ),
        Job(
            "audit-retention",
            "drop audit entries older than the retention period",
            _audit_retention,
        ),
    ]
}

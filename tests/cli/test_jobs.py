"""`talkingcure jobs run` runs the periodic jobs, each idempotent."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from typer.testing import CliRunner

from talkingcure.cli import app
from talkingcure.intake.models import Inquiry
from talkingcure.intake.workflow import save_inquiry
from talkingcure.jobs import JOBS

runner = CliRunner()


def test_jobs_are_listed() -> None:
    output = runner.invoke(app, ["jobs", "list"]).output
    for name in (
        "intake-escalation",
        "inquiry-retention",
        "risk-escalation",
        "plan-reviews",
        "measures-due",
        "series-horizon",
        "transcript-retention",
        "audit-retention",
    ):
        assert name in output


def test_all_jobs_run_on_an_empty_clinic(db: Any) -> None:
    result = runner.invoke(app, ["jobs", "run"])
    assert result.exit_code == 0, result.output
    assert result.output.count(": 0") == len(JOBS)


def test_run_purges_stale_inquiries_once(db: Any) -> None:
    inquiry = save_inquiry({"message": "hello", "safe_now": "yes"}, source="web", complete=True)
    Inquiry.objects.filter(pk=inquiry.pk).update(
        received_at=timezone.now() - datetime.timedelta(days=200)
    )
    first = runner.invoke(app, ["jobs", "run", "inquiry-retention"])
    assert first.exit_code == 0 and "inquiry-retention: 1" in first.output
    assert "inquiry-retention: 0" in runner.invoke(app, ["jobs", "run", "inquiry-retention"]).output


def test_unknown_job_is_refused(db: Any) -> None:
    result = runner.invoke(app, ["jobs", "run", "tidy-up"])
    assert result.exit_code == 2 and "unknown job(s): tidy-up" in result.output

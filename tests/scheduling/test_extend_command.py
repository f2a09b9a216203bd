"""`talkingcure jobs run series-horizon` keeps every open series generated to the horizon."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from typer.testing import CliRunner

from talkingcure.cli import app
from tests.scheduling.helpers import make_series


def test_job_extends_open_series(personas: Any) -> None:
    today = timezone.localdate()
    series = make_series(
        personas, starts_on=today, count=40, today=today - datetime.timedelta(weeks=10)
    )
    before = series.occurrences.count()
    first = CliRunner().invoke(app, ["jobs", "run", "series-horizon"])
    assert first.exit_code == 0, first.output
    assert series.occurrences.count() > before
    again = CliRunner().invoke(app, ["jobs", "run", "series-horizon"])
    assert "series-horizon: 0" in again.output

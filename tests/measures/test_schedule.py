"""The scheduler refuses administrations more frequent than the recall window and purpose
allow, and instruments switched off by their licence, and explains why."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from talkingcure.measures import get_instrument, interval_allowed, schedule_allowed


def test_first_administration_is_allowed() -> None:
    assert schedule_allowed("phq9", None, date(2026, 1, 5)).allowed


def test_phq9_weekly_allowed_more_often_refused() -> None:
    refused = schedule_allowed("phq9", date(2026, 1, 1), date(2026, 1, 5))
    assert not refused.allowed
    assert refused.earliest == date(2026, 1, 8)
    assert "last 2 weeks" in refused.reason
    assert schedule_allowed("phq9", date(2026, 1, 1), date(2026, 1, 8)).allowed


def test_audit_past_year_refuses_monthly() -> None:
    refused = schedule_allowed("audit", date(2026, 1, 1), date(2026, 2, 1))
    assert not refused.allowed
    assert "past year" in refused.reason and "screening" in refused.reason
    assert schedule_allowed("audit", date(2026, 1, 1), date(2027, 1, 1)).allowed


def test_scoff_is_a_screen() -> None:
    refused = schedule_allowed("scoff", date(2026, 1, 1), date(2026, 1, 29))
    assert not refused.allowed
    assert "screening" in refused.reason


def test_trait_measure_explains_traits() -> None:
    pid = get_instrument("pid5bf")
    licensed = replace(pid, licence=replace(pid.licence, enabled=True))
    refused = schedule_allowed(licensed, date(2026, 1, 1), date(2026, 3, 1))
    assert not refused.allowed
    assert "traits" in refused.reason


def test_switched_off_instrument_is_refused_with_licence_reason() -> None:
    refused = schedule_allowed("dast10", None, date(2026, 1, 1))
    assert not refused.allowed
    assert "non-commercial" in refused.reason


def test_date_before_last_is_refused() -> None:
    assert not schedule_allowed("gad7", date(2026, 3, 1), date(2026, 2, 1)).allowed


def test_datetimes_are_compared_by_day() -> None:
    last = datetime(2026, 1, 1, 18, 0)
    assert schedule_allowed("core10", last, datetime(2026, 1, 8, 9, 0)).allowed
    assert not schedule_allowed("core10", last, datetime(2026, 1, 7, 23, 0)).allowed


def test_suicide_screen_is_never_refused_for_frequency() -> None:
    assert schedule_allowed("asq", date(2026, 1, 1), date(2026, 1, 1)).allowed


def test_recurring_intervals() -> None:
    assert not interval_allowed("pcl5", 7).allowed
    assert interval_allowed("pcl5", 28).allowed
    assert not interval_allowed("audit_c", 90).allowed
    assert not interval_allowed("phq9", -1).allowed

"""The queue's claim, lease, retry and sweeper in process (real workers: test_queue_workers)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from talkingcure.config.broker import (
    default_broker_url,
    prune_sqlalchemy_messages,
    transport_options,
)
from talkingcure.insights import queue
from talkingcure.insights.models import Analysis, AnalysisStatus

from .queue_support import make_analysis

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def queue_settings(settings: Any) -> None:
    settings.QUEUE_LEASE_SECONDS = 60
    settings.QUEUE_MAX_ATTEMPTS = 3


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    monkeypatch.setattr(queue, "send", lambda analysis_id: calls.append(analysis_id) or True)
    return calls


def _running(analysis: Analysis, *, beat_ago: int, attempts: int = 1) -> None:
    Analysis.objects.filter(pk=analysis.pk).update(
        status=AnalysisStatus.RUNNING,
        attempts=attempts,
        heartbeat_at=timezone.now() - datetime.timedelta(seconds=beat_ago),
    )


def test_claim_takes_a_queued_row_once() -> None:
    analysis = make_analysis()
    assert queue.claim(analysis.pk) == 1
    assert queue.claim(analysis.pk) is None  # a second delivery of the same task
    analysis.refresh_from_db()
    assert (analysis.status, analysis.attempts) == (AnalysisStatus.RUNNING, 1)


def test_second_worker_leaves_a_running_row_with_a_fresh_heartbeat_alone() -> None:
    analysis = make_analysis()
    _running(analysis, beat_ago=5)
    before = Analysis.objects.get(pk=analysis.pk)
    called: list[int] = []

    outcome = queue.process(analysis.pk, run=lambda analysis_id, **_: called.append(analysis_id))

    assert outcome is queue.Outcome.SKIPPED
    assert called == []
    after = Analysis.objects.get(pk=analysis.pk)
    assert (after.status, after.attempts, after.heartbeat_at) == (
        before.status,
        before.attempts,
        before.heartbeat_at,
    )


def test_claim_takes_over_a_row_whose_heartbeat_is_older_than_the_lease() -> None:
    analysis = make_analysis()
    _running(analysis, beat_ago=61)
    assert queue.claim(analysis.pk) == 2


def test_claim_ignores_finished_rows_and_rows_out_of_attempts() -> None:
    done = make_analysis()
    Analysis.objects.filter(pk=done.pk).update(status=AnalysisStatus.DONE)
    spent = make_analysis()
    _running(spent, beat_ago=600, attempts=3)
    assert queue.claim(done.pk) is None
    assert queue.claim(spent.pk) is None


def test_renew_only_for_the_attempt_that_holds_the_row() -> None:
    analysis = make_analysis()
    attempt = queue.claim(analysis.pk)
    assert attempt == 1
    assert queue.renew(analysis.pk, attempt, progress=40)
    assert not queue.renew(analysis.pk, attempt + 1)
    analysis.refresh_from_db()
    assert analysis.progress == 40


def test_process_runs_the_analysis_with_a_heartbeat() -> None:
    analysis = make_analysis()
    seen: list[int] = []

    def run(analysis_id: int, *, heartbeat: Any) -> None:
        heartbeat(50)
        seen.append(Analysis.objects.get(pk=analysis_id).progress)
        Analysis.objects.filter(pk=analysis_id).update(status=AnalysisStatus.DONE)

    assert queue.process(analysis.pk, run=run) is queue.Outcome.FINISHED
    assert seen == [50]


def _boom(analysis_id: int, **_: Any) -> None:
    raise RuntimeError("synthetic failure; may hold words")


def test_unexpected_error_queues_the_row_again_then_fails_when_out_of_attempts() -> None:
    analysis = make_analysis()
    assert queue.process(analysis.pk, run=_boom) is queue.Outcome.RETRY
    analysis.refresh_from_db()
    assert (analysis.status, analysis.attempts) == (AnalysisStatus.QUEUED, 1)

    assert queue.process(analysis.pk, run=_boom) is queue.Outcome.RETRY
    assert queue.process(analysis.pk, run=_boom) is queue.Outcome.FAILED
    analysis.refresh_from_db()
    assert (analysis.status, analysis.attempts) == (AnalysisStatus.FAILED, 3)
    assert analysis.error == queue.UNEXPECTED.format(attempts=3)
    assert "words" not in (analysis.error or "")


def test_time_limit_fails_the_row_with_a_clear_message() -> None:
    class TooLong(Exception):
        pass

    def slow(analysis_id: int, **_: Any) -> None:
        raise TooLong

    analysis = make_analysis()
    assert queue.process(analysis.pk, run=slow, timeout_errors=(TooLong,)) is queue.Outcome.FAILED
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.FAILED
    assert "took longer than" in (analysis.error or "")


def test_sweeper_requeues_dead_and_lost_work_and_gives_up_after_the_attempts(
    sent: list[int],
) -> None:
    dead = make_analysis()
    _running(dead, beat_ago=120)
    alive = make_analysis()
    _running(alive, beat_ago=5)
    lost = make_analysis()
    Analysis.objects.filter(pk=lost.pk).update(
        queued_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    waiting = make_analysis()  # queued just now: its message is on the broker
    spent = make_analysis()
    _running(spent, beat_ago=120, attempts=3)

    assert queue.sweep() == 2
    assert sorted(sent) == sorted([dead.pk, lost.pk])
    assert Analysis.objects.get(pk=dead.pk).status == AnalysisStatus.QUEUED
    assert Analysis.objects.get(pk=alive.pk).status == AnalysisStatus.RUNNING
    assert Analysis.objects.get(pk=waiting.pk).status == AnalysisStatus.QUEUED
    spent.refresh_from_db()
    assert spent.status == AnalysisStatus.FAILED
    assert spent.error == queue.GAVE_UP.format(attempts=3)

    sent.clear()
    assert queue.sweep() == 0  # a row is re-sent at most once a lease


def test_enqueue_sends_the_id_only_after_the_transaction_commits(
    sent: list[int], django_capture_on_commit_callbacks: Any
) -> None:
    analysis = make_analysis()
    with django_capture_on_commit_callbacks(execute=True):
        queue.enqueue(analysis)
        assert sent == []
    assert sent == [analysis.pk]


def test_broker_down_is_logged_and_left_to_the_sweeper(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from talkingcure import tasks

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise ConnectionRefusedError("no broker")

    monkeypatch.setattr(tasks.analyse, "delay", refuse)
    assert queue.send(41) is False
    assert "analysis 41: could not reach the broker (ConnectionRefusedError)" in caplog.text


def test_default_broker_is_sqlite_under_the_data_dir_or_the_same_postgresql(
    tmp_path: Path,
) -> None:
    assert default_broker_url("sqlite:////x/db.sqlite3", tmp_path) == (
        f"sqla+sqlite:///{tmp_path / 'queue.sqlite3'}"
    )
    assert default_broker_url("postgres://u:p@db:5432/tc", tmp_path) == (
        "sqla+postgresql+psycopg://u:p@db:5432/tc"
    )


def test_transport_options_only_for_redis() -> None:
    assert transport_options("redis://127.0.0.1:6379/0", 900) == {
        "visibility_timeout": 900,
        "unacked_restore_interval": 5,
        "unacked_restore_throttle": 1,
    }
    assert transport_options("sqla+sqlite:///q.sqlite3", 900) == {}
    assert transport_options("amqp://guest:guest@127.0.0.1:5672//", 900) == {}


def test_celery_is_configured_for_late_acknowledgement() -> None:
    from talkingcure.tasks import app

    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.task_soft_time_limit < app.conf.task_time_limit


def test_prune_deletes_delivered_messages_of_the_sqlalchemy_transport(tmp_path: Path) -> None:
    from kombu import Connection

    url = f"sqla+sqlite:///{tmp_path / 'queue.sqlite3'}"
    with Connection(url) as conn:
        box = conn.SimpleQueue("prune-test")
        box.put({"analysis": 1})
        box.put({"analysis": 2})
        box.get(timeout=5).ack()
        box.close()
    assert prune_sqlalchemy_messages(url, older_than_seconds=3600) == 0  # too recent
    assert prune_sqlalchemy_messages(url, older_than_seconds=-5) == 1  # the pending one stays
    assert prune_sqlalchemy_messages(f"sqla+sqlite:///{tmp_path / 'none.sqlite3'}", 0) == 0

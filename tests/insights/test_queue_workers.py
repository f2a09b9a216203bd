"""The queue with REAL worker processes (`celery worker -B`), on each broker.

The test and its workers share one database (see ``worker_db``). Redis, RabbitMQ and
PostgreSQL tests skip with a reason when the service is not answering (and fail in CI, where
TALKINGCURE_REQUIRE_SERVICES=1).
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from talkingcure.insights.models import Analysis, AnalysisStatus
from tests.conftest import require_service

from .queue_support import (  # noqa: F401 - fixtures
    RUN_SECONDS,
    SESSION_TWO,
    Worker,
    make_analysis,
    publish,
    queue_env,
    sqlite_template_fixture,
    status,
    wait_for,
    worker_db_fixture,
    workers_fixture,
)

pytestmark = pytest.mark.django_db(transaction=True)

REDIS_URL = "redis://127.0.0.1:6379/13"  # this suite's own database, flushed first
RABBIT_URL = "amqp://guest:guest@127.0.0.1:5672//"


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            return True
    except OSError:
        return False


def _start(workers: list[Worker], env: dict[str, str], tmp_path: Path, app: str = "") -> Worker:
    worker = Worker(env=env, log=tmp_path / "worker.log", app=app or "talkingcure.tasks")
    workers.append(worker)
    return worker.start()


def _done(analysis: Analysis) -> bool:
    return status(analysis) in (AnalysisStatus.DONE, AnalysisStatus.FAILED)


def _assert_done(analysis: Analysis, attempts: int) -> None:
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.DONE, analysis.error
    assert analysis.attempts == attempts
    assert analysis.progress == 100
    assert analysis.result is not None and analysis.result["turns"]
    assert analysis.finished_at is not None


def test_embedded_sqlite_broker_runs_and_reruns(
    worker_db: str, workers: list[Worker], tmp_path: Path
) -> None:
    broker = f"sqla+sqlite:///{tmp_path / 'queue.sqlite3'}"
    env = queue_env(tmp_path, worker_db, broker)
    analysis = make_analysis()
    _start(workers, env, tmp_path)
    publish(analysis.pk, env)
    wait_for(lambda: _done(analysis), RUN_SECONDS, workers[0])
    _assert_done(analysis, attempts=1)
    first = analysis.result
    assert first is not None

    # An idempotent re-run (the transcript corrected) replaces the result, not adds to it.
    transcript = analysis.transcript
    transcript.content = SESSION_TWO
    transcript.save()
    Analysis.objects.filter(pk=analysis.pk).update(status=AnalysisStatus.QUEUED)
    publish(analysis.pk, env)
    wait_for(lambda: _done(analysis), RUN_SECONDS, workers[0])
    _assert_done(analysis, attempts=2)
    assert analysis.result != first
    assert len(analysis.result["turns"]) == len(first["turns"]) + 2
    assert Analysis.objects.filter(transcript=transcript).count() == 1


def test_redis_broker(worker_db: str, workers: list[Worker], tmp_path: Path) -> None:
    require_service("Redis", _answers(6379), "nothing answers on 127.0.0.1:6379")
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()  # celery purge leaves the unacked hash
    env = queue_env(tmp_path, worker_db, REDIS_URL, TALKINGCURE_BROKER_VISIBILITY_TIMEOUT="300")
    analysis = make_analysis()
    _start(workers, env, tmp_path)
    publish(analysis.pk, env)
    wait_for(lambda: _done(analysis), RUN_SECONDS, workers[0])
    _assert_done(analysis, attempts=1)


def test_rabbitmq_broker(worker_db: str, workers: list[Worker], tmp_path: Path) -> None:
    require_service("RabbitMQ", _answers(5672), "nothing answers on 127.0.0.1:5672")
    env = queue_env(tmp_path, worker_db, RABBIT_URL)  # a queue of its own (queue_env)
    analysis = make_analysis()
    _start(workers, env, tmp_path)
    try:
        publish(analysis.pk, env)
        wait_for(lambda: _done(analysis), RUN_SECONDS, workers[0])
        _assert_done(analysis, attempts=1)
    finally:
        _delete_rabbit_queue(env["TALKINGCURE_QUEUE_NAME"])


def _delete_rabbit_queue(name: str) -> None:
    from kombu import Connection

    with Connection(RABBIT_URL) as conn:
        conn.default_channel.queue_delete(name)


def test_kill_minus_nine_mid_task_is_finished_after_restart(
    worker_db: str, workers: list[Worker], tmp_path: Path
) -> None:
    """The embedded transport loses the task with its worker; the lease and sweeper do not."""
    broker = f"sqla+sqlite:///{tmp_path / 'queue.sqlite3'}"
    env = queue_env(tmp_path, worker_db, broker)
    analysis = make_analysis()
    worker = _start(workers, env, tmp_path, app="tests.insights.slow_worker")
    publish(analysis.pk, env)
    wait_for(lambda: (tmp_path / "started").exists(), RUN_SECONDS, worker)
    worker.kill()

    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.RUNNING
    assert analysis.attempts == 1
    assert analysis.result is None  # nothing half-written
    assert analysis.finished_at is None

    restarted = _start(workers, env, tmp_path, app="tests.insights.slow_worker")
    wait_for(lambda: _done(analysis), RUN_SECONDS, restarted)
    _assert_done(analysis, attempts=2)
    assert "sent again by the sweeper" in restarted.output()

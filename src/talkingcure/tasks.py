"""The Celery app: background analysis of session transcripts (``talkingcure.insights.queue``).

Run a worker with ``celery -A talkingcure.tasks worker -B -c 1`` (``talkingcure serve`` starts
one beside the web server). With several machines run a worker on each and exactly one
``celery -A talkingcure.tasks beat``. Configured from Django settings (docs/configuration.md).
"""

from __future__ import annotations

import os
from typing import Any

from celery import Celery, Task
from celery.exceptions import SoftTimeLimitExceeded

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talkingcure.settings")

app = Celery("talkingcure")

PRUNE_AFTER_SECONDS = 3600


def celery_config() -> dict[str, Any]:
    """Celery settings from Django settings; per-broker options as in docs/design/task-queue.md."""
    from django.conf import settings

    from talkingcure.config.broker import is_sqlalchemy, transport_options

    schedule: dict[str, Any] = {
        "sweep-analyses": {"task": "talkingcure.sweep", "schedule": settings.QUEUE_SWEEP_SECONDS}
    }
    if is_sqlalchemy(settings.BROKER_URL):
        schedule["prune-broker"] = {"task": "talkingcure.prune_broker", "schedule": 600.0}
    return {
        "broker_url": settings.BROKER_URL,
        "broker_transport_options": transport_options(
            settings.BROKER_URL, settings.BROKER_VISIBILITY_TIMEOUT
        ),
        "broker_connection_retry_on_startup": True,
        "task_default_queue": settings.QUEUE_NAME,
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "task_time_limit": settings.TASK_TIME_LIMIT,
        "task_soft_time_limit": max(1, settings.TASK_TIME_LIMIT * 9 // 10),
        "task_ignore_result": True,
        "task_serializer": "json",
        "accept_content": ["json"],
        "timezone": "UTC",
        "beat_schedule": schedule,
        "beat_schedule_filename": str(settings.DATA_DIR / "celerybeat-schedule"),
        "worker_hijack_root_logger": False,
    }


app.conf.update(celery_config())

RETRY_COUNTDOWN_SECONDS = 5


@app.task(name="talkingcure.analyse", bind=True, max_retries=None)
def analyse(self: Task, analysis_id: int) -> str:
    """Claim and run one analysis; the row's attempts bound the retries."""
    from talkingcure.insights.queue import Outcome, process

    outcome = process(analysis_id, timeout_errors=(SoftTimeLimitExceeded,))
    if outcome is Outcome.RETRY:
        raise self.retry(countdown=RETRY_COUNTDOWN_SECONDS)
    return outcome.value


@app.task(name="talkingcure.sweep")
def sweep() -> int:
    """Re-send analyses whose worker died or whose message was lost."""
    from talkingcure.insights.queue import sweep as sweep_rows

    return sweep_rows()


@app.task(name="talkingcure.prune_broker")
def prune_broker() -> int:
    """Delete delivered messages the SQLAlchemy transport keeps for ever."""
    from django.conf import settings

    from talkingcure.config.broker import is_sqlalchemy, prune_sqlalchemy_messages

    if not is_sqlalchemy(settings.BROKER_URL):
        return 0
    return prune_sqlalchemy_messages(settings.BROKER_URL, PRUNE_AFTER_SECONDS)

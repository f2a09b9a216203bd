"""The background queue for session analyses: enqueue, claim a row under a lease, sweep.

Celery delivers a task carrying only the analysis id (``talkingcure.tasks``). The broker alone
is not trusted (docs/design/task-queue.md): kombu's SQLAlchemy transport loses a task when the
whole worker is killed, and Redis hands a long task to a second worker. So the Analysis row is
the truth:

- a task first *claims* the row (queued, or running with a heartbeat older than the lease) and
  does nothing when the claim fails, which removes every duplicate delivery;
- while it works, the worker renews ``heartbeat_at`` (a small thread, plus the engine's progress
  callback);
- a sweeper (Celery beat) puts rows whose heartbeat went stale back in the queue, and re-sends
  rows that stayed queued for longer than a lease (a message lost before it was claimed).

Only identifiers are logged, never transcript text or the engine's message.
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Callable
from enum import StrEnum
from types import TracebackType

from django.conf import settings
from django.db import connections, transaction
from django.db.models import F, Q
from django.utils import timezone

from talkingcure.insights.models import Analysis, AnalysisStatus

log = logging.getLogger(__name__)

GAVE_UP = (
    "The analysis stopped {attempts} times without finishing (the worker was stopped or ran "
    "out of memory). Upload the transcript again, or ask the administrator to look at the worker."
)
TOO_LONG = "The analysis took longer than {seconds} seconds and was stopped."
UNEXPECTED = (
    "The analysis failed unexpectedly {attempts} times; the administrator can see why in the log."
)


class Outcome(StrEnum):
    SKIPPED = "skipped"  # not claimed: another worker has it, or it is finished
    FINISHED = "finished"  # run_analysis returned: done, or failed with the engine's message
    RETRY = "retry"  # an unexpected error; the row is queued again
    FAILED = "failed"  # out of attempts or out of time


def lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.QUEUE_LEASE_SECONDS)


def enqueue(analysis: Analysis) -> None:
    """Send the analysis to a worker once the surrounding transaction commits."""
    analysis_id = analysis.pk
    transaction.on_commit(lambda: send(analysis_id))


def send(analysis_id: int) -> bool:
    """Publish one task; a broker that is down is logged and left to the sweeper."""
    from talkingcure.tasks import analyse

    try:
        analyse.delay(analysis_id)
    except Exception as exc:
        log.warning("analysis %s: could not reach the broker (%s)", analysis_id, type(exc).__name__)
        return False
    return True


def _stale(now: datetime.datetime) -> Q:
    return Q(status=AnalysisStatus.RUNNING) & (
        Q(heartbeat_at__lt=now - lease()) | Q(heartbeat_at__isnull=True)
    )


def claim(analysis_id: int, *, now: datetime.datetime | None = None) -> int | None:
    """Take the row for this worker; the attempt number, or None when it is not ours to run."""
    now = now or timezone.now()
    changed = (
        Analysis.objects.filter(pk=analysis_id, attempts__lt=settings.QUEUE_MAX_ATTEMPTS)
        .filter(Q(status=AnalysisStatus.QUEUED) | _stale(now))
        .update(
            status=AnalysisStatus.RUNNING,
            heartbeat_at=now,
            started_at=now,
            progress=0,
            attempts=F("attempts") + 1,
        )
    )
    if not changed:
        return None
    attempts: int = Analysis.objects.values_list("attempts", flat=True).get(pk=analysis_id)
    return attempts


def renew(analysis_id: int, attempt: int, progress: int | None = None) -> bool:
    """Renew the lease of the attempt that holds the row; False when it is no longer ours."""
    fields: dict[str, object] = {"heartbeat_at": timezone.now()}
    if progress is not None:
        fields["progress"] = max(0, min(100, progress))
    mine = Analysis.objects.filter(pk=analysis_id, status=AnalysisStatus.RUNNING, attempts=attempt)
    return bool(mine.update(**fields))


def _end(analysis_id: int, attempt: int, **fields: object) -> bool:
    mine = Analysis.objects.filter(pk=analysis_id, status=AnalysisStatus.RUNNING, attempts=attempt)
    return bool(mine.update(**fields))


def release(analysis_id: int, attempt: int) -> Outcome:
    """After an unexpected error: queue the row again, or fail it when out of attempts."""
    now = timezone.now()
    if attempt >= settings.QUEUE_MAX_ATTEMPTS:
        _end(
            analysis_id,
            attempt,
            status=AnalysisStatus.FAILED,
            error=UNEXPECTED.format(attempts=attempt),
            finished_at=now,
        )
        return Outcome.FAILED
    _end(analysis_id, attempt, status=AnalysisStatus.QUEUED, queued_at=now, heartbeat_at=None)
    return Outcome.RETRY


def fail_too_long(analysis_id: int, attempt: int) -> Outcome:
    _end(
        analysis_id,
        attempt,
        status=AnalysisStatus.FAILED,
        error=TOO_LONG.format(seconds=settings.TASK_TIME_LIMIT),
        finished_at=timezone.now(),
    )
    return Outcome.FAILED


class Heartbeat:
    """Renews the lease every quarter lease from a thread while the analysis runs."""

    def __init__(self, analysis_id: int, attempt: int) -> None:
        self.analysis_id = analysis_id
        self.attempt = attempt
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{analysis_id}")

    def _run(self) -> None:
        interval = max(1.0, settings.QUEUE_LEASE_SECONDS / 4)
        try:
            while not self._stop.wait(interval):
                if not renew(self.analysis_id, self.attempt):
                    return
        except Exception as exc:
            log.warning("analysis %s: heartbeat failed (%s)", self.analysis_id, type(exc).__name__)
        finally:
            connections.close_all()  # this thread's own connections

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()


Runner = Callable[..., None]


def _runner() -> Runner:
    from talkingcure.insights.service import run_analysis

    return run_analysis


def process(
    analysis_id: int,
    *,
    run: Runner | None = None,
    timeout_errors: tuple[type[BaseException], ...] = (),
) -> Outcome:
    """Claim the row and run the analysis under a heartbeat (what the Celery task does)."""
    attempt = claim(analysis_id)
    if attempt is None:
        log.info("analysis %s: not claimed (finished, or held by another worker)", analysis_id)
        return Outcome.SKIPPED
    log.info("analysis %s: attempt %s started", analysis_id, attempt)
    run = run or _runner()
    try:
        with Heartbeat(analysis_id, attempt):
            run(analysis_id, heartbeat=lambda progress: _beat(analysis_id, attempt, progress))
    except timeout_errors:
        log.error("analysis %s: attempt %s ran out of time", analysis_id, attempt)
        return fail_too_long(analysis_id, attempt)
    except Exception as exc:
        log.error("analysis %s: attempt %s failed (%s)", analysis_id, attempt, type(exc).__name__)
        return release(analysis_id, attempt)
    log.info("analysis %s: attempt %s finished", analysis_id, attempt)
    return Outcome.FINISHED


def _beat(analysis_id: int, attempt: int, progress: int) -> None:
    renew(analysis_id, attempt, progress)


def sweep(*, now: datetime.datetime | None = None) -> int:
    """Re-send analyses whose worker died (stale heartbeat) or whose message was lost.

    Rows out of attempts are failed instead. Returns how many tasks were sent.
    """
    now = now or timezone.now()
    Analysis.objects.filter(_stale(now), attempts__gte=settings.QUEUE_MAX_ATTEMPTS).update(
        status=AnalysisStatus.FAILED,
        error=GAVE_UP.format(attempts=settings.QUEUE_MAX_ATTEMPTS),
        finished_at=now,
    )
    stale = Q(attempts__lt=settings.QUEUE_MAX_ATTEMPTS) & (
        _stale(now) | Q(status=AnalysisStatus.QUEUED, queued_at__lt=now - lease())
    )
    sent = 0
    for analysis_id in Analysis.objects.filter(stale).values_list("pk", flat=True):
        # One sweeper wins each row; the next sweep of this row is a lease later.
        requeued = Analysis.objects.filter(stale, pk=analysis_id).update(
            status=AnalysisStatus.QUEUED, queued_at=now, heartbeat_at=None
        )
        if requeued and send(analysis_id):
            log.info("analysis %s: sent again by the sweeper", analysis_id)
            sent += 1
    return sent

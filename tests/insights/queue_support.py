"""Real Celery worker processes for the queue tests (imported by the test modules)."""

from __future__ import annotations

import contextlib
import datetime
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from talkingcure.insights.models import Analysis, Transcript

REPO = Path(__file__).resolve().parents[2]
LEASE_SECONDS = 3
STARTUP_SECONDS = 60
RUN_SECONDS = 90

# Synthetic: written for these tests.
SESSION_ONE = (
    "THERAPIST: How has the week been?\n"
    "CLIENT: I felt anxious before the exam, as if my father were watching me.\n"
    "THERAPIST: Watching you?\n"
    "CLIENT: Yes. Judging, always. I get angry and then I feel guilty.\n"
)
SESSION_TWO = (
    "THERAPIST: Where would you like to start today?\n"
    "CLIENT: With my sister. She cancelled our plans again and I said nothing.\n"
    "THERAPIST: You said nothing.\n"
    "CLIENT: I never do. I just feel sad and tired afterwards.\n"
    "THERAPIST: Sad and tired, and perhaps something else?\n"
    "CLIENT: Maybe resentful. I hate saying that.\n"
)


def database_url(settings_dict: dict[str, Any]) -> str:
    """A DATABASE_URL for a worker process, naming the database this test uses."""
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    user = settings_dict.get("USER") or ""
    password = settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{settings_dict['NAME']}"


def base_env(data_dir: Path, db_url: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TALKINGCURE_", "DATABASE_URL", "SECRET_KEY", "DJANGO_"))
    }
    env.update(
        DATABASE_URL=db_url,
        TALKINGCURE_DATA_DIR=str(data_dir),
        SECRET_KEY=settings.SECRET_KEY,
        TALKINGCURE_ENCRYPTION_KEYS=settings.TALKINGCURE_ENCRYPTION_KEYS,
        DJANGO_SETTINGS_MODULE="talkingcure.settings",
        PYTHONPATH=str(REPO / "src") + os.pathsep + str(REPO),
    )
    return env


def migrated_sqlite_template(directory: Path) -> Path:
    """A migrated SQLite file (once per session); each test works on a copy."""
    path = directory / "template.sqlite3"
    if not path.exists():
        env = base_env(directory, f"sqlite:///{path}")
        subprocess.run(
            [sys.executable, "-m", "django", "migrate", "--verbosity", "0"],
            env=env,
            cwd=REPO,
            check=True,
            capture_output=True,
            timeout=300,
        )
    return path


@pytest.fixture(scope="session", name="sqlite_template")
def sqlite_template_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return migrated_sqlite_template(tmp_path_factory.mktemp("queue-template"))


@pytest.fixture(name="worker_db")
def worker_db_fixture(
    request: pytest.FixtureRequest, tmp_path: Path, django_db_blocker: Any
) -> Iterator[str]:
    """The database the test and its worker processes share, as a DATABASE_URL.

    PostgreSQL: pytest-django's test database; the test must be marked
    ``django_db(transaction=True)`` so the worker sees the rows.
    SQLite: the test database is in memory, which another process cannot open, so the
    connection is pointed at a migrated file for the test's duration.
    """
    from django.db import connection

    if connection.vendor != "sqlite":  # the test module is marked django_db(transaction=True)
        yield database_url(connection.settings_dict)
        return
    template: Path = request.getfixturevalue("sqlite_template")
    path = tmp_path / "shared.sqlite3"
    shutil.copyfile(template, path)
    with django_db_blocker.unblock():
        original_name = connection.settings_dict["NAME"]
        original_connection = connection.connection  # an in-memory test database stays open
        connection.connection = None
        connection.settings_dict["NAME"] = str(path)
        try:
            yield f"sqlite:///{path}"
        finally:
            connection.close()
            connection.settings_dict["NAME"] = original_name
            connection.connection = original_connection


def make_analysis(text: str = SESSION_ONE) -> Analysis:
    """A synthetic client, a held appointment, a transcript and a queued analysis."""
    from talkingcure.accounts.models import Role
    from talkingcure.clients.models import Client
    from talkingcure.scheduling.models import Appointment

    suffix = uuid.uuid4().hex[:8]
    clinician = get_user_model().objects.create_user(
        username=f"queue-{suffix}", password="pw-for-tests-only-1", role=Role.CLINICIAN
    )
    client = Client.objects.create(
        given_name="Robin", family_name="Synthetic-Queue", clinician=clinician, synthetic=True
    )
    now = timezone.now()
    appointment = Appointment.objects.create(
        client=client,
        clinician=clinician,
        starts_at=now - datetime.timedelta(days=1),
        status=Appointment.Status.ATTENDED,
    )
    transcript = Transcript.objects.create(
        appointment=appointment,
        uploaded_by=clinician,
        uploaded_at=now,
        filename="session.txt",
        fmt="txt",
        content=text,
    )
    return Analysis.objects.create(transcript=transcript, queued_at=now)


@dataclass
class Worker:
    """A `celery worker -B` process group; stopped (SIGKILL to the group) on exit."""

    env: dict[str, str]
    log: Path
    app: str = "talkingcure.tasks"
    process: subprocess.Popen[bytes] | None = field(default=None)
    started: list[Worker] | None = None

    def start(self) -> Worker:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        offset = self.log.stat().st_size if self.log.exists() else 0
        cmd = [
            sys.executable, "-m", "celery", "-A", self.app, "worker", "-B", "-c", "1",
            "--pool", "prefork", "--loglevel", "INFO", "-n", f"test-{uuid.uuid4().hex[:8]}@%h",
            "-Q", self.env["TALKINGCURE_QUEUE_NAME"],
        ]  # fmt: skip
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                cmd, env=self.env, cwd=self.env["TALKINGCURE_DATA_DIR"], stdout=out,
                stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        wait_for(lambda: " ready." in self.log.read_text()[offset:], STARTUP_SECONDS, self)
        return self

    def kill(self) -> None:
        """kill -9 of the whole process group (main process, pool child, beat)."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.process = None

    def output(self) -> str:
        return self.log.read_text() if self.log.exists() else ""


def wait_for(condition: Callable[[], bool], seconds: float, worker: Worker | None = None) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if worker is not None and worker.process is not None and worker.process.poll() is not None:
            pytest.fail(f"worker exited ({worker.process.returncode}):\n{worker.output()[-4000:]}")
        if time.monotonic() > deadline:
            tail = worker.output()[-4000:] if worker else ""
            pytest.fail(f"not done within {seconds} s\n{tail}")
        time.sleep(0.3)


def queue_env(data_dir: Path, db_url: str, broker_url: str, **extra: str) -> dict[str, str]:
    env = base_env(data_dir, db_url)
    env.update(
        TALKINGCURE_BROKER_URL=broker_url,
        TALKINGCURE_QUEUE_NAME=f"talkingcure-test-{uuid.uuid4().hex[:8]}",
        TALKINGCURE_QUEUE_LEASE_SECONDS=str(LEASE_SECONDS),
        TALKINGCURE_QUEUE_SWEEP_SECONDS="1",
        TALKINGCURE_TASK_TIME_LIMIT="120",
    )
    env.update(extra)
    return env


def publish(analysis_id: int, env: dict[str, str]) -> None:
    """What enqueue() does, to the broker and queue of this test's worker."""
    from talkingcure.tasks import analyse, app

    with app.connection_for_write(env["TALKINGCURE_BROKER_URL"]) as conn:
        analyse.apply_async((analysis_id,), connection=conn, queue=env["TALKINGCURE_QUEUE_NAME"])


def status(analysis: Analysis) -> str:
    analysis.refresh_from_db()
    return analysis.status


@pytest.fixture(name="workers")
def workers_fixture() -> Iterator[list[Worker]]:
    """Every worker a test starts is killed (whole process group) when the test ends."""
    started: list[Worker] = []
    yield started
    for worker in started:
        worker.kill()

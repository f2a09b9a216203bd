"""A real `talkingcure serve` process (web server + embedded worker) on a demo clinic.

Used by the browser tests that must run against a real server process: a temporary data
directory with its own SQLite database and keys, `talkingcure migrate` and `talkingcure demo`
run as commands, then `talkingcure serve --port <free port>` in its own process group. The
server's output (and its worker's) goes to a log file whose tail is shown on failure.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 120  # the machine is small and shared; migrate and start-up are slow here
STOP_SECONDS = 40

# Run in the server's environment after `talkingcure demo`: dr.ada's synthetic client Morgan
# gets the consents to transcription and to automated analysis (the demo records neither),
# and one more held session, two days ago, with no note and no transcript yet.
PREPARE_SESSION = """
import datetime, json
from django.utils import timezone
from talkingcure.clients.models import Client
from talkingcure.consents.models import Consent, ConsentKind
from talkingcure.scheduling.billing import record_held
from talkingcure.scheduling.booking import book_single
from talkingcure.scheduling.zones import clinic_zone

caseload = Client.objects.filter(clinician__username="dr.ada", synthetic=True)
client = next(c for c in caseload if c.given_name == "Morgan")  # names are encrypted
given = timezone.localdate() - datetime.timedelta(days=30)
for kind in (ConsentKind.RECORDING, ConsentKind.ANALYSIS):
    Consent.objects.create(client=client, kind=kind, given_on=given)
day = timezone.localdate(timezone=clinic_zone()) - datetime.timedelta(days=2)
start = datetime.datetime.combine(day, datetime.time(7, 0), tzinfo=clinic_zone())
end = start + datetime.timedelta(minutes=50)
appointment = book_single(
    client=client, clinician=client.clinician, room=None, start=start, end=end
)
record_held(appointment, started=start, ended=end)
print(json.dumps({"client": str(client.public_id), "appointment": str(appointment.public_id)}))
"""


@dataclass
class Server:
    """A running `talkingcure serve`; ``url`` has no trailing slash."""

    url: str
    data_dir: Path
    log: Path
    process: subprocess.Popen[bytes]
    client_id: str
    appointment_id: str

    def log_tail(self, chars: int = 6000) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return f"--- server log {self.log} (last {chars} characters) ---\n{text[-chars:]}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def server_env(data_dir: Path, database_url: str) -> dict[str, str]:
    """This environment less our settings; a fresh data dir and keys, and its own database."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TALKINGCURE_", "DATABASE_URL", "SECRET_KEY", "DJANGO_"))
    }
    env.update(
        TALKINGCURE_DATA_DIR=str(data_dir),
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="talkingcure.settings",
        PYTHONPATH=str(REPO / "src"),
    )
    return env


@contextlib.contextmanager
def fresh_database(data_dir: Path) -> Iterator[str]:
    """The server's own database: PostgreSQL when the suite runs on it (as in CI), else SQLite.

    On PostgreSQL a database named for this process is created on the same server as the
    suite's and dropped afterwards, so the server process runs on what production runs on.
    """
    outer = os.environ.get("DATABASE_URL", "")
    if not outer.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{data_dir / 'talkingcure.sqlite3'}"
        return
    import psycopg

    base = outer.rsplit("/", 1)[0]
    name = f"talkingcure_browser_{os.getpid()}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def talkingcure_command() -> list[str]:
    """The installed `talkingcure` script beside this interpreter, else the same entry point."""
    script = Path(sys.executable).parent / "talkingcure"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from talkingcure.cli import app; app()"]


def run(cmd: list[str], env: dict[str, str], log: Path, seconds: float = 300) -> str:
    """Run a set-up command to completion; its output is appended to the log; stdout returned."""
    result = subprocess.run(
        cmd, env=env, cwd=env["TALKINGCURE_DATA_DIR"], capture_output=True, text=True,
        timeout=seconds, check=False,
    )  # fmt: skip
    with log.open("a") as out:
        out.write(f"$ {' '.join(cmd[:3])} ...\n{result.stdout}{result.stderr}\n")
    if result.returncode != 0:
        pytest.fail(f"{cmd} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def prepare_clinic(env: dict[str, str], log: Path) -> dict[str, str]:
    """Migrate, load the demo clinic, and give one demo client a session ready for a transcript."""
    run([*talkingcure_command(), "migrate"], env, log)
    run([*talkingcure_command(), "demo"], env, log)
    shell = [sys.executable, "-m", "django", "shell", "-c", PREPARE_SESSION]
    output = run(shell, env, log)
    ids: dict[str, str] = json.loads(output.strip().splitlines()[-1])
    return ids


def wait_until(condition: Callable[[], bool], seconds: float, server: Server) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if server.process.poll() is not None:
            pytest.fail(f"the server exited ({server.process.returncode})\n{server.log_tail()}")
        if time.monotonic() > deadline:
            pytest.fail(f"not ready within {seconds} s\n{server.log_tail()}")
        time.sleep(0.5)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
            return bool(response.status == 200)
    except OSError:
        return False


def worker_celery_up(log: Path) -> bool:
    return " ready." in (log.read_text(errors="replace") if log.exists() else "")


@contextlib.contextmanager
def demo_server(data_dir: Path) -> Iterator[Server]:
    """A migrated demo clinic served by `talkingcure serve`; every process killed afterwards."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with fresh_database(data_dir) as database_url:
        yield from _serve_demo(data_dir, server_env(data_dir, database_url))


def _serve_demo(data_dir: Path, env: dict[str, str]) -> Iterator[Server]:
    log = data_dir / "server.log"
    ids = prepare_clinic(env, log)
    port = free_port()
    with log.open("ab") as out:
        process = subprocess.Popen(
            [*talkingcure_command(), "serve", "--port", str(port)], env=env, cwd=data_dir,
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    server = Server(
        url=f"http://127.0.0.1:{port}",
        data_dir=data_dir,
        log=log,
        process=process,
        client_id=ids["client"],
        appointment_id=ids["appointment"],
    )
    try:
        wait_until(lambda: answers(f"{server.url}/healthz"), STARTUP_SECONDS, server)
        wait_until(lambda: worker_celery_up(log), STARTUP_SECONDS, server)
        yield server
    finally:
        stop(server)


def stop(server: Server) -> None:
    """SIGTERM (the server stops its worker), then SIGKILL to whatever of ours is left.

    The worker runs in its own process group, so after the server's group is gone the
    process groups of any process still naming this data directory are killed too.
    """
    process = server.process
    if process.poll() is None:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=STOP_SECONDS)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=STOP_SECONDS)
    for pid in processes_of(server.data_dir):
        with contextlib.suppress(ProcessLookupError):
            group = os.getpgid(pid)
            if group == os.getpgrp():  # never our own group: only that process
                os.kill(pid, signal.SIGKILL)
            else:
                os.killpg(group, signal.SIGKILL)


def processes_of(data_dir: Path) -> list[int]:
    """Processes whose environment names this data directory (only ours can)."""
    marker = f"TALKINGCURE_DATA_DIR={data_dir}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if marker in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


def report_on_failure(request: pytest.FixtureRequest, server: Server, failed_before: int) -> None:
    """Write the log's tail to the terminal (past output capture) when a test failed."""
    if request.session.testsfailed == failed_before:
        return
    plugins = request.config.pluginmanager
    reporter = plugins.get_plugin("terminalreporter")
    capture = plugins.get_plugin("capturemanager")
    if reporter is None:
        return
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        reporter.write_line("\n" + server.log_tail())

"""`talkingcure serve` starts a worker (with beat) beside the web server and stops it on exit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.cli.test_check_and_settings import _talkingcure
from tests.cli.test_serve import _env, _free_port, _get

# The web server is not migrated here: /healthz answers without the database.


def _workers_for(data_dir: Path) -> list[int]:
    """Celery processes whose environment names this test's data directory."""
    found = []
    marker = f"TALKINGCURE_DATA_DIR={data_dir}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if b"celery" in cmdline and marker in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


def _serve(tmp_path: Path, *extra: str) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    cli = [sys.executable, "-c", "from talkingcure.cli import app; app()"]
    server = subprocess.Popen(
        [*cli, "serve", "--port", str(port), *extra],
        env=_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    return server, port


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _eventually(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return True
        time.sleep(0.3)
    return False


def test_serve_starts_a_worker_and_stops_it_with_the_server(tmp_path: Path) -> None:
    server, port = _serve(tmp_path)
    try:
        _get(f"http://127.0.0.1:{port}/healthz", seconds=60)
        assert _eventually(lambda: _workers_for(tmp_path), 30), "no worker started"
    finally:
        _stop(server)
    leftover = _workers_for(tmp_path)
    for pid in leftover:  # clean up before failing
        os.kill(pid, signal.SIGKILL)
    assert leftover == []


def test_worker_stops_when_serve_is_killed_without_cleaning_up(tmp_path: Path) -> None:
    server, port = _serve(tmp_path)
    try:
        _get(f"http://127.0.0.1:{port}/healthz", seconds=60)
        assert _eventually(lambda: _workers_for(tmp_path), 30), "no worker started"
        server.kill()  # kill -9: serve's own clean-up never runs
        server.wait()
        stopped = _eventually(lambda: not _workers_for(tmp_path), 30)
    finally:
        for pid in _workers_for(tmp_path):  # clean up before failing
            os.kill(pid, signal.SIGKILL)
    assert stopped, "the worker outlived a killed serve"


def test_serve_no_worker_starts_none(tmp_path: Path) -> None:
    server, port = _serve(tmp_path, "--no-worker")
    try:
        _get(f"http://127.0.0.1:{port}/healthz", seconds=60)
        time.sleep(1)
        assert _workers_for(tmp_path) == []
    finally:
        _stop(server)


def test_task_time_limit_must_stay_below_the_visibility_timeout(tmp_path: Path) -> None:
    result = _talkingcure(
        ["check"],
        {"TALKINGCURE_TASK_TIME_LIMIT": "900", "TALKINGCURE_BROKER_VISIBILITY_TIMEOUT": "900"},
        tmp_path,
    )
    assert result.returncode == 2
    assert "TALKINGCURE_TASK_TIME_LIMIT must be below" in result.stderr

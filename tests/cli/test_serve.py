"""`talkingcure serve` answers HTTP; `--production` refuses to start on unsafe settings."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.cli.test_check_and_settings import _talkingcure


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _env(tmp_path: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TALKINGCURE_", "SECRET_KEY", "DATABASE_URL"))
    }
    env["TALKINGCURE_DATA_DIR"] = str(tmp_path)
    return env


def test_development_server_answers(tmp_path: Path) -> None:
    env = _env(tmp_path)
    cli = [sys.executable, "-c", "from talkingcure.cli import app; app()"]
    subprocess.run([*cli, "migrate"], env=env, check=True, capture_output=True, timeout=300)
    port = _free_port()
    server = subprocess.Popen(
        [*cli, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        body = _get(f"http://127.0.0.1:{port}/accounts/login/", seconds=60)
        assert "Sign in" in body
    finally:
        server.terminate()
        server.wait(timeout=30)


def _get(url: str, seconds: int) -> str:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
                return str(response.read().decode())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_production_serve_refuses_unsafe_settings(tmp_path: Path) -> None:
    result = _talkingcure(["serve", "--production", "--port", str(_free_port())], {}, tmp_path)
    assert result.returncode == 1
    assert "DEBUG is on" in result.stderr

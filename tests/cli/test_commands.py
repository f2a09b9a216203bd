"""The command line: demo data, users, audit verification and key rotation."""

from __future__ import annotations

from typing import Any

from django.db import connection
from typer.testing import CliRunner

from talkingcure.accounts.models import Role, User
from talkingcure.audit.log import record
from talkingcure.cli import app
from talkingcure.clients.models import Client

runner = CliRunner()


def test_every_command_has_help() -> None:
    import typer.main

    top = typer.main.get_command(app)
    names = list(top.commands)  # type: ignore[attr-defined]
    for expected in (
        "serve",
        "migrate",
        "demo",
        "createuser",
        "check",
        "audit",
        "keys",
        "export",
        "analyze",
        "evaluate",
    ):
        assert expected in names
    for name in names:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output, name


def test_demo_creates_a_synthetic_clinic_once(db: Any) -> None:
    first = runner.invoke(app, ["demo"])
    assert first.exit_code == 0, first.output
    assert "dr.ada" in first.output and "synthetic-demo-only" in first.output
    assert {u.role for u in User.objects.all()} == set(Role.values)
    assert Client.objects.count() == 5
    assert all(c.synthetic for c in Client.objects.all())
    again = runner.invoke(app, ["demo"])
    assert "already present" in again.output
    assert Client.objects.count() == 5


def test_createuser_validates_role_and_password(db: Any) -> None:
    bad_role = runner.invoke(app, ["createuser", "newuser", "--role", "wizard"], input="x\n")
    assert bad_role.exit_code == 2 and "unknown role" in bad_role.output
    weak = runner.invoke(app, ["createuser", "newuser", "--role", "clinician"], input="short\n")
    assert weak.exit_code == 2 and "password refused" in weak.output
    ok = runner.invoke(
        app, ["createuser", "newuser", "--role", "clinician"], input="a-long-enough-passphrase-42\n"
    )
    assert ok.exit_code == 0, ok.output
    assert User.objects.get(username="newuser").check_password("a-long-enough-passphrase-42")


def test_audit_verify_reports_tampering(db: Any) -> None:
    for i in range(3):
        record(action="read", object_type="client", object_id=f"c{i}")
    assert "3 entries verified" in runner.invoke(app, ["audit", "verify"]).output
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET action = 'update' WHERE seq = 2")
    broken = runner.invoke(app, ["audit", "verify"])
    assert broken.exit_code == 1
    assert "BROKEN" in broken.output and "entry 2" in broken.output


def test_keys_rotate_via_command_line(personas: Any, settings: Any) -> None:
    new_key = runner.invoke(app, ["keys", "generate"]).output.strip()
    settings.TALKINGCURE_ENCRYPTION_KEYS = f"{new_key},{settings.TALKINGCURE_ENCRYPTION_KEYS}"
    result = runner.invoke(app, ["keys", "rotate"])
    assert result.exit_code == 0, result.output
    assert "rotation complete" in result.output
    status = runner.invoke(app, ["keys", "status"]).output
    new_id = new_key.split(":")[0]
    assert f"{new_id} (primary)" in status
    settings.TALKINGCURE_ENCRYPTION_KEYS = new_key
    assert Client.objects.get(pk=personas["client"].pk).family_name == "Synthetic-Test"

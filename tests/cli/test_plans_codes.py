"""`talkingcure plans load-codes` loads the centre's code list, or nothing at all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from talkingcure.cli import app
from talkingcure.plans.models import DiagnosisCode

runner = CliRunner()


def test_loads_a_valid_file(db: Any, tmp_path: Path) -> None:
    csv_file = tmp_path / "codes.csv"
    csv_file.write_text("code,description\nSYN-X01,Synthetic test code\n", encoding="utf-8")
    result = runner.invoke(app, ["plans", "load-codes", str(csv_file)])
    assert result.exit_code == 0, result.output
    assert "1 codes added" in result.output
    assert DiagnosisCode.objects.filter(code="SYN-X01").exists()


def test_bad_or_missing_file_loads_nothing(db: Any, tmp_path: Path) -> None:
    missing = runner.invoke(app, ["plans", "load-codes", str(tmp_path / "absent.csv")])
    assert missing.exit_code == 2 and "cannot read" in missing.output
    binary = tmp_path / "codes.csv"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    result = runner.invoke(app, ["plans", "load-codes", str(binary)])
    assert result.exit_code == 2 and "nothing loaded" in result.output
    assert not DiagnosisCode.objects.exists()

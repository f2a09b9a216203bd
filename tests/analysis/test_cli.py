"""``talkingcure analyze``: formats, outputs, exit codes, batches in input order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from talkingcure.analysis.cli import add_commands

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TXT = (
    "Therapist: How are you feeling about coming here today, {n}?\n"
    "Client: Nervous, to be honest. I was not sure I would make it through the door.\n"
)


@pytest.fixture()
def app() -> typer.Typer:
    app = typer.Typer()
    add_commands(app)

    @app.command()
    def version() -> None:  # a second command, so "analyze" is a sub-command as in the real CLI
        typer.echo("0")

    return app


@pytest.fixture()
def config(tmp_path: Path) -> Path:
    """A pipeline without models, so these tests stay fast."""
    path = tmp_path / "pipeline.toml"
    path.write_text('pipeline = ["talkingcure.summary.v1"]\n', encoding="utf-8")
    return path


def write_batch(folder: Path, count: int) -> list[Path]:
    folder.mkdir()
    paths = []
    for n in range(count):
        path = folder / f"s{n:02d}.txt"
        path.write_text(TXT.format(n=n), encoding="utf-8")
        paths.append(path)
    return paths


runner = CliRunner()


def test_json_to_stdout(app: typer.Typer, config: Path, tmp_path: Path) -> None:
    [path] = write_batch(tmp_path / "in", 1)
    result = runner.invoke(app, ["analyze", str(path), "--config", str(config)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "talkingcure.analysis/1" and data["source"] == str(path)


def test_directory_means_every_transcript_and_jsonl_keeps_order(
    app: typer.Typer, config: Path, tmp_path: Path
) -> None:
    paths = write_batch(tmp_path / "in", 5)
    (tmp_path / "in" / "notes.docx").write_text("ignored", encoding="utf-8")
    out = tmp_path / "all.jsonl"
    args = ["analyze", str(tmp_path / "in"), "-f", "jsonl", "-o", str(out), "--config", str(config)]
    result = runner.invoke(app, [*args, "--jobs", "2"])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["source"] for line in lines] == [str(p) for p in paths]


def test_failed_file_is_reported_and_the_batch_goes_on(
    app: typer.Typer, config: Path, tmp_path: Path
) -> None:
    paths = write_batch(tmp_path / "in", 3)
    paths[1].write_text("", encoding="utf-8")
    result = runner.invoke(
        app, ["analyze", *map(str, paths), "-f", "jsonl", "--config", str(config)]
    )
    assert result.exit_code == 1
    assert f"error: {paths[1]}: is empty [empty]" in result.stderr
    assert "Traceback" not in result.output
    sources = [json.loads(line)["source"] for line in result.stdout.splitlines()]
    assert sources == [str(paths[0]), str(paths[2])]


def test_error_names_the_line(app: typer.Typer, config: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.vtt"
    path.write_text("WEBVTT\n\n00:00:0x.000 --> 00:00:02.000\n<v A>hi</v>\n", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(path), "--config", str(config)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {path}:3: ")


def test_missing_path(app: typer.Typer, config: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(tmp_path / "nope.txt"), "--config", str(config)])
    assert result.exit_code == 1
    assert "no such file" in result.stderr


def test_md_and_html_into_a_directory(app: typer.Typer, config: Path, tmp_path: Path) -> None:
    paths = write_batch(tmp_path / "in", 2)
    out = tmp_path / "reports"
    out.mkdir()
    for fmt in ("md", "html"):
        result = runner.invoke(
            app, ["analyze", *map(str, paths), "-f", fmt, "-o", str(out), "--config", str(config)]
        )
        assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    expected = [f"s0{n}.txt.analysis.{ext}" for n in (0, 1) for ext in ("html", "md")]
    assert names == expected


def test_overrides_and_input_format(app: typer.Typer, config: Path, tmp_path: Path) -> None:
    path = tmp_path / "session.log"
    path.write_text(
        "Maria: I keep dreaming of the old house where I grew up as a child.\n"
        "Joe: What happens in the dream, when you are there in the house?\n",
        encoding="utf-8",
    )
    args = ["analyze", str(path), "--input-format", "txt", "--config", str(config)]
    result = runner.invoke(app, [*args, "--therapist", "Maria"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["roles"]["speakers"] == {"Maria": "therapist", "Joe": "client"}
    bad = runner.invoke(app, ["analyze", str(path), "--input-format", "doc"])
    assert bad.exit_code == 2


def test_too_large_with_max_mb(app: typer.Typer, config: Path, tmp_path: Path) -> None:
    [path] = write_batch(tmp_path / "in", 1)
    result = runner.invoke(
        app, ["analyze", str(path), "--max-mb", "0.0001", "--config", str(config)]
    )
    assert result.exit_code == 1 and "[too-large]" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("name", ["session_morgan.txt", "session_sam.vtt", "session_jo.json"])
def test_examples_run_with_the_spacy_pipeline(app: typer.Typer, tmp_path: Path, name: str) -> None:
    config = tmp_path / "pipeline.toml"
    config.write_text(
        'pipeline = ["talkingcure.spacy.v1", "talkingcure.summary.v1"]\n', encoding="utf-8"
    )
    result = runner.invoke(app, ["analyze", str(EXAMPLES / name), "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["turns"]


def test_progress_bar_goes_to_stderr(app: typer.Typer, config: Path, tmp_path: Path) -> None:
    paths = write_batch(tmp_path / "in", 3)
    args = ["analyze", *map(str, paths), "-f", "jsonl", "--progress", "--config", str(config)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["source"] for line in result.stdout.splitlines()] == list(
        map(str, paths)
    )


def test_same_names_in_a_directory_do_not_overwrite(
    app: typer.Typer, config: Path, tmp_path: Path
) -> None:
    first = write_batch(tmp_path / "a", 1)
    second = write_batch(tmp_path / "b", 1)
    out = tmp_path / "out"
    args = ["analyze", str(first[0]), str(second[0]), "-o", str(out), "--config", str(config)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "s00.txt-2.analysis.json",
        "s00.txt.analysis.json",
    ]


def test_unknown_component_in_config_stops_before_reading(app: typer.Typer, tmp_path: Path) -> None:
    [path] = write_batch(tmp_path / "in", 1)
    config = tmp_path / "bad.toml"
    config.write_text('pipeline = ["talkingcure.nonexistent.v1"]\n', encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(path), "--config", str(config)])
    assert result.exit_code == 2
    assert "unknown component 'talkingcure.nonexistent.v1'" in result.stderr


def test_a_config_that_is_neither_a_file_nor_a_packaged_name_is_refused(
    app: typer.Typer, tmp_path: Path
) -> None:
    path = tmp_path / "s.txt"
    path.write_text("Therapist: How are you?\nClient: Tired.\n", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(path), "--config", "embedings"])
    assert result.exit_code == 2
    assert "embedings: cannot read the config" in result.output
    assert "neither a packaged config (default, embeddings) nor a TOML file" in result.output


def test_a_packaged_config_is_chosen_by_name(app: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_text("Therapist: How are you?\nClient: Tired.\n", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(path), "--config", "default"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["turns"][1]["text"] == "Tired."

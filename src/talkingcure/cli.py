"""The one command line: serving, set-up, security housekeeping, analysis and evaluation."""

from __future__ import annotations

import csv
import getpass
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

app = typer.Typer(
    help="talkingcure: software for psychodynamic psychotherapy.",
    no_args_is_help=True,
    add_completion=False,
)
audit_app = typer.Typer(help="The tamper-evident audit trail.", no_args_is_help=True)
keys_app = typer.Typer(help="Encryption keys for client data at rest.", no_args_is_help=True)
export_app = typer.Typer(help="Exports, all through the disclosure gate.", no_args_is_help=True)
jobs_app = typer.Typer(
    help="Periodic jobs: escalations, reminders, retention.", no_args_is_help=True
)
app.add_typer(audit_app, name="audit")
app.add_typer(jobs_app, name="jobs")
plans_app = typer.Typer(
    help="Treatment plans: the centre's diagnosis code list.", no_args_is_help=True
)
app.add_typer(plans_app, name="plans")
app.add_typer(keys_app, name="keys")
app.add_typer(export_app, name="export")


def _django() -> None:
    """Set Django up; a bad setting ends the command with a message naming it."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talkingcure.settings")
    import django

    from talkingcure.config.env import SettingError

    try:
        django.setup()
    except SettingError as exc:
        typer.secho(f"configuration error: {exc}", fg="red", err=True)
        raise typer.Exit(2) from None


def _call(*args: str, **options: Any) -> None:
    from django.core.management import call_command

    call_command(*args, **options)


@app.command()
def migrate() -> None:
    """Create or update the database tables."""
    _django()
    _call("migrate", interactive=False, verbosity=1)


@app.command()
def demo() -> None:
    """Load the synthetic demo clinic (every person and record in it is invented)."""
    _django()
    from talkingcure.demo import DEMO_PASSWORD, load_demo

    result = load_demo()
    typer.echo("Demo clinic " + ("created." if result.created else "already present."))
    typer.echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for username, role in result.logins:
        typer.echo(f"  {username:16} {role}")
    typer.echo("On first sign-in each account sets up its authenticator app (scan the QR code).")
    if result.transcripts:
        typer.echo(
            f"{result.transcripts} synthetic session transcripts of Riley (dr.ada) are queued; "
            "the worker that `talkingcure serve` starts analyses them."
        )


@app.command()
def createuser(
    username: str,
    role: Annotated[str, typer.Option(help="admin, clinician, supervisor, intake, researcher")],
    email: Annotated[str, typer.Option()] = "",
) -> None:
    """Create a staff account; the password is asked for twice."""
    _django()
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from talkingcure.accounts.models import Role, User

    if role not in Role.values:
        typer.secho(f"unknown role {role!r}; choose from {', '.join(Role.values)}", err=True)
        raise typer.Exit(2)
    if User.objects.filter(username=username).exists():
        typer.secho(f"a user named {username!r} already exists", err=True)
        raise typer.Exit(2)
    password = _ask_password()
    user = User(username=username, role=role, email=email)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        typer.secho("password refused: " + " ".join(exc.messages), err=True)
        raise typer.Exit(2) from None
    user.set_password(password)
    user.save()
    typer.echo(f"created {username} ({role}); they set up two-factor sign-in at first login")


def _ask_password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Again: ") != first:
        typer.secho("the passwords differ", err=True)
        raise typer.Exit(2)
    return first


@app.command()
def check(
    production: Annotated[
        bool, typer.Option("--production", help="Also apply the production rules.")
    ] = False,
) -> None:
    """Check the configuration; fails loudly on an unsafe production setting."""
    _django()
    from django.core.management.base import SystemCheckError

    try:
        _call("check", deploy=production, fail_level="WARNING")
    except SystemCheckError as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(1) from None
    typer.echo("configuration OK" + (" for production" if production else ""))


@app.command()
def serve(
    production: Annotated[
        bool, typer.Option("--production", help="Run gunicorn after the production checks.")
    ] = False,
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option()] = 8000,
    workers: Annotated[int, typer.Option(help="gunicorn workers (production)")] = 2,
    worker: Annotated[
        bool,
        typer.Option(
            "--worker/--no-worker",
            help="Start the background worker (with its scheduler) beside the web server.",
        ),
    ] = True,
) -> None:
    """Serve the web application (development server unless --production)."""
    _django()
    background = _start_worker() if worker else None
    signal.signal(signal.SIGTERM, _exit_on_sigterm)  # so the worker is stopped too
    try:
        _serve(production=production, host=host, port=port, workers=workers)
    finally:
        if background is not None:
            _stop_worker(background)


WORKER_COMMAND = ["-m", "celery", "-A", "talkingcure.tasks", "worker", "-B", "-c", "1"]


def _start_worker() -> subprocess.Popen[bytes]:
    """One Celery worker with beat, in its own process group so it can be stopped whole.

    On Linux the worker is also told to stop when ``serve`` dies without cleaning up (kill -9):
    its running task is then re-delivered by the queue's lease, never left half-done.
    """
    cmd = [sys.executable, *WORKER_COMMAND, "--pool", "prefork", "--loglevel", "INFO"]
    typer.echo("background worker started (talkingcure.tasks)")
    return subprocess.Popen(  # noqa: S603
        cmd, start_new_session=True, preexec_fn=_die_with_parent if _LINUX else None
    )


_LINUX = sys.platform.startswith("linux")
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the child, before exec: ask the kernel for SIGTERM when the parent process dies."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _stop_worker(process: subprocess.Popen[bytes], timeout: float = 20) -> None:
    if process.poll() is not None:
        return
    # Warm shutdown: the running task finishes, or is requeued when the time is up.
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _serve(*, production: bool, host: str, port: int, workers: int) -> None:
    if production:
        check(production=True)
        _call("collectstatic", interactive=False, verbosity=0)
        cmd = [
            sys.executable,
            "-m",
            "gunicorn",
            "talkingcure.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--access-logfile",
            "-",
        ]
        raise typer.Exit(subprocess.call(cmd))  # noqa: S603
    typer.echo(f"talkingcure on http://{host}:{port}/ (development server; Ctrl-C stops it)")
    _call("runserver", f"{host}:{port}", use_reloader=False)


@audit_app.command("verify")
def audit_verify() -> None:
    """Prove the audit chain is intact; exit 1 and list every break if not."""
    _django()
    from talkingcure.audit.chain import verify

    result = verify()
    if result.ok:
        typer.echo(f"audit chain intact: {result.checked} entries verified")
        return
    for problem in result.problems:
        typer.secho(problem, fg="red", err=True)
    typer.secho(
        f"audit chain BROKEN: {len(result.problems)} problem(s) in {result.checked} entries",
        fg="red",
        err=True,
    )
    raise typer.Exit(1)


@audit_app.command("prune")
def audit_prune() -> None:
    """Delete entries older than the retention period (six years by default)."""
    _django()
    from talkingcure.audit.retention import prune

    removed = prune()
    typer.echo(f"pruned {removed} audit entries older than the retention period")


@keys_app.command("generate")
def keys_generate() -> None:
    """Print a new key to put first in TALKINGCURE_ENCRYPTION_KEYS."""
    from talkingcure.config.secrets import new_encryption_key

    typer.echo(new_encryption_key())


@keys_app.command("status")
def keys_status() -> None:
    """How many stored values each key encrypts."""
    _django()
    from talkingcure.crypto.keyring import current_keyring
    from talkingcure.crypto.rotation import key_usage

    primary = current_keyring().primary_id
    usage = key_usage()
    for key_id in sorted(set(usage) | {primary}):
        mark = " (primary)" if key_id == primary else ""
        typer.echo(f"{key_id}{mark}: {usage.get(key_id, 0)} values")


@keys_app.command("rotate")
def keys_rotate() -> None:
    """Re-encrypt every stored value with the primary (first) key."""
    _django()
    from talkingcure.audit.log import record
    from talkingcure.crypto.rotation import rotate

    def progress(label: str, count: int) -> None:
        typer.echo(f"  {label}: {count} values re-encrypted")

    total = rotate(progress)
    record(action="keys_rotated", object_type="keyring", object_id=str(total))
    typer.echo(f"rotation complete: {total} values re-encrypted with the primary key")


@export_app.command("research")
def export_research(
    user: Annotated[str, typer.Option("--as", help="Username of the researcher requesting it.")],
    purpose: Annotated[str, typer.Option(help="The study or question the extract serves.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="CSV file to write.")],
) -> None:
    """De-identified extract of consenting clients (pseudonym, programmes, sessions)."""
    _django()
    from talkingcure.research_export import research_extract

    account = _researcher(user)
    rows, withheld = research_extract(account, purpose)
    flat = [{**row, "programme_kinds": ";".join(row["programme_kinds"])} for row in rows]
    _write_csv(output, ["pseudonym", "programme_kinds", "sessions_attended"], flat, withheld)


@plans_app.command("load-codes")
def plans_load_codes(
    path: Annotated[
        Path, typer.Argument(help="CSV with columns code,description (see docs/records.md).")
    ],
) -> None:
    """Load or update the centre's diagnosis code list; a file with any bad row loads nothing."""
    _django()
    from talkingcure.plans.codelist import CodeListError, load_bytes

    try:
        result = load_bytes(path.read_bytes())
    except OSError as exc:
        typer.secho(f"cannot read {path}: {exc.strerror}", err=True)
        raise typer.Exit(2) from None
    except CodeListError as exc:
        for problem in exc.problems:
            typer.secho(problem, err=True)
        typer.secho(f"nothing loaded from {path}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"{result.created} codes added, {result.updated} updated")


@jobs_app.command("list")
def jobs_list() -> None:
    """List the periodic jobs."""
    from talkingcure.jobs import JOBS

    for job in JOBS.values():
        typer.echo(f"{job.name:20} {job.description}")


@jobs_app.command("run")
def jobs_run(
    names: Annotated[list[str] | None, typer.Argument(help="Jobs to run (default: all).")] = None,
    every: Annotated[
        int, typer.Option(help="Repeat every SECONDS until stopped (0: run once).", min=0)
    ] = 0,
) -> None:
    """Run the periodic jobs once (for cron or a timer), or every N seconds."""
    import time

    _django()
    from talkingcure.jobs import JOBS

    unknown = [n for n in names or [] if n not in JOBS]
    if unknown:
        typer.secho(f"unknown job(s): {', '.join(unknown)}; see `talkingcure jobs list`", err=True)
        raise typer.Exit(2)
    chosen = [JOBS[n] for n in names] if names else list(JOBS.values())
    while True:
        for job in chosen:
            typer.echo(f"{job.name}: {job.run()}")
        if not every:
            return
        time.sleep(every)


@export_app.command("measures")
def export_measures(
    user: Annotated[str, typer.Option("--as", help="Username of the researcher requesting it.")],
    purpose: Annotated[str, typer.Option(help="The study or question the extract serves.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="CSV file to write.")],
) -> None:
    """De-identified questionnaire scores of consenting clients (no names, no dates)."""
    _django()
    from talkingcure.research_export import measures_extract

    account = _researcher(user)
    rows, withheld = measures_extract(account, purpose)
    _write_csv(
        output, ["pseudonym", "instrument", "day", "total", "band", "change"], rows, withheld
    )


@export_app.command("corrections")
def export_corrections(
    user: Annotated[str, typer.Option("--as", help="Username of the researcher requesting it.")],
    purpose: Annotated[str, typer.Option(help="The study or question the extract serves.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="JSON Lines file (default: stdout).")
    ] = None,
) -> None:
    """Corrections of session analyses for improving the detectors: de-identified, no words."""
    _django()
    from talkingcure.insights.export_corrections import corrections_extract, write_jsonl

    account = _researcher(user)
    rows, withheld = corrections_extract(account, purpose)
    if output is None:
        write_jsonl(rows, sys.stdout)
    else:
        with output.open("w", encoding="utf-8") as handle:
            write_jsonl(rows, handle)
    typer.echo(
        f"wrote {len(rows)} de-identified corrections to {output or 'stdout'}; "
        f"{withheld} clients withheld (no research consent)",
        err=output is None,
    )


def _write_csv(output: Path, fields: list[str], rows: list[dict[str, Any]], withheld: int) -> None:
    with output.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fields)
        writer.writeheader()
        writer.writerows(rows)
    typer.echo(
        f"wrote {len(rows)} de-identified rows to {output}; "
        f"{withheld} clients withheld (no research consent)"
    )


def _researcher(username: str) -> Any:
    from talkingcure.accounts.models import Role, User

    account = User.objects.filter(username=username, is_active=True).first()
    if account is None or account.role not in (Role.RESEARCHER, Role.ADMIN):
        typer.secho(f"{username!r} is not an active researcher or administrator", err=True)
        raise typer.Exit(2)
    return account


def _add_analysis_commands() -> None:
    """The analysis commands live beside the framework-free library they drive."""
    from talkingcure.analysis import cli as analysis_cli
    from talkingcure.analysis import patterns_cli, triggers_cli
    from talkingcure.analysis.evaluation import cli as evaluation_cli

    for module in (analysis_cli, evaluation_cli, patterns_cli, triggers_cli):
        module.add_commands(app)


_add_analysis_commands()

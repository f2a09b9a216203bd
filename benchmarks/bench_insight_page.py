"""Speed of the session insight page, and of an upload until its analysis is finished.

Run from the repository root:

    .venv/bin/python benchmarks/bench_insight_page.py      # writes benchmarks/insight_results.md
    .venv/bin/python benchmarks/bench_insight_page.py --repeat 30 --no-worker

Everything runs on a fresh SQLite database in a temporary data folder (the embedded default),
with the synthetic ~7,500-word 50-minute session of ``bench_analyze.py`` (the turns of
examples/session_morgan.txt repeated and varied; synthetic text). It measures:

- upload to finished analysis, in two ways: (1) the transcript form's POST, then the queue's
  task run synchronously in this process (``talkingcure.insights.queue.process``, what the
  Celery task does) with the models already loaded; (2) with the embedded worker that
  ``talkingcure serve`` starts (a real Celery worker process on the database-backed broker),
  from the POST until the page's analysis is done, after one warm-up upload that loads the
  worker's models;
- the insight page GET of that analysed session with Django's test client (the signed-in
  treating therapist; access checks, audit entries, decryption and rendering included), median
  of N; the reference, measured in the same run the same way, is the same view for a transcript
  whose analysis is still queued (everything but the insight page itself);
- where the page's time goes: decrypting the result, building the view-model, rendering.
It is not a timed test: numbers depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

COMMAND = "python benchmarks/bench_insight_page.py"
TARGET_MS = 300.0
WORKER_TIMEOUT_SECONDS = 600


def setup_django(data_dir: Path) -> None:
    os.environ["TALKINGCURE_DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("TALKINGCURE_BROKER_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "talkingcure.settings"
    # The test client's host. No setup_test_environment(): its template instrumentation
    # would slow rendering down in a way no served page pays.
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_world() -> dict[str, Any]:
    """A clinician with a verified second factor, a synthetic client, a held session, consents."""
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from talkingcure.accounts.models import Role, User
    from talkingcure.clients.models import Client
    from talkingcure.consents.models import Consent, ConsentKind
    from talkingcure.scheduling.models import Appointment

    owner = User.objects.create_user(
        username="bench",
        password="bench-password-only-here-1",  # noqa: S106  (a throw-away benchmark database)
        role=Role.CLINICIAN,
    )
    device = TOTPDevice.objects.create(user=owner, name="bench", confirmed=True)
    client = Client.objects.create(
        given_name="Bench", family_name="Synthetic", clinician=owner, synthetic=True
    )
    for kind in (ConsentKind.RECORDING, ConsentKind.ANALYSIS):
        Consent.objects.create(
            client=client, kind=kind, given_on=timezone.localdate() - dt.timedelta(days=30)
        )
    appointment = Appointment.objects.create(
        client=client,
        clinician=owner,
        starts_at=timezone.now() - dt.timedelta(days=1),
        status=Appointment.Status.ATTENDED,
    )
    return {"owner": owner, "device": device, "client": client, "appointment": appointment}


def browser(world: dict[str, Any]) -> Any:
    from django.test import Client as TestClient
    from django_otp import DEVICE_ID_SESSION_KEY

    web = TestClient()
    web.force_login(world["owner"])
    session = web.session
    session[DEVICE_ID_SESSION_KEY] = world["device"].persistent_id
    session.save()
    return web


def upload(web: Any, world: dict[str, Any], text: str) -> tuple[Any, float]:
    """POST the transcript form (the analysis is queued on commit); the new analysis, seconds."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from talkingcure.insights.models import Analysis

    url = reverse(
        "insights:session", args=[world["client"].public_id, world["appointment"].public_id]
    )
    file = SimpleUploadedFile("bench_session.txt", text.encode("utf-8"), "text/plain")
    started = time.perf_counter()
    response = web.post(url, {"file": file})
    seconds = time.perf_counter() - started
    assert response.status_code == 302, response.status_code
    return Analysis.objects.order_by("-pk").first(), seconds


def analyse_in_process(analysis: Any) -> float:
    from talkingcure.insights.queue import Outcome, process

    started = time.perf_counter()
    outcome = process(analysis.pk)
    seconds = time.perf_counter() - started
    assert outcome is Outcome.FINISHED, outcome
    analysis.refresh_from_db()
    assert analysis.status == "done", analysis.error
    return seconds


def start_worker(data_dir: Path) -> subprocess.Popen[bytes]:
    from talkingcure.cli import WORKER_COMMAND

    env = {**os.environ, "TALKINGCURE_DATA_DIR": str(data_dir)}
    log = (data_dir / "worker.log").open("wb")
    cmd = [sys.executable, *WORKER_COMMAND, "--pool", "prefork", "--loglevel", "WARNING"]
    return subprocess.Popen(  # noqa: S603
        cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop_worker(process: subprocess.Popen[bytes]) -> None:
    import signal

    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_done(analysis: Any, started: float) -> float:
    deadline = started + WORKER_TIMEOUT_SECONDS
    while time.perf_counter() < deadline:
        analysis.refresh_from_db()
        if analysis.status in ("done", "failed"):
            assert analysis.status == "done", analysis.error
            return time.perf_counter() - started
        time.sleep(0.05)
    raise TimeoutError("the worker did not finish the analysis in time")


def with_worker(web: Any, world: dict[str, Any], text: str, data_dir: Path) -> dict[str, float]:
    worker = start_worker(data_dir)
    try:
        started = time.perf_counter()
        warm, _ = upload(web, world, text)
        first = wait_done(warm, started)  # includes the worker's start and model loading
        started = time.perf_counter()
        timed, _ = upload(web, world, text)
        return {"worker_first_s": first, "worker_s": wait_done(timed, started)}
    finally:
        stop_worker(worker)


def median_ms(repeat: int, run: Callable[[], object]) -> tuple[float, list[float]]:
    run()  # warm-up: template loading, first query plans
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), times


def time_pages(web: Any, analysis: Any, world: dict[str, Any], repeat: int) -> dict[str, Any]:
    from django.template.loader import render_to_string
    from django.utils import timezone

    from talkingcure.insights.insight_page import build_page
    from talkingcure.insights.models import Analysis, Transcript

    page_url = transcript_url(analysis.transcript)
    queued = Transcript.objects.create(
        appointment=world["appointment"],
        uploaded_by=world["owner"],
        uploaded_at=timezone.now(),
        filename="queued.txt",
        fmt="txt",
        content="T: synthetic\nC: synthetic\n",
    )
    Analysis.objects.create(transcript=queued, queued_at=timezone.now())  # never sent
    reference_url = transcript_url(queued)

    def get(url: str) -> Callable[[], object]:
        def run() -> object:
            response = web.get(url)
            assert response.status_code == 200, response.status_code
            return response

        return run

    page_ms, page_all = median_ms(repeat, get(page_url))
    reference_ms, _ = median_ms(repeat, get(reference_url))
    size = len(get(page_url)().content)  # type: ignore[attr-defined]
    result = Analysis.objects.get(pk=analysis.pk).result
    decrypt_ms, _ = median_ms(repeat, lambda: Analysis.objects.get(pk=analysis.pk).result)
    build_ms, _ = median_ms(repeat, lambda: build_page(result, [], None))
    page = build_page(result, [], None)
    context = {
        "page": page,
        "client": world["client"],
        "appointment": world["appointment"],
        "transcript": analysis.transcript,
        "filter_query": "",
        "add_form": None,
    }
    with warnings.catch_warnings():  # no request here, so no CSRF token: not what is timed
        warnings.simplefilter("ignore")
        render_ms, _ = median_ms(
            repeat, lambda: render_to_string("insights/_insight.html", context)
        )
    return {
        "page_ms": page_ms,
        "page_min_ms": min(page_all),
        "page_max_ms": max(page_all),
        "reference_ms": reference_ms,
        "size_kb": size / 1024,
        "decrypt_ms": decrypt_ms,
        "build_ms": build_ms,
        "render_ms": render_ms,
        "turns": len(page.turns),
        "findings": len(page.risk) + len(page.findings),
        "marks": sum(len({m for s in t.segments for m in s.marks}) for t in page.turns),
    }


def transcript_url(transcript: Any) -> str:
    from django.urls import reverse

    appointment = transcript.appointment
    return reverse(
        "insights:transcript",
        args=[appointment.client.public_id, appointment.public_id, transcript.public_id],
    )


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{platform.platform()}, {cpu}, {cores} CPUs, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--worker", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "insight_results.md")
    args = parser.parse_args()
    from bench_analyze import synthetic_session

    text = synthetic_session()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        setup_django(data_dir)
        world = make_world()
        web = browser(world)
        figures: dict[str, Any] = {"words": len(text.split())}
        warm, _ = upload(web, world, text)
        figures["first_process_s"] = analyse_in_process(warm)  # loads the models
        analysis, figures["post_s"] = upload(web, world, text)
        figures["process_s"] = analyse_in_process(analysis)
        if args.worker:
            figures.update(with_worker(web, world, text, data_dir))
        figures.update(time_pages(web, analysis, world, args.repeat))
        from django.conf import settings

        figures["debug"] = settings.DEBUG
    text_out = render(args, figures)
    args.output.write_text(text_out, encoding="utf-8")
    sys.stdout.write(text_out)


def render(args: argparse.Namespace, f: dict[str, Any]) -> str:
    flags = f" --repeat {args.repeat}" + ("" if args.worker else " --no-worker")
    if "worker_s" in f:
        worker = (
            "| with the embedded worker (`talkingcure serve`'s Celery worker), POST to done | "
            f"{f['worker_s']:.1f} s |\n"
            "| the same, first upload after the worker starts (its start and model loading "
            f"included) | {f['worker_first_s']:.1f} s |\n"
        )
    else:
        worker = "| with the embedded worker | not measured (--no-worker) |\n"
    spread = f"{f['page_ms']:.1f} (min {f['page_min_ms']:.1f}, max {f['page_max_ms']:.1f})"
    verdict = "under" if f["page_ms"] < TARGET_MS else "OVER"
    return f"""# Session insight page: benchmark

Command: `{COMMAND}{flags}` on {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC.
Machine: {machine()} (shared with other work while measuring).
Database: SQLite in a fresh temporary data folder (the embedded default); Django's test client;
DEBUG={f["debug"]} (the development default of `talkingcure serve`).

A synthetic 50-minute session of {f["words"]:,} words (`bench_analyze.py`'s session: the turns of
`examples/session_morgan.txt` repeated and varied), analysed by the default pipeline:
{f["turns"]} turns, {f["findings"]} findings, {f["marks"]} highlighted evidence spans.

## The insight page

| GET, signed-in treating therapist, median of {args.repeat} | ms |
|---|---|
| insight page of the analysed session ({f["size_kb"]:.0f} KB of HTML) | {spread} |
| reference: the same view for a transcript whose analysis is queued | {f["reference_ms"]:.1f} |
| ratio page / reference | {f["page_ms"] / f["reference_ms"]:.1f} |

Target: under {TARGET_MS:.0f} ms; measured {f["page_ms"]:.0f} ms, {verdict} the target.
Where the time goes (medians, ms): decrypting and parsing the stored result
{f["decrypt_ms"]:.1f}, building the view-model {f["build_ms"]:.1f}, rendering the insight
template {f["render_ms"]:.1f}; the rest is the view's access checks, audit entries, session and
middleware (the reference's share).

## Upload to finished analysis

| step | time |
|---|---|
| transcript form POST (stored encrypted, task queued on commit) | {f["post_s"] * 1000:.0f} ms |
| the queue's task run synchronously, models loaded | {f["process_s"]:.1f} s |
| the same, first run in a fresh process (model loading included) | {f["first_process_s"]:.1f} s |
{worker}
The analysis itself (the engine on {f["words"]:,} words) is nearly all of it; see
benchmarks/results.md for the engine's own throughput.
"""


if __name__ == "__main__":
    main()

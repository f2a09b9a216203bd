"""Speed of the client's patterns page (``/patterns/<client>/``) for a treatment of 40 sessions.

Run from the repository root (it uses a throw-away data directory and SQLite database):

    .venv/bin/python benchmarks/bench_patterns_page.py
    .venv/bin/python benchmarks/bench_patterns_page.py --sessions 40 --repeat 5

It analyses four synthetic 50-minute sessions (built like ``bench_analyze.py`` from
``examples/session_morgan.txt``, about 7,000-8,500 words each: synthetic text) with the default
pipeline, stores them as 40 finished analyses of one synthetic client's held sessions (the four
repeated with new weekly dates) plus weekly PHQ-9 scores, then times, through Django's test
client signed in as the treating therapist:

- a **cold** view: no stored page data, so every analysis is decrypted and the patterns are
  built (CCRT, trigger map, topic model), stored, audited and rendered;
- a **warm** view: the stored page data matches, the usual case (it is rebuilt in the worker
  when an analysis finishes);
- ``build()`` alone on the decrypted results (the library work of a cold view).

Medians of ``--repeat`` runs, in milliseconds; the results are printed as Markdown.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
COMMAND = "python benchmarks/bench_patterns_page.py"


def setup_django(data_dir: Path) -> None:
    os.environ["TALKINGCURE_DATA_DIR"] = str(data_dir)
    os.environ["DATABASE_URL"] = f"sqlite:///{data_dir / 'bench.sqlite3'}"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_SETTINGS_MODULE"] = "talkingcure.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def analysed_sessions() -> list[dict[str, Any]]:
    from bench_analyze import synthetic_session

    from talkingcure.analysis.pipeline import default_engine
    from talkingcure.analysis.readers import read_text

    engine = default_engine()
    texts = [synthetic_session(words) for words in (7_000, 7_500, 8_000, 8_500)]
    return [engine.analyze(read_text(t, input_format="txt")).to_dict() for t in texts]


def treatment(results: list[dict[str, Any]], count: int) -> tuple[Any, Any]:
    """A synthetic client with ``count`` analysed weekly sessions and weekly PHQ-9 scores."""
    from django.utils import timezone

    from talkingcure.accounts.models import Role, User
    from talkingcure.clients.models import Client
    from talkingcure.insights.models import Analysis, AnalysisStatus, Transcript
    from talkingcure.outcomes.answering import submit
    from talkingcure.outcomes.links import issue
    from talkingcure.scheduling.models import Appointment

    owner = User.objects.create_user(username="bench", password=None, role=Role.CLINICIAN)
    client = Client.objects.create(
        given_name="Bench", family_name="Synthetic", clinician=owner, synthetic=True
    )
    first = timezone.now() - dt.timedelta(weeks=count)
    for week in range(count):
        when = first + dt.timedelta(weeks=week)
        appointment = Appointment.objects.create(
            client=client, clinician=owner, starts_at=when, status=Appointment.Status.ATTENDED
        )
        transcript = Transcript.objects.create(
            appointment=appointment, uploaded_by=owner, uploaded_at=when, fmt="txt", content="x"
        )
        Analysis.objects.create(
            transcript=transcript,
            queued_at=when,
            finished_at=when,
            status=AnalysisStatus.DONE,
            result=results[week % len(results)],
        )
        administration, _ = issue(client, "phq9", now=when)
        answers = {str(i): max(0, 3 - week // 10) for i in range(1, 10)} | {"9": 0}
        submit(administration, answers, now=when)
    return owner, client


def browser_for(user: Any) -> Any:
    from django.test import Client as Browser
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    browser = Browser()
    browser.force_login(user)
    session = browser.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return browser


def median_ms(repeat: int, run: Callable[[], object], before: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        before()
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder))
        from django.urls import reverse

        from talkingcure.patterns.across_sessions import SessionInput, build
        from talkingcure.patterns.models import PatternsSnapshot
        from talkingcure.patterns.snapshots import forget

        results = analysed_sessions()
        owner, client = treatment(results, args.sessions)
        browser = browser_for(owner)
        url = reverse("patterns:client", args=[client.public_id])

        def view() -> None:
            response = browser.get(url)
            assert response.status_code == 200 and b"analysed sessions" in response.content

        sessions = [
            SessionInput(
                date=dt.date(2026, 1, 5) + dt.timedelta(weeks=i), result=results[i % len(results)]
            )
            for i in range(args.sessions)
        ]
        view()  # warm-up: imports, template loading
        figures = {
            "cold view (build, store, render)": median_ms(
                args.repeat, view, lambda: forget(client.pk)
            ),
            "warm view (stored page data)": median_ms(args.repeat, view, lambda: None),
            "build() alone": median_ms(args.repeat, lambda: build(sessions), lambda: None),
        }
        sizes = {
            "analysis result (JSON, mean)": statistics.mean(len(json.dumps(r)) for r in results),
            "stored page data (JSON)": len(json.dumps(PatternsSnapshot.objects.get().data)),
        }
    print(report(args, figures, sizes))


def report(args: argparse.Namespace, figures: dict[str, float], sizes: dict[str, float]) -> str:
    lines = [
        f"Command: `{COMMAND} --sessions {args.sessions} --repeat {args.repeat}` on "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC.",
        f"Machine: {platform.platform()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs (shared with other work while measuring).",
        "",
        "| step | median ms |",
        "|---|---|",
        *[f"| {name} | {ms:.0f} |" for name, ms in figures.items()],
        "",
        *[f"- {name}: {size / 1024:.0f} KB" for name, size in sizes.items()],
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()

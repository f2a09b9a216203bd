"""A worker app whose first analysis pauses after the claim, so a test can kill -9 it mid-task.

``celery -A tests.insights.slow_worker worker``: the product's app and tasks, with the runner
wrapped: the first attempt writes ``$TALKINGCURE_DATA_DIR/started`` and sleeps (renewing its
heartbeat meanwhile, as the real worker does); later attempts run straight away.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import django

from talkingcure import tasks

django.setup()  # the worker would do it later; the runner is patched now

from talkingcure.insights import queue  # noqa: E402

app = tasks.app
_real_runner = queue._runner


def _slow_runner() -> queue.Runner:
    run = _real_runner()

    def wrapped(analysis_id: int, **kwargs: Any) -> None:
        marker = Path(os.environ["TALKINGCURE_DATA_DIR"]) / "started"
        if not marker.exists():
            marker.write_text(str(analysis_id))
            time.sleep(60)
        run(analysis_id, **kwargs)

    return wrapped


queue._runner = _slow_runner

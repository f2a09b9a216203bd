"""The measures library imports without Django."""

from __future__ import annotations

import subprocess
import sys


def test_no_django_import() -> None:
    code = (
        "import sys, talkingcure.measures as m; m.all_instruments(); "
        "sys.exit(1 if any(k.split('.')[0] == 'django' for k in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0

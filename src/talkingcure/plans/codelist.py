"""Loading the diagnosis code list the centre supplies, from CSV.

Format (UTF-8, comma-separated, a header row): ``code,description`` and optionally
``active`` (``yes``/``no``, default yes). Loading adds new codes and updates descriptions;
codes missing from the file are kept, so plans that cite them stay readable. A file with
any bad row is refused as a whole, with the line number of every problem.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from talkingcure.plans.models import DiagnosisCode

SAMPLE = Path(__file__).with_name("data") / "sample_codes.csv"
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]{0,19}$")
_YES = {"", "yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


class CodeListError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Row:
    code: str
    description: str
    active: bool


def parse(lines: Iterable[str]) -> list[Row]:
    """The rows of a code-list CSV; raises CodeListError naming every bad line."""
    reader = csv.DictReader(lines)
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if "code" not in header or "description" not in header:
        raise CodeListError(["the first line must be a header with 'code' and 'description'"])
    reader.fieldnames = header
    rows: list[Row] = []
    problems: list[str] = []
    seen: set[str] = set()
    for row in reader:
        line = reader.line_num
        code = (row.get("code") or "").strip()
        description = (row.get("description") or "").strip()
        active = (row.get("active") or "").strip().lower()
        if not CODE_PATTERN.match(code):
            problems.append(
                f"line {line}: code {code!r} must be 1-20 letters, digits, dots or hyphens"
            )
        elif code.upper() in seen:
            problems.append(f"line {line}: code {code} appears twice")
        if not description:
            problems.append(f"line {line}: the description is empty")
        elif len(description) > 500:
            problems.append(f"line {line}: the description is longer than 500 characters")
        if active not in _YES | _NO:
            problems.append(f"line {line}: active must be yes or no, got {active!r}")
        seen.add(code.upper())
        rows.append(Row(code=code.upper(), description=description, active=active not in _NO))
    if problems:
        raise CodeListError(problems)
    if not rows:
        raise CodeListError(["the file has a header but no codes"])
    return rows


@transaction.atomic
def load(lines: Iterable[str]) -> LoadResult:
    """Add or update the codes in a CSV; all or nothing."""
    result = LoadResult()
    for row in parse(lines):
        _, created = DiagnosisCode.objects.update_or_create(
            code=row.code, defaults={"description": row.description, "active": row.active}
        )
        if created:
            result.created += 1
        else:
            result.updated += 1
    return result


def load_file(path: Path) -> LoadResult:
    """Load a code-list CSV from a file (the function behind the command line)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return load(handle)


def load_bytes(data: bytes) -> LoadResult:
    """Load an uploaded code-list CSV."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CodeListError(["the file is not UTF-8 text; save it as CSV (UTF-8)"]) from None
    return load(io.StringIO(text, newline=""))


def load_sample() -> LoadResult:
    """The tiny synthetic list for the demo and tests (not a real code list)."""
    return load_file(SAMPLE)

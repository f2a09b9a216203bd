"""The keyed hash chain that makes the audit trail tamper-evident.

Each entry's HMAC covers its own fields and the previous entry's HMAC. The key lives
outside the database (``TALKINGCURE_AUDIT_KEY``), so someone who can write to the
database can neither alter an entry nor rebuild the chain after deleting one.
"""

from __future__ import annotations

import hashlib
import hmac as hmac_lib
from dataclasses import dataclass, field

from django.conf import settings

from talkingcure.audit.models import Action, AuditEntry

GENESIS = "0" * 64


def sign(canonical: str) -> str:
    key = settings.TALKINGCURE_AUDIT_KEY.encode()
    return hmac_lib.new(key, canonical.encode(), hashlib.sha256).hexdigest()


@dataclass
class Verification:
    checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify() -> Verification:
    """Walk the whole chain and report every entry that breaks it."""
    result = Verification()
    previous: AuditEntry | None = None
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        result.checked += 1
        _check_link(entry, previous, result)
        if not hmac_lib.compare_digest(sign(entry.canonical()), entry.hmac):
            result.problems.append(f"entry {entry.seq}: contents do not match its HMAC")
        previous = entry
    return result


def _check_link(entry: AuditEntry, previous: AuditEntry | None, result: Verification) -> None:
    if previous is None:
        if entry.seq == 1 and entry.prev_hmac != GENESIS:
            result.problems.append("entry 1: does not start the chain")
        elif entry.seq > 1 and not _pruned_through(entry.seq - 1):
            result.problems.append(
                f"entries 1..{entry.seq - 1} are missing and no prune entry records them"
            )
        return
    if entry.seq != previous.seq + 1:
        result.problems.append(
            f"entries {previous.seq + 1}..{entry.seq - 1} are missing (deleted from the chain)"
        )
    if entry.prev_hmac != previous.hmac:
        result.problems.append(f"entry {entry.seq}: does not link to entry {previous.seq}")


def _pruned_through(seq: int) -> bool:
    """True if a prune entry (itself in the chain) records pruning up to ``seq``."""
    return AuditEntry.objects.filter(action=Action.PRUNED, object_id=str(seq)).exists()

"""The audit trail is append-only and `audit verify` detects tampering."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from talkingcure.audit import chain
from talkingcure.audit.log import record
from talkingcure.audit.models import AuditEntry
from talkingcure.audit.retention import prune


def _entries(n: int) -> list[AuditEntry]:
    return [record(action="read", object_type="client", object_id=f"id-{i}") for i in range(n)]


def _sql(statement: str, *params: object) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_reading_a_record_is_audited_with_identifiers_only(personas: Any, signed_in: Any) -> None:
    client_record = personas["client"]
    signed_in(personas["owner"]).get(reverse("clients:detail", args=[client_record.public_id]))
    entry = AuditEntry.objects.filter(action="read").get()
    assert entry.object_type == "client"
    assert entry.object_id == str(client_record.public_id)
    assert entry.actor_role == "clinician"
    assert entry.address == "127.0.0.1"
    values = " ".join(str(v) for v in AuditEntry.objects.values_list())
    assert "Quinn" not in values and "Synthetic-Test" not in values


def test_intact_chain_verifies(db: Any) -> None:
    _entries(5)
    result = chain.verify()
    assert result.ok and result.checked == 5


def test_entries_cannot_be_changed_or_deleted_through_the_orm(db: Any) -> None:
    entry = _entries(1)[0]
    entry.action = "delete"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.update(action="x")


def test_edited_entry_is_detected(db: Any) -> None:
    _entries(4)
    _sql("UPDATE audit_auditentry SET object_id = %s WHERE seq = 2", "someone-else")
    result = chain.verify()
    assert not result.ok
    assert any("entry 2" in p for p in result.problems)


def test_deleted_entry_is_detected(db: Any) -> None:
    _entries(4)
    _sql("DELETE FROM audit_auditentry WHERE seq = 3")
    problems = chain.verify().problems
    assert any("3..3 are missing" in p for p in problems)


def test_chain_rebuilt_without_the_key_is_detected(db: Any, settings: Any) -> None:
    """Someone with database access deletes an entry and re-signs the rest with their own key."""
    _entries(4)
    _sql("DELETE FROM audit_auditentry WHERE seq = 2")
    real_key = settings.TALKINGCURE_AUDIT_KEY
    settings.TALKINGCURE_AUDIT_KEY = "attacker-guess"
    previous = chain.GENESIS
    for seq, entry in enumerate(AuditEntry.objects.order_by("seq"), start=1):
        entry.seq, entry.prev_hmac = seq, previous
        entry.hmac = chain.sign(entry.canonical())
        _sql(
            "UPDATE audit_auditentry SET seq=%s, prev_hmac=%s, hmac=%s WHERE id=%s",
            -seq,
            entry.prev_hmac,
            entry.hmac,
            entry.pk,
        )
        previous = entry.hmac
    _sql("UPDATE audit_auditentry SET seq = -seq")
    settings.TALKINGCURE_AUDIT_KEY = real_key
    result = chain.verify()
    assert not result.ok
    assert len(result.problems) == 3


def test_prune_keeps_the_chain_verifiable(db: Any) -> None:
    old = timezone.now() - datetime.timedelta(days=7 * 365)
    for i in range(3):
        record(action="read", object_type="client", object_id=f"old-{i}", at=old)
    _entries(2)
    assert prune() == 3
    assert AuditEntry.objects.count() == 3  # two recent + the prune record
    result = chain.verify()
    assert result.ok, result.problems


def test_removing_the_oldest_entries_without_prune_is_detected(db: Any) -> None:
    _entries(4)
    _sql("DELETE FROM audit_auditentry WHERE seq <= 2")
    problems = chain.verify().problems
    assert any("no prune entry records them" in p for p in problems)

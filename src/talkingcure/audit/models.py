"""Audit entries. They hold identifiers only: no names, no free text, no client data."""

from __future__ import annotations

from typing import Any

from django.db import models


class Action(models.TextChoices):
    READ = "read"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    EXPORT = "export"
    DISCLOSE = "disclose"
    DISCLOSURE_REFUSED = "disclosure_refused"
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    SESSION_EXPIRED = "session_expired"
    DENIED = "denied"
    BREAK_GLASS = "break_glass"
    SUDO = "sudo"
    SUDO_FAILED = "sudo_failed"
    OTP_SETUP = "otp_setup"
    KEYS_ROTATED = "keys_rotated"
    PRUNED = "pruned"


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("audit entries are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit entries are append-only; use talkingcure audit prune")


class AuditEntry(models.Model):
    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField(db_index=True)
    actor_id = models.CharField(max_length=36, blank=True)  # user public id, "" for anonymous
    actor_role = models.CharField(max_length=20, blank=True)
    action = models.CharField(max_length=32, choices=Action.choices, db_index=True)
    object_type = models.CharField(max_length=40, blank=True, db_index=True)
    object_id = models.CharField(max_length=64, blank=True)
    address = models.GenericIPAddressField(null=True, blank=True)
    prev_hmac = models.CharField(max_length=64)
    hmac = models.CharField(max_length=64)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name_plural = "audit entries"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit entries are append-only; use talkingcure audit prune")

    def canonical(self) -> str:
        """The fields the chain's HMAC covers, in a fixed order."""
        return "|".join(
            [
                str(self.seq),
                self.at.isoformat(),
                self.actor_id,
                self.actor_role,
                self.action,
                self.object_type,
                self.object_id,
                self.address or "",
                self.prev_hmac,
            ]
        )

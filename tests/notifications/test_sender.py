"""Notifications go through the one configured sender."""

from __future__ import annotations

from typing import Any

import pytest

from talkingcure.notifications.senders import MemorySender, current_sender, notify


def test_configured_sender_receives_notifications(settings: Any) -> None:
    settings.NOTIFICATION_SENDER = "talkingcure.notifications.senders.MemorySender"
    MemorySender.outbox.clear()
    notify("oncall@example.org", "Urgent inquiry", "Sign in to see it.")
    assert [n.subject for n in MemorySender.outbox] == ["Urgent inquiry"]


def test_email_sender_uses_django_mail(settings: Any, mailoutbox: Any) -> None:
    settings.NOTIFICATION_SENDER = "talkingcure.notifications.senders.EmailSender"
    notify("oncall@example.org", "Reminder", "A review is due.")
    assert mailoutbox[0].to == ["oncall@example.org"]


def test_console_sender_is_not_production_ready(settings: Any) -> None:
    settings.NOTIFICATION_SENDER = "talkingcure.notifications.senders.ConsoleSender"
    assert current_sender().production_ready is False


def test_unknown_sender_is_an_error(settings: Any) -> None:
    settings.NOTIFICATION_SENDER = "talkingcure.notifications.senders.Pigeon"
    with pytest.raises(ImportError):
        current_sender()

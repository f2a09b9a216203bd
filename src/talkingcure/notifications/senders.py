"""Notification senders. ``TALKINGCURE_NOTIFICATION_SENDER`` names the one in use.

Notifications carry no client data: they say that something needs attention and link
to the page where a signed-in user with access can read it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

log = logging.getLogger("talkingcure.notifications")


@dataclass(frozen=True)
class Notification:
    to: str  # an address the sender understands (e-mail address for EmailSender)
    subject: str
    body: str


class Sender(Protocol):
    production_ready: bool

    def send(self, notification: Notification) -> None: ...


class ConsoleSender:
    """Development default: writes notifications to the log. Refused in production."""

    production_ready = False

    def send(self, notification: Notification) -> None:
        log.info(
            "notification to %s: %s\n%s", notification.to, notification.subject, notification.body
        )


class EmailSender:
    production_ready = True

    def send(self, notification: Notification) -> None:
        send_mail(notification.subject, notification.body, None, [notification.to])


class MemorySender:
    """Keeps notifications in a list; for tests and dry runs."""

    production_ready = False
    outbox: list[Notification] = []

    def send(self, notification: Notification) -> None:
        self.outbox.append(notification)


def current_sender() -> Sender:
    cls = import_string(str(settings.NOTIFICATION_SENDER))
    sender: Sender = cls()
    return sender


def notify(to: str, subject: str, body: str) -> None:
    current_sender().send(Notification(to=to, subject=subject, body=body))

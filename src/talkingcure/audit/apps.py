from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "talkingcure.audit"
    label = "audit"

    def ready(self) -> None:
        from talkingcure.audit import signals

        signals.connect()

from django.apps import AppConfig


class PatternsConfig(AppConfig):
    name = "talkingcure.patterns"
    label = "patterns"
    verbose_name = "The client's patterns across sessions, beside their outcomes"

    def ready(self) -> None:
        from talkingcure.patterns import signals

        signals.connect()

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "talkingcure.web"
    label = "web"

    def ready(self) -> None:
        from talkingcure import checks  # noqa: F401  (registers the configuration checks)

from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "talkingcure.risk"
    label = "risk"
    verbose_name = "Risk flags"

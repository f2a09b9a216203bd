from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "talkingcure.intake"
    label = "intake"

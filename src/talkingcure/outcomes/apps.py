from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "talkingcure.outcomes"
    label = "outcomes"

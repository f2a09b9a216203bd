from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "talkingcure.programmes"
    label = "programmes"

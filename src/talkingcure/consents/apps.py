from django.apps import AppConfig


class ConsentsConfig(AppConfig):
    name = "talkingcure.consents"
    label = "consents"

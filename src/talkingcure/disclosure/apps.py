from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "talkingcure.disclosure"
    label = "disclosure"

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "talkingcure.api"
    label = "api"
    verbose_name = "JSON API"

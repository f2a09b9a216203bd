from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "talkingcure.clients"
    label = "clients"

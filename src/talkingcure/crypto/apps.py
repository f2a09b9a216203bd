from django.apps import AppConfig


class CryptoConfig(AppConfig):
    name = "talkingcure.crypto"
    label = "crypto"

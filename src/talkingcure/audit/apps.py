from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "talkingcure.audit"
    label = "audit"

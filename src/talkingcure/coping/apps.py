from django.apps import AppConfig


class CopingConfig(AppConfig):
    name = "talkingcure.coping"
    label = "coping"
    verbose_name = "Coping and relapse-prevention plans"

from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "talkingcure.scheduling"
    label = "scheduling"

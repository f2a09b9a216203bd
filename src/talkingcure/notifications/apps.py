from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "talkingcure.notifications"
    label = "notifications"

from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "talkingcure.notes"
    label = "notes"
    verbose_name = "Progress and process notes"

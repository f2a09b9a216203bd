from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "talkingcure.insights"
    label = "insights"
    verbose_name = "Session transcripts and their analyses"

from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "talkingcure.plans"
    label = "plans"
    verbose_name = "Treatment plans and discharge"

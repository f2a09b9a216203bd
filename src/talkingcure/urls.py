from django.urls import include, path

from talkingcure.api.api import api
from talkingcure.coping import sharing as coping_sharing
from talkingcure.intake import views as intake_views
from talkingcure.outcomes import views as outcome_views
from talkingcure.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("inquiry/", intake_views.public_inquiry, name="inquiry"),
    path("inquiry/received/", intake_views.thanks, name="inquiry_thanks"),
    path("intake/", include("talkingcure.intake.urls")),
    path("q/<str:token>/", outcome_views.answer, name="questionnaire"),
    path("outcomes/", include("talkingcure.outcomes.urls")),
    path("accounts/api-tokens/", include("talkingcure.api.urls")),
    path("accounts/", include("talkingcure.accounts.urls")),
    path("clients/", include("talkingcure.clients.urls")),
    path("consents/", include("talkingcure.consents.urls")),
    path("programmes/", include("talkingcure.programmes.urls")),
    path("audit/", include("talkingcure.audit.urls")),
    path("scheduling/", include("talkingcure.scheduling.urls")),
    path("notes/", include("talkingcure.notes.urls")),
    path("insights/", include("talkingcure.insights.urls")),
    path("patterns/", include("talkingcure.patterns.urls")),
    path("plans/", include("talkingcure.plans.urls")),
    path("coping/", include("talkingcure.coping.urls")),
    path("my-plan/<str:token>/", coping_sharing.client_page, name="coping_plan"),
    path("risk/", include("talkingcure.risk.urls")),
    path("api/v1/", api.urls),
]

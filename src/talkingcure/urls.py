from django.urls import include, path

from talkingcure.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("talkingcure.accounts.urls")),
    path("clients/", include("talkingcure.clients.urls")),
    path("consents/", include("talkingcure.consents.urls")),
    path("programmes/", include("talkingcure.programmes.urls")),
    path("audit/", include("talkingcure.audit.urls")),
]

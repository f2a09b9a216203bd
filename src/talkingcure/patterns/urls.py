from django.urls import path

from talkingcure.patterns import views

app_name = "patterns"
urlpatterns = [
    path("<str:public_id>/", views.client_patterns, name="client"),
]

from django.urls import path

from talkingcure.consents import views

app_name = "consents"
urlpatterns = [
    path("<str:public_id>/new/", views.consent_add, name="add"),
    path("<str:public_id>/<str:consent_id>/revoke/", views.consent_revoke, name="revoke"),
]

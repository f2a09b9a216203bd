from django.urls import path

from talkingcure.outcomes import views

app_name = "outcomes"
urlpatterns = [
    path("caseload/", views.caseload, name="caseload"),
    path("centre/", views.centre, name="centre"),
    path("<str:public_id>/", views.client_outcomes, name="client"),
    path("<str:public_id>/fhir-export/", views.fhir_export, name="fhir_export"),
]

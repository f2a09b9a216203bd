from django.urls import path

from talkingcure.insights import views

app_name = "insights"
session = "<str:client_id>/sessions/<str:appointment_id>/transcripts/"
one = session + "<str:transcript_id>/"
urlpatterns = [
    path(session, views.session_transcripts, name="session"),
    path(one, views.transcript_status, name="transcript"),
    path(one + "delete/", views.delete, name="delete"),
]

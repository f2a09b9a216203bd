from django.urls import path

from talkingcure.insights import views

app_name = "insights"
session = "<str:client_id>/sessions/<str:appointment_id>/transcripts/"
one = session + "<str:transcript_id>/"
urlpatterns = [
    path(session, views.session_transcripts, name="session"),
    path(one, views.transcript_status, name="transcript"),
    path(one + "delete/", views.delete, name="delete"),
    path(one + "mark-wrong/", views.mark_wrong, name="mark_wrong"),
    path(one + "add-finding/", views.add_finding, name="add_finding"),
]

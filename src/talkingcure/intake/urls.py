from django.urls import path

from talkingcure.intake import views

app_name = "intake"
urlpatterns = [
    path("queue/", views.queue, name="queue"),
    path("queue/log-call/", views.log_call, name="log_call"),
    path("queue/report/", views.report, name="report"),
    path("queue/rota/", views.rota, name="rota"),
    path("queue/<str:public_id>/", views.detail, name="detail"),
    path("queue/<str:public_id>/convert/", views.convert_inquiry, name="convert"),
]

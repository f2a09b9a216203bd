from django.urls import path

from talkingcure.clients import views

app_name = "clients"
urlpatterns = [
    path("", views.client_list, name="list"),
    path("break-glass/", views.break_glass, name="break_glass"),
    path("<str:public_id>/", views.client_detail, name="detail"),
    path("<str:public_id>/export/", views.client_export, name="export"),
]

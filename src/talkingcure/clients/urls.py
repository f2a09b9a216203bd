from django.urls import path

from talkingcure.clients import views

app_name = "clients"
urlpatterns = [
    path("", views.client_list, name="list"),
    path("new/", views.client_create, name="create"),
    path("break-glass/", views.break_glass, name="break_glass"),
    path("<str:public_id>/", views.client_detail, name="detail"),
    path("<str:public_id>/edit/", views.client_edit, name="edit"),
    path("<str:public_id>/status/", views.client_status, name="status"),
    path("<str:public_id>/enrol/", views.enrol, name="enrol"),
    path("<str:public_id>/export/", views.client_export, name="export"),
]

from django.urls import path

from talkingcure.risk import views

app_name = "risk"
urlpatterns = [
    path("<str:public_id>/", views.flag_list, name="list"),
    path("<str:public_id>/raise/", views.raise_view, name="raise"),
    path("<str:public_id>/flags/<str:flag_id>/", views.detail, name="detail"),
]

from django.urls import path

from talkingcure.plans import views

app_name = "plans"
urlpatterns = [
    path("codes/", views.codes, name="codes"),
    path("<str:public_id>/", views.overview, name="overview"),
    path("<str:public_id>/edit/", views.edit, name="edit"),
    path("<str:public_id>/v/<int:number>/", views.version, name="version"),
    path("<str:public_id>/v/<int:number>/sign/", views.sign, name="sign"),
    path("<str:public_id>/v/<int:number>/cosign/", views.cosign, name="cosign"),
    path("<str:public_id>/discharge/", views.discharge, name="discharge"),
    path(
        "<str:public_id>/discharge/<int:number>/cosign/",
        views.discharge_cosign,
        name="discharge_cosign",
    ),
]

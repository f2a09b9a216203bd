from django.urls import path

from talkingcure.coping import sharing, views

app_name = "coping"
urlpatterns = [
    path("<str:public_id>/", views.overview, name="overview"),
    path("<str:public_id>/edit/", views.edit, name="edit"),
    path("<str:public_id>/triggers/add/", views.add_trigger, name="add_trigger"),
    path("<str:public_id>/triggers/note/", views.note_trigger, name="note_trigger"),
    path(
        "<str:public_id>/triggers/<str:trigger_id>/remove/",
        views.remove_trigger,
        name="remove_trigger",
    ),
    path("<str:public_id>/suggestions/<str:key>/confirm/", views.confirm, name="confirm"),
    path("<str:public_id>/suggestions/<str:key>/reject/", views.reject, name="reject"),
    path("<str:public_id>/v/<int:number>/", views.version, name="version"),
    path("<str:public_id>/v/<int:number>/sign/", views.sign, name="sign"),
    path("<str:public_id>/v/<int:number>/cosign/", views.cosign, name="cosign"),
    path("<str:public_id>/v/<int:number>/plan.pdf", sharing.export_pdf, name="export_pdf"),
    path("<str:public_id>/v/<int:number>/share/", sharing.share, name="share"),
    path("<str:public_id>/links/<str:link_id>/revoke/", views.revoke_link, name="revoke_link"),
]

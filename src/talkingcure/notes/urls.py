from django.urls import path

from talkingcure.notes import draft_views, exports, process_views, views

app_name = "notes"
session = "<str:client_id>/sessions/<str:appointment_id>/"
urlpatterns = [
    path(session, views.note_page, name="note"),
    path(session + "sign/", views.sign, name="sign"),
    path(session + "draft/", draft_views.draft_note, name="draft"),
    path(session + "addendum/", views.addendum, name="addendum"),
    path(session + "cosign/", views.cosign, name="cosign"),
    path(session + "export.txt", exports.export_text, name="export_text"),
    path(session + "export.pdf", exports.export_pdf, name="export_pdf"),
    path(session + "process/", process_views.process_note, name="process"),
    path("<str:client_id>/reactions/", process_views.reactions, name="reactions"),
]

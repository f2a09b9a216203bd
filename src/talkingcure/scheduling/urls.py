from django.urls import path

from talkingcure.scheduling import centre_views, feed_views, occurrence_views, views

app_name = "scheduling"
urlpatterns = [
    path("", views.my_calendar, name="my_calendar"),
    path("calendar/<str:public_id>/", views.therapist_calendar, name="calendar"),
    path("series/new/", views.series_new, name="series_new"),
    path("sessions/new/", views.session_new, name="session_new"),
    path("sessions/<str:public_id>/", occurrence_views.appointment_detail, name="appointment"),
    path("calendar-link/new/", feed_views.calendar_link_new, name="calendar_link_new"),
    path("calendar-link/revoke/", feed_views.calendar_link_revoke, name="calendar_link_revoke"),
    path("feed/<str:token>.ics", feed_views.calendar_feed, name="feed"),
    path("rooms/", centre_views.rooms, name="rooms"),
    path("rooms/<uuid:public_id>/", centre_views.room_edit, name="room_edit"),
    path("billing-codes/", centre_views.billing_codes, name="billing_codes"),
    path("billing-codes/<int:pk>/", centre_views.billing_code_edit, name="billing_code_edit"),
]

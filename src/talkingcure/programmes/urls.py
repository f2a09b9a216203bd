from django.urls import path

from talkingcure.programmes import views

app_name = "programmes"
urlpatterns = [path("", views.programme_list, name="list")]

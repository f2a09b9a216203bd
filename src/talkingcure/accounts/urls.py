from django.contrib.auth import views as auth_views
from django.urls import path

from talkingcure.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("2fa/", views.second_factor, name="otp"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("confirm/", views.reauthenticate, name="sudo"),
]

"""Sign-in with a second factor, recovery codes, and re-authentication."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.models import Device

from talkingcure.accounts import otp, sudo
from talkingcure.accounts.forms import SudoForm, TokenForm
from talkingcure.accounts.models import User
from talkingcure.audit.log import record


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _matching_device(user: User, token: str) -> Device | None:
    for device in devices_for_user(user, confirmed=True):
        if device.verify_token(token):
            return device
    return None


@login_required
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator on first sign-in; afterwards, ask for a code."""
    user = _user(request)
    if not otp.has_confirmed_device(user):
        return _setup(request, user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = _matching_device(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("token", "That code is not valid. Codes change every 30 seconds.")
    return render(request, "accounts/otp_verify.html", {"form": form})


def _setup(request: HttpRequest, user: User) -> HttpResponse:
    device = otp.pending_totp(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save()
            otp_login(request, device)
            record(
                action="otp_setup",
                actor=user,
                request=request,
                object_type="user",
                object_id=user.public_id,
            )
            codes = otp.new_recovery_codes(user)
            return render(request, "accounts/recovery_codes.html", {"codes": codes})
        allowed, _ = device.verify_is_allowed()
        form.add_error(
            "token",
            "That code does not match. Check the time on your phone."
            if allowed
            else "Too many attempts: wait a few seconds and try again.",
        )
    context = {"form": form, "qr": otp.qr_svg(device), "secret": _base32(device)}
    return render(request, "accounts/otp_setup.html", context)


def _base32(device: otp.TOTPDevice) -> str:
    import base64

    return base64.b32encode(device.bin_key).decode().rstrip("=")


@login_required
@sudo.sudo_required
@require_http_methods(["POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    codes = otp.new_recovery_codes(_user(request))
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


@login_required
@require_http_methods(["GET", "POST"])
def reauthenticate(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = SudoForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # authenticate() (not check_password) so repeated failures count towards lock-out.
        same_user = authenticate(
            request, username=user.get_username(), password=form.cleaned_data["password"]
        )
        if same_user is not None and _matching_device(user, form.cleaned_data["token"]):
            sudo.grant(request)
            record(
                action="sudo",
                actor=user,
                request=request,
                object_type="user",
                object_id=user.public_id,
            )
            messages.info(request, "Confirmed. Sensitive actions are open for a few minutes.")
            return redirect(_next(request))
        record(
            action="sudo_failed",
            actor=user,
            request=request,
            object_type="user",
            object_id=user.public_id,
        )
        form.add_error(None, "Password or code not valid.")
    return render(request, "accounts/sudo.html", {"form": form, "next": _next(request)})


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from talkingcure.clients.access import get_client_for_user
from talkingcure.consents.forms import ConsentForm, RevokeForm
from talkingcure.consents.models import Consent


@login_required
@require_http_methods(["GET", "POST"])
def consent_add(request: HttpRequest, public_id: str) -> HttpResponse:
    client = get_client_for_user(request, public_id)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        Consent.objects.create(client=client, **form.cleaned_data)
        messages.success(request, "Consent recorded.")
        return redirect("clients:detail", public_id=client.public_id)
    return render(
        request,
        "clients/simple_form.html",
        {"form": form, "client": client, "heading": "Record a consent"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_revoke(request: HttpRequest, public_id: str, consent_id: str) -> HttpResponse:
    client = get_client_for_user(request, public_id)
    try:
        consent = client.consents.filter(public_id=uuid.UUID(consent_id)).first()
    except ValueError:
        consent = None
    if consent is None:
        raise Http404("No such consent for this client.")
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        revoked_on = form.cleaned_data["revoked_on"]
        if revoked_on < consent.given_on:
            form.add_error("revoked_on", "A consent cannot be revoked before it was given.")
        elif consent.revoked_on is not None:
            form.add_error(None, f"Already revoked on {consent.revoked_on.isoformat()}.")
        else:
            consent.revoked_on = revoked_on
            consent.save()
            messages.success(request, f"{consent.get_kind_display()}: consent revoked.")
            return redirect("clients:detail", public_id=client.public_id)
    heading = f"Revoke consent: {consent.get_kind_display()}"
    return render(
        request, "clients/simple_form.html", {"form": form, "client": client, "heading": heading}
    )

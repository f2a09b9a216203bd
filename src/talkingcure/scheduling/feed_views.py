"""The calendar feed itself, and the sudo-protected pages that create and revoke its link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from talkingcure.accounts.sudo import sudo_required
from talkingcure.audit.log import record
from talkingcure.disclosure.gate import disclose_unidentified
from talkingcure.scheduling import feed
from talkingcure.scheduling.views import clinical_user

FEED_PATH = "therapist_calendar_feed"


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Served to calendar apps without a session: the secret in the address is the key."""
    owner = feed.owner_of(token)
    if owner is None:
        raise Http404("No such calendar feed.")
    disclose_unidentified(
        path=FEED_PATH,
        user=owner,
        recipient="the therapist's calendar service",
        purpose="session times without client identifiers",
        request=request,
    )
    response = HttpResponse(feed.build_calendar(owner), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["Content-Disposition"] = 'inline; filename="sessions.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@sudo_required
@require_http_methods(["GET", "POST"])
def calendar_link_new(request: HttpRequest) -> HttpResponse:
    user = clinical_user(request)
    if request.method != "POST":
        return render(request, "scheduling/calendar_link.html", {"mode": "create"})
    token = feed.create_link(user)
    record(action="calendar_link_created", actor=user, request=request, object_type="calendar")
    url = request.build_absolute_uri(reverse("scheduling:feed", args=[token]))
    return render(request, "scheduling/calendar_link.html", {"mode": "created", "url": url})


@login_required
@sudo_required
@require_http_methods(["GET", "POST"])
def calendar_link_revoke(request: HttpRequest) -> HttpResponse:
    user = clinical_user(request)
    if request.method != "POST":
        return render(request, "scheduling/calendar_link.html", {"mode": "revoke"})
    feed.revoke_links(user)
    record(action="calendar_link_revoked", actor=user, request=request, object_type="calendar")
    messages.success(request, "Calendar link revoked: calendar apps can no longer read it.")
    return redirect("scheduling:my_calendar")

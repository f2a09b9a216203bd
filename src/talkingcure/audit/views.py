from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from talkingcure.accounts.models import Role
from talkingcure.audit.models import Action, AuditEntry


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    """Admins browse and filter the trail (it holds identifiers only)."""
    if getattr(request.user, "role", None) != Role.ADMIN:
        raise Http404("The audit trail is for administrators.")
    entries = AuditEntry.objects.order_by("-seq")
    filters = {k: request.GET.get(k, "").strip() for k in ("action", "actor", "object", "since")}
    if filters["action"]:
        entries = entries.filter(action=filters["action"])
    if filters["actor"]:
        entries = entries.filter(actor_id=filters["actor"])
    if filters["object"]:
        entries = entries.filter(object_id=filters["object"])
    error = ""
    if filters["since"]:
        try:
            entries = entries.filter(at__date__gte=datetime.date.fromisoformat(filters["since"]))
        except ValueError:
            error = "The date must look like 2026-11-27."
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    context = {"page": page, "filters": filters, "actions": Action.choices, "error": error}
    return render(request, "audit/list.html", context)

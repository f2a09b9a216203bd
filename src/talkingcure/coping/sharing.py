"""The plan leaves the product two ways, both through the disclosure gate:

- printed: a PDF of one version, in sudo mode, to a named recipient (by default the client);
- shared: a link for the client to a read-only, phone-friendly page of one signed version,
  recorded as a disclosure to "the client". A plan with no confirmed trigger is not shared.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from talkingcure.accounts.models import User
from talkingcure.accounts.sudo import sudo_required
from talkingcure.audit.log import record
from talkingcure.clients.access import get_client_for_user
from talkingcure.coping import links
from talkingcure.coping.document import blocks, crisis_steps, header, headings, title
from talkingcure.coping.forms import DisclosureForm
from talkingcure.coping.models import CopingPlanVersion
from talkingcure.disclosure.gate import REDISCLOSURE_NOTICE, Category, disclose
from talkingcure.notes.pdf import document_pdf
from talkingcure.plans import lifecycle

RECIPIENT = "the client"
SHARE_PURPOSE = "the client's own copy of their plan, read through a secure link"


def share_refusal(version: CopingPlanVersion) -> str:
    """Why this version may not be shared with the client; empty when it may."""
    if not version.triggers:
        return "This plan has no confirmed trigger yet; confirm at least one before sharing it."
    if not version.is_signed:
        return "Only a signed version is shared; sign this draft first."
    return ""


@login_required
@sudo_required
@require_http_methods(["GET", "POST"])
def export_pdf(request: HttpRequest, public_id: str, number: int) -> HttpResponse:
    client = get_client_for_user(request, public_id)
    plan = get_object_or_404(CopingPlanVersion, client=client, number=number)
    form = DisclosureForm(request.POST or None)
    context: dict[str, object] = {"client": client, "plan": plan, "form": form}
    context.update(plan_title=title(plan), part2=client.in_part2_programme)
    if not plan.is_signed:
        context["error"] = "Only a signed version is printed for the client; sign this draft first."
        return render(request, "coping/export.html", context, status=400)
    if request.method == "POST" and form.is_valid():
        context["recipient"] = form.cleaned_data["recipient"]
        decision = disclose(
            path="coping_plan_pdf_export",
            user=request.user,
            client=client,
            categories=[Category.TREATMENT_PLAN],
            recipient=form.cleaned_data["recipient"],
            purpose=form.cleaned_data["purpose"],
            request=request,
        )
        if decision.allowed:
            heading = f"{title(plan)}, version {plan.number}"
            body = document_pdf(heading, header(plan), blocks(plan), decision.notice)
            response = HttpResponse(body, content_type="application/pdf")
            name = f"{plan.kind.replace('_', '-')}-plan-{plan.public_id}.pdf"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            response["Cache-Control"] = "no-store"
            return response
        context["error"] = f"Not disclosed: {decision.reason}."
    status = 400 if form.errors or "error" in context else 200
    return render(request, "coping/export.html", context, status=status)


@login_required
@sudo_required
@require_POST
def share(request: HttpRequest, public_id: str, number: int) -> HttpResponse:
    """Issue a link for the client to this signed version; the link is shown once."""
    client = get_client_for_user(request, public_id)
    plan = get_object_or_404(CopingPlanVersion, client=client, number=number)
    user = request.user
    assert isinstance(user, User)
    context: dict[str, object] = {"client": client, "plan": plan, "plan_title": title(plan)}
    context.update(part2=client.in_part2_programme, recipient=RECIPIENT)
    if not lifecycle.may_write(user, client):
        context["error"] = "Only the client's assigned clinician shares the plan with them."
        return render(request, "coping/shared.html", context, status=403)
    refusal = share_refusal(plan)
    if refusal:
        context["error"] = f"Not shared: {refusal}"
        return render(request, "coping/shared.html", context, status=400)
    decision = disclose(
        path="coping_plan_share",
        user=user,
        client=client,
        categories=[Category.TREATMENT_PLAN],
        recipient=RECIPIENT,
        purpose=SHARE_PURPOSE,
        request=request,
        to_client=True,
    )
    if not decision.allowed:
        context["error"] = f"Not shared: {decision.reason}."
        return render(request, "coping/shared.html", context, status=400)
    link, token = links.issue(plan, user)
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    context["address"] = f"{base}{reverse('coping_plan', args=[token])}"
    context["link"] = link
    return render(request, "coping/shared.html", context)


@require_http_methods(["GET"])
def client_page(request: HttpRequest, token: str) -> HttpResponse:
    """The client's read-only page, reached by the link: no login."""
    try:
        link = links.redeem(token)
    except links.LinkRefused as refused:
        return render(request, "coping/link_refused.html", {"reason": str(refused)}, status=410)
    plan = link.version
    record(
        action="read", actor=None, request=request, object_type="planlink", object_id=link.public_id
    )
    context = {
        "plan": plan,
        "plan_title": title(plan),
        "headings": headings(plan),
        "crisis_steps": crisis_steps(),
        "expires_at": link.expires_at,
        "open_minutes": links.OPEN_MINUTES,
        "notice": REDISCLOSURE_NOTICE if plan.client.in_part2_programme else "",
    }
    response = render(request, "coping/client_page.html", context)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response

"""The coping plan pages for staff. Every client is fetched through get_client_for_user."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from talkingcure.accounts.models import User
from talkingcure.audit.log import record
from talkingcure.clients.access import get_client_for_user
from talkingcure.clients.models import Client
from talkingcure.coping import drafts, links, suggestions
from talkingcure.coping.approach import category_for_kind, default_approach
from talkingcure.coping.document import crisis_steps, headings, title
from talkingcure.coping.forms import (
    ContactFormSet,
    NoteTriggerForm,
    SectionsForm,
    TriggerForm,
    contacts_from,
)
from talkingcure.coping.models import CopingPlanVersion, PlanLink
from talkingcure.plans import lifecycle
from talkingcure.plans.signing_views import signing_view
from talkingcure.scheduling.models import Appointment


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _read(request: HttpRequest, version: CopingPlanVersion) -> None:
    record(
        action="read",
        actor=request.user,
        request=request,
        object_type="copingplanversion",
        object_id=version.public_id,
    )


def _writer(request: HttpRequest, client: Client) -> User:
    user = _user(request)
    if not lifecycle.may_write(user, client):
        raise PermissionDenied("Only the client's assigned clinician writes this plan.")
    return user


def _plan_context(version: CopingPlanVersion) -> dict[str, object]:
    return {
        "plan": version,
        "plan_title": title(version),
        "headings": headings(version),
        "crisis_steps": crisis_steps(),
    }


@login_required
def overview(request: HttpRequest, public_id: str) -> HttpResponse:
    """The plan in force (or the first draft), suggestions to decide on, versions, links."""
    client = get_client_for_user(request, public_id)
    user = _user(request)
    versions = lifecycle.versions(CopingPlanVersion, client)
    for item in versions:
        _read(request, item)
    signed = [v for v in versions if v.is_signed]
    current = signed[-1] if signed else (versions[-1] if versions else None)
    may_write = lifecycle.may_write(user, client)
    context: dict[str, object] = {
        "client": client,
        "versions": versions,
        "current": current,
        "pending": versions[-1] if signed and not versions[-1].is_signed else None,
        "may_write": may_write,
        "suggestions": suggestions.suggestions_for(client) if may_write else [],
        "kind_title": drafts.title_for(drafts.kind_for(client)),
        "links": _links(current) if current is not None and current.is_signed else [],
    }
    if current is not None:
        context.update(_plan_context(current))
    return render(request, "coping/overview.html", context)


def _links(version: CopingPlanVersion) -> list[dict[str, object]]:
    return [{"link": link, "live": links.is_live(link)} for link in version.links.all()]


@login_required
def version(request: HttpRequest, public_id: str, number: int) -> HttpResponse:
    client = get_client_for_user(request, public_id)
    plan = get_object_or_404(CopingPlanVersion, client=client, number=number)
    _read(request, plan)
    user = _user(request)
    latest = lifecycle.latest(CopingPlanVersion, client)
    context = {
        "client": client,
        "is_latest": latest is not None and latest.pk == plan.pk,
        "may_write": lifecycle.may_write(user, client),
        "may_cosign": lifecycle.may_cosign(user, plan),
        **_plan_context(plan),
    }
    return render(request, "coping/version.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, public_id: str) -> HttpResponse:
    """Warning signs, coping strategies, people to call, lapse plan of the draft."""
    client = get_client_for_user(request, public_id)
    user = _writer(request, client)
    draft = drafts.draft_for(client, user)
    data = request.POST if request.method == "POST" else None
    form = SectionsForm(
        data,
        initial={
            "warning_signs": draft.warning_signs,
            "strategies": draft.strategies,
            "lapse_plan": draft.lapse_plan,
        },
    )
    contacts = ContactFormSet(
        data,
        initial=[dict(c) for c in draft.contacts],
        prefix="contacts",
        form_kwargs={"empty_permitted": False},
    )
    if data is not None and form.is_valid() and contacts.is_valid():
        draft.warning_signs = form.cleaned_data["warning_signs"]
        draft.strategies = form.cleaned_data["strategies"]
        draft.lapse_plan = form.cleaned_data["lapse_plan"]
        draft.contacts = contacts_from(contacts)
        draft.save()
        messages.success(request, f"Draft version {draft.number} saved. It is not signed yet.")
        return redirect("coping:version", public_id=client.public_id, number=draft.number)
    context = {
        "client": client,
        "draft": draft,
        "form": form,
        "contacts": contacts,
        "headings": headings(draft),
        "plan_title": drafts.title_for(draft.kind),
    }
    return render(request, "coping/edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def add_trigger(request: HttpRequest, public_id: str) -> HttpResponse:
    """The therapist writes a trigger in; writing it in with the client is confirming it."""
    client = get_client_for_user(request, public_id)
    user = _writer(request, client)
    form = TriggerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        draft = drafts.add_trigger(client, user, _entry(form))
        messages.success(request, f"Trigger added to draft version {draft.number}.")
        return redirect("coping:version", public_id=client.public_id, number=draft.number)
    context = {"client": client, "form": form, "suggestion": None}
    return render(request, "coping/trigger.html", context, status=400 if form.errors else 200)


def _entry(form: TriggerForm) -> dict[str, str]:
    return {name: str(value) for name, value in form.cleaned_data.items()}


@login_required
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, public_id: str, key: str) -> HttpResponse:
    """Confirm a suggested trigger (as it is, or reworded) with its approach."""
    client = get_client_for_user(request, public_id)
    user = _writer(request, client)
    suggestion = suggestions.find(client, key)
    if suggestion is None:
        raise Http404("No such suggestion, or it was already decided on.")
    category = suggestion.category or category_for_kind(suggestion.kind)
    initial = {
        "trigger": suggestion.trigger,
        "kind": suggestion.kind,
        "category": category,
        "approach": default_approach(category) or "",
        "response": suggestion.response,
    }
    form = TriggerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        draft = suggestions.confirm(suggestion, client, user, _entry(form))
        messages.success(request, f"Trigger confirmed into draft version {draft.number}.")
        return redirect("coping:overview", public_id=client.public_id)
    context = {
        "client": client,
        "form": form,
        "suggestion": suggestion,
    }
    return render(request, "coping/trigger.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def reject(request: HttpRequest, public_id: str, key: str) -> HttpResponse:
    client = get_client_for_user(request, public_id)
    user = _writer(request, client)
    suggestion = suggestions.find(client, key)
    if suggestion is None:
        raise Http404("No such suggestion, or it was already decided on.")
    suggestions.reject(suggestion, client, user)
    messages.success(request, "Suggestion rejected; it stays out of the plan.")
    return redirect("coping:overview", public_id=client.public_id)


@login_required
@require_http_methods(["GET", "POST"])
def note_trigger(request: HttpRequest, public_id: str) -> HttpResponse:
    """Note a possible trigger to explore with the client; it waits as a suggestion."""
    client = get_client_for_user(request, public_id)
    user = _writer(request, client)
    sessions = Appointment.objects.filter(client=client).order_by("-starts_at")
    form = NoteTriggerForm(request.POST or None, appointments=sessions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        suggestions.note(
            client,
            user,
            trigger=data["trigger"],
            kind=data["kind"],
            category=data["category"],
            response=data["response"],
            appointment=data["appointment"],
        )
        messages.success(request, "Noted as a suggestion. It enters the plan once confirmed.")
        return redirect("coping:overview", public_id=client.public_id)
    status = 400 if form.errors else 200
    return render(request, "coping/note.html", {"client": client, "form": form}, status=status)


@login_required
@require_POST
def remove_trigger(request: HttpRequest, public_id: str, trigger_id: str) -> HttpResponse:
    client = get_client_for_user(request, public_id)
    user = _writer(request, client)
    try:
        draft = drafts.remove_trigger(client, user, trigger_id)
    except lifecycle.Refused as exc:
        messages.error(request, str(exc))
        return redirect("coping:overview", public_id=client.public_id)
    messages.success(request, f"Trigger removed from draft version {draft.number}.")
    return redirect("coping:version", public_id=client.public_id, number=draft.number)


@login_required
@require_POST
def revoke_link(request: HttpRequest, public_id: str, link_id: str) -> HttpResponse:
    client = get_client_for_user(request, public_id)
    _writer(request, client)
    link = get_object_or_404(PlanLink, public_id=link_id, version__client=client)
    links.revoke(link)
    record(
        action="revoke",
        actor=request.user,
        request=request,
        object_type="planlink",
        object_id=link.public_id,
    )
    messages.success(request, "Link withdrawn; it no longer opens the plan.")
    return redirect("coping:overview", public_id=client.public_id)


sign = signing_view(CopingPlanVersion, "coping:version", "Version")
cosign = signing_view(CopingPlanVersion, "coping:version", "Version", cosign=True)

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from talkingcure.accounts.models import Role, User
from talkingcure.audit.log import record
from talkingcure.clients.access import get_client_for_user
from talkingcure.clients.models import Client
from talkingcure.plans import codelist, lifecycle
from talkingcure.plans.forms import (
    CodeListForm,
    DischargeForm,
    GoalFormSet,
    PlanForm,
    goals_from,
    goals_initial,
)
from talkingcure.plans.models import (
    DiagnosisCode,
    DischargeSummary,
    PlanVersion,
    SignedVersion,
    VersionStatus,
)
from talkingcure.plans.signing_views import signing_view

MAX_CODE_LIST_BYTES = 5 * 1024 * 1024


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _read(request: HttpRequest, item: SignedVersion | Client) -> None:
    record(
        action="read",
        actor=request.user,
        request=request,
        object_type=type(item)._meta.model_name or "",
        object_id=item.public_id,
    )


def _writer(request: HttpRequest, client: Client) -> User:
    user = _user(request)
    if not lifecycle.may_write(user, client):
        raise PermissionDenied("Only the client's assigned clinician writes this record.")
    return user


@login_required
def overview(request: HttpRequest, public_id: str) -> HttpResponse:
    """The client's plan (all versions) and discharge summary."""
    client = get_client_for_user(request, public_id)
    _read(request, client)
    plans = lifecycle.versions(PlanVersion, client)
    signed = [p for p in plans if p.is_signed]
    summaries = lifecycle.versions(DischargeSummary, client)
    for item in [*plans, *summaries]:
        _read(request, item)
    context = {
        "client": client,
        "plans": plans,
        # the plan in force (last signed), else the first draft; a later draft is announced
        "current": signed[-1] if signed else (plans[-1] if plans else None),
        "pending": plans[-1] if signed and not plans[-1].is_signed else None,
        "summaries": summaries,
        "summary": summaries[-1] if summaries else None,
        "may_write": lifecycle.may_write(_user(request), client),
    }
    return render(request, "plans/overview.html", context)


@login_required
def version(request: HttpRequest, public_id: str, number: int) -> HttpResponse:
    client = get_client_for_user(request, public_id)
    plan = get_object_or_404(PlanVersion, client=client, number=number)
    _read(request, plan)
    return render(request, "plans/version.html", _version_context(request, client, plan))


def _version_context(request: HttpRequest, client: Client, plan: PlanVersion) -> dict[str, object]:
    user = _user(request)
    latest = lifecycle.latest(PlanVersion, client)
    return {
        "client": client,
        "plan": plan,
        "is_latest": latest is not None and latest.pk == plan.pk,
        "superseded": plan.is_signed
        and PlanVersion.objects.filter(
            client=client, status=VersionStatus.SIGNED, number__gt=plan.number
        ).exists(),
        "may_write": lifecycle.may_write(user, client),
        "may_cosign": lifecycle.may_cosign(user, plan),
    }


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, public_id: str) -> HttpResponse:
    """Edit the draft; after signing, this starts the next version."""
    client = get_client_for_user(request, public_id)
    user = _writer(request, client)
    draft = lifecycle.editable(PlanVersion, client, user)
    data = request.POST if request.method == "POST" else None
    form = PlanForm(
        data,
        cited=draft.diagnoses,
        initial={
            "problems": draft.problems,
            "diagnoses": [d["code"] for d in draft.diagnoses or []],
            "interventions": draft.interventions,
            "review_on": draft.review_on,
        },
    )
    # every row is read as posted, even one equal to its initial value
    goals = GoalFormSet(
        data,
        initial=goals_initial(draft),
        prefix="goals",
        form_kwargs={"empty_permitted": False},
    )
    if request.method == "POST" and form.is_valid() and goals.is_valid():
        draft.problems = form.cleaned_data["problems"]
        draft.diagnoses = form.diagnoses_with_descriptions(draft.diagnoses or [])
        draft.interventions = form.cleaned_data["interventions"]
        draft.review_on = form.cleaned_data["review_on"]
        draft.goals = goals_from(goals)
        draft.author = user
        draft.save()
        messages.success(request, f"Draft version {draft.number} saved. It is not signed yet.")
        return redirect("plans:version", public_id=client.public_id, number=draft.number)
    context = {"client": client, "draft": draft, "form": form, "goals": goals}
    return render(request, "plans/edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def discharge(request: HttpRequest, public_id: str) -> HttpResponse:
    """Write (or change) the discharge summary; signing it discharges the client."""
    client = get_client_for_user(request, public_id)
    user = _writer(request, client)
    draft = lifecycle.editable(DischargeSummary, client, user)
    initial = {name: getattr(draft, name) for name in DischargeSummary.CONTENT_FIELDS}
    form = DischargeForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        form.apply(draft)
        draft.author = user
        draft.save()
        if "sign" in request.POST:
            try:
                lifecycle.sign(draft, user)
            except lifecycle.Refused as exc:
                form.add_error(None, f"Saved as a draft, not signed: {exc}")
                return render(
                    request,
                    "plans/discharge.html",
                    {"client": client, "draft": draft, "form": form},
                )
            messages.success(request, "Discharge summary signed; the client is now discharged.")
        else:
            messages.success(request, f"Discharge summary draft {draft.number} saved.")
        return redirect("plans:overview", public_id=client.public_id)
    return render(request, "plans/discharge.html", {"client": client, "draft": draft, "form": form})


@login_required
@require_POST
def discharge_cosign(request: HttpRequest, public_id: str, number: int) -> HttpResponse:
    client = get_client_for_user(request, public_id)
    summary = get_object_or_404(DischargeSummary, client=client, number=number)
    try:
        lifecycle.cosign(summary, _user(request))
    except lifecycle.Refused as exc:
        messages.error(request, f"Not co-signed: {exc}")
    else:
        messages.success(request, "Discharge summary co-signed.")
    return redirect("plans:overview", public_id=client.public_id)


@login_required
@require_http_methods(["GET", "POST"])
def codes(request: HttpRequest) -> HttpResponse:
    """The centre's diagnosis code list; an administrator loads it from CSV."""
    user = _user(request)
    if user.role != Role.ADMIN:
        raise Http404("The code list is managed by administrators.")
    form = CodeListForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["csv_file"]
        if upload.size > MAX_CODE_LIST_BYTES:
            form.add_error("csv_file", "The file is larger than 5 MB; is it the right file?")
        else:
            try:
                result = codelist.load_bytes(upload.read())
            except codelist.CodeListError as exc:
                problems = exc.problems
                form.add_error("csv_file", "Nothing was loaded: the file has problems (below).")
            else:
                record(action="load_code_list", actor=user, request=request)
                messages.success(
                    request, f"Code list loaded: {result.created} new, {result.updated} updated."
                )
                return redirect("plans:codes")
    context = {"form": form, "problems": problems, "codes": DiagnosisCode.objects.all()[:500]}
    context["code_count"] = DiagnosisCode.objects.count()
    return render(request, "plans/codes.html", context)


sign = signing_view(PlanVersion, "plans:version", "Plan version")
cosign = signing_view(PlanVersion, "plans:version", "Plan version", cosign=True)

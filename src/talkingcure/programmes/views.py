from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from talkingcure.accounts.models import Role
from talkingcure.programmes.forms import ProgrammeForm
from talkingcure.programmes.models import Programme


@login_required
@require_http_methods(["GET", "POST"])
def programme_list(request: HttpRequest) -> HttpResponse:
    """The centre's programmes; administrators define them."""
    if getattr(request.user, "role", None) != Role.ADMIN:
        raise Http404("Programmes are defined by administrators.")
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Programme added.")
        return redirect("programmes:list")
    programmes = Programme.objects.order_by("name")
    return render(request, "programmes/list.html", {"form": form, "programmes": programmes})

"""HR pages of phone screens: starting one or several from the candidate page or the
ranked list. Applications are fetched through ``recruiting.roles``, so an id of a job
the user may not manage is not found."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from recruiting import roles
from recruiting.models import Application
from voice import services

MAX_AT_ONCE = 200


def _back(request, applications: list[Application]) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    if len(applications) == 1:
        return reverse("application_detail", args=[applications[0].pk])
    return reverse("job_detail", args=[applications[0].job_id])


@login_required
@require_POST
def phone_screens_start(request):
    """Start a phone screen for each chosen application (``applications``, one or more
    ids); each refusal is shown with its reason."""
    if not roles.has_any_role(request.user):
        raise PermissionDenied("Your account has no role yet; ask a recruiter.")
    try:
        ids = {int(value) for value in request.POST.getlist("applications")}
    except ValueError as exc:
        raise Http404("No such application.") from exc
    if not ids or len(ids) > MAX_AT_ONCE or not all(0 < pk < 2**63 for pk in ids):
        raise Http404(f"Choose between one and {MAX_AT_ONCE} applications.")
    applications = list(
        Application.objects.filter(job__in=roles.jobs_managed_by(request.user), pk__in=ids)
        .select_related("candidate", "job")
        .order_by("rank", "id")
    )
    if len(applications) != len(ids):
        raise Http404("No such application.")
    results = services.phone_screens_start(applications=applications, by=request.user)
    started = [r for r in results if r.started]
    running = [r for r in results if r.phone_screen is not None and not r.started]
    if started:
        messages.success(
            request,
            f"Phone screen started for {', '.join(str(r.application.candidate) for r in started)}; "
            "calls are placed inside each candidate's calling hours.",
        )
    for result in running:
        messages.info(
            request, f"{result.application.candidate} already has a phone screen under way."
        )
    for result in results:
        if result.refused:
            messages.error(request, f"No phone screen: {result.refused}")
    return redirect(_back(request, applications))

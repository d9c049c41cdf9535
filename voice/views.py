"""HR pages of phone screens: starting one or several from the candidate page or the
ranked list, a call's recording, HR's feedback on and override of a screen's score, and
scoring again a screen whose scoring failed.
Rows are fetched through ``recruiting.roles``, so an id of a job the user may not read
(or, to change anything, manage) is not found."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from recruiting import file_serving, roles
from recruiting.models import Application
from recruiting.web import form_errors_to_messages, staff_required
from voice import services
from voice.forms import PhoneScreenFeedbackForm, PhoneScreenOverrideForm
from voice.models import Call, PhoneScreen

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


@staff_required
@require_GET
def call_recording(request, call_id: int):
    """A call's recording, to whoever may read its application: played inline when its
    bytes are a WAV file, else a download of opaque bytes (``recruiting.file_serving``)."""
    call = get_object_or_404(
        Call.objects.filter(phone_screen__application__job__in=roles.jobs_for(request.user)),
        pk=call_id,
    )
    if not call.recording:
        raise Http404("This call has no recording.")
    with call.recording.open("rb") as stored:
        head = stored.read(12)
    delivery = file_serving.file_delivery(
        sniffed_type=file_serving.recording_type(head),
        original_name=f"call-{call.pk}.wav",
        inline_requested=True,
    )
    return file_serving.stored_file_response(
        call.recording, delivery, range_header=request.headers.get("Range", "")
    )


def _screen_anchor(screen: PhoneScreen) -> str:
    return (
        reverse("application_detail", args=[screen.application_id]) + f"#phone-screen-{screen.pk}"
    )


@staff_required
@require_POST
def phone_screen_feedback(request, phone_screen_id: int):
    screen = get_object_or_404(
        PhoneScreen.objects.filter(application__job__in=roles.jobs_for(request.user)),
        pk=phone_screen_id,
    )
    form = PhoneScreenFeedbackForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
    else:
        try:
            services.phone_screen_feedback_record(screen, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Thanks: your feedback on the phone screen is recorded.")
    return redirect(_screen_anchor(screen))


@staff_required
@require_POST
def phone_screen_override(request, phone_screen_id: int):
    screen = get_object_or_404(
        PhoneScreen.objects.filter(application__job__in=roles.jobs_managed_by(request.user)),
        pk=phone_screen_id,
    )
    form = PhoneScreenOverrideForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
    else:
        data = form.cleaned_data
        try:
            services.phone_screen_score_override(
                screen,
                user=request.user,
                reason=data["reason"],
                score=data["score"],
                clear=data["clear"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Phone score saved; the ranking is updated.")
    return redirect(_screen_anchor(screen))


@staff_required
@require_POST
def phone_screen_score_again(request, phone_screen_id: int):
    """Send a screen whose scoring failed to be scored again."""
    screen = get_object_or_404(
        PhoneScreen.objects.filter(
            application__job__in=roles.jobs_managed_by(request.user)
        ).select_related("application"),
        pk=phone_screen_id,
    )
    if services.phone_screen_score_request(screen, by=request.user):
        messages.success(request, "The phone screen is being scored again.")
    else:
        messages.info(request, "This phone screen is already scored or being scored.")
    return redirect(_screen_anchor(screen))

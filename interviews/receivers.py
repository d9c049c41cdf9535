"""What interviews does when the layers below say something happened
(``recruiting.signals``, ``ai.signals``). Connected in ``InterviewsConfig.ready``.
"""

from ai.signals import job_requirements_changed
from interviews.models import Interview
from interviews.services import job_questions_mark_stale
from recruiting.models import Application, Job
from recruiting.services import DecisionError
from recruiting.signals import applications_folding


def refuse_two_scheduled_interviews(
    sender, *, keep: Application, drop: Application, **kwargs
) -> None:
    """An application has at most one scheduled interview."""
    scheduled = Interview.objects.filter(
        application__in=[keep, drop], status=Interview.Status.SCHEDULED
    )
    if scheduled.count() > 1:
        raise DecisionError(
            f"Both applications to {keep.job.title} have an interview scheduled; cancel "
            "one before merging."
        )


def questions_go_stale(sender, *, job: Job, **kwargs) -> None:
    job_questions_mark_stale(job)


def connect() -> None:
    applications_folding.connect(
        refuse_two_scheduled_interviews,
        sender=Application,
        dispatch_uid="interviews.refuse_two_scheduled_interviews",
    )
    job_requirements_changed.connect(
        questions_go_stale, sender=Job, dispatch_uid="interviews.questions_go_stale"
    )

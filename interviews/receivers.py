"""What interviews does when the layers below say something happened
(``recruiting.signals``). Connected in ``InterviewsConfig.ready``.
"""

from interviews.models import Interview
from recruiting.models import Application
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


def connect() -> None:
    applications_folding.connect(
        refuse_two_scheduled_interviews,
        sender=Application,
        dispatch_uid="interviews.refuse_two_scheduled_interviews",
    )

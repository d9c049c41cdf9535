"""What voice does when the layers below it say something happened: a merge about to
fold two applications (``recruiting.signals``), and a finished resume screening
(``ai.signals.screening_finished``).

Connected in ``VoiceConfig.ready``.
"""

from ai.signals import screening_finished
from config.tasks import enqueue
from recruiting.models import Application
from recruiting.services import DecisionError
from recruiting.signals import applications_folding
from voice.models import PhoneScreen


def refuse_two_open_phone_screens(
    sender, *, keep: Application, drop: Application, **kwargs
) -> None:
    """An application has at most one phone screen under way."""
    calling = PhoneScreen.objects.filter(
        application__in=[keep, drop], status__in=PhoneScreen.OPEN_STATUSES
    )
    if calling.count() > 1:
        raise DecisionError(
            f"Both applications to {keep.job.title} have a phone screen under way; cancel "
            "one before merging."
        )


def phone_screen_when_screened(sender, *, application: Application, **kwargs) -> None:
    """A finished screening of a job that starts phone screens above a score: the check
    and the start run after the screening's transaction, in a task, so nothing here can
    undo or slow the screening."""
    if application.job.phone_screen_threshold is not None:
        enqueue("voice.tasks.phone_screen_auto_start", application.pk)


def connect() -> None:
    screening_finished.connect(
        phone_screen_when_screened,
        sender=Application,
        dispatch_uid="voice.phone_screen_when_screened",
    )
    applications_folding.connect(
        refuse_two_open_phone_screens,
        sender=Application,
        dispatch_uid="voice.refuse_two_open_phone_screens",
    )

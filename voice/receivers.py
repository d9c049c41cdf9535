"""What voice does when the domain below it says something happened (``recruiting.signals``).

Connected in ``VoiceConfig.ready``.
"""

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


def connect() -> None:
    applications_folding.connect(
        refuse_two_open_phone_screens,
        sender=Application,
        dispatch_uid="voice.refuse_two_open_phone_screens",
    )

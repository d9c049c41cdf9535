"""What the AI does when the domain below it says something happened (``recruiting.signals``).

Connected in ``AiConfig.ready``.
"""

from ai.models import Screening
from ai.services import job_rerank_request
from recruiting.models import Application
from recruiting.signals import applications_folded, applications_folding


def drop_unfinished_screening(sender, *, keep: Application, drop: Application, **kwargs) -> None:
    """The kept application's own screening is the one that counts; the other's unfinished
    one would only be redone."""
    Screening.objects.filter(
        application=drop, status__in=[Screening.Status.PENDING, Screening.Status.RUNNING]
    ).delete()


def rerank_after_fold(sender, *, keep: Application, **kwargs) -> None:
    job_rerank_request(keep.job_id)


def connect() -> None:
    applications_folding.connect(
        drop_unfinished_screening, sender=Application, dispatch_uid="ai.drop_unfinished_screening"
    )
    applications_folded.connect(
        rerank_after_fold, sender=Application, dispatch_uid="ai.rerank_after_fold"
    )

"""Reschedule and cancel links must now point at their interview. A link made before this
is attached to its application's only scheduled interview; one that cannot be attached
so is revoked rather than left to act on a guess."""

from django.db import migrations
from django.utils import timezone


def attach_or_revoke(apps, schema_editor):
    SchedulingLink = apps.get_model("interviews", "SchedulingLink")
    Interview = apps.get_model("interviews", "Interview")
    loose = SchedulingLink.objects.exclude(purpose="book").filter(
        interview__isnull=True, revoked_at__isnull=True
    )
    for link in loose.iterator():
        scheduled = list(
            Interview.objects.filter(
                application_id=link.application_id, status="scheduled"
            ).values_list("pk", flat=True)[:2]
        )
        if len(scheduled) == 1:
            SchedulingLink.objects.filter(pk=link.pk).update(interview_id=scheduled[0])
        else:
            SchedulingLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0004_timestamps_rounds_and_link_fields"),
    ]

    operations = [migrations.RunPython(attach_or_revoke, migrations.RunPython.noop)]

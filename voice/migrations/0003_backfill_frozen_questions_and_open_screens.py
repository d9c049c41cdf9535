"""Data for the constraints of 0004, and for answers that pointed at editable questions.

- Twilio never sends a bare "machine": such a value becomes "machine_start", the result
  it stood for.
- An application with more than one open phone screen keeps its newest open one; the
  others are cancelled with a reason.
- Each phone screen gets its frozen question rows: from its JSON snapshot where it has
  one, and for any answer still without a frozen question, a copy of the job question it
  answered. (That copy holds the question's wording today: an edit made after the call
  cannot be undone here, which is the reason for the frozen rows.)
"""

from django.db import migrations
from django.db.models import Count, Max


def _text_of(item):
    if isinstance(item, str):
        return item.strip(), {}
    if isinstance(item, dict):
        return str(item.get("text") or item.get("question") or "").strip(), item
    return "", {}


def _as_list(value):
    return [str(v) for v in value] if isinstance(value, list) else []


def backfill(apps, schema_editor):
    Call = apps.get_model("voice", "Call")
    PhoneScreen = apps.get_model("voice", "PhoneScreen")
    PhoneScreenQuestion = apps.get_model("voice", "PhoneScreenQuestion")
    Answer = apps.get_model("voice", "Answer")
    ScreeningQuestion = apps.get_model("interviews", "ScreeningQuestion")

    Call.objects.filter(answered_by="machine").update(answered_by="machine_start")

    open_statuses = ["pending", "calling"]
    crowded = (
        PhoneScreen.objects.filter(status__in=open_statuses)
        .values("application_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("application_id", flat=True)
    )
    for application_id in list(crowded):
        screens = PhoneScreen.objects.filter(
            application_id=application_id, status__in=open_statuses
        ).order_by("-created_at", "-pk")
        older = [screen.pk for screen in screens[1:]]
        PhoneScreen.objects.filter(pk__in=older).update(
            status="cancelled",
            next_attempt_at=None,
            error="Cancelled: another phone screen of this application was open (an "
            "application has one open phone screen at a time).",
        )

    for screen in PhoneScreen.objects.iterator():
        items = screen.questions if isinstance(screen.questions, list) else []
        if not items or PhoneScreenQuestion.objects.filter(phone_screen_id=screen.pk).exists():
            continue
        seen = set()
        position = 0
        for item in items:
            text, data = _text_of(item)
            if not text:
                continue
            position += 1
            source_id = data.get("id") if isinstance(data.get("id"), int) else None
            if source_id in seen or not (
                source_id and ScreeningQuestion.objects.filter(pk=source_id).exists()
            ):
                source_id = None
            seen.add(source_id)
            PhoneScreenQuestion.objects.create(
                phone_screen_id=screen.pk,
                source_id=source_id,
                position=position,
                text=text,
                follow_ups=_as_list(data.get("follow_ups") or data.get("followups")),
                kind=str(data.get("kind") or data.get("type") or "")[:16],
                difficulty=str(data.get("difficulty") or "")[:8],
                expected_keywords=_as_list(data.get("expected_keywords")),
            )

    unfrozen = Answer.objects.filter(asked__isnull=True).select_related("call", "question")
    for answer in unfrozen.iterator():
        screen_id = answer.call.phone_screen_id
        asked = None
        if answer.question_id is not None:
            asked = PhoneScreenQuestion.objects.filter(
                phone_screen_id=screen_id, source_id=answer.question_id
            ).first()
        if asked is None:
            question = answer.question
            last = PhoneScreenQuestion.objects.filter(phone_screen_id=screen_id).aggregate(
                m=Max("position")
            )["m"]
            asked = PhoneScreenQuestion.objects.create(
                phone_screen_id=screen_id,
                source_id=answer.question_id,
                position=(last or 0) + 1,
                text=question.text if question else "(question not recorded)",
                follow_ups=list(question.follow_ups) if question else [],
                kind=question.kind if question else "",
                difficulty=question.difficulty if question else "",
                expected_keywords=list(question.expected_keywords) if question else [],
                expected_length_seconds=question.expected_length_seconds if question else 60,
            )
        Answer.objects.filter(pk=answer.pk).update(asked_id=asked.pk)


class Migration(migrations.Migration):
    dependencies = [
        ("voice", "0002_frozen_questions_webhooks_twilio_values"),
        ("interviews", "0003_screeningquestion_stale_edited_retired"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]

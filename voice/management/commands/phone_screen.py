"""Start a phone screen for one application; with the simulator, wait for it and print
how it went."""

import json
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from recruiting.models import Application
from voice import services
from voice.models import PhoneScreen
from voice.selectors import phone_screen_summary


class Command(BaseCommand):
    help = "Start a phone screen for an application and, with the simulator, wait for it."

    def add_arguments(self, parser):
        parser.add_argument("--application", type=int, required=True, help="Application id.")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")
        parser.add_argument(
            "--timeout", type=float, default=120, help="Seconds to wait for a simulated call."
        )

    def handle(self, *args, **options):
        application = (
            Application.objects.select_related("candidate", "job")
            .filter(pk=options["application"])
            .first()
        )
        if application is None:
            raise CommandError(f"No application {options['application']}.")
        result = services.phone_screen_start(application=application, by=None)
        if result.refused:
            raise CommandError(f"No phone screen: {result.refused}")
        screen = result.phone_screen
        if settings.VOICE_PROVIDER == "simulator":
            screen = _wait(screen, options["timeout"])
        summary = phone_screen_summary(screen)
        if options["json"]:
            self.stdout.write(json.dumps(summary, indent=2))
        else:
            self.stdout.write(_as_text(summary))


def _settled(screen: PhoneScreen) -> bool:
    """Nothing more will happen without waiting for a later attempt (a completed screen
    once its answers are scored)."""
    if screen.status == PhoneScreen.Status.COMPLETED:
        return screen.scoring_status not in (
            PhoneScreen.Scoring.PENDING,
            PhoneScreen.Scoring.RUNNING,
        )
    if not screen.is_open:
        return True
    # Pending and due later (outside the calling hours, or after a voicemail): nothing more
    # today. Pending and due now is a call about to be placed.
    return (
        screen.status == PhoneScreen.Status.PENDING
        and screen.next_attempt_at is not None
        and screen.next_attempt_at > timezone.now()
    )


def _wait(screen: PhoneScreen, timeout: float) -> PhoneScreen:
    deadline = time.monotonic() + timeout
    screen.refresh_from_db()
    while not _settled(screen) and time.monotonic() < deadline:
        time.sleep(0.25)
        screen.refresh_from_db()
    return screen


def _as_text(summary: dict) -> str:
    lines = [
        f"Phone screen {summary['phone_screen']}: {summary['candidate']} for {summary['job']}",
        f"Status: {summary['status']}" + (f" ({summary['error']})" if summary["error"] else ""),
        f"Consent: {summary['consent'] or 'not asked'}",
    ]
    if summary["next_attempt_at"] and summary["status"] == "pending":
        lines.append(f"Next attempt: {summary['next_attempt_at']}")
    for call in summary["calls"]:
        lines.append(
            f"Call {call['attempt']} ({call['direction']}): {call['status']}"
            + (f", answered by {call['answered_by']}" if call["answered_by"] else "")
            + (f", {call['duration_seconds']} s" if call["duration_seconds"] else "")
        )
    for answer in summary["answers"]:
        score = f" [{answer['score']:g}]" if answer["score"] is not None else ""
        lines.append(f"Q{answer['position']}. {answer['question']}{score}")
        lines.append(f"   {answer['transcript']}")
        if answer["follow_up_transcript"]:
            lines.append(f"   ({answer['follow_up']}) {answer['follow_up_transcript']}")
        if answer["reasoning"]:
            lines.append(f"   -> {answer['reasoning']}")
    if summary["scoring_error"]:
        lines.append(f"Scoring failed: {summary['scoring_error']}")
    if summary["score"] is not None:
        lines.append(f"Phone score: {summary['score']:g}. {summary['summary']}")
    if summary["overall_score"] is not None:
        lines.append(f"Overall score: {summary['overall_score']:g}")
    return "\n".join(lines)

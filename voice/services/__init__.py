"""Phone-screen services.

- ``screens``: starting a screen (``phone_screen_start`` and the checks that refuse one;
  ``phone_screen_auto_start`` for a job that starts them above a resume score),
  freezing its questions, the unanswered questions a call resumes at,
  ``phone_screen_completed`` (where scoring is queued from), do-not-call.
- ``calling``: placing attempts inside the calling window, never twice for one attempt,
  reconciling, applying call statuses, scheduling the next attempt.
- ``window``: the candidate's timezone and the next time inside their calling window.
- ``conversation``: the call itself in TwiML, state kept on the ``Call`` row.
- ``records``: status and recording callbacks; copying recordings into our storage.
- ``webhooks``: recording each inbound callback once (``WebhookEvent``).
- ``urls``: the absolute webhook URLs given to the provider.
- ``scoring``: scoring a completed screen's answers through the AI layer (claimed once),
  re-queueing scorings whose worker died, and the phone score applied to the application
  and the ranking.
- ``review``: HR's agree/disagree and override of the phone score.
"""

from voice.services.calling import phone_screen_call_next, phone_screens_due
from voice.services.records import call_recording_store, webhook_event_process
from voice.services.review import phone_screen_feedback_record, phone_screen_score_override
from voice.services.scoring import (
    phone_screen_score,
    phone_screen_score_request,
    phone_screen_scoring_mark_failed,
    phone_screen_scorings_requeue_stuck,
)
from voice.services.screens import (
    StartResult,
    phone_screen_auto_start,
    phone_screen_completed,
    phone_screen_open,
    phone_screen_questions_freeze,
    phone_screen_refusal,
    phone_screen_start,
    phone_screens_start,
)
from voice.services.webhooks import (
    webhook_event_mark_failed,
    webhook_event_mark_processed,
    webhook_event_record,
)

__all__ = [
    "StartResult",
    "call_recording_store",
    "phone_screen_auto_start",
    "phone_screen_call_next",
    "phone_screen_completed",
    "phone_screen_feedback_record",
    "phone_screen_open",
    "phone_screen_questions_freeze",
    "phone_screen_refusal",
    "phone_screen_score",
    "phone_screen_score_override",
    "phone_screen_score_request",
    "phone_screen_scoring_mark_failed",
    "phone_screen_scorings_requeue_stuck",
    "phone_screen_start",
    "phone_screens_due",
    "phone_screens_start",
    "webhook_event_mark_failed",
    "webhook_event_mark_processed",
    "webhook_event_process",
    "webhook_event_record",
]

from django.urls import path, register_converter

from voice import views, webhooks


class CallKeyConverter:
    """A call's id and its unguessable token as one path segment, ``<id>.<token>``: the
    capability a Twilio callback presents (beside its signature). Not a staff route: no
    role reaches a call through it."""

    regex = r"[0-9]{1,18}\.[A-Za-z0-9_-]{16,86}"

    def to_python(self, value: str) -> tuple[int, str]:
        call_id, _, token = value.partition(".")
        return int(call_id), token

    def to_url(self, value: tuple[int, str]) -> str:
        call_id, token = value
        return f"{call_id}.{token}"


register_converter(CallKeyConverter, "callkey")

app_name = "voice"

urlpatterns = [
    path("phone-screens/start/", views.phone_screens_start, name="phone_screens_start"),
    path(
        "phone-screens/<int:phone_screen_id>/feedback/",
        views.phone_screen_feedback,
        name="phone_screen_feedback",
    ),
    path(
        "phone-screens/<int:phone_screen_id>/override/",
        views.phone_screen_override,
        name="phone_screen_override",
    ),
    path(
        "phone-screens/<int:phone_screen_id>/score-again/",
        views.phone_screen_score_again,
        name="phone_screen_score_again",
    ),
    path("calls/<int:call_id>/recording/", views.call_recording, name="call_recording"),
    path("twilio/inbound/", webhooks.inbound, name="twilio_inbound"),
    path("twilio/status/", webhooks.inbound_status, name="twilio_status"),
    path(
        "twilio/calls/<callkey:key>/answer/",
        webhooks.call_answer,
        name="twilio_call_answer",
    ),
    path(
        "twilio/calls/<callkey:key>/gather/",
        webhooks.call_gather,
        name="twilio_call_gather",
    ),
    path(
        "twilio/calls/<callkey:key>/status/",
        webhooks.call_status,
        name="twilio_call_status",
    ),
    path(
        "twilio/calls/<callkey:key>/recording/",
        webhooks.call_recording,
        name="twilio_call_recording",
    ),
]

from django.urls import path

from voice import views, webhooks

app_name = "voice"

urlpatterns = [
    path("phone-screens/start/", views.phone_screens_start, name="phone_screens_start"),
    path("twilio/inbound/", webhooks.inbound, name="twilio_inbound"),
    path("twilio/status/", webhooks.inbound_status, name="twilio_status"),
    path(
        "twilio/calls/<int:call_id>/<str:token>/answer/",
        webhooks.call_answer,
        name="twilio_call_answer",
    ),
    path(
        "twilio/calls/<int:call_id>/<str:token>/gather/",
        webhooks.call_gather,
        name="twilio_call_gather",
    ),
    path(
        "twilio/calls/<int:call_id>/<str:token>/status/",
        webhooks.call_status,
        name="twilio_call_status",
    ),
    path(
        "twilio/calls/<int:call_id>/<str:token>/recording/",
        webhooks.call_recording,
        name="twilio_call_recording",
    ),
]

from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "voice"
    verbose_name = "Phone screens"

    def ready(self):
        from voice import receivers

        receivers.connect()

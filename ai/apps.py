from django.apps import AppConfig


class AiConfig(AppConfig):
    name = "ai"
    verbose_name = "AI screening"

    def ready(self):
        from ai import receivers

        receivers.connect()

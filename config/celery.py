"""The Celery application shared by the web process, the worker and beat.

Settings come from Django's settings under the ``CELERY_`` namespace (see
``config/settings/base.py``), so every environment configures the broker in one place.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("recruiting")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Connect the request-id propagation hooks once the app exists.
import config.request_id  # noqa: E402,F401

from django.conf import settings
from django.contrib import admin
from django.urls import path

from config import health

admin.site.site_header = "Recruiting back office"
admin.site.site_title = "Recruiting"
admin.site.index_title = "Jobs, candidates and the pipeline"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path(getattr(settings, "ADMIN_URL", "admin/"), admin.site.urls),
]

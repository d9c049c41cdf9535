from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from config import health

admin.site.site_header = "Recruiting back office"
admin.site.site_title = "Recruiting"
admin.site.index_title = "Jobs, candidates and the pipeline"
# The back office signs in through the same flow as the HR pages, two-factor included.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path(getattr(settings, "ADMIN_URL", "admin/"), admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("recruiting.urls")),
    path("", include("ai.urls")),
    path("voice/", include("voice.urls")),
]

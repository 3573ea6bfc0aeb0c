from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    # Monitoring under /api/ (docs/operations.md): metrics, liveness, readiness.
    path("api/", include("monitoring.urls")),
    path("api/", include("nrenorch.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),  # the console's language switch
]

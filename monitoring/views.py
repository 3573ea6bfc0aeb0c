"""/api/metrics, /api/health/ and /api/health/ready/: plain Django views, no session or CSRF
needed (monitoring systems call them), and never cached."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

from monitoring import health
from monitoring.metrics import exposition


@never_cache
@require_GET
def metrics(request):
    token = settings.METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not secrets.compare_digest(given, token):
            return JsonResponse(
                {"detail": "Send the metrics token as `Authorization: Bearer <METRICS_TOKEN>`"}, status=401
            )
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)


@never_cache
@require_GET
def live(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def ready(request):
    ok, checks = health.readiness()
    return JsonResponse(
        {"status": "ready" if ok else "not ready", "checks": checks}, status=200 if ok else 503
    )

"""Paths as orchestrator-core has them (no trailing slash on single objects), so its
clients work unchanged: `POST processes/<workflow key>`, `PUT processes/<id>/resume`, …"""

from django.urls import path

from engine.api.views import (
    EngineStatusView,
    ProcessCallbackViewSet,
    ProcessViewSet,
    WorkflowViewSet,
)

processes = ProcessViewSet.as_view({"get": "list"})
process = ProcessViewSet.as_view({"get": "retrieve"})
start = ProcessViewSet.as_view({"post": "start", "get": "no_such_process"})
resume = ProcessViewSet.as_view({"put": "resume"})
abort = ProcessViewSet.as_view({"put": "abort"})
callback = ProcessCallbackViewSet.as_view({"post": "callback"})
progress = ProcessCallbackViewSet.as_view({"post": "progress"})

urlpatterns = [
    path("processes/", processes, name="process-list"),
    # A workflow key is never a UUID, so the two never compete.
    path("processes/<uuid:pk>", process, name="process-detail"),
    path("processes/<str:workflow_key>", start, name="process-start"),
    path("processes/<uuid:pk>/resume", resume, name="process-resume"),
    path("processes/<uuid:pk>/abort", abort, name="process-abort"),
    path("processes/<uuid:pk>/callback/<str:token>", callback, name="process-callback"),
    path("processes/<uuid:pk>/callback/<str:token>/progress", progress, name="process-callback-progress"),
    path("workflows/", WorkflowViewSet.as_view({"get": "list"}), name="workflow-list"),
    path("workflows/<int:pk>", WorkflowViewSet.as_view({"get": "retrieve"}), name="workflow-detail"),
    path("settings/status", EngineStatusView.as_view(), name="engine-status"),
]

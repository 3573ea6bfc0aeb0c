"""Paths as orchestrator-core has them (no trailing slash on single objects)."""

from django.urls import path

from lifecycle.api.views import SubscriptionWorkflowViewSet

urlpatterns = [
    path(
        "subscriptions/workflows/<uuid:pk>",
        SubscriptionWorkflowViewSet.as_view({"get": "workflows"}),
        name="subscription-workflows",
    ),
    path(
        "subscriptions/<uuid:pk>/set_in_sync",
        SubscriptionWorkflowViewSet.as_view({"put": "set_in_sync"}),
        name="subscription-set-in-sync",
    ),
]

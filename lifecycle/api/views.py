"""Subscription workflows and set in sync over REST, at orchestrator-core's paths."""

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from common.api.serializers import ErrorSerializer
from engine.permissions import may_run
from engine.workflow import Target
from lifecycle.api.serializers import SubscriptionWorkflowsSerializer
from lifecycle.gating import workflows_for_subscription
from lifecycle.subscription_operations import set_in_sync
from subscriptions.api.serializers import SubscriptionSerializer
from subscriptions.models import Subscription


class SubscriptionWorkflowViewSet(viewsets.ViewSet):
    """What can be done to one subscription: its workflows with the reasons they may not
    start, and setting it in sync by hand. Here, not in the subscriptions app, because the
    answers come from the lifecycle layer (subscriptions imports neither it nor the engine)."""

    def _subscription(self, pk):
        found = Subscription.objects.select_related("product").filter(pk=pk).first()
        if found is None:
            raise NotFound(f"No subscription with id {pk}")
        return found

    @extend_schema(
        responses={200: SubscriptionWorkflowsSerializer, 404: ErrorSerializer},
        description="Every workflow offered for the subscription's product, grouped by target; each says "
        "whether it may start now (allowed, with every reason when not) and whether the caller may run it.",
    )
    def workflows(self, request, pk):
        availability = workflows_for_subscription(self._subscription(pk))
        groups: dict[str, list[dict[str, Any]]] = {target.value.lower(): [] for target in Target}
        for item in availability:
            groups[item.target.lower()].append(
                {
                    "name": item.key,
                    "description": item.description,
                    "target": item.target,
                    "allowed": item.allowed,
                    "reasons": list(item.reasons),
                    "reason": item.reason or None,
                    "may_run": may_run(request.user, item.key),
                }
            )
        usable = [item for item in availability if item.allowed]
        reason = None if usable or not availability else "no workflow may start on this subscription now"
        return Response({"reason": reason, **groups})

    @extend_schema(
        request=None,
        responses={
            200: SubscriptionSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
            409: OpenApiResponse(ErrorSerializer, description="An unfinished process holds it"),
        },
        description="Mark the subscription in sync by hand (after checking it). Refused while an unfinished "
        "process holds it.",
    )
    def set_in_sync(self, request, pk):
        subscription = self._subscription(pk)
        set_in_sync(subscription.pk, actor=request.user)  # checks subscriptions.change_subscription
        subscription.refresh_from_db()
        return Response(SubscriptionSerializer(subscription).data)

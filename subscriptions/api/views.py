from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.response import Response

from common.api.serializers import ErrorSerializer
from subscriptions.api.serializers import (
    CustomerSerializer,
    DomainModelSerializer,
    SubscriptionDetailSerializer,
    SubscriptionSerializer,
)
from subscriptions.domain_model import domain_model
from subscriptions.filtersets import CustomerFilterSet, SubscriptionFilterSet
from subscriptions.models import Customer, Subscription


class SubscriptionViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Subscription.objects.select_related("product", "customer")
    serializer_class = SubscriptionSerializer
    filterset_class = SubscriptionFilterSet
    search_fields = [
        "description",
        "note",
        "customer__name",
        "customer__short_code",
        "product__name",
        "product__tag",
    ]
    ordering_fields = [
        "start_date",
        "end_date",
        "description",
        "status",
        "insync",
        "product__name",
        "customer__name",
    ]
    ordering = ["-start_date", "description"]

    def get_serializer_class(self):
        return SubscriptionDetailSerializer if self.action == "retrieve" else SubscriptionSerializer

    @extend_schema(
        responses={
            200: DomainModelSerializer,
            404: OpenApiResponse(ErrorSerializer, description="No such subscription"),
        },
        description="The subscription with its whole typed block tree; every block lists the ids of the "
        "subscriptions using it (in_use_by_ids).",
    )
    def domain_model(self, request, pk):
        subscription = self.get_object()  # 404, and the same visibility as the detail
        return Response(domain_model(subscription.pk))


class CustomerViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Customer.objects.all()
    serializer_class = CustomerSerializer
    filterset_class = CustomerFilterSet
    search_fields = ["name", "short_code"]
    ordering_fields = ["name", "short_code"]
    ordering = ["name"]

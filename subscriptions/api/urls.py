from django.urls import path

from subscriptions.api.views import CustomerViewSet, SubscriptionViewSet

urlpatterns = [
    path("subscriptions/", SubscriptionViewSet.as_view({"get": "list"}), name="subscription-list"),
    path(
        "subscriptions/<uuid:pk>",
        SubscriptionViewSet.as_view({"get": "retrieve"}),
        name="subscription-detail",
    ),
    path(
        "subscriptions/domain-model/<uuid:pk>",
        SubscriptionViewSet.as_view({"get": "domain_model"}),
        name="subscription-domain-model",
    ),
    path("customers/", CustomerViewSet.as_view({"get": "list"}), name="customer-list"),
    path("customers/<int:pk>", CustomerViewSet.as_view({"get": "retrieve"}), name="customer-detail"),
]

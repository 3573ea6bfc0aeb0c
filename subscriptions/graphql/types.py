"""The common subscription interface; each product type's own GraphQL type implements it
(generated from the product registry by products.graphql.product_types)."""

import graphene
from django.apps import apps
from graphene_django import DjangoObjectType
from graphene_django.registry import get_global_registry

from subscriptions.bulk_loading import SubscriptionPage
from subscriptions.lifecycle import SubscriptionLifecycle
from subscriptions.models import Customer
from subscriptions.product_types import product_type_name

#: product type class → its GraphQL object type (filled by the generator).
SUBSCRIPTION_TYPES: dict[type, type] = {}


class CustomerType(DjangoObjectType):
    class Meta:
        model = Customer
        fields = ["id", "name", "short_code"]


def _product_type():
    """The products app's GraphQL type for Product, found through graphene-django's registry
    (subscriptions does not import products)."""
    return get_global_registry().get_type_for_model(apps.get_model("products", "Product"))


class SubscriptionInterface(graphene.Interface):
    id = graphene.UUID(required=True)
    description = graphene.String(required=True)
    status = graphene.String(required=True, description=", ".join(SubscriptionLifecycle.values))
    insync = graphene.Boolean(required=True)
    start_date = graphene.DateTime()
    end_date = graphene.DateTime()
    note = graphene.String(required=True)
    version = graphene.Int(required=True)
    product_type = graphene.String(required=True, description="The product type (Node, Port, …)")
    product = graphene.Field(_product_type, required=True)
    customer = graphene.Field(CustomerType, required=True)
    depends_on = graphene.List(
        graphene.NonNull(lambda: SubscriptionInterface),
        required=True,
        description="Subscriptions whose blocks this one's blocks reference",
    )
    in_use_by = graphene.List(
        graphene.NonNull(lambda: SubscriptionInterface),
        required=True,
        description="Subscriptions whose blocks reference this one's blocks",
    )

    @classmethod
    def resolve_type(cls, instance, info):
        return SUBSCRIPTION_TYPES[type(instance)]

    def resolve_product_type(subscription, info):
        return product_type_name(type(subscription))

    def resolve_depends_on(subscription, info):
        return related(subscription, info, 0)

    def resolve_in_use_by(subscription, info):
        return related(subscription, info, 1)


def remember_page(info, page: SubscriptionPage) -> SubscriptionPage:
    """Keep the page on the request, so fields of its items can load for the whole page at once."""
    pages = getattr(info.context, "subscription_pages", None)
    if pages is None:
        pages = info.context.subscription_pages = []
    pages.append(page)
    return page


def page_holding(subscription, info) -> SubscriptionPage | None:
    for page in getattr(info.context, "subscription_pages", []):
        if page.holds(subscription):
            return page
    return None


def related(subscription, info, which: int) -> list:
    """depends_on (0) or in_use_by (1): for the whole page at once when it is on a page."""
    page = page_holding(subscription, info)
    if page is None:  # a subscription reached through a relation: its own page of one
        page = remember_page(info, SubscriptionPage([subscription]))
    return page.relations()[which].get(subscription.pk, [])

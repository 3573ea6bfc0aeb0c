import graphene
from django.db.models import Q

from common.graphql.paging import filtered, page_type, paginate, paging_arguments, sorted_by
from subscriptions.bulk_loading import SubscriptionPage
from subscriptions.filtersets import CustomerFilterSet, SubscriptionFilterSet
from subscriptions.graphql.types import CustomerType, SubscriptionInterface, remember_page
from subscriptions.models import Customer, Subscription

SubscriptionPageType = page_type("SubscriptionPage", SubscriptionInterface)
SUBSCRIPTION_SORT_FIELDS = [
    "start_date",
    "end_date",
    "description",
    "status",
    "insync",
    "product__name",
    "customer__name",
]


class SubscriptionsQuery(graphene.ObjectType):
    subscriptions = graphene.Field(
        SubscriptionPageType,
        required=True,
        description="A page of subscriptions, each as its product type's own type (… on NodeSubscription)",
        query=graphene.String(description="Search description, customer and product"),
        status=graphene.List(graphene.String),
        product=graphene.Int(),
        product_type=graphene.String(),
        tag=graphene.String(),
        customer=graphene.Int(),
        customer_short_code=graphene.String(),
        insync=graphene.Boolean(),
        **paging_arguments(),
    )
    subscription = graphene.Field(SubscriptionInterface, id=graphene.UUID(required=True))
    customers = graphene.List(graphene.NonNull(CustomerType), required=True, short_code=graphene.String())

    def resolve_subscriptions(root, info, first, after, sort_by=None, query=None, **filters):
        queryset = filtered(
            SubscriptionFilterSet,
            Subscription.objects.select_related("product", "customer"),
            filters,
            info.context,
        )
        if query:
            queryset = queryset.filter(
                Q(description__icontains=query)
                | Q(customer__name__icontains=query)
                | Q(customer__short_code__iexact=query)
                | Q(product__name__icontains=query)
            )
        items, page_info = paginate(sorted_by(queryset, sort_by, SUBSCRIPTION_SORT_FIELDS), first, after)
        page = remember_page(info, SubscriptionPage(items))
        return {"page": page.subscriptions, "page_info": page_info}

    def resolve_subscription(root, info, id):
        found = Subscription.objects.select_related("product", "customer").filter(pk=id).first()
        return remember_page(info, SubscriptionPage([found])).subscriptions[0] if found else None

    def resolve_customers(root, info, **filters):
        return filtered(CustomerFilterSet, Customer.objects.all(), filters, info.context)
